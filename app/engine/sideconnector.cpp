#include "engine/sideconnector.h"

#include "core/logcategories.h"
#include "jira/jiraclient.h"
#include "jira/secrets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

#include <climits>

namespace ferry {

SideConnector::SideConnector(const Site &site, const QString &project, QNetworkAccessManager *network,
                             SecretRedactor *redactor, QObject *parent)
    : QObject(parent)
    , m_site(site)
    , m_project(project)
    , m_network(network)
    , m_redactor(redactor)
{
}

SideConnector::~SideConnector() = default;

std::unique_ptr<JiraClient> SideConnector::takeClient()
{
    return std::move(m_client);
}

void SideConnector::connectToSite()
{
    if (!m_givenSecret.isEmpty()) {
        // Queued, so that finished() never fires before the caller returns.
        QMetaObject::invokeMethod(
            this, [this] { connectWith(m_givenSecret); }, Qt::QueuedConnection);
        return;
    }
    auto *secrets = new SecretStore(QStringLiteral("ferry"), this);
    secrets->setRedactor(m_redactor);
    secrets->read(m_site.secret, m_site.name, m_site.user,
                  [this, secrets](const QString &secret, const QString &error) {
                      secrets->deleteLater();
                      if (!error.isEmpty())
                          return Q_EMIT finished(QStringLiteral("site %1: %2").arg(m_site.name, error));
                      connectWith(secret);
                  });
}

void SideConnector::connectWith(const QString &secret)
{
    m_client = std::make_unique<JiraClient>(m_site, secret, m_network);
    Q_EMIT progress(QStringLiteral("asking the site what it is"));
    then(m_client->detectDeployment(), this, [this](JiraReply *detect) {
        if (!detect->ok())
            return fail(detect->error().sentence());
        Q_EMIT progress(QStringLiteral("reading project %1").arg(m_project));
        then(m_client->get(m_client->api(QStringLiteral("/project/") + m_project)), this, [this](JiraReply *project) {
            if (!project->ok())
                return fail(project->error().sentence());
            m_issueTypes.clear();
            for (const QJsonValue &type : project->object().value(QStringLiteral("issueTypes")).toArray())
                m_issueTypes << type.toObject().value(QStringLiteral("id")).toString();
            Q_EMIT progress(QStringLiteral("reading the fields, issue types and statuses"));
            then(m_client->metadata(), this, [this](JiraReply *meta) {
                if (!meta->ok())
                    return fail(meta->error().sentence());
                m_metadata = {meta->object(),
                              m_client->deployment() == JiraClient::Deployment::Cloud ? QStringLiteral("cloud")
                                                                                      : QStringLiteral("dc"),
                              {},
                              {}};
                // Licenses are keyed by it; a site that does not tell it is checked by its address.
                then(m_client->siteIdentity(), this, [this](JiraReply *identity) {
                    m_metadata.siteId = identity->object().value(QStringLiteral("id")).toString();
                    readUsers(0);
                });
            });
        });
    });
}

void SideConnector::readUsers(int startAt)
{
    constexpr int pageSize = 1000;
    Q_EMIT progress(startAt == 0 ? QStringLiteral("reading the users")
                                 : QStringLiteral("reading the users: %1 so far").arg(startAt));
    then(m_client->users(startAt, pageSize), this, [this, startAt](JiraReply *page) {
        if (!page->ok())
            return fail(QStringLiteral("the users cannot be read (%1); Ferry needs them to map users")
                            .arg(page->error().sentence()));
        const QJsonArray users = page->json().array();
        for (const QJsonValue &user : users)
            m_metadata.users.append(user);
        if (users.size() < pageSize)
            return readScreens(0, 0, {});
        readUsers(startAt + int(users.size()));
    });
}

void SideConnector::readScreens(int index, int startAt, QJsonArray onScreen)
{
    if (index >= m_issueTypes.size()) {
        m_metadata.metadata.insert(QStringLiteral("screens"), m_screens);
        return Q_EMIT finished({});
    }
    constexpr int pageSize = 200;
    const QString type = m_issueTypes.at(index);
    if (startAt == 0)
        Q_EMIT progress(
            QStringLiteral("reading the screens of the issue types: %1 of %2").arg(index + 1).arg(m_issueTypes.size()));
    QUrlQuery page;
    page.addQueryItem(QStringLiteral("startAt"), QString::number(startAt));
    page.addQueryItem(QStringLiteral("maxResults"), QString::number(pageSize));
    const QString path = QStringLiteral("/issue/createmeta/%1/issuetypes/%2").arg(m_project, type);
    then(m_client->get(m_client->api(path), page), this,
         [this, index, startAt, onScreen, type](JiraReply *read) mutable {
             if (!read->ok()) {
                 qCInfo(lcEngine).noquote()
                     << m_site.name << ": the screen of issue type" << type
                     << "cannot be read; its fields are not checked:" << read->error().sentence();
                 return readScreens(index + 1, 0, {});
             }
             // Cloud answers "fields", Data Center "values".
             const QJsonObject answer = read->object();
             const QJsonArray fields = answer
                                           .value(answer.contains(QStringLiteral("fields")) ? QStringLiteral("fields")
                                                                                            : QStringLiteral("values"))
                                           .toArray();
             for (const QJsonValue &field : fields)
                 onScreen << field.toObject().value(QStringLiteral("fieldId")).toString();
             const bool last = answer.value(QStringLiteral("isLast")).toBool(fields.isEmpty())
                 || startAt + fields.size() >= answer.value(QStringLiteral("total")).toInt(INT_MAX);
             if (!last && !fields.isEmpty())
                 return readScreens(index, startAt + int(fields.size()), onScreen);
             m_screens.insert(type, onScreen);
             readScreens(index + 1, 0, {});
         });
}

void SideConnector::fail(const QString &what)
{
    m_client.reset();
    Q_EMIT finished(QStringLiteral("site %1, project %2: %3\n  Check it with: ferry-cli site check %1 --project %2")
                        .arg(m_site.name, m_project, what));
}

} // namespace ferry
