#pragma once

#include "store/conflictrepository.h"
#include "store/issueerrors.h"
#include "store/linkrepository.h"
#include "store/pairrepository.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ferry {

class StateStore;

/// The pairs of a state folder, as ferry-cli pair list shows them.
Result<QList<PairRepository::Summary>> listPairs(const QString &stateDirectory);

/// An open conflict with the keys of its two issues, as an admin reads it.
struct OpenConflict {
    ConflictRepository::Conflict conflict;
    QString aKey;
    QString bKey;
};
/// The pair's open conflicts, oldest first.
Result<QList<OpenConflict>> openConflicts(StateStore &store, qint64 pairId);
/// A field value as one line: text as it is, "(empty)", or compact JSON; cut to maxLength.
QString valueAsLine(const QJsonValue &value, int maxLength = 70);

/// The journal's kind for a site's spent hourly quota: detail {site, until (ISO, UTC), reason}.
QString quotaPauseKind();

/// Where a pair stands, from its state alone (no site is asked): what the CLI's status command
/// and the console show.
struct PairStatus {
    int linkedIssues = 0;
    int pendingFromA = 0; ///< ops side A sent that side B has not applied yet
    int pendingFromB = 0;
    int openConflicts = 0;
    QList<OpenConflict> conflicts;
    QList<IssueErrors::Parked> parked;
    QList<LinkRepository::Link> setAside; ///< links with a partner missing, or ignored
    /// Links whose partner is gone: their changes wait for an admin.
    int partnersMissing() const;
    QString checkpointA; ///< the poll position of each side, as Jira wrote it; empty: never polled
    QString checkpointB;
    QDateTime lastRound; ///< UTC; invalid when the pair never ran
    QJsonObject lastRoundDetail; ///< what the journal holds of it
    qint64 requestsA = 0; ///< every request sent to each site since the pair first ran
    qint64 requestsB = 0;

    /// A site whose hourly quota is spent (Jira Cloud's RateLimit-Reason): every request to it
    /// waits until then.
    struct QuotaPause {
        Side side = Side::A;
        QString site;
        QDateTime until; ///< UTC
        /// What the console and the CLI say of it ("… resuming at 15:00").
        QString notice() const;
    };
    std::optional<QuotaPause> quotaPause; ///< the latest, while it lasts

    /// A pair exchanged by bundles with a console on the other side: how far each way has come.
    struct Bundles {
        Side side = Side::A; ///< this console's
        QString role; ///< "primary" or "secondary"
        bool connected = false; ///< the handshake was answered
        qint64 sentSeq = 0; ///< this side's last change
        qint64 confirmedSeq = 0; ///< the other console has this side's changes up to here
        qint64 receivedSeq = 0; ///< this console has the other side's changes up to here
        int toApply = 0; ///< of those, not applied yet (the next round does)
        qint64 sentBundle = 0; ///< the number of the last bundle written
        qint64 importedBundle = 0; ///< of the other side's last bundle imported
        QString partnerFingerprint;
        QString outgoing; ///< automatic file exchange; empty: by hand
        QString incoming;
        int interval = 0;
        QString proposalState; ///< see ExchangeRepository::Exchange; empty: none
        int proposalVersion = 0;
        /// E-mail mode: sent to this address, read from this console's mailbox; empty: not by mail.
        QString mailTo;
        QString mailbox; ///< "FOLDER of USER at HOST:PORT"
        int mailInterval = 0;
        int waitingToSend = 0; ///< bundles a failed send left for the next exchange
    };
    std::optional<Bundles> bundles;

    /// In step: nothing pending, parked or in conflict.
    bool inStep() const
    {
        return pendingFromA + pendingFromB + openConflicts + partnersMissing() == 0 && parked.isEmpty();
    }
    QJsonObject toJson() const;

    static Result<PairStatus> read(StateStore &store, qint64 pairId);
};

} // namespace ferry
