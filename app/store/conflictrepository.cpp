#include "store/conflictrepository.h"

#include "store/sqlhelpers.h"
#include "store/statestore.h"

#include <QJsonArray>

namespace ferry {

using namespace sql;

namespace {

/// A JSON value in a TEXT column: wrapped in an array, since a document cannot be a bare scalar.
QString storedValue(const QJsonValue &value)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
}

QJsonValue loadedValue(const QVariant &column)
{
    return QJsonDocument::fromJson(column.toByteArray()).array().at(0);
}

} // namespace

ConflictRepository::ConflictRepository(StateStore &store, qint64 pairId)
    : m_store(store)
    , m_pairId(pairId)
{
}

Result<bool> ConflictRepository::add(QSqlDatabase &db, const Conflict &conflict)
{
    // Each side's apply step meets the same conflict; it is one conflict, with both changes.
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE conflicts SET a_change = COALESCE(NULLIF(a_change, ''), ?), "
                                 "b_change = COALESCE(NULLIF(b_change, ''), ?) "
                                 "WHERE pair_id = ? AND a_id = ? AND field = ? AND resolved IS NULL"));
    if (auto ran = run(query, {conflict.aChange, conflict.bChange, m_pairId, conflict.aId, conflict.field}); !ran)
        return ran.error();
    if (query.numRowsAffected() != 0)
        return false;
    query.prepare(QStringLiteral("INSERT INTO conflicts (pair_id, a_id, field, base, a_value, b_value, a_change, "
                                 "b_change, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    if (auto ran
        = run(query,
              {m_pairId, conflict.aId, conflict.field, storedValue(conflict.base), storedValue(conflict.aValue),
               storedValue(conflict.bValue), conflict.aChange, conflict.bChange, now()});
        !ran)
        return ran.error();
    return true;
}

Result<void> ConflictRepository::settle(QSqlDatabase &db, const QString &aId, const QString &field,
                                        const QString &resolution)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE conflicts SET resolved = ?, resolution = ? WHERE pair_id = ? AND a_id = ? "
                                 "AND field = ? AND resolved IS NULL"));
    return run(query, {now(), resolution, m_pairId, aId, field});
}

Result<QList<ConflictRepository::Conflict>> ConflictRepository::open()
{
    return select(QString(), {});
}

Result<ConflictRepository::Conflict> ConflictRepository::openOne(qint64 id)
{
    const auto found = select(QStringLiteral("AND id = ?"), {id});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error(notOpen(id));
    return found->first();
}

Result<void> ConflictRepository::resolve(QSqlDatabase &db, qint64 id, const QString &resolution)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE conflicts SET resolved = ?, resolution = ? WHERE pair_id = ? AND id = ? "
                                 "AND resolved IS NULL"));
    if (auto ran = run(query, {now(), resolution, m_pairId, id}); !ran)
        return ran.error();
    if (query.numRowsAffected() == 1)
        return {};
    return Error(notOpen(id));
}

QString ConflictRepository::notOpen(qint64 id)
{
    // Settled meanwhile (by another console, a round, an admin elsewhere) is said as such.
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT resolved, resolution FROM conflicts WHERE pair_id = ? AND id = ?"));
    if (run(query, {m_pairId, id}) && query.next() && !query.value(0).isNull())
        return QStringLiteral("conflict #%1 was settled already (%2, %3); there is no open conflict #%1 in this pair "
                              "any more, and nothing more was written")
            .arg(id)
            .arg(query.value(0).toString(), query.value(1).toString());
    return QStringLiteral("there is no open conflict #%1 in this pair").arg(id);
}

Result<QList<ConflictRepository::Conflict>> ConflictRepository::select(const QString &condition,
                                                                       const QVariantList &values)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT id, a_id, field, base, a_value, b_value, a_change, b_change FROM conflicts "
                                 "WHERE pair_id = ? AND resolved IS NULL %1 ORDER BY id")
                      .arg(condition));
    if (auto ran = run(query, QVariantList{m_pairId} + values); !ran)
        return ran.error();
    QList<Conflict> out;
    while (query.next())
        out << Conflict{query.value(0).toLongLong(), query.value(1).toString(),   query.value(2).toString(),
                        loadedValue(query.value(3)), loadedValue(query.value(4)), loadedValue(query.value(5)),
                        query.value(6).toString(),   query.value(7).toString()};
    return out;
}

} // namespace ferry
