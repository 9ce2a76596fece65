#pragma once

#include <QString>

namespace ferry {

/// Attaches a sync pair and an issue key to every log entry the current thread writes
/// while the scope lives. Scopes nest; leaving one restores the enclosing context.
///
///     const LogScope scope(pair.name(), issue.key());
///     qCInfo(lcEngine) << "applied" << op.id();   // carries pair and issue
class LogScope {
public:
    explicit LogScope(const QString &pair, const QString &issue = QString());
    ~LogScope();
    LogScope(const LogScope &) = delete;
    LogScope &operator=(const LogScope &) = delete;

    static QString currentPair();
    static QString currentIssue();

private:
    QString m_outerPair;
    QString m_outerIssue;
};

} // namespace ferry
