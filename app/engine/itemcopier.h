#pragma once

#include "core/op.h"
#include "engine/applystep.h"
#include "store/itemlinks.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace ferry {

class AttachmentCopier;
class JiraReply;

/// The apply step's ops on an issue's entries: comments and worklogs, and the lifecycle every
/// kind of entry shares (attachments and links add their own requests, see AttachmentCopier and
/// LinkCopier). An original is copied once, by the sync user with an attribution line, even when
/// an earlier attempt's answer was lost (the copy is then found by its content); an edit writes
/// over the copy, a delete removes it, a resync (an admin's request) sets the copy right.
class ItemCopier {
public:
    ItemCopier(ApplyStep &step, AttachmentCopier &attachments);

    void apply(const Op &op, const ItemOp &item);

    /// The link of an item op's issue and what the state knows of its item; false (the op then
    /// left) when either is missing.
    bool itemOf(const Op &op, const QString &kind, std::optional<LinkRepository::Link> *link,
                std::optional<ItemLinks::Known> *known);
    static QString itemIdOf(const Op &op, const QString &kind);
    /// Copies the op's entry; an earlier attempt's recorded copy settles it.
    void applyAdd(const Op &op, const QString &kind);
    /// Writes an original's new content over its copy (attribution kept), or an outside link's
    /// new phrase or summary over its line; a copy deleted on this side stays deleted.
    void applyEdit(const Op &op, const QString &kind);
    /// Records an add op whose copy an earlier attempt made (and recorded) as applied.
    void settleCopiedBefore(const Op &op, const QString &copyId);
    void recordItem(const Op &op, const QString &kind, const ApplyTarget &target, const QString &copyId,
                    const QJsonObject &copy);
    /// Records an item op as applied: the copy's new digest, or (none) the copy forgotten.
    void settleItem(const Op &op, const QString &kind, const QString &copyId, const std::optional<QString> &digest,
                    const QString &what);
    /// The kind of entry an item's copy is on the target: a comment for a link to an outside
    /// issue kept as a line of text (links.outside "text"), else the item's own kind.
    QString asKindOf(const QString &kind) const;
    /// Such a line is recorded as the copy "comment:ID" of its link, apart from remote links.
    static QString lineCopyId(const QString &commentId);
    static std::optional<QString> commentOfLine(const QString &copyId);

private:
    /// Makes the copy of an item on the target issue, once.
    void copyAnew(const Op &op, const QString &kind, const ApplyTarget &target);
    /// Sends an item again on an admin's request: a copy deleted on the target is made anew, one
    /// edited there is written over (comments, worklogs), one as it should be is left alone.
    void applyResync(const Op &op, const QString &kind);
    /// Deletes the copy of an original deleted (or restricted) on its side.
    void applyDelete(const Op &op, const QString &kind);
    /// The entries of the target issue that are the copy an add op makes, oldest first.
    QStringList copiesAmong(const QJsonArray &entries, const QString &kind, const ApplyTarget &target,
                            const QJsonObject &copy, const AttachedFiles *files);
    /// Records the copy found (removing those made twice), or makes it when none was found.
    void settleCopies(const Op &op, const QString &kind, const ApplyTarget &target, const QJsonObject &copy,
                      const QStringList &copies);
    void postItem(const Op &op, const QString &kind, const ApplyTarget &target, const QJsonObject &copy);
    JiraReply *deleteItem(const QString &kind, const QString &targetKey, const QString &id);

    ApplyStep &m_step;
    AttachmentCopier &m_attachments;
};

} // namespace ferry
