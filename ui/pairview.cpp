#include "ui/pairview.h"

#include "ui/colours.h"
#include "ui/conflictsview.h"
#include "ui/issuesview.h"
#include "ui/pairbundlesview.h"
#include "ui/roundsview.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace ferry {

PairView::PairView(PairRunner *runner, const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
{
    setObjectName(QStringLiteral("pairView"));
    auto *layout = new QVBoxLayout(this);
    auto *heading = new QLabel(QStringLiteral("<h2>%1</h2>").arg(title.toHtmlEscaped()), this);
    heading->setObjectName(QStringLiteral("pairTitle"));
    layout->addWidget(heading);

    // Two columns of figures: one would take a 768-pixel screen's room from the tabs below.
    auto *figures = new QGridLayout;
    figures->setColumnStretch(1, 1);
    figures->setColumnStretch(3, 2);
    figures->setHorizontalSpacing(12);
    const auto value = [this](const QString &name) {
        auto *label = new QLabel(tr("not known yet"), this);
        label->setObjectName(name);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        return label;
    };
    m_state = value(QStringLiteral("pairState"));
    m_linked = value(QStringLiteral("pairLinked"));
    m_pending = value(QStringLiteral("pairPending"));
    m_conflicts = value(QStringLiteral("pairConflicts"));
    m_parked = value(QStringLiteral("pairParked"));
    m_requests = value(QStringLiteral("pairRequests"));
    const std::pair<QString, QLabel *> rows[] = {{tr("State:"), m_state},
                                                 {tr("Linked issues:"), m_linked},
                                                 {tr("Pending changes:"), m_pending},
                                                 {tr("Open conflicts:"), m_conflicts},
                                                 {tr("Parked issues:"), m_parked},
                                                 {tr("Requests sent:"), m_requests}};
    for (int i = 0; i < int(std::size(rows)); ++i) {
        auto *caption = new QLabel(rows[i].first, this);
        caption->setBuddy(rows[i].second);
        figures->addWidget(caption, i % 3, i / 3 * 2);
        figures->addWidget(rows[i].second, i % 3, i / 3 * 2 + 1);
    }
    layout->addLayout(figures);
    m_backlog = new QProgressBar(this);
    m_backlog->setObjectName(QStringLiteral("pairBacklog"));
    m_backlog->setAccessibleName(tr("Changes caught up"));
    m_backlog->hide();
    layout->addWidget(m_backlog);
    m_quotaPause = new QLabel(this);
    m_quotaPause->setObjectName(QStringLiteral("pairQuotaPause"));
    m_quotaPause->setWordWrap(true);
    m_quotaPause->hide();
    layout->addWidget(m_quotaPause);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("pairProblem"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    layout->addWidget(m_problem);

    auto *buttons = new QHBoxLayout;
    m_syncNow = new QPushButton(tr("Sync &Now"), this);
    m_syncNow->setObjectName(QStringLiteral("syncNow"));
    m_syncNow->setToolTip(tr("Run a round now instead of waiting for the poll interval"));
    m_pause = new QPushButton(tr("&Pause"), this);
    m_pause->setObjectName(QStringLiteral("pauseResume"));
    m_stop = new QPushButton(tr("S&top"), this);
    m_stop->setObjectName(QStringLiteral("stopStart"));
    buttons->addWidget(m_syncNow);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_stop);
    buttons->addStretch();
    layout->addLayout(buttons);
    connect(m_syncNow, &QPushButton::clicked, m_runner, &PairRunner::syncNow);
    connect(m_pause, &QPushButton::clicked, this,
            [this] { m_runner->state() == PairRunner::State::Paused ? m_runner->resume() : m_runner->pause(); });
    connect(m_stop, &QPushButton::clicked, this,
            [this] { m_runner->state() == PairRunner::State::Stopped ? m_runner->start() : m_runner->stop(); });

    // Issues, conflicts and rounds share the space below, one tab each.
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("pairTabs"));
    layout->addWidget(m_tabs, 1);

    m_issues = new IssuesView(m_runner, m_tabs);
    m_issues->setObjectName(QStringLiteral("pairIssues"));
    m_tabs->addTab(m_issues, tr("&Issues"));
    m_conflictsView = new ConflictsView(m_runner, m_tabs);
    m_tabs->addTab(m_conflictsView, tr("&Conflicts"));
    m_roundsView = new RoundsView(m_tabs);
    m_tabs->addTab(m_roundsView, tr("&Rounds"));
    // A pair exchanged by bundles with a console on the other side: its exchange, by hand too.
    m_bundlesView = new PairBundlesView(m_runner, m_tabs);
    m_tabs->addTab(m_bundlesView, tr("B&undles"));
    m_tabs->setTabVisible(m_tabs->indexOf(m_bundlesView), false);

    connect(m_runner, &PairRunner::stateChanged, this, &PairView::showState);
    connect(m_runner, &PairRunner::statusRead, this, &PairView::showStatus);
    connect(m_runner, &PairRunner::roundFinished, m_roundsView, &RoundsView::addRound);
    connect(m_runner, &PairRunner::backlog, this, &PairView::showBacklog);
    connect(m_runner, &PairRunner::note, this, &PairView::showNote);
    connect(m_runner, &PairRunner::failed, this,
            [this](const QString &error) { showNote(tr("The pair stopped: %1").arg(error), true); });
    showState(m_runner->state());
}

void PairView::setBundleDialogs(FolderAsker folder, FilesAsker files)
{
    m_bundlesView->setDialogs(std::move(folder), std::move(files));
}

void PairView::setValueAsker(ValueAsker asker)
{
    m_conflictsView->setValueAsker(std::move(asker));
}

void PairView::setSites(const QUrl &a, const QUrl &b)
{
    m_issues->setSites(a, b);
}

QString PairView::stateText(PairRunner::State state)
{
    switch (state) {
    case PairRunner::State::Stopped:
        return tr("Stopped");
    case PairRunner::State::Connecting:
        return tr("Connecting…");
    case PairRunner::State::Syncing:
        return tr("Syncing");
    case PairRunner::State::Waiting:
        return tr("Waiting for the next round");
    case PairRunner::State::Paused:
        return tr("Paused");
    }
    return {};
}

void PairView::showNote(const QString &text, bool problem)
{
    // The latest note stands: a later success replaces a stale problem. Problems in red.
    m_problem->setText(text);
    m_problem->setProperty("problem", problem);
    m_problem->setStyleSheet(problem ? QStringLiteral("color: %1;").arg(errorColour().name()) : QString());
    m_problem->show();
}

void PairView::showState(PairRunner::State state)
{
    m_state->setText(stateText(state));
    const bool running = state != PairRunner::State::Stopped && state != PairRunner::State::Connecting;
    m_syncNow->setEnabled(running);
    m_pause->setEnabled(running);
    m_pause->setText(state == PairRunner::State::Paused ? tr("&Resume") : tr("&Pause"));
    m_stop->setText(state == PairRunner::State::Stopped ? tr("S&tart") : tr("S&top"));
    if (state == PairRunner::State::Connecting)
        m_problem->hide();
}

void PairView::showStatus(const PairStatus &status)
{
    m_linked->setText(QString::number(status.linkedIssues));
    m_pending->setText(tr("%1 from A to B, %2 from B to A").arg(status.pendingFromA).arg(status.pendingFromB));
    m_conflicts->setText(QString::number(status.openConflicts));
    m_tabs->setTabText(1,
                       status.openConflicts > 0 ? tr("&Conflicts (%1)").arg(status.openConflicts) : tr("&Conflicts"));
    QStringList parked;
    for (const IssueErrors::Parked &issue : status.parked)
        parked << tr("%1: %2").arg(issue.issueKey, issue.error);
    m_parked->setText(parked.isEmpty() ? tr("none") : parked.join(u'\n'));
    m_requests->setText(tr("A %1, B %2").arg(status.requestsA).arg(status.requestsB));
    if (status.quotaPause)
        m_quotaPause->setText(
            tr("Jira Cloud's hourly quota is spent on site %1 (side %2): every request to it waits; resuming at %3.")
                .arg(status.quotaPause->site, sideLetter(status.quotaPause->side),
                     QLocale().toString(status.quotaPause->until.toLocalTime().time(), QLocale::ShortFormat)));
    m_quotaPause->setVisible(status.quotaPause.has_value());
    m_conflictsView->showConflicts(status.conflicts);
    m_tabs->setTabVisible(m_tabs->indexOf(m_bundlesView), status.bundles.has_value());
    if (status.bundles)
        m_bundlesView->showBundles(*status.bundles);
}

void PairView::showBacklog(int changesLeft, int secondsLeft)
{
    if (changesLeft <= 0) {
        m_backlog->hide();
        m_backlogTotal = 0;
        return;
    }
    // The most that waited in this backlog is its size; what is done, the rest of it.
    m_backlogTotal = std::max(m_backlogTotal, changesLeft);
    m_backlog->setRange(0, m_backlogTotal);
    m_backlog->setValue(m_backlogTotal - changesLeft);
    m_backlog->setFormat(
        tr("Catching up: %1 changes wait for the next rounds, about %2 s").arg(changesLeft).arg(secondsLeft));
    m_backlog->show();
}

void PairView::addPage(QWidget *page, const QString &title)
{
    m_tabs->addTab(page, title);
}

} // namespace ferry
