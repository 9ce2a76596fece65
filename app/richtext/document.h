#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

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

/// Something that did not survive a conversion as it was, for the engine to log.
struct Degradation {
    QString what; ///< "citation", "panel title", …
    QString how; ///< what was done instead
};

} // namespace ferry::richtext
