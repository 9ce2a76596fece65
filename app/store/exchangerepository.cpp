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
bool updateOne(QSqlQuery &query, const QVariantList &values, const QString &id, QString *error)
{
    if (!run(query, values, error))
        return false;
    if (query.numRowsAffected() == 1)
        return true;
    *error = QStringLiteral("there is no bundle exchange %1").arg(id);
    return false;
}
} // namespace

ExchangeRepository::ExchangeRepository(StateStore &store)
    : m_store(store)
{
}

bool ExchangeRepository::create(const Exchange &e, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("INSERT INTO exchanges (%1, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                      .arg(columns));
    if (run(query,
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
             now()},
            error))
        return true;
    if (error->contains(QStringLiteral("UNIQUE")))
        *error = QStringLiteral("a pair named %1 (or with id %2) exists already on this console").arg(e.name, e.id);
    return false;
}

std::optional<ExchangeRepository::Exchange> ExchangeRepository::one(const QString &column, const QVariant &value,
                                                                    QString *error)
{
    error->clear();
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT %1 FROM exchanges WHERE %2 = ?").arg(columns, column));
    if (!run(query, {value}, error) || !query.next())
        return std::nullopt;
    return fromRow(query);
}

std::optional<ExchangeRepository::Exchange> ExchangeRepository::byName(const QString &name, QString *error)
{
    return one(QStringLiteral("name"), name, error);
}

std::optional<ExchangeRepository::Exchange> ExchangeRepository::byId(const QString &id, QString *error)
{
    return one(QStringLiteral("id"), id, error);
}

std::optional<ExchangeRepository::Exchange> ExchangeRepository::byPair(qint64 pairId, QString *error)
{
    return one(QStringLiteral("pair_id"), pairId, error);
}

std::optional<QList<ExchangeRepository::Exchange>> ExchangeRepository::all(QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT %1 FROM exchanges ORDER BY name").arg(columns));
    if (!run(query, {}, error))
        return std::nullopt;
    QList<Exchange> all;
    while (query.next())
        all << fromRow(query);
    return all;
}

bool ExchangeRepository::connect(QSqlDatabase &db, const QString &id, qint64 pairId, const QString &partnerKeys,
                                 const QJsonObject &partnerMetadata, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE exchanges SET pair_id = ?, partner_keys = ?, partner_metadata = ?, updated = "
                                 "? WHERE id = ?"));
    return updateOne(query, {pairId, partnerKeys, compactJson(partnerMetadata), now(), id}, id, error);
}

std::optional<qint64> ExchangeRepository::nextBundle(QSqlDatabase &db, const QString &id, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE exchanges SET sent_bundle = sent_bundle + 1, updated = ? WHERE id = ?"));
    if (!updateOne(query, {now(), id}, id, error))
        return std::nullopt;
    query.prepare(QStringLiteral("SELECT sent_bundle FROM exchanges WHERE id = ?"));
    if (!run(query, {id}, error) || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

bool ExchangeRepository::imported(QSqlDatabase &db, const QString &id, qint64 number, qint64 receivedSeq,
                                  QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE exchanges SET imported_bundle = MAX(imported_bundle, ?), received_seq = "
                                 "MAX(received_seq, ?), updated = ? WHERE id = ?"));
    return updateOne(query, {number, receivedSeq, now(), id}, id, error);
}

bool ExchangeRepository::setProposal(QSqlDatabase &db, const QString &id, const QJsonObject &proposal,
                                     const QString &state, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE exchanges SET proposal = ?, proposal_state = ?, updated = ? WHERE id = ?"));
    const bool clear = state.isEmpty();
    return updateOne(
        query, {clear ? QVariant() : QVariant(compactJson(proposal)), clear ? QVariant() : QVariant(state), now(), id},
        id, error);
}

bool ExchangeRepository::setFolders(const QString &id, const QString &outgoing, const QString &incoming, int interval,
                                    QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(
        QStringLiteral("UPDATE exchanges SET outgoing = ?, incoming = ?, interval = ?, updated = ? WHERE id = ?"));
    return updateOne(query, {outgoing, incoming, interval, now(), id}, id, error);
}

bool ExchangeRepository::remove(const QString &id, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("DELETE FROM exchanges WHERE id = ?"));
    return updateOne(query, {id}, id, error);
}

} // namespace ferry
