#include "clientsupport.h"

#include "engine/sideconnector.h"
#include "license/licensestate.h"
#include "store/licenserepository.h"
#include "store/pairrepository.h"
#include "store/statestore.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>

#include <cstdio>

namespace ferry::test {

Site siteFor(const SandboxFixture &sb)
{
    return siteFor(sb.baseUrl(), sb.flavor());
}

Site siteFor(const QString &baseUrl, sandbox::Flavor flavor)
{
    Site site;
    site.name = QStringLiteral("test");
    site.url = QUrl(baseUrl);
    site.user = flavor == sandbox::Flavor::Cloud ? QStringLiteral("admin@example.com") : QStringLiteral("admin");
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

SiteMetadata metadataOf(SandboxFixture &sb, QNetworkAccessManager *network, const QString &project)
{
    return metadataOf(sb.baseUrl(), sb.flavor(), network, project);
}

SiteMetadata metadataOf(const QString &baseUrl, sandbox::Flavor flavor, QNetworkAccessManager *network,
                        const QString &project)
{
    if (!project.isEmpty()) { // what the engine reads when it connects, the project's screens with it
        SideConnector connector(siteFor(baseUrl, flavor), project, network);
        connector.useSecret(secretFor(flavor));
        QSignalSpy finished(&connector, &SideConnector::finished);
        connector.connectToSite();
        if (!finished.wait(60'000) || !finished.first().first().toString().isEmpty())
            qWarning("could not read the metadata of %s", qPrintable(baseUrl));
        return connector.metadata();
    }
    JiraClient client(siteFor(baseUrl, flavor), secretFor(flavor), network);
    waitFor(client.detectDeployment());
    JiraReply *metadata = client.metadata();
    waitFor(metadata);
    JiraReply *users = client.users(0, 1000);
    waitFor(users);
    return {metadata->object(),
            flavor == sandbox::Flavor::Cloud ? QStringLiteral("cloud") : QStringLiteral("dc"),
            users->json().array(),
            {}};
}

QString startSandboxProcess(QProcess &process, const QString &program, const QStringList &arguments)
{
    process.start(program, arguments);
    if (!process.waitForReadyRead(120'000))
        return QString();
    return QString::fromUtf8(process.readLine()).trimmed().section(u' ', 1);
}

QByteArray callSandbox(QNetworkAccessManager &network, const QByteArray &method, const QString &url,
                       sandbox::Flavor flavor, const QJsonObject &body)
{
    QNetworkRequest request{QUrl(url)};
    const Site site = siteFor(url, flavor);
    request.setRawHeader("Authorization", "Basic " + (site.user + u':' + secretFor(flavor)).toUtf8().toBase64());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply
        = network.sendCustomRequest(request, method, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
    QEventLoop loop; // a benchmark's blocking wait; the sandbox runs in its own process
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    if (reply->error() != QNetworkReply::NoError) {
        std::printf("%s %s failed: %s\n", method.constData(), qPrintable(url), qPrintable(reply->errorString()));
        return {};
    }
    return reply->readAll();
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
