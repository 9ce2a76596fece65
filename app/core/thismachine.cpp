#include "core/thismachine.h"

#include <QHostAddress>

namespace ferry {

bool isThisMachine(const QUrl &url)
{
    // QUrl keeps hosts in lower case, and IPv6 addresses without their brackets.
    const QString host = url.host();
    if (host == QStringLiteral("localhost") || host == QStringLiteral("localhost."))
        return true;
    QHostAddress address;
    return address.setAddress(host) && address.isLoopback();
}

QString plainHttpProblem(const QUrl &url)
{
    if (url.scheme().compare(QStringLiteral("http"), Qt::CaseInsensitive) != 0 || isThisMachine(url))
        return {};
    return QStringLiteral("%1 uses plain http, which would send the credentials unencrypted; Ferry speaks plain "
                          "http to this machine only (localhost, 127.0.0.0/8, ::1). Use the site's https address.")
        .arg(url.toString(QUrl::RemoveUserInfo));
}

} // namespace ferry
