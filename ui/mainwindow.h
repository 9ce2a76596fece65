#pragma once

#include <QMainWindow>

class QDockWidget;
class QLabel;
class QStackedWidget;
class QToolButton;
class QTreeWidget;

namespace ferry {

class LogPane;
class LogSink;
class PairRunner;

/// The console's main window: sites and sync pairs in a sidebar, the selected item (or a
/// first-steps page) in the centre, the log pane docked below, and the status bar.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(LogSink *sink, QWidget *parent = nullptr);

    LogPane *logPane() const { return m_logPane; }

    /// Shows a running pair in the centre and names it and its sites in the sidebar.
    void showPair(PairRunner *runner, const QString &name, const QString &sideA, const QString &sideB);

    /// The About box text: versions and where the log file is.
    static QString aboutText(const QString &logFilePath);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildSidebar();
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
    QToolButton *m_problems = nullptr;
    QByteArray m_defaultState;
};

} // namespace ferry
