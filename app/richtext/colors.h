#pragma once

#include <QString>

#include <optional>

namespace ferry::richtext {

/// A text colour as ADF holds it ("#rrggbb", lower case) from what wiki markup or ADF may say: a
/// colour name as CSS and Jira's wiki renderer know it ("red", "DarkOrange"), "#rgb" or
/// "#rrggbb"; nullopt for anything else.
std::optional<QString> textColorHex(const QString &nameOrHex);

/// How wiki markup says a colour given as "#rrggbb": its CSS name where it has one (so that
/// {color:red} comes back as written), else the hex value.
QString wikiColorName(const QString &hex);

} // namespace ferry::richtext
