#pragma once

#include "core/logentry.h"

#include <QSortFilterProxyModel>

namespace ferry {

class LogModel;

/// Filters a LogModel by minimum level, category, sync pair and free text (case-insensitive,
/// over message, category, pair and issue). Empty filters let everything through.
class LogFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit LogFilterModel(LogModel *source, QObject *parent = nullptr);

    void setMinimumLevel(LogLevel level);
    void setCategory(const QString &category);
    void setPair(const QString &pair);
    void setText(const QString &text);

    LogLevel minimumLevel() const { return m_minimumLevel; }
    QString text() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    LogModel *m_source;
    LogLevel m_minimumLevel = LogLevel::Debug;
    QString m_category;
    QString m_pair;
    QString m_text;
};

} // namespace ferry
