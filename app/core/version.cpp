#include "core/version.h"

#include <QCoreApplication>

namespace ferry {

QString versionString()
{
    return QStringLiteral(FERRY_VERSION);
}

QString versionLine(const QString &program)
{
    const QString runtimeQt = QString::fromLatin1(qVersion());
    const QString buildQt = QStringLiteral(QT_VERSION_STR);
    QString qt = QStringLiteral("Qt ") + runtimeQt;
    if (runtimeQt != buildQt)
        qt += QStringLiteral(", built with Qt ") + buildQt;
    return program + u' ' + versionString() + QStringLiteral(" (") + qt + u')';
}

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ferry"));
    QCoreApplication::setApplicationName(QStringLiteral("ferry"));
    QCoreApplication::setApplicationVersion(versionString());
}

} // namespace ferry
