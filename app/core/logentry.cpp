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

QString formatLogLine(const LogEntry &entry)
{
    QString line = QDateTime::fromMSecsSinceEpoch(entry.timeMs, Qt::UTC).toString(Qt::ISODateWithMs) + u' '
        + logLevelName(entry.level) + u' ' + entry.category;
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
