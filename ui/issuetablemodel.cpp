#include "ui/issuetablemodel.h"

#include <QLocale>

namespace ferry {

namespace {

QString when(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat) : QString();
}

} // namespace

IssueTableModel::IssueTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void IssueTableModel::setIssues(const QList<IssueSync> &issues)
{
    beginResetModel();
    m_issues = issues;
    endResetModel();
}

int IssueTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_issues.size());
}

int IssueTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString IssueTableModel::stateText(IssueSync::State state)
{
    switch (state) {
    case IssueSync::State::UpToDate:
        return tr("Up to date");
    case IssueSync::State::Pending:
        return tr("Pending");
    case IssueSync::State::Error:
        return tr("Error");
    case IssueSync::State::Conflict:
        return tr("Conflict");
    case IssueSync::State::NotLinked:
        return tr("Not linked");
    case IssueSync::State::PartnerMissing:
        return tr("Partner missing");
    case IssueSync::State::Ignored:
        return tr("Ignored");
    }
    return {};
}

QVariant IssueTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const IssueSync &issue = m_issues.at(index.row());
    if (role == KeyRole)
        return issue.link ? issue.link->aKey : issue.key;
    if (role == StateRole)
        return int(issue.state);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case SideA:
        return issue.link ? issue.link->aKey : issue.key;
    case SideB:
        return issue.link ? issue.link->bKey : QString();
    case State:
        return stateText(issue.state);
    case Pending:
        return issue.pending;
    case LastAToB:
        return when(issue.lastSent);
    case LastBToA:
        return when(issue.lastReceived);
    case Reason: {
        if (issue.parked)
            return issue.parked->error;
        QStringList fields;
        for (const ConflictRepository::Conflict &conflict : issue.conflicts)
            fields << conflict.field;
        if (!fields.isEmpty())
            return tr("Changed on both sides: %1").arg(fields.join(QStringLiteral(", ")));
        if (issue.state == IssueSync::State::PartnerMissing)
            return tr("%1 is gone; recreate it, relink, or ignore")
                .arg(issue.link->keyOn(*missingSide(issue.link->state)));
        return QString();
    }
    case ColumnCount:
        break;
    }
    return {};
}

QVariant IssueTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case SideA:
        return tr("Side A");
    case SideB:
        return tr("Side B");
    case State:
        return tr("State");
    case Pending:
        return tr("Pending");
    case LastAToB:
        return tr("Last A to B");
    case LastBToA:
        return tr("Last B to A");
    case Reason:
        return tr("Needs");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace ferry
