// The console with a running pair: the demo world (two sandboxes in this process and a pair
// between them), its runner on a worker thread, and the main window's pair view driven through
// its buttons, offscreen.

#include "demo/demoworld.h"
#include "engine/pairrunner.h"
#include "testsupport.h"
#include "ui/changeschart.h"
#include "ui/issuesview.h"
#include "ui/issuetablemodel.h"
#include "ui/licensetablemodel.h"
#include "ui/mainwindow.h"
#include "ui/pairview.h"
#include "ui/sandboxmenu.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

using namespace ferry;
using namespace Qt::StringLiterals;

class TestPairView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsAndControlsARunningPair();
    void showsASiteFromTheSidebar();

private:
    QString text(const QString &name) const { return m_window->findChild<QLabel *>(name)->text(); }
    QPushButton *button(const QString &name) const { return m_window->findChild<QPushButton *>(name); }
    int rounds() const { return m_window->findChild<QTableWidget *>(u"pairRounds"_s)->rowCount(); }

    std::unique_ptr<test::InstalledLogSink> m_log;
    std::unique_ptr<MainWindow> m_window;
};

namespace {

/// The demo's sandboxes, sites and pair in its state folder; false when they did not come up.
bool startDemo(DemoWorld &world)
{
    QSignalSpy ready(&world, &DemoWorld::ready);
    world.start();
    return ready.wait(30'000) && ready.first().first().toString().isEmpty();
}

} // namespace

void TestPairView::initTestCase()
{
    test::isolateUserFolders();
    QLoggingCategory::setFilterRules(u"ferry.*.debug=false\nqt.*=false"_s);
    m_log = std::make_unique<test::InstalledLogSink>();
}

void TestPairView::showsAndControlsARunningPair()
{
    QTemporaryDir state;
    DemoWorld world(state.path());
    QVERIFY(startDemo(world));

    m_window = std::make_unique<MainWindow>(&m_log->sink());
    m_window->openState(state.path(), &m_log->sink().redactor());
    // Two consoles on one machine are told apart by their state folders (#28).
    QCOMPARE(m_window->windowTitle(), u"Ferry — "_s + QDir::toNativeSeparators(state.path()));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // With a pair's page, its tabs and the log pane, the window still fits a 1366×768 screen
    // (#28: it asked for 1,202 pixels of height).
    const QSize needs = m_window->minimumSizeHint();
    QVERIFY2(needs.width() <= 1366 && needs.height() <= 768 - 40,
             qPrintable(u"the main window needs %1×%2"_s.arg(needs.width()).arg(needs.height())));
    auto *sidebar = m_window->findChild<QTreeWidget *>(u"sidebar"_s);
    QCOMPARE(sidebar->topLevelItem(1)->child(0)->text(0), u"acme-glx"_s);
    QCOMPARE(sidebar->topLevelItem(0)->childCount(), 2);

    PairRunner &runner = *m_window->runners().value(DemoWorld::pairName());
    QCOMPARE(text(u"pairState"_s), PairView::stateText(PairRunner::State::Stopped));
    QTest::mouseClick(button(u"stopStart"_s), Qt::LeftButton); // Start
    QTRY_COMPARE_WITH_TIMEOUT(rounds(), 1, 30'000);
    QTRY_COMPARE(text(u"pairLinked"_s), u"4"_s); // 3 issues from Cloud, 1 from Data Center

    // The Rounds tab charts what each round wrote: the first carried the demo's issues both ways.
    auto *chart = m_window->findChild<ChangesChart *>(u"changesChart"_s);
    QVERIFY(chart);
    QCOMPARE(chart->points().size(), qsizetype(rounds()));
    QVERIFY(chart->points().first().toB >= 3);
    QVERIFY(chart->points().first().toA >= 1);
    QVERIFY2(chart->accessibleDescription().contains(u"changes written to B"_s),
             qPrintable(chart->accessibleDescription()));
    QVERIFY(!chart->grab().isNull());

    // The demo's sites are licensed, and the pair's start asked the license service about them.
    m_window->findChild<QAction *>(u"actionLicenses"_s)->trigger();
    auto *centre = m_window->findChild<QStackedWidget *>(u"centre"_s);
    QCOMPARE(centre->currentWidget()->objectName(), u"licensesView"_s);
    auto *licenses = centre->currentWidget()->findChild<QTableView *>(u"licenseTable"_s);
    QTRY_COMPARE(licenses->model()->rowCount(), 2);
    for (int row = 0; row < 2; ++row)
        QVERIFY(licenses->model()
                    ->index(row, LicenseTableModel::Online)
                    .data()
                    .toString()
                    .startsWith(u"validated online"_s));
    sidebar->setCurrentItem(sidebar->topLevelItem(1)->child(0));
    // A backlog shows as a bar of what is caught up, with what is left and how long it takes.
    auto *backlog = m_window->findChild<QProgressBar *>(u"pairBacklog"_s);
    QVERIFY(backlog->isHidden());
    Q_EMIT runner.backlog(400, 8);
    Q_EMIT runner.backlog(100, 2);
    QVERIFY(backlog->isVisible());
    QCOMPARE(backlog->maximum(), 400);
    QCOMPARE(backlog->value(), 300);
    QCOMPARE(backlog->text(), u"Catching up: 100 changes wait for the next rounds, about 2 s"_s);
    Q_EMIT runner.backlog(0, 0);
    QVERIFY(backlog->isHidden());
    // A site's spent hourly quota shows until when its requests wait, while it lasts.
    auto *quota = m_window->findChild<QLabel *>(u"pairQuotaPause"_s);
    QVERIFY(quota->isHidden());
    PairStatus paused;
    paused.quotaPause = PairStatus::QuotaPause{Side::A, u"acme"_s, QDateTime::currentDateTimeUtc().addSecs(3600)};
    Q_EMIT runner.statusRead(paused);
    QVERIFY(quota->isVisible());
    QVERIFY2(quota->text().contains(u"hourly quota is spent on site acme"_s), qPrintable(quota->text()));
    Q_EMIT runner.statusRead(PairStatus{});
    QVERIFY(quota->isHidden());
    // Sync ▸ Sync All Now runs a round of every pair.
    auto *syncAll = m_window->findChild<QAction *>(u"actionSyncAll"_s);
    QVERIFY(syncAll->isEnabled());
    QTRY_COMPARE(text(u"pairState"_s), PairView::stateText(PairRunner::State::Waiting));
    syncAll->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(rounds(), 2, 30'000);
    QCOMPARE(text(u"pairConflicts"_s), u"0"_s);
    QCOMPARE(text(u"pairParked"_s), u"none"_s);
    QVERIFY(text(u"pairRequests"_s).startsWith(u"A "_s));
    auto *roundTable = m_window->findChild<QTableWidget *>(u"pairRounds"_s);
    const QString firstRound = roundTable->item(roundTable->rowCount() - 1, 2)->text(); // newest on top
    QVERIFY2(firstRound.contains(u"3 found, 3 written"_s), qPrintable(firstRound));

    // A conflict, settled in the console with side A's value.
    const QString coffee = world.cloudKeys().at(2);
    QCOMPARE(
        world.call(world.dataCenter(), u"GET"_s, u"/rest/api/2/issue/GLX-4"_s)[u"fields"_s][u"summary"_s].toString(),
        u"Coffee machine leaks"_s); // its partner, created fourth
    world.call(world.cloud(), u"PUT"_s, u"/rest/api/3/issue/"_s + coffee,
               {{u"fields"_s, QJsonObject{{u"summary"_s, u"Coffee machine leaks water"_s}}}});
    world.call(world.dataCenter(), u"PUT"_s, u"/rest/api/2/issue/GLX-4"_s,
               {{u"fields"_s, QJsonObject{{u"summary"_s, u"Coffee machine is broken"_s}}}});
    auto *conflicts = m_window->findChild<QTableWidget *>(u"pairConflictTable"_s);
    QVERIFY(!button(u"takeA"_s)->isEnabled());
    QTest::mouseClick(button(u"syncNow"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(conflicts->rowCount(), 1, 30'000);
    QCOMPARE(text(u"pairConflicts"_s), u"1"_s);
    QCOMPARE(conflicts->item(0, 1)->text(), coffee + u" ⇄ GLX-4"_s);
    QCOMPARE(conflicts->item(0, 4)->text(), u"Coffee machine leaks water"_s);
    QCOMPARE(conflicts->item(0, 5)->text(), u"Coffee machine is broken"_s);
    auto *tabs = m_window->findChild<QTabWidget *>(u"pairTabs"_s);
    QCOMPARE(tabs->tabText(1), u"&Conflicts (1)"_s);
    tabs->setCurrentIndex(1);
    conflicts->selectRow(0);
    QVERIFY(button(u"takeA"_s)->isEnabled());
    // The selected conflict side by side: what was agreed, each side's value with its new words marked.
    auto *detail = m_window->findChild<QTextBrowser *>(u"conflictDetail"_s);
    const QString shown = detail->toPlainText();
    QVERIFY2(shown.contains(u"Coffee machine leaks water"_s) && shown.contains(u"Coffee machine leaks is broken"_s)
                 && shown.contains(u"Side A (%1)"_s.arg(coffee)),
             qPrintable(QString(shown).replace(u'\n', u'|')));
    QVERIFY(detail->toHtml().contains(u"#b7e4c7"_s));
    QTest::mouseClick(button(u"takeA"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(conflicts->rowCount(), 0, 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(
        world.call(world.dataCenter(), u"GET"_s, u"/rest/api/2/issue/GLX-4"_s)[u"fields"_s][u"summary"_s].toString(),
        u"Coffee machine leaks water"_s, 30'000);
    QTRY_COMPARE(text(u"pairConflicts"_s), u"0"_s);

    QCOMPARE(tabs->tabText(1), u"&Conflicts"_s);
    tabs->setCurrentIndex(0);

    // The issues: every linked one, filtered, and one ignored through its button.
    auto *issues = m_window->findChild<IssuesView *>(u"pairIssues"_s);
    QAbstractItemModelTester tester(issues->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *issueTable = issues->findChild<QTableView *>(u"issueTable"_s);
    QTRY_COMPARE(issueTable->model()->rowCount(), 4);
    for (int row = 0; row < 4; ++row)
        QTRY_COMPARE_WITH_TIMEOUT(issueTable->model()->index(row, IssueTableModel::State).data().toString(),
                                  IssueTableModel::stateText(IssueSync::State::UpToDate), 30'000);
    issues->findChild<QLineEdit *>(u"issueFilter"_s)->setText(u"glx-4"_s);
    QCOMPARE(issueTable->model()->rowCount(), 1);
    QCOMPARE(issueTable->model()->index(0, IssueTableModel::SideA).data().toString(), coffee);
    auto *ignore = issues->findChild<QPushButton *>(u"ignoreIssue"_s);
    QVERIFY(!ignore->isEnabled());
    QVERIFY(!issues->findChild<QPushButton *>(u"recreatePartner"_s)->isEnabled());
    issueTable->selectRow(0);
    QVERIFY(ignore->isEnabled());
    // Its recent changes, read for the selection: the conflict's two sides and the settled value.
    auto *recent = issues->findChild<QListWidget *>(u"issueRecent"_s);
    QTRY_VERIFY_WITH_TIMEOUT(recent->count() > 0, 30'000);
    QVERIFY2(recent->item(0)->text().contains(u"set-field summary = Coffee machine leaks water"_s),
             qPrintable(recent->item(0)->text()));
    QTest::mouseClick(ignore, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(issueTable->model()->index(0, IssueTableModel::State).data().toString(),
                              IssueTableModel::stateText(IssueSync::State::Ignored), 30'000);
    QTRY_VERIFY(text(u"pairProblem"_s).contains(u"are left alone from now on"_s));
    // Relinked to its own partner, it syncs again; the key is asked without a dialog here.
    issues->setKeyAsker([](QWidget *, const QString &) { return u"glx-4"_s; });
    issueTable->selectRow(0);
    QTest::mouseClick(issues->findChild<QPushButton *>(u"relinkIssue"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(issueTable->model()->index(0, IssueTableModel::State).data().toString(),
                              IssueTableModel::stateText(IssueSync::State::UpToDate), 30'000);
    // Open in Browser shows the issue and its partner on their sites.
    QList<QUrl> opened;
    issues->setUrlOpener([&](const QUrl &url) { opened << url; });
    QTest::mouseClick(issues->findChild<QPushButton *>(u"openIssue"_s), Qt::LeftButton);
    QCOMPARE(opened,
             (QList<QUrl>{QUrl(world.cloudUrl().toString() + u"/browse/"_s + coffee),
                          QUrl(world.dataCenterUrl().toString() + u"/browse/GLX-4"_s)}));
    QTest::mouseClick(issues->findChild<QPushButton *>(u"resyncIssue"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(text(u"pairProblem"_s).contains(u"sends %1 again"_s.arg(coffee)), 30'000);
    issues->findChild<QLineEdit *>(u"issueFilter"_s)->clear();
    QCOMPARE(issueTable->model()->rowCount(), 4);
    const int roundsSoFar = rounds();

    // Pause, then "Sync Now" runs a round while paused; Resume goes on.
    QTRY_VERIFY(button(u"pauseResume"_s)->isEnabled());
    QTest::mouseClick(button(u"pauseResume"_s), Qt::LeftButton);
    QTRY_COMPARE(text(u"pairState"_s), PairView::stateText(PairRunner::State::Paused));
    QCOMPARE(button(u"pauseResume"_s)->text(), u"&Resume"_s);
    world.call(world.cloud(), u"POST"_s, u"/rest/api/3/issue"_s,
               {{u"fields"_s,
                 QJsonObject{{u"project"_s, QJsonObject{{u"key"_s, u"ACME"_s}}},
                             {u"issuetype"_s, QJsonObject{{u"name"_s, u"Task"_s}}},
                             {u"summary"_s, u"Made while paused"_s}}}});
    QTest::mouseClick(button(u"syncNow"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(rounds(), roundsSoFar + 1, 30'000);
    QTRY_COMPARE(text(u"pairLinked"_s), u"5"_s);
    QTRY_COMPARE(text(u"pairState"_s), PairView::stateText(PairRunner::State::Paused));
    QTest::mouseClick(button(u"pauseResume"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(rounds(), roundsSoFar + 2, 30'000);

    // Stop lets go of the pair; Start takes it up again.
    QTest::mouseClick(button(u"stopStart"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(text(u"pairState"_s), PairView::stateText(PairRunner::State::Stopped), 30'000);
    QCOMPARE(button(u"stopStart"_s)->text(), u"S&tart"_s);
    QVERIFY(!button(u"syncNow"_s)->isEnabled());
    // The menu's actions reach a stopped pair too, and do nothing to it.
    m_window->findChild<QAction *>(u"actionSyncAll"_s)->trigger();
    m_window->findChild<QAction *>(u"actionPauseAll"_s)->trigger();
    QTest::qWait(200);
    QCOMPARE(text(u"pairState"_s), PairView::stateText(PairRunner::State::Stopped));
    QTest::mouseClick(button(u"stopStart"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(rounds(), roundsSoFar + 3, 30'000);

    // The demo's Sandbox menu: an edit, a new issue and a conflict, as people would make them.
    auto *sandbox = new SandboxMenu(&world, m_window.get());
    m_window->menuBar()->addMenu(sandbox);
    sandbox->findChild<QAction *>(u"actionEditDataCenter"_s)->trigger();
    QVERIFY2(m_window->statusBar()->currentMessage().startsWith(u"GLX-"_s),
             qPrintable(m_window->statusBar()->currentMessage()));
    sandbox->findChild<QAction *>(u"actionNewCloud"_s)->trigger();
    QVERIFY2(m_window->statusBar()->currentMessage().startsWith(u"ACME-"_s),
             qPrintable(m_window->statusBar()->currentMessage()));
    sandbox->findChild<QAction *>(u"actionProvokeConflict"_s)->trigger();
    QVERIFY2(m_window->statusBar()->currentMessage().contains(u"changed differently on each side"_s),
             qPrintable(m_window->statusBar()->currentMessage()));
    const QStringList provoked = m_window->statusBar()->currentMessage().split(u' '); // "ACME-1 and GLX-2: …"
    QTest::mouseClick(button(u"syncNow"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(text(u"pairConflicts"_s), u"1"_s, 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(text(u"pairLinked"_s), u"6"_s, 30'000);
    // Settled with a merged value of the admin's making: written on both sides.
    auto *view = m_window->findChild<PairView *>(u"pairView"_s);
    QString asked;
    view->setValueAsker([&](QWidget *, const QString &field, const QString &start, bool lines) {
        asked = field + u": "_s + start;
        asked += lines ? u" (over lines)"_s : u" (one line)"_s; // a summary is one line (#28)
        // The admin takes a while: a round passes and refreshes the conflicts while the dialog is
        // open; the value still settles the conflict it was typed for (#28).
        QSignalSpy refreshed(&runner, &PairRunner::statusRead);
        runner.syncNow();
        refreshed.wait(30'000);
        return std::optional(u"Changed on both sides, merged"_s);
    });
    // A settle that fails says so in red on the pair page; a later success replaces it (#28).
    auto *problemLine = m_window->findChild<QLabel *>(u"pairProblem"_s);
    runner.resolveConflict(987654, Side::A);
    QTRY_VERIFY(problemLine->isVisible() && problemLine->text().startsWith(u"conflict #987654: "_s));
    QVERIFY(problemLine->property("problem").toBool());
    tabs->setCurrentIndex(1);
    QTRY_COMPARE(conflicts->rowCount(), 1);
    conflicts->selectRow(0);
    QVERIFY(button(u"mergeValue"_s)->isEnabled());
    QTest::mouseClick(button(u"mergeValue"_s), Qt::LeftButton);
    QVERIFY2(asked.startsWith(u"summary: Changed on Cloud"_s) && asked.endsWith(u" (one line)"_s), qPrintable(asked));
    QTRY_COMPARE_WITH_TIMEOUT(text(u"pairConflicts"_s), u"0"_s, 30'000);
    QVERIFY2(problemLine->text().contains(u"settled with the value given"_s), qPrintable(problemLine->text()));
    QVERIFY(!problemLine->property("problem").toBool());
    const QString cloudKey = provoked.value(0);
    const QString dcKey = provoked.value(2).remove(u':');
    QTRY_COMPARE_WITH_TIMEOUT(
        world.call(world.cloud(), u"GET"_s, u"/rest/api/3/issue/"_s + cloudKey)[u"fields"_s][u"summary"_s].toString(),
        u"Changed on both sides, merged"_s, 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(
        world.call(world.dataCenter(), u"GET"_s, u"/rest/api/2/issue/"_s + dcKey)[u"fields"_s][u"summary"_s].toString(),
        u"Changed on both sides, merged"_s, 30'000);
    QSignalSpy stopped(&runner, &PairRunner::stopped);
    runner.stop();
    QVERIFY(stopped.wait(30'000));
    m_window.reset();
}

void TestPairView::showsASiteFromTheSidebar()
{
    // Clicking a site in the sidebar did nothing (#28): it shows the site, the pairs that use it,
    // and checks it on demand.
    QTemporaryDir state;
    DemoWorld world(state.path());
    QVERIFY(startDemo(world));
    m_window = std::make_unique<MainWindow>(&m_log->sink());
    m_window->openState(state.path(), &m_log->sink().redactor());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    auto *sidebar = m_window->findChild<QTreeWidget *>(u"sidebar"_s);
    QTreeWidgetItem *site = sidebar->topLevelItem(0)->child(0);
    sidebar->setCurrentItem(site);
    auto *centre = m_window->findChild<QStackedWidget *>(u"centre"_s);
    QWidget *shown = centre->currentWidget();
    QCOMPARE(shown->objectName(), u"siteView"_s);
    QVERIFY(shown->findChild<QLabel *>(u"siteAddress"_s)->text().startsWith(u"http://127.0.0.1:"_s));
    QCOMPARE(shown->findChild<QLabel *>(u"sitePairs"_s)->text(), DemoWorld::pairName());
    QTest::mouseClick(shown->findChild<QPushButton *>(u"checkSite"_s), Qt::LeftButton);
    auto *verdict = shown->findChild<QLabel *>(u"siteVerdict"_s);
    QTRY_VERIFY2_WITH_TIMEOUT(verdict->text().startsWith(u"Ready at "_s), qPrintable(verdict->text()), 20'000);
    QVERIFY(shown->findChild<QListWidget *>(u"siteChecks"_s)->count() > 0);
    m_window.reset();
}

QTEST_MAIN(TestPairView)
#include "tst_pairview.moc"
