#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace ferry::richtext {

/// Inline formatting on a text node. ADF's marks, which are a superset of wiki markup's.
struct Mark {
    enum class Type { Strong, Em, Underline, Strike, Code, Sup, Sub, TextColor, Link };
    Type type;
    QString value; ///< TextColor: "#rrggbb"; Link: href

    bool operator==(const Mark &other) const = default;
};

/// One node of the common document tree that both directions go through. Node types and
/// attributes follow ADF, so an ADF document maps onto it one to one; wiki markup maps onto
/// the subset it can express.
struct Node {
    enum class Type {
        Doc,
        Paragraph,
        Heading, ///< attrs.level 1–6
        Text, ///< text, marks
        HardBreak,
        BulletList,
        OrderedList,
        ListItem,
        Blockquote,
        CodeBlock, ///< attrs.language (absent: {noformat}); text is the content, byte for byte
        Rule,
        Panel, ///< attrs.panelType info|note|warning|success|error
        Table,
        TableRow,
        TableHeader,
        TableCell,
        Mention, ///< attrs.id (user on the site the tree is written for), attrs.text
        Emoji, ///< attrs.shortName, attrs.id, attrs.text
        MediaSingle, ///< a block holding one Media: an image shown in the text
        Media, ///< attrs.type "file", attrs.id, attrs.collection, attrs.alt (the file name)
        MediaInline, ///< an attached file referenced in the text; attrs as Media
        Opaque, ///< an ADF node Ferry has no equivalent for, kept whole in `raw`
    };

    Type type = Type::Paragraph;
    QString text;
    QList<Mark> marks;
    QJsonObject attrs;
    QList<Node> children;
    QJsonObject raw; ///< Opaque only

    static Node make(Type type, QList<Node> children = {}) { return Node{type, {}, {}, {}, std::move(children), {}}; }
    static Node textNode(const QString &text, QList<Mark> marks = {})
    {
        return Node{Type::Text, text, std::move(marks), {}, {}, {}};
    }
    bool isBlock() const;
    bool operator==(const Node &other) const = default;
};

/// How users and attachments are named on the other site. The sync engine supplies these;
/// without them a conversion keeps the names as they are.
struct Identities {
    /// A wiki user reference ("alice" or "accountid:…") to an ADF mention id; empty when unknown.
    std::function<QString(const QString &wikiUser)> mentionIdFromWiki;
    /// An ADF mention id to a wiki user reference; empty when unknown.
    std::function<QString(const QString &mentionId)> wikiUserFromMention;
    /// An attachment's file name to the media id of its copy; empty when unknown.
    std::function<QString(const QString &fileName)> mediaIdFromFileName;
    /// A media id to the file name of the attachment; empty when unknown.
    std::function<QString(const QString &mediaId)> fileNameFromMediaId;
};

/// Something that did not survive a conversion as it was, for the engine to log.
struct Degradation {
    QString what; ///< "citation", "panel title", …
    QString how; ///< what was done instead
};

} // namespace ferry::richtext
