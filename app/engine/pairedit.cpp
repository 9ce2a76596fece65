#include "engine/pairedit.h"

#include "store/exchangerepository.h"
#include "store/pairrepository.h"
#include "store/statestore.h"

namespace ferry {

Result<ConfigChange> changePairConfig(StateStore &store, PairConfig config)
{
    if (const QList<PairConfig::Problem> problems = config.problems(); !problems.isEmpty())
        return Error(QStringLiteral("%1 problem(s); nothing was stored: %2")
                         .arg(problems.size())
                         .arg(PairConfig::describe(problems)));
    int version = 0;
    const Result<PairConfig> current = PairRepository(store).get(config.name, &version);
    if (!current)
        return current.error();
    if (!config.pairsSameProjects(current->a, current->b))
        return Error(
            QStringLiteral("the sites and projects of a pair stay as they are; make a new pair to pair others"));
    const Result<std::optional<ExchangeRepository::Exchange>> exchange = ExchangeRepository(store).byName(config.name);
    if (!exchange)
        return exchange.error();
    if (!*exchange) {
        if (auto updated = PairRepository(store).update(config); !updated)
            return updated.error();
        return ConfigChange{ConfigChange::Kind::Saved, version + 1};
    }
    if ((*exchange)->role != QStringLiteral("primary"))
        return Error(QStringLiteral("this console is the secondary of pair %1; its configuration is published by the "
                                    "primary console")
                         .arg(config.name));
    const QJsonObject proposal{{QStringLiteral("version"), version + 1}, {QStringLiteral("config"), config.toJson()}};
    if (auto published = store.transaction([&](QSqlDatabase &db) {
            return ExchangeRepository(store).setProposal(db, (*exchange)->id, proposal, QStringLiteral("published"));
        });
        !published)
        return published.error();
    return ConfigChange{ConfigChange::Kind::Published, version + 1};
}

Result<int> answerOfferedConfig(StateStore &store, const QString &pair, bool accept)
{
    const Result<std::optional<ExchangeRepository::Exchange>> stored = ExchangeRepository(store).byName(pair);
    if (!stored)
        return stored.error();
    if (!*stored)
        return Error(QStringLiteral("no pair named %1 is exchanged by bundles on this console").arg(pair));
    const ExchangeRepository::Exchange &exchange = **stored;
    if (exchange.proposalState != QStringLiteral("offered"))
        return Error(QStringLiteral("no new configuration of pair %1 waits for an answer here").arg(pair));
    if (accept) {
        // The primary publishes; it never moves this console's pair to other sites or projects.
        PairConfig config;
        QList<PairConfig::Problem> problems;
        int version = 0;
        const Result<PairConfig> current = PairRepository(store).get(exchange.name, &version);
        if (!current)
            return current.error();
        if (!PairConfig::fromJson(exchange.proposal.value(QStringLiteral("config")).toObject(), &config, &problems))
            return Error(
                QStringLiteral("the configuration offered is not valid: %1").arg(PairConfig::describe(problems)));
        if (!config.pairsSameProjects(current->a, current->b))
            return Error(QStringLiteral("the configuration offered pairs other sites or projects (%1:%2 <-> %3:%4) "
                                        "than this pair does; it is not taken: decline it, and ask the other admin")
                             .arg(config.a.site, config.a.project, config.b.site, config.b.project));
        config.name = exchange.name;
        if (auto updated = PairRepository(store).update(config); !updated)
            return updated.error();
    }
    if (auto answered = store.transaction([&](QSqlDatabase &db) {
            return ExchangeRepository(store).setProposal(
                db, exchange.id, exchange.proposal, accept ? QStringLiteral("accepted") : QStringLiteral("declined"));
        });
        !answered)
        return answered.error();
    return exchange.proposal.value(QStringLiteral("version")).toInt();
}

} // namespace ferry
