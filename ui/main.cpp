#include "core/logcategories.h"
#include "core/logsink.h"
#include "core/version.h"
#include "ui/mainwindow.h"
#include "ui/startup.h"

#include <QApplication>
#include <QCommandLineParser>

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
    return app.exec();
}
