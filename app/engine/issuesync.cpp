#include "engine/issuesync.h"

#include "engine/retention.h"

#include "engine/pairstatus.h"
#include "store/statestore.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>

namespace ferry {

namespace {

QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QString IssueSync::stateName(State state)
{
    switch (state) {
    case State::UpToDate:
        return QStringLiteral("up to date");
    case State::Pending:
        return QStringLiteral("pending");
    case State::Error:
        return QStringLiteral("error");
    case State::Conflict:
        return QStringLiteral("conflict");
    case State::NotLinked:
        return QStringLiteral("not linked");
    case State::PartnerMissing:
        return QStringLiteral("partner missing");
    case State::Ignored:
        return QStringLiteral("ignored");
    }
    return {};
}

QString IssueSync::partnerKey() const
{
    if (!link)
        return {};
    return link->keyOn(otherSide(side));
}

QString IssueSync::resultInWords(const QJsonObject &result)
{
    // What the apply step records (ApplyStep, the op families): one key, its value a reason, a key
    // or an id. A key this Ferry has no words for is shown as it is.
    static const QHash<QString, QString> words{
        {QStringLiteral("written"), QStringLiteral("written (%1)")},
        {QStringLiteral("unchanged"), QStringLiteral("already there")},
        {QStringLiteral("skipped"), QStringLiteral("not carried this way (%1)")},
        {QStringLiteral("sentBack"), QStringLiteral("the other value stays and goes back (%1)")},
        {QStringLiteral("conflict"), QStringLiteral("a conflict, for an admin to settle")},
        {QStringLiteral("created"), QStringLiteral("created as %1")},
        {QStringLiteral("matched"), QStringLiteral("matched with %1")},
        {QStringLiteral("copied"), QStringLiteral("copied (copy %1)")},
        {QStringLiteral("edited"), QStringLiteral("copy %1 written over")},
        {QStringLiteral("deleted"), QStringLiteral("copy %1 deleted")},
        {QStringLiteral("gone"), QStringLiteral("its copy was gone already")},
        {QStringLiteral("kept"), QStringLiteral("kept as it is (%1)")},
        {QStringLiteral("superseded"), QStringLiteral("superseded by a later change")},
        {QStringLiteral("by-hand"), QStringLiteral("left for an admin to do by hand")},
        {QStringLiteral("refused"), QStringLiteral("refused: %1")},
        {QStringLiteral("setAside"), QStringLiteral("set aside (the link is %1)")},
        {QStringLiteral("partnerMissing"), QStringLiteral("set aside: its partner %1 is gone")},
    };
    QStringList said;
    for (auto it = result.begin(); it != result.end(); ++it) {
        const QString value = it.value().isString() ? it.value().toString() : valueAsLine(it.value(), 40);
        const QString phrase = words.value(it.key());
        said << (phrase.isEmpty()            ? it.key() + QStringLiteral(": ") + value
                     : phrase.contains(u'%') ? phrase.arg(value)
                                             : phrase);
    }
    return said.join(QStringLiteral("; "));
}

QString IssueSync::describe(const Channel::Traced &traced)
{
    QString line = QStringLiteral("%1 to %2  ").arg(sideLetter(traced.op.side), sideLetter(otherSide(traced.op.side)));
    line += opKindName(traced.op.kind);
    if (!traced.op.field.isEmpty())
        line += u' ' + traced.op.field + QStringLiteral(" = ") + valueAsLine(traced.op.value, 40);
    line += traced.applied.isValid() ? QStringLiteral("  applied") : QStringLiteral("  pending");
    if (!traced.result.isEmpty())
        line += QStringLiteral(": ") + resultInWords(traced.result);
    return line;
}

Result<std::optional<IssueSync>> IssueSync::read(StateStore &store, qint64 pairId, const QString &key, int recentLimit)
{
    const Result<std::optional<LinkRepository::Located>> found = LinkRepository(store, pairId).locate(key);
    if (!found)
        return found.error();
    if (!*found)
        return std::optional<IssueSync>();
    const LinkRepository::Located *located = &**found;
    IssueSync sync;
    sync.key = key;
    sync.side = located->side;
    sync.issueId = located->issueId;
    sync.link = located->link;
    const QString partnerId = !sync.link ? QString() : sync.link->idOn(otherSide(sync.side));

    Channel channel(store, pairId);
    // Far enough back for every op still pending; the newest recentLimit are shown.
    const int depth = std::max(recentLimit, 1000);
    const Result<QList<Channel::Traced>> mine = channel.trace(sync.side, sync.issueId, depth);
    if (!mine)
        return mine.error();
    QList<Channel::Traced> theirs;
    if (sync.link) {
        const auto traced = channel.trace(otherSide(sync.side), partnerId, depth);
        if (!traced)
            return traced.error();
        theirs = *traced;
    }
    for (const Channel::Traced &t : *mine) {
        sync.lastSent = std::max(sync.lastSent, t.sent);
        sync.pending += t.applied.isValid() ? 0 : 1;
    }
    for (const Channel::Traced &t : theirs) {
        if (t.applied.isValid())
            sync.lastReceived = std::max(sync.lastReceived, t.applied);
        else
            ++sync.pending;
    }
    sync.recent = *mine + theirs;
    std::sort(sync.recent.begin(), sync.recent.end(),
              [](const Channel::Traced &x, const Channel::Traced &y) { return x.sent > y.sent; });
    sync.recent = sync.recent.mid(0, recentLimit);
    const Result<QDateTime> since = historyKeptSince(store, pairId);
    if (!since)
        return since.error();
    sync.historySince = *since;

    const Result<QList<IssueErrors::Parked>> parked = IssueErrors(store, pairId).all();
    if (!parked)
        return parked.error();
    for (const IssueErrors::Parked &p : *parked) {
        if ((p.side == sync.side && p.issueId == sync.issueId)
            || (p.side == otherSide(sync.side) && p.issueId == partnerId))
            sync.parked = p;
    }
    if (sync.link) {
        const Result<QList<ConflictRepository::Conflict>> open = ConflictRepository(store, pairId).open();
        if (!open)
            return open.error();
        for (const ConflictRepository::Conflict &c : *open) {
            if (c.aId == sync.link->aId)
                sync.conflicts << c;
        }
    }
    sync.settleState();
    return std::optional(std::move(sync));
}

void IssueSync::settleState()
{
    const LinkState linkState = link ? link->state : LinkState::Linked;
    state = missingSide(linkState)        ? State::PartnerMissing
        : linkState == LinkState::Ignored ? State::Ignored
        : !conflicts.isEmpty()            ? State::Conflict
        : parked                          ? State::Error
        : pending > 0                     ? State::Pending
        : link                            ? State::UpToDate
                                          : State::NotLinked;
}

Result<QList<IssueSync>> IssueSync::list(StateStore &store, qint64 pairId, const PairStatus &status)
{
    const Result<QList<LinkRepository::Link>> links = LinkRepository(store, pairId).all();
    if (!links)
        return links.error();
    const auto traffic = Channel(store, pairId).traffic();
    if (!traffic)
        return traffic.error();
    QHash<SideIssue, IssueErrors::Parked> parkedBy;
    for (const IssueErrors::Parked &p : status.parked)
        parkedBy.insert({p.side, p.issueId}, p);
    QHash<QString, QList<ConflictRepository::Conflict>> conflictsBy;
    for (const OpenConflict &open : status.conflicts)
        conflictsBy[open.conflict.aId] << open.conflict;
    QList<IssueSync> issues;
    for (const LinkRepository::Link &link : *links) {
        IssueSync sync;
        sync.key = link.aKey;
        sync.side = Side::A;
        sync.issueId = link.aId;
        sync.link = link;
        const Channel::Traffic fromA = traffic->value({Side::A, link.aId});
        const Channel::Traffic fromB = traffic->value({Side::B, link.bId});
        sync.pending = fromA.pending + fromB.pending;
        sync.lastSent = fromA.lastSent;
        sync.lastReceived = fromB.lastApplied;
        if (parkedBy.contains({Side::A, link.aId}))
            sync.parked = parkedBy.value({Side::A, link.aId});
        else if (parkedBy.contains({Side::B, link.bId}))
            sync.parked = parkedBy.value({Side::B, link.bId});
        sync.conflicts = conflictsBy.value(link.aId);
        sync.settleState();
        issues << sync;
    }
    return issues;
}

QJsonObject IssueSync::toJson() const
{
    QJsonArray recentOps;
    for (const Channel::Traced &t : recent) {
        QJsonObject o{{QStringLiteral("op"), t.op.id},
                      {QStringLiteral("kind"), opKindName(t.op.kind)},
                      {QStringLiteral("from"), sideName(t.op.side)},
                      {QStringLiteral("issue"), t.op.issueKey},
                      {QStringLiteral("sent"), timeOrNull(t.sent)},
                      {QStringLiteral("applied"), timeOrNull(t.applied)}};
        if (!t.op.field.isEmpty())
            o.insert(QStringLiteral("field"), t.op.field);
        if (!t.result.isEmpty())
            o.insert(QStringLiteral("result"), t.result);
        recentOps.append(o);
    }
    QJsonArray conflictIds;
    for (const ConflictRepository::Conflict &c : conflicts)
        conflictIds.append(QJsonObject{{QStringLiteral("id"), c.id}, {QStringLiteral("field"), c.field}});
    QJsonObject json{{QStringLiteral("key"), key},
                     {QStringLiteral("side"), sideName(side)},
                     {QStringLiteral("partner"), link ? QJsonValue(partnerKey()) : QJsonValue(QJsonValue::Null)},
                     {QStringLiteral("state"), stateName(state)},
                     {QStringLiteral("pending"), pending},
                     {QStringLiteral("lastSent"), timeOrNull(lastSent)},
                     {QStringLiteral("lastReceived"), timeOrNull(lastReceived)},
                     {QStringLiteral("conflicts"), conflictIds},
                     {QStringLiteral("recent"), recentOps},
                     {QStringLiteral("historySince"), timeOrNull(historySince)}};
    if (parked)
        json.insert(QStringLiteral("error"),
                    QJsonObject{{QStringLiteral("issue"), parked->issueKey},
                                {QStringLiteral("message"), parked->error},
                                {QStringLiteral("attempts"), parked->attempts},
                                {QStringLiteral("nextAttempt"), timeOrNull(parked->nextAttempt)}});
    return json;
}

} // namespace ferry
