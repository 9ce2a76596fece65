#pragma once

#include "engine/pairrunner.h"

#include <QUrl>
#include <QWidget>

#include <functional>

class QLineEdit;
class QListWidget;
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

    /// The sites' addresses, for opening an issue in the browser.
    void setSites(const QUrl &a, const QUrl &b);
    /// Opens an address; the desktop's browser by default, tests look without one.
    using UrlOpener = std::function<void(const QUrl &url)>;
    void setUrlOpener(UrlOpener opener) { m_open = std::move(opener); }

private:
    void showIssues(const QList<IssueSync> &issues);
    /// The selected issue's recent changes, as the runner read them.
    void showRecent(const IssueSync &issue);
    /// The side A key of the selected issue; empty when none is.
    QString selectedKey() const;
    void updateButtons();

    PairRunner *m_runner;
    IssueTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_filter = nullptr;
    QLineEdit *m_search = nullptr;
    QTableView *m_table = nullptr;
    QListWidget *m_recent = nullptr;
    QPushButton *m_resync = nullptr;
    QPushButton *m_ignore = nullptr;
    QPushButton *m_recreate = nullptr;
    QPushButton *m_relink = nullptr;
    KeyAsker m_askKey;
    UrlOpener m_open;
    QUrl m_siteA;
    QUrl m_siteB;
    QPushButton *m_openIssue = nullptr;
    /// Opens the selected issue's side A and side B issues, or the one of a column.
    void openIssue(const QModelIndex &index, bool bothSides);
};

} // namespace ferry
