#pragma once

#include <QColor>

namespace ferry {

/// Mid-tone colours that stay readable on light and dark palettes alike, for what needs an
/// admin's attention.
inline QColor errorColour()
{
    return QColor(0xe0, 0x40, 0x40);
}

inline QColor warningColour()
{
    return QColor(0xd0, 0x8a, 0x00);
}

} // namespace ferry
