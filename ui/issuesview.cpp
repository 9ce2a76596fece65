#include "ui/issuesview.h"

#include "ui/issuetablemodel.h"

#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace ferry {

IssuesView::IssuesView(PairRunner *runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_model(new IssueTableModel(this))
    , m_filter(new QSortFilterProxyModel(this))
    , m_askKey([](QWidget *dialogParent, const QString &key) {
        return QInputDialog::getText(dialogParent, tr("Relink %1").arg(key),
                                     tr("Key of the issue on the other site to link %1 to:").arg(key))
            .trimmed();
    })
    , m_open([](const QUrl &url) { QDesktopServices::openUrl(url); })
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("&Filter:"), this);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("issueFilter"));
    m_search->setPlaceholderText(tr("Filter by key, state or reason"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Filter issues"));
    title->setBuddy(m_search);
    auto *heading = new QHBoxLayout;
    heading->addWidget(title);
    heading->addWidget(m_search, 1);
    layout->addLayout(heading);

    m_filter->setSourceModel(m_model);
    m_filter->setFilterKeyColumn(-1);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setSortCaseSensitivity(Qt::CaseInsensitive);
    connect(m_search, &QLineEdit::textChanged, m_filter, &QSortFilterProxyModel::setFilterFixedString);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("issueTable"));
    m_table->setAccessibleName(tr("Linked issues"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(IssueTableModel::SideA, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 3);
    m_recent = new QListWidget(this);
    m_recent->setObjectName(QStringLiteral("issueRecent"));
    m_recent->setAccessibleName(tr("Recent changes of the selected issue"));
    layout->addWidget(m_recent, 1);

    auto *buttons = new QHBoxLayout;
    m_resync = new QPushButton(tr("Re&sync"), this);
    m_resync->setObjectName(QStringLiteral("resyncIssue"));
    m_resync->setToolTip(tr("Send this issue's fields again at the next round, over whatever its partner holds"));
    buttons->addWidget(m_resync);
    m_ignore = new QPushButton(tr("&Ignore"), this);
    m_ignore->setObjectName(QStringLiteral("ignoreIssue"));
    m_ignore->setToolTip(tr("Leave this issue and its partner alone; relink them to sync them again"));
    m_recreate = new QPushButton(tr("Re&create Partner"), this);
    m_recreate->setObjectName(QStringLiteral("recreatePartner"));
    m_recreate->setToolTip(tr("The partner is gone: create a new one from this issue at the next round"));
    m_relink = new QPushButton(tr("Re&link…"), this);
    m_relink->setObjectName(QStringLiteral("relinkIssue"));
    m_relink->setToolTip(tr("Link this issue to another issue of the other site"));
    buttons->addWidget(m_ignore);
    buttons->addWidget(m_recreate);
    buttons->addWidget(m_relink);
    buttons->addStretch();
    m_openIssue = new QPushButton(tr("&Open in Browser"), this);
    m_openIssue->setObjectName(QStringLiteral("openIssue"));
    m_openIssue->setToolTip(tr("Open the issue and its partner on their sites (or double-click a key)"));
    buttons->addWidget(m_openIssue);
    layout->addLayout(buttons);

    connect(m_resync, &QPushButton::clicked, this,
            [this] { m_runner->actOnIssue(selectedKey(), PairRunner::IssueAction::Resync); });
    connect(m_ignore, &QPushButton::clicked, this,
            [this] { m_runner->actOnIssue(selectedKey(), PairRunner::IssueAction::Ignore); });
    connect(m_recreate, &QPushButton::clicked, this,
            [this] { m_runner->actOnIssue(selectedKey(), PairRunner::IssueAction::Recreate); });
    connect(m_relink, &QPushButton::clicked, this, [this] {
        const QString key = selectedKey();
        const QString other = m_askKey(this, key).toUpper();
        if (!other.isEmpty())
            m_runner->actOnIssue(key, PairRunner::IssueAction::Relink, other);
    });
    connect(m_openIssue, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = m_table->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            openIssue(rows.first(), true);
    });
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) { openIssue(index, false); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &IssuesView::updateButtons);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_recent->clear();
        if (const QString key = selectedKey(); !key.isEmpty())
            m_runner->readIssue(key);
    });
    connect(m_runner, &PairRunner::issueRead, this, &IssuesView::showRecent);
    connect(m_runner, &PairRunner::issuesRead, this, &IssuesView::showIssues);
    updateButtons();
}

void IssuesView::showIssues(const QList<IssueSync> &issues)
{
    // The list is read anew after every round: the selection follows its issue.
    const QString selected = selectedKey();
    m_model->setIssues(issues);
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        if (m_filter->index(row, 0).data(IssueTableModel::KeyRole).toString() == selected && !selected.isEmpty())
            m_table->selectRow(row);
    }
    m_table->resizeColumnsToContents();
    updateButtons();
}

void IssuesView::setSites(const QUrl &a, const QUrl &b)
{
    m_siteA = a;
    m_siteB = b;
    updateButtons();
}

void IssuesView::openIssue(const QModelIndex &index, bool bothSides)
{
    const auto browse = [](QUrl site, const QString &key) {
        site.setPath(site.path().chopped(site.path().endsWith(u'/') ? 1 : 0) + QStringLiteral("/browse/") + key);
        return site;
    };
    const QString aKey = index.siblingAtColumn(IssueTableModel::SideA).data().toString();
    const QString bKey = index.siblingAtColumn(IssueTableModel::SideB).data().toString();
    const bool onB = index.column() == IssueTableModel::SideB;
    if ((bothSides || !onB) && m_siteA.isValid() && !aKey.isEmpty())
        m_open(browse(m_siteA, aKey));
    if ((bothSides || onB) && m_siteB.isValid() && !bKey.isEmpty())
        m_open(browse(m_siteB, bKey));
}

void IssuesView::showRecent(const IssueSync &issue)
{
    if (!issue.link || issue.link->aKey != selectedKey())
        return; // an answer for an issue no longer selected
    m_recent->clear();
    for (const Channel::Traced &traced : issue.recent)
        m_recent->addItem(tr("%1  %2").arg(QLocale().toString(traced.sent.toLocalTime(), QLocale::ShortFormat),
                                           IssueSync::describe(traced)));
    if (issue.historySince.isValid())
        m_recent->addItem(tr("Changes before %1 were compacted (the pair's retention).")
                              .arg(QLocale().toString(issue.historySince.toLocalTime(), QLocale::ShortFormat)));
    else if (issue.recent.isEmpty())
        m_recent->addItem(tr("No changes of this issue have travelled yet."));
}

QString IssuesView::selectedKey() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(IssueTableModel::KeyRole).toString();
}

void IssuesView::updateButtons()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const auto state = rows.isEmpty() ? IssueSync::State::NotLinked
                                      : IssueSync::State(rows.first().data(IssueTableModel::StateRole).toInt());
    m_resync->setEnabled(!rows.isEmpty() && state != IssueSync::State::Ignored
                         && state != IssueSync::State::PartnerMissing);
    m_ignore->setEnabled(!rows.isEmpty() && state != IssueSync::State::Ignored);
    m_recreate->setEnabled(state == IssueSync::State::PartnerMissing);
    m_relink->setEnabled(!rows.isEmpty());
    m_openIssue->setEnabled(!rows.isEmpty() && (m_siteA.isValid() || m_siteB.isValid()));
}

} // namespace ferry
