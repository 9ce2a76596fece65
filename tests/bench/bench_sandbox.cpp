// Benchmark, not a test: how many requests per second the sandbox serves on loopback, so
// that later benchmarks know it is not their bottleneck. The sandbox runs as its own
// process (ferry-sandbox); this client keeps a fixed number of requests in flight.

#include "clientsupport.h"
#include "core/version.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace Qt::StringLiterals;

namespace {

constexpr int inFlight = 8;
constexpr int seededIssues = 1000;

struct Scenario {
    const char *name;
    int requests;
    std::function<QNetworkReply *(QNetworkAccessManager &, int)> send;
};

struct Figures {
    double perSecond = 0;
    double p50 = 0;
    double p99 = 0;
    int failures = 0;
};

Figures run(QNetworkAccessManager &network, const Scenario &scenario)
{
    std::vector<double> latencies;
    latencies.reserve(size_t(scenario.requests));
    int started = 0;
    int finished = 0;
    int failures = 0;
    QEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    std::function<void()> launch = [&] {
        const int index = started++;
        const qint64 at = clock.nsecsElapsed();
        QNetworkReply *reply = scenario.send(network, index);
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, at] {
            latencies.push_back(double(clock.nsecsElapsed() - at) / 1e6);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status < 200 || status >= 300)
                ++failures;
            reply->readAll();
            reply->deleteLater();
            if (++finished == scenario.requests)
                loop.quit();
            else if (started < scenario.requests)
                launch();
        });
    };
    for (int i = 0; i < inFlight && started < scenario.requests; ++i)
        launch();
    loop.exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    std::sort(latencies.begin(), latencies.end());
    return {double(scenario.requests) / seconds, latencies[latencies.size() / 2],
            latencies[size_t(double(latencies.size() - 1) * 0.99)], failures};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::printf("%s\n", qPrintable(ferry::versionLine(u"bench_sandbox"_s)));
    std::printf("%d requests in flight, %d seeded issues, sandbox in its own process\n", inFlight, seededIssues);
    for (const QString &flavor : {u"dc"_s, u"cloud"_s}) {
        QProcess sandbox;
        sandbox.setProcessChannelMode(QProcess::SeparateChannels);
        const QString base = ferry::test::startSandboxProcess(
            sandbox, QStringLiteral(FERRY_SANDBOX),
            {u"--flavor"_s, flavor, u"--seed-project"_s, u"BEN"_s, u"--seed-issues"_s, QString::number(seededIssues)});
        if (base.isEmpty()) {
            std::fprintf(stderr, "ferry-sandbox did not start\n");
            return 1;
        }
        const bool cloud = flavor == u"cloud"_s;
        const QString api = base + (cloud ? u"/rest/api/3"_s : u"/rest/api/2"_s);
        const QByteArray auth = "Basic " + (cloud ? "admin@example.com:sandbox-token"_ba : "admin:admin"_ba).toBase64();
        QNetworkAccessManager network;
        const auto request = [&](const QString &url) {
            QNetworkRequest r{QUrl(url)};
            r.setRawHeader("Authorization", auth);
            r.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
            r.setTransferTimeout(30'000);
            return r;
        };
        const QList<Scenario> scenarios = {
            {"GET issue", 4000,
             [&](QNetworkAccessManager &n, int i) {
                 return n.get(request(api + u"/issue/BEN-%1"_s.arg(i % seededIssues + 1)));
             }},
            {"search page of 100", 300,
             [&](QNetworkAccessManager &n, int i) {
                 const QJsonObject body{{u"jql"_s, u"project = BEN ORDER BY key"_s},
                                        {u"maxResults"_s, 100},
                                        {u"startAt"_s, (i % 10) * 100},
                                        {u"fields"_s, QJsonArray{u"summary"_s, u"status"_s, u"updated"_s}}};
                 return n.post(request(api + (cloud ? u"/search/jql"_s : u"/search"_s)), QJsonDocument(body).toJson());
             }},
            {"PUT issue", 2000,
             [&](QNetworkAccessManager &n, int i) {
                 const QJsonObject body{{u"fields"_s, QJsonObject{{u"summary"_s, u"Benchmark edit %1"_s.arg(i)}}}};
                 return n.put(request(api + u"/issue/BEN-%1"_s.arg(i % seededIssues + 1)),
                              QJsonDocument(body).toJson());
             }},
        };
        for (const Scenario &scenario : scenarios) {
            const Figures f = run(network, scenario);
            std::printf("%-5s %-20s %7.0f requests/s   p50 %6.2f ms   p99 %6.2f ms   failures %d\n", qPrintable(flavor),
                        scenario.name, f.perSecond, f.p50, f.p99, f.failures);
        }
        sandbox.terminate();
        sandbox.waitForFinished(10'000);
    }
    return 0;
}
