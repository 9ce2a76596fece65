#pragma once

#include "license/licensedesk.h"

#include <QAbstractTableModel>

namespace ferry {

/// The installed licenses, one row each: id, what it is, site, expiry, status, the license
/// service's word, remote endpoints in use.
class LicenseTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, What, Site, Expires, Status, Online, Endpoints, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setRows(const QList<LicenseRow> &rows);
    const QList<LicenseRow> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<LicenseRow> m_rows;
};

} // namespace ferry
