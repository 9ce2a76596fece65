#pragma once

#include <QJsonValue>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include <optional>

#include "core/result.h"

namespace ferry {

class StateStore;

/// A pair's conflicts: one field of one linked issue changed to different values on the two
/// sides, left for an admin because the pair's policy is manual.
class ConflictRepository {
public:
    struct Conflict {
        qint64 id = 0;
        QString aId; ///< the linked issue, by its side A id
        QString field; ///< common key
        QJsonValue base;
        QJsonValue aValue;
        QJsonValue bValue;
        QString aChange; ///< the op that carried each side's change
        QString bChange;

        /// Whether an admin may settle it with a value typed in: both sides hold text.
        bool takesTypedValue() const { return aValue.isString() && bValue.isString(); }
        /// Whether the field's text runs over lines: one side's holds a line break. A summary,
        /// or any field whose values are one line, takes one line (Jira refuses a summary with
        /// a line break).
        bool takesLines() const { return aValue.toString().contains(u'\n') || bValue.toString().contains(u'\n'); }
    };

    ConflictRepository(StateStore &store, qint64 pairId);

    /// Records a conflict in the caller's transaction; the same field of the same issue in
    /// conflict already is the same conflict: it gains the other side's change. True when the
    /// conflict is new, false when the other side's apply step met it first.
    Result<bool> add(QSqlDatabase &db, const Conflict &conflict);
    /// The conflicts no one has resolved yet, oldest first.
    Result<QList<Conflict>> open();
    /// One open conflict; fails with a reason when there is none of that id (or it is resolved).
    Result<Conflict> openOne(qint64 id);
    /// Marks an open conflict resolved, in the caller's transaction, with how ("took A").
    Result<void> resolve(QSqlDatabase &db, qint64 id, const QString &resolution);
    /// The two sides agree on a field again (one gave way, or both were set alike): an open
    /// conflict on it is settled, in the caller's transaction.
    Result<void> settle(QSqlDatabase &db, const QString &aId, const QString &field, const QString &resolution);

private:
    /// Why conflict id is not open: settled already (when and how), or not one of this pair's.
    QString notOpen(qint64 id);
    /// Open conflicts that also meet condition (SQL after WHERE …, with values bound in order).
    Result<QList<Conflict>> select(const QString &condition, const QVariantList &values);

    StateStore &m_store;
    qint64 m_pairId;
};

} // namespace ferry
