#include "sandbox/fieldeditor.h"

#include "sandbox/http.h"

#include <QDate>
#include <QRegularExpression>

namespace ferry::sandbox {

namespace {

QString notSettable(const QString &field)
{
    return QStringLiteral("Field '%1' cannot be set. It is not on the appropriate screen, or unknown.").arg(field);
}

bool isArrayKind(FieldKind kind)
{
    return kind == FieldKind::Labels || kind == FieldKind::Components || kind == FieldKind::Versions
        || kind == FieldKind::Options;
}

} // namespace

FieldEditor::FieldEditor(const Renderer &renderer, Issue &issue, bool creating)
    : m_renderer(renderer)
    , m_issue(issue)
    , m_before(issue.fields)
    , m_creating(creating)
{
}

void FieldEditor::addError(const QString &field, const QString &message)
{
    if (!m_errors.contains(field))
        m_errors.insert(field, message);
}

const FieldDefinition *FieldEditor::editableField(const QString &id)
{
    const FieldDefinition *field = m_renderer.store().scheme().field(id);
    // Data Center's REST API moves no sub-task to another parent (only its Move wizard does).
    const bool settable = field && field->orderable && (m_creating || field->kind != FieldKind::Project)
        && (m_creating || field->kind != FieldKind::Parent || m_renderer.isCloud());
    if (!settable) {
        addError(id, notSettable(id));
        return nullptr;
    }
    m_touched << id;
    return field;
}

void FieldEditor::checkScreen()
{
    const IssueType *type = m_renderer.store().scheme().issueType(m_issue.string(QStringLiteral("issuetype")));
    for (const QString &id : std::as_const(m_touched)) {
        if (type && type->offScreen.contains(id))
            addError(id, notSettable(id));
    }
}

qint64 FieldEditor::parseDuration(const QString &text)
{
    static const QRegularExpression whole(QStringLiteral(R"(^\s*(\d+\s*[wdhm]\s*)+$)"),
                                          QRegularExpression::CaseInsensitiveOption);
    if (!whole.match(text).hasMatch())
        return -1;
    static const QRegularExpression part(QStringLiteral(R"((\d+)\s*([wdhm]))"),
                                         QRegularExpression::CaseInsensitiveOption);
    qint64 seconds = 0;
    auto it = part.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        const qint64 n = m.captured(1).toLongLong();
        const QChar unit = m.captured(2).at(0).toLower();
        seconds += n * (unit == u'w' ? 5 * 8 * 3600 : unit == u'd' ? 8 * 3600 : unit == u'h' ? 3600 : 60);
    }
    return seconds;
}

QString FieldEditor::convertSingle(const FieldDefinition &field, const QJsonValue &input, QString *error) const
{
    const Store &store = m_renderer.store();
    const Scheme &scheme = store.scheme();
    const QJsonObject o = input.toObject();
    const QString id = jsonId(o.value(QStringLiteral("id")));
    const QString name = o.value(QStringLiteral("name")).toString();
    switch (field.kind) {
    case FieldKind::Priority:
        if (const NamedItem *p = scheme.priority(id.isEmpty() ? name : id))
            return p->id;
        *error = id.isEmpty() ? QStringLiteral("Priority name '%1' is not valid").arg(name)
                              : QStringLiteral("Priority with id '%1' does not exist").arg(id);
        return QString();
    case FieldKind::IssueType:
        if (const IssueType *t = scheme.issueType(id.isEmpty() ? name : id))
            return t->id;
        *error = QStringLiteral("Specify a valid issue type");
        return QString();
    case FieldKind::Resolution:
        if (const NamedItem *r = scheme.resolution(id.isEmpty() ? name : id))
            return r->id;
        *error = QStringLiteral("Resolution '%1' does not exist.").arg(id.isEmpty() ? name : id);
        return QString();
    case FieldKind::User: {
        const QString reference = m_renderer.isCloud()
            ? o.value(QStringLiteral("accountId")).toString(jsonId(o.value(QStringLiteral("id"))))
            : (name.isEmpty() ? o.value(QStringLiteral("key")).toString() : name);
        const User *u = nullptr;
        for (const User &candidate : store.users()) {
            if (candidate.id == reference || (!m_renderer.isCloud() && candidate.name == reference))
                u = &candidate;
        }
        if (u)
            return u->id;
        *error = m_renderer.isCloud()
            ? QStringLiteral("Specified user does not exist or you do not have required permissions")
            : QStringLiteral("User '%1' does not exist.").arg(reference);
        return QString();
    }
    case FieldKind::Components:
    case FieldKind::Versions: {
        const Project *project = store.project(m_issue.projectId);
        const QList<ProjectItem> &items = field.kind == FieldKind::Components ? project->components : project->versions;
        for (const ProjectItem &item : items) {
            if ((!id.isEmpty() && item.id == id) || (id.isEmpty() && item.name == name))
                return item.id;
        }
        const QString what
            = field.kind == FieldKind::Components ? QStringLiteral("Component") : QStringLiteral("Version");
        *error = id.isEmpty() ? QStringLiteral("%1 name '%2' is not valid").arg(what, name)
                              : QStringLiteral("%1 id '%2' is not valid").arg(what, id);
        return QString();
    }
    case FieldKind::Option:
    case FieldKind::Options: {
        const QString value = o.value(QStringLiteral("value")).toString();
        for (const OptionValue &option : field.options) {
            if ((!id.isEmpty() && option.id == id) || (id.isEmpty() && option.value == value))
                return option.id;
        }
        *error = id.isEmpty() ? QStringLiteral("Option value '%1' is not valid").arg(value)
                              : QStringLiteral("Option id '%1' is not valid").arg(id);
        return QString();
    }
    case FieldKind::Labels: {
        const QString label = input.toString();
        if (!input.isString() || label.isEmpty())
            *error = QStringLiteral("Operation value must be a string");
        else if (label.contains(u' '))
            *error = QStringLiteral("The label '%1' contains spaces which is invalid.").arg(label);
        return label;
    }
    default:
        *error = QStringLiteral("Unsupported value");
        return QString();
    }
}

QJsonValue FieldEditor::convert(const FieldDefinition &field, const QJsonValue &input, QString *error) const
{
    Store &store = m_renderer.store();
    switch (field.kind) {
    case FieldKind::Text: {
        if (input.isNull())
            return QJsonValue::Undefined;
        if (!input.isString()) {
            *error = QStringLiteral("Operation value must be a string");
            return {};
        }
        if (field.id == QStringLiteral("summary") && input.toString().size() > 255)
            *error = QStringLiteral("Summary must be less than 255 characters.");
        else if (field.id == QStringLiteral("summary") && input.toString().contains(u'\n'))
            *error = QStringLiteral("The summary is invalid because it contains newline characters.");
        return input.toString().isEmpty() ? QJsonValue(QJsonValue::Undefined) : input;
    }
    case FieldKind::RichText: {
        const QJsonValue value = m_renderer.richTextFromInput(input, error);
        return value.isNull() ? QJsonValue(QJsonValue::Undefined) : value;
    }
    case FieldKind::Number:
        if (input.isNull())
            return QJsonValue::Undefined;
        if (!input.isDouble())
            *error = QStringLiteral("Operation value must be a number");
        return input;
    case FieldKind::Date: {
        if (input.isNull() || input.toString().isEmpty())
            return QJsonValue::Undefined;
        if (!QDate::fromString(input.toString(), QStringLiteral("yyyy-MM-dd")).isValid())
            *error = QStringLiteral("Error parsing date string: %1").arg(input.toString());
        return input;
    }
    case FieldKind::Resolution:
    case FieldKind::User:
    case FieldKind::Option:
        if (input.isNull())
            return QJsonValue::Undefined;
        [[fallthrough]];
    case FieldKind::Priority:
    case FieldKind::IssueType: {
        if (!input.isObject()) {
            *error = QStringLiteral("Could not find valid 'id' or 'name' in %1 object.").arg(field.name);
            return {};
        }
        const QString id = convertSingle(field, input, error);
        return id.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(id);
    }
    case FieldKind::Labels:
    case FieldKind::Components:
    case FieldKind::Versions:
    case FieldKind::Options: {
        if (input.isNull())
            return QJsonArray();
        if (!input.isArray()) {
            *error = QStringLiteral("Operation value must be an array");
            return {};
        }
        QJsonArray ids;
        for (const QJsonValue &item : input.toArray()) {
            const QString id = convertSingle(field, item, error);
            if (!error->isEmpty())
                return {};
            if (!ids.contains(id))
                ids.append(id);
        }
        return ids;
    }
    case FieldKind::Project: {
        const QJsonObject o = input.toObject();
        const Project *p
            = store.project(o.value(QStringLiteral("key")).toString(jsonId(o.value(QStringLiteral("id")))));
        if (!p) {
            *error = QStringLiteral("Specify a valid project ID or key");
            return {};
        }
        return p->id;
    }
    case FieldKind::Parent:
    case FieldKind::EpicLink: {
        if (input.isNull())
            return QJsonValue::Undefined;
        const QString reference = input.isString()
            ? input.toString()
            : input.toObject()
                  .value(QStringLiteral("key"))
                  .toString(jsonId(input.toObject().value(QStringLiteral("id"))));
        Issue *other = store.issue(reference);
        if (!other) {
            *error = field.kind == FieldKind::EpicLink ? QStringLiteral("Epic '%1' does not exist.").arg(reference)
                                                       : QStringLiteral("Could not find issue by id or key.");
            return {};
        }
        const IssueType *otherType = store.scheme().issueType(other->string(QStringLiteral("issuetype")));
        if (field.kind == FieldKind::EpicLink && (!otherType || otherType->hierarchyLevel != 1))
            *error = QStringLiteral("Issue '%1' is not an epic.").arg(reference);
        return other->id;
    }
    case FieldKind::TimeTracking: {
        QJsonObject stored = m_issue.fields.value(field.id).toObject();
        const QJsonObject o = input.toObject();
        for (const auto &[in, out] :
             {std::pair{QStringLiteral("originalEstimate"), QStringLiteral("originalEstimateSeconds")},
              std::pair{QStringLiteral("remainingEstimate"), QStringLiteral("remainingEstimateSeconds")}}) {
            if (!o.contains(in))
                continue;
            const qint64 seconds = parseDuration(o.value(in).toString());
            if (seconds < 0) {
                *error = QStringLiteral("Please specify the time using the format \"1w 2d 3h 4m\".");
                return {};
            }
            stored.insert(out, seconds);
        }
        return stored;
    }
    default:
        *error = notSettable(field.id);
        return {};
    }
}

void FieldEditor::setFields(const QJsonObject &fields)
{
    // The project comes first: components and versions are looked up in it.
    if (fields.contains(QStringLiteral("project"))) {
        if (const FieldDefinition *field = editableField(QStringLiteral("project"))) {
            QString error;
            const QJsonValue value = convert(*field, fields.value(QStringLiteral("project")), &error);
            if (!error.isEmpty())
                addError(QStringLiteral("project"), error);
            else
                m_issue.projectId = value.toInteger();
        }
    }
    if (m_issue.projectId == 0)
        return; // nothing else can be checked without a project
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (it.key() == QStringLiteral("project"))
            continue;
        const FieldDefinition *field = editableField(it.key());
        if (!field)
            continue;
        QString error;
        const QJsonValue value = convert(*field, it.value(), &error);
        if (!error.isEmpty()) {
            addError(field->id, error);
            continue;
        }
        if (value.isUndefined())
            m_issue.fields.remove(field->id);
        else
            m_issue.fields.insert(field->id, value);
    }
}

void FieldEditor::applyUpdate(const QJsonObject &update)
{
    for (auto it = update.begin(); it != update.end(); ++it) {
        const FieldDefinition *field = editableField(it.key());
        if (!field)
            continue;
        if (!it.value().isArray()) {
            addError(field->id, QStringLiteral("Operations must be an array"));
            continue;
        }
        for (const QJsonValue &operationValue : it.value().toArray()) {
            const QJsonObject operation = operationValue.toObject();
            if (operation.size() != 1) {
                addError(field->id, QStringLiteral("Each operation must name exactly one of set, add, remove"));
                continue;
            }
            const QString verb = operation.begin().key();
            const QJsonValue argument = operation.begin().value();
            QString error;
            if (verb == QStringLiteral("set")) {
                const QJsonValue value = convert(*field, argument, &error);
                if (error.isEmpty()) {
                    if (value.isUndefined())
                        m_issue.fields.remove(field->id);
                    else
                        m_issue.fields.insert(field->id, value);
                }
            } else if ((verb == QStringLiteral("add") || verb == QStringLiteral("remove"))
                       && isArrayKind(field->kind)) {
                const QString id = convertSingle(*field, argument, &error);
                if (error.isEmpty()) {
                    QJsonArray values = m_issue.fields.value(field->id).toArray();
                    if (verb == QStringLiteral("add") && !values.contains(id))
                        values.append(id);
                    else if (verb == QStringLiteral("remove"))
                        for (qsizetype i = values.size() - 1; i >= 0; --i)
                            if (values.at(i).toString() == id)
                                values.removeAt(i);
                    m_issue.fields.insert(field->id, values);
                }
            } else {
                error = QStringLiteral("Field '%1' does not support the operation '%2'.").arg(field->id, verb);
            }
            if (!error.isEmpty())
                addError(field->id, error);
        }
    }
}

void FieldEditor::checkComplete()
{
    const Scheme &scheme = m_renderer.store().scheme();
    if (m_issue.projectId == 0) {
        addError(QStringLiteral("project"), QStringLiteral("Specify a valid project ID or key"));
        return;
    }
    if (m_issue.string(QStringLiteral("summary")).isEmpty())
        addError(QStringLiteral("summary"), QStringLiteral("You must specify a summary of the issue."));
    const IssueType *type = scheme.issueType(m_issue.string(QStringLiteral("issuetype")));
    if (!type) {
        addError(QStringLiteral("issuetype"), QStringLiteral("Specify an issue type"));
        return;
    }
    Issue *parent = m_renderer.store().issue(m_issue.parentId());
    if (type->subtask && !parent)
        addError(QStringLiteral("parent"),
                 QStringLiteral("Issue type is a sub-task but parent issue key or id not specified."));
    if (parent) {
        const IssueType *parentType = scheme.issueType(parent->string(QStringLiteral("issuetype")));
        const bool allowed = type->subtask
            ? parentType && !parentType->subtask && parentType->hierarchyLevel == 0
            : m_renderer.isCloud() && parentType && parentType->hierarchyLevel == type->hierarchyLevel + 1;
        if (!allowed)
            addError(QStringLiteral("parent"),
                     type->subtask ? QStringLiteral("The parent of a sub-task must be a standard issue.")
                                   : QStringLiteral("The issue type selected is invalid for this parent."));
        if (allowed && parent->projectId != m_issue.projectId && type->subtask)
            addError(QStringLiteral("parent"), QStringLiteral("A sub-task must be in the project of its parent."));
    }
    if (!m_renderer.isCloud() && type->hierarchyLevel == 1
        && m_issue.string(QStringLiteral("customfield_10102")).isEmpty())
        addError(QStringLiteral("customfield_10102"), QStringLiteral("Epic Name is required."));
}

QList<ChangeItem> FieldEditor::changes() const
{
    QList<ChangeItem> items;
    for (const FieldDefinition &field : m_renderer.store().scheme().fields) {
        const QJsonValue before = m_before.value(field.id);
        const QJsonValue after = m_issue.fields.value(field.id);
        if (before == after)
            continue;
        ChangeItem item;
        item.field = field.isCustom() ? field.name : field.id;
        item.fieldtype = field.isCustom() ? QStringLiteral("custom") : QStringLiteral("jira");
        item.fieldId = field.id;
        item.from = m_renderer.rawValue(field, before);
        item.fromString = m_renderer.displayValue(m_issue, field, before);
        item.to = m_renderer.rawValue(field, after);
        item.toString = m_renderer.displayValue(m_issue, field, after);
        if (item.fromString == item.toString && item.from == item.to)
            continue;
        items << item;
    }
    return items;
}

} // namespace ferry::sandbox
