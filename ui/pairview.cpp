#include "ui/pairview.h"

#include "ui/changeschart.h"
#include "ui/conflictdiff.h"
#include "ui/issuesview.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace ferry {

namespace {

/// "3 found, 2 written, 1 conflict" for one direction of a round.
QString direction(const Detector::Outcome &found, const Applier::Outcome &applied)
{
    QStringList parts{PairView::tr("%n found", nullptr, found.opsSent),
                      PairView::tr("%n written", nullptr, applied.written)};
    // English has no translation file to pick its plural forms from.
    if (applied.conflicts > 0)
        parts << (applied.conflicts == 1 ? PairView::tr("1 conflict")
                                         : PairView::tr("%n conflicts", nullptr, applied.conflicts));
    if (applied.left.size() > 0)
        parts << PairView::tr("%n waiting", nullptr, int(applied.left.size()));
    return parts.join(QStringLiteral(", "));
}

} // namespace

PairView::PairView(PairRunner *runner, const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
{
    setObjectName(QStringLiteral("pairView"));
    auto *layout = new QVBoxLayout(this);
    auto *heading = new QLabel(QStringLiteral("<h2>%1</h2>").arg(title.toHtmlEscaped()), this);
    heading->setObjectName(QStringLiteral("pairTitle"));
    layout->addWidget(heading);

    auto *form = new QFormLayout;
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
    form->addRow(tr("State:"), m_state);
    form->addRow(tr("Linked issues:"), m_linked);
    form->addRow(tr("Pending changes:"), m_pending);
    form->addRow(tr("Open conflicts:"), m_conflicts);
    form->addRow(tr("Parked issues:"), m_parked);
    form->addRow(tr("Requests sent:"), m_requests);
    layout->addLayout(form);
    m_backlog = new QProgressBar(this);
    m_backlog->setObjectName(QStringLiteral("pairBacklog"));
    m_backlog->setAccessibleName(tr("Changes caught up"));
    m_backlog->hide();
    layout->addWidget(m_backlog);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("pairProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: palette(highlight);"));
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

    auto *conflictsPage = new QWidget(m_tabs);
    auto *conflictsLayout = new QVBoxLayout(conflictsPage);
    auto *conflictsTitle = new QLabel(tr("The same field changed to different values on both sides; pick the value "
                                         "that wins:"),
                                      conflictsPage);
    conflictsTitle->setWordWrap(true);
    conflictsLayout->addWidget(conflictsTitle);
    m_conflictTable = new QTableWidget(0, 6, conflictsPage);
    m_conflictTable->setObjectName(QStringLiteral("pairConflictTable"));
    m_conflictTable->setAccessibleName(tr("Open conflicts"));
    m_conflictTable->setHorizontalHeaderLabels(
        {tr("#"), tr("Issues"), tr("Field"), tr("Agreed before"), tr("Side A"), tr("Side B")});
    m_conflictTable->horizontalHeader()->setStretchLastSection(true);
    m_conflictTable->verticalHeader()->hide();
    m_conflictTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_conflictTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_conflictTable->setSelectionMode(QAbstractItemView::SingleSelection);
    conflictsLayout->addWidget(m_conflictTable, 1);
    m_conflictDetail = new QTextBrowser(conflictsPage);
    m_conflictDetail->setObjectName(QStringLiteral("conflictDetail"));
    m_conflictDetail->setAccessibleName(tr("The selected conflict's values"));
    m_conflictDetail->setPlaceholderText(tr("Select a conflict to see its values side by side."));
    conflictsLayout->addWidget(m_conflictDetail, 1);
    auto *settle = new QHBoxLayout;
    m_takeA = new QPushButton(tr("Take Side &A's Value"), conflictsPage);
    m_takeA->setObjectName(QStringLiteral("takeA"));
    m_takeB = new QPushButton(tr("Take Side &B's Value"), conflictsPage);
    m_takeB->setObjectName(QStringLiteral("takeB"));
    m_mergeValue = new QPushButton(tr("&Edit a Merged Value…"), conflictsPage);
    m_mergeValue->setObjectName(QStringLiteral("mergeValue"));
    m_mergeValue->setToolTip(tr("Write a value of your own (a text field's words from both sides) on both sides"));
    settle->addWidget(m_takeA);
    settle->addWidget(m_takeB);
    settle->addWidget(m_mergeValue);
    settle->addStretch();
    conflictsLayout->addLayout(settle);
    m_tabs->addTab(conflictsPage, tr("&Conflicts"));
    connect(m_takeA, &QPushButton::clicked, this, [this] { take(QStringLiteral("a")); });
    connect(m_takeB, &QPushButton::clicked, this, [this] { take(QStringLiteral("b")); });
    m_askValue = [](QWidget *dialogParent, const QString &field, const QString &start) -> std::optional<QString> {
        bool ok = false;
        const QString text = QInputDialog::getMultiLineText(
            dialogParent, tr("Merged Value"), tr("The value of %1 to write on both sides:").arg(field), start, &ok);
        return ok ? std::optional(text) : std::nullopt;
    };
    connect(m_mergeValue, &QPushButton::clicked, this, &PairView::mergeValue);
    const auto updateTakeButtons = [this] {
        const bool chosen = !m_conflictTable->selectedItems().isEmpty();
        m_takeA->setEnabled(chosen);
        m_takeB->setEnabled(chosen);
        const int row = chosen ? m_conflictTable->selectedItems().first()->row() : -1;
        m_mergeValue->setEnabled(row >= 0 && row < m_openConflicts.size()
                                 && m_openConflicts.at(row).conflict.takesTypedValue());
    };
    connect(m_conflictTable, &QTableWidget::itemSelectionChanged, this, updateTakeButtons);
    connect(m_conflictTable, &QTableWidget::itemSelectionChanged, this, &PairView::showConflictDetail);
    updateTakeButtons();

    auto *roundsPage = new QWidget(m_tabs);
    auto *roundsLayout = new QVBoxLayout(roundsPage);
    m_chart = new ChangesChart(roundsPage);
    roundsLayout->addWidget(m_chart);
    m_rounds = new QTableWidget(0, 4, roundsPage);
    roundsLayout->addWidget(m_rounds, 1);
    m_rounds->setObjectName(QStringLiteral("pairRounds"));
    m_rounds->setAccessibleName(tr("Rounds"));
    m_rounds->setHorizontalHeaderLabels({tr("Round"), tr("Finished"), tr("A to B"), tr("B to A")});
    m_rounds->horizontalHeader()->setStretchLastSection(true);
    m_rounds->verticalHeader()->hide();
    m_rounds->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rounds->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tabs->addTab(roundsPage, tr("&Rounds"));

    // A pair exchanged by bundles with a console on the other side: its exchange, by hand too.
    m_bundlesPage = new QWidget(m_tabs);
    m_bundlesPage->setObjectName(QStringLiteral("pairBundles"));
    auto *bundlesLayout = new QVBoxLayout(m_bundlesPage);
    m_bundleState = new QLabel(m_bundlesPage);
    m_bundleState->setObjectName(QStringLiteral("bundleState"));
    m_bundleState->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bundleState->setWordWrap(true);
    bundlesLayout->addWidget(m_bundleState);
    auto *bundleButtons = new QHBoxLayout;
    auto *exportBundles = new QPushButton(tr("&Export Bundles Now…"), m_bundlesPage);
    exportBundles->setObjectName(QStringLiteral("exportBundles"));
    exportBundles->setToolTip(tr("Write this side's changes the other console has not confirmed into a folder"));
    auto *importBundles = new QPushButton(tr("I&mport Bundles…"), m_bundlesPage);
    importBundles->setObjectName(QStringLiteral("importBundles"));
    importBundles->setToolTip(tr("Read bundles the other console wrote; their changes are applied at once"));
    bundleButtons->addWidget(exportBundles);
    bundleButtons->addWidget(importBundles);
    bundleButtons->addStretch();
    bundlesLayout->addLayout(bundleButtons);
    bundlesLayout->addStretch();
    m_tabs->addTab(m_bundlesPage, tr("B&undles"));
    m_tabs->setTabVisible(m_tabs->indexOf(m_bundlesPage), false);
    m_askFolder = [](QWidget *dialogParent) {
        return QFileDialog::getExistingDirectory(dialogParent, tr("Export Bundles Into"));
    };
    m_askFiles = [](QWidget *dialogParent) {
        return QFileDialog::getOpenFileNames(dialogParent, tr("Import Bundles"), QString(),
                                             tr("Ferry bundles (*.ferry);;All files (*)"));
    };
    connect(exportBundles, &QPushButton::clicked, this, [this] {
        if (const QString folder = m_askFolder(this); !folder.isEmpty())
            m_runner->exportBundles(folder);
    });
    connect(importBundles, &QPushButton::clicked, this, [this] {
        if (const QStringList files = m_askFiles(this); !files.isEmpty())
            m_runner->importBundles(files);
    });

    connect(m_runner, &PairRunner::stateChanged, this, &PairView::showState);
    connect(m_runner, &PairRunner::statusRead, this, &PairView::showStatus);
    connect(m_runner, &PairRunner::roundFinished, this, &PairView::addRound);
    connect(m_runner, &PairRunner::backlog, this, &PairView::showBacklog);
    connect(m_runner, &PairRunner::note, this, [this](const QString &text) {
        m_problem->setText(text);
        m_problem->show();
    });
    connect(m_runner, &PairRunner::failed, this, [this](const QString &error) {
        m_problem->setText(tr("The pair stopped: %1").arg(error));
        m_problem->show();
    });
    showState(m_runner->state());
}

void PairView::setBundleDialogs(FolderAsker folder, FilesAsker files)
{
    m_askFolder = std::move(folder);
    m_askFiles = std::move(files);
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
    showConflicts(status.conflicts);
    m_tabs->setTabVisible(m_tabs->indexOf(m_bundlesPage), status.bundles.has_value());
    if (status.bundles)
        showBundles(*status.bundles);
}

void PairView::showBundles(const PairStatus::Bundles &b)
{
    const QString here = b.side.toUpper();
    const QString other = b.side == QStringLiteral("a") ? QStringLiteral("B") : QStringLiteral("A");
    QStringList lines{
        b.role == QStringLiteral("primary") ? tr("This console runs side %1 and owns the configuration.").arg(here)
                                            : tr("This console runs side %1; the other console owns the "
                                                 "configuration.")
                                                  .arg(here),
        tr("Sent: changes up to %1, of which side %2 has up to %3 (last bundle %4).")
            .arg(b.sentSeq)
            .arg(other)
            .arg(b.confirmedSeq)
            .arg(b.sentBundle),
        tr("Received: side %1's changes up to %2, %3 still to apply (last bundle %4).")
            .arg(other)
            .arg(b.receivedSeq)
            .arg(b.toApply)
            .arg(b.importedBundle),
        !b.mailTo.isEmpty() ? tr("Exchanged by e-mail every %1 s: sent to %2, read from %3.")
                                  .arg(b.mailInterval)
                                  .arg(b.mailTo, b.mailbox)
                + (b.waitingToSend ? u' ' + tr("%n bundle(s) wait to be sent.", nullptr, b.waitingToSend) : QString())
            : b.outgoing.isEmpty()
            ? tr("Exchanged by hand.")
            : tr("Exchanged through folders every %1 s: out to %2, in from %3.")
                  .arg(b.interval)
                  .arg(QDir::toNativeSeparators(b.outgoing), QDir::toNativeSeparators(b.incoming)),
        tr("The other console's key fingerprint: %1").arg(b.partnerFingerprint)};
    if (b.proposalState == QStringLiteral("published"))
        lines << tr("Configuration version %1 is published; the other console has not accepted it yet.")
                     .arg(b.proposalVersion);
    else if (b.proposalState == QStringLiteral("offered"))
        lines << tr("The other console offers configuration version %1: accept or decline it with ferry-cli pair "
                    "accept or decline.")
                     .arg(b.proposalVersion);
    else if (b.proposalState == QStringLiteral("declined"))
        lines << tr("Configuration version %1 was declined.").arg(b.proposalVersion);
    m_bundleState->setText(lines.join(u'\n'));
}

void PairView::showConflictDetail()
{
    const QList<QTableWidgetItem *> selected = m_conflictTable->selectedItems();
    const int row = selected.isEmpty() ? -1 : selected.first()->row();
    if (row < 0 || row >= m_openConflicts.size()) {
        m_conflictDetail->clear();
        return;
    }
    const auto &[conflict, aKey, bKey] = m_openConflicts.at(row);
    const QString base = conflictdiff::readable(conflict.base);
    // Qt's rich text has no <ins>/<del>: marked words get a background, dropped ones a strike.
    const auto marked = [&](const QJsonValue &value) {
        return conflictdiff::wordDiffHtml(base, conflictdiff::readable(value))
            .replace(QStringLiteral("<ins>"),
                     QStringLiteral("<span style=\"background-color:#b7e4c7; color:#000000\">"))
            .replace(QStringLiteral("</ins>"), QStringLiteral("</span>"))
            .replace(QStringLiteral("<del>"), QStringLiteral("<s style=\"color:#a33a3a\">"))
            .replace(QStringLiteral("</del>"), QStringLiteral("</s>"));
    };
    const QString empty = tr("(empty)");
    m_conflictDetail->setHtml(
        QStringLiteral("<p><b>%1</b></p><table width=\"100%\" cellspacing=\"6\"><tr><th align=\"left\">%2</th>"
                       "<th align=\"left\">%3</th><th align=\"left\">%4</th></tr><tr><td valign=\"top\">%5</td>"
                       "<td valign=\"top\">%6</td><td valign=\"top\">%7</td></tr></table>")
            .arg(tr("%1 of %2 ⇄ %3").arg(conflict.field, aKey, bKey).toHtmlEscaped(), tr("Agreed before"),
                 tr("Side A (%1)").arg(aKey).toHtmlEscaped(), tr("Side B (%1)").arg(bKey).toHtmlEscaped(),
                 base.isEmpty() ? empty : base.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")),
                 conflict.aValue.isNull() ? empty : marked(conflict.aValue),
                 conflict.bValue.isNull() ? empty : marked(conflict.bValue)));
}

void PairView::showConflicts(const QList<OpenConflict> &conflicts)
{
    m_openConflicts = conflicts;
    const QString selected = m_conflictTable->selectedItems().isEmpty()
        ? QString()
        : m_conflictTable->item(m_conflictTable->selectedItems().first()->row(), 0)->text();
    m_conflictTable->setRowCount(0);
    for (const auto &[conflict, aKey, bKey] : conflicts) {
        const int row = m_conflictTable->rowCount();
        m_conflictTable->insertRow(row);
        const QStringList cells{
            QString::number(conflict.id), tr("%1 ⇄ %2").arg(aKey, bKey), conflict.field,
            valueAsLine(conflict.base),   valueAsLine(conflict.aValue),  valueAsLine(conflict.bValue)};
        for (int column = 0; column < cells.size(); ++column)
            m_conflictTable->setItem(row, column, new QTableWidgetItem(cells.at(column)));
        if (cells.first() == selected)
            m_conflictTable->selectRow(row);
    }
    m_conflictTable->resizeColumnsToContents();
}

void PairView::take(const QString &side)
{
    const QList<QTableWidgetItem *> chosen = m_conflictTable->selectedItems();
    if (chosen.isEmpty())
        return;
    const qint64 id = m_conflictTable->item(chosen.first()->row(), 0)->text().toLongLong();
    m_runner->resolveConflict(id, side);
}

void PairView::mergeValue()
{
    const QList<QTableWidgetItem *> chosen = m_conflictTable->selectedItems();
    const int row = chosen.isEmpty() ? -1 : chosen.first()->row();
    if (row < 0 || row >= m_openConflicts.size())
        return;
    const ConflictRepository::Conflict &conflict = m_openConflicts.at(row).conflict;
    const std::optional<QString> value = m_askValue(this, conflict.field, conflict.aValue.toString());
    if (value)
        m_runner->resolveConflictWith(conflict.id, *value);
}

void PairView::setValueAsker(ValueAsker asker)
{
    m_askValue = std::move(asker);
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

void PairView::addRound(const SyncRound::Report &report, int round)
{
    m_chart->add({QDateTime::currentDateTime(), report.appliedOnB.written, report.appliedOnA.written,
                  report.appliedOnA.conflicts + report.appliedOnB.conflicts});
    m_rounds->insertRow(0);
    const QStringList cells{QString::number(round),
                            QLocale().toString(QDateTime::currentDateTime().time(), QLocale::ShortFormat),
                            direction(report.detectedA, report.appliedOnB),
                            report.error().isEmpty() ? direction(report.detectedB, report.appliedOnA) : report.error()};
    for (int column = 0; column < cells.size(); ++column)
        m_rounds->setItem(0, column, new QTableWidgetItem(cells.at(column)));
    m_rounds->resizeColumnsToContents();
}

void PairView::addPage(QWidget *page, const QString &title)
{
    m_tabs->addTab(page, title);
}

} // namespace ferry
