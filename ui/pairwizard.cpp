#include "ui/pairwizard.h"

#include "engine/pairstatus.h"

#include "ui/colours.h"
#include "ui/mappingeditor.h"
#include "ui/pairoptionseditor.h"
#include "ui/scrolling.h"
#include "ui/sitepanel.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSvgWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace ferry {

namespace {

struct ModeText {
    ConnectionMode mode;
    const char *objectName;
    const char *diagram;
    const char *title;
    const char *explanation;
};

// What each mode needs (docs/architecture.md, "Five connection modes"; docs/licenses.md).
const ModeText modes[] = {
    {ConnectionMode::CloudToCloud, "modeCloudToCloud", ":/modes/cloud-to-cloud.svg",
     QT_TRANSLATE_NOOP("ferry::PairWizard", "Cloud ⇄ Cloud"),
     QT_TRANSLATE_NOOP("ferry::PairWizard",
                       "One console reaches two Jira Cloud sites over HTTPS. Needs: both sites on Jira Cloud, an "
                       "account on each that may read and write the projects, and a license for each site that "
                       "the license service confirms online.")},
    {ConnectionMode::DataCenter, "modeDataCenter", ":/modes/data-center.svg",
     QT_TRANSLATE_NOOP("ferry::PairWizard", "Data Center ⇄ Data Center or Cloud"),
     QT_TRANSLATE_NOOP("ferry::PairWizard",
                       "One console inside the Data Center's network reaches both sites over HTTPS. Needs: at least "
                       "one Data Center site, an account on each, a license file for each site; a Cloud site's "
                       "license is confirmed online too.")},
    {ConnectionMode::RemoteLicense, "modeRemoteLicense", ":/modes/remote-license.svg",
     QT_TRANSLATE_NOOP("ferry::PairWizard", "Remote license"),
     QT_TRANSLATE_NOOP("ferry::PairWizard",
                       "Ferry runs on the Data Center side only; the other site needs no license of its own. "
                       "Needs: a Data Center site holding a remote license with an endpoint free, an account on "
                       "each site, and the license service online.")},
    {ConnectionMode::Email, "modeEmail", ":/modes/email.svg",
     QT_TRANSLATE_NOOP("ferry::PairWizard", "Behind firewalls: e-mail"),
     QT_TRANSLATE_NOOP("ferry::PairWizard",
                       "A console in each network; changes travel as signed, encrypted bundles by SMTP and IMAP. "
                       "Needs: a license file on each side, a mailbox for each console, and a handshake between "
                       "the two consoles.")},
    {ConnectionMode::File, "modeFile", ":/modes/file.svg",
     QT_TRANSLATE_NOOP("ferry::PairWizard", "Behind firewalls: files"),
     QT_TRANSLATE_NOOP("ferry::PairWizard",
                       "A console in each network; people carry the signed, encrypted bundles between two folders. "
                       "Needs: a license file on each side, an exchange folder for each console, and a handshake "
                       "between the two consoles.")},
};

/// The page for picking a connection mode: one radio button per mode, the diagram and what it
/// needs of the selected one.
class ModeWizardPage : public QWizardPage {
public:
    explicit ModeWizardPage(QWidget *parent)
        : QWizardPage(parent)
        , m_buttons(new QButtonGroup(this))
        , m_diagram(new QSvgWidget(this))
        , m_explanation(new QLabel(this))
    {
        setObjectName(QStringLiteral("modePage"));
        setTitle(PairWizard::tr("How do the two sites connect?"));
        setSubTitle(PairWizard::tr("Pick the connection mode; the diagram shows who runs Ferry and which way the "
                                   "changes travel."));
        auto *choices = new QVBoxLayout;
        int id = 0;
        for (const ModeText &mode : modes) {
            auto *button = new QRadioButton(PairWizard::tr(mode.title), this);
            button->setObjectName(QString::fromLatin1(mode.objectName));
            m_buttons->addButton(button, id++);
            choices->addWidget(button);
        }
        choices->addStretch();
        m_diagram->setObjectName(QStringLiteral("modeDiagram"));
        m_diagram->setMinimumSize(420, 180);
        m_explanation->setObjectName(QStringLiteral("modeExplanation"));
        m_explanation->setWordWrap(true);
        auto *right = new QVBoxLayout;
        right->addWidget(m_diagram, 1);
        right->addWidget(m_explanation);
        auto *layout = new QHBoxLayout(this);
        layout->addLayout(choices);
        layout->addLayout(right, 1);
        connect(m_buttons, &QButtonGroup::idClicked, this, [this](int chosen) { show(chosen); });
        m_buttons->button(1)->setChecked(true);
        show(1);
    }

    ConnectionMode mode() const { return modes[qMax(0, m_buttons->checkedId())].mode; }

    int nextId() const override
    {
        return mode() == ConnectionMode::File || mode() == ConnectionMode::Email ? PairWizard::RolePage
                                                                                 : PairWizard::SitesPage;
    }

private:
    void show(int index)
    {
        const ModeText &mode = modes[index];
        m_diagram->load(QString::fromLatin1(mode.diagram));
        m_diagram->setAccessibleName(PairWizard::tr("Diagram: %1").arg(PairWizard::tr(mode.title)));
        m_explanation->setText(PairWizard::tr(mode.explanation));
        Q_EMIT completeChanged();
    }

    QButtonGroup *m_buttons;
    QSvgWidget *m_diagram;
    QLabel *m_explanation;
};

} // namespace

/// Both sites, each checked live; the sites must suit the mode chosen.
class SitesWizardPage : public QWizardPage {
public:
    SitesWizardPage(PairWizard *wizard, const QString &stateDirectory)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_stateDirectory(stateDirectory)
        , m_modeProblem(new QLabel(this))
        , m_alreadyPaired(new QLabel(this))
    {
        setObjectName(QStringLiteral("sitesPage"));
        setTitle(PairWizard::tr("Connect both Jira sites"));
        setSubTitle(PairWizard::tr("Choose or add each site, name its project and check the connection: every "
                                   "requirement gets a line, with a fix for what fails."));
        wizard->m_sites[0] = new SitePanel(PairWizard::tr("Side A"), QStringLiteral("A"), 0, &wizard->m_setup, this);
        wizard->m_sites[1] = new SitePanel(PairWizard::tr("Side B"), QStringLiteral("B"), 1, &wizard->m_setup, this);
        m_modeProblem->setObjectName(QStringLiteral("siteModeProblem"));
        m_modeProblem->setWordWrap(true);
        m_modeProblem->setStyleSheet(QStringLiteral("color: %1").arg(errorColour().name()));
        auto *panels = new QHBoxLayout;
        panels->addWidget(wizard->m_sites[0]);
        panels->addWidget(wizard->m_sites[1]);
        auto *layout = new QVBoxLayout(this);
        layout->addLayout(panels, 1);
        layout->addWidget(m_modeProblem);
        m_alreadyPaired->setObjectName(QStringLiteral("alreadyPaired"));
        m_alreadyPaired->setWordWrap(true);
        m_alreadyPaired->setStyleSheet(QStringLiteral("color: %1").arg(warningColour().name()));
        layout->addWidget(m_alreadyPaired);
        for (SitePanel *panel : wizard->m_sites)
            connect(panel, &SitePanel::changed, this, [this] {
                m_modeProblem->setText(modeProblem());
                m_alreadyPaired->setText(alreadyPaired());
                Q_EMIT completeChanged();
            });
    }

    void initializePage() override
    {
        const Result<QList<Site>> configured = PairSetup::configuredSites(m_stateDirectory);
        if (!configured)
            m_modeProblem->setText(
                PairWizard::tr("The configured sites cannot be read: %1").arg(configured.error().message()));
        const QList<Site> sites = configured.valueOr({});
        const Result<QList<PairRepository::Summary>> pairs = listPairs(m_stateDirectory);
        if (!pairs)
            m_modeProblem->setText(
                PairWizard::tr("The pairs of this console cannot be read: %1").arg(pairs.error().message()));
        m_wizard->m_pairs = pairs.valueOr({});
        // The sides start on different sites: with one configured, side B gets it and side A a new one.
        m_wizard->m_sites[0]->setSites(sites, sites.size() >= 2 ? 0 : -1);
        m_wizard->m_sites[1]->setSites(sites, sites.size() >= 2 ? 1 : 0);
    }

    bool isComplete() const override
    {
        return m_wizard->m_sites[0]->isReady() && m_wizard->m_sites[1]->isReady() && modeProblem().isEmpty();
    }

private:
    /// A pair of this console over the same two projects: a second one would copy their issues
    /// again, Ferry's own copies included, unless the scopes keep them apart. Empty when none.
    QString alreadyPaired() const
    {
        const SetupSide a = m_wizard->m_sites[0]->setupSide(), b = m_wizard->m_sites[1]->setupSide();
        for (const PairRepository::Summary &pair : std::as_const(m_wizard->m_pairs)) {
            const auto same = [&](const QString &siteX, const QString &projectX, const QString &siteY,
                                  const QString &projectY) {
                return siteX == a.site.name && projectX == a.project && siteY == b.site.name && projectY == b.project;
            };
            if (same(pair.aSite, pair.aProject, pair.bSite, pair.bProject)
                || same(pair.bSite, pair.bProject, pair.aSite, pair.aProject))
                return PairWizard::tr("The pair %1 already syncs these two projects. A second pair over them copies "
                                      "their issues again, Ferry's own copies included, unless the scopes on the "
                                      "next page keep the two pairs apart; to change what %1 syncs, edit it instead.")
                    .arg(pair.name);
        }
        return {};
    }

    /// Why the two sites do not suit the chosen mode; empty when they do (or are not checked yet).
    QString modeProblem() const
    {
        const QString a = m_wizard->m_sites[0]->deployment(), b = m_wizard->m_sites[1]->deployment();
        if (!m_wizard->m_sites[0]->isReady() || !m_wizard->m_sites[1]->isReady())
            return {};
        if (m_wizard->m_sites[0]->setupSide().site.url == m_wizard->m_sites[1]->setupSide().site.url
            && m_wizard->m_sites[0]->setupSide().project == m_wizard->m_sites[1]->setupSide().project)
            return PairWizard::tr("Both sides name the same project on the same site.");
        const bool anyDataCenter = a == QStringLiteral("dc") || b == QStringLiteral("dc");
        switch (m_wizard->mode()) {
        case ConnectionMode::CloudToCloud:
            return anyDataCenter ? PairWizard::tr("Cloud ⇄ Cloud needs two Jira Cloud sites; one of these is Data "
                                                  "Center: go back and pick Data Center ⇄ Data Center or Cloud.")
                                 : QString();
        case ConnectionMode::DataCenter:
        case ConnectionMode::RemoteLicense:
            return anyDataCenter ? QString()
                                 : PairWizard::tr("This mode needs a Data Center site; both are Jira Cloud: go back "
                                                  "and pick Cloud ⇄ Cloud.");
        case ConnectionMode::Email:
        case ConnectionMode::File:
            break;
        }
        return {};
    }

    PairWizard *m_wizard;
    QString m_stateDirectory;
    QLabel *m_modeProblem;
    QLabel *m_alreadyPaired;
};

/// The pair's name and each side's scope (JQL), with a live count of the issues it matches.
class ScopeWizardPage : public QWizardPage {
public:
    explicit ScopeWizardPage(PairWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_name(new QLineEdit(this))
        , m_nameTaken(new QLabel(this))
        , m_status(new QLabel(this))
    {
        setObjectName(QStringLiteral("scopePage"));
        setTitle(PairWizard::tr("Name the pair and choose its issues"));
        setSubTitle(PairWizard::tr("Each side's scope is a JQL query; the issues it matches take part in the "
                                   "pair. The count follows as you type."));
        m_name->setObjectName(QStringLiteral("pairName"));
        m_name->setAccessibleName(PairWizard::tr("Name of the pair"));
        m_name->setValidator(
            new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9._-]{1,64}")), m_name));
        auto *form = new QFormLayout(this);
        form->addRow(PairWizard::tr("Pair &name:"), m_name);
        m_nameTaken->setObjectName(QStringLiteral("pairNameTaken"));
        m_nameTaken->setStyleSheet(QStringLiteral("color: %1").arg(errorColour().name()));
        form->addRow(QString(), m_nameTaken);
        for (Side side : bothSides) {
            const QString suffix = sideLetter(side);
            m_scope[side] = new QLineEdit(this);
            m_scope[side]->setObjectName(QStringLiteral("scope") + suffix);
            m_scope[side]->setAccessibleName(PairWizard::tr("Scope of side %1 (JQL)").arg(suffix));
            m_count[side] = new QLabel(this);
            m_count[side]->setObjectName(QStringLiteral("scopeCount") + suffix);
            m_count[side]->setWordWrap(true);
            form->addRow(PairWizard::tr("Side %1 scope:").arg(suffix), m_scope[side]);
            form->addRow(QString(), m_count[side]);
            m_debounce[side].setSingleShot(true);
            m_debounce[side].setInterval(500);
            connect(&m_debounce[side], &QTimer::timeout, this, [this, side] { count(side); });
            connect(m_scope[side], &QLineEdit::textEdited, this, [this, side] {
                m_counted[side] = false;
                m_count[side]->setText(PairWizard::tr("counting…"));
                m_debounce[side].start();
                Q_EMIT completeChanged();
            });
        }
        m_status->setObjectName(QStringLiteral("scopeStatus"));
        m_status->setWordWrap(true);
        form->addRow(m_status);
        connect(m_name, &QLineEdit::textChanged, this, [this] {
            m_nameTaken->setText(nameTaken() ? PairWizard::tr("This console has a pair named %1 already; choose "
                                                              "another name.")
                                                   .arg(m_name->text())
                                             : QString());
            Q_EMIT completeChanged();
        });
        connect(&wizard->m_setup, &PairSetup::connected, this,
                [this](const QString &error, const SiteMetadata &a, const SiteMetadata &b) {
                    if (!error.isEmpty()) {
                        m_status->setText(PairWizard::tr("Cannot read what the sites have: %1").arg(error));
                        return;
                    }
                    m_wizard->setMetadata(a, b);
                    m_connected = true;
                    m_status->setText(PairWizard::tr("Both sites connected; their fields, issue types, statuses "
                                                     "and users are read."));
                    count(Side::A);
                    count(Side::B);
                });
        connect(&wizard->m_setup, &PairSetup::counted, this,
                [this](Side side, const QString &jql, int found, const QString &error) {
                    if (jql != m_scope[side]->text().trimmed())
                        return; // an answer to what was typed before
                    m_counted[side] = error.isEmpty();
                    m_wizard->m_inScope[side] = found;
                    m_count[side]->setText(error.isEmpty()
                                               ? PairWizard::tr("%n issue(s) match.", nullptr, found)
                                               : PairWizard::tr("The site refuses this query: %1").arg(error));
                    Q_EMIT completeChanged();
                });
    }

    void initializePage() override
    {
        const SetupSide a = m_wizard->m_sites[0]->setupSide(), b = m_wizard->m_sites[1]->setupSide();
        if (m_name->text().isEmpty())
            m_name->setText(QStringLiteral("%1-%2").arg(a.project, b.project).toLower());
        for (Side side : bothSides) {
            const QString key = bySide(side, a, b).project;
            if (!m_scope[side]->text().contains(key))
                m_scope[side]->setText(QStringLiteral("project = %1").arg(key));
            m_counted[side] = false;
            m_count[side]->setText(PairWizard::tr("counting…"));
        }
        m_connected = false;
        m_status->setText(PairWizard::tr("Connecting to both sites and reading what they have…"));
        m_wizard->m_setup.connectSides(a, b);
    }

    bool isComplete() const override
    {
        return m_connected && m_counted.a && m_counted.b && m_name->hasAcceptableInput() && !nameTaken();
    }

    bool validatePage() override
    {
        const SetupSide a = m_wizard->m_sites[0]->setupSide(), b = m_wizard->m_sites[1]->setupSide();
        PairConfig config = m_wizard->m_config;
        const PairSide sideA{a.site.name, a.project, m_scope.a->text().trimmed()};
        const PairSide sideB{b.site.name, b.project, m_scope.b->text().trimmed()};
        // A new suggestion when the sides changed; the admin's edits stay otherwise.
        if (config.name.isEmpty() || !config.pairsSameProjects(sideA, sideB))
            config = suggestPairConfig(m_name->text(), sideA, m_wizard->m_metadata.a, sideB, m_wizard->m_metadata.b);
        config.name = m_name->text();
        config.a.scope = sideA.scope;
        config.b.scope = sideB.scope;
        m_wizard->setConfig(config);
        return true;
    }

private:
    bool nameTaken() const
    {
        return std::any_of(m_wizard->m_pairs.cbegin(), m_wizard->m_pairs.cend(),
                           [this](const PairRepository::Summary &pair) { return pair.name == m_name->text(); });
    }

    void count(Side side)
    {
        if (!m_connected)
            return;
        m_wizard->m_setup.countIssues(side, m_scope[side]->text().trimmed());
    }

    PairWizard *m_wizard;
    QLineEdit *m_name;
    QLabel *m_nameTaken;
    PerSide<QLineEdit *> m_scope;
    PerSide<QLabel *> m_count;
    PerSide<QTimer> m_debounce;
    QLabel *m_status;
    PerSide<bool> m_counted;
    bool m_connected = false;
};

/// The mappings Ferry suggests, to check and edit; checked against both sites before going on.
class MappingWizardPage : public QWizardPage {
public:
    explicit MappingWizardPage(PairWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_editor(new MappingEditor(this))
        , m_hint(new QLabel(this))
    {
        setObjectName(QStringLiteral("mappingPage"));
        setTitle(PairWizard::tr("Check how the two sides map"));
        setSubTitle(PairWizard::tr("Ferry matched issue types, statuses, fields, priorities and users by name, "
                                   "then by kind. Highlighted rows rest on less than an exact name: check them. "
                                   "Double-click a cell to change it."));
        m_editor->setObjectName(QStringLiteral("mappingEditor"));
        m_hint->setObjectName(QStringLiteral("mappingHint"));
        m_hint->setWordWrap(true);
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_editor, 1);
        layout->addWidget(m_hint);
        connect(m_editor, &MappingEditor::edited, this, &MappingWizardPage::showHint);
    }

    void initializePage() override
    {
        m_editor->setConfig(m_wizard->m_config, m_wizard->m_metadata.a, m_wizard->m_metadata.b);
        showHint();
    }

    bool validatePage() override
    {
        PairConfig config = m_wizard->m_config;
        m_editor->apply(&config);
        // The same checks a configuration file gets, then every id against the sites.
        const QList<PairConfig::Problem> problems = config.problems(&m_wizard->m_metadata.a, &m_wizard->m_metadata.b);
        m_editor->setProblems(problems);
        if (!problems.isEmpty()) {
            m_hint->setText(
                PairWizard::tr("%n problem(s) to fix first; each is shown at its row.", nullptr, int(problems.size())));
            return false;
        }
        m_wizard->setConfig(config);
        return true;
    }

private:
    void showHint()
    {
        const int doubtful = m_editor->doubtfulCount();
        m_hint->setText(doubtful ? PairWizard::tr("%n suggestion(s) to check are highlighted.", nullptr, doubtful)
                                 : PairWizard::tr("Every mapping rests on an exact name or an admin's choice."));
    }

    PairWizard *m_wizard;
    MappingEditor *m_editor;
    QLabel *m_hint;
};

/// What travels besides fields, how conflicts are settled and how often.
class OptionsWizardPage : public QWizardPage {
public:
    explicit OptionsWizardPage(PairWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_editor(new PairOptionsEditor(this))
    {
        setObjectName(QStringLiteral("optionsPage"));
        setTitle(PairWizard::tr("Choose what travels"));
        setSubTitle(PairWizard::tr("Comments, attachments, worklogs and links each travel as set here; a conflict "
                                   "is the same field changed to different values on both sides."));
        m_editor->setObjectName(QStringLiteral("optionsEditor"));
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_editor);
    }

    void initializePage() override { m_editor->setConfig(m_wizard->m_config); }

    bool validatePage() override
    {
        PairConfig config = m_wizard->m_config;
        m_editor->apply(&config);
        m_wizard->setConfig(config);
        return true;
    }

private:
    PairWizard *m_wizard;
    PairOptionsEditor *m_editor;
};

/// What will be stored, the licenses the mode needs, and a dry run of the first sync.
class SummaryWizardPage : public QWizardPage {
public:
    explicit SummaryWizardPage(PairWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_summary(new QTextBrowser(this))
        , m_dryRun(new QPushButton(PairWizard::tr("&Dry Run"), this))
        , m_dryRunResult(new QLabel(this))
        , m_dryRunProgress(new QProgressBar(this))
        , m_dryRunTable(new QTableWidget(0, 4, this))
        , m_start(new QCheckBox(PairWizard::tr("&Start the pair when it is stored"), this))
        , m_result(new QLabel(this))
    {
        setObjectName(QStringLiteral("summaryPage"));
        setTitle(PairWizard::tr("Summary"));
        setSubTitle(PairWizard::tr("Nothing is stored yet. A dry run reads both scopes and shows what the first "
                                   "sync would create, without writing anything."));
        setCommitPage(true);
        setButtonText(QWizard::CommitButton, PairWizard::tr("&Create Pair"));
        m_summary->setObjectName(QStringLiteral("pairSummaryText"));
        m_summary->setAccessibleName(PairWizard::tr("Summary of the new pair"));
        m_dryRun->setObjectName(QStringLiteral("dryRun"));
        m_dryRun->setToolTip(PairWizard::tr("Reads every issue in both scopes and works out what the first sync "
                                            "would create; nothing is written."));
        m_dryRunResult->setObjectName(QStringLiteral("dryRunResult"));
        m_dryRunResult->setWordWrap(true);
        m_dryRunTable->setObjectName(QStringLiteral("dryRunTable"));
        m_dryRunTable->setAccessibleName(PairWizard::tr("What the first sync would do"));
        m_dryRunTable->setHorizontalHeaderLabels({PairWizard::tr("Issue"), PairWizard::tr("Summary"),
                                                  PairWizard::tr("First sync"), PairWizard::tr("Problems")});
        m_dryRunTable->horizontalHeader()->setStretchLastSection(true);
        m_dryRunTable->verticalHeader()->hide();
        m_dryRunTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
        m_start->setObjectName(QStringLiteral("startPair"));
        m_start->setChecked(true);
        m_result->setObjectName(QStringLiteral("createResult"));
        m_result->setWordWrap(true);
        auto *dryRunRow = new QHBoxLayout;
        dryRunRow->addWidget(m_dryRun);
        dryRunRow->addWidget(m_dryRunResult, 1);
        m_dryRunProgress->setObjectName(QStringLiteral("dryRunProgress"));
        m_dryRunProgress->setTextVisible(false);
        m_dryRunProgress->hide();
        dryRunRow->addWidget(m_dryRunProgress);
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_summary, 1);
        layout->addLayout(dryRunRow);
        layout->addWidget(m_dryRunTable, 1);
        layout->addWidget(m_start);
        layout->addWidget(m_result);
        connect(m_dryRun, &QPushButton::clicked, this, [this] {
            m_dryRun->setEnabled(false);
            m_read = {0, 0};
            // A bar that fills as the issues counted on the Scope page are read; busy when none were.
            m_dryRunProgress->setRange(0, m_wizard->m_inScope.a + m_wizard->m_inScope.b);
            m_dryRunProgress->setValue(0);
            m_dryRunProgress->show();
            showReading();
            m_wizard->m_setup.dryRun(m_wizard->m_config);
        });
        connect(&wizard->m_setup, &PairSetup::dryRunProgress, this, [this](Side side, int read) {
            m_read[side] = read;
            showReading();
        });
        connect(&wizard->m_setup, &PairSetup::dryRunFinished, this, &SummaryWizardPage::showDryRun);
        connect(&wizard->m_setup, &PairSetup::planned, this, [this](const LicensePlan &plan) {
            m_plan = plan;
            showSummary();
        });
        connect(&wizard->m_setup, &PairSetup::created, this, [this](const QString &name, const QString &error) {
            m_storing = false;
            if (!error.isEmpty()) {
                m_result->setText(PairWizard::tr("The pair was not stored: %1").arg(error));
                Q_EMIT completeChanged();
                return;
            }
            m_stored = true;
            Q_EMIT m_wizard->pairCreated(name, m_start->isChecked());
            m_wizard->next();
        });
    }

    void initializePage() override
    {
        m_plan = {};
        m_planned = false;
        m_dryRunTable->setRowCount(0);
        m_dryRunResult->clear();
        showSummary();
        m_wizard->m_setup.planLicenses(m_wizard->m_config, m_wizard->m_metadata.a.deployment,
                                       m_wizard->m_metadata.b.deployment);
    }

    bool isComplete() const override { return !m_storing; }

    bool validatePage() override
    {
        if (m_stored)
            return true;
        m_storing = true;
        m_result->setText(PairWizard::tr("Storing the sites and the pair…"));
        Q_EMIT completeChanged();
        m_wizard->m_setup.create({m_wizard->m_sites[0]->setupSide(), m_wizard->m_sites[1]->setupSide()},
                                 m_wizard->m_config);
        return false;
    }

private:
    void showSummary()
    {
        const PairConfig &c = m_wizard->m_config;
        const auto side = [](const PairSide &s, const SiteMetadata &m) {
            return PairWizard::tr("%1:%2 (%3), scope <tt>%4</tt>")
                .arg(s.site, s.project,
                     m.deployment == QStringLiteral("cloud") ? PairWizard::tr("Jira Cloud")
                                                             : PairWizard::tr("Jira Data Center"),
                     s.scope.toHtmlEscaped());
        };
        const auto travels = [](const ItemOptions &o) {
            return o.sync ? (o.direction == Direction::Both       ? PairWizard::tr("both ways")
                                 : o.direction == Direction::AToB ? PairWizard::tr("A to B")
                                                                  : PairWizard::tr("B to A"))
                          : PairWizard::tr("not synced");
        };
        QString html
            = PairWizard::tr("<h3>%1</h3><p>A: %2<br>B: %3</p>")
                  .arg(c.name.toHtmlEscaped(), side(c.a, m_wizard->m_metadata.a), side(c.b, m_wizard->m_metadata.b));
        html += PairWizard::tr("<p>%1 issue types, %2 statuses and %3 fields mapped; comments %4, attachments %5, "
                               "worklogs %6, links %7; conflicts: %8; the sites are asked every %9 s.</p>")
                    .arg(c.issueTypes.size())
                    .arg(c.statuses.size())
                    .arg(c.fields.size())
                    .arg(travels(c.comments), travels(c.attachments), travels(c.worklogs), travels(c.links),
                         conflictPolicyName(c.conflictPolicy))
                    .arg(c.pollIntervalSeconds);
        if (!m_planned && m_plan.lines.isEmpty()) {
            html += PairWizard::tr("<p>Checking the licenses this pair needs…</p>");
        } else {
            html += PairWizard::tr("<p><b>Licenses (%1):</b></p><ul>").arg(modeName(m_plan.mode).toHtmlEscaped());
            for (const Requirement &line : std::as_const(m_plan.lines))
                html += QStringLiteral("<li style='color:%1'>%2 %3: %4%5</li>")
                            .arg(line.passed ? palette().text().color().name() : errorColour().name(),
                                 line.passed ? QStringLiteral("✓") : QStringLiteral("✗"), line.name.toHtmlEscaped(),
                                 line.detail.toHtmlEscaped(),
                                 line.fix.isEmpty() ? QString()
                                                    : PairWizard::tr("<br>fix: %1").arg(line.fix.toHtmlEscaped()));
            html += QStringLiteral("</ul>");
            if (!m_plan.passed())
                html += PairWizard::tr("<p>The pair can be stored now, but it starts only once every license line "
                                       "passes (Licenses page).</p>");
        }
        m_planned = m_planned || !m_plan.lines.isEmpty();
        m_summary->setHtml(html);
    }

    void showReading()
    {
        const PerSide<int> &of = m_wizard->m_inScope;
        m_dryRunProgress->setValue(std::min(m_read.a + m_read.b, m_dryRunProgress->maximum()));
        m_dryRunResult->setText(PairWizard::tr("Reading both scopes: %1 of %2 issues on side A, %3 of %4 on side B…")
                                    .arg(m_read.a)
                                    .arg(of.a)
                                    .arg(m_read.b)
                                    .arg(of.b));
    }

    void showDryRun(const DryRunReport &report)
    {
        m_dryRun->setEnabled(true);
        m_dryRunProgress->hide();
        if (!report.error.isEmpty()) {
            m_dryRunResult->setText(PairWizard::tr("The dry run failed: %1").arg(report.error));
            return;
        }
        const PairConfig &c = m_wizard->m_config;
        int toB = 0, toA = 0, linked = 0;
        for (const DryRunEntry &entry : report.entries) {
            if (entry.linked)
                linked += entry.side == Side::A ? 1 : 0; // a pair shows on both sides
            else if (!entry.blocked)
                ++(entry.side == Side::A ? toB : toA);
        }
        m_dryRunResult->setText(PairWizard::tr("The first sync would create %1 issue(s) on %2 and %3 on %4, and link "
                                               "%5 pair(s) of matching issues; %6 would get no partner, %7 would lose "
                                               "a value (see Problems). Nothing was written.")
                                    .arg(toB)
                                    .arg(c.b.site)
                                    .arg(toA)
                                    .arg(c.a.site)
                                    .arg(linked)
                                    .arg(report.blocked())
                                    .arg(report.withProblems()));
        m_dryRunTable->setRowCount(int(report.entries.size()));
        for (int row = 0; row < report.entries.size(); ++row) {
            const DryRunEntry &entry = report.entries.at(row);
            const QStringList cells
                = {entry.key, entry.summary, entry.action, entry.problems.join(QStringLiteral("; "))};
            for (int column = 0; column < cells.size(); ++column) {
                auto *item = new QTableWidgetItem(cells.at(column));
                item->setToolTip(cells.at(column));
                if (entry.blocked || (column == 3 && !entry.problems.isEmpty()))
                    item->setForeground(entry.blocked ? errorColour() : warningColour());
                m_dryRunTable->setItem(row, column, item);
            }
        }
        m_dryRunTable->resizeColumnsToContents();
    }

    PairWizard *m_wizard;
    QTextBrowser *m_summary;
    QPushButton *m_dryRun;
    QLabel *m_dryRunResult;
    QProgressBar *m_dryRunProgress;
    PerSide<int> m_read; ///< issues the dry run has read of each side so far
    QTableWidget *m_dryRunTable;
    QCheckBox *m_start;
    QLabel *m_result;
    LicensePlan m_plan;
    bool m_planned = false;
    bool m_storing = false;
    bool m_stored = false;
};

namespace {

/// Whether this console starts a pair exchanged by files or answers the other console's handshake.
class RoleWizardPage : public QWizardPage {
public:
    explicit RoleWizardPage(PairWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_primary(new QRadioButton(PairWizard::tr("&Start the pair here: this console writes the handshake "
                                                    "(primary; it owns the configuration)"),
                                     this))
        , m_secondary(new QRadioButton(PairWizard::tr("&Answer a handshake the other console wrote (secondary)"), this))
    {
        setObjectName(QStringLiteral("rolePage"));
        setTitle(PairWizard::tr("Which console are you at?"));
        setSubTitle(PairWizard::tr("Each network runs its own console. One starts the pair with a handshake file "
                                   "and a one-time code; the other answers it; the first imports the answer."));
        m_primary->setObjectName(QStringLiteral("rolePrimary"));
        m_secondary->setObjectName(QStringLiteral("roleSecondary"));
        m_primary->setChecked(true);
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_primary);
        layout->addWidget(m_secondary);
        layout->addStretch();
    }

    bool validatePage() override
    {
        m_wizard->setPrimary(m_primary->isChecked());
        return true;
    }

    int nextId() const override { return PairWizard::BundleSitePage; }

private:
    PairWizard *m_wizard;
    QRadioButton *m_primary;
    QRadioButton *m_secondary;
};

/// A file or folder chooser: a line edit with a Browse button.
QLineEdit *pathRow(PairWizard *wizard, QWidget *parent, QFormLayout *form, const QString &label,
                   const QString &objectName, const QString &title, PairWizard::FileKind kind)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setAccessibleName(title);
    auto *browse = new QPushButton(PairWizard::tr("Browse…"), parent);
    browse->setObjectName(objectName + QStringLiteral("Browse"));
    browse->setAccessibleName(PairWizard::tr("Browse: %1").arg(title));
    QObject::connect(browse, &QPushButton::clicked, edit, [wizard, edit, title, kind] {
        const QString chosen = wizard->askFile(title, kind);
        if (!chosen.isEmpty())
            edit->setText(chosen);
    });
    auto *row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    // The form cannot make a layout the buddy of its label: without one the '&' would show.
    auto *caption = new QLabel(label, parent);
    caption->setBuddy(edit);
    form->addRow(caption, row);
    return edit;
}

} // namespace

/// This console's site for a pair exchanged by files, the pair's name and side, and the folders
/// bundles are exchanged through.
class BundleSiteWizardPage : public QWizardPage {
public:
    BundleSiteWizardPage(PairWizard *wizard, const QString &stateDirectory)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_stateDirectory(stateDirectory)
        , m_name(new QLineEdit(this))
        , m_side(new QComboBox(this))
        , m_interval(new QSpinBox(this))
    {
        setObjectName(QStringLiteral("bundleSitePage"));
        setTitle(PairWizard::tr("This console's site"));
        setSubTitle(PairWizard::tr("This console reaches its own site only; the other console brings the other. "
                                   "Bundles go through two folders (a share, or one that people empty and fill), "
                                   "or by hand from the pair's Bundles tab."));
        wizard->m_ownSite
            = new SitePanel(PairWizard::tr("This console's site"), QStringLiteral("Own"), 0, &wizard->m_setup, this);
        m_name->setObjectName(QStringLiteral("bundlePairName"));
        m_name->setAccessibleName(PairWizard::tr("Name of the pair"));
        m_name->setValidator(
            new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9._-]{1,64}")), m_name));
        m_side->setObjectName(QStringLiteral("bundleSide"));
        m_side->addItem(PairWizard::tr("side A"), sideName(Side::A));
        m_side->addItem(PairWizard::tr("side B"), sideName(Side::B));
        m_interval->setObjectName(QStringLiteral("exchangeInterval"));
        m_interval->setRange(1, 86'400);
        m_interval->setValue(300);
        m_interval->setSuffix(PairWizard::tr(" s"));
        auto *form = new QFormLayout;
        m_nameLabel = new QLabel(PairWizard::tr("Pair &name:"), this);
        m_nameLabel->setBuddy(m_name);
        form->addRow(m_nameLabel, m_name);
        m_sideLabel = new QLabel(PairWizard::tr("This site is:"), this);
        form->addRow(m_sideLabel, m_side);
        auto *folderForm = new QFormLayout(m_folders);
        folderForm->setContentsMargins(0, 0, 0, 0);
        m_outgoing = pathRow(wizard, m_folders, folderForm, PairWizard::tr("Write bundles &into:"),
                             QStringLiteral("outgoingFolder"), PairWizard::tr("Folder for outgoing bundles"),
                             PairWizard::FileKind::Folder);
        m_incoming = pathRow(wizard, m_folders, folderForm, PairWizard::tr("Read bundles &from:"),
                             QStringLiteral("incomingFolder"), PairWizard::tr("Folder of incoming bundles"),
                             PairWizard::FileKind::Folder);
        buildMailForm();
        form->addRow(m_folders);
        form->addRow(m_mailForm);
        form->addRow(PairWizard::tr("Exchange every:"), m_interval);
        auto *layout = new QVBoxLayout;
        layout->addWidget(wizard->m_ownSite, 1);
        layout->addLayout(form);
        scrollInside(this, layout, QStringLiteral("bundleSiteScroll"));
        connect(wizard->m_ownSite, &SitePanel::changed, this, &QWizardPage::completeChanged);
        connect(m_name, &QLineEdit::textEdited, this, &QWizardPage::completeChanged);
    }

    bool byMail() const { return m_wizard->mode() == ConnectionMode::Email; }

    void initializePage() override
    {
        // Sites that cannot be read leave the list empty: a new site can still be added.
        m_wizard->m_ownSite->setSites(PairSetup::configuredSites(m_stateDirectory).valueOr({}));
        // The mail settings are kept under the pair's name, so an e-mail secondary names it too.
        const bool named = m_wizard->m_primary || byMail();
        for (QWidget *widget : {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_nameLabel)})
            widget->setVisible(named);
        for (QWidget *widget : {static_cast<QWidget *>(m_side), static_cast<QWidget *>(m_sideLabel)})
            widget->setVisible(m_wizard->m_primary);
        m_folders->setVisible(!byMail());
        m_mailForm->setVisible(byMail());
        m_interval->setMinimum(byMail() ? 10 : 1); // mail servers take their time
        setSubTitle(byMail() ? PairWizard::tr("This console reaches its own site and mail servers only. It sends "
                                              "bundles to the other console's address and reads its own mailbox; "
                                              "the handshake travels by mail too.")
                             : PairWizard::tr("This console reaches its own site only; the other console brings the "
                                              "other. Bundles go through two folders (a share, or one that people "
                                              "empty and fill), or by hand from the pair's Bundles tab."));
    }

    bool isComplete() const override
    {
        QString error;
        return m_wizard->m_ownSite->isReady() && (!(m_wizard->m_primary || byMail()) || m_name->hasAcceptableInput())
            && (!byMail() || mailSettings(&error));
    }

    /// The mail settings as the form has them; nullopt with why when they cannot be used.
    std::optional<MailSettings> mailSettings(QString *error) const
    {
        std::optional<MailServer> smtp = MailServer::fromUrl(m_smtp->text().trimmed(), QStringLiteral("smtp"), error);
        std::optional<MailServer> imap
            = smtp ? MailServer::fromUrl(m_imap->text().trimmed(), QStringLiteral("imap"), error) : std::nullopt;
        if (!imap)
            return std::nullopt;
        MailSettings settings;
        settings.smtp = *smtp;
        settings.imap = *imap;
        settings.smtp.user = settings.imap.user = m_mailUser->text().trimmed();
        settings.from = m_from->text().trimmed();
        settings.to = m_to->text().trimmed();
        settings.caFile = m_caFile->text().trimmed();
        settings.interval = m_interval->value();
        const QStringList problems = settings.problems();
        if (!problems.isEmpty() || m_mailPassword->text().isEmpty()) {
            *error = problems.isEmpty() ? PairWizard::tr("Type the mail password.") : problems.join(u'\n');
            return std::nullopt;
        }
        return settings;
    }

    int nextId() const override { return m_wizard->m_primary ? PairWizard::HandshakePage : PairWizard::AnswerPage; }

    BundleSetup setup() const
    {
        BundleSetup setup;
        setup.own = m_wizard->m_ownSite->setupSide();
        setup.name = m_wizard->m_primary || byMail() ? m_name->text() : QString();
        setup.side = sideNamed(m_side->currentData().toString()).value_or(Side::A);
        setup.interval = m_interval->value();
        if (byMail()) {
            QString error;
            setup.mail = mailSettings(&error);
            setup.mailPassword = m_mailPassword->text();
        } else {
            setup.outgoing = m_outgoing->text().trimmed();
            setup.incoming = m_incoming->text().trimmed();
        }
        return setup;
    }

private:
    /// E-mail mode: the servers, both addresses, the login, and a live test.
    void buildMailForm()
    {
        auto *form = new QFormLayout(m_mailForm);
        form->setContentsMargins(0, 0, 0, 0);
        const auto field = [this, form](QLineEdit *&edit, const QString &objectName, const QString &label,
                                        const QString &placeholder) {
            edit = new QLineEdit(m_mailForm);
            edit->setObjectName(objectName);
            edit->setPlaceholderText(placeholder);
            edit->setAccessibleName(QString(label).remove(u'&').remove(u':'));
            form->addRow(label, edit);
            connect(edit, &QLineEdit::textEdited, this, [this] {
                // Say what keeps the settings from being used, as it changes.
                QString why;
                m_mailResult->setText(mailSettings(&why) ? QString() : why);
                Q_EMIT completeChanged();
            });
        };
        field(m_smtp, QStringLiteral("smtpUrl"), PairWizard::tr("&SMTP server:"),
              QStringLiteral("smtps://mail.example:465"));
        field(m_imap, QStringLiteral("imapUrl"), PairWizard::tr("&IMAP server:"),
              QStringLiteral("imaps://mail.example:993"));
        field(m_mailUser, QStringLiteral("mailUser"), PairWizard::tr("Mail &login:"),
              QStringLiteral("ferry-a@a.example"));
        field(m_mailPassword, QStringLiteral("mailPassword"), PairWizard::tr("Mail pass&word:"), QString());
        m_mailPassword->setEchoMode(QLineEdit::Password);
        field(m_from, QStringLiteral("mailFrom"), PairWizard::tr("This console's &address:"),
              QStringLiteral("ferry-a@a.example"));
        field(m_to, QStringLiteral("mailTo"), PairWizard::tr("The other console's a&ddress:"),
              QStringLiteral("ferry-b@b.example"));
        m_caFile
            = pathRow(m_wizard, m_mailForm, form, PairWizard::tr("Trusted CAs (PEM):"), QStringLiteral("mailCaFile"),
                      PairWizard::tr("Certificate authorities to trust"), PairWizard::FileKind::Open);
        auto *check = new QPushButton(PairWizard::tr("Check &Mail"), m_mailForm);
        check->setObjectName(QStringLiteral("checkMail"));
        check->setToolTip(PairWizard::tr("Connects to both servers over TLS, logs in, and sends a test message to this "
                                         "console's own address that must arrive."));
        auto *result = new QLabel(m_mailForm);
        m_mailResult = result;
        result->setObjectName(QStringLiteral("mailChecks"));
        result->setWordWrap(true);
        form->addRow(check, result);
        connect(check, &QPushButton::clicked, this, [this, check, result] {
            QString error;
            const std::optional<MailSettings> settings = mailSettings(&error);
            if (!settings)
                return result->setText(error);
            check->setEnabled(false);
            result->setText(PairWizard::tr("Checking the mail servers…"));
            m_wizard->m_setup.checkMail(*settings, m_mailPassword->text());
        });
        connect(&m_wizard->m_setup, &PairSetup::mailChecked, this, [check, result](const QList<MailCheck> &lines) {
            check->setEnabled(true);
            QStringList text;
            for (const MailCheck &line : lines)
                text << (line.passed ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + line.text;
            result->setText(text.join(u'\n'));
        });
    }

    PairWizard *m_wizard;
    QString m_stateDirectory;
    QLineEdit *m_name;
    QLabel *m_nameLabel;
    QComboBox *m_side;
    QLabel *m_sideLabel;
    QWidget *m_folders = new QWidget(this);
    QLineEdit *m_outgoing;
    QLineEdit *m_incoming;
    QWidget *m_mailForm = new QWidget(this);
    QLineEdit *m_smtp = nullptr;
    QLineEdit *m_imap = nullptr;
    QLineEdit *m_mailUser = nullptr;
    QLineEdit *m_mailPassword = nullptr;
    QLineEdit *m_from = nullptr;
    QLineEdit *m_to = nullptr;
    QLineEdit *m_caFile = nullptr;
    QLabel *m_mailResult = nullptr;
    QSpinBox *m_interval;
};

/// The primary writes the handshake and tells its code; the answer may be imported here, or
/// later with File ▸ Import Handshake Answer….
class HandshakeWizardPage : public QWizardPage {
public:
    explicit HandshakeWizardPage(PairWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_file(new QLineEdit(this))
        , m_write(new QPushButton(PairWizard::tr("&Write Handshake"), this))
        , m_code(new QLabel(this))
        , m_import(new QPushButton(PairWizard::tr("&Import Answer…"), this))
        , m_result(new QLabel(this))
    {
        setObjectName(QStringLiteral("handshakePage"));
        setTitle(PairWizard::tr("Write the handshake"));
        setSubTitle(PairWizard::tr("Carry the file to the other console and tell its admin the code by phone or in "
                                   "person, never with the file. Compare the key fingerprints too."));
        m_file->setObjectName(QStringLiteral("handshakeFile"));
        m_file->setAccessibleName(PairWizard::tr("Where the handshake is written"));
        auto *browse = new QPushButton(PairWizard::tr("Browse…"), this);
        connect(browse, &QPushButton::clicked, this, [this] {
            const QString chosen = m_wizard->askFile(PairWizard::tr("Write Handshake"), PairWizard::FileKind::Save);
            if (!chosen.isEmpty())
                m_file->setText(chosen);
        });
        m_write->setObjectName(QStringLiteral("writeHandshake"));
        m_code->setObjectName(QStringLiteral("handshakeCode"));
        m_code->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_code->setWordWrap(true);
        m_import->setObjectName(QStringLiteral("importAnswer"));
        m_import->setEnabled(false);
        m_result->setObjectName(QStringLiteral("handshakeResult"));
        m_result->setWordWrap(true);
        auto *fileRow = new QHBoxLayout;
        fileRow->addWidget(m_file, 1);
        fileRow->addWidget(browse);
        auto *fileLabel = new QLabel(PairWizard::tr("Handshake file:"), this);
        m_fileRow = {fileLabel, m_file, browse};
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(fileLabel);
        layout->addLayout(fileRow);
        layout->addWidget(m_write, 0, Qt::AlignLeft);
        layout->addWidget(m_code);
        layout->addStretch();
        layout->addWidget(m_import, 0, Qt::AlignLeft);
        layout->addWidget(m_result);
        connect(m_write, &QPushButton::clicked, this, [this] {
            BundleSetup setup
                = static_cast<BundleSiteWizardPage *>(m_wizard->page(PairWizard::BundleSitePage))->setup();
            setup.handshake = m_file->text().trimmed();
            if (setup.handshake.isEmpty() && !setup.mail)
                return m_code->setText(PairWizard::tr("Choose where the handshake goes first."));
            m_write->setEnabled(false);
            m_code->setText(PairWizard::tr("Reading the site and writing the handshake…"));
            m_wizard->m_setup.beginHandshake(setup);
        });
        connect(&wizard->m_setup, &PairSetup::handshakeWritten, this,
                [this](const QString &name, const QString &code, const QString &fingerprint, const QString &error) {
                    if (!error.isEmpty()) {
                        m_write->setEnabled(true);
                        return m_code->setText(PairWizard::tr("No handshake was written: %1").arg(error));
                    }
                    m_name = name;
                    m_written = true;
                    m_wizard->markStored();
                    m_import->setEnabled(true);
                    m_code->setText(PairWizard::tr("<p>Handshake of pair %1 written.</p><p>Code: <b><tt>%2</tt></b><br>"
                                                   "It is not kept: tell it now.</p><p>This console's key "
                                                   "fingerprint: <tt>%3</tt></p><p>When the answer comes, import it "
                                                   "here, or later with File ▸ Import Handshake Answer.</p>")
                                        .arg(name.toHtmlEscaped(), code, fingerprint));
                    Q_EMIT completeChanged();
                });
        connect(m_import, &QPushButton::clicked, this, [this] {
            if (byMail()) {
                m_result->setText(PairWizard::tr("Looking for the answer in the mailbox…"));
                return m_wizard->m_setup.completeHandshakeByMail(m_name);
            }
            const QString answer
                = m_wizard->askFile(PairWizard::tr("Import Handshake Answer"), PairWizard::FileKind::Open);
            if (answer.isEmpty())
                return;
            m_result->setText(PairWizard::tr("Importing the answer…"));
            m_wizard->m_setup.completeHandshake(answer);
        });
        connect(&wizard->m_setup, &PairSetup::handshakeCompleted, this,
                [this](const QString &name, const QString &fingerprint, const QString &error) {
                    if (!error.isEmpty())
                        return m_result->setText(PairWizard::tr("The answer was not imported: %1").arg(error));
                    m_import->setEnabled(false);
                    m_result->setText(PairWizard::tr("Pair %1 is connected. The other console's key fingerprint: "
                                                     "<tt>%2</tt> (compare it with its admin).")
                                          .arg(name.toHtmlEscaped(), fingerprint));
                    Q_EMIT m_wizard->pairCreated(name, true);
                });
    }

    void initializePage() override
    {
        for (QWidget *fileOnly : std::as_const(m_fileRow))
            fileOnly->setVisible(!byMail());
        m_write->setText(byMail() ? PairWizard::tr("&Send Handshake") : PairWizard::tr("&Write Handshake"));
        m_import->setText(byMail() ? PairWizard::tr("&Fetch Answer") : PairWizard::tr("&Import Answer…"));
    }

    bool isComplete() const override { return m_written; }
    int nextId() const override { return -1; }

private:
    bool byMail() const { return m_wizard->mode() == ConnectionMode::Email; }

    PairWizard *m_wizard;
    QList<QWidget *> m_fileRow;
    QLineEdit *m_file;
    QPushButton *m_write;
    QLabel *m_code;
    QPushButton *m_import;
    QLabel *m_result;
    QString m_name;
    bool m_written = false;
};

/// The secondary opens the handshake with the code, and the pair is created here and answered.
class AnswerWizardPage : public QWizardPage {
public:
    explicit AnswerWizardPage(PairWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_code(new QLineEdit(this))
        , m_name(new QLineEdit(this))
        , m_answer(new QPushButton(PairWizard::tr("&Answer Handshake"), this))
        , m_result(new QLabel(this))
    {
        setObjectName(QStringLiteral("answerPage"));
        setTitle(PairWizard::tr("Answer the handshake"));
        setSubTitle(PairWizard::tr("Open the handshake with the code its admin told you; the pair is created here, "
                                   "its configuration completed from both sites, and the answer written for the "
                                   "other console."));
        auto *form = new QFormLayout;
        m_form = form;
        m_handshake = pathRow(wizard, this, form, PairWizard::tr("&Handshake file:"), QStringLiteral("handshakeIn"),
                              PairWizard::tr("Handshake to answer"), PairWizard::FileKind::Open);
        m_code->setObjectName(QStringLiteral("answerCode"));
        m_code->setAccessibleName(PairWizard::tr("One-time code"));
        m_code->setPlaceholderText(QStringLiteral("XXXX-XXXX-XXXX-XXXX-XXXX"));
        form->addRow(PairWizard::tr("&Code:"), m_code);
        m_file = pathRow(wizard, this, form, PairWizard::tr("Write the a&nswer to:"), QStringLiteral("answerFile"),
                         PairWizard::tr("Where the answer is written"), PairWizard::FileKind::Save);
        m_name->setObjectName(QStringLiteral("answerPairName"));
        m_name->setPlaceholderText(PairWizard::tr("the other console's name for it"));
        form->addRow(PairWizard::tr("Pair name &here:"), m_name);
        m_answer->setObjectName(QStringLiteral("answerHandshake"));
        m_result->setObjectName(QStringLiteral("answerResult"));
        m_result->setWordWrap(true);
        m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *layout = new QVBoxLayout(this);
        layout->addLayout(form);
        layout->addWidget(m_answer, 0, Qt::AlignLeft);
        layout->addWidget(m_result);
        layout->addStretch();
        connect(m_answer, &QPushButton::clicked, this, [this] {
            BundleSetup setup
                = static_cast<BundleSiteWizardPage *>(m_wizard->page(PairWizard::BundleSitePage))->setup();
            setup.handshake = m_handshake->text().trimmed();
            setup.code = m_code->text().trimmed().toUpper();
            setup.answer = m_file->text().trimmed();
            if (!setup.mail)
                setup.name = m_name->text().trimmed();
            if (setup.code.isEmpty() || (!setup.mail && (setup.handshake.isEmpty() || setup.answer.isEmpty())))
                return m_result->setText(
                    PairWizard::tr("Give the handshake file, its code and where the answer goes."));
            m_answer->setEnabled(false);
            m_result->setText(PairWizard::tr("Opening the handshake and reading the site…"));
            m_wizard->m_setup.answerHandshake(setup);
        });
        connect(&wizard->m_setup, &PairSetup::handshakeAnswered, this,
                [this](const QString &name, const PairConfig &config, const QString &partner, const QString &own,
                       const QString &error) {
                    if (!error.isEmpty()) {
                        m_answer->setEnabled(true);
                        return m_result->setText(PairWizard::tr("The handshake was not answered: %1").arg(error));
                    }
                    m_answered = true;
                    m_wizard->markStored();
                    m_result->setText(
                        PairWizard::tr("<p>Pair %1 created: %2:%3 ⇄ %4:%5 (%6 fields, %7 issue types, %8 statuses "
                                       "mapped; check them on the pair's Configuration tab).</p><p>The answer is "
                                       "written: carry it to the other console.</p><p>The other console's key "
                                       "fingerprint: <tt>%9</tt><br>This console's: <tt>%10</tt> (compare both with "
                                       "the other admin)</p>")
                            .arg(name.toHtmlEscaped(), config.a.site, config.a.project, config.b.site, config.b.project)
                            .arg(config.fields.size())
                            .arg(config.issueTypes.size())
                            .arg(config.statuses.size())
                            .arg(partner, own));
                    Q_EMIT m_wizard->pairCreated(name, true);
                    Q_EMIT completeChanged();
                });
    }

    void initializePage() override
    {
        // By mail, the handshake comes from the mailbox and the answer goes back by mail.
        const bool byMail = m_wizard->mode() == ConnectionMode::Email;
        for (int row : {0, 2, 3}) // the handshake file, where the answer goes, the name here
            m_form->setRowVisible(row, !byMail);
    }

    bool isComplete() const override { return m_answered; }
    int nextId() const override { return -1; }

private:
    PairWizard *m_wizard;
    QFormLayout *m_form = nullptr;
    QLineEdit *m_handshake;
    QLineEdit *m_code;
    QLineEdit *m_file;
    QLineEdit *m_name;
    QPushButton *m_answer;
    QLabel *m_result;
    bool m_answered = false;
};

namespace {

/// The last page: the pair is stored.
class DoneWizardPage : public QWizardPage {
public:
    explicit DoneWizardPage(QWidget *parent)
        : QWizardPage(parent)
    {
        setObjectName(QStringLiteral("donePage"));
        setTitle(PairWizard::tr("The pair is stored"));
        auto *text = new QLabel(PairWizard::tr("It is in the sidebar under Sync Pairs. Its first round links or "
                                               "creates the issues already in scope; the pair's page shows how it "
                                               "goes, and the log says what Ferry does."),
                                this);
        text->setWordWrap(true);
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(text);
    }

    int nextId() const override { return -1; }
};

} // namespace

PairWizard::PairWizard(const QString &stateDirectory, SecretRedactor *redactor, QWidget *parent)
    : QWizard(parent)
    , m_setup(stateDirectory, redactor)
{
    setObjectName(QStringLiteral("pairWizard"));
    setWindowTitle(tr("New Sync Pair"));
    setWizardStyle(QWizard::ModernStyle);
    // Back and Cancel stay on the handshake and answer pages until the pair is stored there.
    connect(this, &QWizard::currentIdChanged, this, [this](int page) {
        setOption(QWizard::NoBackButtonOnLastPage, page == DonePage);
        setOption(QWizard::NoCancelButtonOnLastPage, page == DonePage);
    });
    setPage(ModePage, new ModeWizardPage(this));
    setPage(SitesPage, new SitesWizardPage(this, stateDirectory));
    setPage(ScopePage, new ScopeWizardPage(this));
    setPage(MappingPage, new MappingWizardPage(this));
    setPage(OptionsPage, new OptionsWizardPage(this));
    setPage(SummaryPage, new SummaryWizardPage(this));
    setPage(DonePage, new DoneWizardPage(this));
    setPage(RolePage, new RoleWizardPage(this));
    setPage(BundleSitePage, new BundleSiteWizardPage(this, stateDirectory));
    setPage(HandshakePage, new HandshakeWizardPage(this));
    setPage(AnswerPage, new AnswerWizardPage(this));
    m_askFile = [](QWidget *parentWidget, const QString &title, FileKind kind) {
        const QString filter = tr("Ferry files (*.ferry);;All files (*)");
        switch (kind) {
        case FileKind::Open:
            return QFileDialog::getOpenFileName(parentWidget, title, QString(), filter);
        case FileKind::Save:
            return QFileDialog::getSaveFileName(parentWidget, title, QString(), filter);
        case FileKind::Folder:
            break;
        }
        return QFileDialog::getExistingDirectory(parentWidget, title);
    };
    resize(980, 700);
}

PairWizard::~PairWizard() = default;

void PairWizard::markStored()
{
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
}

ConnectionMode PairWizard::mode() const
{
    return static_cast<const ModeWizardPage *>(page(ModePage))->mode();
}

void PairWizard::setMetadata(const SiteMetadata &a, const SiteMetadata &b)
{
    m_metadata.a = a;
    m_metadata.b = b;
}

} // namespace ferry
