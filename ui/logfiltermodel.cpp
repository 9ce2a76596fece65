#include "ui/logfiltermodel.h"

#include "ui/logmodel.h"

namespace ferry {

LogFilterModel::LogFilterModel(LogModel *source, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_source(source)
{
    setSourceModel(source);
}

void LogFilterModel::setMinimumLevel(LogLevel level)
{
    if (level == m_minimumLevel)
        return;
    m_minimumLevel = level;
    invalidateFilter();
}

void LogFilterModel::setCategory(const QString &category)
{
    if (category == m_category)
        return;
    m_category = category;
    invalidateFilter();
}

void LogFilterModel::setPair(const QString &pair)
{
    if (pair == m_pair)
        return;
    m_pair = pair;
    invalidateFilter();
}

void LogFilterModel::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    Q_UNUSED(sourceParent)
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

} // namespace ferry
