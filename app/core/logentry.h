#pragma once

#include <QMetaType>
#include <QString>
#include <QtGlobal>

namespace ferry {

/// Severity in increasing order (QtMsgType is not ordered: QtInfoMsg comes last).
enum class LogLevel : quint8 { Debug, Info, Warning, Critical, Fatal };

LogLevel logLevelFromQt(QtMsgType type);

/// "debug", "info", "warning", "critical", "fatal": the names the CLI and the file use.
QString logLevelName(LogLevel level);

/// One structured log record. Strings are implicitly shared, so copies are cheap.
struct LogEntry {
    quint64 id = 0; ///< Increases by one per entry, never reused in a process.
    qint64 timeMs = 0; ///< Milliseconds since the epoch, UTC.
    LogLevel level = LogLevel::Info;
    QString category; ///< "ferry.jira"
    QString pair; ///< Sync pair the entry is about, empty when none.
    QString issue; ///< Issue key the entry is about, empty when none.
    QString message; ///< Already redacted once the entry is in a sink.
};

/// "2026-11-28T14:05:00.123Z warning ferry.jira [pair=P issue=ACME-1] message", one line;
/// line breaks inside the message are continued on indented lines.
QString formatLogLine(const LogEntry &entry);

} // namespace ferry

Q_DECLARE_METATYPE(ferry::LogEntry)
