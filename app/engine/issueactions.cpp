#include "engine/issueactions.h"

#include "engine/conflictresolution.h"
#include "store/linkrepository.h"
#include "store/statestore.h"

namespace ferry::issueactions {

std::optional<QString> recreate(StateStore &store, qint64 pairId, const QString &pairName, const IssueSync &issue,
                                QString *error)
{
    const std::optional<Side> missing = issue.link ? missingSide(issue.link->state) : std::nullopt;
    if (!missing) {
        *error = QStringLiteral("%1 has %2; recreating is for an issue whose partner is missing")
                     .arg(issue.key, issue.link ? QStringLiteral("its partner") : QStringLiteral("no partner yet"));
        return std::nullopt;
    }
    // The issue that is still there is the one to send again.
    const Side side = otherSide(*missing);
    const QString key = issue.link->keyOn(side);
    LinkRepository links(store, pairId);
    if (!store.transaction(
            [&](QSqlDatabase &db, QString *problem) {
                return links.request(db, side, key, QStringLiteral("recreate"), problem);
            },
            error))
        return std::nullopt;
    return QStringLiteral("The next sync round of %1 creates a new partner of %2 on side %3.")
        .arg(pairName, key, sideLetter(*missing));
}

std::optional<QString> resync(StateStore &store, qint64 pairId, const QString &pairName, const IssueSync &issue,
                              QString *error)
{
    if (!issue.link || issue.link->state != LinkState::Linked) {
        *error = QStringLiteral("%1 is %2; only a linked issue is sent again")
                     .arg(issue.key, IssueSync::stateName(issue.state));
        return std::nullopt;
    }
    // Its open conflicts are settled with its values: that is what the resync writes.
    for (const ConflictRepository::Conflict &conflict : issue.conflicts) {
        if (!resolveConflict(store, pairId, conflict.id, issue.side, error))
            return std::nullopt;
    }
    LinkRepository links(store, pairId);
    if (!store.transaction(
            [&](QSqlDatabase &db, QString *problem) {
                return links.request(db, issue.side, issue.key, QStringLiteral("resync"), problem);
            },
            error))
        return std::nullopt;
    return QStringLiteral("The next sync round of %1 sends %2 again and writes its fields over %3 where they differ.")
        .arg(pairName, issue.key, issue.partnerKey());
}

std::optional<QString> ignore(StateStore &store, qint64 pairId, const IssueSync &issue, QString *error)
{
    if (!issue.link) {
        *error = QStringLiteral("%1 is not linked; there is nothing to ignore").arg(issue.key);
        return std::nullopt;
    }
    LinkRepository links(store, pairId);
    if (!store.transaction(
            [&](QSqlDatabase &db, QString *problem) {
                return links.setState(db, issue.link->aId, LinkState::Ignored, problem);
            },
            error))
        return std::nullopt;
    return QStringLiteral("%1 and %2 are left alone from now on; relink them to sync them again.")
        .arg(issue.link->aKey, issue.link->bKey);
}

std::optional<QString> relink(StateStore &store, qint64 pairId, const QString &pairName, const IssueSync &issue,
                              const QString &otherKey, QString *error)
{
    LinkRepository links(store, pairId);
    const std::optional<LinkRepository::Located> other = links.locate(otherKey, error);
    if (!other) {
        if (error->isEmpty())
            *error = QStringLiteral("pair %1 has not seen an issue %2; it must be in the pair's scope and polled once")
                         .arg(pairName, otherKey);
        return std::nullopt;
    }
    if (other->side == issue.side) {
        *error
            = QStringLiteral("%1 is on the same site as %2; name an issue of the other site").arg(otherKey, issue.key);
        return std::nullopt;
    }
    if (other->link && other->link->state == LinkState::Linked && !(issue.link && *other->link == *issue.link)) {
        *error = QStringLiteral("%1 is linked to %2 already").arg(otherKey, other->link->keyOn(otherSide(other->side)));
        return std::nullopt;
    }
    const bool keyOnA = issue.side == Side::A;
    const LinkRepository::Link link{keyOnA ? issue.issueId : other->issueId, keyOnA ? issue.key : otherKey,
                                    keyOnA ? other->issueId : issue.issueId, keyOnA ? otherKey : issue.key};
    // What both sides agree on, as their polls last saw them, is the base.
    const std::optional<QJsonObject> onA = links.observed(Side::A, link.aId, error);
    const std::optional<QJsonObject> onB = onA ? links.observed(Side::B, link.bId, error) : std::nullopt;
    if (!onB)
        return std::nullopt;
    QJsonObject base;
    for (auto it = onA->begin(); it != onA->end(); ++it) {
        if (onB->value(it.key()) == it.value())
            base.insert(it.key(), it.value());
    }
    if (!store.transaction(
            [&](QSqlDatabase &db, QString *problem) {
                return (!issue.link || links.unlink(db, issue.link->aId, problem))
                    && (!other->link || links.unlink(db, other->link->aId, problem))
                    && links.link(db, link, base, problem);
            },
            error))
        return std::nullopt;
    return QStringLiteral("%1 is linked to %2; changes travel between them from the next sync round.")
        .arg(issue.key, otherKey);
}

} // namespace ferry::issueactions
