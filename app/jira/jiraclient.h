#pragma once

#include "jira/jiraerror.h"
#include "jira/site.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <deque>
#include <functional>
#include <memory>

class QHttpMultiPart;
class QIODevice;
class QNetworkAccessManager;
class QNetworkReply;
class QSslError;

namespace ferry {

/// One request to Jira, or a sequence of them (paging), as the caller sees it: finished()
/// fires once, then ok(), json() or error() tell the outcome.
class JiraReply : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    bool isFinished() const { return m_finished; }
    bool ok() const { return m_finished && !m_error.isError(); }
    int httpStatus() const { return m_status; }
    const QByteArray &body() const { return m_body; }
    QJsonDocument json() const { return QJsonDocument::fromJson(m_body); }
    QJsonObject object() const { return json().object(); }
    const JiraError &error() const { return m_error; }
    QByteArray header(const QByteArray &lowerCaseName) const { return m_headers.value(lowerCaseName); }
    /// Where the request was sent on, in order (each redirect followed).
    const QList<QUrl> &redirects() const { return m_redirects; }

    /// Stops the request; finished() follows with an Aborted error.
    void abort();

Q_SIGNALS:
    void finished();
    /// Paging: issues fetched so far.
    void progress(int done);

private:
    friend class JiraClient;
    friend class SearchReply;
    void finish(int status, QByteArray body, QHash<QByteArray, QByteArray> headers, JiraError error);

    std::function<void()> m_onAbort; ///< set by the client: stops the request in flight
    bool m_finished = false;
    bool m_aborted = false;
    int m_status = 0;
    QByteArray m_body;
    QHash<QByteArray, QByteArray> m_headers;
    QList<QUrl> m_redirects;
    JiraError m_error;
};

/// Runs handler(reply) once the reply finished, on context's thread and only while context
/// lives, and deletes the reply once control is back in the event loop: a step reads top to
/// bottom, and no reply outlives its handler. The deletion is asked for before the handler runs,
/// so a handler may end what owns the client (and the reply with it). The reply is then()'s from
/// here on; nothing else may delete it.
template <typename Reply, typename Handler> void then(Reply *reply, const QObject *context, Handler handler)
{
    QObject::connect(
        reply, &JiraReply::finished, context,
        [reply, handler = std::move(handler)]() mutable {
            reply->deleteLater();
            handler(reply);
        },
        Qt::SingleShotConnection);
}

/// The issues of a search, fetched page by page in the style the site speaks.
class SearchReply : public JiraReply {
    Q_OBJECT
public:
    using JiraReply::JiraReply;
    const QList<QJsonObject> &issues() const { return m_issues; }
    int pages() const { return m_pages; }

private:
    friend class JiraClient;
    QList<QJsonObject> m_issues;
    int m_pages = 0;
};

/// Talks to one Jira site over REST, asynchronously, on the thread that owns the given
/// QNetworkAccessManager: authentication, Jira's error bodies, activity-reset timeouts,
/// redirects that never downgrade to http nor carry credentials to another host, TLS with
/// optional public-key pins and extra CAs, polite behaviour under rate limits (Retry-After,
/// RateLimit-Reason, adaptive concurrency), retries of what is safe to retry, and request
/// accounting.
class JiraClient : public QObject {
    Q_OBJECT
public:
    enum class Deployment { Unknown, Cloud, DataCenter };

    struct Options {
        int maxConcurrency = 6; ///< requests in flight at most
        int transferTimeoutMs = 30'000; ///< no byte moved for this long: the request failed
        int maxAttempts = 5; ///< for network failures and 5xx of retryable requests
        int maxRateLimitWaits = 12; ///< 429s one request may wait through
        int backoffBaseMs = 500;
        int maxWaitMs = 300'000; ///< longest single wait, whatever Retry-After says
        /// Longest wait when Cloud's hourly quota is spent (its Retry-After goes up to an hour):
        /// waking earlier would only spend a request on another refusal.
        int maxQuotaWaitMs = 2 * 3'600'000;
    };

    struct Statistics {
        QMap<QString, qint64> byMethod; ///< "GET" → requests sent (every attempt counts)
        QMap<QString, qint64> byResource; ///< "issue", "search", … → requests sent
        qint64 retries = 0;
        qint64 tooManyRequests = 0;
        qint64 bytesSent = 0;
        qint64 bytesReceived = 0;
        qint64 requests() const;
    };

    JiraClient(const Site &site, const QString &secret, QNetworkAccessManager *network, QObject *parent = nullptr);
    ~JiraClient() override;

    void setOptions(const Options &options) { m_options = options; }
    const Site &site() const { return m_site; }

    /// path is below the site's base URL: "/rest/api/2/myself".
    JiraReply *get(const QString &path, const QUrlQuery &query = QUrlQuery());
    JiraReply *post(const QString &path, const QJsonValue &body);
    JiraReply *put(const QString &path, const QJsonValue &body);
    JiraReply *del(const QString &path, const QUrlQuery &query = QUrlQuery());

    /// Reads serverInfo and picks the dialect: Cloud (v3, ADF, accountId, search/jql) or
    /// Data Center (v2, wiki markup, name/key, search).
    JiraReply *detectDeployment();
    Deployment deployment() const { return m_deployment; }
    QString serverVersion() const { return m_serverVersion; }
    /// The site's identity as Jira reports it: Cloud's cloud id (/_edge/tenant_info), Data
    /// Center's server id (serverInfo). Licenses and trials are keyed by it, not by the address
    /// text. On success the reply's object() holds {"id": …}. Needs the deployment to be known.
    JiraReply *siteIdentity();
    /// "/rest/api/3" + resource on Cloud, "/rest/api/2" + resource on Data Center.
    QString api(const QString &resource) const;

    /// Every issue that matches jql, all pages, with the given fields (and issue properties, by
    /// key). Needs the deployment to be known (detectDeployment()).
    SearchReply *search(const QString &jql, const QStringList &fields, const QStringList &expand = {},
                        const QStringList &properties = {});

    /// How many issues match jql: Cloud's approximate count, Data Center's search total. On
    /// success the reply's object() holds {"count": N}. Needs the deployment to be known.
    JiraReply *countIssues(const QString &jql);

    // Typed operations. Paths follow the deployment (detectDeployment() first); bodies and
    // answers are Jira's JSON, as the REST API documents it for that deployment.

    /// The site's metadata: fields (with schema), issue types, statuses, priorities,
    /// resolutions and link types, fetched once and cached until refresh is true.
    /// On success the reply's object() holds them under those names.
    JiraReply *metadata(bool refresh = false);
    JiraReply *projects();
    JiraReply *createMeta(const QString &projectKey, const QString &issueTypeId);
    JiraReply *editMeta(const QString &issueKey);
    JiraReply *findUsers(const QString &query);
    /// One page of every user the site lets this user see (an array): Cloud's users/search, or
    /// Data Center's user search for ".".
    JiraReply *users(int startAt, int maxResults);

    JiraReply *getIssue(const QString &key, const QStringList &fields, const QStringList &expand = {},
                        const QStringList &properties = {});
    /// Issues by key or id, a hundred per request: Cloud's bulkfetch, or a key search on Data Center.
    SearchReply *fetchIssues(const QStringList &keys, const QStringList &fields);
    /// Answers {id, key, self}. properties: [{"key": …, "value": …}], set in the same request.
    JiraReply *createIssue(const QJsonObject &fields, const QJsonArray &properties = {});
    /// Deletes an issue (one without sub-tasks).
    JiraReply *deleteIssue(const QString &key);
    /// Up to 50 issues in one request; answers {issues: […], errors: […]}.
    JiraReply *createIssues(const QList<QJsonObject> &issueUpdates);
    JiraReply *editIssue(const QString &key, const QJsonObject &fields, const QJsonObject &update = {});
    JiraReply *transitions(const QString &key);
    JiraReply *transition(const QString &key, const QString &transitionId, const QJsonObject &fields = {});
    /// A page of an issue's comments, oldest first, from startAt, each with its properties.
    JiraReply *comments(const QString &key, int startAt = 0);
    /// properties: the comment's entity properties (sd.public.comment marks a service project's
    /// internal note).
    JiraReply *addComment(const QString &key, const QJsonValue &body, const QJsonObject &visibility = {},
                          const QJsonArray &properties = {});
    JiraReply *editComment(const QString &key, const QString &commentId, const QJsonValue &body,
                           const QJsonObject &visibility = {}, const QJsonArray &properties = {});
    JiraReply *deleteComment(const QString &key, const QString &commentId);
    JiraReply *worklogs(const QString &key, int startAt = 0);
    /// adjustEstimate: "leave" the remaining estimate, or reduce it "auto"matically.
    JiraReply *addWorklog(const QString &key, const QJsonObject &worklog,
                          const QString &adjustEstimate = QStringLiteral("auto"));
    JiraReply *editWorklog(const QString &key, const QString &worklogId, const QJsonObject &worklog,
                           const QString &adjustEstimate);
    JiraReply *deleteWorklog(const QString &key, const QString &worklogId, const QString &adjustEstimate);
    JiraReply *createLink(const QString &typeName, const QString &inwardKey, const QString &outwardKey);
    JiraReply *deleteLink(const QString &linkId);
    /// Adds a remote link to an issue, or updates the one with the same globalId.
    JiraReply *putRemoteLink(const QString &key, const QJsonObject &remoteLink);
    JiraReply *deleteRemoteLink(const QString &key, const QString &remoteLinkId);
    JiraReply *property(const QString &key, const QString &name);
    JiraReply *setProperty(const QString &key, const QString &name, const QJsonValue &value);
    JiraReply *deleteProperty(const QString &key, const QString &name);
    /// Streams source (opened, seekable) to the issue as an attachment; answers [attachment].
    JiraReply *uploadAttachment(const QString &key, QIODevice *source, const QString &fileName,
                                const QString &mimeType = QString());
    /// Streams an attachment's content into target as it arrives (never whole in memory).
    /// contentUrl is the attachment's "content" link.
    JiraReply *downloadAttachment(const QUrl &contentUrl, QIODevice *target);
    JiraReply *deleteAttachment(const QString &attachmentId);
    /// Cloud: asks where an attachment's content lives without downloading it; the answer's
    /// "location" header names its file in the media service (mediaFileIdIn()).
    JiraReply *attachmentLocation(const QString &attachmentId);
    /// The media file id in an address of Cloud's media service ("…/file/<id>/binary…"); empty
    /// when the address is not one.
    static QString mediaFileIdIn(const QUrl &url);

    /// Whether a RateLimit-Reason says an hourly quota of the site (or of all Cloud) is spent:
    /// every request to the site waits, and one probe goes first when the wait is over.
    static bool isQuotaReason(const QString &reason);

    const Statistics &statistics() const { return m_statistics; }
    int concurrency() const { return int(m_concurrency); }

Q_SIGNALS:
    /// Jira asked to slow down: reason as in RateLimit-Reason, the wait in milliseconds.
    void throttled(const QString &reason, int waitMs);

private:
    struct Call;
    JiraReply *enqueue(const QByteArray &method, const QString &path, const QUrlQuery &query, const QByteArray &body,
                       JiraReply *reply = nullptr);
    std::shared_ptr<Call> makeCall(const QByteArray &method, const QString &path, const QUrlQuery &query,
                                   const QByteArray &body, JiraReply *reply);
    JiraReply *submit(const std::shared_ptr<Call> &call);
    /// A POST whose multipart body is built anew for each attempt.
    JiraReply *submitUpload(const QString &path, std::function<QHttpMultiPart *()> makeBody);
    /// A GET whose successful answer streams into target.
    /// A GET answered by its redirect, not followed.
    JiraReply *submitLocation(const QString &path);
    JiraReply *submitDownload(const QString &path, const QUrlQuery &query, QIODevice *target);
    static QByteArray compact(const QJsonValue &value);
    void pump();
    void start(const std::shared_ptr<Call> &call);
    /// What one attempt was answered.
    struct Answer {
        int status = 0; ///< 0: no HTTP answer at all
        QByteArray body;
        QHash<QByteArray, QByteArray> headers; ///< names lower-cased
    };
    /// An attempt ended: what its answer means decides whether the call is retried, follows a
    /// redirect, or finishes (with or without an error).
    void handleFinished(const std::shared_ptr<Call> &call, QNetworkReply *network);
    /// No HTTP answer: TLS refused, the site unreachable or silent. Retried when that is safe.
    void unanswered(const std::shared_ptr<Call> &call, const Answer &answer, QNetworkReply *network);
    /// Follows a redirect, unless it downgrades to http, goes round, or takes a write elsewhere.
    void redirected(const std::shared_ptr<Call> &call, const Answer &answer);
    /// Waits as the site asked (429, or 503 with Retry-After) and tries again, up to a limit.
    void rateLimited(const std::shared_ptr<Call> &call, const Answer &answer, int retryAfterMs);
    JiraError httpError(const Answer &answer) const;
    /// The wait before the next attempt of a call that failed: exponential, with jitter.
    int backoffMs(const Call &call) const;
    void retry(const std::shared_ptr<Call> &call, int waitMs);
    /// Hands the answer to the caller's reply and takes the next call of the queue.
    void finish(const std::shared_ptr<Call> &call, const Answer &answer, const JiraError &error);
    void retryLater(const std::shared_ptr<Call> &call, int waitMs);
    bool acceptTls(QNetworkReply *network, const QList<QSslError> &errors) const;
    bool keyIsPinned(QNetworkReply *network) const;
    QNetworkRequest buildRequest(const Call &call) const;
    qint64 readyAtMs(const Call &call) const;
    void applyRateLimit(const Call &call, const QString &reason, int waitMs);
    /// One page of a search; query holds the request body but for the page's position.
    void searchPage(SearchReply *reply, const QJsonObject &query, int startAt, const QString &token);

    Site m_site;
    QByteArray m_authorization;
    QNetworkAccessManager *m_network;
    Options m_options;
    Deployment m_deployment = Deployment::Unknown;
    QString m_serverVersion;
    QString m_serverId; ///< Data Center's, from serverInfo
    QString m_cloudId; ///< Cloud's, from /_edge/tenant_info once asked

    std::deque<std::shared_ptr<Call>> m_queue;
    int m_inFlight = 0;
    double m_concurrency;
    QElapsedTimer m_clock;
    qint64 m_pausedUntilMs = 0;
    QHash<QString, qint64> m_routeNotBeforeMs;
    QHash<QString, qint64> m_issueNotBeforeMs;
    QTimer m_wake;
    Statistics m_statistics;
    QJsonObject m_metadata;
};

} // namespace ferry
