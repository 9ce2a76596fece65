#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/pairconfig.h"
#include "core/statedir.h"
#include "engine/fieldtranslator.h"
#include "engine/syncround.h"
#include "jira/jiraclient.h"
#include "jira/site.h"
#include "store/pairrepository.h"
#include "store/statestore.h"

#include <QCommandLineParser>
#include <QNetworkAccessManager>
#include <QTimer>

#include <memory>

namespace ferry::cli {

namespace {

const QString syncUsage
    = QStringLiteral("Usage: ferry-cli sync NAME [--once | --rounds N]\n\n"
                     "Runs the pair NAME in a direct mode (this Ferry reaches both sites): each round detects\n"
                     "what changed on side A and applies it on side B, then the other way round, and waits the\n"
                     "pair's pollIntervalSeconds before the next. It runs until stopped; stopping it at any moment\n"
                     "is safe, every step is recorded whole.\n\n"
                     "  --once      one round, then exit: 0 when everything was applied, 1 when something was\n"
                     "              left for the next round or failed (the reasons are printed)\n"
                     "  --rounds N  N rounds, then exit, as --once\n");

void printDirection(Context &context, const QString &direction, const Detector::Outcome &detected,
                    const Applier::Outcome &applied)
{
    context.out << "  " << direction << ": " << detected.opsSent << " changes found in " << detected.issuesRead
                << " issues read; " << applied.written << " written, " << applied.unchanged << " already there, "
                << applied.conflicts << " conflicts, " << applied.sentBack << " sent back, " << applied.skipped
                << " not carried this way, " << applied.left.size() - applied.waiting << " left for later, "
                << applied.waiting << " waiting for a retry\n";
}

} // namespace

int syncCommand(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption once(QStringLiteral("once"));
    const QCommandLineOption rounds(QStringLiteral("rounds"), QString(), QStringLiteral("n"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    parser.addOptions({once, rounds, help});
    const bool parsed = parser.parse(QStringList{QStringLiteral("sync")} + arguments);
    if (parsed && parser.isSet(help)) {
        context.out << syncUsage;
        return Success;
    }
    if (!parsed || parser.positionalArguments().size() != 1) {
        context.err << "ferry-cli sync: name one pair\n\n" << syncUsage;
        return UsageError;
    }
    bool numeric = true;
    const int limit = parser.isSet(once) ? 1 : parser.isSet(rounds) ? parser.value(rounds).toInt(&numeric) : 0;
    if (!numeric || limit < 0 || (parser.isSet(once) && parser.isSet(rounds))) {
        context.err << "ferry-cli sync: --rounds takes a positive number, and not with --once\n\n" << syncUsage;
        return UsageError;
    }
    return runRounds(parser.positionalArguments().first(), limit, context);
}

int runRounds(const QString &name, int limit, Context &context, bool waitBetweenRounds)
{
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    PairRepository pairs(store);
    QString error;
    const std::optional<PairConfig> config = pairs.get(name, nullptr, &error);
    const std::optional<qint64> pairId = config ? pairs.id(name, &error) : std::nullopt;
    if (!pairId) {
        context.err << "ferry-cli sync: " << error << '\n';
        return Failure;
    }
    PairLock lock(stateDirectory(), name);
    if (!lock.acquire(&error)) {
        context.err << "ferry-cli sync: " << error << '\n';
        return Failure;
    }
    SiteRegistry registry(stateDirectory());
    if (!loadRegistry(registry, context))
        return Failure;
    const Site *siteA = findSite(registry, config->a.site, context);
    const Site *siteB = siteA ? findSite(registry, config->b.site, context) : nullptr;
    if (!siteA || !siteB)
        return Failure;
    QNetworkAccessManager network;
    SiteMetadata metaA, metaB;
    const std::unique_ptr<JiraClient> clientA = connectSide(*siteA, config->a.project, &network, context, &metaA);
    const std::unique_ptr<JiraClient> clientB
        = clientA ? connectSide(*siteB, config->b.project, &network, context, &metaB) : nullptr;
    if (!clientB)
        return Failure;

    const FieldTranslator translator(*config, metaA, metaB);
    for (const QString &note : translator.unsupported())
        context.err << "note: " << note << '\n';
    SyncRound round(*clientA, *clientB, *config, translator, store, *pairId);
    bool clean = true;
    for (int done = 0; limit == 0 || done < limit; ++done) {
        if (done > 0 && waitBetweenRounds)
            runUntil([&](const std::function<void()> &next) {
                QTimer::singleShot(config->pollIntervalSeconds * 1000, next);
            });
        SyncRound::Report report;
        runUntil([&](const std::function<void()> &finished) {
            QObject::connect(
                &round, &SyncRound::finished, &round,
                [&](const SyncRound::Report &r) {
                    report = r;
                    finished();
                },
                Qt::SingleShotConnection);
            round.run();
        });
        context.out << "round " << done + 1 << " of pair " << name << '\n';
        printDirection(context, QStringLiteral("A to B"), report.detectedA, report.appliedOnB);
        printDirection(context, QStringLiteral("B to A"), report.detectedB, report.appliedOnA);
        if (!report.error().isEmpty())
            context.err << "ferry-cli sync: " << report.error()
                        << "\n  Nothing of the failed step was recorded; the next round tries it again.\n";
        clean = report.error().isEmpty() && report.appliedOnA.left.isEmpty() && report.appliedOnB.left.isEmpty();
        context.out.flush();
        context.err.flush();
    }
    return clean ? Success : Failure;
}

} // namespace ferry::cli
