#include "engine/sideconnector.h"

#include "jira/jiraclient.h"
#include "jira/secrets.h"

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
    auto *secrets = new SecretStore(QStringLiteral("ferry"), this);
    secrets->setRedactor(m_redactor);
    secrets->read(
        m_site.secret, m_site.name, m_site.user, [this, secrets](const QString &secret, const QString &error) {
            secrets->deleteLater();
            if (!error.isEmpty())
                return Q_EMIT finished(QStringLiteral("site %1: %2").arg(m_site.name, error));
            m_client = std::make_unique<JiraClient>(m_site, secret, m_network);
            JiraReply *detect = m_client->detectDeployment();
            connect(detect, &JiraReply::finished, this, [this, detect] {
                detect->deleteLater();
                if (!detect->ok())
                    return fail(detect->error().sentence());
                JiraReply *project = m_client->get(m_client->api(QStringLiteral("/project/") + m_project));
                connect(project, &JiraReply::finished, this, [this, project] {
                    project->deleteLater();
                    if (!project->ok())
                        return fail(project->error().sentence());
                    JiraReply *meta = m_client->metadata();
                    connect(meta, &JiraReply::finished, this, [this, meta] {
                        meta->deleteLater();
                        if (!meta->ok())
                            return fail(meta->error().sentence());
                        m_metadata = {meta->object(),
                                      m_client->deployment() == JiraClient::Deployment::Cloud ? QStringLiteral("cloud")
                                                                                              : QStringLiteral("dc"),
                                      {}};
                        Q_EMIT finished({});
                    });
                });
            });
        });
}

void SideConnector::fail(const QString &what)
{
    m_client.reset();
    Q_EMIT finished(QStringLiteral("site %1, project %2: %3\n  Check it with: ferry-cli site check %1 --project %2")
                        .arg(m_site.name, m_project, what));
}

} // namespace ferry
