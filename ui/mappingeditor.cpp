#include "ui/mappingeditor.h"

#include "ui/colours.h"

#include "engine/usermap.h"
#include "engine/userstable.h"

#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QShortcut>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QUndoCommand>
#include <QUndoStack>
#include <QVBoxLayout>

#include <optional>

namespace ferry {

namespace {

const QList<Direction> directions = {Direction::Both, Direction::AToB, Direction::BToA};

QString directionText(Direction direction)
{
    switch (direction) {
    case Direction::Both:
        return MappingTableModel::tr("both ways");
    case Direction::AToB:
        return MappingTableModel::tr("A to B");
    case Direction::BToA:
        return MappingTableModel::tr("B to A");
    }
    return {};
}

FieldMapping asRow(const ValueMapping &m)
{
    return {m.a, m.b, m.aName, m.bName, m.direction, {}, m.doubtful, m.why};
}

ValueMapping asMapping(const FieldMapping &f)
{
    return {f.a, f.b, f.aName, f.bName, f.direction, f.doubtful, f.why};
}

/// A row changed, added (before empty) or removed (after empty).
class RowCommand : public QUndoCommand {
public:
    RowCommand(MappingTableModel *model, int row, std::optional<FieldMapping> before, std::optional<FieldMapping> after,
               const QString &text)
        : QUndoCommand(text)
        , m_model(model)
        , m_row(row)
        , m_before(std::move(before))
        , m_after(std::move(after))
    {
    }
    void redo() override { apply(m_before, m_after); }
    void undo() override { apply(m_after, m_before); }

private:
    void apply(const std::optional<FieldMapping> &from, const std::optional<FieldMapping> &to)
    {
        if (from && to)
            m_model->replaceRow(m_row, *to);
        else if (to)
            m_model->insertMapping(m_row, *to);
        else
            m_model->eraseRow(m_row);
    }

    MappingTableModel *m_model;
    int m_row;
    std::optional<FieldMapping> m_before;
    std::optional<FieldMapping> m_after;
};

/// Edits a side's cell with a combo box of that side's choices, and the direction with its three.
class MappingDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QVariantList choices = index.data(MappingTableModel::ChoicesRole).toList();
        if (index.column() != MappingTableModel::DirectionColumn && choices.isEmpty())
            return QStyledItemDelegate::createEditor(parent, option, index);
        auto *combo = new QComboBox(parent);
        combo->setAccessibleName(index.model()->headerData(index.column(), Qt::Horizontal).toString());
        if (index.column() == MappingTableModel::DirectionColumn) {
            for (Direction d : directions)
                combo->addItem(directionText(d), directionName(d));
        } else {
            for (const QVariant &choice : choices) {
                const QStringList idAndName = choice.toStringList();
                combo->addItem(QStringLiteral("%1 (%2)").arg(idAndName.value(1), idAndName.value(0)),
                               idAndName.value(0));
            }
            // Sites list hundreds of users and fields: typing part of a name finds them.
            combo->setEditable(true);
            combo->setInsertPolicy(QComboBox::NoInsert);
            combo->completer()->setCompletionMode(QCompleter::PopupCompletion);
            combo->completer()->setFilterMode(Qt::MatchContains);
            combo->completer()->setCaseSensitivity(Qt::CaseInsensitive);
        }
        return combo;
    }

    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor))
            combo->setCurrentIndex(combo->findData(index.data(Qt::EditRole)));
        else
            QStyledItemDelegate::setEditorData(editor, index);
    }

    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor)) {
            // What was typed must name a choice; anything else leaves the cell as it was.
            const int chosen = combo->isEditable() ? combo->findText(combo->currentText()) : combo->currentIndex();
            if (chosen >= 0)
                model->setData(index, combo->itemData(chosen));
        } else
            QStyledItemDelegate::setModelData(editor, model, index);
    }
};

} // namespace

MappingTableModel::MappingTableModel(QUndoStack *undo, QObject *parent)
    : QAbstractTableModel(parent)
    , m_undo(undo)
{
}

void MappingTableModel::setRows(const QList<FieldMapping> &rows, const Choices &a, const Choices &b)
{
    beginResetModel();
    m_rows = rows;
    m_a = a;
    m_b = b;
    m_problems.clear();
    endResetModel();
}

void MappingTableModel::setMappings(const QList<ValueMapping> &mappings, const Choices &a, const Choices &b)
{
    QList<FieldMapping> rows;
    for (const ValueMapping &m : mappings)
        rows << asRow(m);
    setRows(rows, a, b);
}

QList<ValueMapping> MappingTableModel::mappings() const
{
    QList<ValueMapping> list;
    for (const FieldMapping &row : m_rows)
        list << asMapping(row);
    return list;
}

void MappingTableModel::setProblems(const QHash<int, QString> &problems)
{
    m_problems = problems;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int MappingTableModel::doubtfulCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const FieldMapping &m) { return m.doubtful; }));
}

int MappingTableModel::addRow()
{
    const int row = int(m_rows.size());
    FieldMapping empty;
    if (m_undo)
        m_undo->push(new RowCommand(this, row, std::nullopt, empty, tr("Add a mapping")));
    else
        insertMapping(row, empty);
    return row;
}

void MappingTableModel::removeRow(int row)
{
    if (row < 0 || row >= m_rows.size())
        return;
    if (m_undo)
        m_undo->push(new RowCommand(this, row, m_rows.at(row), std::nullopt, tr("Remove a mapping")));
    else
        eraseRow(row);
}

void MappingTableModel::changeRow(int row, const FieldMapping &mapping)
{
    if (m_undo)
        m_undo->push(new RowCommand(this, row, m_rows.at(row), mapping, tr("Edit a mapping")));
    else
        replaceRow(row, mapping);
}

void MappingTableModel::replaceRow(int row, const FieldMapping &mapping)
{
    m_rows[row] = mapping;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    Q_EMIT edited(row);
}

void MappingTableModel::insertMapping(int row, const FieldMapping &mapping)
{
    beginInsertRows({}, row, row);
    m_rows.insert(row, mapping);
    endInsertRows();
    Q_EMIT edited(-1);
}

void MappingTableModel::eraseRow(int row)
{
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    Q_EMIT edited(-1);
}

int MappingTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MappingTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MappingTableModel::nameOf(const Choices &choices, const QString &id) const
{
    for (const auto &[choiceId, name] : choices)
        if (choiceId == id)
            return name;
    return {};
}

QVariant MappingTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const FieldMapping &m = m_rows.at(index.row());
    const QString problem = m_problems.value(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SideA:
            return m.aName.isEmpty() ? m.a : QStringLiteral("%1 (%2)").arg(m.aName, m.a);
        case SideB:
            return m.bName.isEmpty() ? m.b : QStringLiteral("%1 (%2)").arg(m.bName, m.b);
        case DirectionColumn:
            return directionText(m.direction);
        case Note:
            return !problem.isEmpty() ? problem : m.doubtful ? tr("check: %1").arg(m.why) : QString();
        }
        return {};
    case Qt::EditRole:
        return index.column() == SideA          ? m.a
            : index.column() == SideB           ? m.b
            : index.column() == DirectionColumn ? QVariant(directionName(m.direction))
                                                : QVariant();
    case Qt::ToolTipRole:
        return !problem.isEmpty() ? problem : m.why;
    case Qt::ForegroundRole:
        if (index.column() == Note)
            return !problem.isEmpty() ? QVariant(errorColour()) : m.doubtful ? QVariant(warningColour()) : QVariant();
        return {};
    case Qt::DecorationRole:
        if (index.column() == SideA && (!problem.isEmpty() || m.doubtful))
            return !problem.isEmpty() ? errorColour() : warningColour();
        return {};
    case ChoicesRole: {
        if (index.column() != SideA && index.column() != SideB)
            return {};
        QVariantList list;
        for (const auto &[id, name] : index.column() == SideA ? m_a : m_b)
            list << QStringList{id, name};
        return list;
    }
    case Qt::AccessibleDescriptionRole:
        return !problem.isEmpty() ? problem : m.doubtful ? tr("doubtful suggestion: %1").arg(m.why) : QString();
    }
    return {};
}

bool MappingTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    FieldMapping changed = m_rows.at(index.row());
    const QString text = value.toString().trimmed();
    switch (index.column()) {
    case SideA:
        changed.a = text;
        changed.aName = nameOf(m_a, text);
        break;
    case SideB:
        changed.b = text;
        changed.bName = nameOf(m_b, text);
        break;
    case DirectionColumn: {
        const auto found = std::find_if(directions.cbegin(), directions.cend(),
                                        [&](Direction d) { return directionName(d) == text; });
        if (found == directions.cend())
            return false;
        changed.direction = *found;
        break;
    }
    default:
        return false;
    }
    // An admin has looked at it: no longer a doubtful suggestion.
    changed.doubtful = false;
    changed.why.clear();
    changeRow(index.row(), changed);
    return true;
}

Qt::ItemFlags MappingTableModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractTableModel::flags(index);
    return !index.isValid() || index.column() == Note ? base : base | Qt::ItemIsEditable;
}

QVariant MappingTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SideA:
        return tr("Side A");
    case SideB:
        return tr("Side B");
    case DirectionColumn:
        return tr("Direction");
    case Note:
        return tr("Note");
    }
    return {};
}

namespace {

Choices choicesOf(const SiteMetadata &site, const QString &list)
{
    Choices choices;
    for (const QJsonValue &item : site.metadata.value(list).toArray())
        choices.append({item.toObject().value(QStringLiteral("id")).toString(),
                        item.toObject().value(QStringLiteral("name")).toString()});
    return choices;
}

Choices userChoices(const SiteMetadata &site)
{
    const bool cloud = site.deployment == QStringLiteral("cloud");
    Choices choices;
    for (const QJsonValue &user : site.users)
        choices.append({user.toObject().value(cloud ? QStringLiteral("accountId") : QStringLiteral("name")).toString(),
                        user.toObject().value(QStringLiteral("displayName")).toString()});
    return choices;
}

} // namespace

MappingEditor::MappingEditor(QWidget *parent)
    : QWidget(parent)
    , m_undo(new QUndoStack(this))
    , m_tabs(new QTabWidget(this))
    , m_issueTypes(new MappingTableModel(m_undo, this))
    , m_statuses(new MappingTableModel(m_undo, this))
    , m_fields(new MappingTableModel(m_undo, this))
    , m_values(new MappingTableModel(nullptr, this))
    , m_users(new MappingTableModel(m_undo, this))
    , m_valuesTitle(new QLabel(this))
    , m_userMatch(new QLineEdit(this))
    , m_otherProblems(new QLabel(this))
{
    // Ctrl+Z and Ctrl+Shift+Z wherever the editor is: the pair editor and the wizard alike.
    for (const auto &[keys, step] :
         {std::pair{QKeySequence::Undo, &QUndoStack::undo}, std::pair{QKeySequence::Redo, &QUndoStack::redo}}) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, m_undo, step);
    }
    m_tabs->setObjectName(QStringLiteral("mappingTabs"));
    addTable(QStringLiteral("issueTypeMappings"), tr("&Issue types"), m_issueTypes, tr("Issue type mappings"));
    addTable(QStringLiteral("statusMappings"), tr("&Statuses"), m_statuses, tr("Status mappings"));
    m_fieldTable = addTable(QStringLiteral("fieldMappings"), tr("&Fields"), m_fields, tr("Field mappings"));
    m_userTable = addTable(QStringLiteral("userMappings"), tr("&Users"), m_users, tr("User mappings"));

    // The fields tab shows the values of the selected field below the fields.
    QWidget *fieldsPage = m_tabs->widget(2);
    auto *valueTable = new QTableView(fieldsPage);
    valueTable->setObjectName(QStringLiteral("valueMappings"));
    valueTable->setAccessibleName(tr("Value mappings of the selected field"));
    valueTable->setModel(m_values);
    valueTable->setItemDelegate(new MappingDelegate(valueTable));
    valueTable->horizontalHeader()->setStretchLastSection(true);
    valueTable->verticalHeader()->hide();
    m_valuesTitle->setWordWrap(true);
    auto *addValue = new QPushButton(tr("Add Value"), fieldsPage);
    addValue->setObjectName(QStringLiteral("addValueMapping"));
    auto *removeValue = new QPushButton(tr("Remove Value"), fieldsPage);
    auto *valueButtons = new QHBoxLayout;
    valueButtons->addWidget(m_valuesTitle, 1);
    valueButtons->addWidget(addValue);
    valueButtons->addWidget(removeValue);
    auto *fieldsLayout = qobject_cast<QVBoxLayout *>(fieldsPage->layout());
    fieldsLayout->addLayout(valueButtons);
    fieldsLayout->addWidget(valueTable, 1);
    connect(m_fieldTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showValuesOf(current.row()); });
    connect(m_fields, &MappingTableModel::edited, this, [this](int row) {
        if (row == -1 || row == m_valuesOf)
            showValuesOf(row == -1 ? m_fieldTable->currentIndex().row() : row);
    });
    connect(m_values, &MappingTableModel::edited, this, [this] {
        if (m_valuesOf < 0 || m_valuesOf >= m_fields->rowCount())
            return;
        FieldMapping field = m_fields->rows().at(m_valuesOf);
        field.values = m_values->mappings();
        m_fields->changeRow(m_valuesOf, field);
    });
    connect(addValue, &QPushButton::clicked, this, [this, valueTable] {
        if (m_valuesOf >= 0)
            valueTable->edit(m_values->index(m_values->addRow(), MappingTableModel::SideA));
    });
    connect(removeValue, &QPushButton::clicked, this,
            [this, valueTable] { m_values->removeRow(valueTable->currentIndex().row()); });

    // Users: the match rules before the table of explicit pairs.
    m_userMatch->setObjectName(QStringLiteral("userMatch"));
    m_userMatch->setAccessibleName(tr("User match rules"));
    m_userMatch->setToolTip(tr("Tried in order: email, accountId, username, displayName. The table's pairs come "
                               "first."));
    auto *usersLayout = qobject_cast<QVBoxLayout *>(m_tabs->widget(3)->layout());
    auto *matchRow = new QFormLayout;
    matchRow->addRow(tr("Match users by:"), m_userMatch);
    usersLayout->insertLayout(0, matchRow);
    addUserTools();

    m_otherProblems->setObjectName(QStringLiteral("mappingProblems"));
    m_otherProblems->setWordWrap(true);
    m_otherProblems->setStyleSheet(QStringLiteral("color: %1").arg(errorColour().name()));
    m_otherProblems->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_otherProblems);
    for (MappingTableModel *model : {m_issueTypes, m_statuses, m_fields, m_users})
        connect(model, &MappingTableModel::edited, this, &MappingEditor::edited);
    connect(m_userMatch, &QLineEdit::textEdited, this, &MappingEditor::edited);
    connect(this, &MappingEditor::edited, this, &MappingEditor::updateTabTitles);
    connect(this, &MappingEditor::edited, this, &MappingEditor::showUnmatched);
}

void MappingEditor::addUserTools()
{
    QWidget *page = m_tabs->widget(3);
    m_unmatchedTitle = new QLabel(page);
    m_unmatchedTitle->setWordWrap(true);
    m_unmatched = new QListWidget(page);
    m_unmatched->setObjectName(QStringLiteral("unmatchedUsers"));
    m_unmatched->setAccessibleName(tr("Users without a partner"));
    m_unmatchedTitle->setBuddy(m_unmatched);
    auto *pairWith = new QPushButton(tr("&Pair With…"), page);
    pairWith->setObjectName(QStringLiteral("pairUnmatchedUser"));
    pairWith->setToolTip(tr("Add the selected user to the table and choose their partner on the other site"));
    auto *importCsv = new QPushButton(tr("Import CSV…"), page);
    importCsv->setObjectName(QStringLiteral("importUsersCsv"));
    importCsv->setToolTip(tr("Read a users table (A-ID,B-ID a line), as ferry-cli pair users --export writes it"));
    auto *exportCsv = new QPushButton(tr("Export CSV…"), page);
    exportCsv->setObjectName(QStringLiteral("exportUsersCsv"));
    exportCsv->setToolTip(tr("Write who is who as a users table, to edit in a spreadsheet and import again"));
    // [match rules] [table] [Add Remove]  →  [match rules] [title] [unmatched | table]: side by side,
    // so that the tab asks no more height of a small screen than the others.
    auto *layout = qobject_cast<QVBoxLayout *>(page->layout());
    auto *table = new QVBoxLayout;
    table->setContentsMargins(0, 0, 0, 0);
    for (QLayoutItem *item : {layout->takeAt(1), layout->takeAt(1)})
        table->addItem(item);
    table->setStretch(0, 1);
    auto *csv = new QHBoxLayout;
    csv->addWidget(importCsv);
    csv->addWidget(exportCsv);
    auto *unmatched = new QVBoxLayout;
    unmatched->addWidget(m_unmatched, 1);
    unmatched->addWidget(pairWith);
    unmatched->addLayout(csv);
    auto *columns = new QHBoxLayout;
    columns->addLayout(unmatched, 2);
    columns->addLayout(table, 3);
    layout->addWidget(m_unmatchedTitle);
    layout->addLayout(columns, 1);
    pairWith->setEnabled(false);
    connect(m_unmatched, &QListWidget::currentItemChanged, pairWith,
            [pairWith](const QListWidgetItem *current) { pairWith->setEnabled(current != nullptr); });
    connect(pairWith, &QPushButton::clicked, this, &MappingEditor::pairSelectedUser);
    connect(m_unmatched, &QListWidget::itemActivated, this, &MappingEditor::pairSelectedUser);
    connect(exportCsv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Users Table"),
                                                          QStringLiteral("%1-users.csv").arg(m_config.name),
                                                          tr("CSV files (*.csv);;All files (*)"));
        QString error;
        if (!path.isEmpty() && !exportUsersTable(path, &error))
            QMessageBox::warning(this, tr("Export Users Table"), error);
    });
    connect(importCsv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import Users Table"), QString(),
                                                          tr("CSV files (*.csv);;All files (*)"));
        QStringList problems;
        if (!path.isEmpty() && !importUsersTable(path, &problems))
            QMessageBox::warning(this, tr("Import Users Table"),
                                 tr("Nothing was changed:\n%1").arg(problems.mid(0, 12).join(u'\n')));
    });
}

UserMapping MappingEditor::userMapping() const
{
    UserMapping mapping = m_userOptions;
    mapping.table = m_users->mappings();
    mapping.match.clear();
    for (const QString &rule : m_userMatch->text().split(u',', Qt::SkipEmptyParts))
        mapping.match << rule.trimmed();
    return mapping;
}

void MappingEditor::showUnmatched()
{
    const UserMap users(userMapping(), m_sites[0], m_sites[1]);
    m_unmatched->clear();
    for (const UserRow &row : userRows(users)) {
        if (!row.partner.id.isEmpty())
            break; // the unmatched come first
        auto *item = new QListWidgetItem(tr("Side %1: %2").arg(sideLetter(row.side), row.describe()), m_unmatched);
        item->setData(Qt::UserRole, int(row.side));
        item->setData(Qt::UserRole + 1, row.id);
    }
    m_unmatchedTitle->setText(
        m_unmatched->count() == 0
            ? tr("Every user has a partner on the other site.")
            : tr("%n user(s) without a partner. Jira Cloud hides most e-mail addresses: pair them here, or name a "
                 "fallback user.",
                 nullptr, m_unmatched->count()));
}

void MappingEditor::pairSelectedUser()
{
    const QListWidgetItem *item = m_unmatched->currentItem();
    if (!item)
        return;
    // Taken before the table changes: each change lists the unmatched again, item with them.
    const Side side = Side(item->data(Qt::UserRole).toInt());
    const QString id = item->data(Qt::UserRole + 1).toString();
    const int row = m_users->addRow();
    m_users->setData(m_users->index(row, side == Side::A ? MappingTableModel::SideA : MappingTableModel::SideB), id);
    const QModelIndex partner
        = m_users->index(row, side == Side::A ? MappingTableModel::SideB : MappingTableModel::SideA);
    m_userTable->setCurrentIndex(partner);
    m_userTable->setFocus();
    m_userTable->edit(partner);
}

bool MappingEditor::exportUsersTable(const QString &path, QString *error) const
{
    const UserMap users(userMapping(), m_sites[0], m_sites[1]);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(usersTableCsv(userRows(users), m_config)) < 0
        || !file.commit()) {
        *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

bool MappingEditor::importUsersTable(const QString &path, QStringList *problems)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *problems << tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    const UserMap users(userMapping(), m_sites[0], m_sites[1]);
    const QList<ValueMapping> table = readUsersTable(QString::fromUtf8(file.readAll()), users, problems);
    if (!problems->isEmpty())
        return false;
    m_users->setMappings(table, userChoices(m_sites[0]), userChoices(m_sites[1]));
    Q_EMIT edited();
    return true;
}

QTableView *MappingEditor::addTable(const QString &objectName, const QString &title, MappingTableModel *model,
                                    const QString &accessibleName)
{
    auto *page = new QWidget(m_tabs);
    auto *table = new QTableView(page);
    table->setObjectName(objectName);
    table->setAccessibleName(accessibleName);
    table->setModel(model);
    table->setItemDelegate(new MappingDelegate(table));
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                           | QAbstractItemView::AnyKeyPressed);
    // Field and value names are long ("Story Points (customfield_10016)"): both sides and the note
    // share the width, the direction takes what it needs.
    QHeaderView *header = table->horizontalHeader();
    for (int column : {MappingTableModel::SideA, MappingTableModel::SideB, MappingTableModel::Note})
        header->setSectionResizeMode(column, QHeaderView::Stretch);
    header->setSectionResizeMode(MappingTableModel::DirectionColumn, QHeaderView::ResizeToContents);
    table->verticalHeader()->hide();
    auto *add = new QPushButton(tr("Add"), page);
    add->setObjectName(objectName + QStringLiteral("Add"));
    auto *remove = new QPushButton(tr("Remove"), page);
    remove->setObjectName(objectName + QStringLiteral("Remove"));
    connect(add, &QPushButton::clicked, this,
            [model, table] { table->edit(model->index(model->addRow(), MappingTableModel::SideA)); });
    connect(remove, &QPushButton::clicked, this, [model, table] { model->removeRow(table->currentIndex().row()); });
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(add);
    buttons->addWidget(remove);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(table, 2);
    layout->addLayout(buttons);
    m_tabs->addTab(page, title);
    return table;
}

void MappingEditor::setConfig(const PairConfig &config, const SiteMetadata &a, const SiteMetadata &b)
{
    m_issueTypes->setMappings(config.issueTypes, choicesOf(a, QStringLiteral("issueTypes")),
                              choicesOf(b, QStringLiteral("issueTypes")));
    m_statuses->setMappings(config.statuses, choicesOf(a, QStringLiteral("statuses")),
                            choicesOf(b, QStringLiteral("statuses")));
    m_fields->setRows(config.fields, choicesOf(a, QStringLiteral("fields")), choicesOf(b, QStringLiteral("fields")));
    m_users->setMappings(config.users.table, userChoices(a), userChoices(b));
    m_priorities[0] = choicesOf(a, QStringLiteral("priorities"));
    m_priorities[1] = choicesOf(b, QStringLiteral("priorities"));
    m_userOptions = config.users;
    m_userMatch->setText(config.users.match.join(QStringLiteral(", ")));
    m_config = config;
    m_sites[0] = a;
    m_sites[1] = b;
    showUnmatched();
    m_undo->clear();
    m_otherProblems->hide();
    showValuesOf(-1);
    updateTabTitles();
}

void MappingEditor::updateTabTitles()
{
    const QString titles[] = {tr("&Issue types"), tr("&Statuses"), tr("&Fields"), tr("&Users")};
    const MappingTableModel *models[] = {m_issueTypes, m_statuses, m_fields, m_users};
    for (int i = 0; i < 4; ++i) {
        const int doubtful = models[i]->doubtfulCount();
        m_tabs->setTabText(i, doubtful ? tr("%1 (%2 to check)").arg(titles[i]).arg(doubtful) : titles[i]);
    }
}

void MappingEditor::showValuesOf(int fieldRow)
{
    m_valuesOf = fieldRow >= 0 && fieldRow < m_fields->rowCount() ? fieldRow : -1;
    if (m_valuesOf < 0) {
        m_values->setMappings({}, {}, {});
        m_valuesTitle->setText(tr("Select a field to see how its values map."));
        return;
    }
    const FieldMapping &field = m_fields->rows().at(m_valuesOf);
    const bool priority = field.a == QStringLiteral("priority");
    m_values->setMappings(field.values, priority ? m_priorities[0] : Choices(), priority ? m_priorities[1] : Choices());
    m_valuesTitle->setText(field.values.isEmpty() ? tr("Values of %1 carry over by name.").arg(field.aName)
                                                  : tr("Values of %1:").arg(field.aName));
}

void MappingEditor::apply(PairConfig *config) const
{
    config->issueTypes = m_issueTypes->mappings();
    config->statuses = m_statuses->mappings();
    config->fields = m_fields->rows();
    config->users = userMapping();
}

int MappingEditor::doubtfulCount() const
{
    int count = m_issueTypes->doubtfulCount() + m_statuses->doubtfulCount() + m_fields->doubtfulCount()
        + m_users->doubtfulCount();
    for (const FieldMapping &field : m_fields->rows())
        count += int(std::count_if(field.values.cbegin(), field.values.cend(),
                                   [](const ValueMapping &m) { return m.doubtful; }));
    return count;
}

void MappingEditor::setProblems(const QList<PairConfig::Problem> &problems)
{
    static const QRegularExpression atRow(QStringLiteral("^/(issueTypes|statuses|fields|users/table)/(\\d+)"));
    QHash<int, QString> byList[4];
    QStringList others;
    for (const PairConfig::Problem &problem : problems) {
        const QRegularExpressionMatch match = atRow.match(problem.path);
        if (!match.hasMatch()) {
            others << QStringLiteral("%1: %2").arg(problem.path, problem.message);
            continue;
        }
        const QString list = match.captured(1);
        const int index = list == QStringLiteral("issueTypes") ? 0
            : list == QStringLiteral("statuses")               ? 1
            : list == QStringLiteral("fields")                 ? 2
                                                               : 3;
        QString &text = byList[index][match.captured(2).toInt()];
        text += (text.isEmpty() ? QString() : QStringLiteral("; ")) + problem.message;
    }
    m_issueTypes->setProblems(byList[0]);
    m_statuses->setProblems(byList[1]);
    m_fields->setProblems(byList[2]);
    m_users->setProblems(byList[3]);
    m_otherProblems->setText(others.join(u'\n'));
    m_otherProblems->setVisible(!others.isEmpty());
    for (int i = 0; i < 4; ++i) {
        if (!byList[i].isEmpty()) {
            m_tabs->setCurrentIndex(i);
            break;
        }
    }
}

} // namespace ferry
