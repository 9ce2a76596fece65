#pragma once

#include "mail/mailclient.h"
#include "transport/bundleexchange.h"

#include <QString>

#include <functional>
#include <optional>

namespace ferry {

class SecretStore;
class StateStore;

/// E-mail mode: bundles travel as attachments. Each bundle file becomes one message to the
/// partner's address, or several when it is larger than the settings allow (parts of at most
/// maxMessageBytes, put together again on the other side); its Message-ID derives from the file's
/// content, so a message sent twice is recognisable as the same one. The partner's messages are
/// read from this console's own mailbox: only messages newer than the last one looked at (the
/// folder's UIDVALIDITY and the last UID are kept in the state store), and of those only the ones
/// for this pair; a message that is not Ferry's is left where it is and logged once. A bundle that
/// was read (imported, or imported before) has its message moved to the processed folder; one that
/// was rejected stays, flagged, with the reason in the log.
class MailExchange {
public:
    /// name is the pair's name on this console, under which its mail settings are kept.
    MailExchange(StateStore &store, const QString &name, const MailSettings &settings, MailClient &client);

    static constexpr const char *bundleType = "application/vnd.ferry.bundle";

    /// Sends one bundle file (a handshake, an answer or changes) to the partner.
    Result<void> sendFile(const QString &path);

    /// One automatic exchange: the partner's new messages are read and their bundles imported;
    /// then what waits to go (bundles a failed send left behind, then news) is sent. When the
    /// mail servers cannot be reached, what was to go waits in the state folder and goes next time.
    BundleExchange::Run exchange(BundleExchange &bundles);

    /// The newest handshake in the mailbox that opens with code, saved to a file in the state
    /// folder (its message then moves to the processed folder); fails with why when none does.
    Result<QString> takeHandshake(const QString &code);
    /// A bundle taken from the mailbox: its file, and its message, which stays in the inbox until
    /// settle() says whether the bundle proved itself.
    struct Taken {
        QString file;
        qint64 uid = 0;
    };
    /// The answer to this console's handshake of pair id, saved to a file; empty when none has
    /// come. Settle it once it was verified.
    Result<std::optional<Taken>> takeAnswer(const QString &pairId);
    /// Moves an accepted answer's message to the processed folder; a refused one stays, flagged.
    /// The file goes either way.
    void settle(const Taken &taken, bool accepted);

    /// Parts of a bundle are kept this long for the others to arrive.
    static constexpr int partsKeptDays = 7;
    /// Messages without this pair's headers are read only this large (to tell a bounce).
    static constexpr qint64 maxBounceBytes = 1 << 20;

    /// Where bundles wait to be sent.
    QString outbox() const;
    static QString outboxOf(const QString &stateDirectory, const QString &name);

private:
    struct Received {
        QString file; ///< a whole bundle, assembled when it came in parts; empty while parts are missing
        QString why; ///< why the message carries no usable bundle
    };
    /// A message's bundle, or its part kept until the others arrive.
    Received receive(const QByteArray &message);
    /// The messages of one kind for a pair (or any pair), newest first.
    Result<QList<qint64>> find(const QString &kind, const QString &pairId);
    bool moveToProcessed(qint64 uid);
    /// A message of this pair's, whole, when it is no larger than maxMessageBytes().
    std::optional<QByteArray> fetchOurs(qint64 uid, const MailClient::Envelope &envelope, MailFailure *failure);
    /// The largest message read from the mailbox: twice the pair's message size, 32 MB at least.
    qint64 maxMessageBytes() const;
    void expireParts();
    /// A folder of this pair's below the state folder, made when missing.
    QString folder(const QString &name) const;
    static QString folderOf(const QString &stateDirectory, const QString &name, const QString &sub);

    StateStore &m_store;
    QString m_name;
    MailSettings m_settings;
    MailClient &m_client;
};

/// Where the mail passwords of a pair are kept when their reference is "keychain": one
/// keychain entry per server, under the pair's name.
QString mailKeychainAccount(const QString &name, const QString &protocol);
/// Reads both passwords of a pair's mail settings; done gets them, or the reason they could not
/// be read. Runs on the calling thread's event loop (the keychain answers asynchronously).
void readMailPasswords(SecretStore &secrets, const QString &name, const MailSettings &settings,
                       const std::function<void(const QString &smtp, const QString &imap, const QString &error)> &done);

/// One line of a mail connection test.
struct MailCheck {
    bool passed = false;
    QString text;
};
/// Tests both servers as the pair will use them: connection, TLS, login, the folder read; with
/// sendTest, also a message to this console's own address that must arrive in that folder
/// (it is deleted once found). waitSeconds bounds how long it is waited for.
QList<MailCheck> checkMail(MailClient &client, const MailSettings &settings, bool sendTest, int waitSeconds = 60);

} // namespace ferry
