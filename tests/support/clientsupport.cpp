#include "clientsupport.h"

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

} // namespace ferry::test
