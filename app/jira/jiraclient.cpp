#include "jira/jiraclient.h"

#include "core/thismachine.h"

#include "core/logcategories.h"
#include "core/version.h"

#include <QCryptographicHash>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslKey>

#include <cmath>

namespace ferry {

// ---------------------------------------------------------------------------------------
// JiraReply

void JiraReply::finish(int status, QByteArray body, QHash<QByteArray, QByteArray> headers, JiraError error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_status = status;
    m_body = std::move(body);
    m_headers = std::move(headers);
    m_error = std::move(error);
    m_onAbort = nullptr;
    Q_EMIT finished();
}

void JiraReply::abort()
{
    if (m_finished || m_aborted)
        return;
    m_aborted = true;
    if (m_onAbort)
        m_onAbort();
}

qint64 JiraClient::Statistics::requests() const
{
    qint64 total = 0;
    for (const qint64 count : byMethod)
        total += count;
    return total;
}

// ---------------------------------------------------------------------------------------
// Calls

struct JiraClient::Call {
    QPointer<JiraReply> reply;
    QByteArray method;
    QString path;
    QByteArray body;
    QUrl url;
    bool sendCredentials = true;
    int attempts = 0;
    int rateLimitWaits = 0;
    int redirects = 0;
    qint64 notBeforeMs = 0;
    QString route; ///< method and path with keys and ids folded: "PUT /rest/api/3/issue/{key}"
    QString issue; ///< the issue a write targets, for per-issue limits
    QPointer<QNetworkReply> network;
    QStringList tlsProblems;
    /// Builds a multipart body for each attempt (uploads), instead of `body`.
    std::function<QHttpMultiPart *()> multipart;
    /// Receives a successful answer's body as it arrives (downloads), instead of keeping it.
    QPointer<QIODevice> sink;
    /// Answers a redirect instead of following it.
    bool stopAtRedirect = false;
    bool pinMismatch = false;
    bool timedOutByUs = false;

    bool idempotent() const { return method == "GET" || method == "PUT" || method == "DELETE" || method == "HEAD"; }
    bool write() const { return method != "GET" && method != "HEAD"; }
};

namespace {

QString routeOf(const QByteArray &method, const QString &path)
{
    static const QRegularExpression key(QStringLiteral(R"(/[A-Za-z][A-Za-z0-9_]*-\d+(?=/|$))"));
    static const QRegularExpression id(QStringLiteral(R"(/\d+(?=/|$))"));
    QString route = path;
    route.replace(key, QStringLiteral("/{key}"));
    route.replace(id, QStringLiteral("/{id}"));
    return QString::fromLatin1(method) + u' ' + route;
}

QString resourceOf(const QString &path)
{
    static const QRegularExpression resource(QStringLiteral(R"(^/rest/api/(?:\d+|latest)/([A-Za-z]+))"));
    const auto m = resource.match(path);
    return m.hasMatch() ? m.captured(1) : QStringLiteral("other");
}

QString issueOf(const QString &path)
{
    static const QRegularExpression issue(QStringLiteral(R"(/issue/([^/?]+))"));
    const auto m = issue.match(path);
    return m.hasMatch() ? m.captured(1) : QString();
}

/// Retry-After in milliseconds: seconds or an HTTP date; -1 when absent or unreadable.
int retryAfterMs(const QByteArray &header)
{
    if (header.isEmpty())
        return -1;
    bool ok = false;
    const double seconds = header.trimmed().toDouble(&ok);
    if (ok) // a week at most: whatever a site says, a wait must fit an int of milliseconds
        return int(std::clamp(seconds, 0.0, 7 * 86'400.0) * 1000);
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(header).trimmed(), Qt::RFC2822Date);
    return at.isValid() ? int(std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at))) : -1;
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(a.scheme() == QStringLiteral("https") ? 443 : 80)
        == b.port(b.scheme() == QStringLiteral("https") ? 443 : 80);
}

QString keyPin(const QSslCertificate &certificate)
{
    return QStringLiteral("sha256/")
        + QString::fromLatin1(
               QCryptographicHash::hash(certificate.publicKey().toDer(), QCryptographicHash::Sha256).toBase64());
}

} // namespace

// ---------------------------------------------------------------------------------------
// JiraClient

JiraClient::JiraClient(const Site &site, const QString &secret, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_site(site)
    , m_network(network)
    , m_concurrency(m_options.maxConcurrency)
{
    m_authorization = site.auth == Site::Auth::PersonalAccessToken
        ? QByteArray("Bearer " + secret.toUtf8())
        : QByteArray("Basic " + (site.user + u':' + secret).toUtf8().toBase64());
    m_clock.start();
    m_wake.setSingleShot(true);
    connect(&m_wake, &QTimer::timeout, this, &JiraClient::pump);
}

JiraClient::~JiraClient()
{
    for (const auto &call : m_queue) {
        if (call->reply)
            call->reply->m_onAbort = nullptr;
    }
}

QString JiraClient::api(const QString &resource) const
{
    return (m_deployment == Deployment::Cloud ? QStringLiteral("/rest/api/3") : QStringLiteral("/rest/api/2"))
        + resource;
}

JiraReply *JiraClient::get(const QString &path, const QUrlQuery &query)
{
    return enqueue("GET", path, query, QByteArray());
}

JiraReply *JiraClient::post(const QString &path, const QJsonValue &body)
{
    return enqueue("POST", path, {},
                   body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                                  : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact));
}

JiraReply *JiraClient::put(const QString &path, const QJsonValue &body)
{
    return enqueue("PUT", path, {},
                   body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                                  : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact));
}

JiraReply *JiraClient::del(const QString &path, const QUrlQuery &query)
{
    return enqueue("DELETE", path, query, QByteArray());
}

QByteArray JiraClient::compact(const QJsonValue &value)
{
    return value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                           : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
}

JiraReply *JiraClient::enqueue(const QByteArray &method, const QString &path, const QUrlQuery &query,
                               const QByteArray &body, JiraReply *reply)
{
    return submit(makeCall(method, path, query, body, reply));
}

std::shared_ptr<JiraClient::Call> JiraClient::makeCall(const QByteArray &method, const QString &path,
                                                       const QUrlQuery &query, const QByteArray &body, JiraReply *reply)
{
    auto call = std::make_shared<Call>();
    call->reply = reply ? reply : new JiraReply(this);
    call->method = method;
    call->path = path;
    call->body = body;
    call->url = m_site.url;
    call->url.setPath(m_site.url.path().chopped(m_site.url.path().endsWith(u'/') ? 1 : 0) + path);
    call->url.setQuery(query);
    call->route = routeOf(method, path);
    call->issue = issueOf(path);
    return call;
}

JiraReply *JiraClient::submit(const std::shared_ptr<Call> &call)
{
    // The last line of defence: whatever let the site in, no credential leaves in clear.
    if (const QString plain = plainHttpProblem(call->url); !plain.isEmpty()) {
        JiraError refused;
        refused.kind = JiraError::Kind::Tls;
        refused.detail = plain;
        QMetaObject::invokeMethod(
            call->reply, [reply = call->reply, refused] { reply->finish(0, {}, {}, refused); }, Qt::QueuedConnection);
        return call->reply;
    }
    call->reply->m_onAbort = [this, weak = std::weak_ptr<Call>(call)] {
        const auto c = weak.lock();
        if (!c)
            return;
        if (c->network) {
            c->network->abort(); // finishes through handleFinished
            return;
        }
        std::erase(m_queue, c);
        JiraError aborted;
        aborted.kind = JiraError::Kind::Aborted;
        aborted.detail = QStringLiteral("The request was cancelled.");
        c->reply->finish(0, {}, {}, aborted);
    };
    m_queue.push_back(call);
    QMetaObject::invokeMethod(this, &JiraClient::pump, Qt::QueuedConnection);
    return call->reply;
}

JiraReply *JiraClient::submitUpload(const QString &path, std::function<QHttpMultiPart *()> makeBody)
{
    auto call = makeCall("POST", path, {}, {}, nullptr);
    call->multipart = std::move(makeBody);
    return submit(call);
}

JiraReply *JiraClient::submitDownload(const QString &path, const QUrlQuery &query, QIODevice *target)
{
    auto call = makeCall("GET", path, query, {}, nullptr);
    call->sink = target;
    return submit(call);
}

JiraReply *JiraClient::submitLocation(const QString &path)
{
    auto call = makeCall("GET", path, {}, {}, nullptr);
    call->stopAtRedirect = true;
    return submit(call);
}

qint64 JiraClient::readyAtMs(const Call &call) const
{
    qint64 at = std::max(call.notBeforeMs, m_pausedUntilMs);
    at = std::max(at, m_routeNotBeforeMs.value(call.route));
    if (call.write() && !call.issue.isEmpty())
        at = std::max(at, m_issueNotBeforeMs.value(call.issue));
    return at;
}

void JiraClient::pump()
{
    const qint64 now = m_clock.elapsed();
    qint64 nextWake = -1;
    for (auto it = m_queue.begin(); it != m_queue.end() && m_inFlight < std::max(1, int(m_concurrency));) {
        const qint64 ready = readyAtMs(**it);
        if (ready > now) {
            nextWake = nextWake < 0 ? ready : std::min(nextWake, ready);
            ++it;
            continue;
        }
        const auto call = *it;
        it = m_queue.erase(it);
        start(call);
    }
    if (nextWake >= 0 && (!m_wake.isActive() || m_wake.remainingTime() > nextWake - now))
        m_wake.start(int(std::max<qint64>(1, nextWake - now)));
}

QNetworkRequest JiraClient::buildRequest(const Call &call) const
{
    QNetworkRequest request(call.url);
    if (call.sendCredentials)
        request.setRawHeader("Authorization", m_authorization);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "Ferry/" + versionString().toLatin1());
    if (!call.body.isEmpty())
        request.setRawHeader("Content-Type", "application/json");
    if (call.multipart)
        request.setRawHeader("X-Atlassian-Token", "no-check"); // Jira's XSRF guard for uploads
    request.setTransferTimeout(m_options.transferTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    if (!m_site.caFile.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(m_site.caFile, QSsl::Pem));
        request.setSslConfiguration(tls);
    }
    return request;
}

bool JiraClient::keyIsPinned(QNetworkReply *network) const
{
    return m_site.pinnedKeys.contains(keyPin(network->sslConfiguration().peerCertificate()));
}

bool JiraClient::acceptTls(QNetworkReply *network, const QList<QSslError> &errors) const
{
    // A pin vouches for an untrusted chain only: never for another host name or an expired certificate.
    static const QList<QSslError::SslError> excusable = {
        QSslError::SelfSignedCertificate,
        QSslError::SelfSignedCertificateInChain,
        QSslError::UnableToGetLocalIssuerCertificate,
        QSslError::UnableToVerifyFirstCertificate,
        QSslError::CertificateUntrusted,
        QSslError::UnableToGetIssuerCertificate,
    };
    if (m_site.pinnedKeys.isEmpty() || !keyIsPinned(network))
        return false;
    return std::all_of(errors.begin(), errors.end(), [](const QSslError &e) { return excusable.contains(e.error()); });
}

void JiraClient::start(const std::shared_ptr<Call> &call)
{
    ++call->attempts;
    ++m_inFlight;
    ++m_statistics.byMethod[QString::fromLatin1(call->method)];
    ++m_statistics.byResource[resourceOf(call->path)];
    m_statistics.bytesSent += call->body.size();
    call->tlsProblems.clear();
    QNetworkReply *network = nullptr;
    if (call->multipart) {
        QHttpMultiPart *parts = call->multipart();
        network = m_network->sendCustomRequest(buildRequest(*call), call->method, parts);
        parts->setParent(network);
    } else if (call->sink) {
        // get(), not a custom GET: only then does Qt honour the read buffer bound below.
        network = m_network->get(buildRequest(*call));
    } else {
        network = m_network->sendCustomRequest(buildRequest(*call), call->method, call->body);
    }
    call->network = network;
    if (call->sink) {
        // Downloads go to the sink as they arrive; only a successful answer's body does. A bounded
        // read buffer makes Qt stop reading the socket while the sink catches up: without it a
        // fast site fills memory with the whole file before the first write.
        network->setReadBufferSize(256 * 1024);
        connect(network, &QNetworkReply::readyRead, this, [call, network] {
            const int status = network->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status >= 200 && status < 300 && call->sink)
                call->sink->write(network->readAll());
        });
    }
    connect(network, &QNetworkReply::sslErrors, this, [this, call, network](const QList<QSslError> &errors) {
        if (acceptTls(network, errors)) {
            network->ignoreSslErrors(errors); // these errors only, for a pinned key
            return;
        }
        for (const QSslError &e : errors)
            call->tlsProblems << e.errorString();
        call->tlsProblems << QStringLiteral("the site presents the key %1")
                                 .arg(keyPin(network->sslConfiguration().peerCertificate()));
    });
    connect(network, &QNetworkReply::encrypted, this, [this, call, network] {
        if (!m_site.pinnedKeys.isEmpty() && !keyIsPinned(network)) {
            call->pinMismatch = true;
            network->abort();
        }
    });
    connect(network, &QNetworkReply::finished, this, [this, call, network] { handleFinished(call, network); });
}

void JiraClient::retryLater(const std::shared_ptr<Call> &call, int waitMs)
{
    call->notBeforeMs = m_clock.elapsed() + waitMs;
    m_queue.push_front(call);
}

bool JiraClient::isQuotaReason(const QString &reason)
{
    return reason == QStringLiteral("jira-quota-global-based") || reason == QStringLiteral("jira-quota-tenant-based");
}

void JiraClient::applyRateLimit(const Call &call, const QString &reason, int waitMs)
{
    const qint64 until = m_clock.elapsed() + waitMs;
    if (reason == QStringLiteral("jira-burst-based"))
        m_routeNotBeforeMs[call.route] = std::max(m_routeNotBeforeMs.value(call.route), until);
    else if (reason == QStringLiteral("jira-per-issue-on-write") && !call.issue.isEmpty())
        m_issueNotBeforeMs[call.issue] = std::max(m_issueNotBeforeMs.value(call.issue), until);
    else // quota reasons, and Data Center's per-user bucket: the whole site waits
        m_pausedUntilMs = std::max(m_pausedUntilMs, until);
    // A spent quota: one probe when the wait is over, the rest once it got through.
    m_concurrency = isQuotaReason(reason) ? 1.0 : std::max(1.0, std::floor(m_concurrency / 2));
    qCInfo(lcJira).noquote() << m_site.name << "asked to slow down"
                             << (reason.isEmpty() ? QStringLiteral("(no reason given)") : reason) << "- waiting"
                             << waitMs << "ms; concurrency now" << int(m_concurrency);
    Q_EMIT throttled(reason, waitMs);
}

void JiraClient::handleFinished(const std::shared_ptr<Call> &call, QNetworkReply *network)
{
    --m_inFlight;
    network->deleteLater();
    call->network = nullptr;
    Answer answer;
    answer.status = network->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = network->isOpen() ? network->readAll() : QByteArray();
    if (call->sink && answer.status >= 200 && answer.status < 300) {
        call->sink->write(answer.body);
        answer.body.clear();
    }
    for (const auto &[name, value] : network->rawHeaderPairs())
        answer.headers.insert(name.toLower(), value);
    m_statistics.bytesReceived += answer.body.size();
    qCDebug(lcJira).noquote() << m_site.name << QString::fromLatin1(call->method) << call->url.path() << answer.status
                              << (answer.status == 0 ? network->errorString() : QString());

    if (call->reply && call->reply->m_aborted) {
        JiraError aborted;
        aborted.kind = JiraError::Kind::Aborted;
        aborted.detail = QStringLiteral("The request was cancelled.");
        return finish(call, answer, aborted);
    }
    if (answer.status == 0)
        return unanswered(call, answer, network);
    if (answer.status >= 300 && answer.status < 400 && answer.headers.contains("location"))
        return redirected(call, answer);
    const int wait = retryAfterMs(answer.headers.value("retry-after"));
    if (answer.status == 429 || (answer.status == 503 && wait >= 0))
        return rateLimited(call, answer, wait);
    if (answer.status >= 500 && call->idempotent() && call->attempts < m_options.maxAttempts) {
        qCInfo(lcJira).noquote() << m_site.name << QString::fromLatin1(call->method) << call->path << "answered"
                                 << answer.status << "; trying again";
        return retry(call, backoffMs(*call));
    }
    if (answer.status >= 400)
        return finish(call, answer, httpError(answer));
    if (answer.headers.value("x-ratelimit-nearlimit") == "true")
        m_concurrency = std::max(1.0, m_concurrency - 1);
    else
        m_concurrency = std::min<double>(m_options.maxConcurrency, m_concurrency + 1.0 / std::max(1.0, m_concurrency));
    finish(call, answer, JiraError());
}

void JiraClient::finish(const std::shared_ptr<Call> &call, const Answer &answer, const JiraError &error)
{
    if (call->reply)
        call->reply->finish(answer.status, answer.body, answer.headers, error);
    pump();
}

void JiraClient::retry(const std::shared_ptr<Call> &call, int waitMs)
{
    ++m_statistics.retries;
    retryLater(call, waitMs);
    pump();
}

int JiraClient::backoffMs(const Call &call) const
{
    const double base = m_options.backoffBaseMs * std::pow(2.0, call.attempts - 1);
    return int(std::min<double>(m_options.maxWaitMs, base * (0.5 + QRandomGenerator::global()->generateDouble() / 2)));
}

void JiraClient::unanswered(const std::shared_ptr<Call> &call, const Answer &answer, QNetworkReply *network)
{
    JiraError error;
    const auto code = network->error();
    const bool nothingSent = code == QNetworkReply::HostNotFoundError || code == QNetworkReply::ConnectionRefusedError;
    if (call->pinMismatch || !call->tlsProblems.isEmpty() || code == QNetworkReply::SslHandshakeFailedError) {
        error.kind = JiraError::Kind::Tls;
        error.detail = call->pinMismatch
            ? QStringLiteral("The certificate of %1 does not carry any pinned key (%2). If the site changed its "
                             "certificate on purpose, update the pin.")
                  .arg(call->url.host(), keyPin(network->sslConfiguration().peerCertificate()))
            : QStringLiteral("The certificate of %1 is not trusted: %2. Install its CA (--ca-file), or pin its key "
                             "with --pin if you have checked it.")
                  .arg(call->url.host(),
                       call->tlsProblems.isEmpty() ? network->errorString()
                                                   : call->tlsProblems.join(QStringLiteral("; ")));
        return finish(call, answer, error);
    }
    const bool timedOut = code == QNetworkReply::OperationCanceledError || code == QNetworkReply::TimeoutError;
    error.kind = timedOut ? JiraError::Kind::Timeout : JiraError::Kind::Network;
    error.detail = timedOut
        ? QStringLiteral("%1 sent nothing for %2 s.").arg(call->url.host()).arg(m_options.transferTimeoutMs / 1000)
        : QStringLiteral("Cannot reach %1: %2.").arg(call->url.host(), network->errorString());
    if ((call->idempotent() || nothingSent) && call->attempts < m_options.maxAttempts) {
        qCInfo(lcJira).noquote() << m_site.name << QString::fromLatin1(call->method) << call->path << "failed ("
                                 << error.detail << "); trying again";
        return retry(call, backoffMs(*call));
    }
    if (!call->idempotent() && !nothingSent) {
        // Qt's HTTP layer may already have resent it once (it does so when a connection closes
        // before any answer, whatever the method): callers that create must look for their
        // origin marker before trying again.
        error.kind = JiraError::Kind::OutcomeUnknown;
        error.detail += QStringLiteral(" The request may or may not have been applied; it is not sent again blindly.");
    }
    finish(call, answer, error);
}

void JiraClient::redirected(const std::shared_ptr<Call> &call, const Answer &answer)
{
    const QUrl target = call->url.resolved(QUrl::fromEncoded(answer.headers.value("location")));
    JiraError error;
    error.kind = JiraError::Kind::Redirect;
    error.httpStatus = answer.status;
    if (call->url.scheme() == QStringLiteral("https") && target.scheme() != QStringLiteral("https")) {
        error.detail = QStringLiteral("%1 redirected to %2, from https to plain http; Ferry refuses to follow.")
                           .arg(call->url.toString(QUrl::RemoveQuery), target.toString(QUrl::RemoveQuery));
        return finish(call, answer, error);
    }
    if (call->stopAtRedirect)
        return finish(call, answer, JiraError()); // the caller wanted the address, not the content
    if (++call->redirects > 5) {
        error.detail = QStringLiteral("Too many redirects from %1.").arg(call->url.toString(QUrl::RemoveQuery));
        return finish(call, answer, error);
    }
    if (!sameOrigin(call->url, target)) {
        if (call->write()) {
            error.detail = QStringLiteral("%1 redirected a write to another host (%2); Ferry does not resend it.")
                               .arg(call->url.host(), target.host());
            return finish(call, answer, error);
        }
        call->sendCredentials = false; // never carry credentials to another host
    }
    if (answer.status == 303) {
        call->method = "GET";
        call->body.clear();
    }
    call->url = target;
    if (call->reply)
        call->reply->m_redirects << target;
    start(call);
}

void JiraClient::rateLimited(const std::shared_ptr<Call> &call, const Answer &answer, int retryAfterMs)
{
    if (answer.status == 429)
        ++m_statistics.tooManyRequests;
    const QString reason = QString::fromLatin1(answer.headers.value("ratelimit-reason"));
    const int longest = isQuotaReason(reason) ? m_options.maxQuotaWaitMs : m_options.maxWaitMs;
    const int waitMs = std::min(longest, retryAfterMs >= 0 ? retryAfterMs : backoffMs(*call));
    applyRateLimit(*call, reason, waitMs);
    // A 429 was not processed, so even a create may go again; a 503 only when idempotent.
    if (++call->rateLimitWaits <= m_options.maxRateLimitWaits && (answer.status == 429 || call->idempotent()))
        return retry(call, waitMs);
    JiraError error;
    error.kind = JiraError::Kind::RateLimited;
    error.httpStatus = answer.status;
    error.readBody(answer.body);
    error.detail
        = QStringLiteral("Still refused after waiting %1 times as the site asked.").arg(call->rateLimitWaits - 1);
    finish(call, answer, error);
}

JiraError JiraClient::httpError(const Answer &answer) const
{
    JiraError error;
    error.kind = JiraError::Kind::Http;
    error.httpStatus = answer.status;
    error.readBody(answer.body);
    if (answer.status == 401)
        error.detail = m_site.auth == Site::Auth::Basic
            ? QStringLiteral("The site refused the credentials of %1: check the user and its API token (Jira "
                             "Cloud) or password (Data Center).")
                  .arg(m_site.user)
            : QStringLiteral("The site refused the personal access token: it may be wrong, expired or revoked.");
    return error;
}

JiraReply *JiraClient::detectDeployment()
{
    JiraReply *reply = get(QStringLiteral("/rest/api/2/serverInfo"));
    connect(reply, &JiraReply::finished, this, [this, reply] {
        if (!reply->ok())
            return;
        const QJsonObject info = reply->object();
        m_deployment = info.value(QStringLiteral("deploymentType")).toString() == QStringLiteral("Cloud")
            ? Deployment::Cloud
            : Deployment::DataCenter;
        m_serverVersion = info.value(QStringLiteral("version")).toString();
        m_serverId = info.value(QStringLiteral("serverId")).toString();
    });
    return reply;
}

JiraReply *JiraClient::siteIdentity()
{
    auto *answer = new JiraReply(this);
    const bool cloud = m_deployment == Deployment::Cloud;
    const auto finishWith = [this, answer, cloud](const JiraReply *read) {
        const QString id = cloud ? m_cloudId : m_serverId;
        JiraError error = read ? read->error() : JiraError();
        if (!error.isError() && id.isEmpty()) {
            error.kind = JiraError::Kind::BadResponse;
            error.detail = cloud ? QStringLiteral("%1 answers no cloud id at /_edge/tenant_info.").arg(m_site.name)
                                 : QStringLiteral("%1's serverInfo names no server id.").arg(m_site.name);
        }
        answer->finish(read ? read->httpStatus() : 200,
                       error.isError() ? QByteArray() : QJsonDocument(QJsonObject{{QStringLiteral("id"), id}}).toJson(),
                       {}, error);
    };
    if (!(cloud ? m_cloudId : m_serverId).isEmpty()) { // known already: no request
        QMetaObject::invokeMethod(
            answer, [finishWith] { finishWith(nullptr); }, Qt::QueuedConnection);
        return answer;
    }
    then(cloud ? get(QStringLiteral("/_edge/tenant_info")) : detectDeployment(), answer,
         [this, cloud, finishWith](JiraReply *read) {
             if (cloud && read->ok())
                 m_cloudId = read->object().value(QStringLiteral("cloudId")).toString();
             finishWith(read);
         });
    return answer;
}

SearchReply *JiraClient::search(const QString &jql, const QStringList &fields, const QStringList &expand,
                                const QStringList &properties)
{
    auto *reply = new SearchReply(this);
    if (m_deployment == Deployment::Unknown) {
        JiraError error;
        error.kind = JiraError::Kind::BadResponse;
        error.detail = QStringLiteral("The deployment type of %1 is not known yet.").arg(m_site.name);
        QMetaObject::invokeMethod(
            reply, [reply, error] { reply->finish(0, {}, {}, error); }, Qt::QueuedConnection);
        return reply;
    }
    const bool cloud = m_deployment == Deployment::Cloud;
    const bool idsOnly = fields.isEmpty() || fields == QStringList{QStringLiteral("id")};
    QJsonObject query{{QStringLiteral("jql"), jql},
                      {QStringLiteral("fields"), QJsonArray::fromStringList(fields)},
                      {QStringLiteral("maxResults"), idsOnly ? (cloud ? 5000 : 1000) : 100}};
    if (!expand.isEmpty())
        query.insert(QStringLiteral("expand"),
                     cloud ? QJsonValue(expand.join(u',')) : QJsonValue(QJsonArray::fromStringList(expand)));
    if (!properties.isEmpty())
        query.insert(QStringLiteral("properties"), QJsonArray::fromStringList(properties));
    searchPage(reply, query, 0, QString());
    return reply;
}

void JiraClient::searchPage(SearchReply *reply, const QJsonObject &query, int startAt, const QString &token)
{
    const bool cloud = m_deployment == Deployment::Cloud;
    const QString jql = query.value(QStringLiteral("jql")).toString();
    QJsonObject body = query;
    if (cloud && !token.isEmpty())
        body.insert(QStringLiteral("nextPageToken"), token);
    if (!cloud)
        body.insert(QStringLiteral("startAt"), startAt);
    // Searching is a read: Jira takes it as POST only to carry long queries.
    JiraReply *pageCall = enqueue("POST", api(cloud ? QStringLiteral("/search/jql") : QStringLiteral("/search")), {},
                                  QJsonDocument(body).toJson(QJsonDocument::Compact));
    reply->m_onAbort = [pageCall] { pageCall->abort(); };
    then(pageCall, this, [=, this](JiraReply *call) {
        if (!call->ok())
            return reply->finish(call->httpStatus(), call->body(), {}, call->error());
        const QJsonObject page = call->object();
        const QJsonArray issues = page.value(QStringLiteral("issues")).toArray();
        for (const QJsonValue &issue : issues)
            reply->m_issues << issue.toObject();
        ++reply->m_pages;
        Q_EMIT reply->progress(int(reply->m_issues.size()));
        JiraError error;
        error.kind = JiraError::Kind::BadResponse;
        if (cloud) {
            const QString next = page.value(QStringLiteral("nextPageToken")).toString();
            if (page.value(QStringLiteral("isLast")).toBool(true) || next.isEmpty())
                return reply->finish(200, {}, {}, {});
            if (next == token || issues.isEmpty()) {
                error.detail = QStringLiteral("%1 returned %2 for the search \"%3\"; stopped to avoid a loop.")
                                   .arg(m_site.name,
                                        issues.isEmpty() ? QStringLiteral("an empty page that is not the last")
                                                         : QStringLiteral("the same page token twice"),
                                        jql);
                return reply->finish(200, {}, {}, error);
            }
            return searchPage(reply, query, 0, next);
        }
        const int total = page.value(QStringLiteral("total")).toInt();
        const int next = startAt + int(issues.size());
        if (issues.isEmpty() || next >= total) {
            if (issues.isEmpty() && next < total)
                qCInfo(lcJira).noquote() << m_site.name << "search ended early at" << next << "of" << total
                                         << "issues (issues were deleted or hidden meanwhile)";
            return reply->finish(200, {}, {}, {});
        }
        searchPage(reply, query, next, QString());
    });
}

} // namespace ferry
