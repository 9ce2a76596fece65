// Benchmark, not a test. Both halves of the engine between a Cloud and a Data Center sandbox
// (in this process, over loopback HTTP): the requests each site receives per change, against
// the floor the engine cannot go below, and the time of a round.
//  1. the first copy of N new issues from side A to side B;
//  2. one field edited on half of them;
//  3. an idle round (nothing changed): only the polls.

#include "clientsupport.h"
#include "core/version.h"
#include "engine/syncround.h"
#include "sandboxfixture.h"
#include "store/statestore.h"
#include "storesupport.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QNetworkAccessManager>

#include <cstdio>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int issues = 200;
constexpr int pageSize = 100; // issues per search page, as the client asks

struct Figures {
    qint64 requestsA = 0;
    qint64 requestsB = 0;
    double ms = 0;
};

Figures measure(SyncRound &round, JiraClient &a, JiraClient &b)
{
    const qint64 beforeA = a.statistics().requests();
    const qint64 beforeB = b.statistics().requests();
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QString error;
    QObject::connect(&round, &SyncRound::finished, &loop, [&](const SyncRound::Report &report) {
        error = report.error();
        loop.quit();
    });
    round.run();
    loop.exec();
    if (!error.isEmpty())
        std::printf("round failed: %s\n", qPrintable(error));
    return {a.statistics().requests() - beforeA, b.statistics().requests() - beforeB,
            double(clock.nsecsElapsed()) / 1e6};
}

void print(const char *what, const Figures &f, int changes, qint64 floor)
{
    const qint64 total = f.requestsA + f.requestsB;
    std::printf("%-34s %5lld requests (A %lld, B %lld) for %d changes = %.2f per change; floor %lld, ratio %.2f; "
                "%.0f ms\n",
                what, static_cast<long long>(total), static_cast<long long>(f.requestsA),
                static_cast<long long>(f.requestsB), changes, changes ? double(total) / changes : 0.0,
                static_cast<long long>(floor), floor ? double(total) / double(floor) : 0.0, f.ms);
}

qint64 pages(int n)
{
    return n == 0 ? 1 : (n + pageSize - 1) / pageSize;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"ferry.*.debug=false\nferry.*.info=false"_s);
    std::printf("%s\n", qPrintable(versionLine(u"bench_engine"_s)));
    isolateUserFolders();

    SandboxFixture cloud(sandbox::Flavor::Cloud);
    SandboxFixture dc(sandbox::Flavor::DataCenter);
    if (!cloud.start() || !dc.start())
        return 1;
    cloud.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    dc.server().seedProject(u"GLX"_s, u"Galaxy"_s, 0);
    QNetworkAccessManager network;
    const SiteMetadata aMeta = metadataOf(cloud, &network);
    const SiteMetadata bMeta = metadataOf(dc, &network);
    const PairConfig config = suggestPairConfig(u"bench"_s, {u"acme"_s, u"ACME"_s, u"project = ACME"_s}, aMeta,
                                                {u"glx"_s, u"GLX"_s, u"project = GLX"_s}, bMeta);
    const FieldTranslator translator(config, aMeta, bMeta);
    StoreWithPair state;
    if (!state.create())
        return 1;
    JiraClient a(siteFor(cloud), secretFor(cloud.flavor()), &network);
    JiraClient b(siteFor(dc), secretFor(dc.flavor()), &network);
    waitFor(a.detectDeployment());
    waitFor(b.detectDeployment());
    SyncRound round(a, b, config, translator, *state.store, state.pair);

    QStringList keys;
    for (int i = 0; i < issues; ++i)
        keys << cloud.createIssue(u"ACME"_s,
                                  {{u"summary"_s, u"Issue %1"_s.arg(i)},
                                   {u"labels"_s, QJsonArray{u"bench"_s}},
                                   {u"description"_s, cloud.richText(u"Steps to reproduce %1"_s.arg(i))}});
    std::printf("%d issues on side A (Cloud), %zu fields mapped; the floor counts the polls' search pages on both\n"
                "sides, and per change what Jira needs at the least: a create, or a re-read and a write\n",
                issues, size_t(translator.fieldsToRead(u"a"_s).size()));

    // A's poll reads every issue; B creates each, then B's poll reads them all back.
    print("first copy of new issues:", measure(round, a, b), issues, pages(issues) + issues + pages(issues));

    for (int i = 0; i < issues / 2; ++i)
        cloud.put(cloud.api() + u"/issue/"_s + keys[i],
                  QJsonObject{{u"fields"_s, QJsonObject{{u"summary"_s, u"Issue %1, edited"_s.arg(i)}}}});
    // The overlap re-reads what changed lately on both sides: all of it, here.
    print("one field on half of them:", measure(round, a, b), issues / 2,
          pages(issues) + 2 * (issues / 2) + pages(issues));
    print("idle round:", measure(round, a, b), 0, pages(issues) + pages(issues));
    return 0;
}
