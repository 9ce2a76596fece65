#include "core/logentry.h"

#include <QDateTime>

namespace ferry {

LogLevel logLevelFromQt(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return LogLevel::Debug;
    case QtInfoMsg:
        return LogLevel::Info;
    case QtWarningMsg:
        return LogLevel::Warning;
    case QtCriticalMsg:
        return LogLevel::Critical;
    case QtFatalMsg:
        return LogLevel::Fatal;
    }
    return LogLevel::Warning;
}

QString logLevelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug:
        return QStringLiteral("debug");
    case LogLevel::Info:
        return QStringLiteral("info");
    case LogLevel::Warning:
        return QStringLiteral("warning");
    case LogLevel::Critical:
        return QStringLiteral("critical");
    case LogLevel::Fatal:
        return QStringLiteral("fatal");
    }
    return QString();
}

namespace {

/// "2026-11-28T14:05:00.123Z". Formatting a QDateTime is costly and log entries come many
/// per second, so each thread keeps the text of the last second it formatted.
QString isoTimestamp(qint64 msecsSinceEpoch)
{
    thread_local qint64 cachedSecond = -1;
    thread_local QString cachedPrefix;
    const qint64 second = msecsSinceEpoch >= 0 ? msecsSinceEpoch / 1000 : (msecsSinceEpoch - 999) / 1000;
    if (second != cachedSecond) {
        cachedSecond = second;
        cachedPrefix = QDateTime::fromSecsSinceEpoch(second, Qt::UTC).toString(u"yyyy-MM-ddTHH:mm:ss");
    }
    const auto millis = static_cast<int>(msecsSinceEpoch - second * 1000);
    return cachedPrefix + u'.' + QString::number(millis).rightJustified(3, u'0') + u'Z';
}

} // namespace

QString formatLogLine(const LogEntry &entry)
{
    QString line = isoTimestamp(entry.timeMs) + u' ' + logLevelName(entry.level) + u' ' + entry.category;
    if (!entry.pair.isEmpty() || !entry.issue.isEmpty()) {
        line += QStringLiteral(" [");
        if (!entry.pair.isEmpty())
            line += QStringLiteral("pair=") + entry.pair;
        if (!entry.pair.isEmpty() && !entry.issue.isEmpty())
            line += u' ';
        if (!entry.issue.isEmpty())
            line += QStringLiteral("issue=") + entry.issue;
        line += u']';
    }
    line += u' ';
    QString message = entry.message;
    message.replace(u'\n', QStringLiteral("\n    "));
    return line + message;
}

} // namespace ferry
