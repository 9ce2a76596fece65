#include "clientsupport.h"

#include "license/licensestate.h"
#include "store/licenserepository.h"
#include "store/pairrepository.h"
#include "store/statestore.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
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
    return {metadata->object(),
            sb.flavor() == sandbox::Flavor::Cloud ? QStringLiteral("cloud") : QStringLiteral("dc"),
            users->json().array(),
            {}};
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
    if (!registry.save(error))
        return false;
    StateStore store(stateDirectory);
    Result<void> made = store.open();
    if (made)
        made = PairRepository(store).create(config);
    if (!made) {
        *error = made.error().message();
        return false;
    }
    return licenseSandboxSites(stateDirectory, dcUrl,
                               {{cloudUrl, QStringLiteral("cloud")}, {dcUrl, QStringLiteral("dc")}}, error);
}

bool licenseSandboxSites(const QString &stateDirectory, const QString &serviceUrl,
                         const QList<QPair<QString, QString>> &sites, QString *error)
{
    StateStore store(stateDirectory);
    error->clear();
    if (auto opened = store.open(); !opened) {
        *error = opened.error().message();
        return false;
    }
    LicenseRepository licenses(store);
    QNetworkAccessManager network;
    for (const auto &[url, deployment] : sites) {
        QNetworkRequest request(QUrl(serviceUrl + QStringLiteral("/sandbox/v1/licenses")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        request.setTransferTimeout(15'000);
        QNetworkReply *reply = network.post(
            request,
            QJsonDocument(QJsonObject{{QStringLiteral("site"), url}, {QStringLiteral("deployment"), deployment}})
                .toJson());
        QEventLoop loop; // a test's blocking wait; the sandbox may live on this thread
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        const QByteArray document = reply->readAll();
        if (reply->error() != QNetworkReply::NoError) {
            *error = QStringLiteral("no license for %1: %2").arg(url, reply->errorString());
            return false;
        }
        installLicense(store, LicenseTrust(), document, error);
        if (!error->isEmpty())
            return false;
    }
    if (auto set = licenses.setSetting(licenseServiceSetting, serviceUrl); !set) {
        *error = set.error().message();
        return false;
    }
    return true;
}

} // namespace ferry::test
