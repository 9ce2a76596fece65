#include "sandboxfixture.h"

#include "clientsupport.h"

#include "sandbox/render.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTest>
#include <QTimer>

namespace ferry::test {

using sandbox::Flavor;

QString specsDir()
{
    return QStringLiteral(FERRY_TEST_DATA_DIR) + QStringLiteral("/specs");
}

void addFlavors()
{
    QTest::addColumn<Flavor>("flavor");
    QTest::newRow("cloud") << Flavor::Cloud;
    QTest::newRow("dc") << Flavor::DataCenter;
}

namespace {
bool runOpenssl(const QStringList &arguments)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"), arguments);
    return openssl.waitForFinished(30'000) && openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0;
}
} // namespace

bool makeCertificate(const QString &dir, const QString &host, int days, QString *certificatePath, QString *keyPath)
{
    *certificatePath = dir + u'/' + host + QStringLiteral(".pem");
    *keyPath = dir + u'/' + host + QStringLiteral(".key");
    const QString subjectAltName
        = (QHostAddress(host).isNull() ? QStringLiteral("DNS:") : QStringLiteral("IP:")) + host;
    const QStringList newKey{QStringLiteral("-newkey"),
                             QStringLiteral("ec"),
                             QStringLiteral("-pkeyopt"),
                             QStringLiteral("ec_paramgen_curve:prime256v1"),
                             QStringLiteral("-nodes"),
                             QStringLiteral("-subj"),
                             QStringLiteral("/CN=") + host,
                             QStringLiteral("-keyout"),
                             *keyPath};
    if (days > 0)
        return runOpenssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + newKey
                          + QStringList{QStringLiteral("-addext"), QStringLiteral("subjectAltName=") + subjectAltName,
                                        QStringLiteral("-days"), QString::number(days), QStringLiteral("-out"),
                                        *certificatePath});
    // openssl 3.0's req cannot back-date: sign a request with a validity that ended yesterday.
    const QString request = dir + u'/' + host + QStringLiteral(".csr");
    const QString extensions = dir + u'/' + host + QStringLiteral(".ext");
    QFile ext(extensions);
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("subjectAltName=" + subjectAltName.toLatin1() + "\n");
    ext.close();
    return runOpenssl(QStringList{QStringLiteral("req"), QStringLiteral("-new")} + newKey
                      + QStringList{QStringLiteral("-out"), request})
        && runOpenssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), request,
                       QStringLiteral("-key"), *keyPath, QStringLiteral("-out"), *certificatePath,
                       QStringLiteral("-days"), QStringLiteral("-1"), QStringLiteral("-extfile"), extensions});
}

QString publicKeyPin(const QString &certificatePath)
{
    QFile file(certificatePath);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    const QSslCertificate certificate(&file, QSsl::Pem);
    return QStringLiteral("sha256/")
        + QString::fromLatin1(
               QCryptographicHash::hash(certificate.publicKey().toDer(), QCryptographicHash::Sha256).toBase64());
}

sandbox::SandboxServer::Options tlsOptions(Flavor flavor, const QString &certificatePath, const QString &keyPath)
{
    sandbox::SandboxServer::Options options;
    options.flavor = flavor;
    options.tlsCertificatePath = certificatePath;
    options.tlsKeyPath = keyPath;
    return options;
}

QJsonObject SandboxFixture::Reply::object() const
{
    return QJsonDocument::fromJson(body).object();
}

QJsonArray SandboxFixture::Reply::array() const
{
    return QJsonDocument::fromJson(body).array();
}

QString SandboxFixture::Reply::describe() const
{
    return QStringLiteral("HTTP %1 %2 %3").arg(status).arg(networkError, QString::fromUtf8(body.left(600)));
}

namespace {
sandbox::SandboxServer::Options optionsFor(Flavor flavor, const QString &dataPath)
{
    sandbox::SandboxServer::Options options;
    options.flavor = flavor;
    options.dataPath = dataPath;
    return options;
}
} // namespace

SandboxFixture::SandboxFixture(Flavor flavor, const QString &dataPath)
    : SandboxFixture(optionsFor(flavor, dataPath))
{
}

SandboxFixture::SandboxFixture(const sandbox::SandboxServer::Options &options)
    : m_flavor(options.flavor)
    , m_server(std::make_unique<sandbox::SandboxServer>(options))
{
}

SandboxFixture::~SandboxFixture() = default;

bool SandboxFixture::start()
{
    QString error;
    if (!m_server->start(&error)) {
        qWarning("sandbox did not start: %s", qPrintable(error));
        return false;
    }
    return true;
}

QString SandboxFixture::baseUrl() const
{
    return m_server->baseUrl().toString(QUrl::StripTrailingSlash);
}

QString SandboxFixture::api() const
{
    return m_flavor == Flavor::Cloud ? QStringLiteral("/rest/api/3") : QStringLiteral("/rest/api/2");
}

void SandboxFixture::trustCertificate(const QSslCertificate &certificate)
{
    m_trusted << certificate;
    // QNetworkAccessManager keeps connections per host and port with the TLS settings they
    // were opened with; new settings need new connections.
    m_network.clearConnectionCache();
}

QByteArray SandboxFixture::basic(const QString &login, const QString &secret)
{
    return "Basic " + (login + u':' + secret).toUtf8().toBase64();
}

QByteArray SandboxFixture::adminAuthorization() const
{
    return m_flavor == Flavor::Cloud ? basic(QStringLiteral("admin@example.com"), QStringLiteral("sandbox-token"))
                                     : basic(QStringLiteral("admin"), QStringLiteral("admin"));
}

QByteArray SandboxFixture::viewerAuthorization() const
{
    return m_flavor == Flavor::Cloud ? basic(QStringLiteral("viewer@example.com"), QStringLiteral("viewer-token"))
                                     : basic(QStringLiteral("viewer"), QStringLiteral("viewer"));
}

SandboxFixture::Reply SandboxFixture::send(const QByteArray &method, const QString &pathAndQuery,
                                           const QByteArray &body, const QByteArray &contentType,
                                           const QList<QPair<QByteArray, QByteArray>> &headers,
                                           std::optional<QByteArray> authorization)
{
    QNetworkRequest request(QUrl(baseUrl() + pathAndQuery));
    request.setTransferTimeout(m_timeoutMs);
    if (!m_trusted.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_trusted);
        request.setSslConfiguration(tls);
    }
    if (!body.isEmpty() && !contentType.isEmpty())
        request.setRawHeader("Content-Type", contentType);
    const QByteArray auth = authorization.value_or(adminAuthorization());
    if (!auth.isEmpty())
        request.setRawHeader("Authorization", auth);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        result.body = reply->readAll();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        result.headers.insert(name.toLower(), value);
    if (reply->error() != QNetworkReply::NoError && result.status == 0)
        result.networkError = reply->errorString();
    reply->deleteLater();
    return result;
}

SandboxFixture::Reply SandboxFixture::post(const QString &pathAndQuery, const QJsonValue &json)
{
    return send("POST", pathAndQuery,
                json.isArray() ? QJsonDocument(json.toArray()).toJson() : QJsonDocument(json.toObject()).toJson());
}

SandboxFixture::Reply SandboxFixture::put(const QString &pathAndQuery, const QJsonValue &json)
{
    return send("PUT", pathAndQuery,
                json.isArray() ? QJsonDocument(json.toArray()).toJson() : QJsonDocument(json.toObject()).toJson());
}

QString SandboxFixture::createIssue(const QString &project, const QJsonObject &fields)
{
    QJsonObject all = fields;
    all.insert(QStringLiteral("project"), QJsonObject{{QStringLiteral("key"), project}});
    if (!all.contains(QStringLiteral("issuetype")))
        all.insert(QStringLiteral("issuetype"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Task")}});
    const Reply reply = post(api() + QStringLiteral("/issue"), QJsonObject{{QStringLiteral("fields"), all}});
    if (reply.status != 201) {
        qWarning("create failed: %s", qPrintable(reply.describe()));
        return QString();
    }
    return reply.object().value(QStringLiteral("key")).toString();
}

QJsonObject SandboxFixture::attach(const QString &key, const QString &fileName, const QByteArray &content)
{
    const QByteArray boundary = "----ferryFixtureBoundary";
    const QByteArray body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
        + fileName.toUtf8() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary
        + "--\r\n";
    const Reply reply = send("POST", api() + QStringLiteral("/issue/%1/attachments").arg(key), body,
                             "multipart/form-data; boundary=" + boundary, {{"X-Atlassian-Token", "no-check"}});
    if (reply.status != 200) {
        qWarning("attach failed: %s", qPrintable(reply.describe()));
        return {};
    }
    return reply.array().first().toObject();
}

QByteArray SandboxFixture::download(const QString &contentUrl)
{
    return get(contentUrl.mid(baseUrl().size())).body;
}

QStringList SandboxFixture::writesSinceReset()
{
    QStringList writes;
    const QJsonObject routes
        = get(QStringLiteral("/sandbox/v1/stats")).object().value(QStringLiteral("byRoute")).toObject();
    for (const QString &route : routes.keys()) {
        if (!route.startsWith(QStringLiteral("GET ")) && !route.contains(QStringLiteral("/search"))
            && !route.contains(QStringLiteral("/sandbox/")) && !route.contains(QStringLiteral("/license/")))
            writes << route;
    }
    return writes;
}

int SandboxFixture::requestsSinceReset(const QString &route)
{
    return get(QStringLiteral("/sandbox/v1/stats"))
        .object()
        .value(QStringLiteral("byRoute"))
        .toObject()
        .value(route)
        .toInt();
}

int SandboxFixture::transition(const QString &key, const QString &name)
{
    const QString path = api() + QStringLiteral("/issue/") + key + QStringLiteral("/transitions");
    for (const QJsonValue &t : get(path).object().value(QStringLiteral("transitions")).toArray()) {
        if (t.toObject().value(QStringLiteral("name")).toString() == name)
            return post(path,
                        QJsonObject{{QStringLiteral("transition"),
                                     QJsonObject{{QStringLiteral("id"), t.toObject().value(QStringLiteral("id"))}}}})
                .status;
    }
    return 0;
}

QJsonValue SandboxFixture::richText(const QString &text) const
{
    return m_flavor == Flavor::Cloud ? sandbox::adfFromText(text) : QJsonValue(text);
}

QStringList siteAddArguments(const QString &name, const SandboxFixture &site)
{
    const bool cloud = site.flavor() == sandbox::Flavor::Cloud;
    return {QStringLiteral("site"),
            QStringLiteral("add"),
            name,
            QStringLiteral("--url"),
            site.baseUrl(),
            QStringLiteral("--user"),
            cloud ? QStringLiteral("admin@example.com") : QStringLiteral("admin"),
            QStringLiteral("--secret"),
            cloud ? QStringLiteral("env:CLOUD_TOKEN") : QStringLiteral("env:DC_PASSWORD")};
}

bool licenseSandboxes(const QString &stateDirectory, SandboxFixture &service, const QList<SandboxFixture *> &sites)
{
    QList<QPair<QString, QString>> urls;
    for (SandboxFixture *site : sites)
        urls.append({site->baseUrl(),
                     site->flavor() == sandbox::Flavor::Cloud ? QStringLiteral("cloud") : QStringLiteral("dc")});
    QString error;
    if (licenseSandboxSites(stateDirectory, service.baseUrl(), urls, &error))
        return true;
    qWarning().noquote() << "the sandboxes could not be licensed:" << error;
    return false;
}

} // namespace ferry::test
