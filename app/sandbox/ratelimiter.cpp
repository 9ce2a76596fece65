#include "sandbox/ratelimiter.h"

#include <cmath>

namespace ferry::sandbox {

namespace {

struct Window {
    qint64 lengthMs;
    int limit;
};
constexpr Window issueWindows[] = {{2'000, 20}, {30'000, 100}};

} // namespace

CloudRateLimiter::Verdict CloudRateLimiter::admit(const QString &method, const QString &route, const QString &issue,
                                                  qint64 nowMs)
{
    const bool write = method == QStringLiteral("PUT") || method == QStringLiteral("DELETE");
    const double capacity = write ? 50 : 100;
    const double perSecond = capacity;
    Bucket &bucket = m_buckets[method + u' ' + route];
    if (bucket.tokens < 0) {
        bucket.tokens = capacity;
        bucket.lastMs = nowMs;
    }
    bucket.tokens = std::min(capacity, bucket.tokens + double(nowMs - bucket.lastMs) / 1000.0 * perSecond);
    bucket.lastMs = nowMs;

    Verdict verdict;
    verdict.limit = int(capacity);
    if (bucket.tokens < 1) {
        const double waitSeconds = (1 - bucket.tokens) / perSecond;
        verdict.allowed = false;
        verdict.retryAfterSeconds = std::max(1, int(std::ceil(waitSeconds)));
        verdict.resetAtMs = nowMs + qint64(waitSeconds * 1000);
        verdict.reason = QStringLiteral("jira-burst-based");
        return verdict;
    }

    const bool issueWrite = !issue.isEmpty() && method != QStringLiteral("GET");
    if (issueWrite) {
        std::deque<qint64> &writes = m_issueWrites[issue];
        while (!writes.empty() && writes.front() <= nowMs - issueWindows[1].lengthMs)
            writes.pop_front();
        for (const Window &window : issueWindows) {
            const auto inWindow
                = std::count_if(writes.begin(), writes.end(), [&](qint64 at) { return at > nowMs - window.lengthMs; });
            if (inWindow < window.limit)
                continue;
            // The oldest write in the window must leave it before another one fits.
            const qint64 oldest
                = *std::find_if(writes.begin(), writes.end(), [&](qint64 at) { return at > nowMs - window.lengthMs; });
            const qint64 freeAtMs = oldest + window.lengthMs;
            verdict.allowed = false;
            verdict.retryAfterSeconds = std::max(1, int(std::ceil(double(freeAtMs - nowMs) / 1000.0)));
            verdict.resetAtMs = freeAtMs;
            verdict.reason = QStringLiteral("jira-per-issue-on-write");
            verdict.remaining = 0;
            return verdict;
        }
        writes.push_back(nowMs);
    }

    bucket.tokens -= 1;
    verdict.remaining = int(std::floor(bucket.tokens));
    verdict.nearLimit = bucket.tokens < capacity * 0.2;
    return verdict;
}

} // namespace ferry::sandbox
