#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace ferry::test {

/// Real mail servers from Debian's packages for the e-mail tests: a private Postfix (SMTP on
/// loopback with STARTTLS and SASL login) delivering into Maildirs, and a private Dovecot serving
/// them over IMAPS, both configured in a temporary folder on free high ports, with a certificate
/// made for the test. Mailboxes: a@ferry.test and b@ferry.test (passwords secret-a, secret-b);
/// mail to gone@ferry.test is taken, then bounced (its delivery fails).
/// Nothing of the system's mail configuration is read or changed. Both servers start as root
/// and drop to their own users, so the tests that use them need root (CI runs as root).
class MailServers {
public:
    MailServers();
    ~MailServers();

    /// Starts both; false with why.
    bool start(QString *error);
    void stop();
    /// Stops SMTP only (a server down for a while), and starts it again.
    bool stopSmtp(QString *error);
    bool startSmtp(QString *error);

    QString smtpUrl() const; ///< smtp://127.0.0.1:PORT (STARTTLS)
    QString smtpsUrl() const; ///< smtps://127.0.0.1:PORT
    QString imapsUrl() const;
    QString caFile() const; ///< the test certificate, self-signed
    static QString password(const QString &address); ///< of a@ferry.test or b@ferry.test

    /// Puts a message straight into a mailbox's INBOX, as a delivery would (a duplicate, a stranger's).
    bool deliver(const QString &address, const QByteArray &message, QString *error);
    /// The messages of a mailbox's folder, as files (folder "INBOX" or a folder's name).
    QStringList messages(const QString &address, const QString &folder = QStringLiteral("INBOX")) const;
    /// Restarts IMAP advertising no MOVE (RFC 6851), as older servers do.
    bool withoutImapMove(QString *error);
    /// Refuses messages larger than bytes from now on (message_size_limit).
    bool setMessageSizeLimit(qint64 bytes, QString *error);

    /// Why a test that needs these servers cannot run here; empty when it can.
    static QString unavailable();

private:
    bool writeConfiguration(QString *error);
    bool startImap(QString *error);
    bool postfix(const QString &command, QString *error);
    QString mailbox(const QString &address) const;

    QTemporaryDir m_dir;
    QProcess m_dovecot;
    int m_smtpPort = 0;
    int m_smtpsPort = 0;
    int m_imapsPort = 0;
    qint64 m_sizeLimit = 50 * 1024 * 1024;
    bool m_postfixRunning = false;
};

} // namespace ferry::test
