#include "richtext/document.h"

namespace ferry::richtext {

bool Node::isBlock() const
{
    switch (type) {
    case Type::Text:
    case Type::HardBreak:
    case Type::Mention:
    case Type::Emoji:
    case Type::MediaInline:
        return false;
    case Type::Opaque:
        return !raw.value(QStringLiteral("type")).toString().startsWith(QStringLiteral("inline"))
            && raw.value(QStringLiteral("type")).toString() != QStringLiteral("mention")
            && raw.value(QStringLiteral("type")).toString() != QStringLiteral("emoji")
            && raw.value(QStringLiteral("type")).toString() != QStringLiteral("date")
            && raw.value(QStringLiteral("type")).toString() != QStringLiteral("status")
            && raw.value(QStringLiteral("type")).toString() != QStringLiteral("mediaInline");
    default:
        return true;
    }
}

} // namespace ferry::richtext
