#pragma once

#include "sandbox/sandboxserver.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSslCertificate>

#include <memory>
#include <optional>

namespace ferry::test {

/// A sandbox server of one flavor running in the test's thread, and a blocking HTTP helper
/// to talk to it over real loopback HTTP. Blocking waits are for tests only.
class SandboxFixture {
public:
    struct Reply {
        int status = 0;
        QByteArray body;
        QHash<QByteArray, QByteArray> headers; ///< names lower-cased
        QString networkError;

        QJsonObject object() const;
        QJsonArray array() const;
        /// "status: body" for failure messages.
        QString describe() const;
    };

    explicit SandboxFixture(sandbox::Flavor flavor, const QString &dataPath = QString());
    explicit SandboxFixture(const sandbox::SandboxServer::Options &options);
    ~SandboxFixture();

    /// Starts the server; false (with a warning) when it cannot.
    bool start();
    sandbox::SandboxServer &server() { return *m_server; }
    sandbox::Flavor flavor() const { return m_flavor; }
    QString baseUrl() const;
    /// "/rest/api/3" on Cloud, "/rest/api/2" on Data Center.
    QString api() const;

    /// How long send() waits for an answer (default 15 s).
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    /// Trust this certificate for HTTPS (the sandbox's own, self-signed).
    void trustCertificate(const QSslCertificate &certificate);

    QByteArray adminAuthorization() const;
    QByteArray viewerAuthorization() const;
    static QByteArray basic(const QString &login, const QString &secret);

    Reply send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = QByteArray(),
               const QByteArray &contentType = "application/json",
               const QList<QPair<QByteArray, QByteArray>> &headers = {},
               std::optional<QByteArray> authorization = std::nullopt);
    Reply get(const QString &pathAndQuery) { return send("GET", pathAndQuery); }
    Reply post(const QString &pathAndQuery, const QJsonValue &json);
    Reply put(const QString &pathAndQuery, const QJsonValue &json);
    Reply del(const QString &pathAndQuery) { return send("DELETE", pathAndQuery); }

    /// Creates an issue through the API and returns its key; empty on failure.
    QString createIssue(const QString &project, const QJsonObject &fields);
    /// Attaches a file to an issue as a person would; the attachment as Jira answers it (empty on
    /// failure).
    QJsonObject attach(const QString &key, const QString &fileName, const QByteArray &content);
    /// The content of an attachment, by its content URL.
    QByteArray download(const QString &contentUrl);
    /// Moves an issue as a person would, by the transition of that name; Jira's HTTP status
    /// (0 when the issue's status offers no such transition).
    int transition(const QString &key, const QString &name);
    /// Forgets the request counts (statistics) so far.
    void resetStatistics() { del(QStringLiteral("/sandbox/v1/stats")); }
    /// How many requests of a route ("GET /rest/api/{v}/issue/{key}") came since the counts were
    /// forgotten.
    int requestsSinceReset(const QString &route);
    /// The routes of the requests since that changed something ("PUT /rest/api/{v}/issue/{key}"):
    /// anything but reads, searches, the sandbox's own admin API and its license service.
    QStringList writesSinceReset();
    /// The rich text body the flavor takes in this API version (ADF on Cloud v3).
    QJsonValue richText(const QString &text) const;

private:
    sandbox::Flavor m_flavor;
    std::unique_ptr<sandbox::SandboxServer> m_server;
    QNetworkAccessManager m_network;
    int m_timeoutMs = 15'000;
    QList<QSslCertificate> m_trusted;
};

/// The folder of the vendored specifications (tests/data/specs).
QString specsDir();

/// Adds a "flavor" column with a "cloud" and a "dc" row, for data-driven tests.
void addFlavors();

/// Makes a self-signed certificate and key for host (an IP address or a DNS name) in dir with
/// the openssl command; days <= 0 makes one that expired yesterday. False when openssl fails.
bool makeCertificate(const QString &dir, const QString &host, int days, QString *certificatePath, QString *keyPath);
/// "sha256/<base64>" of a PEM certificate's public key, as Ferry pins keys.
QString publicKeyPin(const QString &certificatePath);
/// Options of a sandbox that serves HTTPS with the given certificate and key.
sandbox::SandboxServer::Options tlsOptions(sandbox::Flavor flavor, const QString &certificatePath,
                                           const QString &keyPath);

/// "site add NAME …" for ferry-cli: a sandbox as a site, its administrator's secret from
/// env:CLOUD_TOKEN or env:DC_PASSWORD (as CliRunner::useTestHome sets them).
QStringList siteAddArguments(const QString &name, const SandboxFixture &site);

/// Licenses the sandboxes' sites in a console's state from service's license service
/// (licenseSandboxSites); false with a warning when it cannot.
bool licenseSandboxes(const QString &stateDirectory, SandboxFixture &service, const QList<SandboxFixture *> &sites);

} // namespace ferry::test

Q_DECLARE_METATYPE(ferry::sandbox::Flavor)
