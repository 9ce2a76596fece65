#include "ui/logmodel.h"

#include "core/logsink.h"
#include "ui/colours.h"

#include <QBrush>
#include <QDateTime>

namespace ferry {

LogModel::LogModel(LogSink *sink, QObject *parent)
    : QAbstractTableModel(parent)
    , m_sink(sink)
{
    m_fetchTimer.setSingleShot(true);
    m_fetchTimer.setInterval(batchIntervalMs);
    connect(&m_fetchTimer, &QTimer::timeout, this, &LogModel::fetchNow);
    connect(m_sink, &LogSink::entriesAvailable, this, &LogModel::scheduleFetch, Qt::QueuedConnection);
    connect(m_sink, &LogSink::cleared, this, &LogModel::resetFromSink, Qt::QueuedConnection);
    resetFromSink();
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const LogEntry &e = entry(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(e.timeMs).toString(QStringLiteral("HH:mm:ss.zzz"));
        case LevelColumn:
            return logLevelName(e.level);
        case CategoryColumn:
            return e.category;
        case PairColumn:
            return e.pair;
        case IssueColumn:
            return e.issue;
        case MessageColumn: {
            QString firstLine = e.message.section(u'\n', 0, 0);
            return firstLine.size() < e.message.size() ? firstLine + QStringLiteral(" …") : firstLine;
        }
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return QDateTime::fromMSecsSinceEpoch(e.timeMs).toString(Qt::ISODateWithMs);
        if (index.column() == MessageColumn)
            return e.message;
        break;
    case Qt::ForegroundRole:
        if (e.level >= LogLevel::Critical)
            return QBrush(errorColour());
        if (e.level == LogLevel::Warning)
            return QBrush(warningColour());
        break;
    case LevelRole:
        return static_cast<int>(e.level);
    case EntryIdRole:
        return e.id;
    }
    return QVariant();
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Level");
    case CategoryColumn:
        return tr("Category");
    case PairColumn:
        return tr("Pair");
    case IssueColumn:
        return tr("Issue");
    case MessageColumn:
        return tr("Message");
    }
    return QVariant();
}

void LogModel::scheduleFetch()
{
    if (!m_fetchTimer.isActive())
        m_fetchTimer.start();
}

void LogModel::fetchNow()
{
    m_fetchTimer.stop();
    append(m_sink->entriesAfter(m_lastId));
}

void LogModel::clear()
{
    m_sink->clear();
    resetFromSink();
}

void LogModel::resetFromSink()
{
    beginResetModel();
    m_entries.clear();
    m_pairs.clear();
    m_warnings = 0;
    m_errors = 0;
    const QList<LogEntry> entries = m_sink->entriesAfter(0);
    for (const LogEntry &e : entries) {
        m_entries.push_back(e);
        noteEntry(e);
    }
    m_pairs.sort();
    m_lastId = entries.isEmpty() ? m_sink->lastId() : entries.constLast().id;
    endResetModel();
    Q_EMIT pairsChanged();
    Q_EMIT countsChanged();
}

void LogModel::append(const QList<LogEntry> &entries)
{
    if (entries.isEmpty())
        return;
    m_lastId = entries.constLast().id;
    const auto capacity = static_cast<size_t>(m_sink->capacity());
    const size_t incoming = qMin(static_cast<size_t>(entries.size()), capacity);
    const size_t overflow = m_entries.size() + incoming > capacity ? m_entries.size() + incoming - capacity : 0;

    if (overflow > 0 && overflow >= m_entries.size()) {
        // Every row we show is evicted: a reset is cheaper than removing them one range at a time.
        beginResetModel();
        m_entries.clear();
        for (qsizetype i = entries.size() - static_cast<qsizetype>(incoming); i < entries.size(); ++i)
            m_entries.push_back(entries.at(i));
        endResetModel();
    } else {
        if (overflow > 0) {
            beginRemoveRows(QModelIndex(), 0, static_cast<int>(overflow) - 1);
            m_entries.erase(m_entries.begin(), m_entries.begin() + static_cast<std::ptrdiff_t>(overflow));
            endRemoveRows();
        }
        const int first = static_cast<int>(m_entries.size());
        beginInsertRows(QModelIndex(), first, first + static_cast<int>(incoming) - 1);
        for (qsizetype i = entries.size() - static_cast<qsizetype>(incoming); i < entries.size(); ++i)
            m_entries.push_back(entries.at(i));
        endInsertRows();
    }

    const qsizetype knownPairs = m_pairs.size();
    const int knownProblems = m_warnings + m_errors;
    for (const LogEntry &e : entries)
        noteEntry(e);
    if (m_pairs.size() != knownPairs) {
        m_pairs.sort();
        Q_EMIT pairsChanged();
    }
    if (m_warnings + m_errors != knownProblems)
        Q_EMIT countsChanged();
    Q_EMIT batchAppended();
}

void LogModel::noteEntry(const LogEntry &entry)
{
    if (entry.level == LogLevel::Warning)
        ++m_warnings;
    else if (entry.level >= LogLevel::Critical)
        ++m_errors;
    if (!entry.pair.isEmpty() && !m_pairs.contains(entry.pair))
        m_pairs.append(entry.pair);
}

} // namespace ferry
