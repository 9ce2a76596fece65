#pragma once

#include <QMainWindow>

class QDockWidget;
class QToolButton;
class QTreeWidget;

namespace ferry {

class LogPane;
class LogSink;

/// The console's main window: sites and sync pairs in a sidebar, the selected item (or a
/// first-steps page) in the centre, the log pane docked below, and the status bar.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(LogSink *sink, QWidget *parent = nullptr);

    LogPane *logPane() const { return m_logPane; }

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
    QToolButton *m_problems = nullptr;
    QByteArray m_defaultState;
};

} // namespace ferry
