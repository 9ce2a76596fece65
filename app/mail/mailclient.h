#pragma once

#include "mail/mailsettings.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>

#include <memory>
#include <optional>

namespace ferry {

/// Why a mail server did not do what was asked, in words an admin can act on.
struct MailFailure {
    enum class Kind {
        Unreachable, ///< no connection (server down, wrong host or port, firewall)
        Tls, ///< TLS failed or the certificate is not trusted
        Login, ///< wrong user or password
        RecipientRefused, ///< the address does not exist or the server will not deliver to it
        TooLarge, ///< the server does not take a message that large
        MailboxFull,
        NoFolder,
        Server, ///< anything else the server refused
    };
    Kind kind = Kind::Server;
    QString message;
};

/// Speaks SMTP and IMAP with TLS through libcurl, a library every distribution keeps patched,
/// so that no protocol or TLS code of our own talks to a mail server. Calls block (they run on a
/// pair's worker thread, never the GUI's) and reuse one connection per server. Errors come back
/// as a MailFailure that names the server, what it said and what to do.
class MailClient {
public:
    MailClient(const MailSettings &settings, const QString &smtpPassword, const QString &imapPassword);
    ~MailClient();
    MailClient(const MailClient &) = delete;
    MailClient &operator=(const MailClient &) = delete;

    struct Attachment {
        QString path; ///< read as it is sent, never whole in memory
        qint64 offset = 0;
        qint64 size = 0;
        QString fileName;
        QByteArray contentType;
    };
    struct Message {
        QString to;
        QString subject;
        QString body; ///< plain text for a human who opens it
        QByteArray messageId; ///< without the angle brackets
        QList<QPair<QByteArray, QByteArray>> headers; ///< further headers, ASCII
        std::optional<Attachment> attachment;
    };
    /// Sends one message from the settings' address.
    bool send(const Message &message, MailFailure *failure);
    /// Connects, starts TLS and logs in to the SMTP server, sending nothing.
    bool checkSmtp(MailFailure *failure);

    struct FolderState {
        qint64 uidValidity = 0;
        qint64 uidNext = 0;
        qint64 messages = 0;
    };
    std::optional<FolderState> examine(const QString &folder, MailFailure *failure);
    /// The UIDs of a folder's messages that match an IMAP search ("UID 5:*", "HEADER X-Ferry-Kind
    /// answer"), ascending.
    std::optional<QList<qint64>> search(const QString &folder, const QString &criteria, MailFailure *failure);
    /// A whole message; one larger than maxBytes is not read (TooLarge), whatever the mailbox holds.
    std::optional<QByteArray> fetch(const QString &folder, qint64 uid, qint64 maxBytes, MailFailure *failure);
    /// A message's size and its header block, read without its body: what a message is, before
    /// anything of it is taken whole.
    struct Envelope {
        qint64 size = 0;
        QByteArray header;
    };
    std::optional<Envelope> envelope(const QString &folder, qint64 uid, MailFailure *failure);
    /// Moves a message into target, which is created when missing.
    bool move(const QString &folder, qint64 uid, const QString &target, MailFailure *failure);
    bool addFlag(const QString &folder, qint64 uid, const QString &flag, MailFailure *failure);
    /// Deletes a message for good.
    bool remove(const QString &folder, qint64 uid, MailFailure *failure);

    /// An IMAP quoted string.
    static QString quoted(const QString &text);

private:
    struct Session;
    std::optional<QByteArray> imapCommand(const QString &folder, const QString &command, MailFailure *failure);

    MailSettings m_settings;
    QSet<QString> m_folderMade; ///< folders this client created, or found there
    std::optional<bool> m_canMove; ///< the IMAP server speaks MOVE; unknown until first asked
    std::unique_ptr<Session> m_smtp;
    std::unique_ptr<Session> m_imap;
};

} // namespace ferry
