#include "core/side.h"

#include <QDebug>

namespace ferry {

QString sideName(Side side)
{
    return side == Side::A ? QStringLiteral("a") : QStringLiteral("b");
}

std::optional<Side> sideNamed(QStringView name)
{
    if (name == u"a")
        return Side::A;
    if (name == u"b")
        return Side::B;
    return std::nullopt;
}

QString sideLetter(Side side)
{
    return side == Side::A ? QStringLiteral("A") : QStringLiteral("B");
}

QDebug operator<<(QDebug debug, Side side)
{
    return debug << sideLetter(side);
}

} // namespace ferry
