#include "engine/conflictresolution.h"

#include "core/op.h"
#include "store/channel.h"
#include "store/conflictrepository.h"
#include "store/exchangerepository.h"
#include "store/linkrepository.h"
#include "store/statestore.h"

#include <QDateTime>

namespace ferry {

bool resolveConflict(StateStore &store, qint64 pairId, qint64 conflictId, const QString &take, QString *error)
{
    if (take != QStringLiteral("a") && take != QStringLiteral("b")) {
        *error = QStringLiteral("take side 'a' or side 'b', not '%1'").arg(take);
        return false;
    }
    ConflictRepository conflicts(store, pairId);
    const std::optional<ConflictRepository::Conflict> conflict = conflicts.openOne(conflictId, error);
    if (!conflict)
        return false;
    LinkRepository links(store, pairId);
    std::optional<LinkRepository::Link> link;
    if (!links.find(QStringLiteral("a"), conflict->aId, &link, error))
        return false;
    if (!link) {
        *error = QStringLiteral("conflict #%1 is on an issue that is no longer linked").arg(conflictId);
        return false;
    }
    const bool fromA = take == QStringLiteral("a");
    Op op = Op::make(QStringLiteral("set-field"), take, fromA ? link->aId : link->bId, fromA ? link->aKey : link->bKey);
    op.field = conflict->field;
    op.base = fromA ? conflict->bValue : conflict->aValue;
    op.value = fromA ? conflict->aValue : conflict->bValue;
    op.changedAtMs = QDateTime::currentMSecsSinceEpoch();
    op.author = QStringLiteral("conflict #%1 resolved").arg(conflictId);
    Channel channel(store, pairId);
    const std::optional<ExchangeRepository::Exchange> exchange = ExchangeRepository(store).byPair(pairId, error);
    if (!error->isEmpty())
        return false;
    if (!exchange || exchange->side == take)
        return store.transaction(
            [&](QSqlDatabase &db, QString *problem) {
                return conflicts.resolve(db, conflictId, QStringLiteral("took %1").arg(take.toUpper()), problem)
                    && channel.send(db, take, {op}, problem);
            },
            error);
    // A bundle mode, taking the other console's value: this side's round writes it here (as if
    // the other side sent it), and this side tells the other, whose own conflict then settles.
    const QString here = exchange->side;
    Op agree
        = Op::make(QStringLiteral("set-field"), here, fromA ? link->bId : link->aId, fromA ? link->bKey : link->aKey);
    agree.field = op.field;
    agree.base = op.base;
    agree.value = op.value;
    agree.changedAtMs = op.changedAtMs;
    agree.author = op.author;
    return store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            return conflicts.resolve(db, conflictId, QStringLiteral("took %1").arg(take.toUpper()), problem)
                && channel.receiveSent(db, here, {{0, op}}, problem) && channel.send(db, here, {agree}, problem);
        },
        error);
}

} // namespace ferry
