#pragma once

#include <QSettings>
#include <QString>
#include <QVariant>

namespace ferry {

/// A settings key with its type and default, so that every read and write of one setting
/// agrees on both. Declare keys once, next to the code that owns them:
///
///     inline const SettingKey<bool> followLogTail{u"log/followTail", true};
///     const bool follow = followLogTail.read(settings);
template <typename T> struct SettingKey {
    QStringView name;
    T defaultValue{};

    T read(const QSettings &settings) const
    {
        const QVariant value = settings.value(name.toString());
        return value.isValid() && value.canConvert<T>() ? value.value<T>() : defaultValue;
    }

    void write(QSettings &settings, const T &value) const
    {
        settings.setValue(name.toString(), QVariant::fromValue(value));
    }
};

} // namespace ferry
