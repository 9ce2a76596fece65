#include "engine/issueactions.h"

#include "engine/conflictresolution.h"
#include "store/linkrepository.h"
#include "store/statestore.h"

namespace ferry::issueactions {

Result<QString> recreate(StateStore &store, qint64 pairId, const QString &pairName, const IssueSync &issue)
{
    const std::optional<Side> missing = issue.link ? missingSide(issue.link->state) : std::nullopt;
    if (!missing)
        return Error(
            QStringLiteral("%1 has %2; recreating is for an issue whose partner is missing")
                .arg(issue.key, issue.link ? QStringLiteral("its partner") : QStringLiteral("no partner yet")));
    // The issue that is still there is the one to send again.
    const Side side = otherSide(*missing);
    const QString key = issue.link->keyOn(side);
    LinkRepository links(store, pairId);
    if (auto requested
        = store.transaction([&](QSqlDatabase &db) { return links.request(db, side, key, QStringLiteral("recreate")); });
        !requested)
        return requested.error();
    return QStringLiteral("The next sync round of %1 creates a new partner of %2 on side %3.")
        .arg(pairName, key, sideLetter(*missing));
}

Result<QString> resync(StateStore &store, qint64 pairId, const QString &pairName, const IssueSync &issue)
{
    if (!issue.link || issue.link->state != LinkState::Linked)
        return Error(QStringLiteral("%1 is %2; only a linked issue is sent again")
                         .arg(issue.key, IssueSync::stateName(issue.state)));
    // Its open conflicts are settled with its values: that is what the resync writes.
    for (const ConflictRepository::Conflict &conflict : issue.conflicts) {
        if (auto resolved = resolveConflict(store, pairId, conflict.id, issue.side); !resolved)
            return resolved.error();
    }
    LinkRepository links(store, pairId);
    if (auto requested = store.transaction(
            [&](QSqlDatabase &db) { return links.request(db, issue.side, issue.key, QStringLiteral("resync")); });
        !requested)
        return requested.error();
    return QStringLiteral("The next sync round of %1 sends %2 again and writes its fields over %3 where they differ.")
        .arg(pairName, issue.key, issue.partnerKey());
}

Result<QString> ignore(StateStore &store, qint64 pairId, const IssueSync &issue)
{
    if (!issue.link)
        return Error(QStringLiteral("%1 is not linked; there is nothing to ignore").arg(issue.key));
    LinkRepository links(store, pairId);
    if (auto set
        = store.transaction([&](QSqlDatabase &db) { return links.setState(db, issue.link->aId, LinkState::Ignored); });
        !set)
        return set.error();
    return QStringLiteral("%1 and %2 are left alone from now on; relink them to sync them again.")
        .arg(issue.link->aKey, issue.link->bKey);
}

Result<QString> relink(StateStore &store, qint64 pairId, const QString &pairName, const IssueSync &issue,
                       const QString &otherKey)
{
    LinkRepository links(store, pairId);
    const Result<std::optional<LinkRepository::Located>> located = links.locate(otherKey);
    if (!located)
        return located.error();
    if (!*located)
        return Error(QStringLiteral("pair %1 has not seen an issue %2; it must be in the pair's scope and polled once")
                         .arg(pairName, otherKey));
    const LinkRepository::Located &other = **located;
    if (other.side == issue.side)
        return Error(
            QStringLiteral("%1 is on the same site as %2; name an issue of the other site").arg(otherKey, issue.key));
    if (other.link && other.link->state == LinkState::Linked && !(issue.link && *other.link == *issue.link))
        return Error(
            QStringLiteral("%1 is linked to %2 already").arg(otherKey, other.link->keyOn(otherSide(other.side))));
    const bool keyOnA = issue.side == Side::A;
    const LinkRepository::Link link{keyOnA ? issue.issueId : other.issueId, keyOnA ? issue.key : otherKey,
                                    keyOnA ? other.issueId : issue.issueId, keyOnA ? otherKey : issue.key};
    // What both sides agree on, as their polls last saw them, is the base.
    const Result<QJsonObject> onA = links.observed(Side::A, link.aId);
    if (!onA)
        return onA.error();
    const Result<QJsonObject> onB = links.observed(Side::B, link.bId);
    if (!onB)
        return onB.error();
    QJsonObject base;
    for (auto it = onA->begin(); it != onA->end(); ++it) {
        if (onB->value(it.key()) == it.value())
            base.insert(it.key(), it.value());
    }
    if (auto linked = store.transaction([&](QSqlDatabase &db) -> Result<void> {
            for (const std::optional<LinkRepository::Link> &old : {issue.link, other.link}) {
                if (!old)
                    continue;
                if (auto unlinked = links.unlink(db, old->aId); !unlinked)
                    return unlinked;
            }
            return links.link(db, link, base);
        });
        !linked)
        return linked.error();
    return QStringLiteral("%1 is linked to %2; changes travel between them from the next sync round.")
        .arg(issue.key, otherKey);
}

} // namespace ferry::issueactions
