#include "core/logcategories.h"
#include "core/logsink.h"
#include "core/statedir.h"
#include "core/version.h"
#include "demo/demoworld.h"
#include "engine/pairrunner.h"
#include "ui/mainwindow.h"
#include "ui/sandboxmenu.h"
#include "ui/startup.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMenuBar>
#include <QStatusBar>
#include <QTemporaryDir>

#include <memory>

#include <cstdio>
#include <cstring>

int main(int argc, char *argv[])
{
    // --version must answer where no display exists, so before QApplication.
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0) {
            std::printf("%s\n", qPrintable(ferry::versionLine(QStringLiteral("ferry"))));
            return 0;
        }
    }
    if (const QString reason = ferry::missingDisplayReason(); !reason.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(reason));
        return 2;
    }

    QApplication app(argc, argv);
    ferry::setApplicationIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("Ferry"));
    QApplication::setDesktopFileName(QStringLiteral("ferry"));
    ferry::installTranslations(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Ferry keeps Jira work items in sync."));
    parser.addHelpOption();
    const QCommandLineOption verbose(QStringLiteral("verbose"),
                                     QApplication::translate("main", "Logs debug output of every module."));
    parser.addOption(verbose);
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QApplication::translate("main",
                                "Starts two Jira sandboxes in this process, Cloud and Data Center, with a sync "
                                "pair between them, and runs it (a throwaway state folder)."));
    parser.addOption(demo);
    parser.addOption(
        QCommandLineOption(QStringLiteral("version"), QApplication::translate("main", "Prints the version.")));
    parser.process(app);
    if (parser.isSet(verbose))
        ferry::enableVerboseLogging();

    ferry::LogSink sink(ferry::LogSink::defaultOptions(QStringLiteral("ferry")));
    sink.install();
    qCInfo(lcUi).noquote() << ferry::versionLine(QStringLiteral("ferry")) << "started";

    ferry::MainWindow window(&sink);
    window.show();

    // Stopping the pairs lets each finish the step it is in (and, in demo mode, before the sandboxes
    // they talk to go).
    app.setQuitOnLastWindowClosed(false);
    QObject::connect(&app, &QGuiApplication::lastWindowClosed, &app, [&window] {
        auto running = std::make_shared<int>(0);
        for (ferry::PairRunner *runner : window.runners()) {
            if (runner->state() == ferry::PairRunner::State::Stopped)
                continue;
            ++*running;
            QObject::connect(runner, &ferry::PairRunner::stopped, runner, [running] {
                if (--*running == 0)
                    QCoreApplication::quit();
            });
            runner->stop();
        }
        if (*running == 0)
            QCoreApplication::quit();
    });

    // Demo mode: the sandboxes live in this thread, the pair's rounds on their worker thread.
    std::unique_ptr<QTemporaryDir> demoState;
    std::unique_ptr<ferry::DemoWorld> world;
    if (parser.isSet(demo)) {
        demoState = std::make_unique<QTemporaryDir>();
        world = std::make_unique<ferry::DemoWorld>(demoState->path());
        window.statusBar()->showMessage(QApplication::translate("main", "Starting the demo sandboxes…"));
        QObject::connect(world.get(), &ferry::DemoWorld::ready, &window, [&](const QString &error) {
            if (!error.isEmpty()) {
                qCCritical(lcUi).noquote() << "the demo could not start:" << error;
                return;
            }
            window.openState(demoState->path(), &sink.redactor(), QApplication::translate("main", "demo"));
            window.menuBar()->insertMenu(window.menuBar()->actions().constLast(),
                                         new ferry::SandboxMenu(world.get(), &window));
            window.startPair(ferry::DemoWorld::pairName());
            window.statusBar()->clearMessage();
            window.showDemoSandboxes(world->cloudUrl(), world->dataCenterUrl());
        });
        world->start();
    } else {
        window.openState(ferry::stateDirectory(), &sink.redactor());
    }
    return app.exec();
}
