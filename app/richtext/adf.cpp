#include "richtext/adf.h"

#include "richtext/colors.h"

#include <QHash>
#include <QJsonArray>

namespace ferry::richtext {

namespace {

using Type = Node::Type;

const QHash<QString, Type> &blockTypes()
{
    static const QHash<QString, Type> types = {
        {QStringLiteral("paragraph"), Type::Paragraph},
        {QStringLiteral("heading"), Type::Heading},
        {QStringLiteral("text"), Type::Text},
        {QStringLiteral("hardBreak"), Type::HardBreak},
        {QStringLiteral("bulletList"), Type::BulletList},
        {QStringLiteral("orderedList"), Type::OrderedList},
        {QStringLiteral("listItem"), Type::ListItem},
        {QStringLiteral("blockquote"), Type::Blockquote},
        {QStringLiteral("codeBlock"), Type::CodeBlock},
        {QStringLiteral("rule"), Type::Rule},
        {QStringLiteral("panel"), Type::Panel},
        {QStringLiteral("table"), Type::Table},
        {QStringLiteral("tableRow"), Type::TableRow},
        {QStringLiteral("tableHeader"), Type::TableHeader},
        {QStringLiteral("tableCell"), Type::TableCell},
        {QStringLiteral("mention"), Type::Mention},
        {QStringLiteral("emoji"), Type::Emoji},
        {QStringLiteral("mediaSingle"), Type::MediaSingle},
        {QStringLiteral("media"), Type::Media},
        {QStringLiteral("mediaInline"), Type::MediaInline},
    };
    return types;
}

QString typeName(Type type)
{
    const auto &types = blockTypes();
    for (auto it = types.begin(); it != types.end(); ++it) {
        if (it.value() == type)
            return it.key();
    }
    return QStringLiteral("doc");
}

bool readMark(const QJsonObject &json, Mark *mark)
{
    const QString type = json.value(QStringLiteral("type")).toString();
    const QJsonObject attrs = json.value(QStringLiteral("attrs")).toObject();
    static const QHash<QString, Mark::Type> simple = {
        {QStringLiteral("strong"), Mark::Type::Strong},       {QStringLiteral("em"), Mark::Type::Em},
        {QStringLiteral("underline"), Mark::Type::Underline}, {QStringLiteral("strike"), Mark::Type::Strike},
        {QStringLiteral("code"), Mark::Type::Code},
    };
    if (simple.contains(type)) {
        *mark = {simple.value(type), QString()};
        return true;
    }
    if (type == QStringLiteral("subsup")) {
        *mark = {attrs.value(QStringLiteral("type")).toString() == QStringLiteral("sub") ? Mark::Type::Sub
                                                                                         : Mark::Type::Sup,
                 QString()};
        return true;
    }
    if (type == QStringLiteral("textColor")) {
        const std::optional<QString> hex = textColorHex(attrs.value(QStringLiteral("color")).toString());
        if (!hex)
            return false;
        *mark = {Mark::Type::TextColor, *hex};
        return true;
    }
    if (type == QStringLiteral("link")) {
        *mark = {Mark::Type::Link, attrs.value(QStringLiteral("href")).toString()};
        return true;
    }
    return false;
}

Node readNode(const QJsonObject &json, QList<Degradation> *degradations, int depth = 0)
{
    const QString type = json.value(QStringLiteral("type")).toString();
    const auto known = blockTypes().constFind(type);
    // Unknown nodes, and anything nested deeper than any real document, are kept whole.
    if (known == blockTypes().constEnd() || depth > 48) {
        Node opaque = Node::make(Type::Opaque);
        opaque.raw = json;
        return opaque;
    }
    Node node = Node::make(*known);
    node.attrs = json.value(QStringLiteral("attrs")).toObject();
    if (node.type == Type::Text) {
        node.text = json.value(QStringLiteral("text")).toString();
        for (const QJsonValue &m : json.value(QStringLiteral("marks")).toArray()) {
            Mark mark;
            if (readMark(m.toObject(), &mark))
                node.marks << mark;
            else
                degradations->append(
                    {QStringLiteral("mark '%1'").arg(m.toObject().value(QStringLiteral("type")).toString()),
                     QStringLiteral("dropped; the text is kept")});
        }
        return node;
    }
    if (node.type == Type::CodeBlock) {
        for (const QJsonValue &child : json.value(QStringLiteral("content")).toArray())
            node.text += child.toObject().value(QStringLiteral("text")).toString();
        return node;
    }
    for (const QJsonValue &child : json.value(QStringLiteral("content")).toArray())
        node.children << readNode(child.toObject(), degradations, depth + 1);
    return node;
}

QJsonArray writeMarks(QList<Mark> marks)
{
    // Real Jira combines the code mark with link only.
    const bool code = std::any_of(marks.begin(), marks.end(), [](const Mark &m) { return m.type == Mark::Type::Code; });
    if (code)
        marks.removeIf([](const Mark &m) { return m.type != Mark::Type::Code && m.type != Mark::Type::Link; });
    QJsonArray out;
    for (const Mark &m : marks) {
        switch (m.type) {
        case Mark::Type::Strong:
            out.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("strong")}});
            break;
        case Mark::Type::Em:
            out.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("em")}});
            break;
        case Mark::Type::Underline:
            out.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("underline")}});
            break;
        case Mark::Type::Strike:
            out.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("strike")}});
            break;
        case Mark::Type::Code:
            out.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("code")}});
            break;
        case Mark::Type::Sup:
        case Mark::Type::Sub:
            out.append(QJsonObject{
                {QStringLiteral("type"), QStringLiteral("subsup")},
                {QStringLiteral("attrs"),
                 QJsonObject{{QStringLiteral("type"),
                              m.type == Mark::Type::Sub ? QStringLiteral("sub") : QStringLiteral("sup")}}}});
            break;
        case Mark::Type::TextColor:
            out.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("textColor")},
                                   {QStringLiteral("attrs"), QJsonObject{{QStringLiteral("color"), m.value}}}});
            break;
        case Mark::Type::Link:
            out.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("link")},
                                   {QStringLiteral("attrs"), QJsonObject{{QStringLiteral("href"), m.value}}}});
            break;
        }
    }
    return out;
}

/// Inline content: text split at line breaks into hardBreaks, empty text dropped, neighbours
/// with the same marks merged.
QJsonArray writeInline(const QList<Node> &children)
{
    QJsonArray out;
    QString pending;
    QList<Mark> pendingMarks;
    const auto flush = [&] {
        if (pending.isEmpty())
            return;
        const QStringList lines = pending.split(u'\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (i > 0)
                out.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("hardBreak")}});
            if (lines.at(i).isEmpty())
                continue;
            QJsonObject text{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), lines.at(i)}};
            const QJsonArray marks = writeMarks(pendingMarks);
            if (!marks.isEmpty())
                text.insert(QStringLiteral("marks"), marks);
            out.append(text);
        }
        pending.clear();
    };
    for (const Node &child : children) {
        if (child.type == Type::Text) {
            if (child.marks != pendingMarks)
                flush();
            pendingMarks = child.marks;
            pending += child.text;
            continue;
        }
        flush();
        if (child.type == Type::HardBreak)
            out.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("hardBreak")}});
        else if (child.type == Type::Opaque)
            out.append(child.raw);
        else if (child.type == Type::Mention || child.type == Type::Emoji || child.type == Type::MediaInline)
            out.append(
                QJsonObject{{QStringLiteral("type"), typeName(child.type)}, {QStringLiteral("attrs"), child.attrs}});
    }
    flush();
    return out;
}

QJsonObject writeNode(const Node &node);

bool isEmptyContainer(const Node &node)
{
    // ADF wants at least one child in these; an empty one carries nothing, so it is left out.
    const bool container = node.type == Type::BulletList || node.type == Type::OrderedList || node.type == Type::Table
        || node.type == Type::TableRow;
    return container && node.children.isEmpty();
}

QJsonArray writeBlocks(const QList<Node> &children)
{
    QJsonArray out;
    for (const Node &child : children) {
        if (!isEmptyContainer(child))
            out.append(writeNode(child));
    }
    return out;
}

QJsonObject emptyParagraph()
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("paragraph")}};
}

QJsonObject writeNode(const Node &node)
{
    if (node.type == Type::Opaque)
        return node.raw;
    QJsonObject out{{QStringLiteral("type"), typeName(node.type)}};
    if (!node.attrs.isEmpty())
        out.insert(QStringLiteral("attrs"), node.attrs);
    switch (node.type) {
    case Type::Paragraph:
    case Type::Heading: {
        const QJsonArray content = writeInline(node.children);
        if (!content.isEmpty())
            out.insert(QStringLiteral("content"), content);
        break;
    }
    case Type::CodeBlock:
        if (!node.text.isEmpty()) // code keeps its line breaks inside one text node
            out.insert(QStringLiteral("content"),
                       QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                              {QStringLiteral("text"), node.text}}});
        break;
    case Type::Rule:
    case Type::HardBreak:
    case Type::Media:
        break;
    case Type::ListItem:
    case Type::TableCell:
    case Type::TableHeader: {
        QJsonArray content = writeBlocks(node.children);
        const QString first
            = content.isEmpty() ? QString() : content.first().toObject().value(QStringLiteral("type")).toString();
        if (first != QStringLiteral("paragraph") && first != QStringLiteral("codeBlock"))
            content.prepend(emptyParagraph());
        out.insert(QStringLiteral("content"), content);
        break;
    }
    default: {
        QJsonArray content = writeBlocks(node.children);
        if (content.isEmpty() && (node.type == Type::Blockquote || node.type == Type::Panel))
            content.append(emptyParagraph());
        out.insert(QStringLiteral("content"), content);
    }
    }
    return out;
}

} // namespace

bool readAdf(const QJsonValue &json, Node *doc, QString *error, QList<Degradation> *degradations)
{
    const QJsonObject o = json.toObject();
    if (!json.isObject() || o.value(QStringLiteral("type")).toString() != QStringLiteral("doc")
        || !o.value(QStringLiteral("content")).isArray()) {
        *error = QStringLiteral("This is not an Atlassian Document: expected {\"type\": \"doc\", \"version\": 1, "
                                "\"content\": [...]}.");
        return false;
    }
    *doc = Node::make(Type::Doc);
    for (const QJsonValue &child : o.value(QStringLiteral("content")).toArray())
        doc->children << readNode(child.toObject(), degradations);
    return true;
}

QJsonObject writeAdf(const Node &doc)
{
    return {{QStringLiteral("type"), QStringLiteral("doc")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("content"), writeBlocks(doc.children)}};
}

} // namespace ferry::richtext
