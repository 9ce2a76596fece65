#include "ui/sitepanel.h"

#include "ui/colours.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace ferry {

void listCheckLines(QListWidget *list, const QList<SiteCheck::Line> &lines)
{
    list->clear();
    for (const SiteCheck::Line &line : lines) {
        auto *item = new QListWidgetItem(list);
        item->setText(line.passed ? SitePanel::tr("✓ %1: %2").arg(line.check, line.detail)
                                  : SitePanel::tr("✗ %1: %2\n    fix: %3").arg(line.check, line.detail, line.fix));
        item->setToolTip(line.fix);
        if (!line.passed)
            item->setForeground(errorColour());
    }
}

SitePanel::SitePanel(const QString &title, const QString &suffix, int panel, PairSetup *setup, QWidget *parent)
    : QGroupBox(title, parent)
    , m_panel(panel)
    , m_setup(setup)
    , m_choice(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_auth(new QComboBox(this))
    , m_user(new QLineEdit(this))
    , m_secret(new QLineEdit(this))
    , m_project(new QComboBox(this))
    , m_check(new QPushButton(tr("&Check Connection"), this))
    , m_lines(new QListWidget(this))
    , m_verdict(new QLabel(this))
{
    const auto name = [&suffix](QWidget *widget, const QString &base, const QString &accessible) {
        widget->setObjectName(base + suffix);
        widget->setAccessibleName(accessible);
    };
    name(m_choice, QStringLiteral("siteChoice"), tr("Site of side %1").arg(suffix));
    name(m_name, QStringLiteral("siteName"), tr("Name of the new site"));
    name(m_url, QStringLiteral("siteUrl"), tr("Address of the site"));
    name(m_auth, QStringLiteral("siteAuth"), tr("How Ferry signs in"));
    name(m_user, QStringLiteral("siteUser"), tr("User"));
    name(m_secret, QStringLiteral("siteSecret"), tr("API token, password or personal access token"));
    name(m_project, QStringLiteral("project"), tr("Project of side %1").arg(suffix));
    name(m_check, QStringLiteral("checkSite"), tr("Check the connection to side %1").arg(suffix));
    name(m_lines, QStringLiteral("siteChecks"), tr("Requirements of side %1").arg(suffix));
    m_verdict->setObjectName(QStringLiteral("siteVerdict") + suffix);
    m_verdict->setWordWrap(true);
    // A requirement's line and its fix read whole, without scrolling sideways.
    m_lines->setWordWrap(true);
    m_lines->setTextElideMode(Qt::ElideNone);
    m_checkTick.setInterval(1000);
    connect(&m_checkTick, &QTimer::timeout, this, &SitePanel::showWaiting);

    m_name->setPlaceholderText(tr("acme-cloud"));
    m_url->setPlaceholderText(tr("https://acme.atlassian.net"));
    m_auth->addItem(tr("e-mail and API token (Cloud), user and password (Data Center)"), QStringLiteral("basic"));
    m_auth->addItem(tr("personal access token (Data Center)"), QStringLiteral("pat"));
    m_user->setPlaceholderText(tr("admin@acme.com"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setToolTip(tr("Kept in the system keychain when the pair is stored, never in a file."));
    m_project->setEditable(true);
    m_project->setInsertPolicy(QComboBox::NoInsert);
    m_project->lineEdit()->setPlaceholderText(tr("project key, e.g. ACME"));
    m_check->setToolTip(tr("Reaches the site, checks its certificate, signs in and checks the project's "
                           "permissions."));

    auto *form = new QFormLayout;
    form->addRow(tr("&Site:"), m_choice);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Address:"), m_url);
    form->addRow(tr("Sign in &with:"), m_auth);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("Se&cret:"), m_secret);
    form->addRow(tr("&Project:"), m_project);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_check, 0, Qt::AlignLeft);
    layout->addWidget(m_lines, 1);
    layout->addWidget(m_verdict);

    connect(m_choice, &QComboBox::currentIndexChanged, this, &SitePanel::showChoice);
    for (QLineEdit *edit : {m_name, m_url, m_user, m_secret})
        connect(edit, &QLineEdit::textEdited, this, &SitePanel::invalidate);
    connect(m_auth, &QComboBox::activated, this, &SitePanel::invalidate);
    connect(m_auth, &QComboBox::currentIndexChanged, this, &SitePanel::showAuth);
    connect(m_project, &QComboBox::currentTextChanged, this, &SitePanel::invalidate);
    connect(m_check, &QPushButton::clicked, this, &SitePanel::check);
    connect(m_setup, &PairSetup::siteChecked, this,
            [this](int checked, const QList<SiteCheck::Line> &lines, bool passed, const QString &deployment,
                   const QList<ProjectChoice> &projects) {
                if (checked == m_panel)
                    showCheck(lines, passed, deployment, projects);
            });
    setSites({});
}

void SitePanel::setSites(const QList<Site> &sites, qsizetype shown)
{
    m_sites = sites;
    const QSignalBlocker blocker(m_choice);
    m_choice->clear();
    for (const Site &site : sites)
        m_choice->addItem(QStringLiteral("%1 (%2)").arg(site.name, site.url.toString()), site.name);
    m_choice->addItem(tr("New site…"));
    m_choice->setCurrentIndex(int(shown >= 0 && shown < sites.size() ? shown : sites.size()));
    showChoice();
}

void SitePanel::showChoice()
{
    const bool isNew = isNewSite();
    for (QWidget *field :
         {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_url), static_cast<QWidget *>(m_auth),
          static_cast<QWidget *>(m_user), static_cast<QWidget *>(m_secret)})
        field->setEnabled(isNew);
    if (!isNew) {
        const Site &site = m_sites.at(m_choice->currentIndex());
        m_name->setText(site.name);
        m_url->setText(site.url.toString());
        m_auth->setCurrentIndex(site.auth == Site::Auth::Basic ? 0 : 1);
        m_user->setText(site.user);
    } else {
        for (QLineEdit *edit : {m_name, m_url, m_user})
            edit->clear();
    }
    m_secret->clear();
    showAuth();
    invalidate();
}

void SitePanel::showAuth()
{
    // A personal access token names its user itself: there is no user to type.
    const bool pat = m_auth->currentData().toString() == QStringLiteral("pat");
    m_user->setEnabled(isNewSite() && !pat);
    m_user->setPlaceholderText(pat ? tr("not needed with a personal access token") : tr("admin@acme.com"));
    if (pat && isNewSite())
        m_user->clear();
}

bool SitePanel::isNewSite() const
{
    return m_choice->currentIndex() < 0 || m_choice->currentIndex() >= m_sites.size();
}

SetupSide SitePanel::setupSide() const
{
    SetupSide side;
    side.isNew = isNewSite();
    if (side.isNew) {
        side.site.name = m_name->text().trimmed();
        side.site.url = QUrl(m_url->text().trimmed());
        Site::parseAuth(m_auth->currentData().toString(), &side.site.auth);
        side.site.user = m_user->text().trimmed();
        // "env:NAME" or "file:PATH" typed as the secret is where the secret is, as ferry-cli site add
        // takes it: kept as the site's reference, never sent as the token itself.
        SecretRef reference;
        QString notReference;
        if (const QString typed = m_secret->text().trimmed();
            (typed.startsWith(QStringLiteral("env:")) || typed.startsWith(QStringLiteral("file:")))
            && SecretRef::parse(typed, &reference, &notReference))
            side.site.secret = reference;
        else
            side.secret = m_secret->text();
    } else {
        side.site = m_sites.at(m_choice->currentIndex());
    }
    // "ACME — Acme" from the list, or a key typed.
    side.project = m_project->currentText().section(u' ', 0, 0).trimmed().toUpper();
    return side;
}

QStringList SitePanel::problems() const
{
    const SetupSide side = setupSide();
    QStringList problems;
    if (side.isNew) {
        problems << side.site.problems();
        if (side.secret.isEmpty() && side.site.secret.kind == SecretRef::Kind::Keychain)
            problems << tr("Type the API token (Cloud), password or personal access token.");
        for (const Site &site : m_sites)
            if (site.name == side.site.name)
                problems << tr("A site named %1 is configured already: choose it above, or name this one "
                               "differently.")
                                .arg(site.name);
    }
    if (side.project.isEmpty())
        problems << tr("Name the project (its key).");
    return problems;
}

void SitePanel::check()
{
    const QStringList problems = this->problems();
    m_lines->clear();
    if (!problems.isEmpty()) {
        for (const QString &problem : problems) {
            auto *item = new QListWidgetItem(tr("✗ %1").arg(problem), m_lines);
            item->setForeground(errorColour());
        }
        m_verdict->setText(tr("Fill in the fields first."));
        return;
    }
    m_checking = true;
    m_check->setEnabled(false);
    m_checkClock.start();
    m_checkTick.start();
    showWaiting();
    m_setup->checkSite(m_panel, setupSide());
}

void SitePanel::showCheck(const QList<SiteCheck::Line> &lines, bool passed, const QString &deployment,
                          const QList<ProjectChoice> &projects)
{
    m_checking = false;
    m_checkTick.stop();
    m_check->setEnabled(true);
    listCheckLines(m_lines, lines);
    if (!projects.isEmpty()) {
        const QString typed = m_project->currentText();
        const QSignalBlocker blocker(m_project);
        m_project->clear();
        for (const ProjectChoice &project : projects)
            m_project->addItem(QStringLiteral("%1 — %2").arg(project.key, project.name), project.key);
        m_project->setCurrentText(typed);
        const int index = m_project->findData(typed.section(u' ', 0, 0).trimmed().toUpper());
        if (index >= 0)
            m_project->setCurrentIndex(index);
    }
    m_passed = passed;
    m_deployment = deployment;
    m_verdict->setText(passed
                           ? tr("Ready: %1 is %2.")
                                 .arg(setupSide().site.name,
                                      deployment == QStringLiteral("cloud") ? tr("Jira Cloud") : tr("Jira Data Center"))
                           : tr("Not ready: fix what failed and check again."));
    Q_EMIT changed();
}

void SitePanel::showWaiting()
{
    // A site that takes connections and never answers is tried twice, 20 s each: say what is waited for.
    m_verdict->setText(tr("Checking %1… %2 s: waiting for the site to answer (one that does not is given up after "
                          "40 s).")
                           .arg(m_url->text())
                           .arg(m_checkClock.elapsed() / 1000));
}

void SitePanel::invalidate()
{
    if (!m_passed && m_lines->count() == 0)
        return Q_EMIT changed();
    m_passed = false;
    if (!m_checking) {
        m_lines->clear();
        m_verdict->setText(tr("Check the connection again: the fields changed."));
    }
    Q_EMIT changed();
}

} // namespace ferry
