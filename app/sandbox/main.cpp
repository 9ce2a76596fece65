#include "core/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

// The Jira sandbox server. Until it serves Jira's REST API it only answers --version and --help.
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    ferry::setApplicationIdentity();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A Jira-compatible sandbox server for tests and demos."));
    parser.addHelpOption();
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Prints the version and exits."));
    parser.addOption(version);
    parser.process(app);
    if (parser.isSet(version)) {
        std::printf("%s\n", qPrintable(ferry::versionLine(QStringLiteral("ferry-sandbox"))));
        return 0;
    }
    parser.showHelp(0);
}
