#pragma once

#include "engine/pairrunner.h"
#include "ui/conflictsview.h"
#include "ui/pairbundlesview.h"
#include "ui/roundsview.h"

#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace ferry {

/// One running pair in the console: where it stands (state, linked issues, pending changes,
/// conflicts, parked issues, requests) and the controls an admin needs: sync now, pause or resume,
/// stop or start; below, a tab each for its issues (IssuesView), conflicts (ConflictsView),
/// rounds (RoundsView), its bundles when it has any (PairBundlesView) and its configuration.
/// Everything it shows comes from the pair's runner as signals; it never touches Jira or the
/// state database itself.
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
    /// Where a bundle export goes, and which bundles to import (see PairBundlesView).
    using FolderAsker = PairBundlesView::FolderAsker;
    using FilesAsker = PairBundlesView::FilesAsker;
    void setBundleDialogs(FolderAsker folder, FilesAsker files);
    /// The merged value of a conflict (see ConflictsView).
    using ValueAsker = ConflictsView::ValueAsker;
    void setValueAsker(ValueAsker asker);

private:
    void showState(PairRunner::State state);
    /// What came of an action, or a problem that does not stop the pair (PairRunner::note).
    void showNote(const QString &text, bool problem);
    void showStatus(const PairStatus &status);
    void showBacklog(int changesLeft, int secondsLeft);

    PairRunner *m_runner;
    QLabel *m_state = nullptr;
    QLabel *m_linked = nullptr;
    QLabel *m_pending = nullptr;
    QLabel *m_conflicts = nullptr;
    QLabel *m_parked = nullptr;
    QLabel *m_requests = nullptr;
    QLabel *m_problem = nullptr;
    QLabel *m_quotaPause = nullptr; ///< a site's spent hourly quota, while it lasts
    QProgressBar *m_backlog = nullptr;
    int m_backlogTotal = 0;
    QPushButton *m_syncNow = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_stop = nullptr;
    QTabWidget *m_tabs = nullptr;
    class IssuesView *m_issues = nullptr;
    ConflictsView *m_conflictsView = nullptr;
    RoundsView *m_roundsView = nullptr;
    PairBundlesView *m_bundlesView = nullptr;
};

} // namespace ferry
