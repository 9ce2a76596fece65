#pragma once

#include "sandbox/http.h"
#include "sandbox/jiraapi.h"
#include "sandbox/licenseservice.h"
#include "sandbox/ratelimiter.h"
#include "sandbox/store.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QMap>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrl>

#include <memory>

class QHttpServerResponder;

namespace ferry::sandbox {

/// A Jira-compatible REST server for tests, benchmarks and the console's demo mode. It runs
/// on the thread that creates it (an event loop is needed); embed it in-process or run the
/// ferry-sandbox program.
class SandboxServer : public QAbstractHttpServer {
    Q_OBJECT
public:
    struct Options {
        Flavor flavor = Flavor::Cloud;
        QString dataPath; ///< SQLite file; empty keeps everything in memory
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 0; ///< 0 picks a free port
        QString tlsCertificatePath; ///< PEM; with the key, the server speaks HTTPS only
        QString tlsKeyPath;
        int latencyMs = 0; ///< added to every REST response
        bool cloudRateLimits = false; ///< enforce Jira Cloud's published rate limits
        int maxAttachmentMb = 10; ///< the largest attachment accepted (Jira Data Center's default)
        QByteArray licenseKey; ///< the license service's Ed25519 secret key; empty: the sandbox's well-known one
    };

    /// Faults injected into REST requests (never into /sandbox/v1), set with PUT /sandbox/v1/faults.
    struct Faults {
        int latencyMs = 0; ///< extra delay of every matching response
        double errorRate = 0; ///< share of matching requests answered with errorStatus
        int errorStatus = 503;
        double resetRate = 0; ///< share whose connection is reset without an answer
        double hangRate = 0; ///< share that never get an answer
        /// share that Jira carries out but whose answer is lost (the connection is reset after)
        double lostAnswerRate = 0;
        int stormCount = 0; ///< the next matching requests that get 429
        int stormRetryAfter = 1; ///< seconds, in Retry-After
        QString stormReason = QStringLiteral("jira-quota-tenant-based");
        QRegularExpression routes; ///< on "METHOD /path"; empty: every REST request

        static bool fromJson(const QJsonObject &json, Faults *faults, QString *error);
        QJsonObject toJson() const;
    };

    struct Statistics {
        qint64 requests = 0;
        qint64 tooManyRequests = 0;
        qint64 bytesReceived = 0;
        qint64 bytesSent = 0;
        QMap<QString, qint64> byRoute; ///< "GET /rest/api/{v}/issue/{key}" → count
    };

    explicit SandboxServer(const Options &options, QObject *parent = nullptr);
    ~SandboxServer() override;

    /// Opens the store and starts listening; on failure says why.
    bool start(QString *error);
    QUrl baseUrl() const { return m_baseUrl; }
    Store &store() { return m_store; }
    const Statistics &statistics() const { return m_statistics; }

    /// The license service this sandbox serves under /license/v1.
    LicenseService &licenses() { return m_licenses; }

    void setFaults(const Faults &faults);
    const Faults &faults() const { return m_faults; }

    /// Adds a project with the scheme's components and versions and `issues` realistic issues.
    void seedProject(const QString &key, const QString &name, int issues);
    /// A REST request handled in this process, as the sandbox's administrator, without HTTP
    /// (path as on the wire: "/rest/api/2/issue"). For setting up demos; faults do not apply.
    Response callAsAdmin(const QString &method, const QString &path, const QJsonObject &body = {});
    /// The same with a body of any type (a multipart upload).
    Response callAsAdmin(const QString &method, const QString &path, const QByteArray &body,
                         const QByteArray &contentType);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Response dispatch(Request &request, QString *routeName, const Router::Route **matched);
    /// Decides whether a REST request is refused before its handler runs: an injected fault
    /// or a rate limit. Returns true and sets response (or abort, or hang) when it is; sets
    /// loseAnswer when the handler is to run but its answer be lost.
    bool intercept(const Request &request, Response *response, bool *abort, bool *hang, bool *loseAnswer,
                   QList<QPair<QByteArray, QByteArray>> *rateHeaders);
    void write(QHttpServerResponder &responder, const Response &response);
    static Response tooManyRequests(int retryAfterSeconds, qint64 resetAtMs, const QString &reason, int limit);
    bool authenticate(Request &request, Response *failure) const;
    void registerAdminRoutes();
    void send(const QHttpServerRequest &request, QTcpSocket *socket, const Response &response);

    Options m_options;
    Store m_store;
    Router m_router;
    JiraApi m_api;
    LicenseService m_licenses;
    QUrl m_baseUrl;
    Statistics m_statistics;
    Faults m_faults;
    QRandomGenerator m_random{20261128};
    CloudRateLimiter m_rateLimiter;
    QElapsedTimer m_clock;
};

} // namespace ferry::sandbox
