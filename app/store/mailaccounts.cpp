#include "store/mailaccounts.h"

#include "store/sqlhelpers.h"
#include "store/statestore.h"

namespace ferry {

using namespace sql;

namespace {
MailAccounts::Account fromRow(const QSqlQuery &query)
{
    return {query.value(0).toString(), QJsonDocument::fromJson(query.value(1).toByteArray()).object(),
            query.value(2).toLongLong(), query.value(3).toLongLong()};
}
} // namespace

MailAccounts::MailAccounts(StateStore &store)
    : m_store(store)
{
}

Result<void> MailAccounts::save(const QString &name, const QJsonObject &settings)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("INSERT INTO mail_accounts (name, settings, updated) VALUES (?, ?, ?) "
                                 "ON CONFLICT (name) DO UPDATE SET settings = excluded.settings, "
                                 "updated = excluded.updated"));
    return run(query, {name, compactJson(settings), now()});
}

Result<std::optional<MailAccounts::Account>> MailAccounts::byName(const QString &name)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT name, settings, uid_validity, last_uid FROM mail_accounts WHERE name = ?"));
    if (auto ran = run(query, {name}); !ran)
        return ran.error();
    if (!query.next())
        return std::optional<Account>();
    return std::optional(fromRow(query));
}

Result<QList<MailAccounts::Account>> MailAccounts::all()
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT name, settings, uid_validity, last_uid FROM mail_accounts ORDER BY name"));
    if (auto ran = run(query, {}); !ran)
        return ran.error();
    QList<Account> accounts;
    while (query.next())
        accounts << fromRow(query);
    return accounts;
}

Result<void> MailAccounts::setSeen(const QString &name, qint64 uidValidity, qint64 lastUid)
{
    QSqlQuery query(m_store.database());
    query.prepare(
        QStringLiteral("UPDATE mail_accounts SET uid_validity = ?, last_uid = ?, updated = ? WHERE name = ?"));
    return run(query, {uidValidity, lastUid, now(), name});
}

Result<void> MailAccounts::remove(const QString &name)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("DELETE FROM mail_accounts WHERE name = ?"));
    return run(query, {name});
}

} // namespace ferry
