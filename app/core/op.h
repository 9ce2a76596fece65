#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include "core/result.h"
#include "core/side.h"

#include <optional>

namespace ferry {

/// The issue property Ferry sets on the issues it creates: {pair, op, source}. It lets a
/// create whose answer was lost find its issue, and keeps such an issue from being taken for a
/// new one on its own side before it is linked.
inline QString originProperty()
{
    return QStringLiteral("ferry.origin");
}

/// Where a side's snapshot of an issue (LinkRepository::observed) keeps the key of its epic, in
/// that side's terms; not a field, so never compared across sides.
inline QString epicKey()
{
    return QStringLiteral("~epic");
}

/// Where a side's snapshot of a sub-task keeps the key of its parent, in that side's terms.
inline QString parentKey()
{
    return QStringLiteral("~parent");
}

/// The item kind under which the state keeps a project's versions and their partners.
inline QString projectVersionKind()
{
    return QStringLiteral("version");
}

/// What ops about a project itself (its versions) name as their issue, for ordering and parking.
inline QString projectIssueId(const QString &projectKey)
{
    return QStringLiteral("project:") + projectKey;
}

/// What an op does. Inside the process an op's kind is this enum; ops travel and are stored with
/// the kind's name (opKindName), read back once where ops are read (Op::fromJson).
enum class OpKind {
    Unknown, ///< a name this Ferry does not know (a newer or hostile partner's): refused when applied
    CreateIssue,
    SetField,
    ResyncField, ///< an admin's request to send a field again, written over whatever the target holds
    SetEpic,
    SetParent,
    AddVersion,
    EditVersion,
    AddComment,
    EditComment,
    DeleteComment,
    ResyncComment,
    AddWorklog,
    EditWorklog,
    DeleteWorklog,
    ResyncWorklog,
    AddAttachment,
    EditAttachment,
    DeleteAttachment,
    ResyncAttachment,
    AddLink,
    EditLink,
    DeleteLink,
    ResyncLink,
    AddRemoteLink,
    EditRemoteLink,
    DeleteRemoteLink,
    ResyncRemoteLink,
};

/// "create-issue", "set-field", "add-comment", … as ops travel; "unknown" for OpKind::Unknown.
QString opKindName(OpKind kind);
/// The kind of that name; OpKind::Unknown for a name that is none.
OpKind opKindNamed(const QString &name);

/// What an op does to one entry of an issue: comments, worklogs, attachments, links and remote
/// links (IssueItems' kinds). Resync is an admin's request to send the entry again.
enum class ItemAction { Add, Edit, Delete, Resync };
struct ItemOp {
    ItemAction action;
    QString item; ///< "comment", "worklog", "attachment", "link", "remote-link"
};
/// The action and entry kind of an item op; nullopt for ops of other kinds.
std::optional<ItemOp> itemOpOf(OpKind kind);
/// The kind of op that does action to an entry of that kind; OpKind::Unknown for a kind of entry
/// that is none.
OpKind itemOpKind(ItemAction action, const QString &item);

/// One change a half-engine detected on its side, for the other side to apply: what, on which
/// issue, the value it expects there (its base) and the new value. Its id is globally unique,
/// so a receiver applies it at most once, however often it arrives.
struct Op {
    QString id; ///< UUID
    OpKind kind = OpKind::Unknown;
    Side side = Side::A; ///< where it was detected
    QString issueId; ///< the source issue
    QString issueKey;
    QString field; ///< for set-field
    QJsonValue base; ///< what the target is expected to hold
    QJsonValue value; ///< what it should hold
    qint64 changedAtMs = 0;
    QString author; ///< who made the change, on the source side

    static Op make(OpKind kind, Side side, const QString &issueId, const QString &issueKey);
    QJsonObject toJson() const;
    static Result<Op> fromJson(const QJsonObject &json);
    bool operator==(const Op &other) const = default;
};

/// The SHA-256 of the attachment content an op carries (an attachment added, or sent again on
/// request), which travels and is kept with it; empty for other ops.
QString attachmentContentOf(const Op &op);

} // namespace ferry
