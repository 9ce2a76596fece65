#pragma once

#include <QString>

#include "core/result.h"

namespace ferry {

/// Creates the state folder path (and its parents) if missing and makes it the owner's alone
/// (0700), whatever the umask.
Result<void> makeStateFolder(const QString &path);

/// Creates an empty file readable and writable by its owner only (0600), unless something is
/// there already; never through a symbolic link.
Result<void> createPrivateFile(const QString &path);

/// Makes every folder below root (root included) 0700 and every file 0600 where they were
/// looser; symbolic links are never followed. Returns the paths it tightened.
QStringList tightenToOwner(const QString &root);

/// Whether other local users may enter or read the folder at path.
bool isOpenToOthers(const QString &path);

} // namespace ferry
