#include "engine/linkcopier.h"

#include "engine/itemcopier.h"
#include "jira/jiraclient.h"
#include "store/statestore.h"

#include <QJsonArray>
#include <QUrl>

namespace ferry {

LinkCopier::LinkCopier(ApplyStep &step, ItemCopier &items)
    : m_step(step)
    , m_items(items)
{
}

void LinkCopier::apply(const Op &op)
{
    if (op.kind == OpKind::AddLink)
        return applyAddLink(op);
    applyRemoteLink(op);
}

void LinkCopier::applyAddLink(const Op &op)
{
    const QString kind = IssueItems::link();
    std::optional<LinkRepository::Link> link;
    std::optional<ItemLinks::Known> known;
    if (!m_items.itemOf(op, kind, &link, &known))
        return;
    if (!known->partner.isEmpty()) // copied, or found equal, by an earlier attempt
        return m_items.settleCopiedBefore(op, known->partner);
    const QJsonObject content = m_step.items().copyOf(kind, op);
    // Both ends on this side: the partners of the source issues.
    QList<ApplyTarget> ends;
    LinkRepository links(m_step.store(), m_step.pairId());
    for (const QString &end : {QStringLiteral("inward"), QStringLiteral("outward")}) {
        const Result<std::optional<LinkRepository::Link>> endLink = links.find(op.side, content.value(end).toString());
        if (!endLink)
            return m_step.leave(op, endLink.error().message());
        if (!*endLink)
            return m_step.leave(op, QStringLiteral("the issue at the other end of the link is not linked yet"));
        const ApplyTarget here = m_step.targetOf(**endLink);
        if (!m_step.ownSide().ownsKey(here.key))
            return m_step.refuse(op,
                                 QStringLiteral("an end of the link is linked to %1, outside project %2")
                                     .arg(here.key, m_step.ownSide().project));
        ends << here;
    }
    const QString type = m_step.items().linkTypeOn(m_step.side(), content.value(QStringLiteral("type")).toString());
    const ApplyTarget target = ends.at(0);
    const ApplyTarget outward = ends.at(1);
    // Jira takes the same link twice as one, answering both 201: the link is looked for before it
    // is made (which also shows the issue still in the pair). A new link's id comes in the
    // answer's Location; only an answer without it (the link was there after all) costs a read.
    findLink(target, type, outward.id,
             [this, op, kind, target, type, outward, content](const QString &existing, JiraReply *read) {
                 if (m_step.partnerGone(op, read) || m_step.outsidePair(op, read))
                     return;
                 if (!read->ok())
                     return m_step.leave(op, read->error().sentence());
                 if (!existing.isEmpty())
                     return m_items.recordItem(op, kind, target, existing, content);
                 then(m_step.client().createLink(type, target.key, outward.key), &m_step,
                      [this, op, kind, target, type, outward, content](JiraReply *made) {
                          if (!made->ok())
                              return m_step.leave(op, made->error().sentence());
                          if (const QString id = linkIdIn(made->header("location")); !id.isEmpty())
                              return m_items.recordItem(op, kind, target, id, content);
                          findLink(target, type, outward.id,
                                   [this, op, kind, target, content](const QString &id, JiraReply *again) {
                                       if (!again->ok() || id.isEmpty())
                                           return m_step.leave(
                                               op,
                                               again->ok() ? QStringLiteral("Jira made the link but does not show it")
                                                           : again->error().sentence());
                                       m_items.recordItem(op, kind, target, id, content);
                                   });
                      });
             });
}

QString LinkCopier::linkIdIn(const QByteArray &location)
{
    const QString path = QUrl(QString::fromUtf8(location)).path();
    const QString id = path.section(u'/', -1);
    bool numeric = false;
    id.toLongLong(&numeric);
    return path.contains(QStringLiteral("/issueLink/")) && numeric ? id : QString();
}

void LinkCopier::findLink(const ApplyTarget &target, const QString &type, const QString &outwardId,
                          const std::function<void(const QString &id, JiraReply *read)> &found)
{
    then(m_step.client().getIssue(target.key, {IssueItems::fieldOf(IssueItems::link())}), &m_step,
         [type, outwardId, found](JiraReply *read) {
             QString id;
             for (const QJsonValue &entry : read->object()
                                                .value(QStringLiteral("fields"))
                                                .toObject()
                                                .value(QStringLiteral("issuelinks"))
                                                .toArray()) {
                 const QJsonObject o = entry.toObject();
                 if (o.value(QStringLiteral("type")).toObject().value(QStringLiteral("name")).toString() == type
                     && o.value(QStringLiteral("outwardIssue")).toObject().value(QStringLiteral("id")).toString()
                         == outwardId)
                     id = o.value(QStringLiteral("id")).toString();
             }
             found(id, read);
         });
}

void LinkCopier::applyRemoteLink(const Op &op)
{
    const QString kind = IssueItems::remoteLink();
    std::optional<LinkRepository::Link> link;
    std::optional<ItemLinks::Known> known;
    if (!m_items.itemOf(op, kind, &link, &known))
        return;
    const ApplyTarget target = m_step.targetOf(*link);
    const QJsonObject content = m_step.items().copyOf(kind, op);
    if (ItemCopier::commentOfLine(known->partner))
        return m_items.applyEdit(op, kind);
    if (known->partner.isEmpty() && m_items.asKindOf(kind) != kind)
        return m_items.applyAdd(op, kind);
    // The global id names the original: a second attempt, or an edit, updates the one remote link.
    const QJsonObject remoteLink{
        {QStringLiteral("globalId"),
         QStringLiteral("ferry:%1:%2:%3").arg(m_step.config().name, sideName(op.side), ItemCopier::itemIdOf(op, kind))},
        {QStringLiteral("relationship"), content.value(QStringLiteral("relationship"))},
        {QStringLiteral("object"),
         QJsonObject{{QStringLiteral("url"), content.value(QStringLiteral("url"))},
                     {QStringLiteral("title"), content.value(QStringLiteral("key"))},
                     {QStringLiteral("summary"), content.value(QStringLiteral("summary"))}}}};
    then(m_step.client().putRemoteLink(target.key, remoteLink), &m_step,
         [this, op, kind, target, content, first = known->partner.isEmpty()](JiraReply *reply) {
             if (m_step.partnerGone(op, reply))
                 return;
             if (!reply->ok())
                 return m_step.leave(op, reply->error().sentence());
             const QString copyId = QString::number(reply->object().value(QStringLiteral("id")).toInteger());
             if (first)
                 return m_items.recordItem(op, kind, target, copyId, content);
             m_items.settleItem(op, kind, copyId, IssueItems::digestOf(kind, content), QStringLiteral("edited"));
         });
}

} // namespace ferry
