#include "engine/conflictresolution.h"

#include "core/op.h"
#include "store/channel.h"
#include "store/conflictrepository.h"
#include "store/exchangerepository.h"
#include "store/linkrepository.h"
#include "store/statestore.h"

#include <QDateTime>

namespace ferry {

namespace {

/// Settles an open conflict with value: on each side that does not hold it, the next round writes
/// it, as a change from the other side whose base is what that side holds (through the usual
/// apply step: re-read, merge, write, or a new conflict if it moved again meanwhile). In a bundle
/// mode the other console always hears the value, so that its own conflict settles too.
Result<void> settle(StateStore &store, qint64 pairId, const ConflictRepository::Conflict &open, const QJsonValue &value,
                    const QString &resolution)
{
    ConflictRepository conflicts(store, pairId);
    const qint64 conflictId = open.id;
    const ConflictRepository::Conflict *conflict = &open;
    const Result<std::optional<LinkRepository::Link>> linked
        = LinkRepository(store, pairId).find(Side::A, conflict->aId);
    if (!linked)
        return linked.error();
    if (!*linked)
        return Error(QStringLiteral("conflict #%1 is on an issue that is no longer linked").arg(conflictId));
    const LinkRepository::Link &link = **linked;
    const Result<std::optional<ExchangeRepository::Exchange>> exchange = ExchangeRepository(store).byPair(pairId);
    if (!exchange)
        return exchange.error();
    Channel channel(store, pairId);
    return store.transaction([&](QSqlDatabase &db) -> Result<void> {
        if (auto resolved = conflicts.resolve(db, conflictId, resolution); !resolved)
            return resolved;
        for (Side target : bothSides) {
            const QJsonValue holds = bySide(target, conflict->aValue, conflict->bValue);
            const bool here = !*exchange || (*exchange)->side == target; // this console writes that side
            if (value == holds && here)
                continue;
            const Side from = otherSide(target);
            Op op = Op::make(OpKind::SetField, from, link.idOn(from), link.keyOn(from));
            op.field = conflict->field;
            // Written over what that side holds; or, when it holds the value already (the
            // other console only hears it), coming from the source's old value: it converges.
            op.base = value == holds ? bySide(from, conflict->aValue, conflict->bValue) : holds;
            op.value = value;
            op.changedAtMs = QDateTime::currentMSecsSinceEpoch();
            op.author = QStringLiteral("conflict #%1 resolved").arg(conflictId);
            // A bundle console applies a change to its own side from its inbox, as if the
            // other side had sent it; one to the other side goes out with the next bundle.
            const Result<void> carried = *exchange && here ? dropValue(channel.receiveSent(db, target, {{0, op}}))
                                                           : channel.send(db, from, {op});
            if (!carried)
                return carried;
        }
        return {};
    });
}

} // namespace

Result<void> resolveConflict(StateStore &store, qint64 pairId, qint64 conflictId, Side take)
{
    const Result<ConflictRepository::Conflict> conflict = ConflictRepository(store, pairId).openOne(conflictId);
    if (!conflict)
        return conflict.error();
    return settle(store, pairId, *conflict, bySide(take, conflict->aValue, conflict->bValue),
                  QStringLiteral("took %1").arg(sideLetter(take)));
}

Result<void> resolveConflictWith(StateStore &store, qint64 pairId, qint64 conflictId, const QJsonValue &value)
{
    const Result<ConflictRepository::Conflict> conflict = ConflictRepository(store, pairId).openOne(conflictId);
    if (!conflict)
        return conflict.error();
    if (value.toString().contains(u'\n') && !conflict->takesLines())
        return Error(
            QStringLiteral("%1 takes one line of text; the value given has a line break").arg(conflict->field));
    return settle(store, pairId, *conflict, value, QStringLiteral("merged value"));
}

} // namespace ferry
