#pragma once

#include <QByteArray>
#include <QString>

#include "core/result.h"

#include <optional>

namespace ferry {

/// The public half of one side's bundle keys: Ed25519 to check what it signs, X25519 to seal
/// bundles for it. Both travel in the handshake; an admin compares fingerprints by phone.
struct BundlePublicKeys {
    QByteArray sign; ///< 32 bytes
    QByteArray box; ///< 32 bytes

    bool isValid() const;
    /// "sign.box", each in base64url, as the handshake and the state keep them.
    QString toText() const;
    static Result<BundlePublicKeys> fromText(const QString &text);
    /// Twenty hex digits in groups of four, the same on both consoles: what admins compare.
    QString fingerprint() const;
    /// The fingerprint of keys in their text form; empty when the text is none.
    static QString fingerprintOf(const QString &text);
    bool operator==(const BundlePublicKeys &) const = default;
};

/// One side's bundle keys of one pair, generated on that side; the secret half never leaves
/// it (the keychain, or a file:/env: reference headless).
class BundleKeyPair {
public:
    /// Fresh keys from the system's random source.
    static BundleKeyPair generate();
    /// The secret half as stored (base64url); fails with why when it is not one.
    static Result<BundleKeyPair> fromSecret(const QString &secret);

    QString toSecret() const;
    const BundlePublicKeys &publicKeys() const { return m_public; }
    const QByteArray &signSecret() const { return m_signSecret; } ///< 64 bytes
    const QByteArray &boxSecret() const { return m_boxSecret; } ///< 32 bytes

private:
    BundlePublicKeys m_public;
    QByteArray m_signSecret;
    QByteArray m_boxSecret;
};

/// libsodium is started once before any use (thread-safe, idempotent); false when it cannot be.
bool initSodium();

/// Key material as the bundles and the state write it: base64url without padding.
QString keyText(const QByteArray &bytes);
/// The bytes of keyText; empty when it is not that, or not size bytes long.
QByteArray keyBytes(const QString &text, qsizetype size);

} // namespace ferry
