#pragma once

#include <QString>

QT_FORWARD_DECLARE_CLASS(QLayout)
QT_FORWARD_DECLARE_CLASS(QWidget)

namespace ferry {

/// Lays owner out as a scroll area holding what layout holds: a page taller than a 768-pixel
/// screen leaves scrolls instead of growing its window past the screen.
void scrollInside(QWidget *owner, QLayout *layout, const QString &objectName);

} // namespace ferry
