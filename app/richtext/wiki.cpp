#include "richtext/wiki.h"

#include "richtext/adf.h"
#include "richtext/colors.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace ferry::richtext {

namespace {

using Type = Node::Type;

// Canonical nesting of marks, outermost first: one order so that neighbours close and open
// only what differs.
int markRank(Mark::Type type)
{
    switch (type) {
    case Mark::Type::Link:
        return 0;
    case Mark::Type::TextColor:
        return 1;
    case Mark::Type::Strong:
        return 2;
    case Mark::Type::Em:
        return 3;
    case Mark::Type::Underline:
        return 4;
    case Mark::Type::Strike:
        return 5;
    case Mark::Type::Sup:
        return 6;
    case Mark::Type::Sub:
        return 7;
    case Mark::Type::Code:
        return 8;
    }
    return 9;
}

QChar simpleMarker(Mark::Type type)
{
    switch (type) {
    case Mark::Type::Strong:
        return u'*';
    case Mark::Type::Em:
        return u'_';
    case Mark::Type::Underline:
        return u'+';
    case Mark::Type::Strike:
        return u'-';
    case Mark::Type::Sup:
        return u'^';
    case Mark::Type::Sub:
        return u'~';
    default:
        return QChar();
    }
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber();
}

struct Emoticon {
    QStringView wiki;
    QStringView shortName;
    QStringView id;
    QStringView text;
};

// Jira's wiki emoticons and the ADF emoji Jira Cloud shows for them. Longest first.
constexpr Emoticon emoticons[] = {
    {u"(off)", u":light_off:", u"atlassian-light_off", u"💡"},
    {u"(on)", u":bulb:", u"1f4a1", u"💡"},
    {u"(y)", u":thumbsup:", u"1f44d", u"👍"},
    {u"(n)", u":thumbsdown:", u"1f44e", u"👎"},
    {u"(i)", u":information_source:", u"2139", u"ℹ️"},
    {u"(/)", u":white_check_mark:", u"2705", u"✅"},
    {u"(x)", u":x:", u"274c", u"❌"},
    {u"(!)", u":warning:", u"26a0", u"⚠️"},
    {u"(?)", u":question:", u"2753", u"❓"},
    {u"(*)", u":star:", u"2b50", u"⭐"},
    {u":)", u":slight_smile:", u"1f642", u"🙂"},
    {u":(", u":slight_frown:", u"1f641", u"🙁"},
    {u":P", u":stuck_out_tongue:", u"1f61b", u"😛"},
    {u":D", u":grinning:", u"1f600", u"😀"},
    {u";)", u":wink:", u"1f609", u"😉"},
};

const Emoticon *emoticonAt(QStringView text)
{
    for (const Emoticon &e : emoticons) {
        if (text.startsWith(e.wiki))
            return &e;
    }
    return nullptr;
}

const Emoticon *emoticonOf(const QString &shortName)
{
    for (const Emoticon &e : emoticons) {
        if (e.shortName == shortName)
            return &e;
    }
    return nullptr;
}

/// Escapes text so that the parser reads it back as the same text.
QString escapeText(const QString &text, bool lineStart)
{
    static const QRegularExpression blockStart(QStringLiteral(R"(^(h[1-6]\.\s|bq\.\s|[*#-]+\s|-{4,}))"));
    QString out;
    out.reserve(text.size() + 8);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const bool atLineStart = (i == 0 && lineStart) || (i > 0 && text.at(i - 1) == u'\n');
        if (atLineStart && blockStart.match(QStringView(text).mid(i)).hasMatch()) {
            out += u'\\';
            out += c;
            continue;
        }
        if ((i == 0 || !isWordChar(text.at(i - 1))) && emoticonAt(QStringView(text).mid(i))) {
            out += u'\\'; // ":)" stays two characters, not a smiley
            out += c;
            continue;
        }
        switch (c.unicode()) {
        case '\\':
        case '{':
        case '}':
        case '[':
        case ']':
        case '|':
            out += u'\\';
            out += c;
            continue;
        case '*':
        case '_':
        case '+':
        case '-':
        case '^':
        case '~':
        case '?':
        case '!': {
            const QChar before = i > 0 ? text.at(i - 1) : QChar(u' ');
            const QChar after = i + 1 < text.size() ? text.at(i + 1) : QChar(u' ');
            const bool mayOpen = !isWordChar(before) && !after.isSpace();
            const bool mayClose = !before.isSpace() && !isWordChar(after);
            if ((mayOpen || mayClose) && !(c == u'?' && after != u'?' && before != u'?'))
                out += u'\\';
            out += c;
            continue;
        }
        default:
            out += c;
        }
    }
    return out;
}

class WikiWriter {
public:
    WikiWriter(QList<Degradation> *degradations, const Identities &identities)
        : m_degradations(degradations)
        , m_identities(identities)
    {
    }

    QString blocks(const QList<Node> &nodes)
    {
        QStringList parts;
        for (const Node &node : nodes)
            parts << block(node);
        return parts.join(QStringLiteral("\n\n"));
    }

private:
    void degrade(const QString &what, const QString &how) { m_degradations->append({what, how}); }

    QString carrier(const QJsonObject &adf)
    {
        // JSON structure never writes "{noformat}": only a string can, and there \u007d is "}".
        const QString json = QString::fromUtf8(QJsonDocument(adf).toJson(QJsonDocument::Compact))
                                 .replace(QStringLiteral("{noformat}"), QStringLiteral("{noformat\\u007d"));
        return QStringLiteral("{noformat}\n") + adfCarrier + json + QStringLiteral("\n{noformat}");
    }

    QString block(const Node &node)
    {
        switch (node.type) {
        case Type::Paragraph:
            return inlines(node.children, false);
        case Type::Heading:
            return QStringLiteral("h%1. ").arg(std::clamp(node.attrs.value(QStringLiteral("level")).toInt(1), 1, 6))
                + inlines(node.children, true);
        case Type::BulletList:
        case Type::OrderedList:
            return list(node, QString());
        case Type::Blockquote: {
            const bool simple = node.children.size() == 1 && node.children.first().type == Type::Paragraph
                && std::none_of(node.children.first().children.begin(), node.children.first().children.end(),
                                [](const Node &n) { return n.type == Type::HardBreak || n.text.contains(u'\n'); });
            if (simple)
                return QStringLiteral("bq. ") + inlines(node.children.first().children, true);
            return QStringLiteral("{quote}\n") + blocks(node.children) + QStringLiteral("\n{quote}");
        }
        case Type::CodeBlock: {
            const QString language = node.attrs.value(QStringLiteral("language")).toString();
            const bool hasCode = node.text.contains(QStringLiteral("{code"));
            const bool hasNoformat = node.text.contains(QStringLiteral("{noformat"));
            // Wiki markup ends a block at its closing tag, whatever surrounds it: content that
            // holds the tag goes into the other kind of block, or in ADF when it holds both.
            if ((!language.isEmpty() || hasNoformat) && !hasCode) {
                if (language.isEmpty())
                    degrade(QStringLiteral("{noformat} holding {noformat}"), QStringLiteral("written as {code:none}"));
                return QStringLiteral("{code:%1}\n").arg(language.isEmpty() ? QStringLiteral("none") : language)
                    + node.text + QStringLiteral("\n{code}");
            }
            if (!hasNoformat) {
                if (!language.isEmpty())
                    degrade(QStringLiteral("code block holding {code}"), QStringLiteral("written as {noformat}"));
                return QStringLiteral("{noformat}\n") + node.text + QStringLiteral("\n{noformat}");
            }
            degrade(QStringLiteral("code block holding both {code} and {noformat}"), QStringLiteral("kept as ADF"));
            return carrier(
                writeAdf(Node::make(Type::Doc, {node})).value(QStringLiteral("content")).toArray().first().toObject());
        }
        case Type::Rule:
            return QStringLiteral("----");
        case Type::Panel: {
            static const QHash<QString, QString> macros = {{QStringLiteral("info"), QStringLiteral("info")},
                                                           {QStringLiteral("note"), QStringLiteral("note")},
                                                           {QStringLiteral("warning"), QStringLiteral("warning")},
                                                           {QStringLiteral("success"), QStringLiteral("tip")}};
            const QString type = node.attrs.value(QStringLiteral("panelType")).toString(QStringLiteral("info"));
            if (macros.contains(type))
                return QStringLiteral("{%1}\n").arg(macros.value(type)) + blocks(node.children)
                    + QStringLiteral("\n{%1}").arg(macros.value(type));
            if (type == QStringLiteral("error"))
                return QStringLiteral("{panel:bgColor=#ffebe6}\n") + blocks(node.children)
                    + QStringLiteral("\n{panel}");
            degrade(QStringLiteral("panel of type '%1'").arg(type), QStringLiteral("kept as ADF"));
            return carrier(node.raw.isEmpty() ? QJsonObject() : node.raw);
        }
        case Type::Table:
            return table(node);
        case Type::MediaSingle: {
            QStringList images;
            for (const Node &child : node.children)
                images << media(child);
            return images.join(u' ');
        }
        case Type::Opaque:
            if (node.isBlock()) {
                degrade(QStringLiteral("ADF node '%1'").arg(node.raw.value(QStringLiteral("type")).toString()),
                        QStringLiteral("carried in a {noformat} block; it converts back to the same node"));
                return carrier(node.raw);
            }
            return inlines({node}, false);
        default:
            return inlines(node.children, false);
        }
    }

    QString list(const Node &list, const QString &prefix)
    {
        const QString marker = prefix + (list.type == Type::OrderedList ? u'#' : u'*');
        QStringList lines;
        for (const Node &item : list.children) {
            QString line = marker + u' ';
            bool first = true;
            QStringList after;
            for (const Node &child : item.children) {
                if (child.type == Type::BulletList || child.type == Type::OrderedList) {
                    after << this->list(child, marker);
                } else if (child.type == Type::Paragraph && first) {
                    line += inlines(child.children, true);
                    first = false;
                } else if (child.type == Type::Paragraph) {
                    degrade(QStringLiteral("several paragraphs in a list item"),
                            QStringLiteral("joined with line breaks"));
                    line += QStringLiteral("\\\\") + inlines(child.children, true);
                } else {
                    degrade(QStringLiteral("%1 in a list item")
                                .arg(child.type == Type::CodeBlock ? QStringLiteral("code block")
                                                                   : QStringLiteral("block")),
                            QStringLiteral("written after the list item"));
                    after << block(child);
                }
            }
            lines << line << after;
        }
        return lines.join(u'\n');
    }

    QString table(const Node &table)
    {
        QStringList rows;
        for (const Node &row : table.children) {
            QString line;
            for (const Node &cell : row.children) {
                const QString separator = cell.type == Type::TableHeader ? QStringLiteral("||") : QStringLiteral("|");
                QStringList parts;
                for (const Node &child : cell.children) {
                    if (child.type == Type::Paragraph) {
                        parts << inlines(child.children, true);
                    } else if (child.type == Type::BulletList || child.type == Type::OrderedList) {
                        degrade(QStringLiteral("list in a table cell"),
                                QStringLiteral("written as lines starting with •"));
                        for (const Node &item : child.children)
                            parts << QStringLiteral("• ")
                                    + (item.children.isEmpty() ? QString()
                                                               : inlines(item.children.first().children, true));
                    } else {
                        degrade(QStringLiteral("block in a table cell"), QStringLiteral("written as its text"));
                        parts << block(child).replace(u'\n', QStringLiteral("\\\\"));
                    }
                }
                const QString content = parts.join(QStringLiteral("\\\\"));
                line += separator + (content.isEmpty() ? QStringLiteral(" ") : content);
            }
            line += row.children.isEmpty() || row.children.last().type != Type::TableHeader ? QStringLiteral("|")
                                                                                            : QStringLiteral("||");
            rows << line;
        }
        return rows.join(u'\n');
    }

    QString fileNameOf(const QString &mediaId, const QJsonObject &attrs)
    {
        const QString mapped = m_identities.fileNameFromMediaId ? m_identities.fileNameFromMediaId(mediaId) : QString();
        if (!mapped.isEmpty())
            return mapped;
        if (m_identities.fileNameFromMediaId)
            degrade(QStringLiteral("attachment %1").arg(mediaId),
                    QStringLiteral("not found on this side; its name is kept"));
        return attrs.value(QStringLiteral("alt")).toString(mediaId);
    }

    QString media(const Node &media)
    {
        if (media.attrs.value(QStringLiteral("type")).toString() == QStringLiteral("external"))
            return u'!' + media.attrs.value(QStringLiteral("url")).toString() + u'!';
        return u'!' + fileNameOf(media.attrs.value(QStringLiteral("id")).toString(), media.attrs) + u'!';
    }

    /// Mentions, emoji and file references, in wiki markup.
    QString atom(const Node &node)
    {
        const QString id = node.attrs.value(QStringLiteral("id")).toString();
        switch (node.type) {
        case Type::Mention: {
            QString user = m_identities.wikiUserFromMention ? m_identities.wikiUserFromMention(id) : QString();
            if (user.isEmpty() && m_identities.wikiUserFromMention) {
                degrade(QStringLiteral("mention of %1").arg(node.attrs.value(QStringLiteral("text")).toString(id)),
                        QStringLiteral("the user is not known on this side; written as text"));
                return escapeText(node.attrs.value(QStringLiteral("text")).toString(id), false);
            }
            if (user.isEmpty()) // no mapping: a Cloud account id in Cloud's wiki form
                user = id.contains(u':') || id.size() == 24 ? QStringLiteral("accountid:") + id : id;
            return QStringLiteral("[~") + user + u']';
        }
        case Type::Emoji: {
            if (const Emoticon *e = emoticonOf(node.attrs.value(QStringLiteral("shortName")).toString()))
                return e->wiki.toString();
            const QString text = node.attrs.value(QStringLiteral("text"))
                                     .toString(node.attrs.value(QStringLiteral("shortName")).toString());
            degrade(QStringLiteral("emoji %1").arg(node.attrs.value(QStringLiteral("shortName")).toString()),
                    QStringLiteral("written as %1").arg(text));
            return escapeText(text, false);
        }
        case Type::MediaInline:
            return QStringLiteral("[^") + fileNameOf(id, node.attrs) + u']';
        default:
            return escapeText(inlineFallback(node), false);
        }
    }

    QString inlineFallback(const Node &node)
    {
        const QString type = node.raw.value(QStringLiteral("type")).toString();
        const QJsonObject attrs = node.raw.value(QStringLiteral("attrs")).toObject();
        QString text;
        if (type == QStringLiteral("mention") || type == QStringLiteral("emoji") || type == QStringLiteral("status"))
            text = attrs.value(QStringLiteral("text")).toString(attrs.value(QStringLiteral("shortName")).toString());
        else if (type == QStringLiteral("date"))
            text = QDateTime::fromMSecsSinceEpoch(attrs.value(QStringLiteral("timestamp")).toVariant().toLongLong(),
                                                  Qt::UTC)
                       .toString(QStringLiteral("yyyy-MM-dd"));
        else if (type == QStringLiteral("inlineCard"))
            text = attrs.value(QStringLiteral("url")).toString();
        degrade(QStringLiteral("inline ADF node '%1'").arg(type),
                QStringLiteral("written as its text \"%1\"").arg(text));
        return text;
    }

    /// Inline nodes as wiki text. breakAsBackslashes: inside list items, headings and cells a
    /// line break must be written as \\ to stay in the construct.
    QString inlines(const QList<Node> &nodes, bool breakAsBackslashes)
    {
        struct Piece {
            enum Kind { Text, Open, Close, Atom } kind; ///< Atom: written as it is
            QString text;
            Mark mark;
        };
        QList<Piece> pieces;
        QList<Mark> open;
        const auto closeTo = [&](qsizetype keep) {
            while (open.size() > keep) {
                pieces.append({Piece::Close, QString(), open.takeLast()});
            }
        };
        for (const Node &node : nodes) {
            if (node.type == Type::HardBreak) {
                closeTo(0);
                pieces.append({Piece::Text, breakAsBackslashes ? QStringLiteral("\\\\") : QStringLiteral("\n"), {}});
                continue;
            }
            if (node.type != Type::Text) {
                closeTo(0);
                pieces.append({Piece::Atom, atom(node), {}});
                continue;
            }
            QList<Mark> marks = node.marks;
            std::sort(marks.begin(), marks.end(),
                      [](const Mark &a, const Mark &b) { return markRank(a.type) < markRank(b.type); });
            // Whitespace at the edges of marked text goes outside the marks: wiki markers need it there.
            QString text = node.text;
            qsizetype lead = 0;
            while (lead < text.size() && text.at(lead).isSpace() && !marks.isEmpty())
                ++lead;
            qsizetype trail = 0;
            while (trail < text.size() - lead && text.at(text.size() - 1 - trail).isSpace() && !marks.isEmpty())
                ++trail;
            if (lead > 0) {
                closeTo(0);
                pieces.append({Piece::Text, text.left(lead), {}});
            }
            qsizetype common = 0;
            while (common < open.size() && common < marks.size() && open.at(common) == marks.at(common))
                ++common;
            closeTo(common);
            for (qsizetype i = common; i < marks.size(); ++i) {
                pieces.append({Piece::Open, QString(), marks.at(i)});
                open.append(marks.at(i));
            }
            const QString middle = text.mid(lead, text.size() - lead - trail);
            if (!middle.isEmpty())
                pieces.append({Piece::Text, middle, {}});
            if (trail > 0) {
                closeTo(0);
                pieces.append({Piece::Text, text.right(trail), {}});
            }
        }
        closeTo(0);

        // Render, escaping text and choosing {*} forms where a marker touches a word.
        QString out;
        QList<qsizetype> openAt;
        const auto firstCharAfter = [&](qsizetype index) -> QChar {
            for (qsizetype k = index + 1; k < pieces.size(); ++k) {
                if (pieces.at(k).kind == Piece::Text && !pieces.at(k).text.isEmpty())
                    return pieces.at(k).text.front();
                if (pieces.at(k).kind == Piece::Open)
                    return QChar(u' ');
            }
            return QChar(u' ');
        };
        for (qsizetype k = 0; k < pieces.size(); ++k) {
            const Piece &piece = pieces.at(k);
            if (piece.kind == Piece::Atom) {
                out += piece.text;
                continue;
            }
            if (piece.kind == Piece::Text) {
                if (piece.text == QStringLiteral("\\\\") || piece.text == QStringLiteral("\n"))
                    out += piece.text;
                else
                    out += escapeText(piece.text, out.isEmpty() || out.endsWith(u'\n'));
                continue;
            }
            const Mark &mark = piece.mark;
            const bool opening = piece.kind == Piece::Open;
            switch (mark.type) {
            case Mark::Type::Link:
                out += opening ? QStringLiteral("[") : QStringLiteral("|") + mark.value + u']';
                break;
            case Mark::Type::TextColor:
                out += opening ? QStringLiteral("{color:%1}").arg(wikiColorName(mark.value))
                               : QStringLiteral("{color}");
                break;
            case Mark::Type::Code:
                out += opening ? QStringLiteral("{{") : QStringLiteral("}}");
                break;
            default: {
                const QChar marker = simpleMarker(mark.type);
                const QChar outside = opening ? (out.isEmpty() ? QChar(u' ') : out.back()) : firstCharAfter(k);
                const bool braced = isWordChar(outside);
                out += braced ? QStringLiteral("{") + marker + u'}' : QString(marker);
            }
            }
        }
        Q_UNUSED(openAt)
        return out;
    }

    QList<Degradation> *m_degradations;
    const Identities &m_identities;
};

// ---------------------------------------------------------------------------------------
// Parsing

class WikiParser {
public:
    WikiParser(QList<Degradation> *degradations, const Identities &identities)
        : m_degradations(degradations)
        , m_identities(identities)
    {
    }

    QList<Node> blocks(const QStringList &lines, qsizetype begin, qsizetype end, int depth);
    QList<Node> inlines(const QString &text, int depth = 0);

private:
    void inlineRange(const QString &s, qsizetype begin, qsizetype end, QList<Mark> marks, QList<Node> *out, int depth);
    Node paragraphOf(const QString &text) { return Node::make(Type::Paragraph, inlines(text)); }
    QList<Node> lists(const QList<QPair<QString, QString>> &items, qsizetype begin, qsizetype end, qsizetype level);
    Node table(const QStringList &rows);
    QString mediaId(const QString &fileName);
    /// Moves images out of a paragraph into media blocks of their own, as ADF has them.
    QList<Node> liftImages(const Node &paragraph);

    QList<Degradation> *m_degradations;
    const Identities &m_identities;
};

const QRegularExpression &codeStart()
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*\{(code|noformat)(?::([^}]*))?\}(.*)$)"));
    return re;
}

const QRegularExpression &containerStart()
{
    static const QRegularExpression re(
        QStringLiteral(R"(^\s*\{(quote|panel|info|note|warning|tip)(?::([^}]*))?\}\s*$)"));
    return re;
}

const QRegularExpression &listLine()
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*([*#]+|-)\s+(.*)$)"));
    return re;
}

bool startsBlock(const QString &line)
{
    static const QRegularExpression other(QStringLiteral(R"(^\s*(h[1-6]\.\s|bq\.\s|-{4,}\s*$|\|))"));
    return codeStart().match(line).hasMatch() || containerStart().match(line).hasMatch()
        || listLine().match(line).hasMatch() || other.match(line).hasMatch();
}

QList<Node> WikiParser::blocks(const QStringList &lines, qsizetype begin, qsizetype end, int depth)
{
    QList<Node> out;
    static const QRegularExpression heading(QStringLiteral(R"(^\s*h([1-6])\.\s+(.*)$)"));
    static const QRegularExpression quoteLine(QStringLiteral(R"(^\s*bq\.\s+(.*)$)"));
    static const QRegularExpression rule(QStringLiteral(R"(^\s*-{4,}\s*$)"));
    qsizetype i = begin;
    while (i < end) {
        const QString &line = lines.at(i);
        if (line.trimmed().isEmpty()) {
            ++i;
            continue;
        }
        if (const auto m = codeStart().match(line); m.hasMatch()) {
            const QString kind = m.captured(1);
            const QString closing = u'{' + kind + u'}';
            QString content = m.captured(3);
            qsizetype j = i;
            qsizetype close = content.indexOf(closing);
            while (close < 0 && ++j < end) {
                content += u'\n' + lines.at(j);
                close = content.indexOf(closing);
            }
            QString after;
            if (close >= 0) {
                after = content.mid(close + closing.size());
                content = content.left(close);
            } else {
                m_degradations->append(
                    {QStringLiteral("unclosed {%1}").arg(kind), QStringLiteral("read to the end of the text")});
                j = end - 1;
            }
            if (content.startsWith(u'\n'))
                content.remove(0, 1);
            if (content.endsWith(u'\n'))
                content.chop(1);
            if (kind == QStringLiteral("noformat") && content.startsWith(adfCarrier)) {
                // An ADF node that travelled through wiki markup: back to the same node.
                const QJsonObject node = QJsonDocument::fromJson(content.mid(adfCarrier.size()).toUtf8()).object();
                Node doc;
                QString error;
                QList<Degradation> ignored;
                if (readAdf(QJsonObject{{QStringLiteral("type"), QStringLiteral("doc")},
                                        {QStringLiteral("content"), QJsonArray{node}}},
                            &doc, &error, &ignored)
                    && doc.children.size() == 1) {
                    out << doc.children.first();
                    i = j + 1;
                    continue;
                }
            }
            Node code = Node::make(Type::CodeBlock);
            code.text = content;
            if (kind == QStringLiteral("code")) {
                QString language = QStringLiteral("java"); // Jira's default for {code}
                for (const QString &parameter : m.captured(2).split(u'|', Qt::SkipEmptyParts)) {
                    if (!parameter.contains(u'='))
                        language = parameter.trimmed();
                }
                code.attrs.insert(QStringLiteral("language"), language);
            }
            out << code;
            if (!after.trimmed().isEmpty())
                out << paragraphOf(after.trimmed());
            i = j + 1;
            continue;
        }
        if (const auto m = containerStart().match(line); m.hasMatch()) {
            const QString kind = m.captured(1);
            const QString closing = u'{' + kind + u'}';
            qsizetype j = i + 1;
            while (j < end && lines.at(j).trimmed() != closing)
                ++j;
            QList<Node> inner = depth < 32 ? blocks(lines, i + 1, std::min(j, end), depth + 1) : QList<Node>{};
            Node container = Node::make(kind == QStringLiteral("quote") ? Type::Blockquote : Type::Panel, inner);
            if (kind != QStringLiteral("quote")) {
                static const QHash<QString, QString> types = {{QStringLiteral("info"), QStringLiteral("info")},
                                                              {QStringLiteral("note"), QStringLiteral("note")},
                                                              {QStringLiteral("warning"), QStringLiteral("warning")},
                                                              {QStringLiteral("tip"), QStringLiteral("success")}};
                QString type = types.value(kind, QStringLiteral("info"));
                const QString parameters = m.captured(2);
                if (parameters.contains(QStringLiteral("bgColor=#ffebe6"), Qt::CaseInsensitive))
                    type = QStringLiteral("error");
                for (const QString &parameter : parameters.split(u'|', Qt::SkipEmptyParts)) {
                    const QString name = parameter.section(u'=', 0, 0).trimmed();
                    if (name != QStringLiteral("title")
                        && parameter.compare(QStringLiteral("bgColor=#ffebe6"), Qt::CaseInsensitive) != 0)
                        m_degradations->append({QStringLiteral("panel %1").arg(parameter.trimmed()),
                                                QStringLiteral("an ADF %1 panel has no such setting").arg(type)});
                }
                if (parameters.contains(QStringLiteral("title="))) {
                    const QString title = parameters.section(QStringLiteral("title="), 1).section(u'|', 0, 0);
                    container.children.prepend(
                        Node::make(Type::Paragraph, {Node::textNode(title, {{Mark::Type::Strong, {}}})}));
                    m_degradations->append(
                        {QStringLiteral("panel title"), QStringLiteral("written as a bold first line")});
                }
                container.attrs.insert(QStringLiteral("panelType"), type);
            }
            out << container;
            i = j + 1;
            continue;
        }
        if (const auto m = heading.match(line); m.hasMatch()) {
            Node h = Node::make(Type::Heading, inlines(m.captured(2)));
            h.attrs.insert(QStringLiteral("level"), m.captured(1).toInt());
            out << h;
            ++i;
            continue;
        }
        if (const auto m = quoteLine.match(line); m.hasMatch()) {
            out << Node::make(Type::Blockquote, {paragraphOf(m.captured(1))});
            ++i;
            continue;
        }
        if (rule.match(line).hasMatch()) {
            out << Node::make(Type::Rule);
            ++i;
            continue;
        }
        if (listLine().match(line).hasMatch()) {
            QList<QPair<QString, QString>> items;
            constexpr qsizetype deepest = 16;
            while (i < end) {
                const auto m = listLine().match(lines.at(i));
                if (!m.hasMatch())
                    break;
                QString prefix = m.captured(1).replace(u'-', u'*');
                if (prefix.size() > deepest) {
                    m_degradations->append({QStringLiteral("list nested deeper than %1 levels").arg(deepest),
                                            QStringLiteral("its deeper items kept at level %1").arg(deepest)});
                    prefix.truncate(deepest);
                }
                items.append({prefix, m.captured(2)});
                ++i;
            }
            out << lists(items, 0, items.size(), 0);
            continue;
        }
        if (line.trimmed().startsWith(u'|')) {
            QStringList rows;
            while (i < end && lines.at(i).trimmed().startsWith(u'|'))
                rows << lines.at(i++).trimmed();
            out << table(rows);
            continue;
        }
        QStringList paragraph{line};
        ++i;
        while (i < end && !lines.at(i).trimmed().isEmpty() && !startsBlock(lines.at(i)))
            paragraph << lines.at(i++);
        out << liftImages(paragraphOf(paragraph.join(u'\n')));
    }
    return out;
}

QList<Node> WikiParser::lists(const QList<QPair<QString, QString>> &items, qsizetype begin, qsizetype end,
                              qsizetype level)
{
    QList<Node> out;
    qsizetype i = begin;
    while (i < end) {
        const QChar kind = items.at(i).first.at(std::min(level, items.at(i).first.size() - 1));
        Node list = Node::make(kind == u'#' ? Type::OrderedList : Type::BulletList);
        while (i < end && items.at(i).first.size() > level && items.at(i).first.at(level) == kind) {
            if (items.at(i).first.size() == level + 1) {
                list.children << Node::make(Type::ListItem, {paragraphOf(items.at(i).second)});
                ++i;
                continue;
            }
            qsizetype j = i;
            while (j < end && items.at(j).first.size() > level + 1)
                ++j;
            if (list.children.isEmpty())
                list.children << Node::make(Type::ListItem, {Node::make(Type::Paragraph)});
            list.children.last().children << lists(items, i, j, level + 1);
            i = j;
        }
        if (list.children.isEmpty()) { // a deeper item first: it opens its own list
            qsizetype j = i + 1;
            while (j < end && items.at(j).first.size() > level + 1)
                ++j;
            list.children << Node::make(Type::ListItem, {Node::make(Type::Paragraph)});
            list.children.last().children << lists(items, i, j, level + 1);
            i = j;
        }
        out << list;
    }
    return out;
}

Node WikiParser::table(const QStringList &rows)
{
    Node table = Node::make(Type::Table);
    for (const QString &row : rows) {
        Node tableRow = Node::make(Type::TableRow);
        qsizetype i = 0;
        int brackets = 0;
        int braces = 0;
        QString cell;
        Type cellType = Type::TableCell;
        bool inCell = false;
        const auto finishCell = [&] {
            if (!inCell)
                return;
            QList<Node> content;
            for (const QString &part : cell.split(QStringLiteral("\\\\")))
                content << paragraphOf(part.trimmed());
            tableRow.children << Node::make(cellType, content);
            cell.clear();
        };
        while (i < row.size()) {
            const QChar c = row.at(i);
            if (c == u'\\' && i + 1 < row.size()) {
                cell += c;
                cell += row.at(i + 1);
                i += 2;
                continue;
            }
            brackets += c == u'[' ? 1 : c == u']' ? -1 : 0;
            braces += c == u'{' ? 1 : c == u'}' ? -1 : 0;
            if (c == u'|' && brackets <= 0 && braces <= 0) {
                finishCell();
                const bool header = i + 1 < row.size() && row.at(i + 1) == u'|';
                cellType = header ? Type::TableHeader : Type::TableCell;
                inCell = true;
                i += header ? 2 : 1;
                continue;
            }
            cell += c;
            ++i;
        }
        if (!cell.trimmed().isEmpty())
            finishCell();
        table.children << tableRow;
    }
    return table;
}

QList<Node> WikiParser::inlines(const QString &text, int depth)
{
    QList<Node> out;
    inlineRange(text, 0, text.size(), {}, &out, depth);
    return out;
}

void WikiParser::inlineRange(const QString &s, qsizetype begin, qsizetype end, QList<Mark> marks, QList<Node> *out,
                             int depth)
{
    QString literal;
    const auto flush = [&] {
        if (!literal.isEmpty())
            *out << Node::textNode(literal, marks);
        literal.clear();
    };
    const auto withMark = [&](Mark mark) {
        QList<Mark> inner = marks;
        if (!inner.contains(mark))
            inner << mark;
        return inner;
    };
    static const QString simple = QStringLiteral("*_+-^~");
    const auto markOf = [](QChar c) {
        switch (c.unicode()) {
        case '*':
            return Mark::Type::Strong;
        case '_':
            return Mark::Type::Em;
        case '+':
            return Mark::Type::Underline;
        case '-':
            return Mark::Type::Strike;
        case '^':
            return Mark::Type::Sup;
        default:
            return Mark::Type::Sub;
        }
    };
    qsizetype i = begin;
    while (i < end) {
        const QChar c = s.at(i);
        if (c == u'\\') {
            if (i + 1 < end && s.at(i + 1) == u'\\') {
                flush();
                *out << Node::make(Type::HardBreak);
                i += 2;
            } else if (i + 1 < end) {
                literal += s.at(i + 1);
                i += 2;
            } else {
                literal += c;
                ++i;
            }
            continue;
        }
        if (c == u'\n') {
            flush();
            *out << Node::make(Type::HardBreak);
            ++i;
            continue;
        }
        if (depth < 24 && c == u'{' && s.mid(i, 2) == QStringLiteral("{{")) {
            const qsizetype close = s.indexOf(QStringLiteral("}}"), i + 2);
            if (close > i + 2 && close < end) {
                flush();
                inlineRange(s, i + 2, close, withMark({Mark::Type::Code, {}}), out, depth + 1);
                i = close + 2;
                continue;
            }
        }
        if (depth < 24 && c == u'{' && s.mid(i, 7) == QStringLiteral("{color:")) {
            const qsizetype tagEnd = s.indexOf(u'}', i);
            const qsizetype close = s.indexOf(QStringLiteral("{color}"), tagEnd);
            if (tagEnd > 0 && close > 0 && close < end) {
                flush();
                const QString color = s.mid(i + 7, tagEnd - i - 7).trimmed();
                if (const std::optional<QString> hex = textColorHex(color)) {
                    inlineRange(s, tagEnd + 1, close, withMark({Mark::Type::TextColor, *hex}), out, depth + 1);
                } else {
                    m_degradations->append(
                        {QStringLiteral("colour '%1'").arg(color), QStringLiteral("dropped; the text is kept")});
                    inlineRange(s, tagEnd + 1, close, marks, out, depth + 1);
                }
                i = close + 7;
                continue;
            }
        }
        if (depth < 24 && c == u'{' && i + 2 < end && simple.contains(s.at(i + 1)) && s.at(i + 2) == u'}') {
            const QString tag = s.mid(i, 3);
            const qsizetype close = s.indexOf(tag, i + 3);
            if (close > 0 && close < end) {
                flush();
                inlineRange(s, i + 3, close, withMark({markOf(s.at(i + 1)), {}}), out, depth + 1);
                i = close + 3;
                continue;
            }
        }
        if (depth < 24 && c == u'[') {
            qsizetype close = i + 1;
            while (close < end && s.at(close) != u']' && s.at(close) != u'\n')
                close += s.at(close) == u'\\' ? 2 : 1;
            if (close < end && s.at(close) == u']' && close > i + 1) {
                const QString inside = s.mid(i + 1, close - i - 1);
                if (inside.startsWith(u'~') || inside.startsWith(u'^')) {
                    flush();
                    const QString name = inside.mid(1).trimmed();
                    if (inside.startsWith(u'^')) {
                        Node file = Node::make(Type::MediaInline);
                        file.attrs = {{QStringLiteral("type"), QStringLiteral("file")},
                                      {QStringLiteral("id"), mediaId(name)},
                                      {QStringLiteral("collection"), QString()}};
                        *out << file;
                        i = close + 1;
                        continue;
                    }
                    QString id = m_identities.mentionIdFromWiki ? m_identities.mentionIdFromWiki(name) : QString();
                    if (id.isEmpty() && m_identities.mentionIdFromWiki) {
                        m_degradations->append({QStringLiteral("mention of %1").arg(name),
                                                QStringLiteral("the user is not known on this side; written as text")});
                        *out << Node::textNode(u'@' + name, marks);
                    } else {
                        if (id.isEmpty())
                            id = name.startsWith(QStringLiteral("accountid:"), Qt::CaseInsensitive) ? name.mid(10)
                                                                                                    : name;
                        Node mention = Node::make(Type::Mention);
                        mention.attrs = {{QStringLiteral("id"), id}, {QStringLiteral("text"), QString(u'@' + name)}};
                        *out << mention;
                    }
                    i = close + 1;
                    continue;
                }
                const qsizetype bar = inside.lastIndexOf(u'|');
                const QString href = (bar >= 0 ? inside.mid(bar + 1) : inside).trimmed();
                // [text] alone is a link only when it names a target, as Jira reads it.
                static const QRegularExpression target(
                    QStringLiteral(R"(^([a-zA-Z][a-zA-Z0-9+.-]*:|#|/|\./|\.\./)\S*$)"));
                if (target.match(href).hasMatch()) {
                    flush();
                    if (bar >= 0)
                        inlineRange(s, i + 1, i + 1 + bar, withMark({Mark::Type::Link, href}), out, depth + 1);
                    else
                        *out << Node::textNode(href, withMark({Mark::Type::Link, href}));
                    i = close + 1;
                    continue;
                }
            }
        }
        if (c == u'!' && i + 1 < end && !s.at(i + 1).isSpace() && (i == begin || !isWordChar(s.at(i - 1)))) {
            const qsizetype close = s.indexOf(u'!', i + 1);
            const qsizetype newline = s.indexOf(u'\n', i + 1);
            if (close > i + 1 && close < end && (newline < 0 || close < newline)) {
                const QString name = s.mid(i + 1, close - i - 1).section(u'|', 0, 0).trimmed();
                static const QRegularExpression looksLikeImage(QStringLiteral(R"(^[^\s!]+\.\w{2,5}$|^https?://\S+$)"));
                if (looksLikeImage.match(name).hasMatch()) {
                    flush();
                    Node media = Node::make(Type::Media);
                    if (name.startsWith(QStringLiteral("http")))
                        media.attrs
                            = {{QStringLiteral("type"), QStringLiteral("external")}, {QStringLiteral("url"), name}};
                    else
                        media.attrs = {{QStringLiteral("type"), QStringLiteral("file")},
                                       {QStringLiteral("id"), mediaId(name)},
                                       {QStringLiteral("collection"), QString()},
                                       {QStringLiteral("alt"), name}};
                    *out << media; // the paragraph lifts it into a media block
                    i = close + 1;
                    continue;
                }
            }
        }
        if (i == begin || !isWordChar(s.at(i - 1))) {
            if (const Emoticon *e = emoticonAt(QStringView(s).mid(i, std::min<qsizetype>(5, end - i)))) {
                flush();
                Node emoji = Node::make(Type::Emoji);
                emoji.attrs = {{QStringLiteral("shortName"), e->shortName.toString()},
                               {QStringLiteral("id"), e->id.toString()},
                               {QStringLiteral("text"), e->text.toString()}};
                *out << emoji;
                i += e->wiki.size();
                continue;
            }
        }
        if (depth < 24 && c == u'?' && s.mid(i, 2) == QStringLiteral("??")
            && (i == begin || !isWordChar(s.at(i - 1)))) {
            const qsizetype close = s.indexOf(QStringLiteral("??"), i + 2);
            if (close > i + 2 && close < end) {
                flush();
                m_degradations->append({QStringLiteral("citation"), QStringLiteral("written as italic")});
                inlineRange(s, i + 2, close, withMark({Mark::Type::Em, {}}), out, depth + 1);
                i = close + 2;
                continue;
            }
        }
        if (depth < 24 && simple.contains(c)) {
            const bool canOpen = (i == begin || !isWordChar(s.at(i - 1))) && i + 1 < end && !s.at(i + 1).isSpace();
            if (canOpen) {
                qsizetype close = -1;
                for (qsizetype j = i + 2; j < end && s.at(j) != u'\n'; ++j) {
                    if (s.at(j) == u'\\') {
                        ++j;
                        continue;
                    }
                    if (s.at(j) == c && !s.at(j - 1).isSpace() && (j + 1 >= end || !isWordChar(s.at(j + 1)))) {
                        close = j;
                        break;
                    }
                }
                if (close > 0) {
                    flush();
                    inlineRange(s, i + 1, close, withMark({markOf(c), {}}), out, depth + 1);
                    i = close + 1;
                    continue;
                }
            }
        }
        literal += c;
        ++i;
    }
    flush();
}

QString WikiParser::mediaId(const QString &fileName)
{
    if (!m_identities.mediaIdFromFileName)
        return fileName; // no mapping: the name stands for the file
    const QString id = m_identities.mediaIdFromFileName(fileName);
    if (id.isEmpty())
        m_degradations->append({QStringLiteral("attachment %1").arg(fileName),
                                QStringLiteral("not found on this side; the reference keeps its name")});
    return id.isEmpty() ? fileName : id;
}

QList<Node> WikiParser::liftImages(const Node &paragraph)
{
    QList<Node> blocks;
    Node current = Node::make(Type::Paragraph);
    const auto flushParagraph = [&] {
        while (!current.children.isEmpty() && current.children.last().type == Type::HardBreak)
            current.children.removeLast();
        if (!current.children.isEmpty())
            blocks << current;
        current = Node::make(Type::Paragraph);
    };
    for (const Node &child : paragraph.children) {
        if (child.type != Type::Media) {
            if (!(current.children.isEmpty() && child.type == Type::HardBreak))
                current.children << child;
            continue;
        }
        flushParagraph();
        Node block = Node::make(Type::MediaSingle, {child});
        block.attrs.insert(QStringLiteral("layout"), QStringLiteral("center"));
        blocks << block;
    }
    flushParagraph();
    if (blocks.isEmpty())
        blocks << Node::make(Type::Paragraph);
    return blocks;
}

} // namespace

QString writeWiki(const Node &doc, QList<Degradation> *degradations, const Identities &identities)
{
    WikiWriter writer(degradations, identities);
    return writer.blocks(doc.children);
}

Node parseWiki(const QString &wiki, QList<Degradation> *degradations, const Identities &identities)
{
    WikiParser parser(degradations, identities);
    const QStringList lines = QString(wiki).replace(QStringLiteral("\r\n"), QStringLiteral("\n")).split(u'\n');
    return Node::make(Type::Doc, parser.blocks(lines, 0, lines.size(), 0));
}

} // namespace ferry::richtext
