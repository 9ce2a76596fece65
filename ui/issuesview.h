#pragma once

#include "engine/pairrunner.h"

#include <QWidget>

#include <functional>

class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace ferry {

class IssueTableModel;

/// A pair's linked issues in the console: filter by key, state or reason, and act on the selected
/// one: send it again, ignore it, recreate its missing partner, or relink it to another issue. What it shows
/// comes from the runner's issuesRead(); what it does goes through the runner.
class IssuesView : public QWidget {
    Q_OBJECT
public:
    explicit IssuesView(PairRunner *runner, QWidget *parent = nullptr);

    /// Asks for the key to relink an issue to; empty: cancelled. A dialog by default; tests
    /// answer without one.
    using KeyAsker = std::function<QString(QWidget *parent, const QString &key)>;
    void setKeyAsker(KeyAsker asker) { m_askKey = std::move(asker); }

    IssueTableModel *model() const { return m_model; }

private:
    void showIssues(const QList<IssueSync> &issues);
    /// The side A key of the selected issue; empty when none is.
    QString selectedKey() const;
    void updateButtons();

    PairRunner *m_runner;
    IssueTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_filter = nullptr;
    QLineEdit *m_search = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_resync = nullptr;
    QPushButton *m_ignore = nullptr;
    QPushButton *m_recreate = nullptr;
    QPushButton *m_relink = nullptr;
    KeyAsker m_askKey;
};

} // namespace ferry
