#pragma once

#include "core/logentry.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <QTimer>

#include <deque>

namespace ferry {

class LogSink;

/// A table over the entries of a LogSink. It pulls new entries in batches (at most one
/// model update per batch interval, however fast entries arrive) and drops the oldest
/// rows as the sink does, so it never holds more than the sink's capacity.
class LogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, LevelColumn, CategoryColumn, PairColumn, IssueColumn, MessageColumn, ColumnCount };
    enum Role { LevelRole = Qt::UserRole + 1, EntryIdRole };
    static constexpr int batchIntervalMs = 50;

    explicit LogModel(LogSink *sink, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const LogEntry &entry(int row) const { return m_entries[static_cast<size_t>(row)]; }
    /// Sync pairs named by the entries seen since the last clear, sorted.
    QStringList pairs() const { return m_pairs; }
    int warningCount() const { return m_warnings; }
    int errorCount() const { return m_errors; }

    /// Pulls what the sink holds now, without waiting for the batch timer.
    void fetchNow();
    /// Empties the sink's buffer, and so this model.
    void clear();

Q_SIGNALS:
    /// A batch of entries was appended (after the rows were inserted).
    void batchAppended();
    void pairsChanged();
    void countsChanged();

private:
    void scheduleFetch();
    void resetFromSink();
    void append(const QList<LogEntry> &entries);
    void noteEntry(const LogEntry &entry);

    LogSink *m_sink;
    std::deque<LogEntry> m_entries;
    quint64 m_lastId = 0;
    QTimer m_fetchTimer;
    QStringList m_pairs;
    int m_warnings = 0;
    int m_errors = 0;
};

} // namespace ferry
