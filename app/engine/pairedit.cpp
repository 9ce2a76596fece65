#include "engine/pairedit.h"

#include "store/exchangerepository.h"
#include "store/pairrepository.h"
#include "store/statestore.h"

namespace ferry {

std::optional<ConfigChange> changePairConfig(StateStore &store, PairConfig config, QString *error)
{
    if (const QList<PairConfig::Problem> problems = config.problems(); !problems.isEmpty()) {
        *error = QStringLiteral("%1 problem(s); nothing was stored: %2")
                     .arg(problems.size())
                     .arg(PairConfig::describe(problems));
        return std::nullopt;
    }
    int version = 0;
    const std::optional<PairConfig> current = PairRepository(store).get(config.name, &version, error);
    if (!current)
        return std::nullopt;
    if (!config.pairsSameProjects(current->a, current->b)) {
        *error = QStringLiteral("the sites and projects of a pair stay as they are; make a new pair to pair others");
        return std::nullopt;
    }
    const std::optional<ExchangeRepository::Exchange> exchange = ExchangeRepository(store).byName(config.name, error);
    if (!error->isEmpty())
        return std::nullopt;
    if (!exchange) {
        if (!PairRepository(store).update(config, error))
            return std::nullopt;
        return ConfigChange{ConfigChange::Kind::Saved, version + 1};
    }
    if (exchange->role != QStringLiteral("primary")) {
        *error = QStringLiteral("this console is the secondary of pair %1; its configuration is published by the "
                                "primary console")
                     .arg(config.name);
        return std::nullopt;
    }
    const QJsonObject proposal{{QStringLiteral("version"), version + 1}, {QStringLiteral("config"), config.toJson()}};
    if (!store.transaction(
            [&](QSqlDatabase &db, QString *problem) {
                return ExchangeRepository(store).setProposal(db, exchange->id, proposal, QStringLiteral("published"),
                                                             problem);
            },
            error))
        return std::nullopt;
    return ConfigChange{ConfigChange::Kind::Published, version + 1};
}

std::optional<int> answerOfferedConfig(StateStore &store, const QString &pair, bool accept, QString *error)
{
    const std::optional<ExchangeRepository::Exchange> exchange = ExchangeRepository(store).byName(pair, error);
    if (!exchange) {
        if (error->isEmpty())
            *error = QStringLiteral("no pair named %1 is exchanged by bundles on this console").arg(pair);
        return std::nullopt;
    }
    if (exchange->proposalState != QStringLiteral("offered")) {
        *error = QStringLiteral("no new configuration of pair %1 waits for an answer here").arg(pair);
        return std::nullopt;
    }
    if (accept) {
        // The primary publishes; it never moves this console's pair to other sites or projects.
        PairConfig config;
        QList<PairConfig::Problem> problems;
        int version = 0;
        const std::optional<PairConfig> current = PairRepository(store).get(exchange->name, &version, error);
        if (!current)
            return std::nullopt;
        if (!PairConfig::fromJson(exchange->proposal.value(QStringLiteral("config")).toObject(), &config, &problems)) {
            *error = QStringLiteral("the configuration offered is not valid: %1").arg(PairConfig::describe(problems));
            return std::nullopt;
        }
        if (!config.pairsSameProjects(current->a, current->b)) {
            *error = QStringLiteral("the configuration offered pairs other sites or projects (%1:%2 <-> %3:%4) than "
                                    "this pair does; it is not taken: decline it, and ask the other admin")
                         .arg(config.a.site, config.a.project, config.b.site, config.b.project);
            return std::nullopt;
        }
        config.name = exchange->name;
        if (!PairRepository(store).update(config, error))
            return std::nullopt;
    }
    if (!store.transaction(
            [&](QSqlDatabase &db, QString *problem) {
                return ExchangeRepository(store).setProposal(
                    db, exchange->id, exchange->proposal,
                    accept ? QStringLiteral("accepted") : QStringLiteral("declined"), problem);
            },
            error))
        return std::nullopt;
    return exchange->proposal.value(QStringLiteral("version")).toInt();
}

} // namespace ferry
