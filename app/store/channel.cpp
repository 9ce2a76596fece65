#include "store/channel.h"

#include "store/sqlhelpers.h"
#include "store/statestore.h"

#include <QJsonDocument>

namespace ferry {

using namespace sql;

namespace {

/// An op kept as JSON in an outbox or inbox column.
Result<Op> opOf(const QVariant &column)
{
    return Op::fromJson(QJsonDocument::fromJson(column.toByteArray()).object());
}

} // namespace

Channel::Channel(StateStore &store, qint64 pairId)
    : m_store(store)
    , m_pairId(pairId)
{
}

Result<void> Channel::send(Side side, const QList<Op> &ops)
{
    return m_store.transaction([&](QSqlDatabase &db) { return send(db, side, ops); });
}

Result<void> Channel::send(QSqlDatabase &db, Side side, const QList<Op> &ops)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM outbox WHERE pair_id = ? AND side = ?"));
    if (auto ran = runOne(query, {m_pairId, sideName(side)}); !ran)
        return ran.error();
    qint64 seq = query.value(0).toLongLong();
    query.finish();
    query.prepare(
        QStringLiteral("INSERT INTO outbox (pair_id, side, seq, op_id, op, created) VALUES (?, ?, ?, ?, ?, ?)"));
    for (const Op &op : ops) {
        if (auto ran = run(query, {m_pairId, sideName(side), ++seq, op.id, compactJson(op.toJson()), now()}); !ran)
            return explained(ran.error(), u"UNIQUE",
                             QStringLiteral("op %1 is in an outbox already; nothing was sent").arg(op.id));
    }
    return {};
}

Result<QList<Channel::Sent>> Channel::pending(Side side, qint64 afterSeq, int limit)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT seq, op FROM outbox WHERE pair_id = ? AND side = ? AND seq > ? "
                                 "AND acknowledged IS NULL ORDER BY seq LIMIT ?"));
    query.addBindValue(m_pairId);
    query.addBindValue(sideName(side));
    query.addBindValue(afterSeq);
    query.addBindValue(limit);
    if (!query.exec())
        return Error(query.lastError().text());
    QList<Sent> out;
    while (query.next()) {
        const Result<Op> op = opOf(query.value(1));
        if (!op)
            return op.error();
        out << Sent{query.value(0).toLongLong(), *op};
    }
    return out;
}

Result<int> Channel::pendingCount(Side side)
{
    QSqlQuery query(m_store.database());
    query.prepare(
        QStringLiteral("SELECT COUNT(*) FROM outbox WHERE pair_id = ? AND side = ? AND acknowledged IS NULL"));
    if (auto ran = runOne(query, {m_pairId, sideName(side)}); !ran)
        return ran.error();
    return query.value(0).toInt();
}

Result<void> Channel::acknowledge(Side side, qint64 upToSeq, const QStringList &except)
{
    return m_store.transaction([&](QSqlDatabase &db) { return acknowledge(db, side, upToSeq, except); });
}

Result<void> Channel::acknowledge(QSqlDatabase &db, Side side, qint64 upToSeq, const QStringList &except)
{
    QStringList placeholders(except.size(), QStringLiteral("?"));
    QVariantList values{now(), m_pairId, sideName(side), upToSeq};
    for (const QString &opId : except)
        values << opId;
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE outbox SET acknowledged = ? WHERE pair_id = ? AND side = ? AND seq <= ? "
                                 "AND acknowledged IS NULL AND op_id NOT IN (%1)")
                      .arg(placeholders.join(u',')));
    return run(query, values);
}

Result<int> Channel::receiveSent(QSqlDatabase &db, Side side, const QList<Sent> &sent)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO inbox (pair_id, side, op_id, received, seq, op) VALUES (?, ?, ?, ?, ?, ?)"));
    int fresh = 0;
    for (const Sent &s : sent) {
        if (auto ran = run(query, {m_pairId, sideName(side), s.op.id, now(), s.seq, compactJson(s.op.toJson())}); !ran)
            return ran.error();
        fresh += query.numRowsAffected();
    }
    return fresh;
}

Result<Channel::Sequences> Channel::sequences(Side side)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT COALESCE(MAX(seq), 0), COALESCE((SELECT MIN(seq) - 1 FROM outbox WHERE "
                                 "pair_id = ? AND side = ? AND acknowledged IS NULL), MAX(seq), 0) FROM outbox WHERE "
                                 "pair_id = ? AND side = ?"));
    if (auto ran = runOne(query, {m_pairId, sideName(side), m_pairId, sideName(side)}); !ran)
        return ran.error();
    return Sequences{query.value(0).toLongLong(), query.value(1).toLongLong()};
}

Result<int> Channel::unappliedCount(Side side)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT COUNT(*) FROM inbox WHERE pair_id = ? AND side = ? AND applied IS NULL AND op IS NOT NULL"));
    if (auto ran = runOne(query, {m_pairId, sideName(side)}); !ran)
        return ran.error();
    return query.value(0).toInt();
}

Result<QList<Op>> Channel::unapplied(Side side, int limit)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT op FROM inbox WHERE pair_id = ? AND side = ? AND applied IS NULL AND op IS "
                                 "NOT NULL ORDER BY seq LIMIT ?"));
    if (auto ran = run(query, {m_pairId, sideName(side), limit}); !ran)
        return ran.error();
    QList<Op> ops;
    while (query.next()) {
        const Result<Op> op = opOf(query.value(0));
        if (!op)
            return op.error();
        ops << *op;
    }
    return ops;
}

Result<QList<Channel::Receipt>> Channel::receiptsToCarry(QSqlDatabase &db, Side side, qint64 bundle)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT op_id, applied, result, op FROM inbox WHERE pair_id = ? AND side = ? AND "
                                 "applied IS NOT NULL AND op IS NOT NULL AND receipt_confirmed = 0 ORDER BY seq"));
    if (auto ran = run(query, {m_pairId, sideName(side)}); !ran)
        return ran.error();
    QList<Receipt> receipts;
    while (query.next()) {
        Receipt receipt{query.value(0).toString(),
                        QDateTime::fromString(query.value(1).toString(), Qt::ISODateWithMs),
                        QJsonDocument::fromJson(query.value(2).toByteArray()).object(),
                        {}};
        const Result<Op> op = opOf(query.value(3));
        if (!op)
            return op.error();
        receipt.op = *op;
        receipts << receipt;
    }
    query.finish();
    query.prepare(QStringLiteral("UPDATE inbox SET receipt_bundle = ? WHERE pair_id = ? AND side = ? AND "
                                 "applied IS NOT NULL AND op IS NOT NULL AND receipt_confirmed = 0"));
    if (auto ran = run(query, {bundle, m_pairId, sideName(side)}); !ran)
        return ran.error();
    return receipts;
}

Result<int> Channel::unconfirmedReceipts(Side side)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM inbox WHERE pair_id = ? AND side = ? AND applied IS NOT NULL "
                                 "AND op IS NOT NULL AND receipt_confirmed = 0"));
    if (auto ran = runOne(query, {m_pairId, sideName(side)}); !ran)
        return ran.error();
    return query.value(0).toInt();
}

Result<void> Channel::receiptsConfirmed(QSqlDatabase &db, Side side, qint64 upToBundle)
{
    QSqlQuery query(db);
    // The sender knows what became of these ops: their bodies are not needed any more.
    query.prepare(QStringLiteral("UPDATE inbox SET receipt_confirmed = 1, op = NULL WHERE pair_id = ? AND side = ? "
                                 "AND receipt_bundle <= ? AND receipt_confirmed = 0"));
    return run(query, {m_pairId, sideName(side), upToBundle});
}

Result<QHash<QString, Op>> Channel::sentAmong(QSqlDatabase &db, Side side, const QStringList &ids)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT op FROM outbox WHERE pair_id = ? AND side = ? AND op_id = ?"));
    QHash<QString, Op> sent;
    for (const QString &id : ids) {
        if (auto ran = run(query, {m_pairId, sideName(side), id}); !ran)
            return ran.error();
        if (query.next()) {
            const Result<Op> op = opOf(query.value(0));
            if (!op)
                return op.error();
            sent.insert(id, *op);
        }
        query.finish();
    }
    return sent;
}

Result<void> Channel::recordReceipts(QSqlDatabase &db, Side applyingSide, const QList<Receipt> &receipts)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO inbox (pair_id, side, op_id, received, applied, result) VALUES (?, ?, "
                                 "?, ?, ?, ?) ON CONFLICT (pair_id, side, op_id) DO NOTHING"));
    for (const Receipt &receipt : receipts) {
        const QString applied = receipt.applied.toUTC().toString(Qt::ISODateWithMs);
        if (auto ran = run(
                query, {m_pairId, sideName(applyingSide), receipt.opId, applied, applied, compactJson(receipt.result)});
            !ran)
            return ran;
    }
    return {};
}

Result<QList<Op>> Channel::receive(Side side, const QList<Op> &ops)
{
    QList<Op> fresh;
    const Result<void> received = m_store.transaction([&](QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        query.prepare(
            QStringLiteral("INSERT OR IGNORE INTO inbox (pair_id, side, op_id, received) VALUES (?, ?, ?, ?)"));
        for (const Op &op : ops) {
            if (auto ran = run(query, {m_pairId, sideName(side), op.id, now()}); !ran)
                return ran;
            if (query.numRowsAffected() == 1)
                fresh << op;
        }
        return {};
    });
    if (!received)
        return received.error();
    return fresh;
}

Result<void> Channel::markApplied(Side side, const QString &opId, const QJsonObject &result)
{
    return m_store.transaction([&](QSqlDatabase &db) { return markApplied(db, side, opId, result); });
}

Result<void> Channel::markApplied(QSqlDatabase &db, Side side, const QString &opId, const QJsonObject &result)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE inbox SET applied = ?, result = ? WHERE pair_id = ? AND side = ? "
                                 "AND op_id = ? AND applied IS NULL"));
    if (auto ran = run(query, {now(), compactJson(result), m_pairId, sideName(side), opId}); !ran)
        return ran.error();
    if (query.numRowsAffected() == 1)
        return {};
    return Error(
        QStringLiteral("op %1 was not received on side %2, or is applied already").arg(opId, sideLetter(side)));
}

Result<bool> Channel::isApplied(Side side, const QString &opId)
{
    return inboxHolds(side, opId, QStringLiteral("applied IS NOT NULL"));
}

Result<bool> Channel::isReceivedUnapplied(Side side, const QString &opId)
{
    return inboxHolds(side, opId, QStringLiteral("applied IS NULL"));
}

namespace {

// An op sent from one side is received on the other: naming that side (rather than "i.side <>
// o.side") lets SQLite find it through the inbox's primary key instead of scanning the inbox
// for every op sent, which made reading the status quadratic in the ops.
const QString inboxOfOutbox = QStringLiteral(" inbox i ON i.pair_id = o.pair_id AND i.side = (CASE o.side WHEN 'a' "
                                             "THEN 'b' ELSE 'a' END) AND i.op_id = o.op_id ");

const QString trafficQuery = QStringLiteral("SELECT o.side, json_extract(o.op, '$.issueId') AS issue, MAX(o.created), "
                                            "MAX(i.applied), SUM(i.applied IS NULL) FROM outbox o LEFT JOIN")
    + inboxOfOutbox + QStringLiteral("WHERE o.pair_id = ? GROUP BY o.side, issue");

const QString traceQuery
    = QStringLiteral("SELECT o.op, o.created, o.acknowledged, i.applied, i.result FROM outbox o LEFT JOIN")
    + inboxOfOutbox
    + QStringLiteral("WHERE o.pair_id = ? AND o.side = ? AND json_extract(o.op, '$.issueId') = ? ORDER BY o.seq "
                     "DESC LIMIT ?");

} // namespace

Result<int> Channel::compact(QSqlDatabase &db, const QDateTime &before)
{
    const QString cutoff = before.toUTC().toString(Qt::ISODateWithMs);
    // An op whose receipt waits to travel (bundle modes) still holds its payload; an op sent
    // from here and not acknowledged could be delivered again, and must stay known as applied.
    QSqlQuery inbox(db);
    inbox.prepare(QStringLiteral("DELETE FROM inbox WHERE pair_id = ? AND applied IS NOT NULL AND applied < ? "
                                 "AND op IS NULL AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.op_id = inbox.op_id "
                                 "AND o.acknowledged IS NULL)"));
    if (auto ran = run(inbox, {m_pairId, cutoff}); !ran)
        return ran.error();
    const int received = inbox.numRowsAffected();
    QSqlQuery outbox(db);
    outbox.prepare(QStringLiteral("DELETE FROM outbox WHERE pair_id = ? AND acknowledged IS NOT NULL "
                                  "AND acknowledged < ? AND seq < (SELECT MAX(seq) FROM outbox m "
                                  "WHERE m.pair_id = outbox.pair_id AND m.side = outbox.side)"));
    if (auto ran = run(outbox, {m_pairId, cutoff}); !ran)
        return ran.error();
    return received + outbox.numRowsAffected();
}

QStringList Channel::outboxJoins()
{
    return {trafficQuery, traceQuery};
}

Result<QHash<SideIssue, Channel::Traffic>> Channel::traffic()
{
    QSqlQuery query(m_store.database());
    query.prepare(trafficQuery);
    if (auto ran = run(query, {m_pairId}); !ran)
        return ran.error();
    QHash<SideIssue, Traffic> traffic;
    while (query.next())
        traffic.insert({sideOf(query.value(0)), query.value(1).toString()},
                       {QDateTime::fromString(query.value(2).toString(), Qt::ISODateWithMs),
                        QDateTime::fromString(query.value(3).toString(), Qt::ISODateWithMs), query.value(4).toInt()});
    return traffic;
}

Result<QList<Channel::Traced>> Channel::trace(Side side, const QString &issueId, int limit)
{
    QSqlQuery query(m_store.database());
    query.prepare(traceQuery);
    if (auto ran = run(query, {m_pairId, sideName(side), issueId, limit}); !ran)
        return ran.error();
    const auto time
        = [&](int column) { return QDateTime::fromString(query.value(column).toString(), Qt::ISODateWithMs); };
    QList<Traced> traced;
    while (query.next()) {
        Traced t;
        const Result<Op> op = opOf(query.value(0));
        if (!op)
            return op.error();
        t.op = *op;
        t.sent = time(1);
        t.acknowledged = time(2);
        t.applied = time(3);
        t.result = QJsonDocument::fromJson(query.value(4).toByteArray()).object();
        traced << t;
    }
    return traced;
}

Result<bool> Channel::inboxHolds(Side side, const QString &opId, const QString &condition)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT %1 FROM inbox WHERE pair_id = ? AND side = ? AND op_id = ?").arg(condition));
    if (auto ran = run(query, {m_pairId, sideName(side), opId}); !ran)
        return ran.error();
    return query.next() && query.value(0).toBool();
}

} // namespace ferry
