#include "store/licenserepository.h"

#include "store/sqlhelpers.h"
#include "store/statestore.h"

namespace ferry {

using namespace sql;

namespace {
QDateTime fromText(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}
} // namespace

LicenseRepository::LicenseRepository(StateStore &store)
    : m_store(store)
{
}

Result<void> LicenseRepository::install(const QString &id, const QByteArray &document)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("INSERT INTO licenses (id, document, installed) VALUES (?, ?, ?) ON CONFLICT (id) "
                                 "DO UPDATE SET document = excluded.document, installed = excluded.installed"));
    return run(query, {id, document, now()});
}

Result<QList<LicenseRepository::Installed>> LicenseRepository::all()
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT id, document, installed FROM licenses ORDER BY id"));
    if (auto ran = run(query, {}); !ran)
        return ran.error();
    QList<Installed> licenses;
    while (query.next())
        licenses << Installed{query.value(0).toString(), query.value(1).toByteArray(), fromText(query.value(2))};
    return licenses;
}

Result<std::optional<LicenseRepository::Installed>> LicenseRepository::byId(const QString &id)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT id, document, installed FROM licenses WHERE id = ?"));
    if (auto ran = run(query, {id}); !ran)
        return ran.error();
    if (!query.next())
        return std::optional<Installed>();
    return std::optional(Installed{query.value(0).toString(), query.value(1).toByteArray(), fromText(query.value(2))});
}

Result<void> LicenseRepository::remove(const QString &id)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("DELETE FROM licenses WHERE id = ?"));
    return run(query, {id});
}

Result<void> LicenseRepository::recordVerdict(const Verdict &verdict)
{
    const QString checked = verdict.checked.toUTC().toString(Qt::ISODateWithMs);
    const bool valid = verdict.status == QStringLiteral("valid");
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "INSERT INTO license_verdicts (license_id, status, checked, last_valid, document, valid_document) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (license_id) DO UPDATE SET status = excluded.status, "
        "checked = excluded.checked, last_valid = COALESCE(excluded.last_valid, license_verdicts.last_valid), "
        "document = excluded.document, "
        "valid_document = COALESCE(excluded.valid_document, license_verdicts.valid_document)"));
    return run(query,
               {verdict.licenseId, verdict.status, checked, valid ? QVariant(checked) : QVariant(), verdict.document,
                valid ? QVariant(verdict.document) : QVariant()});
}

Result<std::optional<LicenseRepository::Verdict>> LicenseRepository::verdict(const QString &licenseId)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT license_id, status, checked, last_valid, document, valid_document FROM "
                                 "license_verdicts WHERE license_id = ?"));
    if (auto ran = run(query, {licenseId}); !ran)
        return ran.error();
    if (!query.next())
        return std::optional<Verdict>();
    return std::optional(Verdict{query.value(0).toString(), query.value(1).toString(), fromText(query.value(2)),
                                 fromText(query.value(3)), query.value(4).toByteArray(), query.value(5).toByteArray()});
}

Result<void> LicenseRepository::claimEndpoint(const Claim &claim)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO license_endpoints (pair, license_id, site_url, claimed) VALUES (?, ?, ?, ?)"));
    return run(query, {claim.pair, claim.licenseId, claim.siteUrl, now()});
}

Result<void> LicenseRepository::releaseEndpoint(const QString &pair)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("DELETE FROM license_endpoints WHERE pair = ?"));
    return run(query, {pair});
}

Result<QList<LicenseRepository::Claim>> LicenseRepository::claims()
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT pair, license_id, site_url FROM license_endpoints ORDER BY claimed"));
    if (auto ran = run(query, {}); !ran)
        return ran.error();
    QList<Claim> claims;
    while (query.next())
        claims << Claim{query.value(0).toString(), query.value(1).toString(), query.value(2).toString()};
    return claims;
}

Result<void> LicenseRepository::trustKey(const TrustedKey &trusted)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO trusted_license_keys (key, note, added, delegation) VALUES (?, ?, ?, ?)"));
    return run(query, {QString::fromLatin1(trusted.key.toBase64()), trusted.note, now(), trusted.delegation});
}

Result<QList<LicenseRepository::TrustedKey>> LicenseRepository::trustedKeys()
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT key, note, delegation FROM trusted_license_keys ORDER BY added"));
    if (auto ran = run(query, {}); !ran)
        return ran.error();
    QList<TrustedKey> keys;
    while (query.next())
        keys << TrustedKey{QByteArray::fromBase64(query.value(0).toString().toLatin1()), query.value(1).toString(),
                           query.value(2).toByteArray()};
    return keys;
}

Result<QString> LicenseRepository::setting(const QString &key)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    if (auto ran = run(query, {key}); !ran)
        return ran.error();
    return query.next() ? query.value(0).toString() : QString();
}

Result<void> LicenseRepository::setSetting(const QString &key, const QString &value)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)"));
    return run(query, {key, value});
}

} // namespace ferry
