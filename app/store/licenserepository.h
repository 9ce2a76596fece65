#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace ferry {

class StateStore;

/// The installed licenses (as signed files, re-verified whenever they are used), the license
/// service's last verdict on each, the signing keys an admin added, and installation settings.
class LicenseRepository {
public:
    struct Installed {
        QString id;
        QByteArray document;
        QDateTime installed;
    };
    struct Verdict {
        QString licenseId;
        QString status; ///< "valid", "revoked", "unknown"
        QDateTime checked; ///< when the service said so (its time stamp)
        QDateTime lastValid; ///< the last time it said "valid"; invalid when it never did
        QByteArray document; ///< the signed verdict
        QByteArray validDocument; ///< the last signed verdict that said "valid"; empty when none did
    };

    explicit LicenseRepository(StateStore &store);

    /// Installs a license, or replaces the one with that id.
    bool install(const QString &id, const QByteArray &document, QString *error);
    std::optional<QList<Installed>> all(QString *error);
    /// nullopt with error empty when there is none.
    std::optional<Installed> byId(const QString &id, QString *error);
    bool remove(const QString &id, QString *error);

    /// Records the service's latest verdict; a "valid" one moves lastValid on.
    bool recordVerdict(const Verdict &verdict, QString *error);
    std::optional<Verdict> verdict(const QString &licenseId, QString *error);

    struct Claim {
        QString pair;
        QString licenseId;
        QString siteUrl;
    };
    /// A running pair holds one remote endpoint of a remote license (replacing what it held).
    bool claimEndpoint(const Claim &claim, QString *error);
    bool releaseEndpoint(const QString &pair, QString *error);
    std::optional<QList<Claim>> claims(QString *error);

    /// A self-hosted license service's key, with the signed delegation that vouches for it.
    struct TrustedKey {
        QByteArray key;
        QString note;
        QByteArray delegation; ///< empty for a key added by an older Ferry without one
    };
    bool trustKey(const TrustedKey &trusted, QString *error);
    std::optional<QList<TrustedKey>> trustedKeys(QString *error);

    /// An installation setting ("license/service"); empty when unset.
    QString setting(const QString &key, QString *error);
    bool setSetting(const QString &key, const QString &value, QString *error);

private:
    StateStore &m_store;
};

} // namespace ferry
