#include "store/exchangerepository.h"

#include "store/sqlhelpers.h"
#include "store/statestore.h"

namespace ferry {

using namespace sql;

namespace {
const QString columns = QStringLiteral(
    "id, name, pair_id, role, side, key_ref, own_keys, partner_keys, handshake, partner_metadata, sent_bundle, "
    "imported_bundle, received_seq, outgoing, incoming, interval, proposal, proposal_state");

ExchangeRepository::Exchange fromRow(const QSqlQuery &query)
{
    ExchangeRepository::Exchange e;
    e.id = query.value(0).toString();
    e.name = query.value(1).toString();
    e.pairId = query.value(2).toLongLong();
    e.role = query.value(3).toString();
    e.side = sideOf(query.value(4));
    e.keyRef = query.value(5).toString();
    e.ownKeys = query.value(6).toString();
    e.partnerKeys = query.value(7).toString();
    e.handshake = QJsonDocument::fromJson(query.value(8).toByteArray()).object();
    e.partnerMetadata = QJsonDocument::fromJson(query.value(9).toByteArray()).object();
    e.sentBundle = query.value(10).toLongLong();
    e.importedBundle = query.value(11).toLongLong();
    e.receivedSeq = query.value(12).toLongLong();
    e.outgoing = query.value(13).toString();
    e.incoming = query.value(14).toString();
    e.interval = query.value(15).toInt();
    e.proposal = QJsonDocument::fromJson(query.value(16).toByteArray()).object();
    e.proposalState = query.value(17).toString();
    return e;
}

/// Runs an update that must touch the exchange's row.
Result<void> updateOne(QSqlQuery &query, const QVariantList &values, const QString &id)
{
    if (auto ran = run(query, values); !ran)
        return ran;
    if (query.numRowsAffected() == 1)
        return {};
    return Error(QStringLiteral("there is no bundle exchange %1").arg(id));
}
} // namespace

ExchangeRepository::ExchangeRepository(StateStore &store)
    : m_store(store)
{
}

Result<void> ExchangeRepository::create(const Exchange &e)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("INSERT INTO exchanges (%1, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                      .arg(columns));
    if (auto ran = run(query,
                       {e.id,
                        e.name,
                        e.pairId ? QVariant(e.pairId) : QVariant(),
                        e.role,
                        sideName(e.side),
                        e.keyRef,
                        e.ownKeys,
                        e.partnerKeys.isEmpty() ? QVariant() : QVariant(e.partnerKeys),
                        compactJson(e.handshake),
                        e.partnerMetadata.isEmpty() ? QVariant() : QVariant(compactJson(e.partnerMetadata)),
                        e.sentBundle,
                        e.importedBundle,
                        e.receivedSeq,
                        e.outgoing,
                        e.incoming,
                        e.interval,
                        e.proposal.isEmpty() ? QVariant() : QVariant(compactJson(e.proposal)),
                        e.proposalState.isEmpty() ? QVariant() : QVariant(e.proposalState),
                        now(),
                        now()});
        !ran)
        return explained(
            ran.error(), u"UNIQUE",
            QStringLiteral("a pair named %1 (or with id %2) exists already on this console").arg(e.name, e.id));
    return {};
}

Result<std::optional<ExchangeRepository::Exchange>> ExchangeRepository::one(const QString &column,
                                                                            const QVariant &value)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT %1 FROM exchanges WHERE %2 = ?").arg(columns, column));
    if (auto ran = run(query, {value}); !ran)
        return ran.error();
    if (!query.next())
        return std::optional<Exchange>();
    return std::optional(fromRow(query));
}

Result<std::optional<ExchangeRepository::Exchange>> ExchangeRepository::byName(const QString &name)
{
    return one(QStringLiteral("name"), name);
}

Result<std::optional<ExchangeRepository::Exchange>> ExchangeRepository::byId(const QString &id)
{
    return one(QStringLiteral("id"), id);
}

Result<std::optional<ExchangeRepository::Exchange>> ExchangeRepository::byPair(qint64 pairId)
{
    return one(QStringLiteral("pair_id"), pairId);
}

Result<QList<ExchangeRepository::Exchange>> ExchangeRepository::all()
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT %1 FROM exchanges ORDER BY name").arg(columns));
    if (auto ran = run(query, {}); !ran)
        return ran.error();
    QList<Exchange> all;
    while (query.next())
        all << fromRow(query);
    return all;
}

Result<void> ExchangeRepository::connect(QSqlDatabase &db, const QString &id, qint64 pairId, const QString &partnerKeys,
                                         const QJsonObject &partnerMetadata)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE exchanges SET pair_id = ?, partner_keys = ?, partner_metadata = ?, updated = "
                                 "? WHERE id = ?"));
    return updateOne(query, {pairId, partnerKeys, compactJson(partnerMetadata), now(), id}, id);
}

Result<qint64> ExchangeRepository::nextBundle(QSqlDatabase &db, const QString &id)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE exchanges SET sent_bundle = sent_bundle + 1, updated = ? WHERE id = ?"));
    if (auto updated = updateOne(query, {now(), id}, id); !updated)
        return updated.error();
    query.prepare(QStringLiteral("SELECT sent_bundle FROM exchanges WHERE id = ?"));
    if (auto ran = runOne(query, {id}); !ran)
        return ran.error();
    return query.value(0).toLongLong();
}

Result<void> ExchangeRepository::imported(QSqlDatabase &db, const QString &id, qint64 number, qint64 receivedSeq)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE exchanges SET imported_bundle = MAX(imported_bundle, ?), received_seq = "
                                 "MAX(received_seq, ?), updated = ? WHERE id = ?"));
    return updateOne(query, {number, receivedSeq, now(), id}, id);
}

Result<void> ExchangeRepository::setProposal(QSqlDatabase &db, const QString &id, const QJsonObject &proposal,
                                             const QString &state)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE exchanges SET proposal = ?, proposal_state = ?, updated = ? WHERE id = ?"));
    const bool clear = state.isEmpty();
    return updateOne(
        query, {clear ? QVariant() : QVariant(compactJson(proposal)), clear ? QVariant() : QVariant(state), now(), id},
        id);
}

Result<void> ExchangeRepository::setFolders(const QString &id, const QString &outgoing, const QString &incoming,
                                            int interval)
{
    QSqlQuery query(m_store.database());
    query.prepare(
        QStringLiteral("UPDATE exchanges SET outgoing = ?, incoming = ?, interval = ?, updated = ? WHERE id = ?"));
    return updateOne(query, {outgoing, incoming, interval, now(), id}, id);
}

Result<void> ExchangeRepository::remove(const QString &id)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("DELETE FROM exchanges WHERE id = ?"));
    return updateOne(query, {id}, id);
}

} // namespace ferry
