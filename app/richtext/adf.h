#pragma once

#include "richtext/document.h"

#include <QJsonValue>

namespace ferry::richtext {

/// Reads an ADF document into the common tree. Nodes without an equivalent become Opaque
/// nodes that keep their JSON whole; marks without an equivalent are dropped and reported.
/// Returns false with a reason when json is not an ADF document.
bool readAdf(const QJsonValue &json, Node *doc, QString *error, QList<Degradation> *degradations);

/// Writes the tree as ADF that real Jira accepts: no empty text nodes, line breaks as
/// hardBreak, the code mark only with link, list items and table cells that start with a
/// paragraph.
QJsonObject writeAdf(const Node &doc);

} // namespace ferry::richtext
