#include "core/names.h"

#include <QRegularExpression>
#include <QUuid>

namespace ferry {

bool isValidName(const QString &name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return valid.match(name).hasMatch();
}

QString validNameRule()
{
    return QStringLiteral("letters, digits, '.', '_' and '-' (64 at most), starting with a letter or digit");
}

bool isValidPairId(const QString &id)
{
    const QUuid uuid = QUuid::fromString(id);
    return !uuid.isNull() && uuid.toString(QUuid::WithoutBraces) == id;
}

} // namespace ferry
