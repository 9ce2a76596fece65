#pragma once

#include "core/settings.h"

#include <QByteArray>

// The console's settings keys, one place for all of them.
namespace ferry::uisettings {

inline const SettingKey<QByteArray> mainWindowGeometry{u"ui/mainWindow/geometry"};
inline const SettingKey<QByteArray> mainWindowState{u"ui/mainWindow/state"};
inline const SettingKey<QByteArray> logColumns{u"ui/log/columns"};
inline const SettingKey<bool> logFollowTail{u"ui/log/followTail", true};
inline const SettingKey<int> logMinimumLevel{u"ui/log/minimumLevel", 1};
inline const SettingKey<QString> lastLogExportFolder{u"ui/log/lastExportFolder"};

} // namespace ferry::uisettings
