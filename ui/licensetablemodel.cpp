#include "ui/licensetablemodel.h"

#include "ui/colours.h"

#include <QBrush>

namespace ferry {

void LicenseTableModel::setRows(const QList<LicenseRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int LicenseTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LicenseTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LicenseTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LicenseRow &row = m_rows.at(index.row());
    if (role == Qt::ToolTipRole)
        return row.why.isEmpty() ? row.online : row.why;
    if (role == Qt::ForegroundRole && index.column() == Status && !row.good)
        return QBrush(errorColour());
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case Id:
        return row.id;
    case What:
        return row.description;
    case Site:
        return row.site;
    case Expires:
        return row.expires.isValid() ? row.expires.toString(Qt::ISODate) : QString();
    case Status:
        return row.why.isEmpty() ? row.status : tr("%1: %2").arg(row.status, row.why);
    case Online:
        return row.online;
    case Endpoints:
        return row.remoteEndpoints == 0
            ? QString()
            : tr("%1 of %2 in use%3")
                  .arg(row.endpointsInUse.size())
                  .arg(row.remoteEndpoints)
                  .arg(row.endpointsInUse.isEmpty()
                           ? QString()
                           : QStringLiteral(": ") + row.endpointsInUse.join(QStringLiteral(", ")));
    default:
        return {};
    }
}

QVariant LicenseTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id:
        return tr("License");
    case What:
        return tr("Kind");
    case Site:
        return tr("Site");
    case Expires:
        return tr("Expires");
    case Status:
        return tr("Status");
    case Online:
        return tr("License service");
    case Endpoints:
        return tr("Remote endpoints");
    default:
        return {};
    }
}

} // namespace ferry
