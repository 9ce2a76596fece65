#include "core/logfilewriter.h"

#include <QDir>
#include <QFileInfo>

namespace ferry {

LogFileWriter::LogFileWriter(Options options, ProblemCallback onProblem)
    : m_options(std::move(options))
    , m_onProblem(std::move(onProblem))
    , m_thread([this] { run(); })
{
}

LogFileWriter::~LogFileWriter()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void LogFileWriter::enqueue(const LogEntry &entry)
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_backlog.size() >= m_options.maxBacklogEntries) {
            ++m_dropped;
            return;
        }
        m_backlog.push_back(entry);
    }
    m_wake.notify_one();
}

void LogFileWriter::flush()
{
    std::unique_lock lock(m_mutex);
    const quint64 target = m_queuedBatches + (m_backlog.empty() && m_dropped == 0 ? 0 : 1);
    m_wake.notify_one();
    m_written.wait(lock, [&] { return m_writtenBatches >= target || m_stopping; });
}

void LogFileWriter::run()
{
    std::vector<LogEntry> batch;
    for (;;) {
        quint64 dropped = 0;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stopping || !m_backlog.empty() || m_dropped > 0; });
            if (m_backlog.empty() && m_dropped == 0 && m_stopping)
                return;
            batch.swap(m_backlog);
            std::swap(dropped, m_dropped);
            ++m_queuedBatches;
        }
        writeBatch(batch, dropped);
        batch.clear();
        {
            const std::lock_guard lock(m_mutex);
            ++m_writtenBatches;
        }
        m_written.notify_all();
    }
}

void LogFileWriter::writeBatch(const std::vector<LogEntry> &entries, quint64 dropped)
{
    QByteArray bytes;
    for (const LogEntry &entry : entries) {
        bytes += formatLogLine(entry).toUtf8();
        bytes += '\n';
    }
    if (dropped > 0)
        bytes += QByteArrayLiteral("(") + QByteArray::number(dropped)
            + QByteArrayLiteral(" log entries dropped: the disk could not keep up)\n");

    if (m_file.isOpen() && m_file.size() + bytes.size() > m_options.maxFileBytes && m_file.size() > 0)
        rotate();
    if (!m_file.isOpen() && !openFile())
        return;
    if (m_file.write(bytes) != bytes.size() || !m_file.flush()) {
        const QString problem = QStringLiteral("Cannot write the log file %1: %2. Log entries stay visible in the "
                                               "log pane; free disk space or fix the folder's permissions.")
                                    .arg(QDir::toNativeSeparators(m_file.fileName()), m_file.errorString());
        m_file.close();
        if (!m_reportedFailure && m_onProblem)
            m_onProblem(problem);
        m_reportedFailure = true;
        return;
    }
    m_reportedFailure = false;
}

bool LogFileWriter::openFile()
{
    const QFileInfo info(m_options.path);
    QDir().mkpath(info.absolutePath());
    QFile::setPermissions(info.absolutePath(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    m_file.setFileName(m_options.path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        if (!m_reportedFailure && m_onProblem)
            m_onProblem(QStringLiteral("Cannot open the log file %1: %2. Log entries stay visible in the log pane.")
                            .arg(QDir::toNativeSeparators(m_options.path), m_file.errorString()));
        m_reportedFailure = true;
        return false;
    }
    m_file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    return true;
}

void LogFileWriter::rotate()
{
    m_file.close();
    const QString base = m_options.path;
    QFile::remove(base + u'.' + QString::number(m_options.keptFiles));
    for (int i = m_options.keptFiles - 1; i >= 1; --i)
        QFile::rename(base + u'.' + QString::number(i), base + u'.' + QString::number(i + 1));
    if (m_options.keptFiles > 0)
        QFile::rename(base, base + u'.' + QString::number(1));
    else
        QFile::remove(base);
}

} // namespace ferry
