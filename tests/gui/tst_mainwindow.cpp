#include "core/logcategories.h"
#include "core/version.h"
#include "logfeeder.h"
#include "testsupport.h"
#include "ui/logfiltermodel.h"
#include "ui/logmodel.h"
#include "ui/logpane.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QScreen>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTranslator>
#include <QTreeView>

using namespace ferry;
using namespace Qt::StringLiterals;

namespace {
constexpr int feederThreads = 2;
constexpr int perThread = 500;
constexpr int total = feederThreads * perThread;
} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void showsShellWithLogPane();
    void showsEntriesFromWorkerThreads();
    void filtersByLevelThroughTheWidgets();
    void filtersByTextThroughTheWidgets();
    void filtersByPairThroughTheWidgets();
    void problemButtonShowsWarningsAndErrors();
    void copiesAndExportsWhatIsShown();
    void clearEmptiesThePane();
    void remembersLayoutAcrossRestarts();
    void shipsGermanTranslation();
    void keepsTheDemoSandboxesInSight();

private:
    std::unique_ptr<test::InstalledLogSink> m_log;
    std::unique_ptr<MainWindow> m_window;

    QTreeView *view() const { return m_window->findChild<QTreeView *>(u"logView"_s); }
    void feed();
};

void TestMainWindow::initTestCase()
{
    // The log pane shows Qt's own messages too; the offscreen platform's uncategorized
    // warnings would make the counts below depend on the platform.
    QLoggingCategory::setFilterRules(u"qt.*=false\ndefault.warning=false\nferry.*.debug=true"_s);
    test::isolateUserFolders();
    setApplicationIdentity();
}

void TestMainWindow::init()
{
    m_window.reset();
    m_log.reset(); // before the next one is installed
    m_log = std::make_unique<test::InstalledLogSink>();
    m_window = std::make_unique<MainWindow>(&m_log->sink());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::feed()
{
    test::LogFeeder feeder(feederThreads, perThread);
    feeder.start();
    // The GUI thread keeps running its event loop while the workers log.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->logPane()->model()->rowCount(), total, 10'000);
    feeder.join();
}

void TestMainWindow::showsShellWithLogPane()
{
    QCOMPARE(m_window->windowTitle(), u"Ferry"_s);
    auto *logDock = m_window->findChild<QDockWidget *>(u"logDock"_s);
    QVERIFY(logDock);
    QVERIFY(logDock->isVisible());
    QVERIFY(m_window->findChild<QDockWidget *>(u"sidebarDock"_s)->isVisible());
    QVERIFY(m_window->findChild<QLabel *>(u"welcomeText"_s)->text().contains(u"No sync pairs yet"_s));
    QStringList menus;
    for (QAction *action : m_window->menuBar()->actions())
        menus << action->text().remove(u'&');
    QCOMPARE(menus, (QStringList{u"File"_s, u"Sync"_s, u"View"_s, u"Help"_s}));
    const QString about = MainWindow::aboutText(u"/tmp/x.log"_s);
    QVERIFY(about.contains(versionString()));
    QVERIFY(about.contains(QString::fromLatin1(qVersion())));
}

void TestMainWindow::showsEntriesFromWorkerThreads()
{
    feed();
    QCOMPARE(view()->model()->rowCount(), total);
    // Following the tail: the newest entry is in view.
    const QModelIndex last = view()->model()->index(total - 1, LogModel::MessageColumn);
    QVERIFY(view()->viewport()->rect().intersects(view()->visualRect(last)));
}

void TestMainWindow::filtersByLevelThroughTheWidgets()
{
    feed();
    auto *level = m_window->findChild<QComboBox *>(u"logLevelFilter"_s);
    level->setFocus();
    level->setCurrentIndex(level->findData(int(LogLevel::Warning)));
    const int problems
        = feederThreads * (test::LogFeeder::warningsPer(perThread) + test::LogFeeder::criticalsPer(perThread));
    QCOMPARE(view()->model()->rowCount(), problems);
    for (int row = 0; row < view()->model()->rowCount(); ++row)
        QVERIFY(view()->model()->index(row, 0).data(LogModel::LevelRole).toInt() >= int(LogLevel::Warning));

    level->setCurrentIndex(level->findData(int(LogLevel::Critical)));
    QCOMPARE(view()->model()->rowCount(), feederThreads * test::LogFeeder::criticalsPer(perThread));
}

void TestMainWindow::filtersByTextThroughTheWidgets()
{
    feed();
    auto *text = m_window->findChild<QLineEdit *>(u"logTextFilter"_s);
    text->setFocus();
    QTest::keyClicks(text, u"ENTRY 42 "_s); // case-insensitive; entry 42 of each thread
    QTRY_COMPARE(view()->model()->rowCount(), feederThreads);
    QTest::keyClick(text, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(text, Qt::Key_Backspace);
    QTRY_COMPARE(view()->model()->rowCount(), total);
}

void TestMainWindow::filtersByPairThroughTheWidgets()
{
    feed();
    auto *pair = m_window->findChild<QComboBox *>(u"logPairFilter"_s);
    QTRY_COMPARE(pair->count(), 1 + feederThreads);
    pair->setCurrentIndex(pair->findData(u"pair-1"_s));
    QCOMPARE(view()->model()->rowCount(), perThread);
}

void TestMainWindow::problemButtonShowsWarningsAndErrors()
{
    feed();
    auto *problems = m_window->findChild<QToolButton *>(u"problemCount"_s);
    const int warnings = feederThreads * test::LogFeeder::warningsPer(perThread);
    const int errors = feederThreads * test::LogFeeder::criticalsPer(perThread);
    QTRY_VERIFY2(problems->text().contains(QString::number(warnings)), qPrintable(problems->text()));
    QVERIFY(problems->text().contains(QString::number(errors)));
    m_window->findChild<QDockWidget *>(u"logDock"_s)->hide();
    QTest::mouseClick(problems, Qt::LeftButton);
    QVERIFY(m_window->findChild<QDockWidget *>(u"logDock"_s)->isVisible());
    QCOMPARE(view()->model()->rowCount(), warnings + errors);
}

void TestMainWindow::copiesAndExportsWhatIsShown()
{
    feed();
    auto *text = m_window->findChild<QLineEdit *>(u"logTextFilter"_s);
    QTest::keyClicks(text, u"entry 7 "_s);
    QTRY_COMPARE(view()->model()->rowCount(), feederThreads);

    view()->setFocus();
    view()->selectAll();
    QTest::keyClick(view(), Qt::Key_C, Qt::ControlModifier);
    const QStringList copied = QApplication::clipboard()->text().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(copied.size(), feederThreads);
    QVERIFY(copied.first().contains(u"thread 0 entry 7 "_s) || copied.first().contains(u"thread 1 entry 7 "_s));

    QTemporaryDir dir;
    const QString path = dir.filePath(u"export.log"_s);
    m_window->logPane()->setSavePathChooser([&](QWidget *, const QString &suggested) {
        [&] { QVERIFY(suggested.endsWith(u".log"_s)); }();
        return path;
    });
    QTest::mouseClick(m_window->findChild<QToolButton *>(u"logExport"_s), Qt::LeftButton);
    const QStringList exported = test::readTextFile(path).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(exported.size(), feederThreads);
    QVERIFY(exported.first().contains(u" ferry.engine [pair=pair-"_s));

    // A path that cannot be written: a clear warning in the log, nothing half-written.
    QVERIFY(!m_window->logPane()->exportTo(dir.filePath(u"missing-folder/x/export.log"_s)));
    QTRY_VERIFY(m_log->sink().entriesAfter(total).size() >= 1);
    const LogEntry problem = m_log->sink().entriesAfter(total).constLast();
    QCOMPARE(problem.level, LogLevel::Warning);
    QVERIFY2(problem.message.contains(u"Could not export the log"_s), qPrintable(problem.message));
}

void TestMainWindow::clearEmptiesThePane()
{
    feed();
    QTest::mouseClick(m_window->findChild<QToolButton *>(u"logClear"_s), Qt::LeftButton);
    QCOMPARE(view()->model()->rowCount(), 0);
    QVERIFY(m_window->findChild<QLabel *>(u"logCount"_s)->text().startsWith(u"0 of 0"_s));
    qCInfo(lcUi) << "after clear";
    QTRY_COMPARE(view()->model()->rowCount(), 1);
}

void TestMainWindow::remembersLayoutAcrossRestarts()
{
    m_window->findChild<QDockWidget *>(u"logDock"_s)->hide();
    m_window->resize(700, 500);
    auto *level = m_window->findChild<QComboBox *>(u"logLevelFilter"_s);
    level->setCurrentIndex(level->findData(int(LogLevel::Critical)));
    m_window->close();

    m_window = std::make_unique<MainWindow>(&m_log->sink());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(!m_window->findChild<QDockWidget *>(u"logDock"_s)->isVisible());
    QCOMPARE(m_window->size(), QSize(700, 500));
    QCOMPARE(m_window->logPane()->filterModel()->minimumLevel(), LogLevel::Critical);

    // A size kept on a larger screen is cut to this one's (#28).
    const QSize available = m_window->screen()->availableGeometry().size();
    m_window->resize(available + QSize(600, 400));
    m_window->close();
    m_window = std::make_unique<MainWindow>(&m_log->sink());
    QVERIFY2(available.expandedTo(m_window->size()) == available,
             qPrintable(u"%1×%2 on a screen of %3×%4"_s.arg(m_window->width())
                            .arg(m_window->height())
                            .arg(available.width())
                            .arg(available.height())));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    auto *reset = m_window->findChild<QAction *>(u"actionResetLayout"_s);
    QVERIFY(reset);
    reset->trigger();
    QVERIFY(m_window->findChild<QDockWidget *>(u"logDock"_s)->isVisible());
    m_window->close();
    test::isolateUserFolders();
}

void TestMainWindow::shipsGermanTranslation()
{
    QTranslator german;
    QVERIFY(german.load(QLocale(QLocale::German), u"ferry"_s, u"_"_s, u":/i18n"_s));
    QCOMPARE(german.translate("ferry::MainWindow", "&File"), u"&Datei"_s);
    QCOMPARE(german.translate("ferry::LogPane", "Errors only"), u"Nur Fehler"_s);
}

void TestMainWindow::keepsTheDemoSandboxesInSight()
{
    m_window->showDemoSandboxes(QUrl(u"http://127.0.0.1:8101"_s), QUrl(u"http://127.0.0.1:8102"_s));
    auto *sandboxes = m_window->findChild<QLabel *>(u"demoSandboxes"_s);
    QVERIFY(sandboxes);
    QVERIFY(sandboxes->text().contains(u"http://127.0.0.1:8101"_s));
    QVERIFY(sandboxes->text().contains(u"http://127.0.0.1:8102"_s));
    // Another message comes and goes: the addresses stay.
    m_window->statusBar()->showMessage(u"The answer was not imported"_s, 10'000);
    QVERIFY(sandboxes->isVisible());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
