#include "store/pairrepository.h"

#include "store/statestore.h"

#include "store/sqlhelpers.h"

namespace ferry {

namespace {

QString noSuchPair(const QString &name)
{
    return QStringLiteral("There is no pair named '%1'; see ferry-cli pair list.").arg(name);
}

} // namespace

PairRepository::PairRepository(StateStore &store)
    : m_store(store)
{
}

Result<void> PairRepository::create(const PairConfig &config)
{
    return m_store.transaction([&](QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("INSERT INTO pairs (name, config_version, created) VALUES (?, 1, ?)"));
        if (auto ran = sql::run(query, {config.name, sql::now()}); !ran)
            return sql::explained(
                ran.error(), u"UNIQUE",
                QStringLiteral("A pair named '%1' exists already; choose another name, or remove it first.")
                    .arg(config.name));
        const qint64 id = query.lastInsertId().toLongLong();
        query.prepare(QStringLiteral("INSERT INTO pair_configs (pair_id, version, json, created) VALUES (?, 1, ?, ?)"));
        return sql::run(query, {id, sql::compactJson(config.toJson()), sql::now()});
    });
}

Result<void> PairRepository::update(const PairConfig &config)
{
    return m_store.transaction([&](QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("UPDATE pairs SET config_version = config_version + 1 WHERE name = ? "
                                     "RETURNING id, config_version"));
        query.addBindValue(config.name);
        if (!query.exec() || !query.next())
            return Error(query.lastError().isValid() ? query.lastError().text() : noSuchPair(config.name));
        const qint64 id = query.value(0).toLongLong();
        const int version = query.value(1).toInt();
        query.finish();
        query.prepare(QStringLiteral("INSERT INTO pair_configs (pair_id, version, json, created) VALUES (?, ?, ?, ?)"));
        return sql::run(query, {id, version, sql::compactJson(config.toJson()), sql::now()});
    });
}

Result<QList<PairRepository::Summary>> PairRepository::list()
{
    QSqlQuery query(m_store.database());
    if (!query.exec(QStringLiteral("SELECT p.name, p.config_version, c.json FROM pairs p JOIN pair_configs c "
                                   "ON c.pair_id = p.id AND c.version = p.config_version ORDER BY p.name")))
        return Error(query.lastError().text());
    QList<Summary> out;
    while (query.next()) {
        const QJsonObject json = QJsonDocument::fromJson(query.value(2).toByteArray()).object();
        out.append({query.value(0).toString(), query.value(1).toInt(),
                    json.value(QStringLiteral("a")).toObject().value(QStringLiteral("site")).toString(),
                    json.value(QStringLiteral("a")).toObject().value(QStringLiteral("project")).toString(),
                    json.value(QStringLiteral("b")).toObject().value(QStringLiteral("site")).toString(),
                    json.value(QStringLiteral("b")).toObject().value(QStringLiteral("project")).toString()});
    }
    return out;
}

Result<PairConfig> PairRepository::get(const QString &name, int *version)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT p.config_version, c.json FROM pairs p JOIN pair_configs c "
                                 "ON c.pair_id = p.id AND c.version = p.config_version WHERE p.name = ?"));
    query.addBindValue(name);
    if (!query.exec() || !query.next())
        return Error(query.lastError().isValid() ? query.lastError().text() : noSuchPair(name));
    PairConfig config;
    QList<PairConfig::Problem> problems;
    if (!PairConfig::fromJson(QJsonDocument::fromJson(query.value(1).toByteArray()).object(), &config, &problems))
        return Error(QStringLiteral("The stored configuration of '%1' does not read: %2 %3")
                         .arg(name, problems.first().path, problems.first().message));
    if (version)
        *version = query.value(0).toInt();
    return config;
}

Result<void> PairRepository::remove(const QString &name)
{
    return m_store.transaction([&](QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("DELETE FROM pairs WHERE name = ?"));
        if (auto ran = sql::run(query, {name}); !ran)
            return ran;
        if (query.numRowsAffected() == 0)
            return Error(noSuchPair(name));
        // What is kept under the pair's name goes with it: its mail settings, a remote endpoint.
        for (const QString &statement : {QStringLiteral("DELETE FROM mail_accounts WHERE name = ?"),
                                         QStringLiteral("DELETE FROM license_endpoints WHERE pair = ?")}) {
            query.prepare(statement);
            if (auto ran = sql::run(query, {name}); !ran)
                return ran;
        }
        return {};
    });
}

Result<qint64> PairRepository::id(const QString &name)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT id FROM pairs WHERE name = ?"));
    if (auto ran = sql::run(query, {name}); !ran)
        return ran.error();
    if (!query.next())
        return Error(noSuchPair(name));
    return query.value(0).toLongLong();
}

} // namespace ferry
