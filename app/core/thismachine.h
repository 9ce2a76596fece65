#pragma once

#include <QString>
#include <QUrl>

namespace ferry {

/// Whether url's host is this machine: "localhost" or a loopback address (127.0.0.0/8, ::1),
/// read as an address after parsing, never by how its text starts ("127.evil.example" is not).
bool isThisMachine(const QUrl &url);

/// Plain http carries credentials in clear, so Ferry speaks it to this machine only: empty when
/// url may be used, else the admin's sentence. No option turns this off (docs/security.md).
QString plainHttpProblem(const QUrl &url);

} // namespace ferry
