#include "ui/mainwindow.h"

#include "core/logcategories.h"
#include "core/logsink.h"
#include "core/version.h"
#include "engine/pairstatus.h"
#include "jira/site.h"
#include "license/licensedesk.h"
#include "ui/licensesview.h"
#include "ui/logmodel.h"
#include "ui/logpane.h"
#include "ui/paireditor.h"
#include "ui/pairview.h"
#include "ui/pairwizard.h"
#include "ui/siteview.h"
#include "ui/uisettings.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace ferry {

MainWindow::MainWindow(LogSink *sink, QWidget *parent)
    : QMainWindow(parent)
    , m_sink(sink)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Ferry"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/ferry.svg")));
    setDockOptions(AnimatedDocks | AllowTabbedDocks);

    buildCentre();
    buildSidebar();
    m_logDock = new QDockWidget(tr("Log"), this);
    m_logDock->setObjectName(QStringLiteral("logDock"));
    m_logPane = new LogPane(sink, m_logDock);
    m_logPane->setObjectName(QStringLiteral("logPane"));
    m_logDock->setWidget(m_logPane);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    buildStatusBar();
    buildMenus();

    m_askFile = [](QWidget *parentWidget, const QString &title) {
        return QFileDialog::getOpenFileName(parentWidget, title, QString(), tr("Ferry files (*.ferry);;All files (*)"));
    };
    m_askText = [](QWidget *parentWidget, const QString &title, const QString &label) {
        return QInputDialog::getText(parentWidget, title, label).trimmed();
    };
    m_defaultState = saveState();
    restoreLayout();
}

void MainWindow::buildSidebar()
{
    m_sidebarDock = new QDockWidget(tr("Sites and Pairs"), this);
    m_sidebarDock->setObjectName(QStringLiteral("sidebarDock"));
    m_sidebar = new QTreeWidget(m_sidebarDock);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setAccessibleName(tr("Jira sites and sync pairs"));
    m_sidebar->setHeaderHidden(true);
    for (const QString &group : {tr("Jira Sites"), tr("Sync Pairs")}) {
        auto *item = new QTreeWidgetItem(m_sidebar, {group});
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        item->setFlags(Qt::ItemIsEnabled);
        auto *none = new QTreeWidgetItem(item, {tr("None yet")});
        none->setFlags(Qt::NoItemFlags);
        item->setExpanded(true);
    }
    // Licenses: one entry of its own, shown once a state folder is open.
    auto *licenses = new QTreeWidgetItem(m_sidebar, {tr("Licenses")});
    QFont bold = licenses->font(0);
    bold.setBold(true);
    licenses->setFont(0, bold);
    licenses->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    connect(m_sidebar, &QTreeWidget::currentItemChanged, this, [this, licenses](QTreeWidgetItem *item) {
        if (item && m_views.contains(item->text(0)) && item->parent() == m_sidebar->topLevelItem(1))
            m_centre->setCurrentWidget(m_views.value(item->text(0)));
        if (item && m_siteViews.contains(item->text(0)) && item->parent() == m_sidebar->topLevelItem(0))
            m_centre->setCurrentWidget(m_siteViews.value(item->text(0)));
        if (item == licenses)
            showLicenses();
    });
    m_sidebarDock->setWidget(m_sidebar);
    addDockWidget(Qt::LeftDockWidgetArea, m_sidebarDock);
}

void MainWindow::buildCentre()
{
    auto *stack = new QStackedWidget(this);
    m_centre = stack;
    stack->setObjectName(QStringLiteral("centre"));
    auto *welcome = new QWidget(stack);
    welcome->setObjectName(QStringLiteral("welcomePage"));
    auto *layout = new QVBoxLayout(welcome);
    auto *text = new QLabel(welcome);
    text->setObjectName(QStringLiteral("welcomeText"));
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    text->setAlignment(Qt::AlignCenter);
    text->setText(tr("<h2>No sync pairs yet</h2>"
                     "<p>A sync pair keeps the issues of a project on one Jira site in step with a project on "
                     "another: fields, statuses, comments, attachments, worklogs and links.</p>"
                     "<p>Setting one up takes three steps:</p>"
                     "<ol style='text-align:left'>"
                     "<li>Choose how the two sites connect: directly over HTTPS, or across a firewall with "
                     "bundles carried by e-mail or as files.</li>"
                     "<li>Connect both Jira sites with an account that may read and write the projects.</li>"
                     "<li>Pick a project on each side and check how issue types, fields and statuses map.</li>"
                     "</ol>"
                     "<p>The log below shows what Ferry does; it is also written to<br><tt>%1</tt></p>")
                      .arg(QDir::toNativeSeparators(m_sink->filePath()).toHtmlEscaped()));
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *newPair = new QPushButton(tr("&New Sync Pair…"), welcome);
    newPair->setObjectName(QStringLiteral("welcomeNewPair"));
    connect(newPair, &QPushButton::clicked, this, &MainWindow::newPair);
    layout->addStretch();
    layout->addWidget(text);
    layout->addWidget(newPair, 0, Qt::AlignHCenter);
    layout->addStretch();
    stack->addWidget(welcome);
    setCentralWidget(stack);
}

namespace {

/// The sites and pairs of a state folder; nullopt (said in the log and the status bar) when it cannot be read.
std::optional<QList<PairRepository::Summary>> readState(const QString &stateDirectory, SiteRegistry &sites,
                                                        QStatusBar *statusBar)
{
    QString error;
    const Result<QList<PairRepository::Summary>> pairs
        = sites.load(&error) ? listPairs(stateDirectory) : Result<QList<PairRepository::Summary>>(Error(error));
    if (!pairs) {
        qCWarning(lcUi).noquote() << "cannot read the state folder" << stateDirectory << ":" << pairs.error().message();
        statusBar->showMessage(MainWindow::tr("Cannot read Ferry's state: %1").arg(pairs.error().message()));
        return std::nullopt;
    }
    return *pairs;
}

} // namespace

void MainWindow::openState(const QString &stateDirectory, SecretRedactor *redactor, const QString &shownAs)
{
    setWindowTitle(tr("Ferry — %1").arg(shownAs.isEmpty() ? QDir::toNativeSeparators(stateDirectory) : shownAs));
    SiteRegistry sites(stateDirectory);
    const std::optional<QList<PairRepository::Summary>> pairs = readState(stateDirectory, sites, statusBar());
    if (!pairs)
        return;
    m_stateDirectory = stateDirectory;
    m_redactor = redactor;
    for (const PairRepository::Summary &pair : *pairs)
        addPair(pair, sites);
    m_licenseDesk = new LicenseDesk(stateDirectory, this);
    m_licensesView = new LicensesView(m_licenseDesk, m_centre);
    m_licensesView->setStateDirectory(stateDirectory);
    m_centre->addWidget(m_licensesView);
    showSidebar(sites);
    if (!pairs->isEmpty())
        m_sidebar->setCurrentItem(m_sidebar->topLevelItem(1)->child(0));
    m_newPair->setEnabled(true);
    m_importAnswer->setEnabled(true);
    m_fetchAnswer->setEnabled(true);
}

void MainWindow::addPair(const PairRepository::Summary &pair, const SiteRegistry &sites)
{
    auto *runner = new PairRunner({m_stateDirectory, pair.name, m_redactor, 0, true}, this);
    auto *view = new PairView(
        runner, tr("%1: %2 ⇄ %3").arg(pair.name, pair.aSite + u':' + pair.aProject, pair.bSite + u':' + pair.bProject),
        m_centre);
    const auto urlOf = [&](const QString &name) {
        const Site *site = sites.find(name);
        return site ? site->url : QUrl();
    };
    view->setSites(urlOf(pair.aSite), urlOf(pair.bSite));
    view->addPage(new PairEditor(m_stateDirectory, m_redactor, pair.name, runner, view), tr("Confi&guration"));
    m_centre->addWidget(view);
    m_runners.insert(pair.name, runner);
    m_views.insert(pair.name, view);
    m_pairSites.insert(pair.name, {pair.aSite, pair.bSite});
    // What the state knows shows whether the pair runs or not (#28 item 7).
    runner->readStoredState();
}

void MainWindow::showSidebar(const SiteRegistry &sites)
{
    // The sidebar names what the state folder holds: its sites and its pairs.
    const auto fill = [](QTreeWidgetItem *group, QStringList names) {
        if (names.isEmpty())
            return;
        names.sort(Qt::CaseInsensitive);
        qDeleteAll(group->takeChildren());
        for (const QString &entry : std::as_const(names))
            new QTreeWidgetItem(group, {entry});
    };
    QStringList siteNames;
    for (const Site &site : sites.sites()) {
        siteNames << site.name;
        SiteView *&view = m_siteViews[site.name];
        if (!view) {
            view = new SiteView(m_stateDirectory, m_redactor, site, m_centre);
            m_centre->addWidget(view);
        }
        QStringList pairsUsing;
        for (auto it = m_pairSites.cbegin(); it != m_pairSites.cend(); ++it)
            if (it.value().contains(site.name))
                pairsUsing << it.key();
        pairsUsing.sort(Qt::CaseInsensitive);
        view->setPairs(pairsUsing);
    }
    fill(m_sidebar->topLevelItem(0), siteNames);
    fill(m_sidebar->topLevelItem(1), m_runners.keys());
    const int count = int(m_runners.size());
    // English has no translation file to pick its plural forms from.
    m_pairSummary->setText(count == 1 ? tr("1 sync pair") : tr("%n sync pairs", nullptr, count));
    for (QAction *action : {m_syncAll, m_pauseAll, m_resumeAll}) {
        action->setEnabled(count > 0);
        action->setStatusTip(count == 0 ? tr("There are no sync pairs yet.") : tr("Acts on every running sync pair."));
    }
}

void MainWindow::adoptPair(const QString &name, bool start)
{
    SiteRegistry sites(m_stateDirectory);
    const std::optional<QList<PairRepository::Summary>> pairs = readState(m_stateDirectory, sites, statusBar());
    if (!pairs)
        return;
    for (const PairRepository::Summary &pair : *pairs)
        if (pair.name == name && !m_runners.contains(name))
            addPair(pair, sites);
    showSidebar(sites);
    qCInfo(lcUi).noquote() << "pair" << name << "is set up";
    const QList<QTreeWidgetItem *> items = m_sidebar->findItems(name, Qt::MatchExactly | Qt::MatchRecursive);
    if (!items.isEmpty())
        m_sidebar->setCurrentItem(items.first());
    if (start)
        startPair(name);
}

void MainWindow::importAnswer()
{
    if (m_stateDirectory.isEmpty())
        return statusBar()->showMessage(tr("Open a state folder first: pairs live in it."));
    const QString answer = m_askFile(this, tr("Import Handshake Answer"));
    if (!answer.isEmpty())
        completeHandshake([answer](PairSetup &setup) { setup.completeHandshake(answer); });
}

void MainWindow::fetchAnswer()
{
    if (m_stateDirectory.isEmpty())
        return statusBar()->showMessage(tr("Open a state folder first: pairs live in it."));
    const QString pair
        = m_askText(this, tr("Fetch Handshake Answer"), tr("The pair whose handshake this console sent by mail:"));
    if (!pair.isEmpty())
        completeHandshake([pair](PairSetup &setup) { setup.completeHandshakeByMail(pair); });
}

void MainWindow::completeHandshake(const std::function<void(PairSetup &setup)> &start)
{
    auto *setup = new PairSetup(m_stateDirectory, m_redactor, this);
    connect(setup, &PairSetup::handshakeCompleted, this,
            [this, setup](const QString &name, const QString &fingerprint, const QString &error) {
                setup->deleteLater();
                if (!error.isEmpty()) {
                    qCWarning(lcUi).noquote() << "the handshake answer was not imported:" << error;
                    return statusBar()->showMessage(tr("The answer was not imported: %1").arg(error));
                }
                qCInfo(lcUi).noquote() << "pair" << name << "is connected; the other console's key fingerprint is"
                                       << fingerprint;
                statusBar()->showMessage(
                    tr("Pair %1 is connected. The other console's key fingerprint: %2").arg(name, fingerprint));
                adoptPair(name, true);
            });
    start(*setup);
}

void MainWindow::newPair()
{
    if (m_stateDirectory.isEmpty())
        return statusBar()->showMessage(tr("Open a state folder first: pairs live in it."));
    auto *wizard = new PairWizard(m_stateDirectory, m_redactor, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &PairWizard::pairCreated, this, &MainWindow::adoptPair);
    Q_EMIT wizardOpened(wizard);
    wizard->open();
}

void MainWindow::showLicenses()
{
    if (!m_licensesView)
        return statusBar()->showMessage(tr("Open a state folder first: licenses live in it."));
    m_centre->setCurrentWidget(m_licensesView);
    m_sidebar->setCurrentItem(m_sidebar->topLevelItem(2)); // the sidebar says what the centre shows
}

void MainWindow::showDemoSandboxes(const QUrl &cloud, const QUrl &dataCenter)
{
    auto *sandboxes
        = new QLabel(tr("Demo sandboxes: Cloud %1, Data Center %2").arg(cloud.toString(), dataCenter.toString()), this);
    sandboxes->setObjectName(QStringLiteral("demoSandboxes"));
    sandboxes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sandboxes->setToolTip(tr("Edit issues in the sandboxes (any Jira client, or the Sandbox menu) and watch "
                             "them travel."));
    statusBar()->addPermanentWidget(sandboxes);
}

void MainWindow::startPair(const QString &name)
{
    if (!m_runners.contains(name))
        return;
    m_centre->setCurrentWidget(m_views.value(name));
    m_runners.value(name)->start();
}

void MainWindow::buildStatusBar()
{
    m_pairSummary = new QLabel(tr("No sync pairs"), this);
    m_pairSummary->setObjectName(QStringLiteral("pairSummary"));
    statusBar()->addWidget(m_pairSummary);
    m_problems = new QToolButton(this);
    m_problems->setObjectName(QStringLiteral("problemCount"));
    m_problems->setAutoRaise(true);
    m_problems->setToolTip(tr("Show warnings and errors in the log"));
    connect(m_problems, &QToolButton::clicked, this, [this] {
        m_logDock->show();
        m_logDock->raise();
        m_logPane->showProblemsOnly();
    });
    statusBar()->addPermanentWidget(m_problems);
    connect(m_logPane->model(), &LogModel::countsChanged, this, &MainWindow::updateProblemCount);
    connect(m_logPane, &LogPane::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 10'000); });
    updateProblemCount();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_newPair = file->addAction(tr("&New Sync Pair…"), this, &MainWindow::newPair);
    m_newPair->setObjectName(QStringLiteral("actionNewPair"));
    m_newPair->setShortcut(QKeySequence::New);
    m_newPair->setStatusTip(tr("Sets up a sync pair: connection mode, sites, projects, mappings and options."));
    m_newPair->setEnabled(false);
    m_importAnswer = file->addAction(tr("Import Handshake &Answer…"), this, &MainWindow::importAnswer);
    m_importAnswer->setObjectName(QStringLiteral("actionImportAnswer"));
    m_importAnswer->setStatusTip(tr("Connects a pair this console started by files, with the other console's answer."));
    m_importAnswer->setEnabled(false);
    m_fetchAnswer = file->addAction(tr("&Fetch Handshake Answer by Mail…"), this, &MainWindow::fetchAnswer);
    m_fetchAnswer->setObjectName(QStringLiteral("actionFetchAnswer"));
    m_fetchAnswer->setStatusTip(tr("Connects a pair this console started by e-mail, with the answer in its mailbox."));
    m_fetchAnswer->setEnabled(false);
    file->addSeparator();
    QAction *exportLog = file->addAction(tr("&Export Log…"), m_logPane, &LogPane::exportInteractively);
    exportLog->setObjectName(QStringLiteral("actionExportLog"));
    QAction *openLogFolder = file->addAction(tr("Open Log &Folder"), this, [this] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_sink->filePath()).absolutePath()));
    });
    openLogFolder->setEnabled(!m_sink->filePath().isEmpty());
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *sync = menuBar()->addMenu(tr("&Sync"));
    sync->setObjectName(QStringLiteral("menuSync"));
    // Each acts on every pair of the open state folder; while there are none, they are off.
    const auto forAll = [this](void (PairRunner::*act)()) {
        return [this, act] {
            for (PairRunner *runner : std::as_const(m_runners))
                (runner->*act)();
        };
    };
    m_syncAll = sync->addAction(tr("Sync &All Now"), this, forAll(&PairRunner::syncNow));
    m_syncAll->setObjectName(QStringLiteral("actionSyncAll"));
    m_pauseAll = sync->addAction(tr("&Pause All"), this, forAll(&PairRunner::pause));
    m_pauseAll->setObjectName(QStringLiteral("actionPauseAll"));
    m_resumeAll = sync->addAction(tr("&Resume All"), this, forAll(&PairRunner::resume));
    m_resumeAll->setObjectName(QStringLiteral("actionResumeAll"));
    for (QAction *action : {m_syncAll, m_pauseAll, m_resumeAll}) {
        action->setEnabled(false);
        action->setStatusTip(tr("There are no sync pairs yet."));
    }

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *toggleSidebar = m_sidebarDock->toggleViewAction();
    toggleSidebar->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    view->addAction(toggleSidebar);
    QAction *toggleLog = m_logDock->toggleViewAction();
    toggleLog->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    view->addAction(toggleLog);
    QAction *licenses = view->addAction(tr("Li&censes"), this, &MainWindow::showLicenses);
    licenses->setObjectName(QStringLiteral("actionLicenses"));
    licenses->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    licenses->setStatusTip(tr("The installed licenses, their status and the license service's word."));
    view->addSeparator();
    QAction *reset = view->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);
    reset->setObjectName(QStringLiteral("actionResetLayout"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Ferry"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::updateProblemCount()
{
    const LogModel *model = m_logPane->model();
    const QLocale locale;
    m_problems->setText(tr("Warnings: %1  Errors: %2")
                            .arg(locale.toString(model->warningCount()), locale.toString(model->errorCount())));
    m_problems->setAccessibleName(m_problems->text());
}

QString MainWindow::aboutText(const QString &logFilePath)
{
    const QString qtLine = QString::fromLatin1(qVersion()) == QStringLiteral(QT_VERSION_STR)
        ? tr("Qt %1").arg(QString::fromLatin1(qVersion()))
        : tr("Qt %1 (built with %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR));
    return tr("<h3>Ferry %1</h3>"
              "<p>Keeps Jira work items in sync between two Jira sites, directly or across a firewall.</p>"
              "<p>%2</p><p>Log file: <tt>%3</tt></p>")
        .arg(versionString(), qtLine, QDir::toNativeSeparators(logFilePath).toHtmlEscaped());
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Ferry"), aboutText(m_sink->filePath()));
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    const QByteArray geometry = uisettings::mainWindowGeometry.read(settings);
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 800);
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(available.size() * 3 / 4);
    // A size kept on a larger screen is cut to this one's, so that no edge is out of reach.
    resize(size().boundedTo(available.size()));
    restoreState(uisettings::mainWindowState.read(settings));
    m_logPane->restoreSettings(settings);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    uisettings::mainWindowGeometry.write(settings, saveGeometry());
    uisettings::mainWindowState.write(settings, saveState());
    m_logPane->saveSettings(settings);
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultState);
    m_sidebarDock->show();
    m_logDock->show();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

} // namespace ferry
