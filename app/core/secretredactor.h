#pragma once

#include <QReadWriteLock>
#include <QString>
#include <QStringList>

namespace ferry {

/// Removes credentials from text before it is kept anywhere (log buffer, log file, stderr).
///
/// It masks, in this order:
///  - every secret registered with addSecret(), as written, percent-encoded, and as the
///    base64 of "user:secret" that HTTP Basic auth sends;
///  - the value of Authorization and Proxy-Authorization headers, whatever the scheme;
///  - "Basic <base64 of user:password>" and "Bearer <token>" wherever they stand;
///  - the value after keys such as password, secret, token, api_token, pat, access_token
///    ("key=value", "key: value", "\"key\": \"value\"");
///  - Atlassian Cloud API tokens (ATATT…);
///  - any base64 run that decodes to "user:password".
/// Safe to use from any thread.
class SecretRedactor {
public:
    static constexpr QStringView mask = u"[redacted]";
    /// Shorter secrets are not masked literally: they would mask ordinary words.
    static constexpr qsizetype minimumLiteralLength = 6;

    /// Registers a secret this process uses, with the user name it authenticates.
    void addSecret(const QString &secret, const QString &user = QString());

    QString redact(const QString &text) const;

private:
    mutable QReadWriteLock m_lock;
    QStringList m_literals;
};

} // namespace ferry
