#pragma once

#include <QJsonValue>
#include <QString>

namespace ferry {

/// How the conflict viewer shows values: readable text for any field value (rich text as its
/// words, users and options by name, lists joined), and one side's text beside the value both
/// sides agreed on, word by word.
namespace conflictdiff {

/// A field value as a person reads it.
QString readable(const QJsonValue &value);
/// value as HTML, its words that base lacks marked <ins>, the words of base it lacks shown
/// struck through in <del>; compared word by word (the longest common run of words).
QString wordDiffHtml(const QString &base, const QString &value);

} // namespace conflictdiff

} // namespace ferry
