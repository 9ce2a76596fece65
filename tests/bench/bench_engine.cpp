// Benchmark, not a test. The sync engine between a Cloud and a Data Center sandbox (in this
// process, over loopback HTTP), run as the CLI and the console run it: a PairRunner on its own
// worker thread, with a real state folder. It prints:
//  1. an initial sync of 2,000 issues (1,500 on Cloud, 500 on Data Center), in as many rounds
//     as it takes (each delivers up to 500 changes a side, new issues 50 to a bulk create): wall
//     time, requests against the floor the engine cannot go below;
//  2. 200 edits spread over both sides, synced in one round: requests against the floor;
//  3. an idle round: requests;
//  4. propagation latency at a 1 s poll interval: 200 edits made over 20 s, alternating sides,
//     each measured from the edit (its "updated" time) to its write on the other side, p50/p95;
//  5. peak memory of the process (the sandboxes live in it too).

#include "clientsupport.h"
#include "core/version.h"
#include "engine/pairrunner.h"
#include "jira/site.h"
#include "sandboxfixture.h"
#include "store/pairrepository.h"
#include "store/statestore.h"
#include "storesupport.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int onCloud = 1500;
constexpr int onDataCenter = 500;
constexpr int edits = 200;
constexpr int pageSize = 100; // issues per search page, as the client asks

qint64 pages(int n)
{
    return n == 0 ? 1 : (n + pageSize - 1) / pageSize;
}

/// Bulk creates for n new issues (Jira takes 50 at a time).
qint64 bulks(int n)
{
    return (n + 49) / 50;
}

struct Round {
    SyncRound::Report report;
    double ms = 0;
};

/// Runs one round now and waits for it.
Round syncNow(PairRunner &runner)
{
    QElapsedTimer clock;
    clock.start();
    Round round;
    QEventLoop loop;
    const auto connection
        = QObject::connect(&runner, &PairRunner::roundFinished, &loop, [&](const SyncRound::Report &report) {
              round.report = report;
              loop.quit();
          });
    runner.syncNow();
    loop.exec();
    QObject::disconnect(connection);
    round.ms = double(clock.nsecsElapsed()) / 1e6;
    if (!round.report.error().isEmpty())
        std::printf("round failed: %s\n", qPrintable(round.report.error()));
    return round;
}

void print(const char *what, const Round &round, int changes, qint64 floor)
{
    const qint64 total = round.report.requestsA + round.report.requestsB;
    std::printf("%-30s %5lld requests (A %lld, B %lld) for %d changes = %.2f per change; floor %lld, ratio %.2f; "
                "%.0f ms\n",
                what, static_cast<long long>(total), static_cast<long long>(round.report.requestsA),
                static_cast<long long>(round.report.requestsB), changes, changes ? double(total) / changes : 0.0,
                static_cast<long long>(floor), floor ? double(total) / double(floor) : 0.0, round.ms);
}

void edit(SandboxFixture &site, const QString &key, const QString &summary)
{
    site.put(site.api() + u"/issue/"_s + key, QJsonObject{{u"fields"_s, QJsonObject{{u"summary"_s, summary}}}});
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QLoggingCategory::setFilterRules(u"ferry.*.debug=false\nferry.*.info=false\nferry.engine.warning=false"_s);
    std::printf("%s\n", qPrintable(versionLine(u"bench_engine"_s)));
    isolateUserFolders();

    SandboxFixture cloud(sandbox::Flavor::Cloud);
    SandboxFixture dc(sandbox::Flavor::DataCenter);
    if (!cloud.start() || !dc.start())
        return 1;
    cloud.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    dc.server().seedProject(u"GLX"_s, u"Galaxy"_s, 0);

    // A state folder as ferry-cli makes it: the sites (secrets by env: reference) and the pair.
    QTemporaryDir state;
    QNetworkAccessManager network;
    PairConfig config
        = suggestPairConfig(u"bench"_s, {u"acme"_s, u"ACME"_s, u"project = ACME"_s}, metadataOf(cloud, &network, u"ACME"_s),
                            {u"glx"_s, u"GLX"_s, u"project = GLX"_s}, metadataOf(dc, &network, u"GLX"_s));
    config.pollIntervalSeconds = 3600; // rounds on demand until the latency part
    QString error;
    if (!writeSandboxState(state.path(), cloud.baseUrl(), dc.baseUrl(), config, &error)) {
        std::printf("setting up failed: %s\n", qPrintable(error));
        return 1;
    }

    QStringList cloudKeys, dcKeys;
    for (int i = 0; i < onCloud; ++i)
        cloudKeys << cloud.createIssue(u"ACME"_s,
                                       {{u"summary"_s, u"Cloud issue %1"_s.arg(i)},
                                        {u"labels"_s, QJsonArray{u"bench"_s}},
                                        {u"description"_s, cloud.richText(u"Steps to reproduce %1"_s.arg(i))}});
    for (int i = 0; i < onDataCenter; ++i)
        dcKeys << dc.createIssue(u"GLX"_s,
                                 {{u"summary"_s, u"Data Center issue %1"_s.arg(i)},
                                  {u"labels"_s, QJsonArray{u"bench"_s}},
                                  {u"description"_s, dc.richText(u"Expected *result* %1"_s.arg(i))}});
    const long rssBefore = peakRssMb();
    std::printf("%d issues on Cloud, %d on Data Center; the floor counts the polls' search pages on both sides and,\n"
                "per change, what Jira needs at the least: a bulk create per 50 new issues, or a re-read and a write\n",
                onCloud, onDataCenter);

    PairRunner runner({state.path(), u"bench"_s, nullptr, 0, true});
    QElapsedTimer initial;
    initial.start();
    runner.start(); // connects, then runs rounds back to back while more is waiting
    Round first;
    int initialRounds = 0;
    {
        QEventLoop loop;
        QObject::connect(&runner, &PairRunner::roundFinished, &loop, [&](const SyncRound::Report &report) {
            ++initialRounds;
            first.report.requestsA += report.requestsA;
            first.report.requestsB += report.requestsB;
            if (!report.error().isEmpty())
                std::printf("round failed: %s\n", qPrintable(report.error()));
            if (!report.more)
                loop.quit();
        });
        QObject::connect(&runner, &PairRunner::failed, &loop, [&](const QString &why) {
            std::printf("the pair failed: %s\n", qPrintable(why));
            loop.quit();
        });
        loop.exec();
    }
    first.ms = double(initial.nsecsElapsed()) / 1e6;
    const int total = onCloud + onDataCenter;
    // Each round polls both sides (the overlap re-reads everything just written, here), and the
    // new issues go 50 to a bulk create.
    print(qPrintable(u"initial sync (%1 rounds):"_s.arg(initialRounds)), first, total,
          initialRounds * (pages(onCloud) + pages(onDataCenter + onCloud)) + bulks(onCloud) + bulks(onDataCenter));

    for (int i = 0; i < edits / 2; ++i) {
        edit(cloud, cloudKeys.at(i * 7), u"Cloud issue %1, edited"_s.arg(i * 7));
        edit(dc, dcKeys.at(i * 3), u"Data Center issue %1, edited"_s.arg(i * 3));
    }
    // The overlap re-reads what changed lately on both sides: everything, here.
    print(qPrintable(u"%1 edits, both sides:"_s.arg(edits)), syncNow(runner), edits, 2 * pages(total) + 2 * edits);
    print("idle round:", syncNow(runner), 0, 2 * pages(total));

    // Latency: a 1 s poll interval, edits arriving over 20 s.
    QEventLoop stopped;
    QObject::connect(&runner, &PairRunner::stopped, &stopped, &QEventLoop::quit);
    runner.stop();
    stopped.exec();
    config.pollIntervalSeconds = 1;
    {
        StateStore store(state.path());
        if (!noted(store.open(), &error) || !noted(PairRepository(store).update(config), &error)) {
            std::printf("updating the pair failed: %s\n", qPrintable(error));
            return 1;
        }
    }
    PairRunner live({state.path(), u"bench"_s, nullptr, 0, true});
    int rounds = 0;
    qint64 requests = 0;
    QObject::connect(&live, &PairRunner::roundFinished, &live, [&](const SyncRound::Report &report) {
        ++rounds;
        requests += report.requestsA + report.requestsB;
    });
    QObject::connect(&live, &PairRunner::stopped, &stopped, &QEventLoop::quit);
    live.start();
    int made = 0;
    QTimer editor;
    editor.setInterval(100);
    QObject::connect(&editor, &QTimer::timeout, &editor, [&] {
        if (made % 2 == 0)
            edit(cloud, cloudKeys.at(made * 5 + 1), u"Cloud live edit %1"_s.arg(made));
        else
            edit(dc, dcKeys.at(made + 1), u"Data Center live edit %1"_s.arg(made));
        if (++made == edits)
            editor.stop();
    });
    editor.start();
    QElapsedTimer clock;
    clock.start();
    QEventLoop settle;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &settle, [&] {
        if ((made == edits && appliedLatencies(state.path(), u"live edit"_s).size() >= edits)
            || clock.elapsed() > 120'000)
            settle.quit();
    });
    check.start(500);
    settle.exec();
    live.stop();
    stopped.exec();
    const QList<double> sorted = appliedLatencies(state.path(), u"live edit"_s);
    std::printf("latency at a 1 s poll:          %lld of %d edits arrived; p50 %.0f ms, p95 %.0f ms, max %.0f ms; "
                "%d rounds, %.1f requests per round\n",
                static_cast<long long>(sorted.size()), edits, percentile(sorted, 0.5), percentile(sorted, 0.95),
                sorted.isEmpty() ? 0.0 : sorted.last(), rounds, rounds ? double(requests) / rounds : 0.0);
    std::printf("peak memory: %ld MB with both sandboxes loaded, %ld MB at the end (engine, sandboxes and state)\n",
                rssBefore, peakRssMb());
    return 0;
}
