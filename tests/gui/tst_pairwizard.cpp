// The pair wizard, driven the whole way through offscreen against a Jira Cloud and a Jira Data
// Center sandbox over loopback HTTP, with the state in a real SQLite file and the new site's
// secret in the real keychain: mode, sites (a wrong secret first), scopes with live counts,
// mappings (undo, and a problem shown at its row), options, licenses, a dry run that writes
// nothing, and a pair that is stored, started and syncs; then the pair's Configuration tab:
// undo, an imported file refused at its row, revert, a saved version 2 the running pair
// restarts with, and an export. A pair exchanged by files set up on two consoles by handshake, its
// bundles carried through two folders, and a configuration published, offered and accepted; and
// one exchanged by e-mail through real Postfix and Dovecot servers (as root, like CI).

#include "core/pairconfig.h"
#include "engine/pairrunner.h"
#include "jira/site.h"
#include "mailservers.h"
#include "sandboxfixture.h"
#include "store/exchangerepository.h"
#include "store/pairrepository.h"
#include "store/statestore.h"
#include "testsupport.h"
#include "ui/mainwindow.h"
#include "ui/mappingeditor.h"
#include "ui/paireditor.h"
#include "ui/pairoptionseditor.h"
#include "ui/pairwizard.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLoggingCategory>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QUndoStack>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

class TestPairWizard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void setsUpADirectPairThenEditsIt();
    void setsUpAFilePairByHandshake();
    void setsUpAnEmailPairByHandshake();
    void showsNoLiteralAmpersands();
    void fitsASmallScreen();
    void asksNoUserWithAPersonalAccessToken();
    void takesASecretReferenceTypedAsTheSecret();
    void startsTheSidesOnDifferentSites();
    void warnsOfProjectsPairedAlready();
    void givesMappingNamesTheWidth();
    void undoesAMappingEditWithCtrlZ();
    void pairsTheUsersWithoutAPartner();
};

void TestPairWizard::initTestCase()
{
    isolateUserFolders();
    QLoggingCategory::setFilterRules(u"ferry.*.debug=false\nqt.*=false"_s);
}

namespace {

/// Starts a Cloud sandbox with project ACME and a Data Center one with project GLX.
bool startWithProjects(SandboxFixture &cloud, SandboxFixture &dc)
{
    if (!cloud.start() || !dc.start())
        return false;
    cloud.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    dc.server().seedProject(u"GLX"_s, u"Galaxy"_s, 0);
    return true;
}

template <typename T> T *child(QObject *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qWarning().noquote() << "no child named" << name;
    return found;
}

/// Writes a key map file and has the options editor read it, as Read Key Map… does; false when
/// the file cannot be written.
bool readKeyMap(PairOptionsEditor *options, const QString &path, const QByteArray &lines)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(lines) != lines.size())
        return false;
    file.close();
    options->setKeyMapChooser([path] { return path; });
    QTest::mouseClick(options->findChild<QPushButton *>(QStringLiteral("readKeyMap")), Qt::LeftButton);
    return true;
}

/// With FERRY_SCREENSHOTS=DIR, the wizard's pages are saved there as the README shows them.
void screenshot(QWidget *window, const QString &name)
{
    const QString folder = qEnvironmentVariable("FERRY_SCREENSHOTS");
    if (!folder.isEmpty())
        window->grab().save(folder + u'/' + name);
}

QString listText(QListWidget *list)
{
    QStringList lines;
    for (int i = 0; i < list->count(); ++i)
        lines << list->item(i)->text();
    return lines.join(u'\n');
}

} // namespace

void TestPairWizard::setsUpADirectPairThenEditsIt()
{
    SandboxFixture cloud(sandbox::Flavor::Cloud);
    SandboxFixture dc(sandbox::Flavor::DataCenter);
    QVERIFY(startWithProjects(cloud, dc));
    QVERIFY(!cloud.createIssue(u"ACME"_s, {{u"summary"_s, u"Printer on fire"_s}, {u"labels"_s, QJsonArray{u"keep"_s}}})
                 .isEmpty());
    QVERIFY(!cloud.createIssue(u"ACME"_s, {{u"summary"_s, u"Coffee machine empty"_s}}).isEmpty());
    QVERIFY(!dc.createIssue(u"GLX"_s, {{u"summary"_s, u"Rocket needs fuel"_s}}).isEmpty());

    // Side B is a configured site whose secret comes from the environment; side A is added in the wizard.
    QTemporaryDir state;
    qputenv("WIZARD_DC_PASSWORD", "admin");
    SiteRegistry registry(state.path());
    Site glx;
    glx.name = u"glx"_s;
    glx.url = QUrl(dc.baseUrl());
    glx.user = u"admin"_s;
    QString error;
    QVERIFY(SecretRef::parse(u"env:WIZARD_DC_PASSWORD"_s, &glx.secret, &error));
    registry.put(glx);
    QVERIFY2(registry.save(&error), qPrintable(error));
    QVERIFY(licenseSandboxes(state.path(), cloud, {&cloud, &dc}));

    InstalledLogSink log;
    MainWindow window(&log.sink());
    window.openState(state.path(), &log.sink().redactor());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    PairWizard *wizard = nullptr;
    connect(&window, &MainWindow::wizardOpened, this, [&wizard](PairWizard *opened) { wizard = opened; });
    window.findChild<QAction *>(u"actionNewPair"_s)->trigger();
    QVERIFY(wizard);
    QVERIFY(QTest::qWaitForWindowExposed(wizard));
    QAbstractButton *next = wizard->button(QWizard::NextButton);

    // Mode: each explained with what it needs; a direct one goes on to both sites.
    QCOMPARE(wizard->currentId(), int(PairWizard::ModePage));
    QTest::mouseClick(child<QRadioButton>(wizard, u"modeEmail"_s), Qt::LeftButton);
    QVERIFY(child<QLabel>(wizard, u"modeExplanation"_s)->text().contains(u"a mailbox for each console"_s));
    QTest::mouseClick(child<QRadioButton>(wizard, u"modeDataCenter"_s), Qt::LeftButton);
    QVERIFY(next->isEnabled());
    QCOMPARE(wizard->mode(), ConnectionMode::DataCenter);
    screenshot(wizard, u"wizard-mode.png"_s);
    wizard->next();

    // Sites: a new Cloud site, first with a wrong token, then the right one; the configured DC site.
    QCOMPARE(wizard->currentId(), int(PairWizard::SitesPage));
    QVERIFY(!next->isEnabled());
    auto *choiceA = child<QComboBox>(wizard, u"siteChoiceA"_s);
    QCOMPARE(choiceA->count(), 2); // glx, New site…
    choiceA->setCurrentIndex(1);
    QVERIFY(child<QLineEdit>(wizard, u"siteNameA"_s)->isEnabled());
    QTest::keyClicks(child<QLineEdit>(wizard, u"siteNameA"_s), u"acme"_s);
    QTest::keyClicks(child<QLineEdit>(wizard, u"siteUrlA"_s), cloud.baseUrl());
    QTest::keyClicks(child<QLineEdit>(wizard, u"siteUserA"_s), u"admin@example.com"_s);
    QTest::keyClicks(child<QLineEdit>(wizard, u"siteSecretA"_s), u"wrong-token"_s);
    child<QComboBox>(wizard, u"projectA"_s)->setEditText(u"ACME"_s);
    auto *verdictA = child<QLabel>(wizard, u"siteVerdictA"_s);
    QTest::mouseClick(child<QPushButton>(wizard, u"checkSiteA"_s), Qt::LeftButton);
    // While it waits, it says for what and how long (#28).
    QVERIFY2(verdictA->text().contains(u"s: waiting for the site to answer"_s), qPrintable(verdictA->text()));
    QTRY_VERIFY_WITH_TIMEOUT(verdictA->text().startsWith(u"Not ready"_s), 20'000);
    auto *checksA = child<QListWidget>(wizard, u"siteChecksA"_s);
    QVERIFY2(listText(checksA).contains(u"✗ authentication"_s), qPrintable(listText(checksA)));
    // The fix names the console's own control, and reads whole (#28).
    QVERIFY2(listText(checksA).contains(u"\"Sign in with\" choice"_s), qPrintable(listText(checksA)));
    QVERIFY(checksA->wordWrap());
    auto *secretA = child<QLineEdit>(wizard, u"siteSecretA"_s);
    secretA->selectAll();
    QTest::keyClicks(secretA, u"sandbox-token"_s);
    QVERIFY(verdictA->text().contains(u"again"_s)); // the edit made the check stale
    QTest::mouseClick(child<QPushButton>(wizard, u"checkSiteA"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(verdictA->text().startsWith(u"Ready"_s), 20'000);
    QVERIFY(listText(child<QListWidget>(wizard, u"siteChecksA"_s)).contains(u"✓ permission: Create Issues"_s));

    QCOMPARE(child<QComboBox>(wizard, u"siteChoiceB"_s)->currentText(), u"glx (%1)"_s.arg(dc.baseUrl()));
    QVERIFY(!child<QLineEdit>(wizard, u"siteSecretB"_s)->isEnabled());
    child<QComboBox>(wizard, u"projectB"_s)->setEditText(u"GLX"_s);
    QTest::mouseClick(child<QPushButton>(wizard, u"checkSiteB"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(wizard, u"siteVerdictB"_s)->text().startsWith(u"Ready"_s), 20'000);
    QVERIFY(child<QComboBox>(wizard, u"projectB"_s)->findData(u"GLX"_s) >= 0); // the site's projects to pick from
    QTRY_VERIFY(next->isEnabled());
    screenshot(wizard, u"wizard-sites.png"_s);
    wizard->next();

    // Scope: counts as the sites answer them, live as the query changes.
    QCOMPARE(wizard->currentId(), int(PairWizard::ScopePage));
    auto *countA = child<QLabel>(wizard, u"scopeCountA"_s);
    QTRY_COMPARE_WITH_TIMEOUT(countA->text(), u"2 issue(s) match."_s, 20'000);
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(wizard, u"scopeCountB"_s)->text(), u"1 issue(s) match."_s, 20'000);
    QCOMPARE(child<QLineEdit>(wizard, u"pairName"_s)->text(), u"acme-glx"_s);
    QTest::keyClicks(child<QLineEdit>(wizard, u"scopeA"_s), u" AND labels = keep"_s);
    QTRY_COMPARE_WITH_TIMEOUT(countA->text(), u"1 issue(s) match."_s, 20'000);
    QTRY_VERIFY(next->isEnabled());
    wizard->next();

    // Mappings: suggested, editable with undo, checked against the sites before going on.
    QCOMPARE(wizard->currentId(), int(PairWizard::MappingPage));
    auto *editor = child<MappingEditor>(wizard, u"mappingEditor"_s);
    child<QTabWidget>(editor, u"mappingTabs"_s)->setCurrentIndex(2);
    child<QTableView>(editor, u"fieldMappings"_s)->selectRow(3);
    screenshot(wizard, u"wizard-mapping.png"_s);
    child<QTabWidget>(editor, u"mappingTabs"_s)->setCurrentIndex(0);
    auto *types = child<QTableView>(editor, u"issueTypeMappings"_s);
    auto *typeModel = qobject_cast<MappingTableModel *>(types->model());
    QAbstractItemModelTester tester(typeModel, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(typeModel->rowCount() > 0);
    auto *statusModel = qobject_cast<MappingTableModel *>(child<QTableView>(editor, u"statusMappings"_s)->model());
    const ValueMapping firstStatus = statusModel->mappings().first();
    QVERIFY(statusModel->setData(statusModel->index(0, MappingTableModel::DirectionColumn), u"a-to-b"_s));
    QCOMPARE(statusModel->mappings().first().direction, Direction::AToB);
    QCOMPARE(editor->undoStack()->count(), 1);
    editor->undoStack()->undo();
    QCOMPARE(statusModel->mappings().first().direction, firstStatus.direction);
    const int rows = typeModel->rowCount();
    QTest::mouseClick(child<QPushButton>(editor, u"issueTypeMappingsAdd"_s), Qt::LeftButton);
    QCOMPARE(typeModel->rowCount(), rows + 1);
    QVERIFY(typeModel->setData(typeModel->index(rows, MappingTableModel::SideA), u"no-such-type"_s));
    wizard->next();
    QCOMPARE(wizard->currentId(), int(PairWizard::MappingPage)); // refused: the problem is at its row
    QVERIFY2(typeModel->index(rows, MappingTableModel::Note).data().toString().contains(u"no-such-type"_s),
             qPrintable(typeModel->index(rows, MappingTableModel::Note).data().toString()));
    types->setCurrentIndex(typeModel->index(rows, 0));
    QTest::mouseClick(child<QPushButton>(editor, u"issueTypeMappingsRemove"_s), Qt::LeftButton);
    QCOMPARE(typeModel->rowCount(), rows);
    wizard->next();

    // Options: worklogs stay on their side.
    QCOMPARE(wizard->currentId(), int(PairWizard::OptionsPage));
    auto *worklogs = child<QCheckBox>(wizard, u"worklogsSync"_s);
    QVERIFY2(worklogs->isVisible(), qPrintable(QString::number(worklogs->width())));
    QTest::mouseClick(worklogs, Qt::LeftButton, {}, QPoint(6, worklogs->height() / 2));
    QVERIFY(!child<QCheckBox>(wizard, u"worklogsSync"_s)->isChecked());
    // … and links to issues outside the pair become remote links.
    auto *outside = child<QComboBox>(wizard, u"linksOutside"_s);
    outside->setCurrentIndex(outside->findData(u"remote"_s));
    Q_EMIT outside->activated(outside->currentIndex());
    screenshot(wizard, u"wizard-options.png"_s);

    // A key map pairs the two issues in scope: the dry run links them instead of creating copies.
    auto *matchBy = child<QComboBox>(wizard, u"matchBy"_s);
    matchBy->setCurrentIndex(matchBy->findData(u"keys"_s));
    Q_EMIT matchBy->activated(matchBy->currentIndex());
    QVERIFY(
        readKeyMap(wizard->findChild<PairOptionsEditor *>(), state.filePath(u"wizard-keys.csv"_s), "ACME-1,GLX-1\n"));
    wizard->next();
    QCOMPARE(wizard->currentId(), int(PairWizard::SummaryPage));
    QTest::mouseClick(child<QPushButton>(wizard, u"dryRun"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(wizard, u"dryRunResult"_s)->text().contains(u"would create"_s), 20'000);
    QVERIFY2(child<QLabel>(wizard, u"dryRunResult"_s)
                 ->text()
                 .startsWith(u"The first sync would create 0 issue(s) on glx and 0 on acme, and link 1 pair(s)"_s),
             qPrintable(child<QLabel>(wizard, u"dryRunResult"_s)->text()));
    QCOMPARE(child<QTableWidget>(wizard, u"dryRunTable"_s)->item(0, 2)->text(),
             u"link to GLX-1 (a match; side A's content wins)"_s);
    // Back: no matching after all.
    wizard->back();
    matchBy->setCurrentIndex(matchBy->findData(u"none"_s));
    Q_EMIT matchBy->activated(matchBy->currentIndex());
    wizard->next();

    // Summary: the licenses the mode needs, and a dry run that writes nothing.
    QCOMPARE(wizard->currentId(), int(PairWizard::SummaryPage));
    auto *summary = child<QTextBrowser>(wizard, u"pairSummaryText"_s);
    QTRY_VERIFY_WITH_TIMEOUT(summary->toPlainText().contains(u"Licenses (Data Center"_s), 20'000);
    QVERIFY2(!summary->toPlainText().contains(u"✗"_s), qPrintable(summary->toPlainText()));
    cloud.resetStatistics();
    dc.resetStatistics();
    QTest::mouseClick(child<QPushButton>(wizard, u"dryRun"_s), Qt::LeftButton);
    auto *dryRun = child<QLabel>(wizard, u"dryRunResult"_s);
    // While it reads, it says what and how far, against the Scope page's counts (#28).
    auto *progress = child<QProgressBar>(wizard, u"dryRunProgress"_s);
    QVERIFY(progress->isVisible());
    QCOMPARE(progress->maximum(), 2); // one issue in each scope (side A narrowed to labels = keep)
    QVERIFY2(dryRun->text().startsWith(u"Reading both scopes: 0 of 1 issues on side A, 0 of 1 on side B"_s),
             qPrintable(dryRun->text()));
    QTRY_VERIFY_WITH_TIMEOUT(dryRun->text().contains(u"would create"_s), 20'000);
    QVERIFY(!progress->isVisible());
    QVERIFY2(dryRun->text().startsWith(u"The first sync would create 1 issue(s) on glx and 1 on acme"_s),
             qPrintable(dryRun->text()));
    auto *table = child<QTableWidget>(wizard, u"dryRunTable"_s);
    QCOMPARE(table->rowCount(), 2);
    screenshot(wizard, u"wizard-summary.png"_s);
    QStringList actions;
    for (int row = 0; row < table->rowCount(); ++row)
        actions << table->item(row, 0)->text() + u' ' + table->item(row, 2)->text();
    QVERIFY2(actions.contains(u"ACME-1 create on glx as Task, status Open"_s), qPrintable(actions.join(u'\n')));
    QCOMPARE(cloud.writesSinceReset(), QStringList());
    QCOMPARE(dc.writesSinceReset(), QStringList());

    // Create: the pair is stored, joins the sidebar, starts and syncs.
    wizard->button(QWizard::CommitButton)->click();
    QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(PairWizard::DonePage), 20'000);
    QVERIFY(window.runners().contains(u"acme-glx"_s));
    StateStore store(state.path());
    QVERIFY(noted(store.open(), &error));
    int version = 0;
    const std::optional<PairConfig> stored = noted(PairRepository(store).get(u"acme-glx"_s, &version), &error);
    QVERIFY2(stored, qPrintable(error));
    QCOMPARE(stored->a.scope, u"project = ACME AND labels = keep"_s);
    QVERIFY(!stored->worklogs.sync);
    QCOMPARE(stored->links.outside, u"remote"_s);
    QVERIFY(registry.load(&error));
    QVERIFY(registry.find(u"acme"_s));
    QCOMPARE(registry.find(u"acme"_s)->secret.kind, SecretRef::Kind::Keychain);
    wizard->button(QWizard::FinishButton)->click();

    // The runner reads the new site's secret from the keychain and links both issues in scope.
    const auto summaries = [&dc] {
        QStringList found;
        const QJsonArray issues = dc.get(dc.api() + u"/search?jql=project%20%3D%20GLX&fields=summary"_s)
                                      .object()
                                      .value(u"issues"_s)
                                      .toArray();
        for (const QJsonValue &issue : issues)
            found << issue[u"fields"_s][u"summary"_s].toString();
        return found;
    };
    QTRY_VERIFY_WITH_TIMEOUT(summaries().contains(u"Printer on fire"_s), 60'000);
    QVERIFY(!summaries().contains(u"Coffee machine empty"_s)); // outside the scope

    // The pair editor: the wizard's editors on the stored pair, saved as version 2, and the pair restarts with it.
    PairRunner *runner = window.runners().value(u"acme-glx"_s);
    auto *tabs = child<QTabWidget>(&window, u"pairTabs"_s);
    auto *pairEditor = child<PairEditor>(&window, u"pairEditor"_s);
    tabs->setCurrentWidget(pairEditor);
    auto *message = child<QLabel>(pairEditor, u"configMessage"_s);
    QTRY_VERIFY_WITH_TIMEOUT(pairEditor->isEnabled(), 20'000);
    QVERIFY2(child<QLabel>(pairEditor, u"configBanner"_s)->text().startsWith(u"Version 1 is in force."_s),
             qPrintable(child<QLabel>(pairEditor, u"configBanner"_s)->text()));
    auto *save = child<QPushButton>(pairEditor, u"saveConfig"_s);
    QVERIFY(!save->isEnabled());
    auto *configEditor = child<MappingEditor>(pairEditor, u"configMappings"_s);
    auto *configTypes
        = qobject_cast<MappingTableModel *>(child<QTableView>(configEditor, u"issueTypeMappings"_s)->model());
    QAbstractItemModelTester configTester(configTypes, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int typeRows = configTypes->rowCount();
    QCOMPARE(typeRows, rows);
    QVERIFY(configTypes->setData(configTypes->index(0, MappingTableModel::DirectionColumn), u"a-to-b"_s));
    QVERIFY(save->isEnabled());
    QTest::mouseClick(child<QPushButton>(pairEditor, u"undoConfig"_s), Qt::LeftButton);
    QCOMPARE(configTypes->mappings().first().direction, Direction::Both);
    // The only edit undone: nothing to save, and no "Unsaved edits." (#28).
    QVERIFY(!save->isEnabled());
    QVERIFY2(!message->text().contains(u"Unsaved"_s), qPrintable(message->text()));

    // A file with an unknown status: imported, then refused at its row when saved; reverted.
    QJsonObject document = stored->toJson();
    QJsonArray statuses = document.value(u"statuses"_s).toArray();
    QJsonObject firstRow = statuses.first().toObject();
    firstRow.insert(u"b"_s, u"99999"_s);
    statuses.replace(0, firstRow);
    document.insert(u"statuses"_s, statuses);
    document.insert(u"pollIntervalSeconds"_s, 7);
    QFile imported(state.filePath(u"edited.json"_s));
    QVERIFY(imported.open(QIODevice::WriteOnly));
    imported.write(QJsonDocument(document).toJson());
    imported.close();
    QString answer = imported.fileName();
    pairEditor->setFileDialog([&answer](QWidget *, bool) { return answer; });
    QTest::mouseClick(child<QPushButton>(pairEditor, u"importConfig"_s), Qt::LeftButton);
    QVERIFY2(message->text().startsWith(u"Imported"_s), qPrintable(message->text()));
    QCOMPARE(child<QSpinBox>(pairEditor, u"pollInterval"_s)->value(), 7);
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY2(message->text().contains(u"/statuses/0/b: the site has no status with id '99999'"_s),
             qPrintable(message->text()));
    auto *configStatuses
        = qobject_cast<MappingTableModel *>(child<QTableView>(configEditor, u"statusMappings"_s)->model());
    QVERIFY(configStatuses->index(0, MappingTableModel::Note).data().toString().contains(u"99999"_s));
    QTest::mouseClick(child<QPushButton>(pairEditor, u"revertConfig"_s), Qt::LeftButton);
    QCOMPARE(child<QSpinBox>(pairEditor, u"pollInterval"_s)->value(), 5);
    QCOMPARE(configStatuses->mappings().first().b, stored->statuses.first().b);

    // Comments stay on their side from now on; saved while the pair runs, it restarts with version 2.
    QTest::mouseClick(child<QCheckBox>(pairEditor, u"commentsSync"_s), Qt::LeftButton, {},
                      QPoint(6, child<QCheckBox>(pairEditor, u"commentsSync"_s)->height() / 2));
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(message->text().startsWith(u"Saved as version 2"_s), 20'000);
    QVERIFY(noted(PairRepository(store).get(u"acme-glx"_s, &version), &error));
    QCOMPARE(version, 2);
    QVERIFY(!noted(PairRepository(store).get(u"acme-glx"_s, &version), &error)->comments.sync);
    QTRY_VERIFY_WITH_TIMEOUT(runner->state() == PairRunner::State::Waiting, 30'000);
    answer = state.filePath(u"exported.json"_s);
    QTest::mouseClick(child<QPushButton>(pairEditor, u"exportConfig"_s), Qt::LeftButton);
    QFile exported(answer);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    QVERIFY(!QJsonDocument::fromJson(exported.readAll()).object()[u"comments"_s][u"sync"_s].toBool(true));

    // Issues on both sides already: matched by a field left blank is refused; a key map that does not read is
    // refused with its line, one that reads is saved.
    auto *options = pairEditor->findChild<PairOptionsEditor *>();
    auto *editorMatchBy = child<QComboBox>(options, u"matchBy"_s);
    editorMatchBy->setCurrentIndex(editorMatchBy->findData(u"fields"_s));
    Q_EMIT editorMatchBy->activated(editorMatchBy->currentIndex());
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(u"/match: needs fields or keys to match by"_s), 20'000);
    editorMatchBy->setCurrentIndex(editorMatchBy->findData(u"keys"_s));
    Q_EMIT editorMatchBy->activated(editorMatchBy->currentIndex());
    QVERIFY(readKeyMap(options, state.filePath(u"keys.csv"_s), "ACME-1,GLX-1\nACME-2;GLX-1\n"));
    QVERIFY2(child<QLabel>(options, u"keyMapState"_s)->text().contains(u"line 2: GLX-1 is paired on line 1 already"_s),
             qPrintable(child<QLabel>(options, u"keyMapState"_s)->text()));
    QVERIFY(readKeyMap(options, state.filePath(u"keys.csv"_s), "ACME-1,GLX-1\nACME-2;GLX-2\n"));
    QCOMPARE(child<QLabel>(options, u"keyMapState"_s)->text(), u"2 pair(s) of keys"_s);
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(message->text().startsWith(u"Saved as version 3"_s), 20'000);
    const std::optional<PairConfig> matched = noted(PairRepository(store).get(u"acme-glx"_s, &version), &error);
    QVERIFY(matched);
    QCOMPARE(matched->match.keys.value(u"ACME-2"_s), u"GLX-2"_s);
    QCOMPARE(matched->match.prefer, Side::A);
    // The sandboxes answer on this thread: the restarted runner ends its round before it stops.
    QTRY_VERIFY_WITH_TIMEOUT(runner->state() == PairRunner::State::Waiting, 30'000);
    runner->stop();
}

namespace {

/// Two consoles behind firewalls in this process, each with its own state folder licensed for its own
/// site: the primary's is a Cloud sandbox (project ACME, one issue), the secondary's a Data Center one
/// (project GLX).
struct TwoConsoles {
    SandboxFixture cloud{sandbox::Flavor::Cloud};
    SandboxFixture dc{sandbox::Flavor::DataCenter};
    QTemporaryDir primaryState;
    QTemporaryDir secondaryState;
    InstalledLogSink log;
    std::unique_ptr<MainWindow> primary;
    std::unique_ptr<MainWindow> secondary;
    PairWizard *wizard = nullptr; ///< the one opened last, on either console

    bool start(QObject *context, const QString &summary)
    {
        if (!startWithProjects(cloud, dc) || cloud.createIssue(u"ACME"_s, {{u"summary"_s, summary}}).isEmpty()
            || !licenseSandboxes(primaryState.path(), cloud, {&cloud})
            || !licenseSandboxes(secondaryState.path(), cloud, {&dc}))
            return false;
        primary = std::make_unique<MainWindow>(&log.sink());
        secondary = std::make_unique<MainWindow>(&log.sink());
        primary->openState(primaryState.path(), &log.sink().redactor());
        secondary->openState(secondaryState.path(), &log.sink().redactor());
        for (MainWindow *window : {primary.get(), secondary.get()})
            QObject::connect(window, &MainWindow::wizardOpened, context,
                             [this](PairWizard *opened) { wizard = opened; });
        return true;
    }
};

} // namespace

namespace {

/// Fills a side panel with a new site and checks it until it is ready.
bool addSite(QWidget *wizard, const QString &suffix, const QString &name, const QString &url, const QString &user,
             const QString &secret, const QString &project)
{
    auto *choice = child<QComboBox>(wizard, u"siteChoice"_s + suffix);
    choice->setCurrentIndex(choice->count() - 1);
    QTest::keyClicks(child<QLineEdit>(wizard, u"siteName"_s + suffix), name);
    QTest::keyClicks(child<QLineEdit>(wizard, u"siteUrl"_s + suffix), url);
    QTest::keyClicks(child<QLineEdit>(wizard, u"siteUser"_s + suffix), user);
    QTest::keyClicks(child<QLineEdit>(wizard, u"siteSecret"_s + suffix), secret);
    child<QComboBox>(wizard, u"project"_s + suffix)->setEditText(project);
    child<QPushButton>(wizard, u"checkSite"_s + suffix)->click();
    auto *verdict = child<QLabel>(wizard, u"siteVerdict"_s + suffix);
    return QTest::qWaitFor([verdict] { return verdict->text().startsWith(u"Ready"_s); }, 20'000);
}

} // namespace

void TestPairWizard::setsUpAFilePairByHandshake()
{
    TwoConsoles consoles;
    QVERIFY(consoles.start(this, u"Across the air gap"_s));
    SandboxFixture &cloud = consoles.cloud, &dc = consoles.dc;
    MainWindow &primary = *consoles.primary, &secondary = *consoles.secondary;
    PairWizard *&wizard = consoles.wizard;
    // Two folders between the consoles.
    QTemporaryDir carry;
    const QString toB = carry.filePath(u"a-to-b"_s), toA = carry.filePath(u"b-to-a"_s);
    QVERIFY(QDir().mkpath(toB) && QDir().mkpath(toA));
    QString fileAnswer;
    const auto answerFiles = [&fileAnswer](QWidget *, const QString &, PairWizard::FileKind) { return fileAnswer; };

    // The primary: file mode, its Cloud site as side A, the folders, and the handshake with its code.
    primary.newPair();
    QVERIFY(wizard);
    wizard->setFileDialog(answerFiles);
    child<QRadioButton>(wizard, u"modeFile"_s)->click();
    wizard->next();
    QCOMPARE(wizard->currentId(), int(PairWizard::RolePage));
    QVERIFY(child<QRadioButton>(wizard, u"rolePrimary"_s)->isChecked());
    wizard->next();
    QCOMPARE(wizard->currentId(), int(PairWizard::BundleSitePage));
    QVERIFY(
        addSite(wizard, u"Own"_s, u"acme"_s, cloud.baseUrl(), u"admin@example.com"_s, u"sandbox-token"_s, u"ACME"_s));
    QTest::keyClicks(child<QLineEdit>(wizard, u"bundlePairName"_s), u"gap"_s);
    fileAnswer = toB;
    child<QPushButton>(wizard, u"outgoingFolderBrowse"_s)->click();
    QCOMPARE(child<QLineEdit>(wizard, u"outgoingFolder"_s)->text(), toB);
    child<QLineEdit>(wizard, u"incomingFolder"_s)->setText(toA);
    child<QSpinBox>(wizard, u"exchangeInterval"_s)->setValue(1);
    QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    wizard->next();
    QCOMPARE(wizard->currentId(), int(PairWizard::HandshakePage));
    // Until the handshake is written, the admin can go back or cancel (#28).
    QVERIFY(wizard->button(QWizard::BackButton)->isVisible() && wizard->button(QWizard::CancelButton)->isVisible());
    child<QLineEdit>(wizard, u"handshakeFile"_s)->setText(carry.filePath(u"handshake.ferry"_s));
    child<QPushButton>(wizard, u"writeHandshake"_s)->click();
    auto *codeLabel = child<QLabel>(wizard, u"handshakeCode"_s);
    QTRY_VERIFY_WITH_TIMEOUT(codeLabel->text().contains(u"Code:"_s), 20'000);
    static const QRegularExpression codePattern(u"<tt>([A-Z0-9]{4}(-[A-Z0-9]{4}){4})</tt>"_s);
    const QString code = codePattern.match(codeLabel->text()).captured(1);
    QVERIFY2(!code.isEmpty(), qPrintable(codeLabel->text()));
    QVERIFY(QFileInfo::exists(carry.filePath(u"handshake.ferry"_s)));
    QVERIFY(!wizard->button(QWizard::BackButton)->isVisible() && !wizard->button(QWizard::CancelButton)->isVisible());
    screenshot(wizard, u"wizard-handshake.png"_s);
    PairWizard *primaryWizard = wizard;

    // The secondary: a wrong code is refused, the right one creates the pair and writes the answer.
    secondary.newPair();
    QVERIFY(wizard != primaryWizard);
    wizard->setFileDialog(answerFiles);
    child<QRadioButton>(wizard, u"modeFile"_s)->click();
    wizard->next();
    child<QRadioButton>(wizard, u"roleSecondary"_s)->click();
    wizard->next();
    QVERIFY(!child<QLineEdit>(wizard, u"bundlePairName"_s)->isVisible());
    QVERIFY(addSite(wizard, u"Own"_s, u"glx"_s, dc.baseUrl(), u"admin"_s, u"admin"_s, u"GLX"_s));
    child<QLineEdit>(wizard, u"outgoingFolder"_s)->setText(toA);
    child<QLineEdit>(wizard, u"incomingFolder"_s)->setText(toB);
    child<QSpinBox>(wizard, u"exchangeInterval"_s)->setValue(1);
    QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    wizard->next();
    QCOMPARE(wizard->currentId(), int(PairWizard::AnswerPage));
    QVERIFY(wizard->button(QWizard::BackButton)->isVisible() && wizard->button(QWizard::CancelButton)->isVisible());
    child<QLineEdit>(wizard, u"handshakeIn"_s)->setText(carry.filePath(u"handshake.ferry"_s));
    child<QLineEdit>(wizard, u"answerCode"_s)->setText(u"AAAA-BBBB-CCCC-DDDD-EEEE"_s);
    child<QLineEdit>(wizard, u"answerFile"_s)->setText(carry.filePath(u"answer.ferry"_s));
    auto *answerResult = child<QLabel>(wizard, u"answerResult"_s);
    child<QPushButton>(wizard, u"answerHandshake"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(answerResult->text().startsWith(u"The handshake was not answered"_s), 20'000);
    QVERIFY(!wizard->button(QWizard::FinishButton)->isEnabled());
    child<QLineEdit>(wizard, u"answerCode"_s)->setText(code);
    child<QPushButton>(wizard, u"answerHandshake"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(answerResult->text().contains(u"Pair gap created"_s), 20'000);
    QVERIFY(secondary.runners().contains(u"gap"_s));
    QVERIFY(QFileInfo::exists(carry.filePath(u"answer.ferry"_s)));
    QVERIFY(wizard->button(QWizard::FinishButton)->isEnabled());
    wizard->button(QWizard::FinishButton)->click();

    // The primary imports the answer: both consoles have the pair, and the issue crosses through the folders.
    fileAnswer = carry.filePath(u"answer.ferry"_s);
    child<QPushButton>(primaryWizard, u"importAnswer"_s)->click();
    auto *handshakeResult = child<QLabel>(primaryWizard, u"handshakeResult"_s);
    QTRY_VERIFY2_WITH_TIMEOUT(handshakeResult->text().contains(u"is connected"_s), qPrintable(handshakeResult->text()),
                              20'000);
    QVERIFY(primary.runners().contains(u"gap"_s));
    primaryWizard->button(QWizard::FinishButton)->click();
    const auto onGlx = [&dc] {
        return dc.get(dc.api() + u"/search?jql=project%20%3D%20GLX&fields=summary"_s)
            .body.contains("Across the air gap");
    };
    QTRY_VERIFY_WITH_TIMEOUT(onGlx(), 60'000);

    // A new configuration: published from the primary's Configuration tab, offered on the secondary's, accepted
    // there; it is then in force on both.
    auto *primaryEditor = child<PairEditor>(&primary, u"pairEditor"_s);
    primaryEditor->reload();
    QTRY_VERIFY_WITH_TIMEOUT(primaryEditor->isEnabled(), 20'000);
    QVERIFY(child<QLabel>(primaryEditor, u"configBanner"_s)->text().contains(u"primary"_s));
    child<QSpinBox>(primaryEditor, u"pollInterval"_s)->setValue(3);
    child<QPushButton>(primaryEditor, u"saveConfig"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(
        child<QLabel>(primaryEditor, u"configBanner"_s)->text().startsWith(u"Version 2 is published"_s), 20'000);
    StateStore secondaryStore(consoles.secondaryState.path());
    QString error;
    QVERIFY(noted(secondaryStore.open(), &error));
    const auto offered = [&secondaryStore, &error] {
        const std::optional<ExchangeRepository::Exchange> exchange
            = noted(ExchangeRepository(secondaryStore).byName(u"gap"_s), &error);
        return exchange && exchange->proposalState == u"offered"_s;
    };
    QTRY_VERIFY_WITH_TIMEOUT(offered(), 60'000);
    auto *secondaryEditor = child<PairEditor>(&secondary, u"pairEditor"_s);
    secondaryEditor->reload();
    auto *accept = child<QPushButton>(secondaryEditor, u"acceptConfig"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!accept->isHidden(), 20'000);
    QVERIFY(!child<QPushButton>(secondaryEditor, u"saveConfig"_s)->isEnabled()); // the secondary does not edit
    QCOMPARE(child<QSpinBox>(secondaryEditor, u"pollInterval"_s)->value(), 3); // what is offered
    accept->click();
    QTRY_VERIFY_WITH_TIMEOUT(
        child<QLabel>(secondaryEditor, u"configMessage"_s)->text().startsWith(u"Version 2 is in force here"_s), 20'000);
    StateStore primaryStore(consoles.primaryState.path());
    QVERIFY(noted(primaryStore.open(), &error));
    const auto versionOf = [&error](StateStore &store) {
        int version = 0;
        noted(PairRepository(store).get(u"gap"_s, &version), &error);
        return version;
    };
    QCOMPARE(versionOf(secondaryStore), 2);
    QTRY_COMPARE_WITH_TIMEOUT(versionOf(primaryStore), 2, 60'000);

    primary.runners().value(u"gap"_s)->stop();
    secondary.runners().value(u"gap"_s)->stop();
    QTRY_VERIFY(primary.runners().value(u"gap"_s)->state() == PairRunner::State::Stopped
                && secondary.runners().value(u"gap"_s)->state() == PairRunner::State::Stopped);
}

namespace {

/// Fills the e-mail settings of a bundle pair's console: its mailbox, the partner's address.
void fillMail(QWidget *wizard, const MailServers &mail, const QString &own, const QString &partner)
{
    child<QLineEdit>(wizard, u"smtpUrl"_s)->setText(mail.smtpUrl());
    child<QLineEdit>(wizard, u"imapUrl"_s)->setText(mail.imapsUrl());
    child<QLineEdit>(wizard, u"mailUser"_s)->setText(own);
    child<QLineEdit>(wizard, u"mailPassword"_s)->setText(MailServers::password(own));
    child<QLineEdit>(wizard, u"mailFrom"_s)->setText(own);
    child<QLineEdit>(wizard, u"mailTo"_s)->setText(partner);
    child<QLineEdit>(wizard, u"mailCaFile"_s)->setText(mail.caFile());
    child<QSpinBox>(wizard, u"exchangeInterval"_s)->setValue(10);
    // The line edits were set without typing: tell the page.
    Q_EMIT child<QLineEdit>(wizard, u"mailTo"_s)->textEdited(partner);
}

} // namespace

void TestPairWizard::setsUpAnEmailPairByHandshake()
{
    if (const QString why = MailServers::unavailable(); !why.isEmpty())
        QSKIP(qPrintable(why));
    MailServers mail;
    QString error;
    QVERIFY2(mail.start(&error), qPrintable(error));
    TwoConsoles consoles;
    QVERIFY(consoles.start(this, u"Sent by mail"_s));
    SandboxFixture &cloud = consoles.cloud, &dc = consoles.dc;
    MainWindow &primary = *consoles.primary, &secondary = *consoles.secondary;
    PairWizard *&wizard = consoles.wizard;
    const QString a = u"a@ferry.test"_s, b = u"b@ferry.test"_s;

    // The primary: its site and mailbox, checked with a test message, then the handshake goes by mail.
    primary.newPair();
    child<QRadioButton>(wizard, u"modeEmail"_s)->click();
    wizard->next();
    wizard->next(); // primary
    QCOMPARE(wizard->currentId(), int(PairWizard::BundleSitePage));
    QVERIFY(!child<QLineEdit>(wizard, u"outgoingFolder"_s)->isVisible());
    QVERIFY(
        addSite(wizard, u"Own"_s, u"acme"_s, cloud.baseUrl(), u"admin@example.com"_s, u"sandbox-token"_s, u"ACME"_s));
    child<QLineEdit>(wizard, u"bundlePairName"_s)->setText(u"mailgap"_s);
    fillMail(wizard, mail, a, b);
    QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    child<QPushButton>(wizard, u"checkMail"_s)->click();
    auto *checks = child<QLabel>(wizard, u"mailChecks"_s);
    QTRY_VERIFY_WITH_TIMEOUT(checks->text().contains(u"arrived"_s) || checks->text().contains(u"✗"_s), 60'000);
    QVERIFY2(!checks->text().contains(u"✗"_s), qPrintable(checks->text()));
    wizard->next();
    QCOMPARE(wizard->currentId(), int(PairWizard::HandshakePage));
    QVERIFY(!child<QLineEdit>(wizard, u"handshakeFile"_s)->isVisible());
    child<QPushButton>(wizard, u"writeHandshake"_s)->click();
    auto *codeLabel = child<QLabel>(wizard, u"handshakeCode"_s);
    QTRY_VERIFY_WITH_TIMEOUT(codeLabel->text().contains(u"Code:"_s) || codeLabel->text().startsWith(u"No handshake"_s),
                             60'000);
    static const QRegularExpression codePattern(u"<tt>([A-Z0-9]{4}(-[A-Z0-9]{4}){4})</tt>"_s);
    const QString code = codePattern.match(codeLabel->text()).captured(1);
    QVERIFY2(!code.isEmpty(), qPrintable(codeLabel->text()));
    PairWizard *primaryWizard = wizard;

    // The secondary takes the handshake from its mailbox with the code and mails the answer.
    secondary.newPair();
    child<QRadioButton>(wizard, u"modeEmail"_s)->click();
    wizard->next();
    child<QRadioButton>(wizard, u"roleSecondary"_s)->click();
    wizard->next();
    QVERIFY(addSite(wizard, u"Own"_s, u"glx"_s, dc.baseUrl(), u"admin"_s, u"admin"_s, u"GLX"_s));
    // Its own name for the pair: the two consoles share this machine's keychain, where the mail passwords are
    // kept under the pair's name.
    child<QLineEdit>(wizard, u"bundlePairName"_s)->setText(u"mailgap-b"_s);
    fillMail(wizard, mail, b, a);
    QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    wizard->next();
    QCOMPARE(wizard->currentId(), int(PairWizard::AnswerPage));
    QVERIFY(wizard->button(QWizard::BackButton)->isVisible() && wizard->button(QWizard::CancelButton)->isVisible());
    child<QLineEdit>(wizard, u"answerCode"_s)->setText(code);
    auto *answerResult = child<QLabel>(wizard, u"answerResult"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!mail.messages(b).isEmpty(), 30'000);
    child<QPushButton>(wizard, u"answerHandshake"_s)->click();
    QTRY_VERIFY2_WITH_TIMEOUT(answerResult->text().contains(u"Pair mailgap-b created"_s),
                              qPrintable(answerResult->text()), 60'000);
    QVERIFY(secondary.runners().contains(u"mailgap-b"_s));
    wizard->button(QWizard::FinishButton)->click();

    // The primary's admin closed the wizard meanwhile and fetches the answer from the File menu; the issue
    // travels by mail.
    primaryWizard->button(QWizard::FinishButton)->click();
    QTRY_VERIFY_WITH_TIMEOUT(!mail.messages(a).isEmpty(), 30'000);
    primary.setTextDialog([](QWidget *, const QString &, const QString &) { return u"mailgap"_s; });
    primary.findChild<QAction *>(u"actionFetchAnswer"_s)->trigger();
    QTRY_VERIFY2_WITH_TIMEOUT(primary.runners().contains(u"mailgap"_s),
                              qPrintable(primary.statusBar()->currentMessage()), 60'000);
    const auto onGlx = [&dc] {
        return dc.get(dc.api() + u"/search?jql=project%20%3D%20GLX&fields=summary"_s).body.contains("Sent by mail");
    };
    QTRY_VERIFY_WITH_TIMEOUT(onGlx(), 90'000);
    primary.runners().value(u"mailgap"_s)->stop();
    secondary.runners().value(u"mailgap-b"_s)->stop();
    QTRY_VERIFY(primary.runners().value(u"mailgap"_s)->state() == PairRunner::State::Stopped
                && secondary.runners().value(u"mailgap-b"_s)->state() == PairRunner::State::Stopped);
}

void TestPairWizard::showsNoLiteralAmpersands()
{
    // A label's '&' marks its shortcut only when the label has a buddy; else it shows as typed (#28).
    QTemporaryDir state;
    PairWizard wizard(state.path(), nullptr);
    const QRegularExpression mnemonic(u"&[^&\\s]"_s);
    QStringList literal;
    for (const QLabel *label : wizard.findChildren<QLabel *>()) {
        const QString text = label->text();
        if (label->textFormat() != Qt::RichText && !Qt::mightBeRichText(text) && mnemonic.match(text).hasMatch()
            && !label->buddy())
            literal << text;
    }
    QVERIFY2(literal.isEmpty(), qPrintable(literal.join(u" | "_s)));
}

void TestPairWizard::fitsASmallScreen()
{
    // On 1366×768 the Options page pushed Back, Next and Create Pair off the screen (#28): every
    // page fits what the wizard's title, subtitle and buttons (about 260 pixels) leave, and a
    // tall page scrolls.
    QTemporaryDir state;
    PairWizard wizard(state.path(), nullptr);
    const QSize room(1366 - 100, 768 - 260);
    for (const int id : wizard.pageIds()) {
        const QWizardPage *page = wizard.page(id);
        const QSize needs = page->minimumSizeHint();
        QVERIFY2(needs.width() <= room.width() && needs.height() <= room.height(),
                 qPrintable(u"%1 needs %2×%3"_s.arg(page->objectName()).arg(needs.width()).arg(needs.height())));
    }
    QVERIFY(wizard.findChild<QScrollArea *>(u"optionsScroll"_s));
    QVERIFY(wizard.findChild<QScrollArea *>(u"bundleSiteScroll"_s));
}

void TestPairWizard::asksNoUserWithAPersonalAccessToken()
{
    // A personal access token names its user itself: the User field has nothing to ask (#28).
    QTemporaryDir state;
    PairWizard wizard(state.path(), nullptr);
    const QRegularExpression panel(u"^siteAuth(A|B|Own)$"_s);
    const QList<QComboBox *> auths = wizard.findChildren<QComboBox *>(panel);
    QList<QLineEdit *> users;
    for (const QComboBox *auth : auths)
        users << wizard.findChild<QLineEdit *>(QString(auth->objectName()).replace(u"siteAuth"_s, u"siteUser"_s));
    QCOMPARE(auths.size(), 3);
    for (qsizetype i = 0; i < auths.size(); ++i) {
        QVERIFY(users.at(i));
        QVERIFY(users.at(i)->isEnabled());
        users.at(i)->setText(u"admin"_s);
        auths.at(i)->setCurrentIndex(auths.at(i)->findData(u"pat"_s));
        QVERIFY(!users.at(i)->isEnabled());
        QVERIFY(users.at(i)->text().isEmpty());
        QVERIFY2(!users.at(i)->placeholderText().contains(u'@'), qPrintable(users.at(i)->placeholderText()));
        auths.at(i)->setCurrentIndex(auths.at(i)->findData(u"basic"_s));
        QVERIFY(users.at(i)->isEnabled());
    }
}

void TestPairWizard::takesASecretReferenceTypedAsTheSecret()
{
    // "env:NAME" typed as a new site's secret is where the secret is, as ferry-cli site add takes
    // it; before, it was sent as the token itself (#28).
    SandboxFixture dc(sandbox::Flavor::DataCenter);
    QVERIFY(dc.start());
    dc.server().seedProject(u"GLX"_s, u"Galaxy"_s, 0);
    qputenv("WIZARD_REFERENCED_SECRET", "admin");
    QTemporaryDir state;
    PairWizard wizard(state.path(), nullptr);
    child<QComboBox>(&wizard, u"siteChoiceA"_s)->setCurrentIndex(0); // New site…, the only choice
    QTest::keyClicks(child<QLineEdit>(&wizard, u"siteNameA"_s), u"galaxy"_s);
    QTest::keyClicks(child<QLineEdit>(&wizard, u"siteUrlA"_s), dc.baseUrl());
    QTest::keyClicks(child<QLineEdit>(&wizard, u"siteUserA"_s), u"admin"_s);
    QTest::keyClicks(child<QLineEdit>(&wizard, u"siteSecretA"_s), u"env:WIZARD_REFERENCED_SECRET"_s);
    child<QComboBox>(&wizard, u"projectA"_s)->setEditText(u"GLX"_s);
    QTest::mouseClick(child<QPushButton>(&wizard, u"checkSiteA"_s), Qt::LeftButton);
    auto *verdict = child<QLabel>(&wizard, u"siteVerdictA"_s);
    QTRY_VERIFY_WITH_TIMEOUT(verdict->text().startsWith(u"Ready"_s) || verdict->text().startsWith(u"Not ready"_s),
                             20'000);
    QVERIFY2(verdict->text().startsWith(u"Ready"_s),
             qPrintable(listText(child<QListWidget>(&wizard, u"siteChecksA"_s))));
}

void TestPairWizard::startsTheSidesOnDifferentSites()
{
    // Both sides used to start on the first configured site (#28).
    QTemporaryDir state;
    SiteRegistry registry(state.path());
    QString error;
    for (const QString &name : {u"acme"_s, u"galaxy"_s}) {
        Site site;
        site.name = name;
        site.url = QUrl(u"https://%1.example"_s.arg(name));
        site.user = u"admin"_s;
        QVERIFY(SecretRef::parse(u"env:UNUSED"_s, &site.secret, &error));
        registry.put(site);
        QVERIFY2(registry.save(&error), qPrintable(error));
        PairWizard wizard(state.path(), nullptr);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        QTest::mouseClick(child<QRadioButton>(&wizard, u"modeDataCenter"_s), Qt::LeftButton);
        wizard.next();
        QCOMPARE(wizard.currentId(), int(PairWizard::SitesPage));
        const QString a = child<QComboBox>(&wizard, u"siteChoiceA"_s)->currentText();
        const QString b = child<QComboBox>(&wizard, u"siteChoiceB"_s)->currentText();
        // One site: side B gets it, side A a new one; two: A the first, B the second.
        QVERIFY2(a.startsWith(registry.sites().size() == 1 ? u"New site"_s : u"acme"_s), qPrintable(a));
        QVERIFY2(b.startsWith(registry.sites().size() == 1 ? u"acme"_s : u"galaxy"_s), qPrintable(b));
    }
}

void TestPairWizard::warnsOfProjectsPairedAlready()
{
    // A second pair over the same projects copied every issue again, Ferry's own copies included,
    // and a taken name was refused only at Create Pair (#28).
    SandboxFixture cloud(sandbox::Flavor::Cloud);
    SandboxFixture dc(sandbox::Flavor::DataCenter);
    QVERIFY(startWithProjects(cloud, dc));
    QTemporaryDir state;
    qputenv("WIZARD_CLOUD_TOKEN", "sandbox-token");
    qputenv("WIZARD_DC_PASSWORD", "admin");
    SiteRegistry registry(state.path());
    QString error;
    for (const auto &[name, sandbox, user, secret] :
         {std::tuple{u"acme"_s, &cloud, u"admin@example.com"_s, u"env:WIZARD_CLOUD_TOKEN"_s},
          std::tuple{u"glx"_s, &dc, u"admin"_s, u"env:WIZARD_DC_PASSWORD"_s}}) {
        Site site;
        site.name = name;
        site.url = QUrl(sandbox->baseUrl());
        site.user = user;
        QVERIFY(SecretRef::parse(secret, &site.secret, &error));
        registry.put(site);
    }
    QVERIFY2(registry.save(&error), qPrintable(error));
    QVERIFY(licenseSandboxes(state.path(), cloud, {&cloud, &dc}));
    {
        StateStore store(state.path());
        PairConfig existing;
        existing.name = u"acme-glx"_s;
        existing.a = {u"glx"_s, u"GLX"_s, u"project = GLX"_s};
        existing.b = {u"acme"_s, u"ACME"_s, u"project = ACME"_s};
        QVERIFY(noted(store.open(), &error));
        QVERIFY2(noted(PairRepository(store).create(existing), &error), qPrintable(error));
    }

    PairWizard wizard(state.path(), nullptr);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QTest::mouseClick(child<QRadioButton>(&wizard, u"modeDataCenter"_s), Qt::LeftButton);
    wizard.next();
    QCOMPARE(wizard.currentId(), int(PairWizard::SitesPage));
    child<QComboBox>(&wizard, u"projectA"_s)->setEditText(u"ACME"_s);
    child<QComboBox>(&wizard, u"projectB"_s)->setEditText(u"GLX"_s);
    auto *paired = child<QLabel>(&wizard, u"alreadyPaired"_s);
    // The same two projects, the other way round: said, not refused (scopes may keep two pairs apart).
    QTRY_VERIFY2(paired->text().contains(u"The pair acme-glx already syncs these two projects"_s),
                 qPrintable(paired->text()));
    child<QComboBox>(&wizard, u"projectB"_s)->setEditText(u"OTHER"_s);
    QTRY_VERIFY(paired->text().isEmpty());
    child<QComboBox>(&wizard, u"projectB"_s)->setEditText(u"GLX"_s);
    for (const QString &side : {u"A"_s, u"B"_s}) {
        QTest::mouseClick(child<QPushButton>(&wizard, u"checkSite"_s + side), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(&wizard, u"siteVerdict"_s + side)->text().startsWith(u"Ready"_s),
                                 20'000);
    }
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QTRY_VERIFY(next->isEnabled());
    wizard.next();

    // The name the page suggests is taken: refused here, with why.
    QCOMPARE(wizard.currentId(), int(PairWizard::ScopePage));
    auto *name = child<QLineEdit>(&wizard, u"pairName"_s);
    QCOMPARE(name->text(), u"acme-glx"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!child<QLabel>(&wizard, u"scopeCountB"_s)->text().startsWith(u"counting"_s), 20'000);
    QVERIFY(!next->isEnabled());
    QVERIFY(child<QLabel>(&wizard, u"pairNameTaken"_s)->text().contains(u"a pair named acme-glx already"_s));
    name->selectAll();
    QTest::keyClicks(name, u"acme-glx-bugs"_s);
    QVERIFY(child<QLabel>(&wizard, u"pairNameTaken"_s)->text().isEmpty());
    QTRY_VERIFY(next->isEnabled());
}

void TestPairWizard::givesMappingNamesTheWidth()
{
    // The Side A/B columns kept Qt's 100 px: long field names were cut (#28).
    PairConfig config;
    FieldMapping points;
    points.a = u"customfield_10016"_s;
    points.b = u"customfield_10106"_s;
    config.fields = {points};
    MappingEditor editor;
    editor.resize(1000, 500);
    editor.setConfig(config, {}, {});
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *fields = child<QTableView>(&editor, u"fieldMappings"_s);
    child<QTabWidget>(&editor, u"mappingTabs"_s)->setCurrentWidget(fields->parentWidget());
    QTRY_VERIFY(fields->isVisible());
    const int viewport = fields->viewport()->width();
    QVERIFY(viewport > 500);
    for (int column : {MappingTableModel::SideA, MappingTableModel::SideB})
        QVERIFY2(fields->columnWidth(column) >= viewport / 4,
                 qPrintable(u"column %1 is %2 px of %3"_s.arg(column).arg(fields->columnWidth(column)).arg(viewport)));
    QVERIFY2(fields->columnWidth(MappingTableModel::DirectionColumn) < fields->columnWidth(MappingTableModel::SideA),
             qPrintable(u"direction %1 px"_s.arg(fields->columnWidth(MappingTableModel::DirectionColumn))));
}

void TestPairWizard::undoesAMappingEditWithCtrlZ()
{
    // Ctrl+Z worked in the pair editor only, not on the wizard's Mappings page (#28): the editor
    // itself takes it now, wherever it is.
    PairConfig config;
    ValueMapping task;
    task.a = u"3"_s;
    task.b = u"10001"_s;
    config.issueTypes = {task};
    MappingEditor editor;
    editor.setConfig(config, {}, {});
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *types = child<QTableView>(&editor, u"issueTypeMappings"_s);
    auto *model = qobject_cast<MappingTableModel *>(types->model());
    QVERIFY(model->setData(model->index(0, MappingTableModel::DirectionColumn), u"a-to-b"_s));
    QCOMPARE(model->mappings().first().direction, Direction::AToB);
    types->setFocus();
    QTRY_VERIFY(types->hasFocus());
    QTest::keySequence(types, QKeySequence::Undo);
    QCOMPARE(model->mappings().first().direction, Direction::Both);
    QTest::keySequence(types, QKeySequence::Redo);
    QCOMPARE(model->mappings().first().direction, Direction::AToB);
}

void TestPairWizard::pairsTheUsersWithoutAPartner()
{
    // Cloud hides the addresses: Erin's two names pair her with nobody until an admin does.
    const auto user = [](bool cloud, const QString &id, const QString &name) {
        return QJsonObject{{cloud ? u"accountId"_s : u"name"_s, id}, {u"displayName"_s, name}};
    };
    SiteMetadata cloud;
    cloud.deployment = u"cloud"_s;
    cloud.users = {user(true, u"acc-alice"_s, u"Alice Smith"_s), user(true, u"acc-erin"_s, u"Erin Example"_s)};
    SiteMetadata dc;
    dc.deployment = u"dc"_s;
    dc.users = {user(false, u"alice"_s, u"Alice Smith"_s), user(false, u"erin"_s, u"Erin E."_s)};
    PairConfig config;
    config.name = u"acme-glx"_s;
    MappingEditor editor;
    editor.resize(1000, 600);
    editor.setConfig(config, cloud, dc);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *unmatched = child<QListWidget>(&editor, u"unmatchedUsers"_s);
    child<QTabWidget>(&editor, u"mappingTabs"_s)->setCurrentWidget(unmatched->parentWidget());
    QCOMPARE(unmatched->count(), 2);
    QCOMPARE(unmatched->item(0)->text(), u"Side A: Erin Example (acc-erin)"_s);

    // Pair With… adds a row and opens the other side's cell: a searchable list of B's users.
    auto *pairWith = child<QPushButton>(&editor, u"pairUnmatchedUser"_s);
    unmatched->setCurrentRow(-1);
    QVERIFY(!pairWith->isEnabled()); // nobody chosen yet
    unmatched->setCurrentRow(0);
    QVERIFY(pairWith->isEnabled());
    pairWith->click();
    auto *table = child<QTableView>(&editor, u"userMappings"_s);
    QTRY_VERIFY(table->indexWidget(table->currentIndex()) || table->findChild<QComboBox *>());
    auto *combo = table->findChild<QComboBox *>();
    QVERIFY(combo && combo->isEditable());
    combo->setCurrentIndex(combo->findData(u"erin"_s));
    QTest::keyClick(combo, Qt::Key_Return);
    QTRY_COMPARE(unmatched->count(), 0);
    PairConfig edited = config;
    editor.apply(&edited);
    QCOMPARE(edited.users.table.size(), 1);
    QCOMPARE(edited.users.table.first().a, u"acc-erin"_s);
    QCOMPARE(edited.users.table.first().b, u"erin"_s);

    // The table goes out as CSV and comes back; a line naming nobody changes nothing.
    QTemporaryDir dir;
    const QString csv = dir.filePath(u"users.csv"_s);
    QString error;
    QVERIFY2(editor.exportUsersTable(csv, &error), qPrintable(error));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    file.close();
    QVERIFY2(written.contains("acc-erin,erin\n") && written.contains("acc-alice,alice\n"), written.constData());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("acc-alice,alice\nacc-nobody,erin\n");
    file.close();
    QStringList problems;
    QVERIFY(!editor.importUsersTable(csv, &problems));
    QCOMPARE(problems, QStringList{u"line 2: side A lists no user acc-nobody"_s});
    editor.apply(&edited);
    QCOMPARE(edited.users.table.size(), 1);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("# by hand\nacc-alice,alice\n");
    file.close();
    problems.clear();
    QVERIFY2(editor.importUsersTable(csv, &problems), qPrintable(problems.join(u'\n')));
    editor.apply(&edited);
    QCOMPARE(edited.users.table.size(), 1);
    QCOMPARE(edited.users.table.first().b, u"alice"_s);
    QCOMPARE(unmatched->count(), 2); // Erin is on her own again
}

QTEST_MAIN(TestPairWizard)
#include "tst_pairwizard.moc"
