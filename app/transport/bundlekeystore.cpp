#include "transport/bundlekeystore.h"

#include "jira/secrets.h"

#include <QFile>
#include <QSaveFile>

namespace ferry::bundlekeystore {

QString keychainAccount(const QString &pairId, Side side)
{
    return QStringLiteral("bundle-key:%1:%2").arg(pairId, sideName(side));
}

void keep(SecretStore &secrets, const QString &ref, const QString &pairId, Side side, const BundleKeyPair &keys,
          const std::function<void(const QString &error)> &done)
{
    SecretRef parsed;
    QString error;
    if (!SecretRef::parse(ref, &parsed, &error))
        return done(error);
    switch (parsed.kind) {
    case SecretRef::Kind::Keychain:
        return secrets.storeInKeychain(keychainAccount(pairId, side), keys.toSecret(), done);
    case SecretRef::Kind::Environment:
        return done(QStringLiteral("new bundle keys cannot be kept in an environment variable; use keychain or "
                                   "file:PATH (a variable may then hold what the file holds)"));
    case SecretRef::Kind::File: {
        if (QFile::exists(parsed.value))
            return done(
                QStringLiteral("%1 exists already; give a new file for this pair's bundle keys").arg(parsed.value));
        QSaveFile file(parsed.value);
        if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
            || file.write(keys.toSecret().toLatin1() + '\n') < 0 || !file.commit())
            return done(QStringLiteral("cannot write the bundle keys to %1: %2").arg(parsed.value, file.errorString()));
        return done({});
    }
    }
}

void read(SecretStore &secrets, const QString &ref, const QString &pairId, Side side,
          const std::function<void(const std::optional<BundleKeyPair> &keys, const QString &error)> &done)
{
    SecretRef parsed;
    QString error;
    if (!SecretRef::parse(ref, &parsed, &error))
        return done(std::nullopt, error);
    const auto answer = [done](const QString &secret, const QString &problem) {
        if (!problem.isEmpty())
            return done(std::nullopt, QStringLiteral("the pair's bundle keys cannot be read: %1").arg(problem));
        const Result<BundleKeyPair> keys = BundleKeyPair::fromSecret(secret);
        if (!keys)
            return done(std::nullopt, keys.error().message());
        done(*keys, {});
    };
    if (parsed.kind != SecretRef::Kind::Keychain)
        return secrets.read(parsed, {}, {}, answer);
    // Keys kept before the account named the side are under the pair's id alone.
    secrets.read(parsed, keychainAccount(pairId, side), {},
                 [&secrets, parsed, pairId, answer](const QString &secret, const QString &problem) {
                     if (problem.isEmpty())
                         return answer(secret, problem);
                     secrets.read(parsed, QStringLiteral("bundle-key:") + pairId, {},
                                  [problem, answer](const QString &legacy, const QString &unread) {
                                      answer(legacy, unread.isEmpty() ? QString() : problem);
                                  });
                 });
}

} // namespace ferry::bundlekeystore
