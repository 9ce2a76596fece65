#include "engine/retention.h"

#include "store/channel.h"
#include "store/journal.h"
#include "store/statestore.h"

namespace ferry {

namespace {

const QString compactedKind = QStringLiteral("compacted");

} // namespace

Result<Compaction> compactHistory(StateStore &store, qint64 pairId, const QDateTime &before)
{
    Compaction done;
    done.before = before.toUTC();
    Journal journal(store, pairId);
    const Result<void> compacted = store.transaction([&](QSqlDatabase &db) -> Result<void> {
        const Result<int> ops = Channel(store, pairId).compact(db, done.before);
        if (!ops)
            return ops.error();
        const Result<int> entries = journal.compact(db, done.before);
        if (!entries)
            return entries.error();
        done.ops = *ops;
        done.entries = *entries;
        return journal.record(db,
                              {{},
                               {},
                               {},
                               compactedKind,
                               {{QStringLiteral("before"), done.before.toString(Qt::ISODateWithMs)},
                                {QStringLiteral("ops"), done.ops},
                                {QStringLiteral("entries"), done.entries}}});
    });
    if (!compacted)
        return compacted.error();
    return done;
}

Result<QDateTime> historyKeptSince(StateStore &store, qint64 pairId)
{
    const Result<Journal::Entry> last = Journal(store, pairId).last(compactedKind);
    if (!last)
        return last.error();
    return QDateTime::fromString(last->detail.value(QStringLiteral("before")).toString(), Qt::ISODateWithMs);
}

} // namespace ferry
