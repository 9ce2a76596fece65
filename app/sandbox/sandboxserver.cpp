#include "sandbox/sandboxserver.h"

#include "core/logcategories.h"
#include "sandbox/render.h"
#include "sandbox/seeder.h"

#include <QDateTime>
#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace ferry::sandbox {

namespace {

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QStringLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QStringLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QStringLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QStringLiteral("PATCH");
    default:
        return QStringLiteral("OTHER");
    }
}

} // namespace

SandboxServer::SandboxServer(const Options &options, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_options(options)
    , m_store(options.flavor, options.dataPath)
    , m_api(m_store, [this] { return m_baseUrl.toString(QUrl::StripTrailingSlash); })
    , m_licenses(options.licenseKey)
{
    m_api.registerRoutes(m_router);
    m_licenses.registerRoutes(m_router);
    m_api.setAttachmentLimit(qint64(m_options.maxAttachmentMb) * 1024 * 1024);
    registerAdminRoutes();
    m_clock.start();
}

void SandboxServer::setFaults(const Faults &faults)
{
    m_faults = faults;
}

bool SandboxServer::Faults::fromJson(const QJsonObject &json, Faults *faults, QString *error)
{
    static const QStringList known
        = {QStringLiteral("latencyMs"), QStringLiteral("errorRate"), QStringLiteral("errorStatus"),
           QStringLiteral("resetRate"), QStringLiteral("hangRate"),  QStringLiteral("lostAnswerRate"),
           QStringLiteral("storm"),     QStringLiteral("routes")};
    for (const QString &key : json.keys()) {
        if (!known.contains(key)) {
            *error = QStringLiteral("Unknown fault '%1'; known: %2.").arg(key, known.join(QStringLiteral(", ")));
            return false;
        }
    }
    Faults f;
    f.latencyMs = json.value(QStringLiteral("latencyMs")).toInt(0);
    f.errorRate = json.value(QStringLiteral("errorRate")).toDouble(0);
    f.errorStatus = json.value(QStringLiteral("errorStatus")).toInt(503);
    f.resetRate = json.value(QStringLiteral("resetRate")).toDouble(0);
    f.hangRate = json.value(QStringLiteral("hangRate")).toDouble(0);
    f.lostAnswerRate = json.value(QStringLiteral("lostAnswerRate")).toDouble(0);
    const QJsonObject storm = json.value(QStringLiteral("storm")).toObject();
    f.stormCount = storm.value(QStringLiteral("count")).toInt(0);
    f.stormRetryAfter = storm.value(QStringLiteral("retryAfter")).toInt(1);
    f.stormReason = storm.value(QStringLiteral("reason")).toString(f.stormReason);
    f.routes = QRegularExpression(json.value(QStringLiteral("routes")).toString());
    const auto isRate = [](double r) { return r >= 0 && r <= 1; };
    if (!f.routes.isValid())
        *error = QStringLiteral("'routes' is not a valid regular expression: %1").arg(f.routes.errorString());
    else if (!isRate(f.errorRate) || !isRate(f.resetRate) || !isRate(f.hangRate) || !isRate(f.lostAnswerRate))
        *error = QStringLiteral("errorRate, resetRate, hangRate and lostAnswerRate are shares from 0 to 1.");
    else if (f.latencyMs < 0 || f.latencyMs > 600'000 || f.stormCount < 0 || f.stormRetryAfter < 0)
        *error = QStringLiteral("latencyMs must be 0 to 600000; storm count and retryAfter must not be negative.");
    else if (f.errorStatus < 400 || f.errorStatus > 599)
        *error = QStringLiteral("errorStatus must be an HTTP error status (400 to 599).");
    if (!error->isEmpty())
        return false;
    *faults = f;
    return true;
}

QJsonObject SandboxServer::Faults::toJson() const
{
    return {{QStringLiteral("latencyMs"), latencyMs},
            {QStringLiteral("errorRate"), errorRate},
            {QStringLiteral("errorStatus"), errorStatus},
            {QStringLiteral("resetRate"), resetRate},
            {QStringLiteral("hangRate"), hangRate},
            {QStringLiteral("lostAnswerRate"), lostAnswerRate},
            {QStringLiteral("storm"),
             QJsonObject{{QStringLiteral("count"), stormCount},
                         {QStringLiteral("retryAfter"), stormRetryAfter},
                         {QStringLiteral("reason"), stormReason}}},
            {QStringLiteral("routes"), routes.pattern()}};
}

SandboxServer::~SandboxServer() = default;

bool SandboxServer::start(QString *error)
{
    if (!m_store.open(error))
        return false;
    const bool tls = !m_options.tlsCertificatePath.isEmpty() || !m_options.tlsKeyPath.isEmpty();
    if (tls) {
        QFile certificateFile(m_options.tlsCertificatePath);
        QFile keyFile(m_options.tlsKeyPath);
        if (!certificateFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("Cannot read the TLS certificate %1 or key %2: give both as PEM files.")
                         .arg(m_options.tlsCertificatePath, m_options.tlsKeyPath);
            return false;
        }
        const QSslCertificate certificate(&certificateFile, QSsl::Pem);
        const QByteArray keyBytes = keyFile.readAll();
        QSslKey key(keyBytes, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyBytes, QSsl::Ec, QSsl::Pem);
        if (certificate.isNull() || key.isNull()) {
            *error = QStringLiteral("The TLS certificate or key is not a valid PEM file (RSA or EC key).");
            return false;
        }
        sslSetup(certificate, key);
    }
    const quint16 port = listen(m_options.address, m_options.port);
    if (port == 0) {
        *error = QStringLiteral("Cannot listen on %1:%2: the address is in use or not available.")
                     .arg(m_options.address.toString())
                     .arg(m_options.port);
        return false;
    }
    QUrl url;
    url.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(m_options.address.toString());
    url.setPort(port);
    m_baseUrl = url;
    qCInfo(lcSandbox).noquote() << "Jira sandbox" << flavorName(m_store.flavor()) << "listening on"
                                << m_baseUrl.toString();
    return true;
}

void SandboxServer::seedProject(const QString &key, const QString &name, int issues)
{
    if (!m_store.project(key))
        m_store.addProject(key, name, m_store.users().first().id);
    seedIssues(m_store, key, issues);
}

Response SandboxServer::callAsAdmin(const QString &method, const QString &path, const QJsonObject &body)
{
    return callAsAdmin(method, path, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact),
                       "application/json");
}

Response SandboxServer::callAsAdmin(const QString &method, const QString &path, const QByteArray &body,
                                    const QByteArray &contentType)
{
    const User &admin = m_store.users().first();
    const QString login = m_store.flavor() == Flavor::Cloud ? admin.email : admin.name;
    const QString secret = m_store.flavor() == Flavor::Cloud ? admin.apiToken : admin.password;
    Request request;
    request.method = method;
    request.path = path;
    request.headers.insert("authorization", "Basic " + (login + u':' + secret).toUtf8().toBase64());
    request.headers.insert("content-type", contentType);
    request.headers.insert("x-atlassian-token", "no-check");
    request.body = body;
    QString routeName;
    const Router::Route *route = nullptr;
    return dispatch(request, &routeName, &route);
}

bool SandboxServer::authenticate(Request &request, Response *failure) const
{
    const QByteArray header = request.header("authorization");
    const User *user = nullptr;
    if (header.startsWith("Basic ")) {
        const QByteArray decoded = QByteArray::fromBase64(header.mid(6).trimmed());
        const qsizetype colon = decoded.indexOf(':');
        if (colon > 0)
            user = m_store.authenticateBasic(QString::fromUtf8(decoded.left(colon)),
                                             QString::fromUtf8(decoded.mid(colon + 1)));
    } else if (header.startsWith("Bearer ") && m_store.flavor() == Flavor::DataCenter) {
        user = m_store.authenticateToken(QString::fromUtf8(header.mid(7).trimmed()));
    }
    if (user) {
        request.user = user;
        return true;
    }
    *failure = Response::error(
        401, {QStringLiteral("You are not authenticated. Authentication required to perform this operation.")});
    failure->addHeader("WWW-Authenticate", "Basic realm=\"protected-area\"");
    if (m_store.flavor() == Flavor::DataCenter)
        failure->addHeader("X-Seraph-LoginReason", header.isEmpty() ? "AUTHENTICATION_DENIED" : "AUTHENTICATED_FAILED");
    return false;
}

Response SandboxServer::dispatch(Request &request, QString *routeName, const Router::Route **matched)
{
    const Router::Route *route = nullptr;
    switch (m_router.find(request.method, request.path, &route, &request.args, &request.apiVersion)) {
    case Router::Match::NoRoute:
        *routeName = QStringLiteral("unknown");
        return Response::error(
            404,
            {QStringLiteral("No resource at %1 in this Jira (%2).")
                 .arg(request.path,
                      m_store.flavor() == Flavor::Cloud ? QStringLiteral("Cloud") : QStringLiteral("Data Center"))});
    case Router::Match::WrongMethod:
        *routeName = QStringLiteral("unknown");
        return Response::error(405,
                               {QStringLiteral("Method %1 is not allowed on %2.").arg(request.method, request.path)});
    case Router::Match::Found:
        break;
    }
    *routeName = route->method + u' ' + route->pattern;
    *matched = route;
    Response failure;
    if (!route->anonymous && !authenticate(request, &failure))
        return failure;
    return route->handler(request);
}

bool SandboxServer::handleRequest(const QHttpServerRequest &httpRequest, QTcpSocket *socket)
{
    Request request;
    request.method = methodName(httpRequest.method());
    request.path = httpRequest.url().path();
    // Servlet containers read '+' in a query string as a space; so do clients that send it.
    request.query = QUrlQuery(httpRequest.url().query(QUrl::FullyEncoded).replace(u'+', QStringLiteral("%20")));
    for (const auto &[name, value] : httpRequest.headers())
        request.headers.insert(name.toLower(), value);
    request.body = httpRequest.body();

    const bool admin = request.path.startsWith(QStringLiteral("/sandbox/"));
    QString routeName = QStringLiteral("unknown");
    const Router::Route *route = nullptr;
    Response response;
    bool abort = false;
    bool hang = false;
    bool loseAnswer = false;
    QList<QPair<QByteArray, QByteArray>> rateHeaders;
    if (admin || !intercept(request, &response, &abort, &hang, &loseAnswer, &rateHeaders))
        response = dispatch(request, &routeName, &route);
    abort = abort || loseAnswer;
    for (const auto &[name, value] : std::as_const(rateHeaders))
        response.addHeader(name, value);
    ++m_statistics.requests;
    ++m_statistics.byRoute[routeName];
    m_statistics.bytesReceived += request.body.size();
    if (abort) {
        qCDebug(lcSandbox).noquote() << request.method << request.path << "connection reset (fault)";
        socket->abort();
        return true;
    }
    if (hang) {
        qCDebug(lcSandbox).noquote() << request.method << request.path << "left unanswered (fault)";
        return true;
    }
    if (response.status == 429)
        ++m_statistics.tooManyRequests;
    m_statistics.bytesSent += response.body.size();
    qCDebug(lcSandbox).noquote() << request.method << request.path << response.status;

    const int delay = admin ? 0 : m_options.latencyMs + m_faults.latencyMs;
    if (delay <= 0) {
        send(httpRequest, socket, response);
        return true;
    }
    // Answer later; the client may have gone by then, and its socket with it.
    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(httpRequest, socket));
    QTimer::singleShot(delay, this, [this, responder, guard = QPointer<QTcpSocket>(socket), response] {
        if (guard)
            write(*responder, response);
    });
    return true;
}

bool SandboxServer::intercept(const Request &request, Response *response, bool *abort, bool *hang, bool *loseAnswer,
                              QList<QPair<QByteArray, QByteArray>> *rateHeaders)
{
    const QString subject = request.method + u' ' + request.path;
    if (m_faults.routes.pattern().isEmpty() || m_faults.routes.match(subject).hasMatch()) {
        if (m_faults.stormCount > 0) {
            --m_faults.stormCount;
            *response = tooManyRequests(m_faults.stormRetryAfter,
                                        QDateTime::currentMSecsSinceEpoch() + m_faults.stormRetryAfter * 1000LL,
                                        m_faults.stormReason, 100);
            return true;
        }
        if (m_faults.resetRate > 0 && m_random.generateDouble() < m_faults.resetRate) {
            *abort = true;
            return true;
        }
        if (m_faults.hangRate > 0 && m_random.generateDouble() < m_faults.hangRate) {
            *hang = true;
            return true;
        }
        if (m_faults.lostAnswerRate > 0 && m_random.generateDouble() < m_faults.lostAnswerRate)
            *loseAnswer = true; // carried out below, then the connection is reset
        else if (m_faults.errorRate > 0 && m_random.generateDouble() < m_faults.errorRate) {
            *response
                = Response::error(m_faults.errorStatus,
                                  {QStringLiteral("The sandbox failed this request on purpose (fault injection).")});
            return true;
        }
    }
    if (!m_options.cloudRateLimits)
        return false;
    const Router::Route *matched = nullptr;
    QStringList args;
    int version = 2;
    if (m_router.find(request.method, request.path, &matched, &args, &version) != Router::Match::Found)
        return false;
    const QString issue = matched->pattern.contains(QStringLiteral("/issue/{key}")) ? args.value(0) : QString();
    Issue *target = issue.isEmpty() ? nullptr : m_store.issue(issue);
    const auto verdict = m_rateLimiter.admit(request.method, matched->pattern,
                                             target ? QString::number(target->id) : QString(), m_clock.elapsed());
    if (verdict.allowed) {
        *rateHeaders = {{"X-RateLimit-Limit", QByteArray::number(verdict.limit)},
                        {"X-RateLimit-Remaining", QByteArray::number(verdict.remaining)}};
        if (verdict.nearLimit)
            rateHeaders->append(qMakePair(QByteArray("X-RateLimit-NearLimit"), QByteArray("true")));
        return false;
    }
    *response = tooManyRequests(verdict.retryAfterSeconds,
                                QDateTime::currentMSecsSinceEpoch() + (verdict.resetAtMs - m_clock.elapsed()),
                                verdict.reason, verdict.limit);
    return true;
}

Response SandboxServer::tooManyRequests(int retryAfterSeconds, qint64 resetAtMs, const QString &reason, int limit)
{
    Response response = Response::error(429, {QStringLiteral("Rate limit exceeded.")});
    response.addHeader("Retry-After", QByteArray::number(retryAfterSeconds));
    response.addHeader("X-RateLimit-Limit", QByteArray::number(limit));
    response.addHeader("X-RateLimit-Remaining", "0");
    response.addHeader("X-RateLimit-Reset",
                       QDateTime::fromMSecsSinceEpoch(resetAtMs, Qt::UTC).toString(Qt::ISODate).toLatin1());
    response.addHeader("RateLimit-Reason", reason.toLatin1());
    return response;
}

void SandboxServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    send(request, socket, Response::error(404, {QStringLiteral("Not found.")}));
}

void SandboxServer::send(const QHttpServerRequest &request, QTcpSocket *socket, const Response &response)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    write(responder, response);
}

void SandboxServer::write(QHttpServerResponder &responder, const Response &response)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    if (response.status == 204) {
        responder.writeHeader("Content-Length", "0");
        responder.writeBody(QByteArray());
        return;
    }
    if (!response.contentType.isEmpty())
        responder.writeHeader("Content-Type", response.contentType);
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    responder.writeBody(response.body);
}

void SandboxServer::registerAdminRoutes()
{
    const auto renderUser = [this](const User &u) {
        return QJsonObject{{QStringLiteral("id"), u.id},
                           {QStringLiteral("name"), u.name},
                           {QStringLiteral("displayName"), u.displayName},
                           {QStringLiteral("email"), u.email},
                           {QStringLiteral("canWrite"), u.canWrite},
                           {QStringLiteral("active"), u.active},
                           {QStringLiteral("emailVisible"), u.emailVisible}};
    };
    m_router.add(
        QStringLiteral("POST"), QStringLiteral("/sandbox/v1/reset"),
        [this](Request &request) {
            QJsonObject body;
            if (!request.body.trimmed().isEmpty()) {
                Response error;
                if (!parseJsonObject(request, &body, &error))
                    return error;
            }
            m_store.reset();
            const QString key = body.value(QStringLiteral("seedProject")).toString();
            if (!key.isEmpty())
                seedProject(key, key + QStringLiteral(" project"), body.value(QStringLiteral("seedIssues")).toInt(0));
            return Response::noContent();
        },
        true);
    m_router.add(
        QStringLiteral("GET"), QStringLiteral("/sandbox/v1/users"),
        [this, renderUser](Request &) {
            QJsonArray users;
            for (const User &u : m_store.users())
                users.append(renderUser(u));
            return Response::json(users);
        },
        true);
    m_router.add(
        QStringLiteral("POST"), QStringLiteral("/sandbox/v1/users"),
        [this, renderUser](Request &request) {
            QJsonObject body;
            Response error;
            if (!parseJsonObject(request, &body, &error))
                return error;
            User user;
            user.displayName = body.value(QStringLiteral("displayName")).toString();
            user.email = body.value(QStringLiteral("email")).toString();
            user.name = body.value(QStringLiteral("name")).toString();
            user.password = body.value(QStringLiteral("password")).toString();
            user.apiToken = body.value(QStringLiteral("apiToken")).toString();
            user.canWrite = body.value(QStringLiteral("canWrite")).toBool(true);
            user.active = body.value(QStringLiteral("active")).toBool(true);
            user.emailVisible = body.value(QStringLiteral("emailVisible")).toBool(false);
            if (user.displayName.isEmpty() || user.email.isEmpty()
                || (m_store.flavor() == Flavor::DataCenter && user.name.isEmpty()))
                return Response::error(400,
                                       {QStringLiteral("displayName, email (and name on Data Center) are required.")});
            if (m_store.findUser(user.email) || (!user.name.isEmpty() && m_store.findUser(user.name)))
                return Response::error(409,
                                       {QStringLiteral("A user with that name or e-mail address exists already.")});
            return Response::json(renderUser(m_store.addUser(user)), 201);
        },
        true);
    m_router.add(
        QStringLiteral("PUT"), QStringLiteral("/sandbox/v1/projects/{key}"),
        [this](Request &request) {
            QJsonObject body;
            Response error;
            if (!parseJsonObject(request, &body, &error))
                return error;
            Project *project = m_store.project(request.args.value(0));
            if (!project)
                return Response::error(
                    404, {QStringLiteral("No project could be found with key '%1'.").arg(request.args.value(0))});
            project->typeKey = body.value(QStringLiteral("type")).toString(project->typeKey);
            m_store.saveProject(*project);
            return Response::noContent();
        },
        true);
    m_router.add(
        QStringLiteral("POST"), QStringLiteral("/sandbox/v1/projects"),
        [this](Request &request) {
            QJsonObject body;
            Response error;
            if (!parseJsonObject(request, &body, &error))
                return error;
            const QString key = body.value(QStringLiteral("key")).toString().toUpper();
            static const QRegularExpression validKey(QStringLiteral("^[A-Z][A-Z0-9_]{1,9}$"));
            if (!validKey.match(key).hasMatch())
                return Response::fieldErrors(
                    {{QStringLiteral("projectKey"),
                      QStringLiteral("Project keys must start with an uppercase letter, followed by "
                                     "one or more uppercase alphanumeric characters.")}});
            if (m_store.project(key))
                return Response::fieldErrors(
                    {{QStringLiteral("projectKey"), QStringLiteral("Project '%1' uses this project key.").arg(key)}});
            seedProject(key, body.value(QStringLiteral("name")).toString(key),
                        body.value(QStringLiteral("seedIssues")).toInt(0));
            Project *project = m_store.project(key);
            if (body.contains(QStringLiteral("type"))) {
                project->typeKey = body.value(QStringLiteral("type")).toString();
                m_store.saveProject(*project);
            }
            return Response::json(
                QJsonObject{{QStringLiteral("id"), project->id}, {QStringLiteral("key"), project->key}}, 201);
        },
        true);
    m_router.add(
        QStringLiteral("GET"), QStringLiteral("/sandbox/v1/stats"),
        [this](Request &) {
            QJsonObject routes;
            for (auto it = m_statistics.byRoute.cbegin(); it != m_statistics.byRoute.cend(); ++it)
                routes.insert(it.key(), it.value());
            return Response::json(QJsonObject{{QStringLiteral("requests"), m_statistics.requests},
                                              {QStringLiteral("tooManyRequests"), m_statistics.tooManyRequests},
                                              {QStringLiteral("bytesReceived"), m_statistics.bytesReceived},
                                              {QStringLiteral("bytesSent"), m_statistics.bytesSent},
                                              {QStringLiteral("byRoute"), routes}});
        },
        true);
    m_router.add(
        QStringLiteral("GET"), QStringLiteral("/sandbox/v1/faults"),
        [this](Request &) { return Response::json(m_faults.toJson()); }, true);
    m_router.add(
        QStringLiteral("PUT"), QStringLiteral("/sandbox/v1/faults"),
        [this](Request &request) {
            QJsonObject body;
            Response error;
            if (!parseJsonObject(request, &body, &error))
                return error;
            QString problem;
            Faults faults;
            if (!Faults::fromJson(body, &faults, &problem))
                return Response::error(400, {problem});
            m_faults = faults;
            qCInfo(lcSandbox).noquote() << "faults set:"
                                        << QJsonDocument(m_faults.toJson()).toJson(QJsonDocument::Compact);
            return Response::json(m_faults.toJson());
        },
        true);
    m_router.add(
        QStringLiteral("DELETE"), QStringLiteral("/sandbox/v1/faults"),
        [this](Request &) {
            m_faults = Faults();
            return Response::noContent();
        },
        true);
    m_router.add(
        QStringLiteral("DELETE"), QStringLiteral("/sandbox/v1/stats"),
        [this](Request &) {
            m_statistics = Statistics();
            return Response::noContent();
        },
        true);
}

} // namespace ferry::sandbox
