#include "ui/paireditor.h"

#include "engine/pairrunner.h"
#include "ui/colours.h"
#include "ui/mappingeditor.h"
#include "ui/pairoptionseditor.h"

#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QTabWidget>
#include <QUndoStack>
#include <QVBoxLayout>

namespace ferry {

PairEditor::PairEditor(const QString &stateDirectory, SecretRedactor *redactor, const QString &pair, PairRunner *runner,
                       QWidget *parent)
    : QWidget(parent)
    , m_stateDirectory(stateDirectory)
    , m_redactor(redactor)
    , m_pair(pair)
    , m_runner(runner)
    , m_banner(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_mappings(new MappingEditor(this))
    , m_options(new PairOptionsEditor(this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_revert(new QPushButton(tr("Re&vert"), this))
    , m_accept(new QPushButton(tr("&Accept"), this))
    , m_decline(new QPushButton(tr("&Decline"), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("pairEditor"));
    m_banner->setObjectName(QStringLiteral("configBanner"));
    m_banner->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("configMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *scopes = new QWidget(m_tabs);
    auto *scopeForm = new QFormLayout(scopes);
    for (Side side : bothSides) {
        const QString suffix = sideLetter(side);
        m_scope[side] = new QLineEdit(scopes);
        m_scope[side]->setObjectName(QStringLiteral("configScope") + suffix);
        m_scope[side]->setAccessibleName(tr("Scope of side %1 (JQL)").arg(suffix));
        scopeForm->addRow(tr("Side %1 scope:").arg(suffix), m_scope[side]);
        connect(m_scope[side], &QLineEdit::textEdited, this, &PairEditor::refreshDirty);
    }
    m_mappings->setObjectName(QStringLiteral("configMappings"));
    m_options->setObjectName(QStringLiteral("configOptions"));
    m_tabs->setObjectName(QStringLiteral("configTabs"));
    m_tabs->addTab(m_mappings, tr("&Mappings"));
    m_tabs->addTab(m_options, tr("&Options"));
    m_tabs->addTab(scopes, tr("Sco&pe"));
    connect(m_mappings, &MappingEditor::edited, this, &PairEditor::refreshDirty);
    connect(m_mappings->undoStack(), &QUndoStack::indexChanged, this, &PairEditor::refreshDirty);
    connect(m_options, &PairOptionsEditor::edited, this, &PairEditor::refreshDirty);

    m_save->setObjectName(QStringLiteral("saveConfig"));
    m_save->setShortcut(QKeySequence::Save);
    m_save->setToolTip(tr("Checks the configuration and puts it in force as a new version (Ctrl+S)."));
    m_revert->setObjectName(QStringLiteral("revertConfig"));
    m_revert->setToolTip(tr("Discards every unsaved edit."));
    auto *undo = new QPushButton(tr("&Undo"), this);
    undo->setObjectName(QStringLiteral("undoConfig"));
    undo->setToolTip(tr("Undoes the last mapping edit (Ctrl+Z)."));
    undo->setEnabled(false);
    connect(m_mappings->undoStack(), &QUndoStack::canUndoChanged, undo, &QWidget::setEnabled);
    connect(undo, &QPushButton::clicked, m_mappings->undoStack(), &QUndoStack::undo);
    auto *importButton = new QPushButton(tr("&Import…"), this);
    importButton->setObjectName(QStringLiteral("importConfig"));
    importButton->setToolTip(tr("Reads a configuration file (as ferry-cli pair export writes it) into the editor."));
    auto *exportButton = new QPushButton(tr("&Export…"), this);
    exportButton->setObjectName(QStringLiteral("exportConfig"));
    exportButton->setToolTip(tr("Writes the configuration as the editor has it to a file."));
    m_accept->setObjectName(QStringLiteral("acceptConfig"));
    m_decline->setObjectName(QStringLiteral("declineConfig"));
    m_accept->hide();
    m_decline->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(importButton);
    buttons->addWidget(exportButton);
    buttons->addStretch();
    buttons->addWidget(m_accept);
    buttons->addWidget(m_decline);
    buttons->addWidget(undo);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_message);
    layout->addLayout(buttons);

    m_askFile = [](QWidget *parentWidget, bool saving) {
        const QString filter = tr("Pair configurations (*.json);;All files (*)");
        return saving ? QFileDialog::getSaveFileName(parentWidget, tr("Export Configuration"), QString(), filter)
                      : QFileDialog::getOpenFileName(parentWidget, tr("Import Configuration"), QString(), filter);
    };
    connect(m_save, &QPushButton::clicked, this, &PairEditor::save);
    connect(m_revert, &QPushButton::clicked, this, [this] {
        setConfig(m_opened.config);
        m_message->setText(tr("Unsaved edits discarded: version %1 as it is in force.").arg(m_opened.version));
    });
    connect(importButton, &QPushButton::clicked, this, &PairEditor::importFile);
    connect(exportButton, &QPushButton::clicked, this, &PairEditor::exportFile);
    connect(m_accept, &QPushButton::clicked, this, [this] { m_setup->answerOffer(m_pair, true); });
    connect(m_decline, &QPushButton::clicked, this, [this] { m_setup->answerOffer(m_pair, false); });
    setEnabled(false);
    setDirty(false);
}

PairEditor::~PairEditor() = default;

void PairEditor::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Coming back to the tab shows what is in force now (a version the other console offered,
    // say), unless there are edits to keep.
    if (!m_dirty)
        reload();
}

void PairEditor::reload()
{
    if (!m_setup) {
        m_setup = std::make_unique<PairSetup>(m_stateDirectory, m_redactor);
        connect(m_setup.get(), &PairSetup::pairOpened, this, &PairEditor::showOpened);
        connect(m_setup.get(), &PairSetup::configChanged, this,
                [this](const QString &, int version, bool published, const QString &error) {
                    saidChanged(version, published, error);
                });
        connect(m_setup.get(), &PairSetup::offerAnswered, this,
                [this](const QString &, int version, bool accepted, const QString &error) {
                    if (!error.isEmpty())
                        return m_message->setText(tr("No answer was kept: %1").arg(error));
                    m_message->setText(accepted ? tr("Version %1 is in force here; the primary console hears it "
                                                     "with the next bundle.")
                                                      .arg(version)
                                                : tr("Version %1 is declined; the primary console hears it with "
                                                     "the next bundle.")
                                                      .arg(version));
                    if (accepted)
                        restartRunner();
                    m_setup->open(m_pair);
                });
    }
    m_message->setText(tr("Reading the pair's configuration and both sites…"));
    m_setup->open(m_pair);
}

void PairEditor::showOpened(const OpenedPair &pair)
{
    if (!pair.error.isEmpty()) {
        m_message->setText(tr("The pair's configuration cannot be read: %1").arg(pair.error));
        return;
    }
    m_opened = pair;
    m_loaded = true;
    setEnabled(true);
    setConfig(pair.config);
    const bool secondary = pair.bundleRole == QStringLiteral("secondary");
    QString banner = tr("Version %1 is in force.").arg(pair.version);
    if (pair.bundleRole == QStringLiteral("primary"))
        banner += tr(" This console is the primary of a pair exchanged by bundles: saving publishes the new version; "
                     "it goes with the next bundle, and this one stays in force on both consoles until the other "
                     "accepts it.");
    if (secondary)
        banner += tr(" The primary console owns this configuration: it is shown here, and what the primary "
                     "publishes waits here for your answer.");
    if (pair.proposalState == QStringLiteral("published"))
        banner += tr(" Version %1 is published and waits for the other console's answer.").arg(pair.proposalVersion);
    if (pair.proposalState == QStringLiteral("offered"))
        banner += tr(" The primary offers version %1: accept it to put it in force here, or decline it.")
                      .arg(pair.proposalVersion);
    m_banner->setText(banner);
    m_accept->setVisible(secondary && pair.proposalState == QStringLiteral("offered"));
    m_decline->setVisible(m_accept->isVisible());
    if (secondary && pair.proposalState == QStringLiteral("offered"))
        setConfig(pair.proposal); // what the admin is asked to accept
    for (QWidget *editor : {static_cast<QWidget *>(m_mappings), static_cast<QWidget *>(m_options),
                            static_cast<QWidget *>(m_scope.a), static_cast<QWidget *>(m_scope.b)})
        editor->setEnabled(!secondary);
    m_message->setText(pair.sitesError.isEmpty()
                           ? QString()
                           : tr("A site could not be read (%1); its choices are missing and ids are not checked "
                                "against it.")
                                 .arg(pair.sitesError));
}

void PairEditor::setConfig(const PairConfig &config, bool baseline)
{
    m_scope.a->setText(config.a.scope);
    m_scope.b->setText(config.b.scope);
    m_mappings->setConfig(config, m_opened.a, m_opened.b);
    m_options->setConfig(config);
    if (baseline)
        m_inForceShown = edited().toJson();
    refreshDirty();
}

PairConfig PairEditor::edited() const
{
    PairConfig config = m_opened.config;
    config.a.scope = m_scope.a->text().trimmed();
    config.b.scope = m_scope.b->text().trimmed();
    m_mappings->apply(&config);
    m_options->apply(&config);
    return config;
}

void PairEditor::refreshDirty()
{
    setDirty(edited().toJson() != m_inForceShown);
}

void PairEditor::setDirty(bool dirty)
{
    m_dirty = dirty;
    const bool secondary = m_opened.bundleRole == QStringLiteral("secondary");
    m_save->setEnabled(dirty && !secondary);
    m_revert->setEnabled(dirty);
    const QString unsaved = tr("Unsaved edits.");
    if (dirty)
        m_message->setText(unsaved);
    else if (m_message->text() == unsaved)
        m_message->clear();
}

void PairEditor::save()
{
    const PairConfig config = edited();
    const bool sitesRead = m_opened.sitesError.isEmpty();
    const QList<PairConfig::Problem> problems
        = config.problems(sitesRead ? &m_opened.a : nullptr, sitesRead ? &m_opened.b : nullptr);
    m_mappings->setProblems(problems);
    if (!problems.isEmpty()) {
        m_message->setText(
            tr("Nothing was saved: %n problem(s), each shown at its row.\n%1", nullptr, int(problems.size()))
                .arg(PairConfig::describe(problems)));
        return;
    }
    m_save->setEnabled(false);
    m_message->setText(tr("Saving…"));
    m_setup->change(config);
}

void PairEditor::saidChanged(int version, bool published, const QString &error)
{
    if (!error.isEmpty()) {
        m_save->setEnabled(true);
        m_message->setText(tr("Nothing was saved: %1").arg(error));
        return;
    }
    m_opened.config = edited();
    m_inForceShown = m_opened.config.toJson();
    if (!published) {
        m_opened.version = version;
        restartRunner();
    }
    setDirty(false);
    m_banner->setText(published ? tr("Version %1 is published: it goes with the next bundle; version %2 stays in force "
                                     "on both consoles until the other one accepts it.")
                                      .arg(version)
                                      .arg(version - 1)
                                : tr("Version %1 is in force.").arg(version));
    m_message->setText(published ? QString()
                           : m_runner && m_runner->state() != PairRunner::State::Stopped
                           ? tr("Saved as version %1; the pair restarts to use it.").arg(version)
                           : tr("Saved as version %1; the pair uses it from its next start.").arg(version));
}

void PairEditor::restartRunner()
{
    if (!m_runner || m_runner->state() == PairRunner::State::Stopped)
        return;
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(m_runner, &PairRunner::stateChanged, this, [this, connection](PairRunner::State state) {
        if (state != PairRunner::State::Stopped)
            return;
        disconnect(*connection);
        m_runner->start();
    });
    m_runner->stop();
}

void PairEditor::importFile()
{
    const QString path = m_askFile(this, false);
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return m_message->setText(tr("Cannot read %1: %2").arg(path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    PairConfig config;
    QList<PairConfig::Problem> problems;
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return m_message->setText(tr("%1 is not a JSON object (%2 at offset %3); nothing was imported.")
                                      .arg(path, parseError.errorString())
                                      .arg(parseError.offset));
    if (!PairConfig::fromJson(document.object(), &config, &problems))
        return m_message->setText(tr("%1 has %n problem(s); nothing was imported:\n%2", nullptr, int(problems.size()))
                                      .arg(path, PairConfig::describe(problems)));
    const PairConfig &current = m_opened.config;
    if (!config.pairsSameProjects(current.a, current.b))
        return m_message->setText(tr("%1 pairs other sites or projects (%2:%3 ⇄ %4:%5); a pair's sides stay as "
                                     "they are. Nothing was imported.")
                                      .arg(path, config.a.site, config.a.project, config.b.site, config.b.project));
    config.name = m_pair;
    setConfig(config, false);
    m_message->setText(tr("Imported %1: check it, then save.").arg(path));
}

void PairEditor::exportFile()
{
    const QString path = m_askFile(this, true);
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(edited().toJson()).toJson(QJsonDocument::Indented)) < 0 || !file.commit())
        return m_message->setText(tr("Cannot write %1: %2").arg(path, file.errorString()));
    m_message->setText(tr("Wrote the configuration to %1.").arg(path));
}

} // namespace ferry
