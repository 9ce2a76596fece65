// The pair runner: a pair's rounds on a worker thread, controlled from the test's thread
// (pause, resume, sync now, stop), against two sandboxes over loopback HTTP, with a real state
// folder (sites file, SQLite, the pair's lock).

#include "clientsupport.h"
#include "engine/pairrunner.h"
#include "engine/sideconnector.h"
#include "jira/site.h"
#include "sandboxfixture.h"
#include "store/pairrepository.h"
#include "store/statestore.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

class TestPairRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void runsPausesResumesAndStops();
    void saysHowMuchOfABacklogIsLeft();
    void waitsOutASitesSpentQuota();
    void saysWhatItReadsWhileConnecting();
    void refusesASecondRunnerOfThePair();
    void failsClearlyWithoutThePairOrItsSecret();

private:
    PairRunner::Options options() const { return {m_dir->path(), u"acme-glx"_s, nullptr, 0, true}; }
    int issuesOnB();
    /// Waits for the runner's next round; its number.
    int nextRound(PairRunner &runner);

    QNetworkAccessManager m_network;
    std::unique_ptr<SandboxFixture> m_cloud;
    std::unique_ptr<SandboxFixture> m_dc;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestPairRunner::initTestCase()
{
    isolateUserFolders();
    QLoggingCategory::setFilterRules(u"ferry.*.debug=false\nferry.*.info=false"_s);
    qputenv("FERRY_TEST_CLOUD_TOKEN", "sandbox-token");
    qputenv("FERRY_TEST_DC_PASSWORD", "admin");
}

void TestPairRunner::init()
{
    m_cloud = std::make_unique<SandboxFixture>(Flavor::Cloud);
    m_dc = std::make_unique<SandboxFixture>(Flavor::DataCenter);
    QVERIFY(m_cloud->start() && m_dc->start());
    m_cloud->server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    m_dc->server().seedProject(u"GLX"_s, u"Galaxy"_s, 0);
    m_dir = std::make_unique<QTemporaryDir>();
    SiteRegistry registry(m_dir->path());
    SecretRef cloudSecret, dcSecret;
    QString error;
    QVERIFY(SecretRef::parse(u"env:FERRY_TEST_CLOUD_TOKEN"_s, &cloudSecret, &error));
    QVERIFY(SecretRef::parse(u"env:FERRY_TEST_DC_PASSWORD"_s, &dcSecret, &error));
    registry.put({u"acme"_s, QUrl(m_cloud->baseUrl()), Site::Auth::Basic, u"admin@example.com"_s, cloudSecret, {}, {}});
    registry.put({u"glx"_s, QUrl(m_dc->baseUrl()), Site::Auth::Basic, u"admin"_s, dcSecret, {}, {}});
    QVERIFY2(registry.save(&error), qPrintable(error));
    PairConfig config = suggestPairConfig(
        u"acme-glx"_s, {u"acme"_s, u"ACME"_s, u"project = ACME"_s}, metadataOf(*m_cloud, &m_network, u"ACME"_s),
        {u"glx"_s, u"GLX"_s, u"project = GLX"_s}, metadataOf(*m_dc, &m_network, u"GLX"_s));
    config.pollIntervalSeconds = 3600; // rounds come from "sync now" and resume in this test
    StateStore store(m_dir->path());
    QVERIFY2(noted(store.open(), &error), qPrintable(error));
    QVERIFY2(noted(PairRepository(store).create(config), &error), qPrintable(error));
    QVERIFY(licenseSandboxes(m_dir->path(), *m_dc, {m_cloud.get(), m_dc.get()}));
}

void TestPairRunner::cleanup()
{
    m_dir.reset();
    m_cloud.reset();
    m_dc.reset();
}

int TestPairRunner::issuesOnB()
{
    return m_dc->post(m_dc->api() + u"/search"_s, QJsonObject{{u"jql"_s, u"project = GLX"_s}})
        .object()
        .value(u"total"_s)
        .toInt();
}

int TestPairRunner::nextRound(PairRunner &runner)
{
    QSignalSpy rounds(&runner, &PairRunner::roundFinished);
    if (!rounds.wait(30'000))
        return 0;
    const auto report = rounds.first().at(0).value<SyncRound::Report>();
    if (!report.error().isEmpty())
        qWarning("the round failed: %s", qPrintable(report.error()));
    return rounds.first().at(1).toInt();
}

void TestPairRunner::runsPausesResumesAndStops()
{
    m_cloud->createIssue(u"ACME"_s, {{u"summary"_s, u"First"_s}});
    PairRunner runner(options());
    QSignalSpy states(&runner, &PairRunner::stateChanged);
    runner.start();
    QCOMPARE(nextRound(runner), 1);
    QCOMPARE(issuesOnB(), 1);
    QTRY_COMPARE(runner.state(), PairRunner::State::Waiting);
    QCOMPARE(states.first().first().value<PairRunner::State>(), PairRunner::State::Syncing);

    // "Sync now" does not wait for the hour-long poll interval.
    m_cloud->createIssue(u"ACME"_s, {{u"summary"_s, u"Second"_s}});
    runner.syncNow();
    QCOMPARE(nextRound(runner), 2);
    QCOMPARE(issuesOnB(), 2);

    // Paused: no rounds; "sync now" still runs one, and the pair stays paused.
    runner.pause();
    QTRY_COMPARE(runner.state(), PairRunner::State::Paused);
    m_cloud->createIssue(u"ACME"_s, {{u"summary"_s, u"Third"_s}});
    runner.syncNow();
    QCOMPARE(nextRound(runner), 3);
    QCOMPARE(issuesOnB(), 3);
    QTRY_COMPARE(runner.state(), PairRunner::State::Paused);

    // Resumed: a round at once.
    m_cloud->createIssue(u"ACME"_s, {{u"summary"_s, u"Fourth"_s}});
    runner.resume();
    QCOMPARE(nextRound(runner), 4);
    QCOMPARE(issuesOnB(), 4);

    QSignalSpy stopped(&runner, &PairRunner::stopped);
    runner.stop();
    QVERIFY(stopped.wait(10'000));
    QTRY_COMPARE(runner.state(), PairRunner::State::Stopped);
    // The lock is free again.
    PairLock lock(m_dir->path(), u"acme-glx"_s);
    QString error;
    QVERIFY2(noted(lock.acquire(), &error), qPrintable(error));
}

void TestPairRunner::saysHowMuchOfABacklogIsLeft()
{
    // More than a round delivers (500 a side here): rounds follow at once, each saying what is left.
    for (int i = 0; i < 700; ++i)
        m_cloud->server().callAsAdmin(u"POST"_s, u"/rest/api/3/issue"_s,
                                      {{u"fields"_s,
                                        QJsonObject{{u"project"_s, QJsonObject{{u"key"_s, u"ACME"_s}}},
                                                    {u"issuetype"_s, QJsonObject{{u"name"_s, u"Task"_s}}},
                                                    {u"summary"_s, u"Backlog %1"_s.arg(i)}}}});
    PairRunner::Options fewAtOnce = options();
    fewAtOnce.batchSize = 500;
    PairRunner runner(fewAtOnce);
    QSignalSpy backlog(&runner, &PairRunner::backlog);
    runner.start();
    QTRY_VERIFY_WITH_TIMEOUT(!backlog.isEmpty() && backlog.last().at(0).toInt() == 0, 120'000);
    QCOMPARE(backlog.size(), 2); // 200 left after the first round, then through
    QCOMPARE(backlog.at(0).at(0).toInt(), 200);
    QVERIFY(backlog.at(0).at(1).toInt() >= 0);
    QCOMPARE(issuesOnB(), 700);
    QSignalSpy stopped(&runner, &PairRunner::stopped);
    runner.stop();
    QVERIFY(stopped.wait(30'000));
}

void TestPairRunner::waitsOutASitesSpentQuota()
{
    PairRunner runner(options());
    QSignalSpy notes(&runner, &PairRunner::note);
    QSignalSpy statuses(&runner, &PairRunner::statusRead);
    runner.start();
    QCOMPARE(nextRound(runner), 1);
    // Cloud's hourly quota, its hour shortened to 3 s: every request to the site waits.
    sandbox::SandboxServer::Faults quota;
    quota.stormCount = 1;
    quota.stormRetryAfter = 3;
    quota.stormReason = u"jira-quota-tenant-based"_s;
    m_cloud->createIssue(u"ACME"_s, {{u"summary"_s, u"After the quota"_s}});
    m_cloud->server().setFaults(quota);
    m_cloud->resetStatistics();
    QElapsedTimer clock;
    clock.start();
    runner.syncNow();
    const auto spent = [&] {
        return std::any_of(notes.cbegin(), notes.cend(), [](const QList<QVariant> &note) {
            return note.at(0).toString().contains(u"hourly quota"_s);
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(spent(), 10'000);
    QTRY_VERIFY(!statuses.isEmpty() && statuses.last().at(0).value<PairStatus>().quotaPause);
    const PairStatus::QuotaPause pause = *statuses.last().at(0).value<PairStatus>().quotaPause;
    QCOMPARE(pause.site, u"acme"_s);
    QCOMPARE(pause.side, Side::A);
    QVERIFY(pause.notice().contains(u"resuming at "_s));
    // The round goes on once the wait is over; the site saw one refused request and the
    // ones that had to be made, nothing in between.
    QCOMPARE(nextRound(runner), 2);
    QVERIFY(clock.elapsed() >= 3000);
    QCOMPARE(issuesOnB(), 1);
    const QJsonObject stats = m_cloud->get(u"/sandbox/v1/stats"_s).object();
    QCOMPARE(stats.value(u"tooManyRequests"_s).toInt(), 1);
    // Once the time has come, the status no longer says so.
    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > pause.until, 5'000);
    StateStore store(m_dir->path());
    QString error;
    QVERIFY2(noted(store.open(), &error), qPrintable(error));
    const std::optional<qint64> pairId = noted(PairRepository(store).id(u"acme-glx"_s), &error);
    QVERIFY2(pairId, qPrintable(error));
    const std::optional<PairStatus> after = noted(PairStatus::read(store, *pairId), &error);
    QVERIFY2(after, qPrintable(error));
    QVERIFY(!after->quotaPause);
    QSignalSpy stopped(&runner, &PairRunner::stopped);
    runner.stop();
    QVERIFY(stopped.wait(10'000));
}

void TestPairRunner::saysWhatItReadsWhileConnecting()
{
    // What a console shows while a side connects (#28 item 10), and the screens it reads (#23).
    SideConnector connector(siteFor(*m_cloud), u"ACME"_s, &m_network);
    connector.useSecret(secretFor(Flavor::Cloud));
    QSignalSpy progress(&connector, &SideConnector::progress);
    QSignalSpy finished(&connector, &SideConnector::finished);
    connector.connectToSite();
    QVERIFY(finished.wait(30'000));
    QCOMPARE(finished.first().first().toString(), QString());
    QStringList said;
    for (const QList<QVariant> &step : std::as_const(progress))
        said << step.first().toString();
    QVERIFY2(said.contains(u"reading project ACME"_s) && said.contains(u"reading the users"_s)
                 && said.contains(u"reading the screens of the issue types: 1 of 5"_s)
                 && said.contains(u"reading the screens of the issue types: 5 of 5"_s),
             qPrintable(said.join(u" | "_s)));
    const QJsonObject screens = connector.metadata().metadata.value(u"screens"_s).toObject();
    QCOMPARE(screens.size(), 5);
    QVERIFY(screens.value(u"10001"_s).toArray().contains(u"customfield_10040"_s)); // a task's have Severity
    QVERIFY(!screens.value(u"10003"_s).toArray().contains(u"customfield_10040"_s)); // a story's do not
    QVERIFY(screens.value(u"10003"_s).toArray().contains(u"summary"_s));
}

void TestPairRunner::refusesASecondRunnerOfThePair()
{
    PairRunner first(options());
    first.start();
    QCOMPARE(nextRound(first), 1);
    PairRunner second(options());
    QSignalSpy failed(&second, &PairRunner::failed);
    QSignalSpy stopped(&second, &PairRunner::stopped);
    second.start();
    QVERIFY(stopped.wait(10'000));
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.first().first().toString().contains(u"process"_s), qPrintable(failed.first().first().toString()));
}

void TestPairRunner::failsClearlyWithoutThePairOrItsSecret()
{
    PairRunner::Options unknown = options();
    unknown.pair = u"nope"_s;
    PairRunner runner(unknown);
    QSignalSpy failed(&runner, &PairRunner::failed);
    QSignalSpy stopped(&runner, &PairRunner::stopped);
    runner.start();
    QVERIFY(stopped.wait(10'000));
    QVERIFY2(failed.first().first().toString().contains(u"no pair named 'nope'"_s),
             qPrintable(failed.first().first().toString()));

    qunsetenv("FERRY_TEST_DC_PASSWORD");
    PairRunner noSecret(options());
    QSignalSpy failedAgain(&noSecret, &PairRunner::failed);
    QSignalSpy stoppedAgain(&noSecret, &PairRunner::stopped);
    noSecret.start();
    QVERIFY(stoppedAgain.wait(10'000));
    qputenv("FERRY_TEST_DC_PASSWORD", "admin");
    QVERIFY2(failedAgain.first().first().toString().contains(u"FERRY_TEST_DC_PASSWORD"_s),
             qPrintable(failedAgain.first().first().toString()));
}

QTEST_GUILESS_MAIN(TestPairRunner)
#include "tst_pairrunner.moc"
