#include "core/logsink.h"

#include "core/logfilewriter.h"
#include "core/logscope.h"

#include <QDateTime>
#include <QDir>
#include <QStandardPaths>

#include <cstdio>

namespace ferry {

namespace {
// Qt's message handler is a plain function; it reaches the installed sink through this.
std::atomic<LogSink *> g_installedSink{nullptr};
} // namespace

LogSink::Options LogSink::defaultOptions(const QString &program)
{
    Options options;
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    if (!dataDir.isEmpty())
        options.filePath = dataDir + QStringLiteral("/logs/") + program + QStringLiteral(".log");
    return options;
}

LogSink::LogSink(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_capacity(qMax<qsizetype>(1, options.capacity))
    , m_ring(static_cast<size_t>(m_capacity))
    , m_stderrLevel(options.stderrLevel)
{
    if (!m_options.filePath.isEmpty()) {
        LogFileWriter::Options fileOptions;
        fileOptions.path = m_options.filePath;
        fileOptions.maxFileBytes = m_options.maxFileBytes;
        fileOptions.keptFiles = m_options.keptFiles;
        m_file = std::make_unique<LogFileWriter>(fileOptions, [this](const QString &problem) {
            LogEntry entry;
            entry.level = LogLevel::Warning;
            entry.category = QStringLiteral("ferry.core");
            entry.message = problem;
            store(std::move(entry), false);
        });
    }
}

LogSink::~LogSink()
{
    uninstall();
}

void LogSink::install()
{
    if (m_installed)
        return;
    m_previousSink = g_installedSink.exchange(this);
    m_previousHandler = qInstallMessageHandler(&LogSink::handleMessage);
    m_installed = true;
}

void LogSink::uninstall()
{
    if (!m_installed)
        return;
    m_installed = false;
    // Another sink installed after this one stays in charge.
    LogSink *expected = this;
    if (g_installedSink.compare_exchange_strong(expected, m_previousSink))
        qInstallMessageHandler(m_previousHandler);
    if (m_file)
        m_file->flush();
}

void LogSink::handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    LogSink *sink = g_installedSink.load();
    if (!sink) {
        std::fprintf(stderr, "%s\n", qPrintable(message));
        return;
    }
    const QString category = context.category ? QString::fromLatin1(context.category) : QStringLiteral("default");
    sink->append(logLevelFromQt(type), category, message);
    if (type == QtFatalMsg)
        sink->flushFile();
}

void LogSink::append(LogLevel level, const QString &category, const QString &message)
{
    LogEntry entry;
    entry.level = level;
    entry.category = category;
    entry.pair = LogScope::currentPair();
    entry.issue = LogScope::currentIssue();
    entry.message = message;
    append(std::move(entry));
}

void LogSink::append(LogEntry entry)
{
    store(std::move(entry), true);
}

void LogSink::store(LogEntry &&entry, bool toFile)
{
    entry.message = m_redactor.redact(entry.message);
    {
        const QMutexLocker locker(&m_mutex);
        entry.id = ++m_lastId;
        entry.timeMs = QDateTime::currentMSecsSinceEpoch();
        if (m_lastId - m_oldestId >= static_cast<quint64>(m_capacity))
            m_oldestId = m_lastId - static_cast<quint64>(m_capacity) + 1;
        if (m_file && toFile)
            m_file->enqueue(entry); // under the lock: the file keeps id order
        m_ring[(entry.id - 1) % static_cast<quint64>(m_capacity)] = entry;
    }
    if (static_cast<int>(entry.level) >= m_stderrLevel.load())
        echoToStderr(entry);
    if (!m_notifyPending.exchange(true))
        Q_EMIT entriesAvailable();
}

void LogSink::echoToStderr(const LogEntry &entry) const
{
    const QByteArray line = formatLogLine(entry).toLocal8Bit() + '\n';
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stderr);
}

QList<LogEntry> LogSink::entriesAfter(quint64 afterId) const
{
    m_notifyPending.store(false);
    const QMutexLocker locker(&m_mutex);
    const quint64 first = qMax(afterId + 1, m_oldestId);
    QList<LogEntry> entries;
    if (first > m_lastId)
        return entries;
    entries.reserve(static_cast<qsizetype>(m_lastId - first + 1));
    for (quint64 id = first; id <= m_lastId; ++id)
        entries.append(m_ring[(id - 1) % static_cast<quint64>(m_capacity)]);
    return entries;
}

quint64 LogSink::lastId() const
{
    const QMutexLocker locker(&m_mutex);
    return m_lastId;
}

qsizetype LogSink::size() const
{
    const QMutexLocker locker(&m_mutex);
    return static_cast<qsizetype>(m_lastId + 1 - m_oldestId);
}

void LogSink::clear()
{
    {
        const QMutexLocker locker(&m_mutex);
        for (LogEntry &entry : m_ring)
            entry = LogEntry();
        m_oldestId = m_lastId + 1;
    }
    Q_EMIT cleared();
}

void LogSink::flushFile()
{
    if (m_file)
        m_file->flush();
}

} // namespace ferry
