#pragma once

#include "core/logentry.h"
#include "core/secretredactor.h"

#include <QList>
#include <QMutex>
#include <QObject>

#include <atomic>
#include <memory>
#include <vector>

namespace ferry {

class LogFileWriter;

/// Where every log message of the process ends up. Installed as Qt's message handler, it
/// turns each message into a LogEntry (with the pair and issue of the thread's LogScope),
/// redacts secrets, keeps the newest entries in a bounded ring buffer, appends each to a
/// rotating file, and echoes the important ones to stderr.
///
/// Thread-safe: any thread may log. Readers pull batches with entriesAfter(); the
/// entriesAvailable() signal fires once per batch, not once per entry.
class LogSink : public QObject {
    Q_OBJECT
public:
    struct Options {
        qsizetype capacity = 100'000; ///< Entries kept in memory.
        QString filePath; ///< Empty: no file.
        qint64 maxFileBytes = 10 * 1024 * 1024;
        int keptFiles = 5;
        /// Entries at this level or above are echoed to stderr; Fatal+1 echoes none.
        int stderrLevel = static_cast<int>(LogLevel::Warning);
    };

    /// The options a program uses: a log file "<program>.log" in the application's data folder.
    static Options defaultOptions(const QString &program);

    explicit LogSink(const Options &options, QObject *parent = nullptr);
    ~LogSink() override;

    /// Makes this sink Qt's message handler until uninstall() or destruction. Sinks installed
    /// one after another are uninstalled in the reverse order.
    void install();
    void uninstall();

    /// Adds an entry with the current thread's pair and issue context.
    void append(LogLevel level, const QString &category, const QString &message);
    /// Adds an entry as given; id and time are assigned here, the message is redacted.
    void append(LogEntry entry);

    /// Entries with an id above afterId that are still in the buffer, oldest first.
    /// Calling it re-arms entriesAvailable().
    QList<LogEntry> entriesAfter(quint64 afterId) const;
    quint64 lastId() const;
    qsizetype size() const;
    qsizetype capacity() const { return m_capacity; }

    /// Empties the buffer (the file keeps everything). Ids keep increasing.
    void clear();
    /// Returns once everything logged so far is in the file.
    void flushFile();
    QString filePath() const { return m_options.filePath; }
    /// Entries at this level or above are echoed to stderr from now on.
    void setStderrLevel(LogLevel level) { m_stderrLevel.store(static_cast<int>(level)); }

    SecretRedactor &redactor() { return m_redactor; }

Q_SIGNALS:
    /// New entries are waiting. Emitted from the logging thread, once until the next
    /// entriesAfter() call: connect with a queued connection and pull.
    void entriesAvailable();
    /// clear() was called.
    void cleared();

private:
    static void handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &message);
    void store(LogEntry &&entry, bool toFile);
    void echoToStderr(const LogEntry &entry) const;

    const Options m_options;
    const qsizetype m_capacity;
    SecretRedactor m_redactor;
    std::unique_ptr<LogFileWriter> m_file;

    mutable QMutex m_mutex;
    std::vector<LogEntry> m_ring; // entry id k lives at (k - 1) % capacity
    quint64 m_lastId = 0;
    quint64 m_oldestId = 1;
    mutable std::atomic<bool> m_notifyPending{false};
    std::atomic<int> m_stderrLevel;

    QtMessageHandler m_previousHandler = nullptr;
    LogSink *m_previousSink = nullptr;
    bool m_installed = false;
};

} // namespace ferry
