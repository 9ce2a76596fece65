#pragma once

#include "store/pairrepository.h"

#include <QHash>
#include <QMainWindow>
#include <QUrl>

#include <functional>

class QAction;
class QDockWidget;
class QLabel;
class QStackedWidget;
class QToolButton;
class QTreeWidget;

namespace ferry {

class LicenseDesk;
class LicensesView;

class LogPane;
class LogSink;
class PairRunner;
class PairSetup;
class PairView;
class SiteView;
class PairWizard;
class SiteRegistry;
class SecretRedactor;

/// The console's main window: sites and sync pairs in a sidebar, the selected item (or a
/// first-steps page) in the centre, the log pane docked below, and the status bar.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(LogSink *sink, QWidget *parent = nullptr);

    LogPane *logPane() const { return m_logPane; }

    /// Shows the sites and pairs of a state folder in the sidebar, each pair with its view and a
    /// runner, stopped until started (from its view, or startPair()). The window's title names the
    /// folder (or shownAs, such as "demo"), so that two consoles on one machine can be told apart.
    void openState(const QString &stateDirectory, SecretRedactor *redactor, const QString &shownAs = {});
    /// Starts a pair of the open state folder and shows it.
    void startPair(const QString &name);
    /// Demo mode: where the two sandboxes answer, kept in the status bar for as long as the window
    /// lives (other messages come and go beside it), selectable so that it can be copied.
    void showDemoSandboxes(const QUrl &cloud, const QUrl &dataCenter);
    /// The runners of the open state folder's pairs, by pair name.
    const QHash<QString, PairRunner *> &runners() const { return m_runners; }

    /// Shows the Licenses page of the open state folder.
    void showLicenses();
    /// Opens the pair wizard on the open state folder; a pair it creates joins the sidebar.
    void newPair();
    /// Imports the other console's answer to a handshake this console wrote; the pair joins the sidebar.
    void importAnswer();
    /// Takes the other console's answer by mail for a pair this console started by e-mail; the pair joins the sidebar.
    void fetchAnswer();
    /// Which file to open: a file dialog, unless a test answers instead (empty cancels).
    using FileAsker = std::function<QString(QWidget *parent, const QString &title)>;
    void setFileDialog(FileAsker asker) { m_askFile = std::move(asker); }
    /// A line of text (a pair's name): an input dialog, unless a test answers instead (empty cancels).
    using TextAsker = std::function<QString(QWidget *parent, const QString &title, const QString &label)>;
    void setTextDialog(TextAsker asker) { m_askText = std::move(asker); }

    /// The About box text: versions and where the log file is.
    static QString aboutText(const QString &logFilePath);

Q_SIGNALS:
    /// The pair wizard is about to open (tests drive it from here).
    void wizardOpened(ferry::PairWizard *wizard);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildSidebar();
    /// A pair's runner and view (stopped).
    void addPair(const PairRepository::Summary &pair, const SiteRegistry &sites);
    /// Runs start on a new PairSetup; the pair its handshake connects joins the sidebar.
    void completeHandshake(const std::function<void(PairSetup &setup)> &start);
    /// A pair just set up joins the sidebar (and starts).
    void adoptPair(const QString &name, bool start);
    /// The sites and pairs in the sidebar, the pair count in the status bar.
    void showSidebar(const SiteRegistry &sites);
    void buildCentre();
    void buildStatusBar();
    void buildMenus();
    void restoreLayout();
    void saveLayout() const;
    void resetLayout();
    void updateProblemCount();
    void showAbout();

    LogSink *m_sink;
    LogPane *m_logPane = nullptr;
    QDockWidget *m_sidebarDock = nullptr;
    QDockWidget *m_logDock = nullptr;
    QTreeWidget *m_sidebar = nullptr;
    QStackedWidget *m_centre = nullptr;
    QLabel *m_pairSummary = nullptr;
    QHash<QString, PairRunner *> m_runners;
    QAction *m_syncAll = nullptr;
    QAction *m_pauseAll = nullptr;
    QAction *m_resumeAll = nullptr;
    QHash<QString, PairView *> m_views;
    QHash<QString, SiteView *> m_siteViews; ///< by site name
    QHash<QString, QStringList> m_pairSites; ///< the two site names of each pair
    LicenseDesk *m_licenseDesk = nullptr;
    LicensesView *m_licensesView = nullptr;
    QToolButton *m_problems = nullptr;
    QByteArray m_defaultState;
    QString m_stateDirectory;
    SecretRedactor *m_redactor = nullptr;
    QAction *m_newPair = nullptr;
    QAction *m_importAnswer = nullptr;
    QAction *m_fetchAnswer = nullptr;
    FileAsker m_askFile;
    TextAsker m_askText;
};

} // namespace ferry
