#pragma once

#include <QString>

namespace ferry {

/// A site's or a pair's name: letters, digits, '.', '_' and '-', 64 at most, starting with a
/// letter or digit. Names reach file paths, keychain accounts and mail headers, so a name from
/// anywhere (the admin, a configuration file, a partner's handshake) must pass this first.
bool isValidName(const QString &name);
/// What isValidName() wants, in the admin's words.
QString validNameRule();

/// A pair's id: a UUID in its canonical form (lower-case hex, no braces), as Ferry makes them.
/// Ids reach file paths, mail headers and IMAP commands, so one from a partner must pass this.
bool isValidPairId(const QString &id);

} // namespace ferry
