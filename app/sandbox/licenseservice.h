#pragma once

#include "sandbox/http.h"

#include <QByteArray>
#include <QHash>
#include <QSet>

namespace ferry::sandbox {

/// The sandbox's license service (/license/v1/...), speaking the protocol Ferry's license client
/// speaks with a real one: it validates licenses it issued (a signed, time-stamped verdict that
/// echoes the client's nonce) and issues 30-day trials, one per site. Tests and the demo issue and
/// revoke licenses through /sandbox/v1/licenses. It signs with the sandbox's well-known key, which
/// Ferry believes only for sites on this machine, or with a key of the admin's (--license-key).
class LicenseService {
public:
    /// secretKey: an Ed25519 secret key (libsodium form); empty: the sandbox's well-known one.
    explicit LicenseService(const QByteArray &secretKey = {});

    void registerRoutes(Router &router);
    /// Issues a license (fields as POST /sandbox/v1/licenses takes them): 201 with the signed
    /// file as the body, or 400 with why not.
    Response issue(const QJsonObject &body, bool trial = false);

private:
    Response validate(Request &request);
    Response trial(Request &request);

    QByteArray m_secretKey;
    QHash<QString, QJsonObject> m_issued; ///< by license id
    QSet<QString> m_revoked;
    QSet<QString> m_trialSites;
};

} // namespace ferry::sandbox
