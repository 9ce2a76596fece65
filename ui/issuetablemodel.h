#pragma once

#include "engine/issuesync.h"

#include <QAbstractTableModel>
#include <QList>

namespace ferry {

/// The linked issues of a pair, one row each, as the runner reads them after every round: both
/// keys, where the issue stands, what is pending, when changes last went each way, and why it
/// needs an admin (its error or conflicting fields).
class IssueTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SideA, SideB, State, Pending, LastAToB, LastBToA, Reason, ColumnCount };
    /// The side A key of a row, whatever the column.
    static constexpr int KeyRole = Qt::UserRole;
    /// The row's IssueSync::State, as an int.
    static constexpr int StateRole = Qt::UserRole + 1;

    explicit IssueTableModel(QObject *parent = nullptr);

    void setIssues(const QList<IssueSync> &issues);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// What the State column says for a state.
    static QString stateText(IssueSync::State state);

private:
    QList<IssueSync> m_issues;
};

} // namespace ferry
