// Benchmark, not a test. Against ferry-sandbox processes on loopback:
//  1. requests the Jira client issues to read 1,000 issues (search, all pages, with fields),
//     against the floor of one search request per page of results;
//  2. throughput of one endpoint under Jira Cloud's published rate limits (--rate-limit cloud),
//     as a fraction of the limit, with the 429s it met.

#include "clientsupport.h"
#include "core/version.h"
#include "jira/jiraclient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTimer>

#include <cstdio>

using namespace ferry;
using namespace Qt::StringLiterals;

namespace {

constexpr int issues = 1000;

void wait(JiraReply *reply)
{
    if (reply->isFinished())
        return;
    QEventLoop loop;
    QObject::connect(reply, &JiraReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
}

Site siteAt(const QString &url, bool cloud)
{
    Site site;
    site.name = u"bench"_s;
    site.url = QUrl(url);
    site.user = cloud ? u"admin@example.com"_s : u"admin"_s;
    return site;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::printf("%s\n", qPrintable(versionLine(u"bench_jiraclient"_s)));
    QNetworkAccessManager network;

    for (const bool cloud : {true, false}) {
        QProcess sandbox;
        const QString url
            = ferry::test::startSandboxProcess(sandbox, QStringLiteral(FERRY_SANDBOX),
                                               {u"--flavor"_s, cloud ? u"cloud"_s : u"dc"_s, u"--seed-project"_s,
                                                u"RD"_s, u"--seed-issues"_s, QString::number(issues)});
        JiraClient client(siteAt(url, cloud), cloud ? u"sandbox-token"_s : u"admin"_s, &network);
        wait(client.detectDeployment());
        const qint64 before = client.statistics().requests();
        QElapsedTimer clock;
        clock.start();
        SearchReply *all = client.search(u"project = RD ORDER BY key"_s,
                                         {u"summary"_s, u"status"_s, u"updated"_s, u"labels"_s, u"assignee"_s});
        wait(all);
        const qint64 requests = client.statistics().requests() - before;
        const int floor = (issues + 99) / 100;
        std::printf(
            "%-5s read %lld issues with fields in %lld requests (floor %d: one per page of 100) = %.1f requests "
            "per 1,000 issues, ratio to floor %.2f, %.0f ms\n",
            cloud ? "cloud" : "dc", static_cast<long long>(all->issues().size()), static_cast<long long>(requests),
            floor, double(requests) * 1000.0 / double(all->issues().size()), double(requests) / floor,
            double(clock.elapsed()));
        sandbox.terminate();
        sandbox.waitForFinished(10'000);
    }

    QProcess limited;
    const QString url = ferry::test::startSandboxProcess(limited, QStringLiteral(FERRY_SANDBOX),
                                                         {u"--flavor"_s, u"cloud"_s, u"--rate-limit"_s, u"cloud"_s,
                                                          u"--seed-project"_s, u"RL"_s, u"--seed-issues"_s, u"50"_s});
    JiraClient client(siteAt(url, true), u"sandbox-token"_s, &network);
    JiraClient::Options options;
    options.maxConcurrency = 16;
    client.setOptions(options);
    constexpr int total = 1500;
    int done = 0;
    int failed = 0;
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    for (int i = 0; i < total; ++i) {
        JiraReply *reply = client.get(u"/rest/api/3/issue/RL-%1"_s.arg(i % 50 + 1), QUrlQuery(u"fields=summary"_s));
        QObject::connect(reply, &JiraReply::finished, &loop, [&, reply] {
            failed += reply->ok() ? 0 : 1;
            if (++done == total)
                loop.quit();
        });
    }
    loop.exec();
    const double seconds = double(clock.elapsed()) / 1000.0;
    const double perSecond = double(total - failed) / seconds;
    std::printf("cloud rate limit (100 GET/s per endpoint): %d GETs in %.1f s = %.1f requests/s = %.0f %% of the "
                "limit; %lld 429s met, %lld requests sent, %d failed\n",
                total, seconds, perSecond, perSecond, static_cast<long long>(client.statistics().tooManyRequests),
                static_cast<long long>(client.statistics().requests()), failed);
    limited.terminate();
    limited.waitForFinished(10'000);
    return 0;
}
