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

bool MailAccounts::save(const QString &name, const QJsonObject &settings, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("INSERT INTO mail_accounts (name, settings, updated) VALUES (?, ?, ?) "
                                 "ON CONFLICT (name) DO UPDATE SET settings = excluded.settings, "
                                 "updated = excluded.updated"));
    return run(query, {name, compactJson(settings), now()}, error);
}

std::optional<MailAccounts::Account> MailAccounts::byName(const QString &name, QString *error)
{
    error->clear();
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT name, settings, uid_validity, last_uid FROM mail_accounts WHERE name = ?"));
    if (!run(query, {name}, error) || !query.next())
        return std::nullopt;
    return fromRow(query);
}

std::optional<QList<MailAccounts::Account>> MailAccounts::all(QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT name, settings, uid_validity, last_uid FROM mail_accounts ORDER BY name"));
    if (!run(query, {}, error))
        return std::nullopt;
    QList<Account> accounts;
    while (query.next())
        accounts << fromRow(query);
    return accounts;
}

bool MailAccounts::setSeen(const QString &name, qint64 uidValidity, qint64 lastUid, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(
        QStringLiteral("UPDATE mail_accounts SET uid_validity = ?, last_uid = ?, updated = ? WHERE name = ?"));
    return run(query, {uidValidity, lastUid, now(), name}, error);
}

bool MailAccounts::remove(const QString &name, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("DELETE FROM mail_accounts WHERE name = ?"));
    return run(query, {name}, error);
}

} // namespace ferry
