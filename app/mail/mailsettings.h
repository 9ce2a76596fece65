#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace ferry {

/// One mail server as an admin gives it: "smtps://host:465" (TLS from the start) or
/// "smtp://host:587" (STARTTLS, required), "imaps://host:993" or "imap://host:143" (STARTTLS).
/// There is no unencrypted mode: a password never crosses the network in the clear.
struct MailServer {
    QString host;
    int port = 0;
    bool implicitTls = true; ///< TLS from the first byte; otherwise STARTTLS, which must succeed
    QString user;
    QString passwordRef = QStringLiteral("keychain"); ///< a SecretRef: keychain, env:NAME, file:PATH

    /// protocol is "smtp" or "imap".
    static std::optional<MailServer> fromUrl(const QString &url, const QString &protocol, QString *error);
    QString url(const QString &protocol) const;
    QString address() const { return QStringLiteral("%1:%2").arg(host).arg(port); }
};

/// How one console of a pair in e-mail mode sends its bundles (SMTP, to the partner's address)
/// and receives the partner's (IMAP, from its own mailbox). Kept per pair name in the state
/// store; the passwords stay where their references point.
struct MailSettings {
    MailServer smtp;
    MailServer imap;
    QString from; ///< this console's address; its mailbox is the IMAP one
    QString to; ///< the partner console's address
    QString folder = QStringLiteral("INBOX"); ///< where the partner's messages arrive
    QString processedFolder = QStringLiteral("Ferry"); ///< where they go once read (created when missing)
    qint64 maxMessageBytes = 10 * 1024 * 1024; ///< a larger bundle is split across messages
    QString caFile; ///< extra certificate authorities to trust (an internal CA), PEM; empty: the system's
    int interval = 300; ///< seconds between exchanges while the pair runs

    QJsonObject toJson() const;
    static std::optional<MailSettings> fromJson(const QJsonObject &json, QString *error);
    /// What is wrong with these settings, one line each; empty when they can be used.
    QStringList problems() const;
};

} // namespace ferry
