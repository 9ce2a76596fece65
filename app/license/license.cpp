#include "license/license.h"

#include "core/thismachine.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QUrl>

#include <sodium.h>

namespace ferry {

namespace {

const QString format = QStringLiteral("ferry-signed-1");

bool sodiumReady()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

} // namespace

QString normalisedSiteUrl(const QString &text)
{
    QUrl url(text.trimmed());
    url.setScheme(url.scheme().toLower());
    QString host = url.host().toLower();
    while (host.endsWith(u'.'))
        host.chop(1);
    url.setHost(host == QStringLiteral("localhost") ? QStringLiteral("127.0.0.1") : host);
    if ((url.scheme() == QStringLiteral("https") && url.port() == 443)
        || (url.scheme() == QStringLiteral("http") && url.port() == 80))
        url.setPort(-1);
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path);
    url.setQuery(QString());
    url.setFragment(QString());
    return url.toString();
}

QJsonObject License::toJson() const
{
    QJsonObject json{{QStringLiteral("id"), id},
                     {QStringLiteral("licensee"), licensee},
                     {QStringLiteral("kind"), kind},
                     {QStringLiteral("site"), siteUrl},
                     {QStringLiteral("deployment"), deployment},
                     {QStringLiteral("userTier"), userTier},
                     {QStringLiteral("issued"), issued.toString(Qt::ISODate)},
                     {QStringLiteral("expires"), expires.toString(Qt::ISODate)}};
    if (kind == QStringLiteral("remote"))
        json.insert(QStringLiteral("remoteEndpoints"), remoteEndpoints);
    if (trial)
        json.insert(QStringLiteral("trial"), true);
    if (!siteId.isEmpty())
        json.insert(QStringLiteral("siteId"), siteId);
    return json;
}

std::optional<License> License::fromJson(const QJsonObject &json, QString *error)
{
    License license;
    license.id = json.value(QStringLiteral("id")).toString();
    license.licensee = json.value(QStringLiteral("licensee")).toString();
    license.kind = json.value(QStringLiteral("kind")).toString();
    license.siteUrl = normalisedSiteUrl(json.value(QStringLiteral("site")).toString());
    license.deployment = json.value(QStringLiteral("deployment")).toString();
    license.userTier = json.value(QStringLiteral("userTier")).toInt();
    license.issued = QDate::fromString(json.value(QStringLiteral("issued")).toString(), Qt::ISODate);
    license.expires = QDate::fromString(json.value(QStringLiteral("expires")).toString(), Qt::ISODate);
    license.remoteEndpoints = json.value(QStringLiteral("remoteEndpoints")).toInt();
    license.trial = json.value(QStringLiteral("trial")).toBool();
    license.siteId = json.value(QStringLiteral("siteId")).toString();
    QStringList problems;
    if (license.id.isEmpty())
        problems << QStringLiteral("no id");
    if (license.kind != QStringLiteral("site") && license.kind != QStringLiteral("remote"))
        problems << QStringLiteral("kind is neither site nor remote");
    if (!QUrl(license.siteUrl).isValid() || QUrl(license.siteUrl).host().isEmpty())
        problems << QStringLiteral("no site URL");
    if (license.deployment != QStringLiteral("cloud") && license.deployment != QStringLiteral("dc"))
        problems << QStringLiteral("deployment is neither cloud nor dc");
    if (!license.issued.isValid() || !license.expires.isValid() || license.expires < license.issued)
        problems << QStringLiteral("no valid issue and expiry dates");
    if (license.kind == QStringLiteral("remote") && license.remoteEndpoints < 1)
        problems << QStringLiteral("a remote license without remote endpoints");
    if (problems.isEmpty())
        return license;
    *error = problems.join(QStringLiteral(", "));
    return std::nullopt;
}

bool License::covers(const QString &url) const
{
    return normalisedSiteUrl(url) == siteUrl;
}

QByteArray SignedDocument::toJson() const
{
    return QJsonDocument(QJsonObject{{QStringLiteral("format"), format},
                                     {QStringLiteral("payload"), QString::fromLatin1(payload.toBase64())},
                                     {QStringLiteral("signature"), QString::fromLatin1(signature.toBase64())},
                                     {QStringLiteral("signer"), QString::fromLatin1(signer.toBase64())}})
        .toJson();
}

std::optional<SignedDocument> SignedDocument::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonObject object = QJsonDocument::fromJson(json, &parseError).object();
    if (parseError.error != QJsonParseError::NoError || object.value(QStringLiteral("format")).toString() != format) {
        *error = QStringLiteral("it is not a Ferry license or answer (no \"%1\" document)").arg(format);
        return std::nullopt;
    }
    SignedDocument document;
    const auto decode = [&](const char *name) {
        return QByteArray::fromBase64(object.value(QLatin1String(name)).toString().toLatin1());
    };
    document.payload = decode("payload");
    document.signature = decode("signature");
    document.signer = decode("signer");
    if (document.payload.isEmpty() || document.signature.size() != crypto_sign_BYTES
        || document.signer.size() != crypto_sign_PUBLICKEYBYTES) {
        *error = QStringLiteral("it is not signed");
        return std::nullopt;
    }
    return document;
}

SignedDocument SignedDocument::sign(const QByteArray &payload, const QByteArray &secretKey)
{
    sodiumReady();
    SignedDocument document;
    document.payload = payload;
    document.signature.resize(crypto_sign_BYTES);
    crypto_sign_detached(reinterpret_cast<unsigned char *>(document.signature.data()), nullptr, bytes(payload),
                         quint64(payload.size()), bytes(secretKey));
    document.signer = LicenseTrust::publicKeyOf(secretKey);
    return document;
}

bool SignedDocument::signatureHolds() const
{
    return sodiumReady() && signature.size() == crypto_sign_BYTES && signer.size() == crypto_sign_PUBLICKEYBYTES
        && crypto_sign_verify_detached(bytes(signature), bytes(payload), quint64(payload.size()), bytes(signer)) == 0;
}

QByteArray Delegation::payloadFor(const QByteArray &key, const QString &licensee, const QDate &validUntil)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("delegation")},
                                     {QStringLiteral("key"), QString::fromLatin1(key.toBase64())},
                                     {QStringLiteral("licensee"), licensee},
                                     {QStringLiteral("validUntil"), validUntil.toString(Qt::ISODate)}})
        .toJson(QJsonDocument::Compact);
}

std::optional<Delegation> Delegation::verify(const QByteArray &document, const QByteArray &vendorKey,
                                             const QDate &today, QString *why)
{
    const std::optional<SignedDocument> signedDocument = SignedDocument::fromJson(document, why);
    if (!signedDocument)
        return std::nullopt;
    if (!signedDocument->signatureHolds()) {
        *why = QStringLiteral("its signature does not match its content: it was altered after it was signed");
        return std::nullopt;
    }
    const bool byVendor = signedDocument->signer == vendorKey;
    if (!byVendor && signedDocument->signer != LicenseTrust::sandboxKey()) {
        *why = QStringLiteral("it is not signed by Ferry's vendor: only the vendor delegates license keys");
        return std::nullopt;
    }
    const QJsonObject payload = QJsonDocument::fromJson(signedDocument->payload).object();
    Delegation delegation;
    delegation.key = QByteArray::fromBase64(payload.value(QStringLiteral("key")).toString().toLatin1());
    delegation.licensee = payload.value(QStringLiteral("licensee")).toString();
    delegation.validUntil = QDate::fromString(payload.value(QStringLiteral("validUntil")).toString(), Qt::ISODate);
    delegation.thisMachineOnly = !byVendor;
    delegation.document = document;
    if (payload.value(QStringLiteral("kind")).toString() != QStringLiteral("delegation")
        || delegation.key.size() != crypto_sign_PUBLICKEYBYTES || !delegation.validUntil.isValid()) {
        *why = QStringLiteral("it is signed but is not a delegation of a license key");
        return std::nullopt;
    }
    if (today > delegation.validUntil) {
        *why = QStringLiteral("the delegation of key %1… ended on %2")
                   .arg(QString::fromLatin1(delegation.key.toBase64().left(12)),
                        delegation.validUntil.toString(Qt::ISODate));
        return std::nullopt;
    }
    return delegation;
}

LicenseTrust::LicenseTrust(QList<Delegation> delegations, QByteArray vendor)
    : m_delegations(std::move(delegations))
    , m_vendor(std::move(vendor))
{
}

QByteArray LicenseTrust::vendorKey()
{
    // The vendor's license key; its secret half is kept by the vendor's license service.
    return QByteArray::fromBase64("1Fibn6zfj58Mpqsq406IpbqE4Qvs5iBsff1wUuQ+YHE=");
}

QByteArray LicenseTrust::secretKeyFromSeed(const QByteArray &seed)
{
    sodiumReady();
    QByteArray publicKey(crypto_sign_PUBLICKEYBYTES, Qt::Uninitialized);
    QByteArray secretKey(crypto_sign_SECRETKEYBYTES, Qt::Uninitialized);
    crypto_sign_seed_keypair(reinterpret_cast<unsigned char *>(publicKey.data()),
                             reinterpret_cast<unsigned char *>(secretKey.data()), bytes(seed));
    return secretKey;
}

QByteArray LicenseTrust::publicKeyOf(const QByteArray &secretKey)
{
    // An Ed25519 secret key in libsodium's form ends with its public key.
    return secretKey.right(crypto_sign_PUBLICKEYBYTES);
}

QByteArray LicenseTrust::sandboxSecretKey()
{
    return secretKeyFromSeed(
        QCryptographicHash::hash("ferry-sandbox-license-key, for sandboxes only", QCryptographicHash::Sha256));
}

QByteArray LicenseTrust::sandboxKey()
{
    return publicKeyOf(sandboxSecretKey());
}

bool LicenseTrust::believes(const QByteArray &signer, const QString &siteUrl, QString *why) const
{
    if (signer == m_vendor)
        return true;
    for (const Delegation &delegation : m_delegations) {
        if (delegation.key != signer)
            continue;
        if (!delegation.thisMachineOnly || isThisMachine(QUrl(siteUrl)))
            return true;
        *why = QStringLiteral("it is signed by a key the sandbox delegated, which vouches only for sites on this "
                              "machine, not for %1")
                   .arg(siteUrl);
        return false;
    }
    if (signer == sandboxKey()) {
        if (isThisMachine(QUrl(siteUrl)))
            return true;
        *why = QStringLiteral("it is signed by the sandbox's key, which vouches only for sites on this machine, "
                              "not for %1")
                   .arg(siteUrl);
        return false;
    }
    *why = QStringLiteral("it is signed by a key Ferry does not trust (%1…); if your organisation runs its own "
                          "license service, add the delegation the vendor signed for its key with ferry-cli license "
                          "trust FILE")
               .arg(QString::fromLatin1(signer.toBase64().left(12)));
    return false;
}

QString LicenseCheck::statusText() const
{
    switch (status) {
    case Status::Valid:
        return QStringLiteral("valid");
    case Status::Malformed:
        return QStringLiteral("unreadable");
    case Status::Tampered:
        return QStringLiteral("tampered");
    case Status::UnknownSigner:
        return QStringLiteral("untrusted signer");
    case Status::NotYetValid:
        return QStringLiteral("not yet valid");
    case Status::Expired:
        return QStringLiteral("expired");
    }
    return {};
}

LicenseCheck verifyLicense(const QByteArray &file, const LicenseTrust &trust, const QDate &today)
{
    LicenseCheck check;
    const std::optional<SignedDocument> document = SignedDocument::fromJson(file, &check.why);
    if (!document)
        return check;
    check.document = *document;
    // The signature first: nothing of an unsigned or altered payload is believed, not even its site.
    if (!document->signatureHolds()) {
        check.status = LicenseCheck::Status::Tampered;
        check.why = QStringLiteral("its signature does not match its content: it was altered after it was signed");
        return check;
    }
    QString error;
    const QJsonObject json = QJsonDocument::fromJson(document->payload).object();
    check.license = License::fromJson(json, &error);
    if (!check.license) {
        check.why = QStringLiteral("it is signed but says nothing usable: %1").arg(error);
        return check;
    }
    if (!trust.believes(document->signer, check.license->siteUrl, &check.why)) {
        check.status = LicenseCheck::Status::UnknownSigner;
        return check;
    }
    if (today < check.license->issued) {
        check.status = LicenseCheck::Status::NotYetValid;
        check.why = QStringLiteral("it is valid from %1").arg(check.license->issued.toString(Qt::ISODate));
        return check;
    }
    if (today > check.license->expires) {
        check.status = LicenseCheck::Status::Expired;
        check.why = QStringLiteral("it expired on %1").arg(check.license->expires.toString(Qt::ISODate));
        return check;
    }
    check.status = LicenseCheck::Status::Valid;
    return check;
}

} // namespace ferry
