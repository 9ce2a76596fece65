#include "ui/logfiltermodel.h"

#include "ui/logmodel.h"

#include <algorithm>

namespace ferry {

LogFilterModel::LogFilterModel(LogModel *source, QObject *parent)
    : QAbstractProxyModel(parent)
    , m_source(source)
{
    QAbstractProxyModel::setSourceModel(source);
    connect(source, &LogModel::rowsInserted, this, &LogFilterModel::sourceRowsInserted);
    connect(source, &LogModel::rowsAboutToBeRemoved, this, &LogFilterModel::sourceRowsAboutToBeRemoved);
    connect(source, &LogModel::rowsRemoved, this, &LogFilterModel::sourceRowsRemoved);
    connect(source, &LogModel::modelAboutToBeReset, this, &LogFilterModel::beginResetModel);
    connect(source, &LogModel::modelReset, this, [this] {
        m_evicted = 0;
        rebuild();
        endResetModel();
    });
    rebuild();
}

void LogFilterModel::setMinimumLevel(LogLevel level)
{
    updateFilter(m_minimumLevel, level);
}

void LogFilterModel::setCategory(const QString &category)
{
    updateFilter(m_category, category);
}

void LogFilterModel::setPair(const QString &pair)
{
    updateFilter(m_pair, pair);
}

void LogFilterModel::setText(const QString &text)
{
    updateFilter(m_text, text);
}

template <typename T> void LogFilterModel::updateFilter(T &criterion, const T &value)
{
    if (criterion == value)
        return;
    criterion = value;
    refilter();
}

bool LogFilterModel::accepts(int sourceRow) const
{
    // Reads the entry itself: going through data() and QVariant would cost more than the test.
    const LogEntry &entry = m_source->entry(sourceRow);
    if (entry.level < m_minimumLevel)
        return false;
    if (!m_category.isEmpty() && entry.category != m_category)
        return false;
    if (!m_pair.isEmpty() && entry.pair != m_pair)
        return false;
    if (m_text.isEmpty())
        return true;
    return entry.message.contains(m_text, Qt::CaseInsensitive) || entry.issue.contains(m_text, Qt::CaseInsensitive)
        || entry.category.contains(m_text, Qt::CaseInsensitive) || entry.pair.contains(m_text, Qt::CaseInsensitive);
}

void LogFilterModel::refilter()
{
    beginResetModel();
    rebuild();
    endResetModel();
}

void LogFilterModel::rebuild()
{
    m_positions.clear();
    const int rows = m_source->rowCount();
    for (int row = 0; row < rows; ++row) {
        if (accepts(row))
            m_positions.push_back(row + m_evicted);
    }
}

void LogFilterModel::sourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    Q_UNUSED(parent)
    if (first != m_source->rowCount() - (last - first + 1)) {
        refilter(); // not an append: never happens with LogModel, but stay correct
        return;
    }
    std::vector<qint64> accepted;
    for (int row = first; row <= last; ++row) {
        if (accepts(row))
            accepted.push_back(row + m_evicted);
    }
    if (accepted.empty())
        return;
    const int at = rowCount();
    beginInsertRows(QModelIndex(), at, at + static_cast<int>(accepted.size()) - 1);
    m_positions.insert(m_positions.end(), accepted.begin(), accepted.end());
    endInsertRows();
}

void LogFilterModel::sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    Q_UNUSED(parent)
    m_removingFront = first == 0;
    if (!m_removingFront) {
        beginResetModel(); // not an eviction from the front: rebuilt once the rows are gone
        return;
    }
    const qint64 end = last + 1 + m_evicted;
    const auto gone = std::lower_bound(m_positions.begin(), m_positions.end(), end) - m_positions.begin();
    if (gone > 0)
        beginRemoveRows(QModelIndex(), 0, static_cast<int>(gone) - 1);
}

void LogFilterModel::sourceRowsRemoved(const QModelIndex &parent, int first, int last)
{
    Q_UNUSED(parent)
    if (!m_removingFront) {
        rebuild();
        endResetModel();
        return;
    }
    const qint64 count = last - first + 1;
    const qint64 end = count + m_evicted;
    const auto gone = std::lower_bound(m_positions.begin(), m_positions.end(), end) - m_positions.begin();
    m_evicted += count;
    if (gone > 0) {
        m_positions.erase(m_positions.begin(), m_positions.begin() + gone);
        endRemoveRows();
    }
}

QModelIndex LogFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= rowCount() || column < 0 || column >= columnCount())
        return QModelIndex();
    return createIndex(row, column);
}

QModelIndex LogFilterModel::parent(const QModelIndex &child) const
{
    Q_UNUSED(child)
    return QModelIndex();
}

QModelIndex LogFilterModel::sibling(int row, int column, const QModelIndex &index) const
{
    Q_UNUSED(index)
    return this->index(row, column);
}

int LogFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_positions.size());
}

int LogFilterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_source->columnCount();
}

bool LogFilterModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_positions.empty();
}

QModelIndex LogFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || proxyIndex.row() >= rowCount())
        return QModelIndex();
    return m_source->index(static_cast<int>(m_positions[static_cast<size_t>(proxyIndex.row())] - m_evicted),
                           proxyIndex.column());
}

QModelIndex LogFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid())
        return QModelIndex();
    const qint64 position = sourceIndex.row() + m_evicted;
    const auto it = std::lower_bound(m_positions.begin(), m_positions.end(), position);
    if (it == m_positions.end() || *it != position)
        return QModelIndex();
    return createIndex(static_cast<int>(it - m_positions.begin()), sourceIndex.column());
}

} // namespace ferry
