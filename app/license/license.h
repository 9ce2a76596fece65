#pragma once

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ferry {

/// What a license grants, as its issuer signed it.
struct License {
    QString id;
    QString licensee;
    QString kind; ///< "site": one Jira site; "remote": a site plus remoteEndpoints sites without Ferry
    QString siteUrl; ///< the licensed site's base URL (normalised: see normalisedSiteUrl)
    /// The licensed site's identity as Jira reports it (Cloud's cloud id, Data Center's server
    /// id); empty in licenses issued without one. Where both are known, it must match the site's.
    QString siteId;
    QString deployment; ///< "cloud" or "dc"
    int userTier = 0; ///< users of the licensed site covered
    QDate issued;
    QDate expires; ///< the last day it is valid
    int remoteEndpoints = 0;
    bool trial = false;

    QJsonObject toJson() const;
    static std::optional<License> fromJson(const QJsonObject &json, QString *error);
    bool covers(const QString &siteUrl) const;
    /// Whether it was issued for the site that reports this identity: true when either is unknown.
    bool isForSite(const QString &reportedId) const
    {
        return siteId.isEmpty() || reportedId.isEmpty() || siteId == reportedId;
    }
};

/// A site's base URL as licenses name it: scheme and host in lower case, no default port, no
/// trailing slash or trailing dot of the host, and "localhost" as 127.0.0.1 (one machine, one
/// name).
QString normalisedSiteUrl(const QString &url);

/// A signed document as it travels in a file or an answer: the exact payload bytes, the
/// Ed25519 signature over them, and the signer's public key. Signing bytes rather than a JSON
/// object leaves nothing to canonicalise: what was signed is what is read.
struct SignedDocument {
    QByteArray payload;
    QByteArray signature; ///< 64 bytes
    QByteArray signer; ///< 32 bytes

    QByteArray toJson() const;
    static std::optional<SignedDocument> fromJson(const QByteArray &json, QString *error);
    static SignedDocument sign(const QByteArray &payload, const QByteArray &secretKey);
    bool signatureHolds() const;
};

/// A self-hosted license service's key, vouched for in a document its signer signed: the vendor
/// (the key then vouches for any site) or the sandbox (for sites on this machine only). An admin
/// adds one with `ferry-cli license trust FILE`; a bare key proves nothing and is never taken.
struct Delegation {
    QByteArray key; ///< the delegated Ed25519 public key
    QString licensee;
    QDate validUntil; ///< the last day it holds
    bool thisMachineOnly = false; ///< signed by the sandbox's key
    QByteArray document; ///< the signed document, kept as it came and verified again when read

    /// The payload a signer signs for key.
    static QByteArray payloadFor(const QByteArray &key, const QString &licensee, const QDate &validUntil);
    /// Reads and verifies a delegation: signed, by vendorKey or the sandbox's key, valid today.
    static std::optional<Delegation> verify(const QByteArray &document, const QByteArray &vendorKey, const QDate &today,
                                            QString *why);
};

/// Who Ferry believes: the vendor's key, built in; keys the vendor delegated to a self-hosted
/// license service (Delegation); and the sandbox's key, believed only for sites on this machine
/// (the built-in sandboxes), as are the keys it delegated.
class LicenseTrust {
public:
    /// delegations: verified already (Delegation::verify). vendor: the built-in vendor key; unit
    /// tests name their own to sign delegations with.
    explicit LicenseTrust(QList<Delegation> delegations = {}, QByteArray vendor = vendorKey());

    static QByteArray vendorKey();
    /// The sandbox's default key pair, from a seed everyone knows: it proves nothing about
    /// real sites, which is why its licenses count only on loopback.
    static QByteArray sandboxSecretKey();
    static QByteArray sandboxKey();
    /// A key pair from a 32-byte seed (the sandbox's --license-key file holds one, hex).
    static QByteArray secretKeyFromSeed(const QByteArray &seed);
    static QByteArray publicKeyOf(const QByteArray &secretKey);

    /// Whether signer may vouch for siteUrl; why not when it may not.
    bool believes(const QByteArray &signer, const QString &siteUrl, QString *why) const;

private:
    QList<Delegation> m_delegations;
    QByteArray m_vendor;
};

/// The result of reading a license file.
struct LicenseCheck {
    enum class Status { Valid, Malformed, Tampered, UnknownSigner, NotYetValid, Expired };
    Status status = Status::Malformed;
    QString why; ///< for an admin; empty when valid
    std::optional<License> license; ///< what it says, when it could be read at all
    SignedDocument document;

    bool isValid() const { return status == Status::Valid; }
    QString statusText() const;
};

/// Verifies a license document: signature, signer, and validity on today's date. Nothing
/// unsigned, tampered or from a stranger is ever taken; the reason says which it was.
LicenseCheck verifyLicense(const QByteArray &file, const LicenseTrust &trust, const QDate &today);

} // namespace ferry
