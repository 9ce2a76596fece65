#include "ui/sandboxmenu.h"

#include "core/logcategories.h"
#include "demo/demoworld.h"

#include <QAction>
#include <QMainWindow>
#include <QStatusBar>

namespace ferry {

SandboxMenu::SandboxMenu(DemoWorld *world, QMainWindow *window)
    : QMenu(tr("San&dbox"), window)
    , m_window(window)
{
    setObjectName(QStringLiteral("menuSandbox"));
    const auto add = [this](const QString &name, const QString &text, const QString &tip, const auto &work) {
        QAction *action = addAction(text);
        action->setObjectName(name);
        action->setStatusTip(tip);
        connect(action, &QAction::triggered, this, [this, work] { did(work()); });
        return action;
    };
    add(QStringLiteral("actionEditCloud"), tr("Edit an Issue on &Cloud (Side A)"),
        tr("Change a summary or add a label on one of the Cloud sandbox's issues"),
        [world] { return world->editIssue(true); });
    add(QStringLiteral("actionEditDataCenter"), tr("Edit an Issue on &Data Center (Side B)"),
        tr("Change a summary or add a label on one of the Data Center sandbox's issues"),
        [world] { return world->editIssue(false); });
    addSeparator();
    add(QStringLiteral("actionNewCloud"), tr("&New Issue on Cloud"), tr("Create an issue on the Cloud sandbox"),
        [world] { return world->newIssue(true); });
    add(QStringLiteral("actionNewDataCenter"), tr("New Issue on Data Cen&ter"),
        tr("Create an issue on the Data Center sandbox"), [world] { return world->newIssue(false); });
    addSeparator();
    add(QStringLiteral("actionProvokeConflict"), tr("&Provoke a Conflict"),
        tr("Change the same field of a synced issue differently on both sides"),
        [world] { return world->provokeConflict(); });
}

void SandboxMenu::did(const QString &what)
{
    qCInfo(lcUi).noquote() << "sandbox:" << what;
    m_window->statusBar()->showMessage(what, 10'000);
}

} // namespace ferry
