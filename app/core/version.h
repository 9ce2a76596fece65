#pragma once

#include <QString>

namespace ferry {

/// The product version, as set by the build ("0.1.0").
QString versionString();

/// The line every executable prints for --version: "ferry-cli 0.1.0 (Qt 6.4.2)".
/// Names the Qt the program runs on, and the one it was built with when they differ.
QString versionLine(const QString &program);

/// Sets the organisation and application names that QSettings and QStandardPaths use,
/// so the console, the CLI and the sandbox share one configuration and data folder.
void setApplicationIdentity();

} // namespace ferry
