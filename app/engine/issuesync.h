#pragma once

#include "store/channel.h"
#include "store/conflictrepository.h"
#include "store/issueerrors.h"
#include "store/linkrepository.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ferry {

class StateStore;
struct PairStatus;

/// What Ferry knows of one issue of a pair, from its state alone (no site is asked): its
/// partner, where it stands, when changes last went out and came in, and its recent ops. What
/// ferry-cli issue and the console's issue view show.
struct IssueSync {
    enum class State { UpToDate, Pending, Error, Conflict, NotLinked, PartnerMissing, Ignored };
    static QString stateName(State state); ///< "up to date", "pending", …

    QString key;
    Side side = Side::A; ///< where the key is
    QString issueId;
    std::optional<LinkRepository::Link> link;
    State state = State::NotLinked;
    int pending = 0; ///< ops of the issue or its partner that the other side has not applied yet
    std::optional<IssueErrors::Parked> parked; ///< the issue, or its partner, waiting for a retry
    QList<ConflictRepository::Conflict> conflicts; ///< open ones
    QDateTime lastSent; ///< UTC; the newest op detected on this issue
    QDateTime lastReceived; ///< UTC; the newest op of its partner applied to it
    /// Ops of both issues, newest first; side says where each was detected.
    QList<Channel::Traced> recent;
    /// UTC; the pair's history before it was compacted (its retention): older ops are not in
    /// recent. Invalid when the whole history is kept.
    QDateTime historySince;

    QString partnerKey() const;
    /// One recent op as a line: "A to B  set-field summary = Fan is noisy", then what became
    /// of it ("pending", or "applied" and its result); times are the caller's to add.
    static QString describe(const Channel::Traced &traced);
    /// What an applied op's recorded result says, in words ("created as GLX-4", "a conflict, for an
    /// admin to settle").
    static QString resultInWords(const QJsonObject &result);
    QJsonObject toJson() const;

    /// Empty when the pair knows no issue of that key.
    static Result<std::optional<IssueSync>> read(StateStore &store, qint64 pairId, const QString &key, int recentLimit);
    /// Every linked issue of the pair, seen from side A, without recent ops: what the console's
    /// issue view lists. The parked issues and open conflicts are the pair status's, read with it.
    static Result<QList<IssueSync>> list(StateStore &store, qint64 pairId, const PairStatus &status);

private:
    /// The state from what is known of the issue (one rule for read() and list()).
    void settleState();
};

} // namespace ferry
