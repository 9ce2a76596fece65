#pragma once

#include "core/op.h"
#include "core/result.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QStringList>
#include <optional>

namespace ferry {

class StateStore;

/// The durable channel between a pair's two half-engines, in the state store. Each side's
/// outbox numbers its ops in sequence and keeps them until the other side acknowledges them;
/// each side's inbox remembers every op it received and whether it was applied, so an op is
/// applied at most once however often it arrives. Direct modes and the bundle modes share it.
class Channel {
public:
    struct Sent {
        qint64 seq = 0;
        Op op;
    };

    /// An op of one issue and what became of it.
    struct Traced {
        Op op;
        QDateTime sent; ///< UTC
        QDateTime acknowledged; ///< invalid until the other side acknowledged it
        QDateTime applied; ///< invalid until the other side applied it
        QJsonObject result; ///< what applying it did, as the other side recorded it
    };

    /// pairId is the pair's row in the store (PairRepository). Each call names the side whose
    /// outbox (for send) or inbox (for receive) it is.
    Channel(StateStore &store, qint64 pairId);

    /// Appends ops to a side's outbox in one transaction; gives them the next sequence numbers.
    Result<void> send(Side side, const QList<Op> &ops);
    /// The same, in the caller's transaction (with the checkpoint the ops advance).
    Result<void> send(QSqlDatabase &db, Side side, const QList<Op> &ops);
    /// Ops of a side's outbox not yet acknowledged, after afterSeq, in order.
    Result<QList<Sent>> pending(Side side, qint64 afterSeq, int limit);
    /// How many ops of a side's outbox wait for the other side.
    Result<int> pendingCount(Side side);
    /// The other side has everything up to seq, except the ops named (which it could not
    /// apply yet): those ops leave the pending list.
    Result<void> acknowledge(Side side, qint64 upToSeq, const QStringList &except = {});

    /// The same, in the caller's transaction.
    Result<void> acknowledge(QSqlDatabase &db, Side side, qint64 upToSeq, const QStringList &except = {});

    /// Records ops arriving at a side; returns those not seen before, in order.
    Result<QList<Op>> receive(Side side, const QList<Op> &ops);
    /// Marks a received op applied, with what happened; an op is marked applied only once. The
    /// form with a database joins the caller's transaction (the op's effect on the base).
    Result<void> markApplied(QSqlDatabase &db, Side side, const QString &opId, const QJsonObject &result);
    Result<void> markApplied(Side side, const QString &opId, const QJsonObject &result);
    Result<bool> isApplied(Side side, const QString &opId);
    /// Whether a side received an op and has not applied it yet.
    Result<bool> isReceivedUnapplied(Side side, const QString &opId);

    /// Bundle modes, where the sender's outbox is on another console: ops arriving at a side
    /// with their sequence, kept whole until applied; how many were new.
    Result<int> receiveSent(QSqlDatabase &db, Side side, const QList<Sent> &sent);
    /// A side's outbox: its last sequence, and the last one the other side acknowledged (all
    /// before it too).
    struct Sequences {
        qint64 last = 0;
        qint64 acknowledged = 0;
    };
    Result<Sequences> sequences(Side side);
    /// Bundle modes: how many ops a side received and has not applied yet.
    Result<int> unappliedCount(Side side);
    /// Bundle modes: the ops a side received and has not applied yet, in the sender's order.
    Result<QList<Op>> unapplied(Side side, int limit);
    /// What became of an op on the side that applied it, for its sender.
    struct Receipt {
        QString opId;
        QDateTime applied; ///< UTC
        QJsonObject result;
        Op op; ///< the op itself, on the applying side (not carried)
    };
    /// Receipts of the ops a side applied that its sender has not confirmed yet; they are
    /// marked as carried by bundle number bundle (carried again until confirmed).
    Result<QList<Receipt>> receiptsToCarry(QSqlDatabase &db, Side side, qint64 bundle);
    /// How many receipts of ops a side applied its sender has not confirmed yet.
    Result<int> unconfirmedReceipts(Side side);
    /// The sender imported every bundle up to upToBundle: the receipts those carried are confirmed,
    /// and the ops they speak of are kept by id only.
    Result<void> receiptsConfirmed(QSqlDatabase &db, Side side, qint64 upToBundle);
    /// The ops of a side's outbox among ids, by id: what this side really sent, to hold a
    /// partner's receipts against.
    Result<QHash<QString, Op>> sentAmong(QSqlDatabase &db, Side side, const QStringList &ids);
    /// Records what the other console did with ops this side sent: the inbox of the side that
    /// applied them (applyingSide), mirrored, so that the issue views show it as in a direct mode.
    Result<void> recordReceipts(QSqlDatabase &db, Side applyingSide, const QList<Receipt> &receipts);

    /// What went out from each issue: keyed by side + ':' + issue id.
    struct Traffic {
        QDateTime lastSent; ///< UTC
        QDateTime lastApplied; ///< UTC; the newest of its ops the other side applied
        int pending = 0; ///< its ops the other side has not applied yet
    };
    Result<QHash<SideIssue, Traffic>> traffic();
    /// The SQL of the reads that join each op sent to where it was received (traffic, trace):
    /// tst_channel checks with EXPLAIN QUERY PLAN that the inbox is searched, never scanned.
    static QStringList outboxJoins();
    /// The ops a side sent about one of its issues, newest first, at most limit.
    Result<QList<Traced>> trace(Side side, const QString &issueId, int limit);

    /// Drops, in the caller's transaction, the ops settled before before: those sent and
    /// acknowledged (but the last of each side, which keeps the numbering), and those received
    /// and applied whose receipt needs no carrying and that cannot arrive again (their outbox
    /// row, when it is this console's, is acknowledged). What is pending stays. The number of
    /// rows dropped.
    Result<int> compact(QSqlDatabase &db, const QDateTime &before);

private:
    /// Whether the inbox holds the op and condition (an SQL expression on its row) holds.
    Result<bool> inboxHolds(Side side, const QString &opId, const QString &condition);

    StateStore &m_store;
    qint64 m_pairId;
};

} // namespace ferry
