#pragma once

#include <QString>

namespace ferry {

/// The folder that holds Ferry's state (sites, pairs, the database): the one set with
/// setStateDirectory() (the --state option), else $FERRY_STATE_DIR, else the platform's
/// application data folder.
QString stateDirectory();
void setStateDirectory(const QString &path);

} // namespace ferry
