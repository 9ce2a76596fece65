#include "core/op.h"

#include <QUuid>

namespace ferry {

namespace {

struct KindName {
    OpKind kind;
    const char16_t *name;
};

constexpr KindName kindNames[] = {
    {OpKind::CreateIssue, u"create-issue"},
    {OpKind::SetField, u"set-field"},
    {OpKind::ResyncField, u"resync-field"},
    {OpKind::SetEpic, u"set-epic"},
    {OpKind::SetParent, u"set-parent"},
    {OpKind::AddVersion, u"add-version"},
    {OpKind::EditVersion, u"edit-version"},
    {OpKind::AddComment, u"add-comment"},
    {OpKind::EditComment, u"edit-comment"},
    {OpKind::DeleteComment, u"delete-comment"},
    {OpKind::ResyncComment, u"resync-comment"},
    {OpKind::AddWorklog, u"add-worklog"},
    {OpKind::EditWorklog, u"edit-worklog"},
    {OpKind::DeleteWorklog, u"delete-worklog"},
    {OpKind::ResyncWorklog, u"resync-worklog"},
    {OpKind::AddAttachment, u"add-attachment"},
    {OpKind::EditAttachment, u"edit-attachment"},
    {OpKind::DeleteAttachment, u"delete-attachment"},
    {OpKind::ResyncAttachment, u"resync-attachment"},
    {OpKind::AddLink, u"add-link"},
    {OpKind::EditLink, u"edit-link"},
    {OpKind::DeleteLink, u"delete-link"},
    {OpKind::ResyncLink, u"resync-link"},
    {OpKind::AddRemoteLink, u"add-remote-link"},
    {OpKind::EditRemoteLink, u"edit-remote-link"},
    {OpKind::DeleteRemoteLink, u"delete-remote-link"},
    {OpKind::ResyncRemoteLink, u"resync-remote-link"},
};

/// The item ops in the order of ItemAction, per kind of entry.
struct ItemKinds {
    const char16_t *item;
    OpKind byAction[4];
};

constexpr ItemKinds itemKinds[] = {
    {u"comment", {OpKind::AddComment, OpKind::EditComment, OpKind::DeleteComment, OpKind::ResyncComment}},
    {u"worklog", {OpKind::AddWorklog, OpKind::EditWorklog, OpKind::DeleteWorklog, OpKind::ResyncWorklog}},
    {u"attachment",
     {OpKind::AddAttachment, OpKind::EditAttachment, OpKind::DeleteAttachment, OpKind::ResyncAttachment}},
    {u"link", {OpKind::AddLink, OpKind::EditLink, OpKind::DeleteLink, OpKind::ResyncLink}},
    {u"remote-link",
     {OpKind::AddRemoteLink, OpKind::EditRemoteLink, OpKind::DeleteRemoteLink, OpKind::ResyncRemoteLink}},
};

} // namespace

QString opKindName(OpKind kind)
{
    for (const KindName &entry : kindNames) {
        if (entry.kind == kind)
            return QString::fromUtf16(entry.name);
    }
    return QStringLiteral("unknown");
}

OpKind opKindNamed(const QString &name)
{
    for (const KindName &entry : kindNames) {
        if (name == QStringView(entry.name))
            return entry.kind;
    }
    return OpKind::Unknown;
}

std::optional<ItemOp> itemOpOf(OpKind kind)
{
    for (const ItemKinds &entry : itemKinds) {
        for (int action = 0; action < 4; ++action) {
            if (entry.byAction[action] == kind)
                return ItemOp{ItemAction(action), QString::fromUtf16(entry.item)};
        }
    }
    return std::nullopt;
}

OpKind itemOpKind(ItemAction action, const QString &item)
{
    for (const ItemKinds &entry : itemKinds) {
        if (item == QStringView(entry.item))
            return entry.byAction[int(action)];
    }
    return OpKind::Unknown;
}

QString attachmentContentOf(const Op &op)
{
    if (op.kind != OpKind::AddAttachment && op.kind != OpKind::ResyncAttachment)
        return {};
    return op.value.toObject().value(QStringLiteral("content")).toObject().value(QStringLiteral("sha256")).toString();
}

Op Op::make(OpKind kind, Side side, const QString &issueId, const QString &issueKey)
{
    Op op;
    op.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    op.kind = kind;
    op.side = side;
    op.issueId = issueId;
    op.issueKey = issueKey;
    return op;
}

QJsonObject Op::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("kind"), opKindName(kind)},
                  {QStringLiteral("side"), sideName(side)},
                  {QStringLiteral("issueId"), issueId},
                  {QStringLiteral("issueKey"), issueKey},
                  {QStringLiteral("changedAtMs"), changedAtMs}};
    if (!field.isEmpty())
        o.insert(QStringLiteral("field"), field);
    if (!base.isUndefined())
        o.insert(QStringLiteral("base"), base);
    if (!value.isUndefined())
        o.insert(QStringLiteral("value"), value);
    if (!author.isEmpty())
        o.insert(QStringLiteral("author"), author);
    return o;
}

Result<Op> Op::fromJson(const QJsonObject &json)
{
    Op o;
    o.id = json.value(QStringLiteral("id")).toString();
    const QString kindName = json.value(QStringLiteral("kind")).toString();
    o.kind = opKindNamed(kindName); // unknown: kept, and refused when applied
    const QString sideText = json.value(QStringLiteral("side")).toString();
    const std::optional<Side> side = sideNamed(sideText);
    o.side = side.value_or(Side::A);
    o.issueId = json.value(QStringLiteral("issueId")).toString();
    o.issueKey = json.value(QStringLiteral("issueKey")).toString();
    o.field = json.value(QStringLiteral("field")).toString();
    o.base = json.value(QStringLiteral("base"));
    o.value = json.value(QStringLiteral("value"));
    o.changedAtMs = json.value(QStringLiteral("changedAtMs")).toInteger();
    o.author = json.value(QStringLiteral("author")).toString();
    const QString problem = QUuid::fromString(o.id).isNull() ? QStringLiteral("its id is not a UUID")
        : kindName.isEmpty()                                 ? QStringLiteral("it has no kind")
        : !side               ? QStringLiteral("its side is '%1', not 'a' or 'b'").arg(sideText)
        : o.issueId.isEmpty() ? QStringLiteral("it names no issue id")
                              : QString();
    if (!problem.isEmpty())
        return Error(QStringLiteral("not an op: %1").arg(problem));
    return o;
}

} // namespace ferry
