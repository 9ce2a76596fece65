#pragma once

#include "core/result.h"

#include <QDateTime>

namespace ferry {

class StateStore;

/// What compacting a pair's history dropped, and from when it keeps everything.
struct Compaction {
    QDateTime before; ///< everything settled before this is gone
    int ops = 0; ///< outbox and inbox rows
    int entries = 0; ///< journal entries
};

/// Keeps a pair's state bounded: the ops settled and the journal entries older than before go
/// (what is pending, what a receipt still needs, the attempts of ops not applied and the newest
/// round stay), in one transaction, recorded in the journal as "compacted" so that an issue's
/// history can say where it begins (docs/architecture.md, "The state").
Result<Compaction> compactHistory(StateStore &store, qint64 pairId, const QDateTime &before);

/// Since when the pair keeps its whole history; invalid when it was never compacted.
Result<QDateTime> historyKeptSince(StateStore &store, qint64 pairId);

} // namespace ferry
