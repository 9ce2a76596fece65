#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

#include "core/result.h"

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
    Result<void> install(const QString &id, const QByteArray &document);
    Result<QList<Installed>> all();
    /// Empty when there is none.
    Result<std::optional<Installed>> byId(const QString &id);
    Result<void> remove(const QString &id);

    /// Records the service's latest verdict; a "valid" one moves lastValid on.
    Result<void> recordVerdict(const Verdict &verdict);
    Result<std::optional<Verdict>> verdict(const QString &licenseId);

    struct Claim {
        QString pair;
        QString licenseId;
        QString siteUrl;
    };
    /// A running pair holds one remote endpoint of a remote license (replacing what it held).
    Result<void> claimEndpoint(const Claim &claim);
    Result<void> releaseEndpoint(const QString &pair);
    Result<QList<Claim>> claims();

    /// A self-hosted license service's key, with the signed delegation that vouches for it.
    struct TrustedKey {
        QByteArray key;
        QString note;
        QByteArray delegation; ///< empty for a key added by an older Ferry without one
    };
    Result<void> trustKey(const TrustedKey &trusted);
    Result<QList<TrustedKey>> trustedKeys();

    /// An installation setting ("license/service"); empty when unset.
    Result<QString> setting(const QString &key);
    Result<void> setSetting(const QString &key, const QString &value);

private:
    StateStore &m_store;
};

} // namespace ferry
