#pragma once

#include <QMenu>

class QMainWindow;

namespace ferry {

class DemoWorld;

/// The demo's Sandbox menu: edits on either built-in sandbox, as people make them, so that a
/// newcomer sees changes travel and a conflict arrive without opening Jira. What each did is
/// shown in the status bar and logged.
class SandboxMenu : public QMenu {
    Q_OBJECT
public:
    SandboxMenu(DemoWorld *world, QMainWindow *window);

private:
    void did(const QString &what);

    QMainWindow *m_window;
};

} // namespace ferry
