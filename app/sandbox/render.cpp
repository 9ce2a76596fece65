#include "sandbox/render.h"

#include "richtext/adf.h"
#include "richtext/wiki.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>

namespace ferry::sandbox {

QString isoTime(qint64 msecsSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC).toString(u"yyyy-MM-ddTHH:mm:ss.zzz")
        + QStringLiteral("+0000");
}

FieldSelection FieldSelection::parse(const QString &spec)
{
    return parse(spec.split(u',', Qt::SkipEmptyParts));
}

FieldSelection FieldSelection::parse(const QStringList &fields)
{
    FieldSelection s;
    for (QString f : fields) {
        f = f.trimmed();
        if (f == QStringLiteral("*all"))
            s.all = true;
        else if (f == QStringLiteral("*navigable"))
            s.navigable = true;
        else if (f.startsWith(u'-'))
            s.exclude.insert(f.mid(1));
        else if (!f.isEmpty())
            s.include.insert(f);
    }
    return s;
}

bool FieldSelection::wants(const QString &fieldId) const
{
    if (exclude.contains(fieldId))
        return false;
    if (all || include.contains(fieldId))
        return true;
    // Navigable fields leave out the heavy lists that GET issue returns with *all.
    static const QSet<QString> heavy
        = {QStringLiteral("comment"), QStringLiteral("worklog"), QStringLiteral("attachment")};
    return navigable && !heavy.contains(fieldId);
}

QJsonValue adfFromText(const QString &text)
{
    if (text.isEmpty())
        return QJsonValue::Null;
    QJsonArray paragraphs;
    const QStringList blocks
        = QString(text).replace(QStringLiteral("\r\n"), QStringLiteral("\n")).split(QStringLiteral("\n\n"));
    for (const QString &block : blocks) {
        QJsonArray content;
        const QStringList lines = block.split(u'\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (i > 0)
                content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("hardBreak")}});
            if (!lines.at(i).isEmpty())
                content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                           {QStringLiteral("text"), lines.at(i)}});
        }
        QJsonObject paragraph{{QStringLiteral("type"), QStringLiteral("paragraph")}};
        if (!content.isEmpty())
            paragraph.insert(QStringLiteral("content"), content);
        paragraphs.append(paragraph);
    }
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("doc")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("content"), paragraphs}};
}

namespace {

void collectText(const QJsonValue &node, QString *out)
{
    const QJsonObject o = node.toObject();
    const QString type = o.value(QStringLiteral("type")).toString();
    if (type == QStringLiteral("text")) {
        *out += o.value(QStringLiteral("text")).toString();
        return;
    }
    if (type == QStringLiteral("hardBreak")) {
        *out += u'\n';
        return;
    }
    if (type == QStringLiteral("mention")) {
        *out += o.value(QStringLiteral("attrs")).toObject().value(QStringLiteral("text")).toString();
        return;
    }
    const QJsonArray children = o.value(QStringLiteral("content")).toArray();
    const bool blocks = type == QStringLiteral("doc") || type == QStringLiteral("bulletList")
        || type == QStringLiteral("orderedList") || type == QStringLiteral("listItem")
        || type == QStringLiteral("blockquote") || type == QStringLiteral("panel") || type == QStringLiteral("table")
        || type == QStringLiteral("tableRow") || type == QStringLiteral("tableCell")
        || type == QStringLiteral("tableHeader");
    for (qsizetype i = 0; i < children.size(); ++i) {
        if (blocks && i > 0)
            *out += type == QStringLiteral("doc") ? QStringLiteral("\n\n") : QStringLiteral("\n");
        collectText(children.at(i), out);
    }
}

QString checkAdfNode(const QJsonValue &node, const QString &path, bool inCode = false)
{
    if (!node.isObject())
        return QStringLiteral("%1 is not a node").arg(path);
    const QJsonObject o = node.toObject();
    const QString type = o.value(QStringLiteral("type")).toString();
    if (type.isEmpty())
        return QStringLiteral("%1 has no type").arg(path);
    if (type == QStringLiteral("text")) {
        const QString text = o.value(QStringLiteral("text")).toString();
        if (text.isEmpty())
            return QStringLiteral("%1: text nodes must not be empty").arg(path);
        if (text.contains(u'\n') && !inCode) // a code block keeps its lines in one text node
            return QStringLiteral("%1: text nodes must not contain line breaks (use hardBreak)").arg(path);
        const QJsonArray marks = o.value(QStringLiteral("marks")).toArray();
        bool code = false;
        bool other = false;
        for (const QJsonValue &mark : marks) {
            const QString markType = mark.toObject().value(QStringLiteral("type")).toString();
            code = code || markType == QStringLiteral("code");
            other = other || (markType != QStringLiteral("code") && markType != QStringLiteral("link"));
            // As the ADF schema says: a colour is "#rrggbb", never a name.
            static const QRegularExpression hexColor(QStringLiteral("^#[0-9a-fA-F]{6}$"));
            if (markType == QStringLiteral("textColor")
                && !hexColor
                        .match(mark.toObject()
                                   .value(QStringLiteral("attrs"))
                                   .toObject()
                                   .value(QStringLiteral("color"))
                                   .toString())
                        .hasMatch())
                return QStringLiteral("%1: textColor needs attrs.color as #rrggbb").arg(path);
        }
        if (code && other)
            return QStringLiteral("%1: the code mark combines only with link").arg(path);
    }
    if ((type == QStringLiteral("taskList") || type == QStringLiteral("taskItem"))
        && o.value(QStringLiteral("attrs")).toObject().value(QStringLiteral("localId")).toString().isEmpty())
        return QStringLiteral("%1: %2 needs attrs.localId").arg(path, type);
    const QJsonArray content = o.value(QStringLiteral("content")).toArray();
    for (qsizetype i = 0; i < content.size(); ++i) {
        const QString problem = checkAdfNode(content.at(i), path + QStringLiteral(".content[%1]").arg(i),
                                             type == QStringLiteral("codeBlock"));
        if (!problem.isEmpty())
            return problem;
    }
    return QString();
}

} // namespace

QString textFromAdf(const QJsonValue &adf)
{
    QString out;
    collectText(adf, &out);
    return out;
}

QString adfProblem(const QJsonValue &adf)
{
    const QJsonObject o = adf.toObject();
    if (!adf.isObject() || o.value(QStringLiteral("type")).toString() != QStringLiteral("doc")
        || o.value(QStringLiteral("version")).toInt() != 1 || !o.value(QStringLiteral("content")).isArray())
        return QStringLiteral("Operation value must be an Atlassian Document (see the Atlassian Document Format)");
    return checkAdfNode(adf, QStringLiteral("doc"));
}

Renderer::Renderer(Store &store, const QString &baseUrl, int apiVersion, const QString &viewerId)
    : m_store(store)
    , m_baseUrl(baseUrl)
    , m_version(apiVersion)
    , m_viewerId(viewerId)
{
}

QString Renderer::url(const QString &path) const
{
    return m_baseUrl + path;
}

QString Renderer::self(const QString &path) const
{
    return url(QStringLiteral("/rest/api/")) + QString::number(m_version) + path;
}

QJsonObject Renderer::userObject(const User &u, bool full) const
{
    QJsonObject avatars{{QStringLiteral("48x48"), url(QStringLiteral("/sandbox/avatar.png"))}};
    QJsonObject o;
    if (isCloud()) {
        o = {{QStringLiteral("self"), self(QStringLiteral("/user?accountId=") + u.id)},
             {QStringLiteral("accountId"), u.id},
             {QStringLiteral("accountType"), QStringLiteral("atlassian")},
             {QStringLiteral("avatarUrls"), avatars},
             {QStringLiteral("displayName"), u.displayName},
             {QStringLiteral("active"), u.active},
             {QStringLiteral("timeZone"), QStringLiteral("Etc/UTC")}};
        // Cloud leaves the address out unless the profile shows it, or the caller is its owner.
        if (u.emailVisible || u.id == m_viewerId)
            o.insert(QStringLiteral("emailAddress"), u.email);
    } else {
        o = {{QStringLiteral("self"), self(QStringLiteral("/user?username=") + u.name)},
             {QStringLiteral("name"), u.name},
             {QStringLiteral("key"), u.id},
             {QStringLiteral("emailAddress"), u.email},
             {QStringLiteral("avatarUrls"), avatars},
             {QStringLiteral("displayName"), u.displayName},
             {QStringLiteral("active"), u.active},
             {QStringLiteral("deleted"), false},
             {QStringLiteral("timeZone"), QStringLiteral("Etc/UTC")}};
    }
    if (full || !isCloud())
        o.insert(QStringLiteral("locale"), QStringLiteral("en_US"));
    return o;
}

QJsonValue Renderer::user(const QString &userId) const
{
    const User *u = m_store.user(userId);
    return u ? QJsonValue(userObject(*u)) : QJsonValue(QJsonValue::Null);
}

QJsonObject Renderer::statusCategory(const QString &key) const
{
    const StatusCategory *c = m_store.scheme().category(key);
    if (!c)
        return {};
    return {{QStringLiteral("self"), self(QStringLiteral("/statuscategory/%1").arg(c->id))},
            {QStringLiteral("id"), c->id},
            {QStringLiteral("key"), c->key},
            {QStringLiteral("colorName"), c->colorName},
            {QStringLiteral("name"), c->name}};
}

QJsonObject Renderer::status(const QString &id) const
{
    const Status *s = m_store.scheme().status(id);
    if (!s)
        return {};
    return {{QStringLiteral("self"), self(QStringLiteral("/status/") + s->id)},
            {QStringLiteral("description"), QString()},
            {QStringLiteral("iconUrl"), url(QStringLiteral("/images/icons/statuses/generic.png"))},
            {QStringLiteral("name"), s->name},
            {QStringLiteral("id"), s->id},
            {QStringLiteral("statusCategory"), statusCategory(s->categoryKey)}};
}

QJsonObject Renderer::issueType(const QString &id) const
{
    const IssueType *t = m_store.scheme().issueType(id);
    if (!t)
        return {};
    QJsonObject o{{QStringLiteral("self"), self(QStringLiteral("/issuetype/") + t->id)},
                  {QStringLiteral("id"), t->id},
                  {QStringLiteral("description"), t->description},
                  {QStringLiteral("iconUrl"), url(QStringLiteral("/images/icons/issuetypes/generic.png"))},
                  {QStringLiteral("name"), t->name},
                  {QStringLiteral("subtask"), t->subtask},
                  {QStringLiteral("avatarId"), 10300}};
    if (isCloud())
        o.insert(QStringLiteral("hierarchyLevel"), t->hierarchyLevel);
    return o;
}

QJsonObject Renderer::priority(const QString &id) const
{
    const NamedItem *p = m_store.scheme().priority(id);
    if (!p)
        return {};
    return {{QStringLiteral("self"), self(QStringLiteral("/priority/") + p->id)},
            {QStringLiteral("iconUrl"), url(QStringLiteral("/images/icons/priorities/generic.svg"))},
            {QStringLiteral("name"), p->name},
            {QStringLiteral("id"), p->id}};
}

QJsonValue Renderer::resolution(const QString &id) const
{
    const NamedItem *r = id.isEmpty() ? nullptr : m_store.scheme().resolution(id);
    if (!r)
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("self"), self(QStringLiteral("/resolution/") + r->id)},
                       {QStringLiteral("id"), r->id},
                       {QStringLiteral("description"), r->description},
                       {QStringLiteral("name"), r->name}};
}

QJsonObject Renderer::project(const Project &p, bool full) const
{
    QJsonObject o{{QStringLiteral("self"), self(QStringLiteral("/project/%1").arg(p.id))},
                  {QStringLiteral("id"), QString::number(p.id)},
                  {QStringLiteral("key"), p.key},
                  {QStringLiteral("name"), p.name},
                  {QStringLiteral("projectTypeKey"), p.typeKey},
                  {QStringLiteral("avatarUrls"),
                   QJsonObject{{QStringLiteral("48x48"), url(QStringLiteral("/sandbox/avatar.png"))}}}};
    if (isCloud())
        o.insert(QStringLiteral("simplified"), false);
    if (!full)
        return o;
    o.insert(QStringLiteral("lead"), user(p.leadId));
    o.insert(QStringLiteral("description"), QString());
    QJsonArray types;
    for (const IssueType &t : m_store.scheme().issueTypes)
        types.append(issueType(t.id));
    o.insert(QStringLiteral("issueTypes"), types);
    QJsonArray components;
    for (const ProjectItem &c : p.components)
        components.append(QJsonObject{{QStringLiteral("self"), self(QStringLiteral("/component/") + c.id)},
                                      {QStringLiteral("id"), c.id},
                                      {QStringLiteral("name"), c.name},
                                      {QStringLiteral("description"), c.description}});
    o.insert(QStringLiteral("components"), components);
    QJsonArray versions;
    for (const ProjectItem &v : p.versions) {
        QJsonObject version{{QStringLiteral("self"), self(QStringLiteral("/version/") + v.id)},
                            {QStringLiteral("id"), v.id},
                            {QStringLiteral("name"), v.name},
                            {QStringLiteral("description"), v.description},
                            {QStringLiteral("archived"), v.archived},
                            {QStringLiteral("released"), v.released},
                            {QStringLiteral("projectId"), p.id}};
        if (!v.releaseDate.isEmpty())
            version.insert(QStringLiteral("releaseDate"), v.releaseDate);
        versions.append(version);
    }
    o.insert(QStringLiteral("versions"), versions);
    o.insert(QStringLiteral("assigneeType"), QStringLiteral("UNASSIGNED"));
    return o;
}

QJsonObject Renderer::field(const FieldDefinition &f) const
{
    QJsonObject schema{{QStringLiteral("type"), f.schemaType}};
    if (!f.schemaItems.isEmpty())
        schema.insert(QStringLiteral("items"), f.schemaItems);
    if (f.isCustom()) {
        schema.insert(QStringLiteral("custom"), f.customType);
        schema.insert(QStringLiteral("customId"), f.customId());
    } else {
        schema.insert(QStringLiteral("system"), f.id);
    }
    QJsonArray clauseNames;
    if (f.isCustom())
        clauseNames << QStringLiteral("cf[%1]").arg(f.customId()) << f.name;
    else
        clauseNames << f.id;
    QJsonObject o{{QStringLiteral("id"), f.id},
                  {QStringLiteral("name"), f.name},
                  {QStringLiteral("custom"), f.isCustom()},
                  {QStringLiteral("orderable"), f.orderable},
                  {QStringLiteral("navigable"), true},
                  {QStringLiteral("searchable"), true},
                  {QStringLiteral("clauseNames"), clauseNames},
                  {QStringLiteral("schema"), schema}};
    if (isCloud())
        o.insert(QStringLiteral("key"), f.id);
    return o;
}

QJsonObject Renderer::transition(const Transition &t) const
{
    QJsonObject o{{QStringLiteral("id"), t.id},
                  {QStringLiteral("name"), t.name},
                  {QStringLiteral("to"), status(t.to)},
                  {QStringLiteral("hasScreen"), t.resolution == QStringLiteral("set")}};
    if (isCloud()) {
        o.insert(QStringLiteral("isGlobal"), t.from.isEmpty());
        o.insert(QStringLiteral("isInitial"), false);
        o.insert(QStringLiteral("isAvailable"), true);
        o.insert(QStringLiteral("isConditional"), false);
        o.insert(QStringLiteral("isLooped"), false);
    }
    return o;
}

QJsonObject Renderer::linkType(const LinkType &t) const
{
    return {{QStringLiteral("id"), t.id},
            {QStringLiteral("name"), t.name},
            {QStringLiteral("inward"), t.inward},
            {QStringLiteral("outward"), t.outward},
            {QStringLiteral("self"), self(QStringLiteral("/issueLinkType/") + t.id)}};
}

QJsonValue Renderer::richText(const QJsonValue &stored) const
{
    if (stored.isNull() || stored.isUndefined())
        return QJsonValue::Null;
    if (!isCloud())
        return stored.toString();
    if (m_version == 3)
        return stored;
    // Cloud's v2 shows ADF as wiki markup.
    richtext::Node tree;
    QString error;
    QList<richtext::Degradation> degradations;
    if (!richtext::readAdf(stored, &tree, &error, &degradations))
        return textFromAdf(stored);
    return richtext::writeWiki(tree, &degradations);
}

QJsonValue Renderer::richTextFromInput(const QJsonValue &input, QString *problem) const
{
    if (input.isNull())
        return QJsonValue::Null;
    if (!isCloud()) {
        if (!input.isString()) {
            *problem = QStringLiteral("Operation value must be a string");
            return QJsonValue::Null;
        }
        return input.toString().isEmpty() ? QJsonValue(QJsonValue::Null) : input;
    }
    if (m_version == 2) {
        if (!input.isString()) {
            *problem = QStringLiteral("Operation value must be a string");
            return QJsonValue::Null;
        }
        if (input.toString().isEmpty())
            return QJsonValue::Null;
        // Cloud's v2 takes wiki markup and keeps ADF.
        QList<richtext::Degradation> degradations;
        return richtext::writeAdf(richtext::parseWiki(input.toString(), &degradations));
    }
    *problem = adfProblem(input);
    return problem->isEmpty() ? input : QJsonValue(QJsonValue::Null);
}

QJsonObject Renderer::comment(const Issue &issue, const Comment &c, bool withProperties) const
{
    QJsonObject o{{QStringLiteral("self"), self(QStringLiteral("/issue/%1/comment/%2").arg(issue.id).arg(c.id))},
                  {QStringLiteral("id"), QString::number(c.id)},
                  {QStringLiteral("author"), user(c.authorId)},
                  {QStringLiteral("body"), richText(c.body)},
                  {QStringLiteral("updateAuthor"), user(c.updateAuthorId)},
                  {QStringLiteral("created"), isoTime(c.created)},
                  {QStringLiteral("updated"), isoTime(c.updated)}};
    if (!c.visibility.isEmpty())
        o.insert(QStringLiteral("visibility"), c.visibility);
    if (isCloud())
        o.insert(QStringLiteral("jsdPublic"), !c.internal);
    if (withProperties) {
        QJsonArray properties;
        if (c.internal)
            properties.append(QJsonObject{{QStringLiteral("key"), QStringLiteral("sd.public.comment")},
                                          {QStringLiteral("value"), QJsonObject{{QStringLiteral("internal"), true}}}});
        o.insert(QStringLiteral("properties"), properties);
    }
    return o;
}

QJsonObject Renderer::attachment(const Attachment &a) const
{
    const QString content = isCloud() ? self(QStringLiteral("/attachment/content/%1").arg(a.id))
                                      : url(QStringLiteral("/secure/attachment/%1/%2"))
                                            .arg(a.id)
                                            .arg(QString::fromUtf8(QUrl::toPercentEncoding(a.filename)));
    return {{QStringLiteral("self"), self(QStringLiteral("/attachment/%1").arg(a.id))},
            {QStringLiteral("id"), QString::number(a.id)},
            {QStringLiteral("filename"), a.filename},
            {QStringLiteral("author"), user(a.authorId)},
            {QStringLiteral("created"), isoTime(a.created)},
            {QStringLiteral("size"), a.size},
            {QStringLiteral("mimeType"), a.mimeType},
            {QStringLiteral("content"), content}};
}

QJsonObject Renderer::worklog(const Issue &issue, const Worklog &w) const
{
    const qint64 minutes = w.timeSpentSeconds / 60;
    QString spent;
    if (minutes / 60 > 0)
        spent += QString::number(minutes / 60) + u'h';
    if (minutes % 60 > 0)
        spent += (spent.isEmpty() ? QString() : QStringLiteral(" ")) + QString::number(minutes % 60) + u'm';
    if (spent.isEmpty())
        spent = QStringLiteral("0m");
    QJsonObject o{{QStringLiteral("self"), self(QStringLiteral("/issue/%1/worklog/%2").arg(issue.id).arg(w.id))},
                  {QStringLiteral("author"), user(w.authorId)},
                  {QStringLiteral("updateAuthor"), user(w.updateAuthorId)},
                  {QStringLiteral("created"), isoTime(w.created)},
                  {QStringLiteral("updated"), isoTime(w.updated)},
                  {QStringLiteral("started"), isoTime(w.started)},
                  {QStringLiteral("timeSpent"), spent},
                  {QStringLiteral("timeSpentSeconds"), w.timeSpentSeconds},
                  {QStringLiteral("id"), QString::number(w.id)},
                  {QStringLiteral("issueId"), QString::number(issue.id)}};
    if (!w.comment.isNull() && !w.comment.isUndefined())
        o.insert(QStringLiteral("comment"), richText(w.comment));
    return o;
}

QJsonObject Renderer::changeGroup(const ChangeGroup &g) const
{
    QJsonArray items;
    for (const ChangeItem &i : g.items) {
        QJsonObject item{
            {QStringLiteral("field"), i.field},
            {QStringLiteral("fieldtype"), i.fieldtype},
            {QStringLiteral("from"), i.from.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(i.from)},
            {QStringLiteral("fromString"),
             i.fromString.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(i.fromString)},
            {QStringLiteral("to"), i.to.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(i.to)},
            {QStringLiteral("toString"), i.toString.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(i.toString)}};
        if (!i.fieldId.isEmpty())
            item.insert(QStringLiteral("fieldId"), i.fieldId);
        items.append(item);
    }
    return {{QStringLiteral("id"), QString::number(g.id)},
            {QStringLiteral("author"), user(g.authorId)},
            {QStringLiteral("created"), isoTime(g.created)},
            {QStringLiteral("items"), items}};
}

QJsonObject Renderer::issueReference(const Issue &issue) const
{
    return {{QStringLiteral("id"), QString::number(issue.id)},
            {QStringLiteral("key"), issue.key},
            {QStringLiteral("self"), self(QStringLiteral("/issue/%1").arg(issue.id))},
            {QStringLiteral("fields"),
             QJsonObject{{QStringLiteral("summary"), issue.string(QStringLiteral("summary"))},
                         {QStringLiteral("status"), status(issue.string(QStringLiteral("status")))},
                         {QStringLiteral("priority"), priority(issue.string(QStringLiteral("priority")))},
                         {QStringLiteral("issuetype"), issueType(issue.string(QStringLiteral("issuetype")))}}}};
}

QJsonObject Renderer::issueLink(const IssueLink &link, qint64 viewedFrom) const
{
    const LinkType *type = m_store.scheme().linkType(link.typeId);
    QJsonObject o{{QStringLiteral("id"), QString::number(link.id)},
                  {QStringLiteral("self"), self(QStringLiteral("/issueLink/%1").arg(link.id))},
                  {QStringLiteral("type"), type ? linkType(*type) : QJsonObject()}};
    Issue *inward = m_store.issue(link.inwardIssueId);
    Issue *outward = m_store.issue(link.outwardIssueId);
    // Seen from one issue, a link shows only the other end, as Jira does in `issuelinks`.
    if (outward && (viewedFrom == 0 || viewedFrom == link.inwardIssueId))
        o.insert(QStringLiteral("outwardIssue"), issueReference(*outward));
    if (inward && (viewedFrom == 0 || viewedFrom == link.outwardIssueId))
        o.insert(QStringLiteral("inwardIssue"), issueReference(*inward));
    return o;
}

QJsonValue Renderer::fieldValue(const Issue &issue, const FieldDefinition &f) const
{
    const QJsonValue stored = issue.fields.value(f.id);
    switch (f.kind) {
    case FieldKind::Text:
    case FieldKind::Number:
    case FieldKind::Date:
    case FieldKind::Labels:
        if (f.kind == FieldKind::Labels)
            return stored.isArray() ? stored : QJsonValue(QJsonArray());
        return stored.isUndefined() ? QJsonValue(QJsonValue::Null) : stored;
    case FieldKind::RichText:
        return richText(stored);
    case FieldKind::DateTime: {
        const qint64 at = f.id == QStringLiteral("created") ? issue.created
            : f.id == QStringLiteral("updated")             ? issue.updated
                                                            : issue.resolutionDate;
        return at ? QJsonValue(isoTime(at)) : QJsonValue(QJsonValue::Null);
    }
    case FieldKind::Priority:
        return stored.isString() ? QJsonValue(priority(stored.toString())) : QJsonValue(QJsonValue::Null);
    case FieldKind::IssueType:
        return issueType(stored.toString());
    case FieldKind::Status:
        return status(stored.toString());
    case FieldKind::Resolution:
        return resolution(stored.toString());
    case FieldKind::User:
        return user(stored.toString());
    case FieldKind::Project: {
        const Project *p = m_store.project(issue.projectId);
        return p ? QJsonValue(project(*p, false)) : QJsonValue(QJsonValue::Null);
    }
    case FieldKind::Components:
    case FieldKind::Versions: {
        const Project *p = m_store.project(issue.projectId);
        const QList<ProjectItem> &items = f.kind == FieldKind::Components ? p->components : p->versions;
        QJsonArray out;
        for (const QJsonValue &id : stored.toArray()) {
            for (const ProjectItem &item : items) {
                if (item.id != id.toString())
                    continue;
                QJsonObject o{{QStringLiteral("self"),
                               self((f.kind == FieldKind::Components ? QStringLiteral("/component/")
                                                                     : QStringLiteral("/version/"))
                                    + item.id)},
                              {QStringLiteral("id"), item.id},
                              {QStringLiteral("name"), item.name}};
                if (f.kind == FieldKind::Versions) {
                    o.insert(QStringLiteral("released"), item.released);
                    o.insert(QStringLiteral("archived"), false);
                }
                out.append(o);
            }
        }
        return out;
    }
    case FieldKind::Option:
    case FieldKind::Options: {
        const auto render = [&](const QString &id) -> QJsonValue {
            for (const OptionValue &o : f.options) {
                if (o.id == id)
                    return QJsonObject{{QStringLiteral("self"), self(QStringLiteral("/customFieldOption/") + o.id)},
                                       {QStringLiteral("value"), o.value},
                                       {QStringLiteral("id"), o.id}};
            }
            return QJsonValue::Null;
        };
        if (f.kind == FieldKind::Option)
            return stored.isString() ? render(stored.toString()) : QJsonValue(QJsonValue::Null);
        if (!stored.isArray())
            return QJsonValue::Null;
        QJsonArray out;
        for (const QJsonValue &id : stored.toArray())
            out.append(render(id.toString()));
        return out;
    }
    case FieldKind::Parent: {
        Issue *parent = m_store.issue(issue.parentId());
        return parent ? QJsonValue(issueReference(*parent)) : QJsonValue(QJsonValue::Null);
    }
    case FieldKind::EpicLink: {
        Issue *epic = m_store.issue(stored.toInteger());
        return epic ? QJsonValue(epic->key) : QJsonValue(QJsonValue::Null);
    }
    case FieldKind::TimeTracking: {
        const QJsonObject t = stored.toObject();
        qint64 spent = 0;
        for (const Worklog &w : issue.worklogs)
            spent += w.timeSpentSeconds;
        QJsonObject out;
        if (t.contains(QStringLiteral("originalEstimateSeconds")))
            out.insert(QStringLiteral("originalEstimateSeconds"), t.value(QStringLiteral("originalEstimateSeconds")));
        if (t.contains(QStringLiteral("remainingEstimateSeconds")))
            out.insert(QStringLiteral("remainingEstimateSeconds"), t.value(QStringLiteral("remainingEstimateSeconds")));
        if (spent > 0)
            out.insert(QStringLiteral("timeSpentSeconds"), spent);
        return out;
    }
    case FieldKind::ReadOnly:
        break;
    }
    if (f.id == QStringLiteral("comment")) {
        QJsonArray comments;
        for (const Comment &c : issue.comments)
            comments.append(comment(issue, c));
        return QJsonObject{{QStringLiteral("comments"), comments},
                           {QStringLiteral("self"), self(QStringLiteral("/issue/%1/comment").arg(issue.id))},
                           {QStringLiteral("maxResults"), comments.size()},
                           {QStringLiteral("total"), comments.size()},
                           {QStringLiteral("startAt"), 0}};
    }
    if (f.id == QStringLiteral("attachment")) {
        QJsonArray attachments;
        for (const Attachment &a : issue.attachments)
            attachments.append(attachment(a));
        return attachments;
    }
    if (f.id == QStringLiteral("worklog")) {
        // Like Jira: the first 20 only; the rest is read from the issue's worklog resource.
        QJsonArray worklogs;
        for (const Worklog &w : issue.worklogs.mid(0, 20))
            worklogs.append(worklog(issue, w));
        return QJsonObject{{QStringLiteral("startAt"), 0},
                           {QStringLiteral("maxResults"), 20},
                           {QStringLiteral("total"), issue.worklogs.size()},
                           {QStringLiteral("worklogs"), worklogs}};
    }
    if (f.id == QStringLiteral("issuelinks")) {
        QJsonArray links;
        for (const IssueLink &l : m_store.links()) {
            if (l.inwardIssueId == issue.id || l.outwardIssueId == issue.id)
                links.append(issueLink(l, issue.id));
        }
        return links;
    }
    if (f.id == QStringLiteral("subtasks")) {
        QJsonArray subtasks;
        for (Issue *child : m_store.issues()) {
            if (child->parentId() == issue.id && m_store.scheme().issueType(child->string(QStringLiteral("issuetype")))
                && m_store.scheme().issueType(child->string(QStringLiteral("issuetype")))->subtask)
                subtasks.append(issueReference(*child));
        }
        return subtasks;
    }
    return QJsonValue::Null;
}

QJsonObject Renderer::issue(const Issue &issue, const FieldSelection &fields, const QStringList &expand,
                            const QStringList &properties) const
{
    QJsonObject o{{QStringLiteral("expand"),
                   QStringLiteral("renderedFields,names,schema,operations,editmeta,changelog,"
                                  "versionedRepresentations")},
                  {QStringLiteral("id"), QString::number(issue.id)},
                  {QStringLiteral("self"), self(QStringLiteral("/issue/%1").arg(issue.id))},
                  {QStringLiteral("key"), issue.key}};
    QJsonObject values;
    QJsonObject names;
    QJsonObject rendered;
    for (const FieldDefinition &f : m_store.scheme().fields) {
        if (!fields.wants(f.id))
            continue;
        values.insert(f.id, fieldValue(issue, f));
        names.insert(f.id, f.name);
        if (f.kind == FieldKind::RichText) {
            const QJsonValue text = richText(issue.fields.value(f.id));
            const QString plain = text.isString() ? text.toString() : textFromAdf(text);
            rendered.insert(f.id,
                            plain.isEmpty()
                                ? QJsonValue(QJsonValue::Null)
                                : QJsonValue(QStringLiteral("<p>") + plain.toHtmlEscaped() + QStringLiteral("</p>")));
        }
    }
    if (!fields.isEmpty() || !values.isEmpty())
        o.insert(QStringLiteral("fields"), values);
    if (expand.contains(QStringLiteral("names")))
        o.insert(QStringLiteral("names"), names);
    if (expand.contains(QStringLiteral("renderedFields")))
        o.insert(QStringLiteral("renderedFields"), rendered);
    if (expand.contains(QStringLiteral("changelog"))) {
        QJsonArray histories;
        for (const ChangeGroup &g : issue.changelog)
            histories.append(changeGroup(g));
        o.insert(QStringLiteral("changelog"),
                 QJsonObject{{QStringLiteral("startAt"), 0},
                             {QStringLiteral("maxResults"), histories.size()},
                             {QStringLiteral("total"), histories.size()},
                             {QStringLiteral("histories"), histories}});
    }
    if (expand.contains(QStringLiteral("transitions"))) {
        QJsonArray transitions;
        for (const Transition &t : m_store.scheme().transitionsFrom(issue.string(QStringLiteral("status"))))
            transitions.append(transition(t));
        o.insert(QStringLiteral("transitions"), transitions);
    }
    if (expand.contains(QStringLiteral("properties")))
        o.insert(QStringLiteral("properties"), issue.properties);
    if (!properties.isEmpty()) {
        QJsonObject selected;
        for (const QString &key : properties) {
            if (issue.properties.contains(key))
                selected.insert(key, issue.properties.value(key));
        }
        o.insert(QStringLiteral("properties"), selected);
    }
    return o;
}

QString Renderer::rawValue(const FieldDefinition &f, const QJsonValue &stored) const
{
    switch (f.kind) {
    case FieldKind::User: {
        const User *u = m_store.user(stored.toString());
        return u ? (isCloud() ? u->id : u->name) : QString();
    }
    case FieldKind::Priority:
    case FieldKind::IssueType:
    case FieldKind::Status:
    case FieldKind::Resolution:
    case FieldKind::Option:
        return stored.toString();
    case FieldKind::Parent:
    case FieldKind::EpicLink:
        return stored.toInteger() ? QString::number(stored.toInteger()) : QString();
    case FieldKind::Components:
    case FieldKind::Versions:
    case FieldKind::Options: {
        QStringList ids;
        for (const QJsonValue &v : stored.toArray())
            ids << v.toString();
        return ids.join(QStringLiteral(", "));
    }
    default:
        return QString();
    }
}

QString Renderer::displayValue(const Issue &issue, const FieldDefinition &f, const QJsonValue &stored) const
{
    if (stored.isNull() || stored.isUndefined())
        return QString();
    const Scheme &scheme = m_store.scheme();
    switch (f.kind) {
    case FieldKind::Text:
    case FieldKind::Date:
        return stored.toString();
    case FieldKind::RichText:
        return isCloud() ? textFromAdf(stored) : stored.toString();
    case FieldKind::Number:
        return QString::number(stored.toDouble());
    case FieldKind::Priority:
        return scheme.priority(stored.toString()) ? scheme.priority(stored.toString())->name : QString();
    case FieldKind::IssueType:
        return scheme.issueType(stored.toString()) ? scheme.issueType(stored.toString())->name : QString();
    case FieldKind::Status:
        return scheme.status(stored.toString()) ? scheme.status(stored.toString())->name : QString();
    case FieldKind::Resolution:
        return scheme.resolution(stored.toString()) ? scheme.resolution(stored.toString())->name : QString();
    case FieldKind::User: {
        const User *u = m_store.user(stored.toString());
        return u ? u->displayName : QString();
    }
    case FieldKind::Labels: {
        QStringList labels;
        for (const QJsonValue &v : stored.toArray())
            labels << v.toString();
        return labels.join(u' ');
    }
    case FieldKind::Components:
    case FieldKind::Versions: {
        const Project *p = m_store.project(issue.projectId);
        const QList<ProjectItem> &items = f.kind == FieldKind::Components ? p->components : p->versions;
        QStringList names;
        for (const QJsonValue &v : stored.toArray()) {
            for (const ProjectItem &item : items) {
                if (item.id == v.toString())
                    names << item.name;
            }
        }
        return names.join(QStringLiteral(", "));
    }
    case FieldKind::Option:
    case FieldKind::Options: {
        QStringList values;
        const QJsonArray ids = stored.isArray() ? stored.toArray() : QJsonArray{stored};
        for (const QJsonValue &id : ids) {
            for (const OptionValue &o : f.options) {
                if (o.id == id.toString())
                    values << o.value;
            }
        }
        return values.join(QStringLiteral(", "));
    }
    case FieldKind::Parent:
    case FieldKind::EpicLink: {
        Issue *other = m_store.issue(stored.toInteger());
        return other ? other->key : QString();
    }
    case FieldKind::TimeTracking:
        return QString::fromUtf8(QJsonDocument(stored.toObject()).toJson(QJsonDocument::Compact));
    default:
        return stored.toVariant().toString();
    }
}

} // namespace ferry::sandbox
