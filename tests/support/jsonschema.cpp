#include "jsonschema.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

namespace ferry::test {

namespace {

QString typeOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

bool hasType(const QJsonValue &value, const QString &type)
{
    if (type == QStringLiteral("integer"))
        return value.isDouble() && std::floor(value.toDouble()) == value.toDouble();
    if (type == QStringLiteral("any"))
        return true;
    return typeOf(value) == type;
}

} // namespace

JsonSchemaValidator::JsonSchemaValidator(QJsonObject root)
    : m_root(std::move(root))
{
}

QJsonObject JsonSchemaValidator::loadDocument(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject JsonSchemaValidator::resolve(const QString &ref) const
{
    if (!ref.startsWith(QStringLiteral("#/")))
        return {};
    QJsonValue node = m_root;
    for (const QString &part : ref.mid(2).split(u'/'))
        node = node.toObject().value(QString(part)
                                         .replace(QStringLiteral("~1"), QStringLiteral("/"))
                                         .replace(QStringLiteral("~0"), QStringLiteral("~")));
    return node.toObject();
}

QStringList JsonSchemaValidator::validate(const QJsonValue &value, const QJsonObject &schema) const
{
    QStringList problems;
    check(value, schema, QStringLiteral("$"), &problems, 0);
    return problems;
}

QStringList JsonSchemaValidator::validate(const QJsonValue &value, const QString &ref) const
{
    return validate(value, QJsonObject{{QStringLiteral("$ref"), ref}});
}

void JsonSchemaValidator::check(const QJsonValue &value, const QJsonObject &schemaIn, const QString &path,
                                QStringList *problems, int depth) const
{
    if (depth > 1024) {
        *problems << path + QStringLiteral(": schema nests too deep");
        return;
    }
    QJsonObject schema = schemaIn;
    if (schema.contains(QStringLiteral("$ref"))) {
        const QString ref = schema.value(QStringLiteral("$ref")).toString();
        schema = resolve(ref);
        if (schema.isEmpty() && !ref.isEmpty()) {
            *problems << path + QStringLiteral(": unresolved $ref ") + ref;
            return;
        }
    }
    if (value.isNull() && schema.value(QStringLiteral("nullable")).toBool())
        return;

    if (schema.contains(QStringLiteral("type"))) {
        const QJsonValue type = schema.value(QStringLiteral("type"));
        QStringList allowed;
        if (type.isArray())
            for (const QJsonValue &t : type.toArray())
                allowed << t.toString();
        else
            allowed << type.toString();
        const bool ok
            = std::any_of(allowed.begin(), allowed.end(), [&](const QString &t) { return hasType(value, t); });
        if (!ok) {
            *problems << QStringLiteral("%1: expected %2, got %3").arg(path, allowed.join(u'|'), typeOf(value));
            return;
        }
    }
    if (schema.contains(QStringLiteral("enum")) && !schema.value(QStringLiteral("enum")).toArray().contains(value))
        *problems << QStringLiteral("%1: value %2 is not one of the allowed values")
                         .arg(path, QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)));

    for (const QJsonValue &part : schema.value(QStringLiteral("allOf")).toArray())
        check(value, part.toObject(), path, problems, depth + 1);
    for (const QString &keyword : {QStringLiteral("anyOf"), QStringLiteral("oneOf")}) {
        if (!schema.contains(keyword))
            continue;
        int matching = 0;
        QStringList closest;
        // Options that fix "type" to values other than the value's own cannot match: skipping
        // them keeps deeply nested documents (ADF) linear instead of exponential.
        const QJsonValue valueType = value.toObject().value(QStringLiteral("type"));
        for (const QJsonValue &option : schema.value(keyword).toArray()) {
            QJsonObject resolved = option.toObject();
            if (resolved.contains(QStringLiteral("$ref")))
                resolved = resolve(resolved.value(QStringLiteral("$ref")).toString());
            const QJsonArray allowedTypes = resolved.value(QStringLiteral("properties"))
                                                .toObject()
                                                .value(QStringLiteral("type"))
                                                .toObject()
                                                .value(QStringLiteral("enum"))
                                                .toArray();
            if (value.isObject() && !allowedTypes.isEmpty() && !allowedTypes.contains(valueType))
                continue;
            QStringList optionProblems;
            check(value, option.toObject(), path, &optionProblems, depth + 1);
            if (optionProblems.isEmpty())
                ++matching;
            else if (closest.isEmpty() || optionProblems.size() < closest.size())
                closest = optionProblems;
        }
        // oneOf is checked like anyOf: the specs' alternatives overlap more often than not.
        if (matching == 0)
            *problems << QStringLiteral("%1: matches none of %2 (closest: %3)")
                             .arg(path, keyword, closest.join(QStringLiteral("; ")));
    }

    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        for (const QJsonValue &name : schema.value(QStringLiteral("required")).toArray()) {
            if (!object.contains(name.toString()))
                *problems << QStringLiteral("%1: required property '%2' is missing").arg(path, name.toString());
        }
        const QJsonValue additional = schema.value(QStringLiteral("additionalProperties"));
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString childPath = path + u'.' + it.key();
            if (properties.contains(it.key()))
                check(it.value(), properties.value(it.key()).toObject(), childPath, problems, depth + 1);
            else if (additional.isBool() && !additional.toBool())
                *problems << QStringLiteral("%1: property is not allowed here").arg(childPath);
            else if (additional.isObject())
                check(it.value(), additional.toObject(), childPath, problems, depth + 1);
        }
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (schema.contains(QStringLiteral("minItems"))
            && array.size() < schema.value(QStringLiteral("minItems")).toInt())
            *problems << QStringLiteral("%1: fewer than %2 items")
                             .arg(path)
                             .arg(schema.value(QStringLiteral("minItems")).toInt());
        if (schema.contains(QStringLiteral("maxItems"))
            && array.size() > schema.value(QStringLiteral("maxItems")).toInt())
            *problems << QStringLiteral("%1: more than %2 items")
                             .arg(path)
                             .arg(schema.value(QStringLiteral("maxItems")).toInt());
        const QJsonValue items = schema.value(QStringLiteral("items"));
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QJsonObject itemSchema = items.isArray()
                ? items.toArray().at(qMin(i, items.toArray().size() - 1)).toObject()
                : items.toObject();
            if (!itemSchema.isEmpty())
                check(array.at(i), itemSchema, QStringLiteral("%1[%2]").arg(path).arg(i), problems, depth + 1);
        }
    }
    if (value.isString()) {
        const QString text = value.toString();
        if (schema.contains(QStringLiteral("minLength"))
            && text.size() < schema.value(QStringLiteral("minLength")).toInt())
            *problems << QStringLiteral("%1: shorter than %2 characters")
                             .arg(path)
                             .arg(schema.value(QStringLiteral("minLength")).toInt());
        if (schema.contains(QStringLiteral("maxLength"))
            && text.size() > schema.value(QStringLiteral("maxLength")).toInt())
            *problems << QStringLiteral("%1: longer than %2 characters")
                             .arg(path)
                             .arg(schema.value(QStringLiteral("maxLength")).toInt());
        if (schema.contains(QStringLiteral("pattern"))
            && !QRegularExpression(schema.value(QStringLiteral("pattern")).toString()).match(text).hasMatch())
            *problems << QStringLiteral("%1: '%2' does not match %3")
                             .arg(path, text, schema.value(QStringLiteral("pattern")).toString());
    }
    if (value.isDouble()) {
        if (schema.contains(QStringLiteral("minimum"))
            && value.toDouble() < schema.value(QStringLiteral("minimum")).toDouble())
            *problems << QStringLiteral("%1: below the minimum").arg(path);
        if (schema.contains(QStringLiteral("maximum"))
            && value.toDouble() > schema.value(QStringLiteral("maximum")).toDouble())
            *problems << QStringLiteral("%1: above the maximum").arg(path);
    }
}

} // namespace ferry::test
