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

bool PairRepository::create(const PairConfig &config, QString *error)
{
    return m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            QSqlQuery query(db);
            query.prepare(QStringLiteral("INSERT INTO pairs (name, config_version, created) VALUES (?, 1, ?)"));
            query.addBindValue(config.name);
            query.addBindValue(sql::now());
            if (!query.exec()) {
                *problem = query.lastError().text().contains(QStringLiteral("UNIQUE"))
                    ? QStringLiteral("A pair named '%1' exists already; choose another name, or remove it first.")
                          .arg(config.name)
                    : query.lastError().text();
                return false;
            }
            const qint64 id = query.lastInsertId().toLongLong();
            query.prepare(
                QStringLiteral("INSERT INTO pair_configs (pair_id, version, json, created) VALUES (?, 1, ?, ?)"));
            query.addBindValue(id);
            query.addBindValue(sql::compactJson(config.toJson()));
            query.addBindValue(sql::now());
            if (!query.exec())
                *problem = query.lastError().text();
            return problem->isEmpty();
        },
        error);
}

bool PairRepository::update(const PairConfig &config, QString *error)
{
    return m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            QSqlQuery query(db);
            query.prepare(QStringLiteral("UPDATE pairs SET config_version = config_version + 1 WHERE name = ? "
                                         "RETURNING id, config_version"));
            query.addBindValue(config.name);
            if (!query.exec() || !query.next()) {
                *problem = query.lastError().isValid() ? query.lastError().text() : noSuchPair(config.name);
                return false;
            }
            const qint64 id = query.value(0).toLongLong();
            const int version = query.value(1).toInt();
            query.finish();
            query.prepare(
                QStringLiteral("INSERT INTO pair_configs (pair_id, version, json, created) VALUES (?, ?, ?, ?)"));
            query.addBindValue(id);
            query.addBindValue(version);
            query.addBindValue(sql::compactJson(config.toJson()));
            query.addBindValue(sql::now());
            if (!query.exec())
                *problem = query.lastError().text();
            return problem->isEmpty();
        },
        error);
}

std::optional<QList<PairRepository::Summary>> PairRepository::list(QString *error)
{
    QSqlQuery query(m_store.database());
    if (!query.exec(QStringLiteral("SELECT p.name, p.config_version, c.json FROM pairs p JOIN pair_configs c "
                                   "ON c.pair_id = p.id AND c.version = p.config_version ORDER BY p.name"))) {
        *error = query.lastError().text();
        return std::nullopt;
    }
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

std::optional<PairConfig> PairRepository::get(const QString &name, int *version, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT p.config_version, c.json FROM pairs p JOIN pair_configs c "
                                 "ON c.pair_id = p.id AND c.version = p.config_version WHERE p.name = ?"));
    query.addBindValue(name);
    if (!query.exec() || !query.next()) {
        *error = query.lastError().isValid() ? query.lastError().text() : noSuchPair(name);
        return std::nullopt;
    }
    PairConfig config;
    QList<PairConfig::Problem> problems;
    if (!PairConfig::fromJson(QJsonDocument::fromJson(query.value(1).toByteArray()).object(), &config, &problems)) {
        *error = QStringLiteral("The stored configuration of '%1' does not read: %2 %3")
                     .arg(name, problems.first().path, problems.first().message);
        return std::nullopt;
    }
    if (version)
        *version = query.value(0).toInt();
    return config;
}

bool PairRepository::remove(const QString &name, QString *error)
{
    return m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            QSqlQuery query(db);
            query.prepare(QStringLiteral("DELETE FROM pairs WHERE name = ?"));
            query.addBindValue(name);
            if (!query.exec())
                *problem = query.lastError().text();
            else if (query.numRowsAffected() == 0)
                *problem = noSuchPair(name);
            // What is kept under the pair's name goes with it: its mail settings, a remote endpoint.
            for (const QString &statement : {QStringLiteral("DELETE FROM mail_accounts WHERE name = ?"),
                                             QStringLiteral("DELETE FROM license_endpoints WHERE pair = ?")}) {
                if (!problem->isEmpty())
                    break;
                query.prepare(statement);
                query.addBindValue(name);
                if (!query.exec())
                    *problem = query.lastError().text();
            }
            return problem->isEmpty();
        },
        error);
}

std::optional<qint64> PairRepository::id(const QString &name, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT id FROM pairs WHERE name = ?"));
    if (!sql::run(query, {name}, error))
        return std::nullopt;
    if (!query.next()) {
        *error = noSuchPair(name);
        return std::nullopt;
    }
    return query.value(0).toLongLong();
}

} // namespace ferry
