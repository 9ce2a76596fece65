#include "engine/itemcopier.h"

#include "core/logcategories.h"
#include "engine/attachmentcopier.h"
#include "jira/jiraclient.h"
#include "store/journal.h"
#include "store/statestore.h"

namespace ferry {

ItemCopier::ItemCopier(ApplyStep &step, AttachmentCopier &attachments)
    : m_step(step)
    , m_attachments(attachments)
{
}

void ItemCopier::apply(const Op &op, const ItemOp &item)
{
    switch (item.action) {
    case ItemAction::Add:
        return applyAdd(op, item.item);
    case ItemAction::Edit:
        return applyEdit(op, item.item);
    case ItemAction::Resync:
        return applyResync(op, item.item);
    case ItemAction::Delete:
        return applyDelete(op, item.item);
    }
}

bool ItemCopier::itemOf(const Op &op, const QString &kind, std::optional<LinkRepository::Link> *link,
                        std::optional<ItemLinks::Known> *known)
{
    *link = m_step.linkOf(op);
    if (!*link)
        return false;
    const Result<ItemLinks::Known> found
        = ItemLinks(m_step.store(), m_step.pairId(), kind).find(op.side, itemIdOf(op, kind));
    if (!found) {
        m_step.leave(op, found.error().message());
        return false;
    }
    *known = *found;
    return true;
}

QString ItemCopier::itemIdOf(const Op &op, const QString &kind)
{
    return op.value.toObject().value(IssueItems::idKey(kind)).toString();
}

void ItemCopier::applyAdd(const Op &op, const QString &kind)
{
    std::optional<LinkRepository::Link> link;
    std::optional<ItemLinks::Known> known;
    if (!itemOf(op, kind, &link, &known))
        return;
    if (!known->partner.isEmpty()) // an earlier attempt copied it and was recorded
        return settleCopiedBefore(op, known->partner);
    copyAnew(op, kind, m_step.targetOf(*link));
}

void ItemCopier::settleCopiedBefore(const Op &op, const QString &copyId)
{
    m_step.markApplied(op, {{QStringLiteral("copied"), copyId}});
    ++m_step.outcome().unchanged;
    m_step.next();
}

void ItemCopier::copyAnew(const Op &op, const QString &kind, const ApplyTarget &target)
{
    const IssueItems &items = m_step.items();
    const QString copyKind = asKindOf(kind);
    const QJsonObject copy
        = copyKind == kind ? items.copyOf(kind, op) : IssueItems::outsideLinkLine(items.copyOf(kind, op));
    // A copy whose answer never came may exist: the journal remembers the attempt.
    Journal journal(m_step.store(), m_step.pairId());
    const QString attemptKind = kind + QStringLiteral("-attempt");
    const Result<Journal::Entry> attempt = journal.first(attemptKind, QStringLiteral("op"), op.id);
    if (!attempt)
        return m_step.leave(op, attempt.error().message());
    if (!attempt->time.isValid()) {
        QJsonObject detail{{QStringLiteral("op"), op.id}};
        if (kind == IssueItems::attachment())
            detail.insert(QStringLiteral("signature"), IssueItems::attachmentSignature(target.id, copy));
        if (auto journaled = journal.record({{}, m_step.side(), op.issueKey, attemptKind, detail}); !journaled)
            return m_step.leave(op, journaled.error().message());
        return postItem(op, kind, target, copy);
    }
    JiraClient &client = m_step.client();
    JiraReply *entriesRead = copyKind == IssueItems::worklog() ? client.worklogs(target.key)
        : copyKind == IssueItems::comment()                    ? client.comments(target.key)
                                                               : client.getIssue(target.key, {copyKind});
    then(entriesRead, &m_step, [this, op, kind, copyKind, target, copy](JiraReply *existing) {
        if (m_step.partnerGone(op, existing))
            return;
        if (!existing->ok())
            return m_step.leave(op, existing->error().sentence());
        // Oldest first; a second copy is one Qt sent twice (see JiraClient), and goes.
        const QJsonObject answer = existing->object();
        const QJsonArray entries = copyKind == IssueItems::attachment()
            ? answer.value(QStringLiteral("fields")).toObject().value(copyKind).toArray()
            : answer.value(copyKind + u's').toArray();
        m_step.withFiles(
            target.key, copy, std::nullopt,
            [this, op, kind, copyKind, target, copy, entries](const AttachedFiles *files, const QString &why) {
                if (!why.isEmpty())
                    return m_step.leave(op, why);
                QStringList copies;
                for (const QString &id : copiesAmong(entries, copyKind, target, copy, files))
                    copies << (copyKind == kind ? id : lineCopyId(id));
                settleCopies(op, kind, target, copy, copies);
            });
    });
}

QString ItemCopier::asKindOf(const QString &kind) const
{
    return kind == IssueItems::remoteLink() && m_step.config().links.outside == QStringLiteral("text")
        ? IssueItems::comment()
        : kind;
}

QString ItemCopier::lineCopyId(const QString &commentId)
{
    return QStringLiteral("comment:") + commentId;
}

std::optional<QString> ItemCopier::commentOfLine(const QString &copyId)
{
    if (!copyId.startsWith(lineCopyId({})))
        return std::nullopt;
    return copyId.mid(lineCopyId({}).size());
}

QStringList ItemCopier::copiesAmong(const QJsonArray &entries, const QString &kind, const ApplyTarget &target,
                                    const QJsonObject &copy, const AttachedFiles *files)
{
    ItemLinks items(m_step.store(), m_step.pairId(), kind);
    QStringList copies;
    for (const QJsonValue &entry : entries) {
        QString problem;
        const std::optional<IssueItems::Entry> found
            = m_step.items().fromSide(kind, m_step.side(), target.id, entry.toObject(), &problem, files);
        if (!found || !IssueItems::isCopyOf(kind, found->content, copy))
            continue;
        const Result<ItemLinks::Known> recorded = items.find(m_step.side(), found->id);
        if (recorded && !recorded->exists) // not the copy of another original
            copies << found->id;
    }
    return copies;
}

void ItemCopier::settleCopies(const Op &op, const QString &kind, const ApplyTarget &target, const QJsonObject &copy,
                              const QStringList &copies)
{
    if (copies.isEmpty())
        return postItem(op, kind, target, copy);
    for (const QString &duplicate : copies.mid(1)) {
        then(deleteItem(kind, target.key, duplicate), &m_step, [this, kind, target, duplicate](JiraReply *removal) {
            if (!removal->ok())
                qCWarning(lcEngine).noquote() << "pair" << m_step.config().name << ":" << target.key << kind
                                              << duplicate << "is a copy made twice and could not be removed ("
                                              << removal->error().sentence() << "); delete it in Jira";
        });
    }
    recordItem(op, kind, target, copies.first(), copy);
}

void ItemCopier::postItem(const Op &op, const QString &kind, const ApplyTarget &target, const QJsonObject &copy)
{
    if (kind == IssueItems::attachment())
        return m_attachments.upload(op, target, copy, [this, op, target, copy](const QString &copyId) {
            recordItem(op, IssueItems::attachment(), target, copyId, copy);
        });
    m_step.withFiles(target.key, copy, std::nullopt,
                     [this, op, kind, target, copy](const AttachedFiles *files, const QString &error) {
                         QString problem = error;
                         const std::optional<QJsonObject> body = problem.isEmpty()
                             ? m_step.items().toSide(asKindOf(kind), m_step.side(), copy, &problem, files)
                             : std::nullopt;
                         if (!body)
                             return m_step.leave(op, problem);
                         JiraClient &client = m_step.client();
                         JiraReply *adding = kind == IssueItems::worklog()
                             ? client.addWorklog(target.key, *body, m_step.config().worklogs.estimate)
                             : client.addComment(target.key, body->value(QStringLiteral("body")),
                                                 body->value(QStringLiteral("visibility")).toObject(),
                                                 body->value(QStringLiteral("properties")).toArray());
                         then(adding, &m_step, [this, op, kind, target, copy](JiraReply *reply) {
                             if (m_step.partnerGone(op, reply))
                                 return;
                             if (!reply->ok())
                                 return m_step.leave(op, reply->error().sentence());
                             const QString id = reply->object().value(QStringLiteral("id")).toString();
                             recordItem(op, kind, target, asKindOf(kind) == kind ? id : lineCopyId(id), copy);
                         });
                     });
}

JiraReply *ItemCopier::deleteItem(const QString &kind, const QString &targetKey, const QString &id)
{
    JiraClient &client = m_step.client();
    if (kind == IssueItems::link())
        return client.deleteLink(id);
    if (const std::optional<QString> comment = commentOfLine(id); kind == IssueItems::remoteLink() && comment)
        return client.deleteComment(targetKey, *comment);
    if (kind == IssueItems::remoteLink())
        return client.deleteRemoteLink(targetKey, id);
    if (kind == IssueItems::attachment())
        return client.deleteAttachment(id);
    return kind == IssueItems::worklog() ? client.deleteWorklog(targetKey, id, m_step.config().worklogs.estimate)
                                         : client.deleteComment(targetKey, id);
}

void ItemCopier::recordItem(const Op &op, const QString &kind, const ApplyTarget &target, const QString &copyId,
                            const QJsonObject &copy)
{
    const QString id = itemIdOf(op, kind);
    ItemLinks items(m_step.store(), m_step.pairId(), kind);
    const Result<void> recorded = m_step.store().transaction([&](QSqlDatabase &db) -> Result<void> {
        if (auto linked = items.link(db, op.side, id, target.id, copyId, IssueItems::digestOf(kind, copy)); !linked)
            return linked;
        return m_step.markApplied(db, op, {{QStringLiteral("copied"), copyId}});
    });
    if (recorded)
        ++m_step.outcome().written;
    else
        m_step.outcome().error = QStringLiteral("%1: %2 %3 was copied as %4, but recording it failed: %5")
                                     .arg(op.issueKey, kind, id, copyId, recorded.error().message());
    m_step.next();
}

void ItemCopier::applyEdit(const Op &op, const QString &kind)
{
    std::optional<LinkRepository::Link> link;
    std::optional<ItemLinks::Known> known;
    if (!itemOf(op, kind, &link, &known))
        return;
    const QString id = itemIdOf(op, kind);
    if (known->partner.isEmpty())
        return m_step.leave(op, QStringLiteral("%1 %2 is not copied yet").arg(kind, id));
    // A link to an outside issue kept as a line of text: its comment is what is edited.
    const std::optional<QString> line = commentOfLine(known->partner);
    const QString copyKind = line ? IssueItems::comment() : kind;
    const IssueItems &items = m_step.items();
    const QJsonObject copy = line ? IssueItems::outsideLinkLine(items.copyOf(kind, op)) : items.copyOf(kind, op);
    // Writing the same text again is harmless: an edit needs no journal.
    const QString targetKey = m_step.targetOf(*link).key;
    m_step.withFiles(targetKey, copy, std::nullopt,
                     [this, op, kind, copyKind, targetKey, copyId = known->partner,
                      editedId = line.value_or(known->partner),
                      copy](const AttachedFiles *files, const QString &error) {
                         QString problem = error;
                         const std::optional<QJsonObject> body = problem.isEmpty()
                             ? m_step.items().toSide(copyKind, m_step.side(), copy, &problem, files)
                             : std::nullopt;
                         if (!body)
                             return m_step.leave(op, problem);
                         JiraClient &client = m_step.client();
                         JiraReply *editing = kind == IssueItems::worklog()
                             ? client.editWorklog(targetKey, editedId, *body, m_step.config().worklogs.estimate)
                             : client.editComment(targetKey, editedId, body->value(QStringLiteral("body")),
                                                  body->value(QStringLiteral("visibility")).toObject(),
                                                  body->value(QStringLiteral("properties")).toArray());
                         then(editing, &m_step, [this, op, kind, copyId, copy](JiraReply *reply) {
                             if (reply->httpStatus() == 404)
                                 return settleItem(op, kind, copyId, std::nullopt, QStringLiteral("gone"));
                             if (!reply->ok())
                                 return m_step.leave(op, reply->error().sentence());
                             settleItem(op, kind, copyId, IssueItems::digestOf(kind, copy), QStringLiteral("edited"));
                         });
                     });
}

void ItemCopier::applyResync(const Op &op, const QString &kind)
{
    std::optional<LinkRepository::Link> link;
    std::optional<ItemLinks::Known> known;
    if (!itemOf(op, kind, &link, &known))
        return;
    const ApplyTarget target = m_step.targetOf(*link);
    if (known->partner.isEmpty())
        return copyAnew(op, kind, target);
    JiraClient &client = m_step.client();
    JiraReply *copyRead = client.get(client.api(
        kind == IssueItems::attachment() ? QStringLiteral("/attachment/%1").arg(known->partner)
                                         : QStringLiteral("/issue/%1/%2/%3").arg(target.key, kind, known->partner)));
    then(copyRead, &m_step, [this, op, kind, target, copyId = known->partner](JiraReply *read) {
        // The copy was deleted: a new one (should the issue be gone instead, making it says so).
        if (read->httpStatus() == 404)
            return copyAnew(op, kind, target);
        if (!read->ok())
            return m_step.leave(op, read->error().sentence());
        const QJsonObject copy = m_step.items().copyOf(kind, op);
        m_step.withFiles(
            target.key, copy, std::nullopt,
            [this, op, kind, target, copyId, copy, found = read->object()](const AttachedFiles *files,
                                                                           const QString &why) {
                if (!why.isEmpty())
                    return m_step.leave(op, why);
                QString problem;
                const std::optional<IssueItems::Entry> entry
                    = m_step.items().fromSide(kind, m_step.side(), target.id, found, &problem, files);
                // (An attachment cannot be edited: one there is the copy.)
                if (kind == IssueItems::attachment() || (entry && IssueItems::isCopyOf(kind, entry->content, copy)))
                    return settleItem(op, kind, copyId, IssueItems::digestOf(kind, copy), QStringLiteral("unchanged"));
                applyEdit(op, kind); // set right
            });
    });
}

void ItemCopier::applyDelete(const Op &op, const QString &kind)
{
    const std::optional<LinkRepository::Link> link = m_step.linkOf(op);
    if (!link)
        return;
    const Result<QString> copyId
        = ItemLinks(m_step.store(), m_step.pairId(), kind).copyOf(m_step.side(), itemIdOf(op, kind));
    if (!copyId)
        return m_step.leave(op, copyId.error().message());
    if (copyId->isEmpty()) // never copied: nothing to remove
        return settleItem(op, kind, QString(), std::nullopt, QStringLiteral("gone"));
    then(deleteItem(kind, m_step.targetOf(*link).key, *copyId), &m_step,
         [this, op, kind, copyId = *copyId](JiraReply *reply) {
             if (!reply->ok() && reply->httpStatus() != 404)
                 return m_step.leave(op, reply->error().sentence());
             settleItem(op, kind, copyId, std::nullopt, QStringLiteral("deleted"));
         });
}

void ItemCopier::settleItem(const Op &op, const QString &kind, const QString &copyId,
                            const std::optional<QString> &digest, const QString &what)
{
    Side side = m_step.side();
    ItemLinks items(m_step.store(), m_step.pairId(), kind);
    const Result<void> recorded = m_step.store().transaction([&](QSqlDatabase &db) -> Result<void> {
        const Result<void> kept = digest ? items.setDigest(db, side, copyId, *digest)
            : copyId.isEmpty()           ? Result<void>()
                                         : items.forget(db, side, copyId);
        if (!kept)
            return kept;
        return m_step.markApplied(db, op, {{what, copyId}});
    });
    if (!recorded)
        m_step.outcome().error = QStringLiteral("%1: %2 %3 was %4, but recording it failed: %5")
                                     .arg(op.issueKey, kind, copyId, what, recorded.error().message());
    else
        m_step.tally(what);
    m_step.next();
}

} // namespace ferry
