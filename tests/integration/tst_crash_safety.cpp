// Crash safety end to end: ferry-cli syncs a Cloud and a Data Center sandbox and is stopped
// just before, then just after, each durable step in turn (FERRY_TEST_ABORT), as a kill would
// stop it; the next run must lose no change and duplicate no issue or value.

#include "clirunner.h"
#include "sandboxfixture.h"
#include "store/statestore.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

#include <numeric>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

namespace {

/// The summary of the issue both sides have before the first sync.
QString matchedSummary()
{
    return u"Printer offline"_s;
}

/// Cloud status → the Data Center status the suggested pair maps it to.
const QHash<QString, QString> statusOnB{
    {u"To Do"_s, u"Open"_s}, {u"In Progress"_s, u"In Progress"_s}, {u"Done"_s, u"Resolved"_s}};

struct Issue {
    QString key;
    QString summary;
    QString status;
    QStringList labels;
    QString origin; ///< the source key in its ferry.origin marker, if Ferry made it
    int comments = 0;
    qint64 timeSpent = 0; ///< of its worklogs, in seconds
    QStringList attachments; ///< file names, sorted
    int links = 0;
};

} // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void survivesAStopAtEveryDurableStep_data();
    void survivesAStopAtEveryDurableStep();

private:
    /// Both sites as the scenario starts: three issues on Cloud, two on Data Center.
    void seed();
    /// Edits on both sides after the first sync.
    void edit();
    /// Runs a sync stopped at the step; true when it stopped there (false: it ended first).
    bool syncStoppedAt(const QString &when, int step);
    /// Every issue has exactly one partner with the same content, and an idle round writes nothing.
    void verifyInStep(bool edited);
    QList<Issue> issues(SandboxFixture &site);
    /// A project's versions as "name date released description", sorted.
    QStringList versions(SandboxFixture &site);

    QTemporaryDir m_home;
    QString m_template; ///< a state folder with the sites and the pair, copied for each run
    std::unique_ptr<SandboxFixture> m_cloud;
    std::unique_ptr<SandboxFixture> m_dc;
    CliRunner m_cli{QStringLiteral(FERRY_CLI), QString()};
};

void TestCrashSafety::initTestCase()
{
    isolateUserFolders();
    m_cloud = std::make_unique<SandboxFixture>(Flavor::Cloud);
    m_dc = std::make_unique<SandboxFixture>(Flavor::DataCenter);
    QVERIFY(m_cloud->start() && m_dc->start());
    m_cli.useTestHome(m_home.path());
    m_cli.environment().insert(u"QT_LOGGING_RULES"_s, u"ferry.*.info=false"_s);

    seed();
    m_template = m_home.filePath(u"template"_s);
    m_cli.setStateDirectory(m_template);
    QCOMPARE(m_cli
                 .run({u"site"_s, u"add"_s, u"acme"_s, u"--url"_s, m_cloud->baseUrl(), u"--user"_s,
                       u"admin@example.com"_s, u"--secret"_s, u"env:CLOUD_TOKEN"_s})
                 .code,
             0);
    QCOMPARE(m_cli
                 .run({u"site"_s, u"add"_s, u"glx"_s, u"--url"_s, m_dc->baseUrl(), u"--user"_s, u"admin"_s,
                       u"--secret"_s, u"env:DC_PASSWORD"_s})
                 .code,
             0);
    const CliRun suggested = m_cli.run(
        {u"pair"_s, u"suggest"_s, u"--name"_s, u"acme-glx"_s, u"--a"_s, u"acme:ACME"_s, u"--b"_s, u"glx:GLX"_s});
    QCOMPARE(suggested.code, 0);
    // Every part of a work item travels, the projects' versions and links to outside issues too;
    // an issue both sides have already is matched by its summary.
    QJsonObject config = QJsonDocument::fromJson(suggested.out.toUtf8()).object();
    config.insert(u"versions"_s, QJsonObject{{u"sync"_s, true}});
    config.insert(
        u"match"_s,
        QJsonObject{{u"fields"_s, QJsonObject{{u"a"_s, u"summary"_s}, {u"b"_s, u"summary"_s}}}, {u"prefer"_s, u"a"_s}});
    QJsonObject links = config.value(u"links"_s).toObject();
    links.insert(u"outside"_s, u"remote"_s);
    config.insert(u"links"_s, links);
    QFile file(m_home.filePath(u"pair.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(config).toJson());
    file.close();
    QCOMPARE(m_cli.run({u"pair"_s, u"create"_s, u"--file"_s, file.fileName()}).code, 0);
    QVERIFY(licenseSandboxes(m_template, *m_dc, {m_cloud.get(), m_dc.get()}));
}

void TestCrashSafety::seed()
{
    for (SandboxFixture *site : {m_cloud.get(), m_dc.get()}) {
        const QString key = site == m_cloud.get() ? u"ACME"_s : u"GLX"_s;
        QCOMPARE(site->post(u"/sandbox/v1/reset"_s, QJsonObject{{u"seedProject"_s, key}, {u"seedIssues"_s, 0}}).status,
                 204);
    }
    m_cloud->createIssue(u"ACME"_s, {{u"summary"_s, u"Fan is noisy"_s}, {u"labels"_s, QJsonArray{u"hardware"_s}}});
    const QString done = m_cloud->createIssue(u"ACME"_s, {{u"summary"_s, u"Login is slow"_s}});
    QCOMPARE(m_cloud->transition(done, u"Done"_s), 204);
    m_cloud->createIssue(u"ACME"_s, {{u"summary"_s, u"Typo on the start page"_s}});
    const QString resolved = m_dc->createIssue(u"GLX"_s, {{u"summary"_s, u"Backup failed"_s}});
    QCOMPARE(m_dc->transition(resolved, u"Resolve Issue"_s), 204);
    m_dc->createIssue(u"GLX"_s, {{u"summary"_s, u"VPN drops"_s}});
    QCOMPARE(m_cloud
                 ->post(m_cloud->api() + u"/issue/ACME-1/comment"_s,
                        QJsonObject{{u"body"_s, m_cloud->richText(u"Louder since Monday"_s)}})
                 .status,
             201);
    QCOMPARE(
        m_dc->post(m_dc->api() + u"/issue/GLX-2/comment"_s, QJsonObject{{u"body"_s, u"Happens at *9:00*"_s}}).status,
        201);
    QCOMPARE(m_cloud
                 ->post(m_cloud->api() + u"/issue/ACME-3/worklog"_s,
                        QJsonObject{{u"timeSpentSeconds"_s, 900}, {u"started"_s, u"2026-11-27T10:00:00.000+0000"_s}})
                 .status,
             201);
    QVERIFY(!m_cloud->attach(u"ACME-1"_s, u"noise.wav"_s, QByteArray(200'000, '\x7f')).isEmpty());
    QCOMPARE(m_cloud
                 ->post(m_cloud->api() + u"/issueLink"_s,
                        QJsonObject{{u"type"_s, QJsonObject{{u"name"_s, u"Relates"_s}}},
                                    {u"inwardIssue"_s, QJsonObject{{u"key"_s, u"ACME-1"_s}}},
                                    {u"outwardIssue"_s, QJsonObject{{u"key"_s, u"ACME-3"_s}}}})
                 .status,
             201);
    // A link to an issue outside the pair (a remote link on the other side), and a version only Cloud has.
    QCOMPARE(m_cloud->post(u"/sandbox/v1/projects"_s, QJsonObject{{u"key"_s, u"OPS"_s}}).status, 201);
    const QString outside = m_cloud->createIssue(u"OPS"_s, {{u"summary"_s, u"Rack space"_s}});
    QCOMPARE(m_cloud
                 ->post(m_cloud->api() + u"/issueLink"_s,
                        QJsonObject{{u"type"_s, QJsonObject{{u"name"_s, u"Blocks"_s}}},
                                    {u"inwardIssue"_s, QJsonObject{{u"key"_s, outside}}},
                                    {u"outwardIssue"_s, QJsonObject{{u"key"_s, u"ACME-2"_s}}}})
                 .status,
             201);
    QCOMPARE(
        m_cloud
            ->post(m_cloud->api() + u"/version"_s,
                   QJsonObject{{u"name"_s, u"3.0"_s}, {u"project"_s, u"ACME"_s}, {u"releaseDate"_s, u"2027-01-15"_s}})
            .status,
        201);
    // The same issue on both sides already (ACME-4, GLX-3): linked, not copied; Cloud's content wins.
    m_cloud->createIssue(u"ACME"_s, {{u"summary"_s, matchedSummary()}, {u"labels"_s, QJsonArray{u"printer"_s}}});
    m_dc->createIssue(u"GLX"_s, {{u"summary"_s, matchedSummary()}});
}

QStringList TestCrashSafety::versions(SandboxFixture &site)
{
    const QString project = &site == m_cloud.get() ? u"ACME"_s : u"GLX"_s;
    QStringList out;
    for (const QJsonValue &v : site.get(site.api() + u"/project/%1/versions"_s.arg(project)).array())
        out << u"%1 %2 %3 %4"_s.arg(v[u"name"_s].toString(), v[u"releaseDate"_s].toString(),
                                    v[u"released"_s].toBool() ? u"released"_s : u"-"_s, v[u"description"_s].toString());
    out.sort();
    return out;
}

void TestCrashSafety::edit()
{
    QCOMPARE(m_cloud
                 ->put(m_cloud->api() + u"/issue/ACME-1"_s,
                       QJsonObject{{u"fields"_s,
                                    QJsonObject{{u"summary"_s, u"Fan is very noisy"_s},
                                                {u"labels"_s, QJsonArray{u"hardware"_s, u"loud"_s}}}}})
                 .status,
             204);
    QCOMPARE(m_cloud->transition(u"ACME-3"_s, u"In Progress"_s), 204);
    QCOMPARE(m_dc->transition(u"GLX-2"_s, u"Start Progress"_s), 204); // the Data Center original "VPN drops"
    QString fanOnB; // ACME-1's partner, by its origin marker
    for (const Issue &issue : issues(*m_dc)) {
        if (issue.origin == u"ACME-1"_s)
            fanOnB = issue.key;
    }
    QVERIFY(!fanOnB.isEmpty());
    QCOMPARE(m_dc->post(m_dc->api() + u"/issue/GLX-1/worklog"_s,
                        QJsonObject{{u"timeSpentSeconds"_s, 3600}, {u"comment"_s, u"Restored from tape"_s}})
                 .status,
             201);
    QString version;
    for (const QJsonValue &v : m_cloud->get(m_cloud->api() + u"/project/ACME/versions"_s).array())
        if (v[u"name"_s].toString() == u"3.0"_s)
            version = v[u"id"_s].toString();
    QCOMPARE(m_cloud->put(m_cloud->api() + u"/version/"_s + version, QJsonObject{{u"released"_s, true}}).status, 200);
    QCOMPARE(m_dc->put(m_dc->api() + u"/issue/"_s + fanOnB,
                       QJsonObject{{u"fields"_s, QJsonObject{{u"labels"_s, QJsonArray{u"hardware"_s, u"office"_s}}}}})
                 .status,
             204);
}

bool TestCrashSafety::syncStoppedAt(const QString &when, int step)
{
    QProcessEnvironment abort;
    abort.insert(u"FERRY_TEST_ABORT"_s, u"%1:%2"_s.arg(when).arg(step));
    const CliRun run = m_cli.run({u"sync"_s, u"acme-glx"_s, u"--once"_s}, {}, abort);
    if (run.code == StateStore::testAbortExitCode)
        return true;
    [&] { QVERIFY2(run.code == 0 || run.code == 1, qPrintable(run.err)); }();
    return false;
}

namespace {

/// How many of an issue's links join it to an issue of the same project (not to one outside the pair).
int linksWithin(const QJsonArray &links, const QString &project)
{
    return int(std::count_if(links.begin(), links.end(), [&](const QJsonValue &link) {
        const QString other
            = link[u"outwardIssue"_s][u"key"_s].toString() + link[u"inwardIssue"_s][u"key"_s].toString();
        return other.startsWith(project + u'-');
    }));
}

} // namespace

QList<Issue> TestCrashSafety::issues(SandboxFixture &site)
{
    const QString project = &site == m_cloud.get() ? u"ACME"_s : u"GLX"_s;
    const QJsonArray found = site.post(site.api() + (&site == m_cloud.get() ? u"/search/jql"_s : u"/search"_s),
                                       QJsonObject{{u"jql"_s, u"project = %1 ORDER BY key"_s.arg(project)},
                                                   {u"fields"_s,
                                                    QJsonArray{u"summary"_s, u"status"_s, u"labels"_s, u"comment"_s,
                                                               u"worklog"_s, u"attachment"_s, u"issuelinks"_s}},
                                                   {u"properties"_s, QJsonArray{u"ferry.origin"_s}}})
                                 .object()
                                 .value(u"issues"_s)
                                 .toArray();
    QList<Issue> out;
    for (const QJsonValue &value : found) {
        const QJsonObject fields = value[u"fields"_s].toObject();
        QStringList labels;
        for (const QJsonValue &label : fields[u"labels"_s].toArray())
            labels << label.toString();
        labels.sort();
        QStringList attachments;
        for (const QJsonValue &attachment : fields[u"attachment"_s].toArray())
            attachments << attachment[u"filename"_s].toString();
        attachments.sort();
        qint64 timeSpent = 0;
        for (const QJsonValue &worklog : fields[u"worklog"_s][u"worklogs"_s].toArray())
            timeSpent += worklog[u"timeSpentSeconds"_s].toInteger();
        out << Issue{value[u"key"_s].toString(),
                     fields[u"summary"_s].toString(),
                     fields[u"status"_s][u"name"_s].toString(),
                     labels,
                     value[u"properties"_s][u"ferry.origin"_s][u"source"_s].toString(),
                     int(fields[u"comment"_s][u"comments"_s].toArray().size()),
                     timeSpent,
                     attachments,
                     linksWithin(fields[u"issuelinks"_s].toArray(), project)};
    }
    return out;
}

void TestCrashSafety::verifyInStep(bool edited)
{
    // Two rounds: what one round sends back (a merged set) arrives in the next.
    for (int round = 0; round < 2; ++round) {
        const CliRun finish = m_cli.run({u"sync"_s, u"acme-glx"_s, u"--once"_s});
        QVERIFY2(finish.code == 0, qPrintable(finish.out + finish.err));
    }
    const QList<Issue> onA = issues(*m_cloud);
    const QList<Issue> onB = issues(*m_dc);
    QCOMPARE(onA.size(), 6);
    QCOMPARE(onB.size(), 6);
    // The matched pair: one issue each side, neither a copy, Cloud's labels on both.
    const auto matchedOn = [](const QList<Issue> &all) {
        QList<Issue> found;
        for (const Issue &issue : all) {
            if (issue.summary == matchedSummary())
                found << issue;
        }
        return found;
    };
    QCOMPARE(matchedOn(onA).size(), 1);
    QCOMPARE(matchedOn(onB).size(), 1);
    QCOMPARE(matchedOn(onA).first().origin + matchedOn(onB).first().origin, QString());
    QCOMPARE(matchedOn(onB).first().labels, QStringList{u"printer"_s});
    const auto links = [](const QList<Issue> &all) {
        return std::accumulate(all.cbegin(), all.cend(), 0, [](int sum, const Issue &i) { return sum + i.links; });
    };
    QCOMPARE(links(onA), 2); // the seeded link, seen from both its issues
    QCOMPARE(links(onB), 2);
    // Each original has exactly one copy on the other side, with the same content.
    const auto check = [](const QList<Issue> &originals, const QList<Issue> &copies, bool cloudOriginals) {
        int matched = 0;
        for (const Issue &original : originals) {
            if (!original.origin.isEmpty() || original.summary == matchedSummary())
                continue;
            QList<Issue> partners;
            for (const Issue &copy : copies) {
                if (copy.origin == original.key)
                    partners << copy;
            }
            QCOMPARE(partners.size(), 1);
            const Issue &copy = partners.first();
            QCOMPARE(copy.summary, original.summary);
            QCOMPARE(copy.labels, original.labels);
            QCOMPARE(copy.comments, original.comments); // each comment copied once, none sent back
            QCOMPARE(copy.timeSpent, original.timeSpent); // each worklog too
            QCOMPARE(copy.attachments, original.attachments); // and each attachment
            QCOMPARE(copy.links, original.links); // and each link
            QCOMPARE(cloudOriginals ? copy.status : statusOnB.value(copy.status),
                     cloudOriginals ? statusOnB.value(original.status) : original.status);
            ++matched;
        }
        QCOMPARE(matched, cloudOriginals ? 3 : 2);
    };
    check(onA, onB, true);
    check(onB, onA, false);
    // The link to the outside issue is one remote link on ACME-2's partner; the versions are the same.
    QString loginOnB;
    for (const Issue &issue : onB) {
        if (issue.origin == u"ACME-2"_s)
            loginOnB = issue.key;
    }
    QCOMPARE(m_dc->get(m_dc->api() + u"/issue/%1/remotelink"_s.arg(loginOnB)).array().size(), 1);
    QCOMPARE(versions(*m_dc), versions(*m_cloud));
    QVERIFY(versions(*m_cloud).contains(edited ? u"3.0 2027-01-15 released "_s : u"3.0 2027-01-15 - "_s));
    if (edited) {
        QCOMPARE(onA.first().summary, u"Fan is very noisy"_s);
        // Labels changed on both sides merge: the one added on Cloud and the one on Data Center.
        QCOMPARE(onA.first().labels, (QStringList{u"hardware"_s, u"loud"_s, u"office"_s}));
        QCOMPARE(onA.at(2).status, u"In Progress"_s);
    }
    // In step: an idle round writes nothing on either site.
    for (SandboxFixture *site : {m_cloud.get(), m_dc.get()})
        site->resetStatistics();
    QCOMPARE(m_cli.run({u"sync"_s, u"acme-glx"_s, u"--once"_s}).code, 0);
    for (SandboxFixture *site : {m_cloud.get(), m_dc.get()})
        QCOMPARE(site->writesSinceReset(), QStringList());
}

void TestCrashSafety::survivesAStopAtEveryDurableStep_data()
{
    QTest::addColumn<QString>("when");
    QTest::newRow("just before each commit") << u"before"_s;
    QTest::newRow("just after each commit") << u"after"_s;
}

void TestCrashSafety::survivesAStopAtEveryDurableStep()
{
    QFETCH(QString, when);
    bool firstSyncStopped = true;
    bool editSyncStopped = true;
    int steps = 0;
    for (int step = 1; firstSyncStopped || editSyncStopped; ++step) {
        QVERIFY2(step < 200, "the scenario never ends");
        seed();
        const QString state = m_home.filePath(u"state-%1-%2"_s.arg(when).arg(step));
        QDir().mkpath(state);
        for (const QString &name : QDir(m_template).entryList(QDir::Files))
            QVERIFY(QFile::copy(m_template + u'/' + name, state + u'/' + name));
        m_cli.setStateDirectory(state);

        firstSyncStopped = syncStoppedAt(when, step);
        verifyInStep(false);
        if (QTest::currentTestFailed())
            return qWarning("the first sync was stopped %s step %d", qPrintable(when), step);
        edit();
        editSyncStopped = syncStoppedAt(when, step);
        verifyInStep(true);
        if (QTest::currentTestFailed())
            return qWarning("the sync of the edits was stopped %s step %d", qPrintable(when), step);
        QDir(state).removeRecursively();
        steps = step;
    }
    qInfo("stopped %s each of %d durable steps; every time, the next run brought both sites in step", qPrintable(when),
          steps - 1);
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crash_safety.moc"
