// Benchmark, not a test. How the engine's cost grows with the project: a seeded Data Center
// project (rich descriptions, comments, worklogs, attachments, links, sub-tasks, statuses along
// the workflow) synced into an empty Cloud project that enforces Cloud's rate limits, each
// sandbox in its own ferry-sandbox process so that this process holds only the engine. For each
// size (the arguments: issue counts; 2000 and 5000 when none are given) it prints:
//  1. the initial sync, to "in step" (a round that finds and writes nothing): wall time; the
//     rate-limit floor (the busiest Cloud endpoint's least requests at its limit) and wall /
//     floor; requests against their floor per endpoint and in all (a bulk create per 50 issues,
//     one POST per comment, worklog, attachment, link and status move, one search page per 100
//     issues read on each side, one download per attachment); the engine's peak memory; the
//     state's size;
//  2. 60 idle seconds at a 1 s poll: rounds per minute, search pages per side per round;
//  3. 100 edits on Data Center over 20 s at that poll: latency from edit to write, p50/p95/max.
// The issue "Cost that grows linearly with the work" holds the targets these figures are read
// against.

#include "clientsupport.h"
#include "core/version.h"
#include "engine/pairrunner.h"
#include "store/pairrepository.h"
#include "store/statestore.h"
#include "storesupport.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int pageSize = 100; // issues per search page, as the client asks
constexpr int idleSeconds = 60;
constexpr int liveEdits = 100;

qint64 perPage(qint64 n, int size)
{
    return (n + size - 1) / size;
}

/// What the seeded Data Center project holds, read the way an admin's report would.
struct Seeded {
    qint64 issues = 0;
    qint64 comments = 0;
    qint64 worklogs = 0;
    qint64 attachments = 0;
    qint64 links = 0; ///< each link once, though both its issues list it
    qint64 moved = 0; ///< issues past their workflow's first status: at least one transition each
};

Seeded readSeed(QNetworkAccessManager &network, const QString &dcUrl)
{
    Seeded seed;
    for (int startAt = 0;; startAt += pageSize) {
        const QJsonObject page
            = QJsonDocument::fromJson(
                  callSandbox(network, "GET",
                              dcUrl
                                  + u"/rest/api/2/search?jql=project%3DGLX&maxResults=%1&startAt=%2"
                                    "&fields=comment,worklog,attachment,issuelinks,status"_s.arg(pageSize)
                                        .arg(startAt),
                              sandbox::Flavor::DataCenter))
                  .object();
        const QJsonArray issues = page.value(u"issues"_s).toArray();
        for (const QJsonValue &issue : issues) {
            const QJsonObject fields = issue[u"fields"_s].toObject();
            ++seed.issues;
            seed.comments += fields[u"comment"_s][u"total"_s].toInteger();
            seed.worklogs += fields[u"worklog"_s][u"total"_s].toInteger();
            seed.attachments += fields[u"attachment"_s].toArray().size();
            seed.links += fields[u"issuelinks"_s].toArray().size();
            if (fields[u"status"_s][u"statusCategory"_s][u"key"_s].toString() != u"new"_s)
                ++seed.moved;
        }
        if (issues.size() < pageSize)
            break;
    }
    seed.links /= 2;
    return seed;
}

/// Requests per route ("POST /rest/api/{v}/issue/bulk") a sandbox answered, and its 429s.
struct Traffic {
    QHash<QString, qint64> byRoute;
    qint64 total = 0;
    qint64 tooMany = 0;
    qint64 matching(const QString &part) const
    {
        qint64 n = 0;
        for (auto it = byRoute.cbegin(); it != byRoute.cend(); ++it)
            n += it.key().contains(part) ? it.value() : 0;
        return n;
    }
};

Traffic trafficOf(QNetworkAccessManager &network, const QString &url, sandbox::Flavor flavor, bool reset)
{
    const QJsonObject stats
        = QJsonDocument::fromJson(callSandbox(network, "GET", url + u"/sandbox/v1/stats"_s, flavor)).object();
    Traffic traffic;
    const QJsonObject routes = stats.value(u"byRoute"_s).toObject();
    traffic.total = stats.value(u"requests"_s).toInteger();
    for (auto it = routes.begin(); it != routes.end(); ++it) {
        if (it.key().contains(u" /sandbox/"_s)) // the benchmark's own questions, not the engine's
            traffic.total -= it.value().toInteger();
        else
            traffic.byRoute.insert(it.key(), it.value().toInteger());
    }
    traffic.tooMany = stats.value(u"tooManyRequests"_s).toInteger();
    if (reset)
        callSandbox(network, "DELETE", url + u"/sandbox/v1/stats"_s, flavor);
    return traffic;
}

/// What an endpoint must be asked at the least, and how fast Cloud lets it be asked.
struct Floor {
    QString route;
    qint64 requests = 0;
    double perSecond = 100; // Cloud: 100/s for GET and POST, 50/s for PUT and DELETE
};

/// Runs rounds back to back until one finds and writes nothing; the time when the last one that
/// did work ended.
double syncUntilInStep(PairRunner &runner, const QElapsedTimer &clock, int *rounds)
{
    double lastWork = 0;
    bool quiet = false;
    QEventLoop loop;
    const auto connection
        = QObject::connect(&runner, &PairRunner::roundFinished, &loop, [&](const SyncRound::Report &report) {
              ++*rounds;
              if (!report.error().isEmpty())
                  std::printf("  round %d failed: %s\n", *rounds, qPrintable(report.error()));
              const bool worked = report.detectedA.opsSent + report.detectedB.opsSent + report.appliedOnA.written
                      + report.appliedOnB.written
                  > 0;
              if (worked)
                  lastWork = double(clock.elapsed()) / 1000;
              quiet = !worked && !report.more;
              loop.quit();
          });
    const auto failed = QObject::connect(&runner, &PairRunner::failed, &loop, [&](const QString &why) {
        std::printf("  the pair failed: %s\n", qPrintable(why));
        quiet = true;
        loop.quit();
    });
    runner.start(); // connects, then runs rounds back to back while more is waiting
    loop.exec();
    for (int extra = 0; !quiet && extra < 50; ++extra) {
        runner.syncNow();
        loop.exec();
    }
    QObject::disconnect(connection);
    QObject::disconnect(failed);
    return lastWork;
}

void stop(PairRunner &runner)
{
    QEventLoop stopped;
    QObject::connect(&runner, &PairRunner::stopped, &stopped, &QEventLoop::quit);
    runner.stop();
    stopped.exec();
}

bool measure(int size, QNetworkAccessManager &network)
{
    std::printf("\n%d issues on Data Center (seeded), an empty project on Cloud with its rate limits:\n", size);
    QProcess dcProcess, cloudProcess;
    const QString dcUrl = startSandboxProcess(
        dcProcess, QStringLiteral(FERRY_SANDBOX),
        {u"--flavor"_s, u"dc"_s, u"--seed-project"_s, u"GLX"_s, u"--seed-issues"_s, QString::number(size)});
    const QString cloudUrl = startSandboxProcess(
        cloudProcess, QStringLiteral(FERRY_SANDBOX),
        {u"--flavor"_s, u"cloud"_s, u"--seed-project"_s, u"ACME"_s, u"--rate-limit"_s, u"cloud"_s});
    const auto cleanUp = qScopeGuard([&] {
        dcProcess.kill();
        cloudProcess.kill();
        dcProcess.waitForFinished();
        cloudProcess.waitForFinished();
    });
    if (dcUrl.isEmpty() || cloudUrl.isEmpty()) {
        std::printf("  the sandboxes did not start\n");
        return false;
    }
    const Seeded seed = readSeed(network, dcUrl);
    std::printf("  seeded: %lld issues, %lld comments, %lld worklogs, %lld attachments, %lld links, %lld past their "
                "first status\n",
                static_cast<long long>(seed.issues), static_cast<long long>(seed.comments),
                static_cast<long long>(seed.worklogs), static_cast<long long>(seed.attachments),
                static_cast<long long>(seed.links), static_cast<long long>(seed.moved));

    QTemporaryDir state;
    PairConfig config = suggestPairConfig(
        u"scale"_s, {u"glx"_s, u"GLX"_s, u"project = GLX"_s}, metadataOf(dcUrl, sandbox::Flavor::DataCenter, &network, u"GLX"_s),
        {u"acme"_s, u"ACME"_s, u"project = ACME"_s}, metadataOf(cloudUrl, sandbox::Flavor::Cloud, &network, u"ACME"_s));
    config.pollIntervalSeconds = 3600; // rounds on demand until the idle part
    QString error;
    if (!writeSandboxState(state.path(), cloudUrl, dcUrl, config, &error)) {
        std::printf("  setting up failed: %s\n", qPrintable(error));
        return false;
    }
    trafficOf(network, dcUrl, sandbox::Flavor::DataCenter, true);
    trafficOf(network, cloudUrl, sandbox::Flavor::Cloud, true);

    // 1. The initial sync.
    int rounds = 0;
    double wall = 0;
    {
        PairRunner runner({state.path(), u"scale"_s, nullptr, 0, true});
        QElapsedTimer clock;
        clock.start();
        wall = syncUntilInStep(runner, clock, &rounds);
        stop(runner);
    }
    const Traffic cloud = trafficOf(network, cloudUrl, sandbox::Flavor::Cloud, true);
    const Traffic dc = trafficOf(network, dcUrl, sandbox::Flavor::DataCenter, true);
    const QList<Floor> cloudFloors{
        {u"POST /rest/api/{v}/issue/bulk"_s, perPage(seed.issues, 50)},
        {u"POST /rest/api/{v}/issue/{key}/comment"_s, seed.comments},
        {u"POST /rest/api/{v}/issue/{key}/worklog"_s, seed.worklogs},
        {u"POST /rest/api/{v}/issue/{key}/attachments"_s, seed.attachments},
        {u"POST /rest/api/{v}/issueLink"_s, seed.links},
        {u"POST /rest/api/{v}/issue/{key}/transitions"_s, seed.moved},
        {u" /rest/api/{v}/search/jql"_s, perPage(seed.issues, pageSize)}, // GET or POST
    };
    double floorSeconds = 0;
    qint64 floorRequests = 0;
    std::printf("  requests on Cloud against their floor, per endpoint:\n");
    for (const Floor &floor : cloudFloors) {
        floorSeconds = std::max(floorSeconds, double(floor.requests) / floor.perSecond);
        floorRequests += floor.requests;
        const qint64 made = cloud.matching(floor.route);
        std::printf("    %-48s %7lld, floor %7lld, ratio %.2f\n", qPrintable(floor.route), static_cast<long long>(made),
                    static_cast<long long>(floor.requests),
                    floor.requests ? double(made) / double(floor.requests) : 0.0);
    }
    // The rest has no floor: re-reads and checks the engine chose to make.
    QList<std::pair<qint64, QString>> others;
    for (auto it = cloud.byRoute.cbegin(); it != cloud.byRoute.cend(); ++it) {
        const bool floored = std::any_of(cloudFloors.cbegin(), cloudFloors.cend(),
                                         [&](const Floor &floor) { return it.key().contains(floor.route); });
        if (!floored && it.key() != u"unknown"_s)
            others.append({it.value(), it.key()});
    }
    std::sort(others.begin(), others.end(), std::greater<>());
    for (const auto &[made, route] : std::as_const(others))
        std::printf("    %-48s %7lld, no floor\n", qPrintable(route), static_cast<long long>(made));
    // Data Center: the issues read once, each attachment downloaded once.
    floorRequests += perPage(seed.issues, pageSize) + seed.attachments;
    const qint64 requests = cloud.total + dc.total;
    std::printf("  requests in all: %lld (Cloud %lld, of them %lld refused with 429; Data Center %lld); floor %lld, "
                "ratio %.2f\n",
                static_cast<long long>(requests), static_cast<long long>(cloud.total),
                static_cast<long long>(cloud.tooMany), static_cast<long long>(dc.total),
                static_cast<long long>(floorRequests), floorRequests ? double(requests) / double(floorRequests) : 0.0);
    const qint64 database
        = QFileInfo(state.filePath(u"ferry.db"_s)).size() + QFileInfo(state.filePath(u"ferry.db-wal"_s)).size();
    std::printf("  initial sync: %.1f s in %d rounds (%.1f ms per issue); rate-limit floor %.1f s, wall / floor "
                "%.2f\n",
                wall, rounds, seed.issues ? wall * 1000 / double(seed.issues) : 0.0, floorSeconds,
                floorSeconds > 0 ? wall / floorSeconds : 0.0);
    std::printf("  engine peak memory %ld MB; state %.1f MB (%.1f KB per issue)\n", peakRssMb(),
                double(database) / (1 << 20), seed.issues ? double(database) / 1024 / double(seed.issues) : 0.0);

    // 2. Idle at a 1 s poll, then 3. edits arriving while it runs.
    config.pollIntervalSeconds = 1;
    {
        StateStore store(state.path());
        if (!noted(store.open(), &error) || !noted(PairRepository(store).update(config), &error)) {
            std::printf("  updating the pair failed: %s\n", qPrintable(error));
            return false;
        }
    }
    PairRunner live({state.path(), u"scale"_s, nullptr, 0, true});
    int liveRounds = 0;
    QObject::connect(&live, &PairRunner::roundFinished, &live, [&](const SyncRound::Report &) { ++liveRounds; });
    live.start();
    QEventLoop wait;
    QTimer::singleShot(idleSeconds * 1000, &wait, &QEventLoop::quit);
    wait.exec();
    const int idleRounds = liveRounds;
    const Traffic idleCloud = trafficOf(network, cloudUrl, sandbox::Flavor::Cloud, true);
    const Traffic idleDc = trafficOf(network, dcUrl, sandbox::Flavor::DataCenter, true);
    std::printf("  idle, %d s at a 1 s poll: %d rounds (%.0f a minute); search pages per round: Cloud %.2f, Data "
                "Center %.2f; requests per round %.1f\n",
                idleSeconds, idleRounds, idleRounds * 60.0 / idleSeconds,
                idleRounds ? double(idleCloud.matching(u"/search"_s)) / idleRounds : 0.0,
                idleRounds ? double(idleDc.matching(u"/search"_s)) / idleRounds : 0.0,
                idleRounds ? double(idleCloud.total + idleDc.total) / idleRounds : 0.0);

    int made = 0;
    QTimer editor;
    editor.setInterval(20'000 / liveEdits);
    QObject::connect(&editor, &QTimer::timeout, &editor, [&] {
        callSandbox(network, "PUT", dcUrl + u"/rest/api/2/issue/GLX-%1"_s.arg(1 + (made * 37) % size),
                    sandbox::Flavor::DataCenter,
                    {{u"fields"_s, QJsonObject{{u"summary"_s, u"scale edit %1"_s.arg(made)}}}});
        if (++made == liveEdits)
            editor.stop();
    });
    editor.start();
    QElapsedTimer clock;
    clock.start();
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &wait, [&] {
        if ((made == liveEdits && appliedLatencies(state.path(), u"scale edit"_s).size() >= liveEdits)
            || clock.elapsed() > 180'000)
            wait.quit();
    });
    check.start(500);
    wait.exec();
    stop(live);
    const QList<double> sorted = appliedLatencies(state.path(), u"scale edit"_s);
    std::printf("  %d edits on Data Center over 20 s: %lld arrived; latency p50 %.0f ms, p95 %.0f ms, max %.0f ms\n",
                liveEdits, static_cast<long long>(sorted.size()), percentile(sorted, 0.5), percentile(sorted, 0.95),
                sorted.isEmpty() ? 0.0 : sorted.last());
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QLoggingCategory::setFilterRules(u"ferry.*.debug=false\nferry.*.info=false\nferry.*.warning=false"_s);
    std::printf("%s\n", qPrintable(versionLine(u"bench_scale"_s)));
    isolateUserFolders();
    QList<int> sizes;
    for (const QString &argument : app.arguments().mid(1))
        sizes << argument.toInt();
    if (sizes.isEmpty())
        sizes = {2000, 5000};
    QNetworkAccessManager network;
    bool ok = true;
    for (int size : std::as_const(sizes))
        ok = measure(size, network) && ok;
    return ok ? 0 : 1;
}
