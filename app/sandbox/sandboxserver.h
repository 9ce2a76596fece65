#pragma once

#include "sandbox/http.h"
#include "sandbox/jiraapi.h"
#include "sandbox/store.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QMap>
#include <QUrl>

#include <memory>

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

    /// Adds a project with the scheme's components and versions and `issues` realistic issues.
    void seedProject(const QString &key, const QString &name, int issues);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Response dispatch(Request &request, QString *routeName);
    bool authenticate(Request &request, Response *failure) const;
    void registerAdminRoutes();
    void send(const QHttpServerRequest &request, QTcpSocket *socket, const Response &response);

    Options m_options;
    Store m_store;
    Router m_router;
    JiraApi m_api;
    QUrl m_baseUrl;
    Statistics m_statistics;
};

} // namespace ferry::sandbox
