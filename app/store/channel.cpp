#include "store/channel.h"

#include "store/sqlhelpers.h"
#include "store/statestore.h"

#include <QJsonDocument>

namespace ferry {

using namespace sql;

Channel::Channel(StateStore &store, qint64 pairId)
    : m_store(store)
    , m_pairId(pairId)
{
}

bool Channel::send(Side side, const QList<Op> &ops, QString *error)
{
    return m_store.transaction([&](QSqlDatabase &db, QString *problem) { return send(db, side, ops, problem); }, error);
}

bool Channel::send(QSqlDatabase &db, Side side, const QList<Op> &ops, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM outbox WHERE pair_id = ? AND side = ?"));
    if (!run(query, {m_pairId, sideName(side)}, error) || !query.next())
        return false;
    qint64 seq = query.value(0).toLongLong();
    query.finish();
    query.prepare(
        QStringLiteral("INSERT INTO outbox (pair_id, side, seq, op_id, op, created) VALUES (?, ?, ?, ?, ?, ?)"));
    for (const Op &op : ops) {
        if (!run(query, {m_pairId, sideName(side), ++seq, op.id, compactJson(op.toJson()), now()}, error)) {
            if (error->contains(QStringLiteral("UNIQUE")))
                *error = QStringLiteral("op %1 is in an outbox already; nothing was sent").arg(op.id);
            return false;
        }
    }
    return true;
}

std::optional<QList<Channel::Sent>> Channel::pending(Side side, qint64 afterSeq, int limit, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT seq, op FROM outbox WHERE pair_id = ? AND side = ? AND seq > ? "
                                 "AND acknowledged IS NULL ORDER BY seq LIMIT ?"));
    query.addBindValue(m_pairId);
    query.addBindValue(sideName(side));
    query.addBindValue(afterSeq);
    query.addBindValue(limit);
    if (!query.exec()) {
        *error = query.lastError().text();
        return std::nullopt;
    }
    QList<Sent> out;
    while (query.next()) {
        Sent sent{query.value(0).toLongLong(), {}};
        if (!Op::fromJson(QJsonDocument::fromJson(query.value(1).toByteArray()).object(), &sent.op, error))
            return std::nullopt;
        out << sent;
    }
    return out;
}

std::optional<int> Channel::pendingCount(Side side, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(
        QStringLiteral("SELECT COUNT(*) FROM outbox WHERE pair_id = ? AND side = ? AND acknowledged IS NULL"));
    if (!run(query, {m_pairId, sideName(side)}, error) || !query.next())
        return std::nullopt;
    return query.value(0).toInt();
}

bool Channel::acknowledge(Side side, qint64 upToSeq, QString *error, const QStringList &except)
{
    return m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) { return acknowledge(db, side, upToSeq, problem, except); }, error);
}

bool Channel::acknowledge(QSqlDatabase &db, Side side, qint64 upToSeq, QString *error, const QStringList &except)
{
    QStringList placeholders(except.size(), QStringLiteral("?"));
    QVariantList values{now(), m_pairId, sideName(side), upToSeq};
    for (const QString &opId : except)
        values << opId;
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE outbox SET acknowledged = ? WHERE pair_id = ? AND side = ? AND seq <= ? "
                                 "AND acknowledged IS NULL AND op_id NOT IN (%1)")
                      .arg(placeholders.join(u',')));
    return run(query, values, error);
}

std::optional<int> Channel::receiveSent(QSqlDatabase &db, Side side, const QList<Sent> &sent, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO inbox (pair_id, side, op_id, received, seq, op) VALUES (?, ?, ?, ?, ?, ?)"));
    int fresh = 0;
    for (const Sent &s : sent) {
        if (!run(query, {m_pairId, sideName(side), s.op.id, now(), s.seq, compactJson(s.op.toJson())}, error))
            return std::nullopt;
        fresh += query.numRowsAffected();
    }
    return fresh;
}

std::optional<Channel::Sequences> Channel::sequences(Side side, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT COALESCE(MAX(seq), 0), COALESCE((SELECT MIN(seq) - 1 FROM outbox WHERE "
                                 "pair_id = ? AND side = ? AND acknowledged IS NULL), MAX(seq), 0) FROM outbox WHERE "
                                 "pair_id = ? AND side = ?"));
    if (!run(query, {m_pairId, sideName(side), m_pairId, sideName(side)}, error) || !query.next())
        return std::nullopt;
    return Sequences{query.value(0).toLongLong(), query.value(1).toLongLong()};
}

std::optional<int> Channel::unappliedCount(Side side, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT COUNT(*) FROM inbox WHERE pair_id = ? AND side = ? AND applied IS NULL AND op IS NOT NULL"));
    if (!run(query, {m_pairId, sideName(side)}, error) || !query.next())
        return std::nullopt;
    return query.value(0).toInt();
}

std::optional<QList<Op>> Channel::unapplied(Side side, int limit, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT op FROM inbox WHERE pair_id = ? AND side = ? AND applied IS NULL AND op IS "
                                 "NOT NULL ORDER BY seq LIMIT ?"));
    if (!run(query, {m_pairId, sideName(side), limit}, error))
        return std::nullopt;
    QList<Op> ops;
    while (query.next()) {
        Op op;
        if (!Op::fromJson(QJsonDocument::fromJson(query.value(0).toByteArray()).object(), &op, error))
            return std::nullopt;
        ops << op;
    }
    return ops;
}

std::optional<QList<Channel::Receipt>> Channel::receiptsToCarry(QSqlDatabase &db, Side side, qint64 bundle,
                                                                QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT op_id, applied, result, op FROM inbox WHERE pair_id = ? AND side = ? AND "
                                 "applied IS NOT NULL AND op IS NOT NULL AND receipt_confirmed = 0 ORDER BY seq"));
    if (!run(query, {m_pairId, sideName(side)}, error))
        return std::nullopt;
    QList<Receipt> receipts;
    while (query.next()) {
        Receipt receipt{query.value(0).toString(),
                        QDateTime::fromString(query.value(1).toString(), Qt::ISODateWithMs),
                        QJsonDocument::fromJson(query.value(2).toByteArray()).object(),
                        {}};
        if (!Op::fromJson(QJsonDocument::fromJson(query.value(3).toByteArray()).object(), &receipt.op, error))
            return std::nullopt;
        receipts << receipt;
    }
    query.finish();
    query.prepare(QStringLiteral("UPDATE inbox SET receipt_bundle = ? WHERE pair_id = ? AND side = ? AND "
                                 "applied IS NOT NULL AND op IS NOT NULL AND receipt_confirmed = 0"));
    if (!run(query, {bundle, m_pairId, sideName(side)}, error))
        return std::nullopt;
    return receipts;
}

std::optional<int> Channel::unconfirmedReceipts(Side side, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM inbox WHERE pair_id = ? AND side = ? AND applied IS NOT NULL "
                                 "AND op IS NOT NULL AND receipt_confirmed = 0"));
    if (!run(query, {m_pairId, sideName(side)}, error) || !query.next())
        return std::nullopt;
    return query.value(0).toInt();
}

bool Channel::receiptsConfirmed(QSqlDatabase &db, Side side, qint64 upToBundle, QString *error)
{
    QSqlQuery query(db);
    // The sender knows what became of these ops: their bodies are not needed any more.
    query.prepare(QStringLiteral("UPDATE inbox SET receipt_confirmed = 1, op = NULL WHERE pair_id = ? AND side = ? "
                                 "AND receipt_bundle <= ? AND receipt_confirmed = 0"));
    return run(query, {m_pairId, sideName(side), upToBundle}, error);
}

std::optional<QHash<QString, Op>> Channel::sentAmong(QSqlDatabase &db, Side side, const QStringList &ids,
                                                     QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT op FROM outbox WHERE pair_id = ? AND side = ? AND op_id = ?"));
    QHash<QString, Op> sent;
    for (const QString &id : ids) {
        if (!run(query, {m_pairId, sideName(side), id}, error))
            return std::nullopt;
        if (query.next()) {
            Op op;
            if (!Op::fromJson(QJsonDocument::fromJson(query.value(0).toByteArray()).object(), &op, error))
                return std::nullopt;
            sent.insert(id, op);
        }
        query.finish();
    }
    return sent;
}

bool Channel::recordReceipts(QSqlDatabase &db, Side applyingSide, const QList<Receipt> &receipts, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO inbox (pair_id, side, op_id, received, applied, result) VALUES (?, ?, "
                                 "?, ?, ?, ?) ON CONFLICT (pair_id, side, op_id) DO NOTHING"));
    for (const Receipt &receipt : receipts) {
        const QString applied = receipt.applied.toUTC().toString(Qt::ISODateWithMs);
        if (!run(query, {m_pairId, sideName(applyingSide), receipt.opId, applied, applied, compactJson(receipt.result)},
                 error))
            return false;
    }
    return true;
}

std::optional<QList<Op>> Channel::receive(Side side, const QList<Op> &ops, QString *error)
{
    QList<Op> fresh;
    const bool ok = m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            QSqlQuery query(db);
            query.prepare(
                QStringLiteral("INSERT OR IGNORE INTO inbox (pair_id, side, op_id, received) VALUES (?, ?, ?, ?)"));
            for (const Op &op : ops) {
                query.addBindValue(m_pairId);
                query.addBindValue(sideName(side));
                query.addBindValue(op.id);
                query.addBindValue(now());
                if (!query.exec()) {
                    *problem = query.lastError().text();
                    return false;
                }
                if (query.numRowsAffected() == 1)
                    fresh << op;
            }
            return true;
        },
        error);
    return ok ? std::optional(fresh) : std::nullopt;
}

bool Channel::markApplied(Side side, const QString &opId, const QJsonObject &result, QString *error)
{
    return m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) { return markApplied(db, side, opId, result, problem); }, error);
}

bool Channel::markApplied(QSqlDatabase &db, Side side, const QString &opId, const QJsonObject &result, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE inbox SET applied = ?, result = ? WHERE pair_id = ? AND side = ? "
                                 "AND op_id = ? AND applied IS NULL"));
    if (!run(query, {now(), compactJson(result), m_pairId, sideName(side), opId}, error))
        return false;
    if (query.numRowsAffected() == 1)
        return true;
    *error = QStringLiteral("op %1 was not received on side %2, or is applied already").arg(opId, sideLetter(side));
    return false;
}

std::optional<bool> Channel::isApplied(Side side, const QString &opId, QString *error)
{
    return inboxHolds(side, opId, QStringLiteral("applied IS NOT NULL"), error);
}

std::optional<bool> Channel::isReceivedUnapplied(Side side, const QString &opId, QString *error)
{
    return inboxHolds(side, opId, QStringLiteral("applied IS NULL"), error);
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

QStringList Channel::outboxJoins()
{
    return {trafficQuery, traceQuery};
}

std::optional<QHash<SideIssue, Channel::Traffic>> Channel::traffic(QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(trafficQuery);
    if (!run(query, {m_pairId}, error))
        return std::nullopt;
    QHash<SideIssue, Traffic> traffic;
    while (query.next())
        traffic.insert({sideOf(query.value(0)), query.value(1).toString()},
                       {QDateTime::fromString(query.value(2).toString(), Qt::ISODateWithMs),
                        QDateTime::fromString(query.value(3).toString(), Qt::ISODateWithMs), query.value(4).toInt()});
    return traffic;
}

std::optional<QList<Channel::Traced>> Channel::trace(Side side, const QString &issueId, int limit, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(traceQuery);
    if (!run(query, {m_pairId, sideName(side), issueId, limit}, error))
        return std::nullopt;
    const auto time
        = [&](int column) { return QDateTime::fromString(query.value(column).toString(), Qt::ISODateWithMs); };
    QList<Traced> traced;
    while (query.next()) {
        Traced t;
        if (!Op::fromJson(QJsonDocument::fromJson(query.value(0).toByteArray()).object(), &t.op, error))
            return std::nullopt;
        t.sent = time(1);
        t.acknowledged = time(2);
        t.applied = time(3);
        t.result = QJsonDocument::fromJson(query.value(4).toByteArray()).object();
        traced << t;
    }
    return traced;
}

std::optional<bool> Channel::inboxHolds(Side side, const QString &opId, const QString &condition, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT %1 FROM inbox WHERE pair_id = ? AND side = ? AND op_id = ?").arg(condition));
    if (!run(query, {m_pairId, sideName(side), opId}, error))
        return std::nullopt;
    return query.next() && query.value(0).toBool();
}

} // namespace ferry
