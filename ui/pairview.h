#pragma once

#include "engine/pairrunner.h"

#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTextBrowser;

namespace ferry {

class ChangesChart;

/// One running pair in the console: where it stands (state, linked issues, pending changes,
/// conflicts, parked issues, requests), its rounds as they finish, and the controls an admin
/// needs: sync now, pause or resume, stop or start; and the open conflicts, each settled with
/// one side's value. Everything it shows comes from the pair's
/// runner as signals; it never touches Jira or the state database itself.
class PairView : public QWidget {
    Q_OBJECT
public:
    /// title names the pair and its sides ("acme-glx: acme:ACME ⇄ glx:GLX").
    PairView(PairRunner *runner, const QString &title, QWidget *parent = nullptr);

    /// The sites' addresses, for opening an issue in the browser.
    void setSites(const QUrl &a, const QUrl &b);
    /// Adds a tab below the pair's status (the configuration editor).
    void addPage(QWidget *page, const QString &title);

    /// What the state label says for a state.
    static QString stateText(PairRunner::State state);
    /// Where a bundle export goes, and which bundles to import: file dialogs, unless a test
    /// answers instead (an empty answer cancels).
    using FolderAsker = std::function<QString(QWidget *parent)>;
    using FilesAsker = std::function<QStringList(QWidget *parent)>;
    void setBundleDialogs(FolderAsker folder, FilesAsker files);
    /// The merged value of a conflict (field, starting from side A's text): a dialog, unless a
    /// test answers instead; nullopt cancels.
    using ValueAsker
        = std::function<std::optional<QString>(QWidget *parent, const QString &field, const QString &start)>;
    void setValueAsker(ValueAsker asker);

private:
    void showState(PairRunner::State state);
    void showStatus(const PairStatus &status);
    void addRound(const SyncRound::Report &report, int round);
    void showBacklog(int changesLeft, int secondsLeft);
    void showConflicts(const QList<OpenConflict> &conflicts);
    /// A pair exchanged by bundles: how far each way has come, in the Bundles tab.
    void showBundles(const PairStatus::Bundles &bundles);
    /// Settles the selected conflict with a side's value.
    void take(const QString &side);
    /// Settles the selected conflict with a value the admin types.
    void mergeValue();

    PairRunner *m_runner;
    ChangesChart *m_chart = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_linked = nullptr;
    QLabel *m_pending = nullptr;
    QLabel *m_conflicts = nullptr;
    QLabel *m_parked = nullptr;
    QLabel *m_requests = nullptr;
    QLabel *m_problem = nullptr;
    QProgressBar *m_backlog = nullptr;
    int m_backlogTotal = 0;
    QPushButton *m_syncNow = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_stop = nullptr;
    QTabWidget *m_tabs = nullptr;
    class IssuesView *m_issues = nullptr;
    QTableWidget *m_rounds = nullptr;
    QTableWidget *m_conflictTable = nullptr;
    QPushButton *m_takeA = nullptr;
    QPushButton *m_takeB = nullptr;
    QPushButton *m_mergeValue = nullptr;
    ValueAsker m_askValue;
    QTextBrowser *m_conflictDetail = nullptr;
    QList<OpenConflict> m_openConflicts; ///< as the table lists them
    /// The selected conflict's three values side by side, each side's words that differ marked.
    void showConflictDetail();
    QWidget *m_bundlesPage = nullptr;
    QLabel *m_bundleState = nullptr;
    FolderAsker m_askFolder;
    FilesAsker m_askFiles;
};

} // namespace ferry
