#include "ui/pairoptionseditor.h"

#include "ui/scrolling.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace ferry {

namespace {

QComboBox *directionBox(QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->addItem(PairOptionsEditor::tr("both ways"), directionName(Direction::Both));
    box->addItem(PairOptionsEditor::tr("A to B only"), directionName(Direction::AToB));
    box->addItem(PairOptionsEditor::tr("B to A only"), directionName(Direction::BToA));
    return box;
}

void select(QComboBox *box, const QString &data)
{
    box->setCurrentIndex(qMax(0, box->findData(data)));
}

Direction directionOf(const QComboBox *box)
{
    const QString name = box->currentData().toString();
    for (Direction d : {Direction::Both, Direction::AToB, Direction::BToA})
        if (directionName(d) == name)
            return d;
    return Direction::Both;
}

QStringList patterns(const QLineEdit *edit)
{
    QStringList list;
    for (const QString &pattern : edit->text().split(u',', Qt::SkipEmptyParts))
        list << pattern.trimmed();
    return list;
}

} // namespace

PairOptionsEditor::PairOptionsEditor(QWidget *parent)
    : QWidget(parent)
    , m_restricted(new QComboBox(this))
    , m_internalNotes(new QComboBox(this))
    , m_maxSize(new QSpinBox(this))
    , m_filter(new QComboBox(this))
    , m_types(new QLineEdit(this))
    , m_names(new QLineEdit(this))
    , m_estimate(new QComboBox(this))
    , m_outsideLinks(new QComboBox(this))
    , m_createVersions(new QCheckBox(tr("Create missing &versions on the target"), this))
    , m_createComponents(new QCheckBox(tr("Create missing c&omponents on the target"), this))
    , m_syncVersions(new QCheckBox(tr("Sync the projects' versions"), this))
    , m_policy(new QComboBox(this))
    , m_interval(new QSpinBox(this))
    , m_retention(new QSpinBox(this))
    , m_matchBy(new QComboBox(this))
    , m_matchFieldA(new QLineEdit(this))
    , m_matchFieldB(new QLineEdit(this))
    , m_readKeyMap(new QPushButton(tr("Read &Key Map…"), this))
    , m_keyMapState(new QLabel(this))
    , m_prefer(new QComboBox(this))
    , m_chooseKeyMap([this] {
        return QFileDialog::getOpenFileName(this, tr("Key Map"), QString(),
                                            tr("Key maps (*.csv *.txt);;All files (*)"));
    })
{
    const auto group = [this](const QString &title) {
        auto *box = new QGroupBox(title, this);
        return std::pair{box, new QFormLayout(box)};
    };

    auto [comments, commentForm] = group(tr("Comments"));
    m_comments = addItemControls(commentForm, tr("comments"), QStringLiteral("comments"));
    m_restricted->setObjectName(QStringLiteral("commentsRestricted"));
    m_restricted->addItem(tr("stay on their side"), QStringLiteral("withhold"));
    m_restricted->addItem(tr("travel with the visibility mapped"), QStringLiteral("map"));
    commentForm->addRow(tr("Restricted comments:"), m_restricted);
    m_internalNotes->setObjectName(QStringLiteral("commentsInternal"));
    m_internalNotes->addItem(tr("stay on their side"), QStringLiteral("withhold"));
    m_internalNotes->addItem(tr("travel as internal notes"), QStringLiteral("internal"));
    m_internalNotes->setToolTip(tr("Internal notes of Jira Service Management projects"));
    commentForm->addRow(tr("Internal notes:"), m_internalNotes);

    auto [attachments, attachmentForm] = group(tr("Attachments"));
    m_attachments = addItemControls(attachmentForm, tr("attachments"), QStringLiteral("attachments"));
    m_maxSize->setObjectName(QStringLiteral("attachmentsMaxSize"));
    m_maxSize->setRange(0, 100'000);
    m_maxSize->setSuffix(tr(" MB"));
    m_maxSize->setSpecialValueText(tr("no limit"));
    attachmentForm->addRow(tr("Largest attachment:"), m_maxSize);
    m_filter->setObjectName(QStringLiteral("attachmentsFilter"));
    m_filter->addItem(tr("all but those matching"), QStringLiteral("deny"));
    m_filter->addItem(tr("only those matching"), QStringLiteral("allow"));
    attachmentForm->addRow(tr("Attachments that travel:"), m_filter);
    m_types->setObjectName(QStringLiteral("attachmentsTypes"));
    m_types->setPlaceholderText(tr("image/*, application/pdf"));
    attachmentForm->addRow(tr("MIME types:"), m_types);
    m_names->setObjectName(QStringLiteral("attachmentsNames"));
    m_names->setPlaceholderText(tr("*.exe, secret-*"));
    attachmentForm->addRow(tr("File names:"), m_names);

    auto [worklogs, worklogForm] = group(tr("Worklogs"));
    m_worklogs = addItemControls(worklogForm, tr("worklogs"), QStringLiteral("worklogs"));
    m_estimate->setObjectName(QStringLiteral("worklogsEstimate"));
    m_estimate->addItem(tr("leave it (it travels as a field when mapped)"), QStringLiteral("leave"));
    m_estimate->addItem(tr("reduce it by the time logged"), QStringLiteral("auto"));
    worklogForm->addRow(tr("Remaining estimate:"), m_estimate);

    auto [links, linkForm] = group(tr("Issue links"));
    m_links = addItemControls(linkForm, tr("links"), QStringLiteral("links"));
    m_outsideLinks->setObjectName(QStringLiteral("linksOutside"));
    m_outsideLinks->addItem(tr("stay on their side"), QStringLiteral("keep"));
    m_outsideLinks->addItem(tr("become remote links to the issue"), QStringLiteral("remote"));
    m_outsideLinks->addItem(tr("become a line of text in a comment"), QStringLiteral("text"));
    linkForm->addRow(tr("Links to issues outside the pair:"), m_outsideLinks);
    connect(m_links.sync, &QCheckBox::toggled, m_outsideLinks, &QWidget::setEnabled);

    auto [general, generalForm] = group(tr("Pair"));
    m_policy->setObjectName(QStringLiteral("conflictPolicy"));
    m_policy->addItem(tr("ask me (conflict viewer)"), conflictPolicyName(ConflictPolicy::Manual));
    m_policy->addItem(tr("side A wins"), conflictPolicyName(ConflictPolicy::AWins));
    m_policy->addItem(tr("side B wins"), conflictPolicyName(ConflictPolicy::BWins));
    m_policy->addItem(tr("the newest change wins"), conflictPolicyName(ConflictPolicy::Newest));
    generalForm->addRow(tr("Con&flicts:"), m_policy);
    m_interval->setObjectName(QStringLiteral("pollInterval"));
    m_interval->setRange(1, 86'400);
    m_interval->setSuffix(tr(" s"));
    generalForm->addRow(tr("Ask the sites every:"), m_interval);
    m_retention->setObjectName(QStringLiteral("retentionDays"));
    m_retention->setRange(1, 3650);
    m_retention->setSuffix(tr(" days"));
    m_retention->setToolTip(tr("Older history of the changes that travelled, and of the rounds, is compacted once a "
                               "day; what is still on its way stays."));
    generalForm->addRow(tr("Keep the history for:"), m_retention);
    m_createVersions->setObjectName(QStringLiteral("createMissingVersions"));
    m_createComponents->setObjectName(QStringLiteral("createMissingComponents"));
    generalForm->addRow(m_createVersions);
    generalForm->addRow(m_createComponents);
    m_syncVersions->setObjectName(QStringLiteral("versionsSync"));
    m_syncVersions->setToolTip(tr("Name, description, release date, released and archived"));
    generalForm->addRow(m_syncVersions);

    auto [existing, existingForm] = group(tr("Issues on both sides already"));
    m_matchBy->setObjectName(QStringLiteral("matchBy"));
    m_matchBy->addItem(tr("are copied like the others (no matching)"), QStringLiteral("none"));
    m_matchBy->addItem(tr("are linked where a field of each side holds the same value"), QStringLiteral("fields"));
    m_matchBy->addItem(tr("are linked as a key map file pairs them"), QStringLiteral("keys"));
    existingForm->addRow(tr("Issues that exist on both sides:"), m_matchBy);
    m_matchFieldA->setObjectName(QStringLiteral("matchFieldA"));
    m_matchFieldB->setObjectName(QStringLiteral("matchFieldB"));
    for (QLineEdit *field : {m_matchFieldA, m_matchFieldB})
        field->setPlaceholderText(tr("key, summary or customfield_…"));
    auto *fields = new QHBoxLayout;
    fields->addWidget(m_matchFieldA);
    fields->addWidget(new QLabel(tr("on A equals"), this));
    fields->addWidget(m_matchFieldB);
    fields->addWidget(new QLabel(tr("on B"), this));
    existingForm->addRow(tr("Field:"), fields);
    m_readKeyMap->setObjectName(QStringLiteral("readKeyMap"));
    m_keyMapState->setObjectName(QStringLiteral("keyMapState"));
    m_keyMapState->setWordWrap(true);
    auto *keyMap = new QHBoxLayout;
    keyMap->addWidget(m_readKeyMap);
    keyMap->addWidget(m_keyMapState, 1);
    existingForm->addRow(tr("Key map:"), keyMap);
    m_prefer->setObjectName(QStringLiteral("matchPrefer"));
    m_prefer->addItem(tr("side A's content wins"), sideName(Side::A));
    m_prefer->addItem(tr("side B's content wins"), sideName(Side::B));
    existingForm->addRow(tr("Once linked:"), m_prefer);
    connect(m_matchBy, &QComboBox::currentIndexChanged, this, &PairOptionsEditor::showMatchWay);
    connect(m_readKeyMap, &QPushButton::clicked, this, &PairOptionsEditor::readKeyMap);
    showMatchWay();

    // The groups scroll: all of them stand taller than a 768-pixel screen leaves a page.
    auto *layout = new QGridLayout;
    layout->addWidget(comments, 0, 0);
    layout->addWidget(worklogs, 1, 0);
    layout->addWidget(links, 2, 0);
    layout->addWidget(attachments, 0, 1);
    layout->addWidget(general, 1, 1, 2, 1);
    layout->addWidget(existing, 3, 0, 1, 2);
    layout->setRowStretch(4, 1);
    scrollInside(this, layout, QStringLiteral("optionsScroll"));

    for (QComboBox *box : findChildren<QComboBox *>())
        connect(box, &QComboBox::activated, this, &PairOptionsEditor::edited);
    for (QCheckBox *box : findChildren<QCheckBox *>())
        connect(box, &QCheckBox::clicked, this, &PairOptionsEditor::edited);
    for (QLineEdit *edit : {m_types, m_names, m_matchFieldA, m_matchFieldB})
        connect(edit, &QLineEdit::textEdited, this, &PairOptionsEditor::edited);
    for (QSpinBox *spin : {m_maxSize, m_interval, m_retention})
        connect(spin, &QSpinBox::valueChanged, this, &PairOptionsEditor::edited);
}

PairOptionsEditor::ItemControls PairOptionsEditor::addItemControls(QFormLayout *form, const QString &part,
                                                                   const QString &objectPrefix)
{
    ItemControls controls;
    controls.sync = new QCheckBox(tr("Sync %1").arg(part), this);
    controls.sync->setObjectName(objectPrefix + QStringLiteral("Sync"));
    controls.direction = directionBox(this);
    controls.direction->setObjectName(objectPrefix + QStringLiteral("Direction"));
    controls.direction->setAccessibleName(tr("Direction of %1").arg(part));
    controls.deletions = new QCheckBox(tr("Deleting the original deletes its copy"), this);
    controls.deletions->setObjectName(objectPrefix + QStringLiteral("Deletions"));
    form->addRow(controls.sync);
    form->addRow(tr("Direction:"), controls.direction);
    form->addRow(controls.deletions);
    connect(controls.sync, &QCheckBox::toggled, controls.direction, &QWidget::setEnabled);
    connect(controls.sync, &QCheckBox::toggled, controls.deletions, &QWidget::setEnabled);
    return controls;
}

void PairOptionsEditor::show(const ItemControls &controls, const ItemOptions &options)
{
    controls.sync->setChecked(options.sync);
    select(controls.direction, directionName(options.direction));
    controls.deletions->setChecked(options.deletions);
    controls.direction->setEnabled(options.sync);
    controls.deletions->setEnabled(options.sync);
}

void PairOptionsEditor::read(const ItemControls &controls, ItemOptions *options)
{
    options->sync = controls.sync->isChecked();
    options->direction = directionOf(controls.direction);
    options->deletions = controls.deletions->isChecked();
}

void PairOptionsEditor::showMatchWay()
{
    const QString way = m_matchBy->currentData().toString();
    m_matchFieldA->setEnabled(way == QStringLiteral("fields"));
    m_matchFieldB->setEnabled(way == QStringLiteral("fields"));
    m_readKeyMap->setEnabled(way == QStringLiteral("keys"));
    m_prefer->setEnabled(way != QStringLiteral("none"));
}

void PairOptionsEditor::readKeyMap()
{
    const QString path = m_chooseKeyMap();
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        m_keyMapState->setText(tr("Cannot read %1: %2").arg(path, file.errorString()));
        return;
    }
    QStringList problems;
    const QHash<QString, QString> keys = MatchRule::readKeyMap(QString::fromUtf8(file.readAll()), &problems);
    if (!problems.isEmpty() || keys.isEmpty()) {
        // The map in force stays until one reads whole.
        m_keyMapState->setText(problems.isEmpty()
                                   ? tr("%1 pairs no issues.").arg(path)
                                   : tr("%1 is not read: %2").arg(path, problems.join(QStringLiteral("; "))));
        return;
    }
    m_keys = keys;
    m_keyMapState->setText(tr("%n pair(s) of keys", nullptr, int(m_keys.size())));
    Q_EMIT edited();
}

void PairOptionsEditor::setConfig(const PairConfig &config)
{
    show(m_comments, config.comments);
    select(m_restricted,
           config.comments.restricted == Restricted::Map ? QStringLiteral("map") : QStringLiteral("withhold"));
    select(m_internalNotes, config.comments.internal);
    show(m_attachments, config.attachments);
    m_maxSize->setValue(config.attachments.maxSizeMb);
    select(m_filter, config.attachments.filter);
    m_types->setText(config.attachments.types.join(QStringLiteral(", ")));
    m_names->setText(config.attachments.names.join(QStringLiteral(", ")));
    show(m_worklogs, config.worklogs);
    select(m_estimate, config.worklogs.estimate);
    show(m_links, config.links);
    select(m_outsideLinks, config.links.outside);
    m_outsideLinks->setEnabled(config.links.sync);
    m_createVersions->setChecked(config.createMissing.contains(QStringLiteral("versions")));
    m_createComponents->setChecked(config.createMissing.contains(QStringLiteral("components")));
    m_syncVersions->setChecked(config.versions.sync);
    select(m_policy, conflictPolicyName(config.conflictPolicy));
    m_interval->setValue(config.pollIntervalSeconds);
    m_retention->setValue(config.retentionDays);
    select(m_matchBy,
           !config.match.keys.isEmpty()         ? QStringLiteral("keys")
               : !config.match.fieldA.isEmpty() ? QStringLiteral("fields")
                                                : QStringLiteral("none"));
    m_matchFieldA->setText(config.match.fieldA);
    m_matchFieldB->setText(config.match.fieldB);
    m_keys = config.match.keys;
    m_keyMapState->setText(m_keys.isEmpty() ? tr("none read") : tr("%n pair(s) of keys", nullptr, int(m_keys.size())));
    select(m_prefer, sideName(config.match.prefer));
    showMatchWay();
}

void PairOptionsEditor::apply(PairConfig *config) const
{
    read(m_comments, &config->comments);
    config->comments.restricted
        = m_restricted->currentData().toString() == QStringLiteral("map") ? Restricted::Map : Restricted::Withhold;
    config->comments.internal = m_internalNotes->currentData().toString();
    read(m_attachments, &config->attachments);
    config->attachments.maxSizeMb = m_maxSize->value();
    config->attachments.filter = m_filter->currentData().toString();
    config->attachments.types = patterns(m_types);
    config->attachments.names = patterns(m_names);
    read(m_worklogs, &config->worklogs);
    config->worklogs.estimate = m_estimate->currentData().toString();
    read(m_links, &config->links);
    config->links.outside = m_outsideLinks->currentData().toString();
    config->createMissing.clear();
    if (m_createVersions->isChecked())
        config->createMissing << QStringLiteral("versions");
    if (m_createComponents->isChecked())
        config->createMissing << QStringLiteral("components");
    config->versions.sync = m_syncVersions->isChecked();
    const QString policy = m_policy->currentData().toString();
    for (ConflictPolicy p :
         {ConflictPolicy::Manual, ConflictPolicy::AWins, ConflictPolicy::BWins, ConflictPolicy::Newest})
        if (conflictPolicyName(p) == policy)
            config->conflictPolicy = p;
    config->pollIntervalSeconds = m_interval->value();
    config->retentionDays = m_retention->value();
    // An incomplete rule (a field missing, no key map) is the configuration's problem to show.
    const QString way = m_matchBy->currentData().toString();
    config->match = {};
    if (way == QStringLiteral("fields")) {
        config->match.fieldA = m_matchFieldA->text().trimmed();
        config->match.fieldB = m_matchFieldB->text().trimmed();
    } else if (way == QStringLiteral("keys")) {
        config->match.keys = m_keys;
    }
    if (way != QStringLiteral("none")) {
        config->match.chosen = true;
        config->match.prefer = sideNamed(m_prefer->currentData().toString()).value_or(Side::A);
    }
}

} // namespace ferry
