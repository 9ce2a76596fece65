#include "ui/conflictdiff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>

#include <vector>

namespace ferry::conflictdiff {

namespace {

/// Words and runs of punctuation, each with the spaces before it, so that joining them gives the
/// text back and spaces alone never count as text the two have in common.
QStringList tokens(const QString &text)
{
    static const QRegularExpression token(QStringLiteral("\\s*\\w+|\\s*[^\\w\\s]+|\\s+"),
                                          QRegularExpression::UseUnicodePropertiesOption);
    QStringList out;
    for (auto it = token.globalMatch(text); it.hasNext();)
        out << it.next().captured();
    return out;
}

/// The words of an ADF node, paragraphs and list items on lines of their own.
void collectText(const QJsonObject &node, QString *out)
{
    const QString type = node.value(QStringLiteral("type")).toString();
    if (type == QStringLiteral("text")) {
        *out += node.value(QStringLiteral("text")).toString();
        return;
    }
    if (type == QStringLiteral("hardBreak")) {
        *out += u'\n';
        return;
    }
    for (const QJsonValue &child : node.value(QStringLiteral("content")).toArray())
        collectText(child.toObject(), out);
    if (type == QStringLiteral("paragraph") || type == QStringLiteral("heading") || type == QStringLiteral("listItem"))
        *out += u'\n';
}

/// Longer texts than this are not compared word by word (the table would be too large).
constexpr qsizetype maxTokens = 3000;

} // namespace

QString readable(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return {};
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue &item : value.toArray())
            parts << readable(item);
        return parts.join(QStringLiteral(", "));
    }
    const QJsonObject object = value.toObject();
    if (object.value(QStringLiteral("type")).toString() == QStringLiteral("doc")) {
        QString text;
        collectText(object, &text);
        return text.trimmed();
    }
    for (const QString &key : {QStringLiteral("displayName"), QStringLiteral("name"), QStringLiteral("value"),
                               QStringLiteral("key"), QStringLiteral("id")}) {
        if (object.contains(key))
            return readable(object.value(key));
    }
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString wordDiffHtml(const QString &base, const QString &value)
{
    const QStringList from = tokens(base);
    const QStringList to = tokens(value);
    const auto escaped
        = [](const QString &text) { return text.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")); };
    if (from.size() > maxTokens || to.size() > maxTokens)
        return escaped(value);
    // The longest common subsequence of tokens, from the ends backwards.
    const qsizetype n = from.size();
    const qsizetype m = to.size();
    std::vector<int> lengths(size_t((n + 1) * (m + 1)), 0);
    const auto at = [&](qsizetype i, qsizetype j) -> int & { return lengths[size_t(i * (m + 1) + j)]; };
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j)
            at(i, j) = from.at(i) == to.at(j) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
    QString html;
    QString added;
    QString removed;
    const auto flush = [&] {
        if (!removed.trimmed().isEmpty()) {
            html += QStringLiteral("<del>%1</del>").arg(escaped(removed));
            if (!added.isEmpty() && !added.front().isSpace())
                html += u' '; // the words that go and those that come read apart
        }
        if (!added.isEmpty())
            html += added.trimmed().isEmpty() ? escaped(added) : QStringLiteral("<ins>%1</ins>").arg(escaped(added));
        added.clear();
        removed.clear();
    };
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && from.at(i) == to.at(j)) {
            flush();
            html += escaped(to.at(j));
            ++i;
            ++j;
        } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
            added += to.at(j++);
        } else {
            removed += from.at(i++);
        }
    }
    flush();
    return html;
}

} // namespace ferry::conflictdiff
