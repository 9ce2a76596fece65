#pragma once

#include "core/logentry.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ferry {

/// Formats log entries and appends them to a file on a thread of its own, so that logging
/// threads never wait for formatting or the disk. The file is readable by its owner only and rotates by size:
/// ferry.log → ferry.log.1 → … → ferry.log.N, the oldest dropped.
///
/// When the disk cannot keep up, entries beyond a bounded backlog are dropped and counted,
/// and a line in the file says how many. When the file cannot be written (full disk,
/// permissions), the writer reports it once through the problem callback and retries with
/// the next batch; the entries stay in the in-memory buffer.
class LogFileWriter {
public:
    struct Options {
        QString path;
        qint64 maxFileBytes = 10 * 1024 * 1024;
        int keptFiles = 5;
        size_t maxBacklogEntries = 200'000;
    };
    using ProblemCallback = std::function<void(const QString &)>;

    LogFileWriter(Options options, ProblemCallback onProblem);
    ~LogFileWriter();
    LogFileWriter(const LogFileWriter &) = delete;
    LogFileWriter &operator=(const LogFileWriter &) = delete;

    void enqueue(const LogEntry &entry);
    /// Returns once every entry queued before the call is written.
    void flush();

    const Options &options() const { return m_options; }

private:
    void run();
    void writeBatch(const std::vector<LogEntry> &entries, quint64 dropped);
    bool openFile();
    void rotate();

    Options m_options;
    ProblemCallback m_onProblem;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_written;
    std::vector<LogEntry> m_backlog;
    quint64 m_dropped = 0;
    quint64 m_queuedBatches = 0;
    quint64 m_writtenBatches = 0;
    bool m_stopping = false;

    // Owned by the writer thread.
    QFile m_file;
    bool m_reportedFailure = false;

    std::thread m_thread;
};

} // namespace ferry
