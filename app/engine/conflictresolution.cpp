#include "engine/conflictresolution.h"

#include "core/op.h"
#include "store/channel.h"
#include "store/conflictrepository.h"
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
    return store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            return conflicts.resolve(db, conflictId, QStringLiteral("took %1").arg(take.toUpper()), problem)
                && channel.send(db, take, {op}, problem);
        },
        error);
}

} // namespace ferry
