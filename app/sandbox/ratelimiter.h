#pragma once

#include <QHash>
#include <QString>

#include <deque>

namespace ferry::sandbox {

/// Jira Cloud's published rate limits: a token bucket per endpoint and method (about 100
/// requests/s for GET and POST, 50/s for PUT and DELETE), and at most 20 writes per 2 s and
/// 100 per 30 s to one issue.
class CloudRateLimiter {
public:
    struct Verdict {
        bool allowed = true;
        int limit = 0;
        int remaining = 0;
        bool nearLimit = false; ///< fewer than 20 % of the bucket left
        int retryAfterSeconds = 0;
        qint64 resetAtMs = 0;
        QString reason; ///< RateLimit-Reason of a refusal
    };

    /// Admits or refuses one request at nowMs. issue is the issue a write targets, or empty.
    Verdict admit(const QString &method, const QString &route, const QString &issue, qint64 nowMs);

private:
    struct Bucket {
        double tokens = -1;
        qint64 lastMs = 0;
    };
    QHash<QString, Bucket> m_buckets;
    QHash<QString, std::deque<qint64>> m_issueWrites;
};

} // namespace ferry::sandbox
