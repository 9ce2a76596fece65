#include "engine/issueitems.h"

#include "engine/fieldtranslator.h"
#include "store/itemlinks.h"

#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>

namespace ferry {

namespace {

QString utc(const QString &jiraTime)
{
    return parseJiraDateTime(jiraTime).toUTC().toString(Qt::ISODateWithMs);
}

QString verbOf(const QString &kind)
{
    return kind == IssueItems::worklog() ? QStringLiteral("logged this") : QStringLiteral("wrote");
}

} // namespace

IssueItems::IssueItems(const FieldTranslator &translator)
    : m_translator(translator)
    , m_comments(translator.config().comments)
    , m_worklogs(translator.config().worklogs)
    , m_attachments(translator.config().attachments)
    , m_links(translator.config().links)
    , m_remoteLinks(m_links)
{
    m_remoteLinks.sync = m_links.sync && m_links.outside != QStringLiteral("keep");
}

const ItemOptions &IssueItems::options(const QString &kind) const
{
    if (kind == worklog())
        return m_worklogs;
    if (kind == attachment())
        return m_attachments;
    if (kind == link())
        return m_links;
    if (kind == remoteLink())
        return m_remoteLinks;
    return m_comments;
}

bool IssueItems::isInternalNote(const QJsonObject &comment)
{
    // Cloud says so in jsdPublic; Data Center only in the comment's properties.
    if (comment.value(QStringLiteral("jsdPublic")) == QJsonValue(false))
        return true;
    for (const QJsonValue &property : comment.value(QStringLiteral("properties")).toArray()) {
        if (property.toObject().value(QStringLiteral("key")).toString() == internalNoteProperty())
            return property.toObject()
                .value(QStringLiteral("value"))
                .toObject()
                .value(QStringLiteral("internal"))
                .toBool();
    }
    return false;
}

QString IssueItems::textKey(const QString &kind)
{
    return kind == worklog() ? QStringLiteral("comment") : QStringLiteral("body");
}

QString IssueItems::fieldOf(const QString &kind)
{
    return kind == link() || kind == remoteLink() ? QStringLiteral("issuelinks") : kind;
}

QString IssueItems::linkTypeOn(Side side, const QString &common) const
{
    if (side == Side::A)
        return common;
    for (const ValueMapping &m : m_links.types) {
        if (m.a == common)
            return m.b;
    }
    return common;
}

std::optional<IssueItems::Entry> IssueItems::fromSide(const QString &kind, Side side, const QString &issueId,
                                                      const QJsonObject &raw, QString *problem,
                                                      const AttachedFiles *files) const
{
    Entry entry;
    entry.id = raw.value(QStringLiteral("id")).toString();
    if (kind == link() || kind == remoteLink()) {
        // Seen from one issue, a link names its other end only.
        QString type = raw.value(QStringLiteral("type")).toObject().value(QStringLiteral("name")).toString();
        if (side == Side::B) {
            for (const ValueMapping &m : m_links.types) {
                if (m.b == type) {
                    type = m.a;
                    break;
                }
            }
        }
        if (kind == remoteLink()) {
            const bool otherOutward = raw.contains(QStringLiteral("outwardIssue"));
            const QString end = otherOutward ? QStringLiteral("outward") : QStringLiteral("inward");
            const QJsonObject other = raw.value(end + QStringLiteral("Issue")).toObject();
            const QString key = other.value(QStringLiteral("key")).toString();
            const QString self = other.value(QStringLiteral("self")).toString();
            entry.content
                = {{QStringLiteral("type"), type},
                   {QStringLiteral("relationship"), raw.value(QStringLiteral("type")).toObject().value(end).toString()},
                   {QStringLiteral("other"), other.value(QStringLiteral("id")).toString()},
                   {QStringLiteral("key"), key},
                   {QStringLiteral("summary"),
                    other.value(QStringLiteral("fields")).toObject().value(QStringLiteral("summary")).toString()},
                   {QStringLiteral("url"),
                    QString(self.left(self.indexOf(QStringLiteral("/rest/api/"))) + QStringLiteral("/browse/") + key)}};
            return entry;
        }
        const bool outwardHere = raw.contains(QStringLiteral("inwardIssue"));
        const QString other = raw.value(outwardHere ? QStringLiteral("inwardIssue") : QStringLiteral("outwardIssue"))
                                  .toObject()
                                  .value(QStringLiteral("id"))
                                  .toString();
        entry.content = {{QStringLiteral("type"), type},
                         {QStringLiteral("inward"), outwardHere ? other : issueId},
                         {QStringLiteral("outward"), outwardHere ? issueId : other}};
        return entry;
    }
    entry.author = raw.value(QStringLiteral("author")).toObject().value(QStringLiteral("displayName")).toString();
    entry.created = raw.value(QStringLiteral("created")).toString();
    if (kind == attachment()) {
        const QString fileName = raw.value(QStringLiteral("filename")).toString();
        const QString mimeType = raw.value(QStringLiteral("mimeType")).toString();
        const qint64 size = raw.value(QStringLiteral("size")).toInteger();
        entry.content = {{QStringLiteral("filename"), fileName},
                         {QStringLiteral("size"), size},
                         {QStringLiteral("mimeType"), mimeType}};
        QString why;
        entry.withheld = !m_attachments.admits(fileName, mimeType, size, &why);
        return entry;
    }
    const QString text = textKey(kind);
    if (raw.contains(text)) {
        const QJsonValue common = m_translator.richTextToCommon(side, raw.value(text), problem, files);
        if (!problem->isEmpty())
            return std::nullopt;
        entry.content.insert(text, common);
    }
    if (kind == comment() && isInternalNote(raw)) {
        if (m_comments.internal == QStringLiteral("internal"))
            entry.content.insert(QStringLiteral("internal"), true);
        else
            entry.withheld = true;
    }
    if (kind == worklog()) {
        entry.content.insert(QStringLiteral("started"), utc(raw.value(QStringLiteral("started")).toString()));
        entry.content.insert(QStringLiteral("timeSpentSeconds"),
                             raw.value(QStringLiteral("timeSpentSeconds")).toInteger());
    } else if (const QJsonObject visibility = raw.value(QStringLiteral("visibility")).toObject();
               !visibility.isEmpty()) {
        const std::optional<QJsonObject> common = visibilityToCommon(side, visibility);
        entry.withheld = !common;
        if (common)
            entry.content.insert(QStringLiteral("visibility"), *common);
    }
    return entry;
}

std::optional<QJsonObject> IssueItems::toSide(const QString &kind, Side side, const QJsonObject &content,
                                              QString *problem, const AttachedFiles *files) const
{
    QJsonObject body;
    const QString text = textKey(kind);
    if (content.contains(text)) {
        const QJsonValue onSide = m_translator.richTextToSide(side, content.value(text), problem, files);
        if (!problem->isEmpty())
            return std::nullopt;
        body.insert(text, onSide);
    }
    if (kind == worklog()) {
        const QDateTime started
            = QDateTime::fromString(content.value(QStringLiteral("started")).toString(), Qt::ISODateWithMs).toUTC();
        body.insert(QStringLiteral("started"), started.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'+0000'")));
        body.insert(QStringLiteral("timeSpentSeconds"), content.value(QStringLiteral("timeSpentSeconds")));
    } else if (content.contains(QStringLiteral("visibility"))) {
        body.insert(QStringLiteral("visibility"),
                    visibilityToSide(side, content.value(QStringLiteral("visibility")).toObject()));
    }
    // Said either way, so that an edit also turns a copy back into a public comment.
    if (kind == comment() && m_comments.internal == QStringLiteral("internal"))
        body.insert(QStringLiteral("properties"),
                    QJsonArray{QJsonObject{{QStringLiteral("key"), internalNoteProperty()},
                                           {QStringLiteral("value"),
                                            QJsonObject{{QStringLiteral("internal"),
                                                         content.value(QStringLiteral("internal")).toBool()}}}}});
    return body;
}

std::optional<QJsonObject> IssueItems::visibilityToCommon(Side side, const QJsonObject &visibility) const
{
    if (m_comments.restricted == Restricted::Withhold)
        return std::nullopt;
    const QString value = visibility.value(QStringLiteral("value")).toString();
    const bool sideA = side == Side::A;
    for (const ValueMapping &m : m_comments.visibility) {
        if ((sideA ? m.a : m.b) == value)
            return QJsonObject{{QStringLiteral("type"), visibility.value(QStringLiteral("type"))},
                               {QStringLiteral("value"), m.a}};
    }
    return std::nullopt;
}

QJsonObject IssueItems::visibilityToSide(Side side, const QJsonObject &common) const
{
    if (side == Side::A)
        return common;
    QJsonObject onSide = common;
    for (const ValueMapping &m : m_comments.visibility) {
        if (m.a == common.value(QStringLiteral("value")).toString()) {
            onSide.insert(QStringLiteral("value"), m.b);
            break;
        }
    }
    return onSide;
}

QJsonObject IssueItems::copyOf(const QString &kind, const Op &op) const
{
    const QJsonObject value = op.value.toObject();
    if (kind == attachment() || kind == link() || kind == remoteLink())
        return value.value(QStringLiteral("content")).toObject();
    const QDateTime created = parseJiraDateTime(value.value(QStringLiteral("created")).toString());
    const QString line = QStringLiteral("%1 %2 on %3, %4:")
                             .arg(value.value(QStringLiteral("author")).toString(), verbOf(kind), op.issueKey,
                                  QLocale::c().toString(created.toUTC(), QStringLiteral("d MMM yyyy HH:mm 'UTC'")));
    QJsonArray paragraphs{QJsonObject{
        {QStringLiteral("type"), QStringLiteral("paragraph")},
        {QStringLiteral("content"),
         QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), line}}}}}};
    const QString text = textKey(kind);
    // Comment ops queued before worklogs travelled carry their body alone.
    QJsonObject content = value.contains(QStringLiteral("content"))
        ? value.value(QStringLiteral("content")).toObject()
        : QJsonObject{{text, value.value(QStringLiteral("body"))}};
    for (const QJsonValue &node : content.value(text).toObject().value(QStringLiteral("content")).toArray())
        paragraphs << node;
    QString problem;
    // Canonical, so that a copy found again compares equal.
    content.insert(text,
                   FieldTranslator::canonicalRichText(QJsonObject{{QStringLiteral("type"), QStringLiteral("doc")},
                                                                  {QStringLiteral("version"), 1},
                                                                  {QStringLiteral("content"), paragraphs}},
                                                      &problem));
    return content;
}

QJsonObject IssueItems::outsideLinkLine(const QJsonObject &remoteLink)
{
    const auto text = [](const QString &words, const QJsonArray &marks = {}) {
        QJsonObject run{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), words}};
        if (!marks.isEmpty())
            run.insert(QStringLiteral("marks"), marks);
        return run;
    };
    const QJsonArray toIssue{QJsonObject{
        {QStringLiteral("type"), QStringLiteral("link")},
        {QStringLiteral("attrs"), QJsonObject{{QStringLiteral("href"), remoteLink.value(QStringLiteral("url"))}}}}};
    QJsonArray runs{text(outsideLinkMarker() + remoteLink.value(QStringLiteral("relationship")).toString() + u' '),
                    text(remoteLink.value(QStringLiteral("key")).toString(), toIssue)};
    if (const QString summary = remoteLink.value(QStringLiteral("summary")).toString(); !summary.isEmpty())
        runs << text(QStringLiteral(" – ") + summary);
    QString problem;
    return {{textKey(comment()),
             FieldTranslator::canonicalRichText(
                 QJsonObject{{QStringLiteral("type"), QStringLiteral("doc")},
                             {QStringLiteral("version"), 1},
                             {QStringLiteral("content"),
                              QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("paragraph")},
                                                     {QStringLiteral("content"), runs}}}}},
                 &problem)}};
}

bool IssueItems::looksLikeCopy(const QString &kind, const QJsonObject &content)
{
    static const QRegularExpression attribution(QStringLiteral(
        "^.+ (wrote|logged this) on [A-Z][A-Z0-9_]*-\\d+, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d UTC:$"));
    const QJsonObject first
        = content.value(textKey(kind)).toObject().value(QStringLiteral("content")).toArray().first().toObject();
    const QJsonArray runs = first.value(QStringLiteral("content")).toArray();
    const QString opening = runs.first().toObject().value(QStringLiteral("text")).toString();
    return (runs.size() == 1 && attribution.match(opening).hasMatch())
        || (kind == comment() && opening.startsWith(outsideLinkMarker()));
}

QString IssueItems::attachmentSignature(const QString &issueId, const QJsonObject &content)
{
    return QStringLiteral("%1/%2/%3")
        .arg(issueId, content.value(QStringLiteral("filename")).toString())
        .arg(content.value(QStringLiteral("size")).toInteger());
}

bool IssueItems::isCopyOf(const QString &kind, const QJsonObject &found, const QJsonObject &copy)
{
    if (kind == attachment())
        return attachmentSignature({}, found) == attachmentSignature({}, copy);
    return found == copy;
}

QString IssueItems::digestOf(const QString &kind, const QJsonObject &content)
{
    if (kind == link())
        return ItemLinks::digestOf(content);
    // An attachment never changes; what it is called and how large it is tell it from another.
    if (kind == attachment())
        return ItemLinks::digestOf(QJsonObject{{QStringLiteral("filename"), content.value(QStringLiteral("filename"))},
                                               {QStringLiteral("size"), content.value(QStringLiteral("size"))}});
    // A comment that is only its text keeps the digest of its text (state schema 6 and before).
    if (kind == comment() && content.size() == 1)
        return ItemLinks::digestOf(content.value(QStringLiteral("body")));
    return ItemLinks::digestOf(content);
}

} // namespace ferry
