#include "core/op.h"

#include <QUuid>

namespace ferry {

QString attachmentContentOf(const Op &op)
{
    if (op.kind != QStringLiteral("add-attachment") && op.kind != QStringLiteral("resync-attachment"))
        return {};
    return op.value.toObject().value(QStringLiteral("content")).toObject().value(QStringLiteral("sha256")).toString();
}

Op Op::make(const QString &kind, const QString &side, const QString &issueId, const QString &issueKey)
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
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("side"), side},
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

bool Op::fromJson(const QJsonObject &json, Op *op, QString *error)
{
    Op o;
    o.id = json.value(QStringLiteral("id")).toString();
    o.kind = json.value(QStringLiteral("kind")).toString();
    o.side = json.value(QStringLiteral("side")).toString();
    o.issueId = json.value(QStringLiteral("issueId")).toString();
    o.issueKey = json.value(QStringLiteral("issueKey")).toString();
    o.field = json.value(QStringLiteral("field")).toString();
    o.base = json.value(QStringLiteral("base"));
    o.value = json.value(QStringLiteral("value"));
    o.changedAtMs = json.value(QStringLiteral("changedAtMs")).toInteger();
    o.author = json.value(QStringLiteral("author")).toString();
    const QString problem = QUuid::fromString(o.id).isNull() ? QStringLiteral("its id is not a UUID")
        : o.kind.isEmpty()                                   ? QStringLiteral("it has no kind")
        : o.side != QStringLiteral("a") && o.side != QStringLiteral("b")
        ? QStringLiteral("its side is '%1', not 'a' or 'b'").arg(o.side)
        : o.issueId.isEmpty() ? QStringLiteral("it names no issue id")
                              : QString();
    if (!problem.isEmpty()) {
        *error = QStringLiteral("not an op: %1").arg(problem);
        return false;
    }
    *op = o;
    return true;
}

} // namespace ferry
