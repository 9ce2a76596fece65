#pragma once

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "core/result.h"
#include "core/side.h"

#include <optional>

namespace ferry {

class StateStore;

/// The pairs this console exchanges by bundles with a console on the other side: each pair's
/// id (shared by both consoles), this console's role and side, where its bundle key lives,
/// both sides' public keys, and how far the exchange has come.
class ExchangeRepository {
public:
    struct Exchange {
        QString id; ///< the pair's id on both consoles (a UUID)
        QString name; ///< the pair's name on this console
        qint64 pairId = 0; ///< the pair's row; 0 until the handshake is answered
        QString role; ///< "primary" (owns the configuration) or "secondary"
        Side side = Side::A; ///< this console's side
        QString keyRef; ///< where this side's secret bundle key lives: "keychain", "env:NAME", "file:PATH"
        QString ownKeys; ///< this side's public keys (BundlePublicKeys::toText)
        QString partnerKeys; ///< the other side's; empty until the handshake is answered
        QJsonObject handshake; ///< what the handshake said: its nonce, the primary's side and site
        QJsonObject partnerMetadata; ///< the other site's metadata (SiteMetadata as JSON)
        qint64 sentBundle = 0; ///< the number of the last bundle written
        qint64 importedBundle = 0; ///< the number of the partner's last bundle imported
        qint64 receivedSeq = 0; ///< every op of the partner up to this sequence is received
        QString outgoing; ///< file exchange: where bundles are written, and read from
        QString incoming;
        int interval = 300; ///< seconds between exchanges in automatic mode
        /// A new configuration on its way: {"version": N, "config": {…}}; empty when none.
        QJsonObject proposal;
        /// "published" (the primary awaits the answer), "offered" (the secondary has not decided),
        /// "accepted" or "declined" (the secondary's answer, until the primary hears it).
        QString proposalState;

        Side partnerSide() const { return otherSide(side); }
        bool isConnected() const { return pairId != 0 && !partnerKeys.isEmpty(); }
    };

    explicit ExchangeRepository(StateStore &store);

    Result<void> create(const Exchange &exchange);
    /// Empty when there is none by that name (or id, or pair).
    Result<std::optional<Exchange>> byName(const QString &name);
    Result<std::optional<Exchange>> byId(const QString &id);
    Result<std::optional<Exchange>> byPair(qint64 pairId);
    Result<QList<Exchange>> all();
    /// The handshake was answered: the pair exists and the partner's keys are known.
    Result<void> connect(QSqlDatabase &db, const QString &id, qint64 pairId, const QString &partnerKeys,
                         const QJsonObject &partnerMetadata);
    /// The next bundle's number, counted in the caller's transaction.
    Result<qint64> nextBundle(QSqlDatabase &db, const QString &id);
    /// The partner's bundle number was imported; its ops are received up to receivedSeq.
    Result<void> imported(QSqlDatabase &db, const QString &id, qint64 number, qint64 receivedSeq);
    /// Records a proposal and where it stands (an empty state clears it), in the caller's transaction.
    Result<void> setProposal(QSqlDatabase &db, const QString &id, const QJsonObject &proposal, const QString &state);
    Result<void> setFolders(const QString &id, const QString &outgoing, const QString &incoming, int interval);
    Result<void> remove(const QString &id);

private:
    Result<std::optional<Exchange>> one(const QString &column, const QVariant &value);

    StateStore &m_store;
};

} // namespace ferry
