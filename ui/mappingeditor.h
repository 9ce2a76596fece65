#pragma once

#include "core/pairconfig.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPair>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QTabWidget;
class QTableView;
class QUndoStack;

namespace ferry {

/// What a side offers for one mapping list: (id, name) of each issue type, status, field, …
using Choices = QList<QPair<QString, QString>>;

/// One list of a pair's mappings (issue types, statuses, fields, values, users) as a table:
/// side A, side B, direction, and why Ferry suggested it. Suggestions that rest on less than an
/// exact name are highlighted until an admin edits them; problems found by validation are shown
/// at their row. Rows are FieldMappings, whose values only the fields list uses. With an undo
/// stack, every edit goes through it; without one, edits apply at once (and edited() tells).
class MappingTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SideA, SideB, DirectionColumn, Note, ColumnCount };
    /// The role that carries the choices of a cell's side (for the editor's combo box).
    static constexpr int ChoicesRole = Qt::UserRole + 1;

    MappingTableModel(QUndoStack *undo, QObject *parent = nullptr);

    void setRows(const QList<FieldMapping> &rows, const Choices &a, const Choices &b);
    const QList<FieldMapping> &rows() const { return m_rows; }
    /// The same, for the lists of plain value mappings.
    void setMappings(const QList<ValueMapping> &mappings, const Choices &a, const Choices &b);
    QList<ValueMapping> mappings() const;
    /// Problems by row (empty clears them).
    void setProblems(const QHash<int, QString> &problems);
    int doubtfulCount() const;

    /// Adds an empty row (undoable); its index.
    int addRow();
    /// Removes a row (undoable).
    void removeRow(int row);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Changes a row, through the undo stack when there is one.
    void changeRow(int row, const FieldMapping &mapping);
    /// Puts a row back as it was, or inserts/removes it; for the undo commands.
    void replaceRow(int row, const FieldMapping &mapping);
    void insertMapping(int row, const FieldMapping &mapping);
    void eraseRow(int row);

Q_SIGNALS:
    /// The mappings changed by an edit, an undo or a redo; row -1: rows came or went.
    void edited(int row);

private:
    QString nameOf(const Choices &choices, const QString &id) const;

    QUndoStack *m_undo;
    QList<FieldMapping> m_rows;
    Choices m_a;
    Choices m_b;
    QHash<int, QString> m_problems;
};

/// The mapping part of a pair's configuration, as tabs: issue types, statuses, fields (with the
/// values of the selected field), and users. Used by the pair wizard and the pair editor alike.
class MappingEditor : public QWidget {
    Q_OBJECT
public:
    explicit MappingEditor(QWidget *parent = nullptr);

    /// Shows a configuration's mappings with what each side offers.
    void setConfig(const PairConfig &config, const SiteMetadata &a, const SiteMetadata &b);
    /// Writes the edited mappings into config (the rest of it stays).
    void apply(PairConfig *config) const;
    /// Shows validation problems ("/statuses/3/b": message) at their rows; those the editor has
    /// no row for are listed below the tabs.
    void setProblems(const QList<PairConfig::Problem> &problems);
    /// Suggestions still marked doubtful, over every list.
    int doubtfulCount() const;
    QUndoStack *undoStack() const { return m_undo; }

    /// Writes the users table as it now stands (with the match rules' pairs) to a CSV file, as
    /// ferry-cli pair users --export does; false with the reason in error.
    bool exportUsersTable(const QString &path, QString *error) const;
    /// Reads a users table from a CSV file into the table; nothing changes when a line names a
    /// user a site does not list (each such line is in problems).
    bool importUsersTable(const QString &path, QStringList *problems);

Q_SIGNALS:
    void edited();

private:
    QTableView *addTable(const QString &objectName, const QString &title, MappingTableModel *model,
                         const QString &accessibleName);
    /// Each tab's title says how many of its suggestions are still to check.
    void updateTabTitles();
    /// Keeps the value table of the selected field in step with its field.
    void showValuesOf(int fieldRow);
    /// The Users tab's list of users without a partner, its Pair With… and CSV buttons.
    void addUserTools();
    /// Who is who under the users table and match rules as they now stand.
    UserMapping userMapping() const;
    /// Lists the users without a partner again.
    void showUnmatched();
    /// Adds a table row for the selected unmatched user and opens the other side's cell.
    void pairSelectedUser();

    QUndoStack *m_undo;
    QTabWidget *m_tabs;
    MappingTableModel *m_issueTypes;
    MappingTableModel *m_statuses;
    MappingTableModel *m_fields;
    MappingTableModel *m_values;
    MappingTableModel *m_users;
    QTableView *m_fieldTable = nullptr;
    QTableView *m_userTable = nullptr;
    QListWidget *m_unmatched = nullptr;
    QLabel *m_unmatchedTitle = nullptr;
    PairConfig m_config; ///< as shown; the names the CSV's comments use
    SiteMetadata m_sites[2]; ///< what each side's directory lists
    QLabel *m_valuesTitle;
    QLineEdit *m_userMatch;
    QLabel *m_otherProblems;
    int m_valuesOf = -1;
    Choices m_priorities[2];
    UserMapping m_userOptions;
};

} // namespace ferry
