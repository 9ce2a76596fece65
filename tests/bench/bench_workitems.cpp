// Benchmark, not a test. The whole work item between a Data Center sandbox and a Cloud sandbox
// that enforces Jira Cloud's rate limits (both in this process, over loopback HTTP), run as the
// CLI and the console run it: a PairRunner on its own worker thread, with a real state folder.
// 300 Data Center issues carry 7 comments each on average (0 to 14), a worklog each and an
// attachment every third issue (64 KB); the initial sync creates all of it on Cloud. It prints:
//  1. requests per side against the floor the engine cannot go below (the polls' search pages;
//     a bulk create per 50 issues; per comment or worklog a write; per attachment a download and
//     an upload), and the ratio;
//  2. the requests sent to Cloud per second as a fraction of Cloud's limit for the busiest
//     endpoint (100 per second), and the 429 answers Cloud gave (each one waited out);
//  3. an idle round: requests;
//  4. peak memory of the process (the sandboxes live in it too).

#include "clientsupport.h"
#include "core/version.h"
#include "engine/pairrunner.h"
#include "jira/site.h"
#include "sandboxfixture.h"
#include "store/pairrepository.h"
#include "store/statestore.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QMap>
#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <cstdio>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int issues = 300;
constexpr int pageSize = 100; // issues per search page, as the client asks
constexpr double cloudLimitPerSecond = 100; // Cloud's bucket for GET and POST on one endpoint

qint64 pages(int n)
{
    return n == 0 ? 1 : (n + pageSize - 1) / pageSize;
}

/// Rounds of a runner until none has more waiting; their requests summed.
SyncRound::Report runUntilDone(PairRunner &runner, int *rounds)
{
    SyncRound::Report total;
    QEventLoop loop;
    QObject::connect(&runner, &PairRunner::roundFinished, &loop, [&](const SyncRound::Report &report) {
        ++*rounds;
        total.requestsA += report.requestsA;
        total.requestsB += report.requestsB;
        total.appliedOnB.written += report.appliedOnB.written;
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
    return total;
}

/// What arrived on Cloud: issues, comments, worklogs and attachments of project ACME.
struct Arrived {
    int issues = 0;
    int comments = 0;
    int worklogs = 0;
    int attachments = 0;
};

Arrived arrivedOn(SandboxFixture &cloud)
{
    Arrived arrived;
    QString token;
    do {
        const QJsonObject page
            = cloud
                  .post(cloud.api() + u"/search/jql"_s,
                        QJsonObject{{u"jql"_s, u"project = ACME"_s},
                                    {u"fields"_s, QJsonArray{u"comment"_s, u"worklog"_s, u"attachment"_s}},
                                    {u"maxResults"_s, 100},
                                    {u"nextPageToken"_s, token}})
                  .object();
        for (const QJsonValue &issue : page.value(u"issues"_s).toArray()) {
            const QJsonObject fields = issue[u"fields"_s].toObject();
            ++arrived.issues;
            arrived.comments += fields[u"comment"_s][u"total"_s].toInt();
            arrived.worklogs += fields[u"worklog"_s][u"total"_s].toInt();
            arrived.attachments += int(fields[u"attachment"_s].toArray().size());
        }
        token = page.value(u"nextPageToken"_s).toString();
    } while (!token.isEmpty());
    return arrived;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QLoggingCategory::setFilterRules(u"ferry.*.debug=false\nferry.*.info=false\nferry.engine.warning=false"_s);
    std::printf("%s\n", qPrintable(versionLine(u"bench_workitems"_s)));
    isolateUserFolders();

    sandbox::SandboxServer::Options limited;
    limited.flavor = sandbox::Flavor::Cloud;
    limited.cloudRateLimits = true;
    SandboxFixture cloud(limited);
    SandboxFixture dc(sandbox::Flavor::DataCenter);
    if (!cloud.start() || !dc.start())
        return 1;
    cloud.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    dc.server().seedProject(u"GLX"_s, u"Galaxy"_s, 0);

    QTemporaryDir state;
    QNetworkAccessManager network;
    PairConfig config
        = suggestPairConfig(u"bench"_s, {u"glx"_s, u"GLX"_s, u"project = GLX"_s}, metadataOf(dc, &network, u"GLX"_s),
                            {u"acme"_s, u"ACME"_s, u"project = ACME"_s}, metadataOf(cloud, &network, u"ACME"_s));
    config.pollIntervalSeconds = 3600; // rounds on demand
    QString error;
    if (!writeSandboxState(state.path(), cloud.baseUrl(), dc.baseUrl(), config, &error)) {
        std::printf("setting up failed: %s\n", qPrintable(error));
        return 1;
    }

    int comments = 0;
    int attachments = 0;
    const QByteArray file(64 * 1024, 'x');
    for (int i = 0; i < issues; ++i) {
        const QString key = dc.createIssue(
            u"GLX"_s,
            {{u"summary"_s, u"Data Center issue %1"_s.arg(i)}, {u"description"_s, u"Expected *result* %1"_s.arg(i)}});
        for (int c = 0; c < i % 15; ++c, ++comments)
            dc.post(dc.api() + u"/issue/%1/comment"_s.arg(key),
                    QJsonObject{{u"body"_s, u"Comment %1 on %2"_s.arg(c).arg(key)}});
        dc.post(dc.api() + u"/issue/%1/worklog"_s.arg(key),
                QJsonObject{{u"timeSpentSeconds"_s, 600 + i}, {u"comment"_s, u"Worked on %1"_s.arg(key)}});
        if (i % 3 == 0 && !dc.attach(key, u"log-%1.txt"_s.arg(i), file).isEmpty())
            ++attachments;
    }
    const int worklogs = issues;
    const long rssBefore = peakRssMb();
    std::printf("%d issues on Data Center with %d comments (%.1f per issue), %d worklogs and %d attachments of 64 KB;\n"
                "Cloud enforces its rate limits\n",
                issues, comments, double(comments) / issues, worklogs, attachments);

    PairRunner runner({state.path(), u"bench"_s, nullptr, 0, true});
    QElapsedTimer clock;
    clock.start();
    const qint64 cloudRequestsBefore = cloud.server().statistics().requests;
    const QMap<QString, qint64> routesBefore = cloud.server().statistics().byRoute;
    runner.start();
    int rounds = 0;
    const SyncRound::Report initial = runUntilDone(runner, &rounds);
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    const qint64 cloudRequests = cloud.server().statistics().requests - cloudRequestsBefore;
    // Data Center (A): its poll pages each round, and a download per attachment. Cloud (B): its
    // poll pages, a bulk create per 50 issues, a write per comment and worklog, an upload per attachment.
    const qint64 floorA = rounds * pages(issues) + attachments;
    const qint64 floorB = rounds * pages(issues) + (issues + 49) / 50 + comments + worklogs + attachments;
    std::printf("initial sync (%d rounds, %.1f s): Data Center %lld requests, floor %lld, ratio %.2f; Cloud %lld "
                "requests, floor %lld, ratio %.2f\n",
                rounds, seconds, static_cast<long long>(initial.requestsA), static_cast<long long>(floorA),
                double(initial.requestsA) / floorA, static_cast<long long>(initial.requestsB),
                static_cast<long long>(floorB), double(initial.requestsB) / floorB);
    // Cloud limits each endpoint on its own: the busiest one is what the limit bounds.
    QString busiest;
    qint64 busiestCount = 0;
    const QMap<QString, qint64> &routes = cloud.server().statistics().byRoute;
    for (auto it = routes.cbegin(); it != routes.cend(); ++it) {
        if (it.value() - routesBefore.value(it.key()) > busiestCount) {
            busiest = it.key();
            busiestCount = it.value() - routesBefore.value(it.key());
        }
    }
    std::printf("throughput on Cloud: %.1f requests/s in all; its busiest endpoint (%s) %.1f/s, %.2f of its %.0f/s "
                "limit; %lld answers were 429, each waited out\n",
                cloudRequests / seconds, qPrintable(busiest), busiestCount / seconds,
                busiestCount / seconds / cloudLimitPerSecond, cloudLimitPerSecond,
                static_cast<long long>(cloud.server().statistics().tooManyRequests));
    const Arrived arrived = arrivedOn(cloud);
    std::printf("arrived on Cloud: %d of %d issues, %d of %d comments, %d of %d worklogs, %d of %d attachments\n",
                arrived.issues, issues, arrived.comments, comments, arrived.worklogs, worklogs, arrived.attachments,
                attachments);

    int idleRounds = 0;
    runner.syncNow();
    const SyncRound::Report idle = runUntilDone(runner, &idleRounds);
    std::printf("idle round: %lld requests (Data Center %lld, Cloud %lld)\n",
                static_cast<long long>(idle.requestsA + idle.requestsB), static_cast<long long>(idle.requestsA),
                static_cast<long long>(idle.requestsB));
    QEventLoop stopped;
    QObject::connect(&runner, &PairRunner::stopped, &stopped, &QEventLoop::quit);
    runner.stop();
    stopped.exec();
    std::printf("peak memory: %ld MB with both sandboxes loaded, %ld MB at the end (engine, sandboxes and state)\n",
                rssBefore, peakRssMb());
    return 0;
}
