#pragma once

#include "core/logentry.h"

#include <QAbstractProxyModel>

#include <deque>

namespace ferry {

class LogModel;

/// Filters a LogModel by minimum level, category, sync pair and free text (case-insensitive,
/// over message, category, pair and issue). Empty filters let everything through.
///
/// Made for a log: rows arrive at the end and leave from the front, so new rows are
/// filtered on their own and evicted ones drop off the front, each in one range. A filter
/// change rebuilds the row list in one pass and resets the model: for 100,000 rows that is
/// far cheaper than QSortFilterProxyModel's many scattered inserts and removals.
class LogFilterModel : public QAbstractProxyModel {
    Q_OBJECT
public:
    explicit LogFilterModel(LogModel *source, QObject *parent = nullptr);

    void setMinimumLevel(LogLevel level);
    void setCategory(const QString &category);
    void setPair(const QString &pair);
    void setText(const QString &text);

    LogLevel minimumLevel() const { return m_minimumLevel; }
    QString text() const { return m_text; }

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

private:
    template <typename T> void updateFilter(T &criterion, const T &value);
    bool accepts(int sourceRow) const;
    void refilter();
    void rebuild();
    void sourceRowsInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void sourceRowsRemoved(const QModelIndex &parent, int first, int last);

    LogModel *m_source;
    LogLevel m_minimumLevel = LogLevel::Debug;
    QString m_category;
    QString m_pair;
    QString m_text;

    /// Accepted source rows, ascending, as positions that do not shift when the source drops
    /// rows from its front: source row = position - m_evicted.
    std::deque<qint64> m_positions;
    qint64 m_evicted = 0;
    bool m_removingFront = false;
};

} // namespace ferry
