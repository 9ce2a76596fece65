#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace QKeychain {
class Job;
}

namespace ferry {

class SecretRedactor;

/// Where a secret lives. Secrets never go into settings, the database or a log; a site
/// configuration stores only this reference:
///   "keychain"   the OS keychain (Secret Service, Keychain, Credential Manager), under the site's name;
///   "env:NAME"   the environment variable NAME (headless runs);
///   "file:PATH"  the first line of the file PATH (headless runs; keep it readable by the owner only).
struct SecretRef {
    enum class Kind { Keychain, Environment, File };
    Kind kind = Kind::Keychain;
    QString value; ///< variable name or file path

    /// Parses a reference; returns false with a reason for anything else.
    static bool parse(const QString &text, SecretRef *ref, QString *error);
    QString toString() const;
};

/// Reads and writes secrets. Keychain operations are asynchronous (QtKeychain); callbacks
/// run on the thread that made the request. There is no plain-text fallback: without a
/// keychain, storing fails with a clear message.
class SecretStore : public QObject {
    Q_OBJECT
public:
    using ReadCallback = std::function<void(const QString &secret, const QString &error)>;
    using WriteCallback = std::function<void(const QString &error)>;

    /// service names the keychain entries ("ferry"); tests use their own.
    explicit SecretStore(const QString &service = QStringLiteral("ferry"), QObject *parent = nullptr);

    /// Every secret read is registered with the redactor, so that it never reaches a log.
    void setRedactor(SecretRedactor *redactor) { m_redactor = redactor; }

    /// Reads the secret of account (a site name) from where ref points.
    void read(const SecretRef &ref, const QString &account, const QString &user, ReadCallback done);
    /// Stores a secret in the keychain under account.
    void storeInKeychain(const QString &account, const QString &secret, WriteCallback done);
    void removeFromKeychain(const QString &account, WriteCallback done);

private:
    /// What a keychain job ended with: its error, that error in words, and the text it read.
    struct KeychainOutcome {
        int error = 0; ///< QKeychain::Error
        QString problem;
        QString text;
    };
    /// Runs the job make() creates on the application's thread; done gets its outcome on this one.
    void runJob(const std::function<QKeychain::Job *()> &make,
                const std::function<void(const KeychainOutcome &)> &done);
    void remember(const QString &secret, const QString &user) const;

    QString m_service;
    SecretRedactor *m_redactor = nullptr;
};

} // namespace ferry
