// The console's Bundles tab for a pair exchanged by bundles: console A in this process (a
// PairRunner and its PairView), console B as ferry-cli processes, two sandboxes over loopback.
// Exporting and importing by the tab's buttons carries an issue there and its receipt back.
#include "clirunner.h"
#include "engine/pairrunner.h"
#include "sandboxfixture.h"
#include "testsupport.h"
#include "ui/pairview.h"

#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

class TestBundlesView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exportsAndImportsFromTheTab();
};

void TestBundlesView::exportsAndImportsFromTheTab()
{
    isolateUserFolders();
    QTemporaryDir dir;
    SandboxFixture cloud(Flavor::Cloud);
    SandboxFixture dc(Flavor::DataCenter);
    QVERIFY(cloud.start() && dc.start());
    cloud.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    dc.server().seedProject(u"GLX"_s, u"Galaxy"_s, 0);
    CliRunner cli(QStringLiteral(FERRY_CLI), {});
    cli.useTestHome(dir.path());
    const QString stateA = dir.filePath(u"state-a"_s);
    const QString stateB = dir.filePath(u"state-b"_s);
    const auto on = [&](const QString &state, const QStringList &arguments) {
        cli.setStateDirectory(state);
        const CliRun run = cli.run(arguments);
        if (run.code != 0)
            qWarning().noquote() << arguments.join(u' ') << run.out << run.err;
        return run;
    };
    QCOMPARE(on(stateA,
                {u"site"_s, u"add"_s, u"acme"_s, u"--url"_s, cloud.baseUrl(), u"--user"_s, u"admin@example.com"_s,
                 u"--secret"_s, u"env:CLOUD_TOKEN"_s})
                 .code,
             0);
    QCOMPARE(on(stateB,
                {u"site"_s, u"add"_s, u"galaxy"_s, u"--url"_s, dc.baseUrl(), u"--user"_s, u"admin"_s, u"--secret"_s,
                 u"env:DC_PASSWORD"_s})
                 .code,
             0);
    QVERIFY(licenseSandboxes(stateA, cloud, {&cloud}));
    QVERIFY(licenseSandboxes(stateB, dc, {&dc}));
    const QString handshake = dir.filePath(u"handshake.ferry"_s);
    const QString answer = dir.filePath(u"answer.ferry"_s);
    CliRun run = on(stateA,
                    {u"handshake"_s, u"export"_s, u"P"_s, u"--site"_s, u"acme"_s, u"--project"_s, u"ACME"_s, u"--key"_s,
                     u"file:"_s + dir.filePath(u"a.key"_s), u"--out"_s, handshake});
    QCOMPARE(run.code, 0);
    const QString code = QRegularExpression(u"Code: (\\S+)"_s).match(run.out).captured(1);
    QCOMPARE(on(stateB,
                {u"handshake"_s, u"import"_s, handshake, u"--code"_s, code, u"--site"_s, u"galaxy"_s, u"--project"_s,
                 u"GLX"_s, u"--key"_s, u"file:"_s + dir.filePath(u"b.key"_s), u"--answer"_s, answer})
                 .code,
             0);
    QCOMPARE(on(stateA, {u"handshake"_s, u"import"_s, answer}).code, 0);
    cloud.createIssue(u"ACME"_s, {{u"summary"_s, u"Heating off in hall B"_s}});

    // Console A: its runner (the secrets as the CLI had them) and the pair's view.
    qputenv("CLOUD_TOKEN", cli.environment().value(u"CLOUD_TOKEN"_s).toUtf8());
    PairRunner runner({stateA, u"P"_s, nullptr, 0, true});
    PairView view(&runner, u"P"_s);
    const QString out = dir.filePath(u"out"_s);
    QDir().mkpath(out);
    QStringList toImport;
    view.setBundleDialogs([&](QWidget *) { return out; }, [&](QWidget *) { return toImport; });
    view.show();
    QSignalSpy rounds(&runner, &PairRunner::roundFinished);
    runner.start();
    QTRY_COMPARE_WITH_TIMEOUT(rounds.size(), 1, 30'000);
    auto *tabs = view.findChild<QTabWidget *>(u"pairTabs"_s);
    auto *page = view.findChild<QWidget *>(u"pairBundles"_s);
    QTRY_VERIFY(tabs->isTabVisible(tabs->indexOf(page)));
    auto *state = view.findChild<QLabel *>(u"bundleState"_s);
    QTRY_VERIFY2(state->text().contains(u"This console runs side A and owns the configuration."_s),
                 qPrintable(state->text()));
    QVERIFY(state->text().contains(u"Exchanged by hand."_s));

    // Export from the tab; B imports, applies, and answers with its receipt.
    view.findChild<QPushButton *>(u"exportBundles"_s)->click();
    QTRY_COMPARE_WITH_TIMEOUT(QDir(out).entryList({u"*.ferry"_s}, QDir::Files).size(), 1, 10'000);
    const QString bundle = QDir(out).filePath(QDir(out).entryList({u"*.ferry"_s}, QDir::Files).first());
    QCOMPARE(on(stateB, {u"bundle"_s, u"import"_s, bundle}).code, 0);
    QCOMPARE(on(stateB, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    const QString back = dir.filePath(u"back"_s);
    QDir().mkpath(back);
    QCOMPARE(on(stateB, {u"bundle"_s, u"export"_s, u"P"_s, u"--out"_s, back}).code, 0);
    toImport = {QDir(back).filePath(QDir(back).entryList({u"*.ferry"_s}, QDir::Files).first())};
    view.findChild<QPushButton *>(u"importBundles"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(u"of which side B has up to 1"_s), 10'000);
    auto *problem = view.findChild<QLabel *>(u"pairProblem"_s);
    QVERIFY2(problem->text().contains(u"imported, 0 new changes, 1 receipts"_s), qPrintable(problem->text()));
    QCOMPARE(view.findChild<QLabel *>(u"pairLinked"_s)->text(), u"1"_s);
    // Exchanging by hand is a choice: the rounds after it do not ask for folders (#28 item 7).
    QSignalSpy notes(&runner, &PairRunner::note);
    const qsizetype roundsBefore = rounds.size();
    runner.syncNow();
    QTRY_COMPARE_WITH_TIMEOUT(rounds.size(), roundsBefore + 1, 30'000);
    for (const QList<QVariant> &note : std::as_const(notes))
        QVERIFY2(!note.at(0).toString().contains(u"exchange folders"_s), qPrintable(note.at(0).toString()));
    QVERIFY2(!problem->text().contains(u"exchange folders"_s), qPrintable(problem->text()));

    QSignalSpy stopped(&runner, &PairRunner::stopped);
    runner.stop();
    QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, 10'000);

    // A console started again with the pair stopped shows what the state knows (#28 item 7):
    // the Bundles tab, the linked issue, the list of issues; nothing was started for it.
    PairRunner stoppedRunner({stateA, u"P"_s, nullptr, 0, true});
    PairView stoppedView(&stoppedRunner, u"P"_s);
    stoppedView.show();
    auto *stoppedTabs = stoppedView.findChild<QTabWidget *>(u"pairTabs"_s);
    QVERIFY(!stoppedTabs->isTabVisible(stoppedTabs->indexOf(stoppedView.findChild<QWidget *>(u"pairBundles"_s))));
    stoppedRunner.readStoredState();
    QTRY_VERIFY(stoppedTabs->isTabVisible(stoppedTabs->indexOf(stoppedView.findChild<QWidget *>(u"pairBundles"_s))));
    QCOMPARE(stoppedView.findChild<QLabel *>(u"pairLinked"_s)->text(), u"1"_s);
    QTRY_COMPARE(stoppedView.findChild<QTableView *>(u"issueTable"_s)->model()->rowCount(), 1);
    QVERIFY(stoppedView.findChild<QLabel *>(u"bundleState"_s)->text().contains(u"of which side B has up to 1"_s));
    QCOMPARE(stoppedRunner.state(), PairRunner::State::Stopped);
}

QTEST_MAIN(TestBundlesView)
#include "tst_bundlesview.moc"
