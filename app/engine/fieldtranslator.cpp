#include "engine/fieldtranslator.h"

#include "engine/attachedfiles.h"
#include "richtext/adf.h"
#include "richtext/wiki.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace ferry {

namespace {

const QStringList supportedKinds = {
    QStringLiteral("string"),
    QStringLiteral("number"),
    QStringLiteral("date"),
    QStringLiteral("datetime"),
    QStringLiteral("richtext"),
    QStringLiteral("option"),
    QStringLiteral("priority"),
    QStringLiteral("resolution"),
    QStringLiteral("array:option"),
    QStringLiteral("array:string"),
    QStringLiteral("array:component"),
    QStringLiteral("array:version"),
    QStringLiteral("status"),
    QStringLiteral("user"),
};

bool isNamed(const QString &kind)
{
    return kind == QStringLiteral("option") || kind == QStringLiteral("priority")
        || kind == QStringLiteral("resolution") || kind == QStringLiteral("array:option")
        || kind == QStringLiteral("status");
}

/// The key under which Jira names an option ("value") or a priority or resolution ("name").
QString nameKey(const QString &kind)
{
    return kind.endsWith(QStringLiteral("option")) ? QStringLiteral("value") : QStringLiteral("name");
}

QJsonObject fieldById(const SiteMetadata &site, const QString &id)
{
    for (const QJsonValue &field : site.metadata.value(QStringLiteral("fields")).toArray()) {
        if (field.toObject().value(QStringLiteral("id")).toString() == id)
            return field.toObject();
    }
    return {};
}

} // namespace

// Jira writes offsets as +0000; Qt reads +00:00.
QDateTime parseJiraDateTime(const QString &text)
{
    static const QRegularExpression offset(QStringLiteral("([+-]\\d\\d)(\\d\\d)$"));
    QString iso = text;
    iso.replace(offset, QStringLiteral("\\1:\\2"));
    return QDateTime::fromString(iso, Qt::ISODateWithMs);
}

QString fieldId(const QJsonObject &fields, const QString &field)
{
    return fields.value(field).toObject().value(QStringLiteral("id")).toString();
}

QString matchValueOf(const QJsonObject &issue, const QString &field)
{
    if (field == QStringLiteral("key"))
        return issue.value(QStringLiteral("key")).toString();
    const QJsonValue value = issue.value(QStringLiteral("fields")).toObject().value(field);
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (const QString &name : {QStringLiteral("value"), QStringLiteral("name"), QStringLiteral("key")}) {
            if (o.value(name).isString())
                return o.value(name).toString().trimmed();
        }
        return {};
    }
    return value.toString().trimmed();
}

QJsonObject versionContent(const QJsonObject &version)
{
    return {{QStringLiteral("name"), version.value(QStringLiteral("name")).toString().trimmed()},
            {QStringLiteral("description"), version.value(QStringLiteral("description")).toString()},
            {QStringLiteral("releaseDate"), version.value(QStringLiteral("releaseDate")).toString()},
            {QStringLiteral("released"), version.value(QStringLiteral("released")).toBool()},
            {QStringLiteral("archived"), version.value(QStringLiteral("archived")).toBool()}};
}

FieldTranslator::Screens FieldTranslator::screensOf(const SiteMetadata &site)
{
    Screens screens;
    const QJsonObject byType = site.metadata.value(QStringLiteral("screens")).toObject();
    for (auto it = byType.begin(); it != byType.end(); ++it) {
        QSet<QString> &fields = screens.fieldsByType[it.key()];
        for (const QJsonValue &field : it.value().toArray())
            fields << field.toString();
    }
    for (const QJsonValue &type : site.metadata.value(QStringLiteral("issueTypes")).toArray())
        screens.typeNames.insert(type[QStringLiteral("id")].toString(), type[QStringLiteral("name")].toString());
    for (const QJsonValue &field : site.metadata.value(QStringLiteral("fields")).toArray())
        screens.fieldNames.insert(field[QStringLiteral("id")].toString(), field[QStringLiteral("name")].toString());
    return screens;
}

QStringList FieldTranslator::keepToScreen(Side side, const QString &issueTypeId, QJsonObject *fields) const
{
    const Screens &screens = side == Side::A ? m_screensA : m_screensB;
    const auto screen = screens.fieldsByType.constFind(issueTypeId);
    if (screen == screens.fieldsByType.constEnd() || screen->isEmpty())
        return {};
    // Jira takes these on every screen of a create, whatever the screen lists.
    static const QSet<QString> always{QStringLiteral("project"), QStringLiteral("issuetype"), QStringLiteral("parent")};
    QStringList left;
    for (auto it = fields->begin(); it != fields->end();) {
        if (!always.contains(it.key()) && !screen->contains(it.key())) {
            left << it.key();
            it = fields->erase(it);
        } else {
            ++it;
        }
    }
    return left;
}

QString FieldTranslator::screenGap(Side side, const QString &issueTypeId, const QString &fieldId) const
{
    const Screens &screens = side == Side::A ? m_screensA : m_screensB;
    const QString field = screens.fieldNames.value(fieldId, fieldId);
    const QString type = screens.typeNames.value(issueTypeId, issueTypeId);
    const QString project = m_config.side(side).project;
    return QStringLiteral("%1 is not on the screens of %2 issues in %3 (side %4), so Jira refuses it there: it is "
                          "not synced for them. Add %1 to the %2 create and edit screens of %3, or map it for the "
                          "other issue types only")
        .arg(field, type, project, sideLetter(side));
}

FieldTranslator::FieldTranslator(const PairConfig &config, const SiteMetadata &a, const SiteMetadata &b)
    : m_config(config)
    , m_users(config.users, a, b)
    , m_aCloud(a.deployment == QStringLiteral("cloud"))
    , m_bCloud(b.deployment == QStringLiteral("cloud"))
{
    m_screensA = screensOf(a);
    m_screensB = screensOf(b);
    // Jira Software's fields on Data Center, by their custom type.
    const auto customField = [](const SiteMetadata &site, const QString &type) {
        for (const QJsonValue &field : site.metadata.value(QStringLiteral("fields")).toArray()) {
            if (field[QStringLiteral("schema")][QStringLiteral("custom")].toString().endsWith(type))
                return field[QStringLiteral("id")].toString();
        }
        return QString();
    };
    m_epicA = m_aCloud ? QStringLiteral("parent") : customField(a, QStringLiteral(":gh-epic-link"));
    m_epicB = m_bCloud ? QStringLiteral("parent") : customField(b, QStringLiteral(":gh-epic-link"));
    m_epicNameA = m_aCloud ? QString() : customField(a, QStringLiteral(":gh-epic-label"));
    m_epicNameB = m_bCloud ? QString() : customField(b, QStringLiteral(":gh-epic-label"));
    for (const FieldMapping &mapping : config.fields) {
        const QJsonObject aField = fieldById(a, mapping.a);
        const QString kind = fieldKind(aField.isEmpty() ? fieldById(b, mapping.b) : aField);
        if (!supportedKinds.contains(kind)) {
            m_unsupported << QStringLiteral("%1: fields of kind '%2' are not synced yet")
                                 .arg(mapping.aName.isEmpty() ? mapping.a : mapping.aName,
                                      kind.isEmpty() ? QStringLiteral("unknown") : kind);
            continue;
        }
        addField(mapping, kind);
    }
    // The status is a field in common terms too, with the statuses table as its values.
    if (!config.statuses.isEmpty())
        addField({statusKey(),
                  statusKey(),
                  QStringLiteral("Status"),
                  QStringLiteral("Status"),
                  Direction::Both,
                  config.statuses,
                  false,
                  {}},
                 QStringLiteral("status"));
}

void FieldTranslator::addField(const FieldMapping &mapping, const QString &kind)
{
    Field field{mapping, kind, {}, {}};
    for (const ValueMapping &value : mapping.values) {
        if (value.direction != Direction::BToA)
            field.aToB.insert(value.a, value.b);
        if (value.direction != Direction::AToB)
            field.bToA.insert(value.b, value.a);
    }
    m_fields << field;
}

Result<QString> FieldTranslator::statusOn(Side side, const QJsonValue &common) const
{
    for (const Field &field : m_fields) {
        if (field.kind != QStringLiteral("status"))
            continue;
        QString problem;
        const QString id = writeValue(field, side == Side::A, common, &problem, nullptr)
                               .toObject()
                               .value(QStringLiteral("id"))
                               .toString();
        if (!problem.isEmpty())
            return Error(problem);
        return id;
    }
    return Error(QStringLiteral("the pair maps no statuses"));
}

QStringList FieldTranslator::fieldsToRead(Side side) const
{
    QStringList ids;
    for (const Field &field : m_fields)
        ids << (side == Side::A ? field.mapping.a : field.mapping.b);
    return ids;
}

QString FieldTranslator::epicOf(Side side, const QJsonObject &issueFields) const
{
    const bool sideA = side == Side::A;
    const QString field = sideA ? m_epicA : m_epicB;
    if (field.isEmpty())
        return {};
    if (!isCloud(sideA))
        return issueFields.value(field).toString();
    // On Cloud an issue's parent is its epic, unless the issue is a sub-task.
    if (issueFields.value(QStringLiteral("issuetype")).toObject().value(QStringLiteral("subtask")).toBool())
        return {};
    return issueFields.value(field).toObject().value(QStringLiteral("key")).toString();
}

QJsonValue FieldTranslator::epicValue(Side side, const QString &epicKey) const
{
    if (epicKey.isEmpty())
        return QJsonValue::Null;
    if (isCloud(side == Side::A))
        return QJsonObject{{QStringLiteral("key"), epicKey}};
    return epicKey;
}

QString FieldTranslator::kindOn(Side side, const QString &fieldId) const
{
    for (const Field &field : m_fields) {
        if ((side == Side::A ? field.mapping.a : field.mapping.b) == fieldId)
            return field.kind;
    }
    return {};
}

QJsonValue FieldTranslator::canonicalRichText(const QJsonValue &adf, QString *problem)
{
    if (adf.isNull() || adf.isUndefined())
        return QJsonValue::Null;
    richtext::Node doc;
    QList<richtext::Degradation> degradations;
    if (!richtext::readAdf(adf, &doc, problem, &degradations))
        return {};
    return richtext::writeAdf(doc);
}

QJsonValue FieldTranslator::richTextToCommon(Side side, const QJsonValue &raw, QString *problem,
                                             const AttachedFiles *files) const
{
    const bool sideA = side == Side::A;
    richtext::Node doc;
    QList<richtext::Degradation> degradations;
    if (isCloud(sideA)) {
        if (raw.isNull() || raw.isUndefined())
            return QJsonValue::Null;
        if (!richtext::readAdf(raw, &doc, problem, &degradations))
            return {};
    } else {
        if (raw.toString().isEmpty())
            return QJsonValue::Null;
        doc = richtext::parseWiki(raw.toString(), &degradations);
    }
    mapReferences(doc, sideA, true, files);
    return richtext::writeAdf(doc);
}

QJsonValue FieldTranslator::richTextToSide(Side side, const QJsonValue &common, QString *problem,
                                           const AttachedFiles *files) const
{
    if (common.isNull() || common.isUndefined())
        return common;
    const bool sideA = side == Side::A;
    richtext::Node doc;
    QList<richtext::Degradation> degradations;
    if (!richtext::readAdf(common, &doc, problem, &degradations))
        return {};
    mapReferences(doc, sideA, false, files);
    if (isCloud(sideA))
        return richtext::writeAdf(doc);
    // Users and files are named as wiki markup writes them already.
    richtext::Identities asNamed;
    asNamed.wikiUserFromMention = [](const QString &id) { return id; };
    return richtext::writeWiki(doc, &degradations, asNamed);
}

void FieldTranslator::mention(richtext::Node &node, bool sideA, const QString &id) const
{
    const QString name = m_users.displayName(sideA, id);
    if (id.isEmpty()) {
        QString text = node.attrs.value(QStringLiteral("text")).toString();
        if (text.isEmpty())
            text = u'@' + node.attrs.value(QStringLiteral("id")).toString();
        node = richtext::Node::textNode(text, node.marks);
        return;
    }
    node.attrs.insert(QStringLiteral("id"), id);
    if (!name.isEmpty())
        node.attrs.insert(QStringLiteral("text"), QString(u'@' + name));
}

void FieldTranslator::mapReferences(richtext::Node &node, bool sideA, bool toCommon, const AttachedFiles *files) const
{
    using Type = richtext::Node::Type;
    for (richtext::Node &child : node.children)
        mapReferences(child, sideA, toCommon, files);
    const QString id = node.attrs.value(QStringLiteral("id")).toString();
    if (node.type == Type::Mention) {
        const QString user = sideA ? id : toCommon ? m_users.mentionToA(id) : m_users.mentionToB(id);
        mention(node, sideA || toCommon, user); // common terms name side A's users
    } else if ((node.type == Type::Media || node.type == Type::MediaInline) && files) {
        if (const QString file = toCommon ? files->nameOf(id) : files->mediaIdOf(id); !file.isEmpty()) {
            node.attrs.insert(QStringLiteral("id"), file);
            if (!toCommon)
                node.attrs.insert(QStringLiteral("collection"), QString());
        }
    }
}

const FieldTranslator::Field *FieldTranslator::carried(const QString &commonKey) const
{
    const auto found = std::find_if(m_fields.cbegin(), m_fields.cend(),
                                    [&](const Field &field) { return field.mapping.a == commonKey; });
    return found == m_fields.cend() ? nullptr : &*found;
}

QString FieldTranslator::fieldOn(Side side, const QString &commonKey) const
{
    const Field *field = carried(commonKey);
    return !field ? QString() : side == Side::A ? field->mapping.a : field->mapping.b;
}

bool FieldTranslator::isRichText(const QString &commonKey) const
{
    const Field *field = carried(commonKey);
    return field && field->kind == QStringLiteral("richtext");
}

bool FieldTranslator::sameOnSide(Side side, const QString &commonKey, const QJsonValue &x, const QJsonValue &y) const
{
    if (x == y)
        return true;
    if (commonKey == statusKey()) {
        const Result<QString> onX = statusOn(side, x);
        const Result<QString> onY = statusOn(side, y);
        return onX && onY && *onX == *onY;
    }
    const Translated onX = toSide(side, {{commonKey, x}});
    const Translated onY = toSide(side, {{commonKey, y}});
    return onX.problems.isEmpty() && onY.problems.isEmpty() && !onX.values.isEmpty() && onX.values == onY.values;
}

FieldShape FieldTranslator::shape(const QString &commonKey) const
{
    const Field *field = carried(commonKey);
    return field && field->kind.startsWith(QStringLiteral("array:")) ? FieldShape::Set : FieldShape::Scalar;
}

Direction FieldTranslator::direction(const QString &commonKey) const
{
    const Field *field = carried(commonKey);
    return field ? field->mapping.direction : Direction::Both;
}

FieldTranslator::Translated FieldTranslator::toCommon(Side side, const QJsonObject &issueFields,
                                                      const AttachedFiles *files) const
{
    const bool sideA = side == Side::A;
    Translated result;
    for (const Field &field : m_fields) {
        QString problem;
        const QJsonValue value
            = readValue(field, sideA, issueFields.value(sideA ? field.mapping.a : field.mapping.b), &problem, files);
        if (problem.isEmpty())
            result.values.insert(field.mapping.a, value);
        else
            result.problems << QStringLiteral("%1: %2").arg(field.mapping.aName, problem);
    }
    return result;
}

FieldTranslator::Translated FieldTranslator::toSide(Side side, const QJsonObject &common,
                                                    const AttachedFiles *files) const
{
    const bool sideA = side == Side::A;
    Translated result;
    for (const Field &field : m_fields) {
        if (!common.contains(field.mapping.a) || field.mapping.a == statusKey())
            continue;
        QString problem;
        const QJsonValue value = writeValue(field, sideA, common.value(field.mapping.a), &problem, files);
        if (problem.isEmpty())
            result.values.insert(sideA ? field.mapping.a : field.mapping.b, value);
        else
            result.problems << QStringLiteral("%1: %2").arg(field.mapping.aName, problem);
    }
    return result;
}

QJsonValue FieldTranslator::readValue(const Field &field, bool sideA, const QJsonValue &raw, QString *problem,
                                      const AttachedFiles *files) const
{
    const QString &kind = field.kind;
    if (raw.isNull() || raw.isUndefined())
        return kind.startsWith(QStringLiteral("array:")) ? QJsonValue(QJsonArray()) : QJsonValue(QJsonValue::Null);
    if (kind == QStringLiteral("user")) {
        // Common terms: side A's id for the user.
        const QJsonObject user = raw.toObject();
        return sideA ? UserMap::idOf(user, isCloud(true)) : m_users.toA(user, problem);
    }
    if (kind == QStringLiteral("datetime")) {
        const QDateTime time = parseJiraDateTime(raw.toString());
        if (!time.isValid()) {
            *problem = QStringLiteral("'%1' is not a date-time").arg(raw.toString());
            return {};
        }
        return time.toUTC().toString(Qt::ISODateWithMs);
    }
    if (kind == QStringLiteral("richtext"))
        return richTextToCommon(sideA ? Side::A : Side::B, raw, problem, files);
    const auto readNamed = [&](const QJsonObject &value) -> QJsonValue {
        if (field.aToB.isEmpty() && field.bToA.isEmpty())
            return value.value(nameKey(kind)).toString();
        const QString id = value.value(QStringLiteral("id")).toString();
        if (sideA)
            return id;
        if (!field.bToA.contains(id)) {
            *problem = QStringLiteral("side B's value '%1' (%2) has no mapping to side A")
                           .arg(value.value(nameKey(kind)).toString(), id);
            return {};
        }
        return field.bToA.value(id);
    };
    if (kind == QStringLiteral("array:option")) {
        QJsonArray values;
        for (const QJsonValue &item : raw.toArray()) {
            const QJsonValue value = readNamed(item.toObject());
            if (!problem->isEmpty())
                return {};
            values << value;
        }
        return canonicalSet(values);
    }
    if (isNamed(kind))
        return readNamed(raw.toObject());
    if (kind == QStringLiteral("array:string"))
        return canonicalSet(raw.toArray());
    if (kind == QStringLiteral("array:component") || kind == QStringLiteral("array:version")) {
        QJsonArray names;
        for (const QJsonValue &item : raw.toArray())
            names << item.toObject().value(QStringLiteral("name")).toString();
        return canonicalSet(names);
    }
    return raw;
}

QJsonValue FieldTranslator::writeValue(const Field &field, bool sideA, const QJsonValue &common, QString *problem,
                                       const AttachedFiles *files) const
{
    const QString &kind = field.kind;
    if (common.isNull())
        return QJsonValue::Null;
    if (kind == QStringLiteral("user")) {
        const QString id = sideA ? common.toString() : m_users.toB(common.toString(), problem);
        return QJsonObject{{isCloud(sideA) ? QStringLiteral("accountId") : QStringLiteral("name"), id}};
    }
    if (kind == QStringLiteral("datetime"))
        return QDateTime::fromString(common.toString(), Qt::ISODateWithMs)
            .toUTC()
            .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz+0000"));
    if (kind == QStringLiteral("richtext"))
        return richTextToSide(sideA ? Side::A : Side::B, common, problem, files);
    const auto writeNamed = [&](const QJsonValue &value) -> QJsonValue {
        if (field.aToB.isEmpty() && field.bToA.isEmpty())
            return QJsonObject{{nameKey(kind), value.toString()}};
        const QString id = value.toString();
        if (sideA)
            return QJsonObject{{QStringLiteral("id"), id}};
        if (!field.aToB.contains(id)) {
            *problem = QStringLiteral("side A's value %1 has no mapping to side B").arg(id);
            return {};
        }
        return QJsonObject{{QStringLiteral("id"), field.aToB.value(id)}};
    };
    if (kind == QStringLiteral("array:option")) {
        QJsonArray values;
        for (const QJsonValue &item : common.toArray()) {
            const QJsonValue value = writeNamed(item);
            if (!problem->isEmpty())
                return {};
            values << value;
        }
        return values;
    }
    if (isNamed(kind))
        return writeNamed(common);
    if (kind == QStringLiteral("array:component") || kind == QStringLiteral("array:version")) {
        QJsonArray items;
        for (const QJsonValue &name : common.toArray())
            items << QJsonObject{{QStringLiteral("name"), name.toString()}};
        return items;
    }
    return common;
}

} // namespace ferry
