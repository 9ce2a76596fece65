#include "transport/bundlekeys.h"

#include <QStringList>

#include <sodium.h>

namespace ferry {

namespace {
constexpr auto base64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
} // namespace

QString keyText(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64(base64));
}

QByteArray keyBytes(const QString &text, qsizetype size)
{
    const auto result
        = QByteArray::fromBase64Encoding(text.toLatin1(), base64 | QByteArray::AbortOnBase64DecodingErrors);
    return result && result.decoded.size() == size ? result.decoded : QByteArray();
}

bool initSodium()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

bool BundlePublicKeys::isValid() const
{
    return sign.size() == crypto_sign_PUBLICKEYBYTES && box.size() == crypto_box_PUBLICKEYBYTES;
}

QString BundlePublicKeys::toText() const
{
    return keyText(sign) + u'.' + keyText(box);
}

Result<BundlePublicKeys> BundlePublicKeys::fromText(const QString &text)
{
    const QStringList parts = text.split(u'.');
    BundlePublicKeys keys;
    if (parts.size() == 2) {
        keys.sign = keyBytes(parts.at(0), crypto_sign_PUBLICKEYBYTES);
        keys.box = keyBytes(parts.at(1), crypto_box_PUBLICKEYBYTES);
    }
    if (!keys.isValid()) {
        return Error(QStringLiteral("not a pair of bundle public keys"));
    }
    return keys;
}

QString BundlePublicKeys::fingerprint() const
{
    initSodium();
    unsigned char digest[10];
    const QByteArray both = QByteArray(sign + box);
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char *>(both.constData()),
                       quint64(both.size()), nullptr, 0);
    const QString hex = QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), sizeof digest).toHex());
    QStringList groups;
    for (qsizetype i = 0; i < hex.size(); i += 4)
        groups << hex.mid(i, 4).toUpper();
    return groups.join(u'-');
}

QString BundlePublicKeys::fingerprintOf(const QString &text)
{
    const Result<BundlePublicKeys> keys = fromText(text);
    return keys ? keys->fingerprint() : QString();
}

BundleKeyPair BundleKeyPair::generate()
{
    initSodium();
    BundleKeyPair keys;
    keys.m_public.sign.resize(crypto_sign_PUBLICKEYBYTES);
    keys.m_signSecret.resize(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(reinterpret_cast<unsigned char *>(keys.m_public.sign.data()),
                        reinterpret_cast<unsigned char *>(keys.m_signSecret.data()));
    keys.m_public.box.resize(crypto_box_PUBLICKEYBYTES);
    keys.m_boxSecret.resize(crypto_box_SECRETKEYBYTES);
    crypto_box_keypair(reinterpret_cast<unsigned char *>(keys.m_public.box.data()),
                       reinterpret_cast<unsigned char *>(keys.m_boxSecret.data()));
    return keys;
}

Result<BundleKeyPair> BundleKeyPair::fromSecret(const QString &secret)
{
    initSodium();
    const QByteArray both = keyBytes(secret.trimmed(), crypto_sign_SECRETKEYBYTES + crypto_box_SECRETKEYBYTES);
    if (both.isEmpty()) {
        return Error(QStringLiteral("the stored bundle key is not one (damaged or from elsewhere)"));
    }
    BundleKeyPair keys;
    keys.m_signSecret = both.left(crypto_sign_SECRETKEYBYTES);
    keys.m_boxSecret = both.mid(crypto_sign_SECRETKEYBYTES);
    keys.m_public.sign.resize(crypto_sign_PUBLICKEYBYTES);
    keys.m_public.box.resize(crypto_box_PUBLICKEYBYTES);
    crypto_sign_ed25519_sk_to_pk(reinterpret_cast<unsigned char *>(keys.m_public.sign.data()),
                                 reinterpret_cast<const unsigned char *>(keys.m_signSecret.constData()));
    crypto_scalarmult_base(reinterpret_cast<unsigned char *>(keys.m_public.box.data()),
                           reinterpret_cast<const unsigned char *>(keys.m_boxSecret.constData()));
    return keys;
}

QString BundleKeyPair::toSecret() const
{
    return keyText(m_signSecret + m_boxSecret);
}

} // namespace ferry
