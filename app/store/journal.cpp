#include "store/journal.h"

#include "store/sqlhelpers.h"
#include "store/statestore.h"

namespace ferry {

using namespace ferry::sql;

namespace {

Journal::Entry entryOf(const QSqlQuery &query)
{
    return {QDateTime::fromString(query.value(0).toString(), Qt::ISODateWithMs), sideNamed(query.value(1).toString()),
            query.value(2).toString(), query.value(3).toString(),
            QJsonDocument::fromJson(query.value(4).toByteArray()).object()};
}

} // namespace

Journal::Journal(StateStore &store, qint64 pairId)
    : m_store(store)
    , m_pairId(pairId)
{
}

Result<void> Journal::record(const Entry &entry)
{
    return m_store.transaction([&](QSqlDatabase &db) { return record(db, entry); });
}

Result<void> Journal::record(QSqlDatabase &db, const Entry &entry)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO journal (pair_id, time, side, issue_key, kind, detail) "
                                 "VALUES (?, ?, ?, ?, ?, ?)"));
    const QString time = entry.time.isValid() ? entry.time.toUTC().toString(Qt::ISODateWithMs) : now();
    return run(query,
               {m_pairId, time, entry.side ? sideName(*entry.side) : QString(), entry.issueKey, entry.kind,
                compactJson(entry.detail)});
}

Result<int> Journal::compact(QSqlDatabase &db, const QDateTime &before)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "DELETE FROM journal WHERE pair_id = ? AND time < ? "
        "AND id <> (SELECT COALESCE(MAX(id), 0) FROM journal WHERE pair_id = ? AND kind = 'round') "
        "AND NOT (kind LIKE '%-attempt' AND EXISTS (SELECT 1 FROM inbox i WHERE i.pair_id = journal.pair_id "
        "AND i.op_id = json_extract(journal.detail, '$.op') AND i.applied IS NULL))"));
    if (auto ran = run(query, {m_pairId, before.toUTC().toString(Qt::ISODateWithMs), m_pairId}); !ran)
        return ran.error();
    return query.numRowsAffected();
}

Result<Journal::Entry> Journal::first(const QString &kind, const QString &key, const QString &value)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT time, side, issue_key, kind, detail FROM journal WHERE pair_id = ? "
                                 "AND kind = ? AND json_extract(detail, '$.' || ?) = ? ORDER BY id LIMIT 1"));
    if (auto ran = run(query, {m_pairId, kind, key, value}); !ran)
        return ran.error();
    return query.next() ? entryOf(query) : Entry{};
}

Result<QList<Journal::Entry>> Journal::matching(const QString &kind, const QString &key, const QString &value)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT time, side, issue_key, kind, detail FROM journal WHERE pair_id = ? "
                                 "AND kind = ? AND json_extract(detail, '$.' || ?) = ? ORDER BY id"));
    if (auto ran = run(query, {m_pairId, kind, key, value}); !ran)
        return ran.error();
    QList<Entry> entries;
    while (query.next())
        entries << entryOf(query);
    return entries;
}

Result<Journal::Entry> Journal::last(const QString &kind)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT time, side, issue_key, kind, detail FROM journal WHERE pair_id = ? "
                                 "AND kind = ? ORDER BY id DESC LIMIT 1"));
    if (auto ran = run(query, {m_pairId, kind}); !ran)
        return ran.error();
    return query.next() ? entryOf(query) : Entry{};
}

Result<qint64> Journal::sum(const QString &kind, const QString &path)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT TOTAL(json_extract(detail, '$.' || ?)) FROM journal WHERE pair_id = ? "
                                 "AND kind = ?"));
    if (auto ran = runOne(query, {path, m_pairId, kind}); !ran)
        return ran.error();
    return qint64(query.value(0).toDouble());
}

Result<QList<Journal::Entry>> Journal::latest(int limit)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT time, side, issue_key, kind, detail FROM journal WHERE pair_id = ? "
                                 "ORDER BY id DESC LIMIT ?"));
    if (auto ran = run(query, {m_pairId, limit}); !ran)
        return ran.error();
    QList<Entry> entries;
    while (query.next())
        entries << entryOf(query);
    return entries;
}

} // namespace ferry
