#pragma once

#include "richtext/document.h"

namespace ferry::richtext {

/// Writes the tree as Jira wiki markup. What wiki markup cannot say is reported: blocks
/// without an equivalent travel inside a {noformat} block that carries their ADF (and
/// parseWiki() turns back into the same node); inline ones become readable text.
QString writeWiki(const Node &doc, QList<Degradation> *degradations, const Identities &identities = {});

/// Parses Jira wiki markup into the tree. Never fails: what is not markup is text.
Node parseWiki(const QString &wiki, QList<Degradation> *degradations, const Identities &identities = {});

/// The first line of a {noformat} block that carries an ADF node wiki markup cannot express.
inline constexpr QStringView adfCarrier = u"ferry-adf:";

} // namespace ferry::richtext
