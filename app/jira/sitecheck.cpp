#include "jira/sitecheck.h"

#include "core/thismachine.h"

#include "jira/jiraclient.h"

#include <QJsonObject>
#include <QUrlQuery>

namespace ferry {

namespace {

struct Permission {
    const char *key;
    const char *name;
    const char *why;
};

// What sync does on a project, and the Jira permission each needs.
constexpr Permission permissions[] = {
    {"BROWSE_PROJECTS", "Browse Projects", "read issues"},
    {"CREATE_ISSUES", "Create Issues", "create the partners of new issues"},
    {"EDIT_ISSUES", "Edit Issues", "write fields and the origin marker property"},
    {"TRANSITION_ISSUES", "Transition Issues", "follow status changes"},
    {"ADD_COMMENTS", "Add Comments", "copy comments"},
    {"CREATE_ATTACHMENTS", "Create Attachments", "copy attachments"},
    {"WORK_ON_ISSUES", "Work On Issues", "copy worklogs"},
    {"LINK_ISSUES", "Link Issues", "copy issue links"},
};

} // namespace

SiteCheck::SiteCheck(JiraClient *client, const QString &projectKey, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_project(projectKey)
{
}

bool SiteCheck::passed() const
{
    return std::all_of(m_lines.begin(), m_lines.end(), [](const Line &l) { return l.passed; });
}

QJsonArray SiteCheck::toJson() const
{
    QJsonArray lines;
    for (const Line &l : m_lines) {
        QJsonObject o{{QStringLiteral("check"), l.check},
                      {QStringLiteral("passed"), l.passed},
                      {QStringLiteral("detail"), l.detail}};
        if (!l.fix.isEmpty())
            o.insert(QStringLiteral("fix"), l.fix);
        lines.append(o);
    }
    return lines;
}

void SiteCheck::add(const QString &check, bool passed, const QString &detail, const QString &fix)
{
    m_lines.append({check, passed, detail, fix});
}

void SiteCheck::fail(const QString &check, const JiraReply &reply)
{
    const JiraError &e = reply.error();
    QString fix;
    switch (e.kind) {
    case JiraError::Kind::Network:
        fix = QStringLiteral(
            "Check the URL, that the site is up, and that this machine may reach it (proxy, firewall).");
        break;
    case JiraError::Kind::Timeout:
        fix = QStringLiteral("The site answered nothing in time: check it is up and not behind a blocking proxy.");
        break;
    case JiraError::Kind::Tls:
        fix = QStringLiteral("Give the certificate's CA with --ca-file, or, after checking the key out of band, pin it "
                             "with --pin.");
        break;
    case JiraError::Kind::Redirect:
        fix = QStringLiteral("Use the site's final https address as its URL.");
        break;
    default:
        fix = e.httpStatus == 404 ? QStringLiteral("The URL does not lead to a Jira site: use the base address, such "
                                                   "as https://acme.atlassian.net or https://jira.example.com.")
                                  : QStringLiteral("See the message; try again later if the site is busy.");
    }
    add(check, false, e.sentence(), fix);
    Q_EMIT finished();
}

void SiteCheck::start()
{
    m_lines.clear();
    // Checked before the first request: Ferry never sends credentials in clear to try a site.
    if (const QString plain = plainHttpProblem(m_client->site().url); !plain.isEmpty()) {
        add(QStringLiteral("tls"), false, plain, QStringLiteral("Use the site's https address."));
        return Q_EMIT finished();
    }
    then(m_client->detectDeployment(), this, [this](JiraReply *info) {
        if (!info->ok())
            return fail(QStringLiteral("reachable"), *info);
        const QUrl url = m_client->site().url;
        add(QStringLiteral("reachable"), true, url.toString());
        if (url.scheme() == QStringLiteral("https"))
            add(QStringLiteral("tls"), true,
                m_client->site().pinnedKeys.isEmpty() ? QStringLiteral("certificate trusted")
                                                      : QStringLiteral("certificate matches a pinned key"));
        else
            add(QStringLiteral("tls"), true, QStringLiteral("plain http, on this machine only"));
        const bool cloud = m_client->deployment() == JiraClient::Deployment::Cloud;
        add(QStringLiteral("deployment"), true,
            (cloud ? QStringLiteral("Jira Cloud") : QStringLiteral("Jira Data Center")) + QStringLiteral(", version ")
                + m_client->serverVersion());
        checkAuthentication();
    });
}

void SiteCheck::checkAuthentication()
{
    then(m_client->get(m_client->api(QStringLiteral("/myself"))), this, [this](JiraReply *me) {
        if (!me->ok()) {
            const bool refused = me->httpStatus() == 401 || me->httpStatus() == 403;
            add(QStringLiteral("authentication"), false, me->error().sentence(),
                refused ? (m_client->site().auth == Site::Auth::Basic
                               ? QStringLiteral("On Jira Cloud use the account's e-mail and an API token; on Data "
                                                "Center the user name and password, or sign in with a personal "
                                                "access token instead (the console's \"Sign in with\" choice; "
                                                "--auth pat with ferry-cli site add).")
                               : QStringLiteral("Create a new personal access token in the user's profile and store "
                                                "it again."))
                        : QStringLiteral("See the message."));
            return Q_EMIT finished();
        }
        const QJsonObject user = me->object();
        // A sign-in Jira accepted names an account: Cloud's accountId, Data Center's name or key. An
        // answer without one is not Jira's (or is an anonymous session), and no sync could run as it.
        const QString account
            = user.value(QStringLiteral("accountId"))
                  .toString(user.value(QStringLiteral("name")).toString(user.value(QStringLiteral("key")).toString()));
        if (account.trimmed().isEmpty()) {
            add(QStringLiteral("authentication"), false,
                QStringLiteral("the site's /myself answer names no account (no accountId, name or key)"),
                QStringLiteral("Check that the URL is the Jira site itself, not a proxy or login page, and that "
                               "the secret signs in a real user."));
            return Q_EMIT finished();
        }
        add(QStringLiteral("authentication"), true,
            QStringLiteral("as %1 <%2>")
                .arg(user.value(QStringLiteral("displayName")).toString(),
                     user.value(QStringLiteral("emailAddress")).toString()));
        if (m_project.isEmpty())
            return Q_EMIT finished();
        checkProject();
    });
}

void SiteCheck::checkProject()
{
    then(m_client->get(m_client->api(QStringLiteral("/project/") + m_project)), this, [this](JiraReply *project) {
        if (!project->ok()) {
            add(QStringLiteral("project"), false, project->error().sentence(),
                QStringLiteral("Check the project key, and that %1 may browse the project.")
                    .arg(m_client->site().user));
            return Q_EMIT finished();
        }
        add(QStringLiteral("project"), true,
            QStringLiteral("%1 (%2)").arg(project->object().value(QStringLiteral("name")).toString(), m_project));
        checkPermissions();
    });
}

void SiteCheck::checkPermissions()
{
    QStringList keys;
    for (const Permission &p : permissions)
        keys << QString::fromLatin1(p.key);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("projectKey"), m_project);
    query.addQueryItem(QStringLiteral("permissions"), keys.join(u','));
    then(m_client->get(m_client->api(QStringLiteral("/mypermissions")), query), this, [this](JiraReply *reply) {
        if (!reply->ok())
            return fail(QStringLiteral("permissions"), *reply);
        const QJsonObject granted = reply->object().value(QStringLiteral("permissions")).toObject();
        for (const Permission &p : permissions) {
            const bool have
                = granted.value(QString::fromLatin1(p.key)).toObject().value(QStringLiteral("havePermission")).toBool();
            add(QStringLiteral("permission: ") + QString::fromLatin1(p.name), have,
                QStringLiteral("needed to %1").arg(QString::fromLatin1(p.why)),
                have ? QString()
                     : QStringLiteral("Ask a Jira admin to grant '%1' on project %2 to the sync user.")
                           .arg(QString::fromLatin1(p.name), m_project));
        }
        Q_EMIT finished();
    });
}

} // namespace ferry
