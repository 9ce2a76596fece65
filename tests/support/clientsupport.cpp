#include "clientsupport.h"

#include "store/pairrepository.h"
#include "store/statestore.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <QSignalSpy>

namespace ferry::test {

Site siteFor(const SandboxFixture &sb)
{
    Site site;
    site.name = QStringLiteral("test");
    site.url = QUrl(sb.baseUrl());
    site.user = sb.flavor() == sandbox::Flavor::Cloud ? QStringLiteral("admin@example.com") : QStringLiteral("admin");
    return site;
}

QString secretFor(sandbox::Flavor flavor)
{
    return flavor == sandbox::Flavor::Cloud ? QStringLiteral("sandbox-token") : QStringLiteral("admin");
}

bool waitFor(JiraReply *reply, int timeoutMs)
{
    if (reply->isFinished())
        return true;
    QSignalSpy spy(reply, &JiraReply::finished);
    return spy.wait(timeoutMs);
}

SiteMetadata metadataOf(SandboxFixture &sb, QNetworkAccessManager *network)
{
    JiraClient client(siteFor(sb), secretFor(sb.flavor()), network);
    waitFor(client.detectDeployment());
    JiraReply *metadata = client.metadata();
    waitFor(metadata);
    JiraReply *users = client.users(0, 1000);
    waitFor(users);
    return {metadata->object(), sb.flavor() == sandbox::Flavor::Cloud ? QStringLiteral("cloud") : QStringLiteral("dc"),
            users->json().array()};
}

bool writeSandboxState(const QString &stateDirectory, const QString &cloudUrl, const QString &dcUrl,
                       const PairConfig &config, QString *error)
{
    qputenv("FERRY_BENCH_CLOUD_TOKEN", secretFor(sandbox::Flavor::Cloud).toUtf8());
    qputenv("FERRY_BENCH_DC_PASSWORD", secretFor(sandbox::Flavor::DataCenter).toUtf8());
    SiteRegistry registry(stateDirectory);
    SecretRef cloudSecret, dcSecret;
    if (!SecretRef::parse(QStringLiteral("env:FERRY_BENCH_CLOUD_TOKEN"), &cloudSecret, error)
        || !SecretRef::parse(QStringLiteral("env:FERRY_BENCH_DC_PASSWORD"), &dcSecret, error))
        return false;
    registry.put({QStringLiteral("acme"),
                  QUrl(cloudUrl),
                  Site::Auth::Basic,
                  QStringLiteral("admin@example.com"),
                  cloudSecret,
                  {},
                  {}});
    registry.put({QStringLiteral("glx"), QUrl(dcUrl), Site::Auth::Basic, QStringLiteral("admin"), dcSecret, {}, {}});
    StateStore store(stateDirectory);
    return registry.save(error) && store.open(error) && PairRepository(store).create(config, error);
}

} // namespace ferry::test
