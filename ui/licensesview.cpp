#include "ui/licensesview.h"

#include "jira/site.h"
#include "license/licensedesk.h"
#include "ui/licensetablemodel.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace ferry {

LicensesView::LicensesView(LicenseDesk *desk, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_model(new LicenseTableModel(this))
    , m_table(new QTableView(this))
    , m_service(new QLabel(this))
    , m_message(new QLabel(this))
    , m_check(new QPushButton(tr("&Check Now"), this))
{
    setObjectName(QStringLiteral("licensesView"));
    auto *title = new QLabel(tr("<h3>Licenses</h3>"), this);
    m_service->setObjectName(QStringLiteral("licenseService"));
    m_service->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName(QStringLiteral("licenseMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setObjectName(QStringLiteral("licenseTable"));
    m_table->setAccessibleName(tr("Installed licenses"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    auto *install = new QPushButton(tr("&Install License…"), this);
    install->setObjectName(QStringLiteral("installLicense"));
    install->setToolTip(tr("Verifies a license file and keeps it in Ferry's state."));
    auto *trial = new QPushButton(tr("Request &Trial…"), this);
    trial->setObjectName(QStringLiteral("requestTrial"));
    trial->setToolTip(tr("Asks the license service for a 30-day trial license of one of the configured sites."));
    auto *setService = new QPushButton(tr("License &Service…"), this);
    setService->setObjectName(QStringLiteral("setLicenseService"));
    setService->setToolTip(tr("The address of this installation's license service."));
    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeLicense"));
    m_remove->setEnabled(false);
    m_check->setObjectName(QStringLiteral("checkLicenses"));
    m_check->setToolTip(tr("Asks the license service whether each license still holds."));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(install);
    buttons->addWidget(trial);
    buttons->addWidget(m_check);
    buttons->addWidget(setService);
    buttons->addStretch();
    buttons->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(m_service);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_message);

    m_askFile = [](QWidget *parentWidget) {
        return QFileDialog::getOpenFileName(parentWidget, tr("Install License"), QString(),
                                            tr("License files (*.json *.license);;All files (*)"));
    };
    connect(install, &QPushButton::clicked, this, [this] {
        const QString file = m_askFile(this);
        if (!file.isEmpty())
            m_desk->install(file);
    });
    connect(m_check, &QPushButton::clicked, m_desk, &LicenseDesk::checkOnline);
    m_askSite = [](QWidget *parentWidget, const QStringList &sites) {
        bool chosen = false;
        const QString site = QInputDialog::getItem(parentWidget, tr("Request Trial"),
                                                   tr("A 30-day trial license for site:"), sites, 0, false, &chosen);
        return chosen ? site : QString();
    };
    connect(trial, &QPushButton::clicked, this, [this] {
        SiteRegistry registry(m_stateDirectory);
        QString error;
        if (!registry.load(&error))
            return m_message->setText(error);
        QStringList names;
        for (const Site &site : registry.sites())
            names << site.name;
        if (names.isEmpty())
            return m_message->setText(tr("No sites are configured yet: add one with the New Pair wizard first."));
        if (const QString site = m_askSite(this, names); !site.isEmpty())
            m_desk->requestTrial(site);
    });
    m_askService = [](QWidget *parentWidget, const QString &current) {
        return QInputDialog::getText(parentWidget, tr("License Service"),
                                     tr("Address of the license service (https://…):"), QLineEdit::Normal, current);
    };
    m_confirm = [](QWidget *parentWidget, const QString &question) {
        return QMessageBox::question(parentWidget, tr("Remove License"), question) == QMessageBox::Yes;
    };
    connect(setService, &QPushButton::clicked, this, [this] {
        const QString url = m_askService(this, m_serviceUrl);
        if (!url.isEmpty())
            m_desk->setService(url);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_remove->setEnabled(m_table->selectionModel()->hasSelection()); });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = m_table->selectionModel()->selectedRows();
        if (rows.isEmpty())
            return;
        const QString id = m_model->rows().at(rows.first().row()).id;
        if (m_confirm(this, tr("Remove license %1? Pairs that need it stop at their next start.").arg(id)))
            m_desk->remove(id);
    });
    connect(m_desk, &LicenseDesk::overview, this, [this](const QList<LicenseRow> &rows, const QString &service) {
        m_model->setRows(rows);
        m_serviceUrl = service;
        m_remove->setEnabled(false);
        m_table->resizeColumnsToContents();
        m_service->setText(service.isEmpty()
                               ? tr("No license service is set for this installation: licenses are checked offline.")
                               : tr("License service: %1").arg(service));
        if (rows.isEmpty() && m_message->text().isEmpty())
            m_message->setText(tr("No licenses yet. Install one, or ask the license service for a trial "
                                  "(Request Trial…)."));
    });
    connect(m_desk, &LicenseDesk::said, this, [this](const QString &message, bool) { m_message->setText(message); });
    connect(m_desk, &LicenseDesk::busy, this, [this](bool working) {
        m_check->setEnabled(!working);
        if (working)
            m_message->setText(tr("Asking the license service…"));
    });
}

void LicensesView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_desk->refresh();
}

} // namespace ferry
