#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include "core/result.h"
#include "core/side.h"

#include <optional>

namespace ferry {

class StateStore;

/// Where a link stands: both issues in sync; one side's issue gone (deleted, or moved out of
/// reach) and its changes set aside; or left alone because an admin said so.
enum class LinkState { Linked, MissingA, MissingB, Ignored };

constexpr LinkState missingOn(Side side)
{
    return side == Side::A ? LinkState::MissingA : LinkState::MissingB;
}

/// How a link's state is stored and recorded: "linked", "missing-a", "missing-b", "ignored".
QString linkStateName(LinkState state);

/// The side whose issue is gone; nullopt unless the state is one of the missing ones.
constexpr std::optional<Side> missingSide(LinkState state)
{
    return state == LinkState::MissingA ? std::optional(Side::A)
        : state == LinkState::MissingB  ? std::optional(Side::B)
                                        : std::nullopt;
}

/// A pair's issue links (side A issue ↔ side B issue), the base snapshot of each linked issue
/// (the values both sides last agreed on), what each side's detector last reported of an issue,
/// and each side's checkpoint.
///
/// Writes take the caller's database connection so they join its transaction: applying an op,
/// updating the base and marking the op applied commit together or not at all.
class LinkRepository {
public:
    struct Link {
        QString aId;
        QString aKey;
        QString bId;
        QString bKey;
        LinkState state = LinkState::Linked;
        const QString &idOn(Side side) const { return side == Side::A ? aId : bId; }
        const QString &keyOn(Side side) const { return side == Side::A ? aKey : bKey; }
        bool operator==(const Link &other) const = default;
    };

    LinkRepository(StateStore &store, qint64 pairId);

    /// Links two issues and records their first base; fails when either issue is linked already.
    Result<void> link(QSqlDatabase &db, const Link &link, const QJsonObject &base);
    /// An issue's link, found by its id on a side; empty when the issue is not linked.
    Result<std::optional<Link>> find(Side side, const QString &issueId);
    /// An issue of the pair by its key on either side, linked or only seen by a poll.
    struct Located {
        Side side = Side::A;
        QString issueId;
        std::optional<Link> link;
    };
    /// Empty when no side knows the key.
    Result<std::optional<Located>> locate(const QString &key);
    /// Records a new key for a linked issue (it moved to another project or was renamed).
    Result<void> rekey(QSqlDatabase &db, Side side, const QString &issueId, const QString &key);
    /// Sets a link's state (Link::state).
    Result<void> setState(QSqlDatabase &db, const QString &aId, LinkState state);
    /// Drops a link and its base (the issue was deleted, or an admin unlinked it).
    Result<void> unlink(QSqlDatabase &db, const QString &aId);
    Result<int> count();
    /// Every link of the pair, by side A key.
    Result<QList<Link>> all();
    /// The links whose state is not Linked (a partner missing, or ignored).
    Result<QList<Link>> setAside();

    /// Asks a side's next poll to read an issue again, whether it changed or not, and to
    /// "recreate" its partner (it is sent as a new issue: its link, what was sent of it and its
    /// items' links are dropped first) or to "resync" it (its fields are sent again and written
    /// over its partner's where they differ).
    Result<void> request(QSqlDatabase &db, Side side, const QString &issueKey, const QString &what);
    /// A side's issues with a request waiting: key → "recreate" or "resync".
    Result<QHash<QString, QString>> requested(Side side);
    Result<void> clearRequest(QSqlDatabase &db, Side side, const QString &issueKey);
    /// Drops what the state holds of an issue so that its next poll takes it for a new one: its
    /// link and base, what its side last reported of it, and its comments', worklogs' and
    /// attachments' links.
    Result<void> forgetIssue(QSqlDatabase &db, Side side, const QString &issueId);

    /// The base of a linked issue, by its side A id; fails when it has none.
    Result<QJsonObject> base(const QString &aId);
    Result<void> setBase(QSqlDatabase &db, const QString &aId, const QJsonObject &base);

    /// A side's checkpoint (the poll position), empty when the side was never polled.
    Result<QString> checkpoint(Side side);
    /// The checkpoint with what a poll needs to know of it: when it was reached (this machine's
    /// clock), and whether a later poll confirmed that nothing before it can still turn up.
    struct PollPosition {
        QString checkpoint; ///< the newest `updated` a poll has seen, in the site's terms; empty: never polled
        QDateTime reached;
        bool settled = false;
    };
    Result<PollPosition> pollPosition(Side side);
    /// Records a poll's checkpoint; a new value is reached now and not settled yet, the same one
    /// keeps both.
    Result<void> setCheckpoint(QSqlDatabase &db, Side side, const QString &value);
    /// Marks the checkpoint value settled (nothing if the checkpoint has moved on since).
    Result<void> settleCheckpoint(QSqlDatabase &db, Side side, const QString &value);

    /// What a side's detector last reported of an issue (common terms), empty when never.
    Result<QJsonObject> observed(Side side, const QString &issueId);
    Result<void> setObserved(QSqlDatabase &db, Side side, const QString &issueId, const QString &issueKey,
                             const QJsonObject &snapshot);

private:
    /// The links whose row meets an SQL condition.
    Result<QList<Link>> linksWhere(const QString &condition);

    StateStore &m_store;
    qint64 m_pairId;
};

} // namespace ferry
