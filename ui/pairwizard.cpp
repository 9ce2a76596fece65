#include "ui/pairwizard.h"

#include "engine/pairstatus.h"

#include "ui/bundlewizardpages.h"
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
        connect(&wizard->m_setup, &PairSetup::connectProgress, this, [this](Side side, const QString &what) {
            if (m_connected)
                return;
            m_reading[side] = what;
            m_status->setText(PairWizard::tr("Connecting to both sites and reading what they have… side A: %1; "
                                             "side B: %2")
                                  .arg(m_reading.a.isEmpty() ? PairWizard::tr("waiting") : m_reading.a,
                                       m_reading.b.isEmpty() ? PairWizard::tr("waiting") : m_reading.b));
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
        m_reading = {};
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
    PerSide<QString> m_reading; ///< what connecting reads of each side now
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
                                       "passes: the Licenses page installs a license file or requests a 30-day "
                                       "trial for a site (Request Trial…).</p>");
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
    addBundlePages(this, stateDirectory);
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
