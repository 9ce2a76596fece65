#include "cli/cli.h"

#include "core/logcategories.h"
#include "core/logsink.h"
#include "core/version.h"

#include <QCommandLineParser>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>

#include <functional>

namespace ferry::cli {

namespace {

struct Command {
    QString name;
    QString summary;
    std::function<int(const QStringList &arguments, QTextStream &out, QTextStream &err)> run;
};

int printPaths(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    if (!arguments.isEmpty()) {
        err << "ferry-cli paths: takes no arguments\n";
        return UsageError;
    }
    const QSettings settings;
    out << "settings: " << QDir::toNativeSeparators(settings.fileName()) << '\n'
        << "data:     "
        << QDir::toNativeSeparators(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)) << '\n'
        << "logs:     " << QDir::toNativeSeparators(LogSink::defaultOptions(QStringLiteral("ferry-cli")).filePath)
        << '\n'
        << "          " << QDir::toNativeSeparators(LogSink::defaultOptions(QStringLiteral("ferry")).filePath) << '\n';
    return Success;
}

const QList<Command> &commands()
{
    static const QList<Command> all = {
        {QStringLiteral("paths"), QStringLiteral("Prints where Ferry keeps its settings, data and log files."),
         printPaths},
    };
    return all;
}

QString usage()
{
    QString text = QStringLiteral("Usage: ferry-cli [--verbose] <command> [arguments]\n"
                                  "       ferry-cli --version | --help\n\n"
                                  "Ferry keeps Jira work items in sync between two Jira sites. This is its\n"
                                  "headless front end, for scripts, cron and systemd.\n\n"
                                  "Commands:\n");
    for (const Command &command : commands())
        text += QStringLiteral("  %1  %2\n").arg(command.name, -10).arg(command.summary);
    return text;
}

} // namespace

int run(const QStringList &arguments, QTextStream &out, QTextStream &err, LogSink *sink)
{
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Prints the version."));
    const QCommandLineOption verbose(QStringLiteral("verbose"), QStringLiteral("Logs debug output to stderr."));
    parser.addOptions({help, version, verbose});

    if (!parser.parse(QStringList{QStringLiteral("ferry-cli")} + arguments)) {
        err << "ferry-cli: " << parser.errorText() << "\n\n" << usage();
        return UsageError;
    }
    if (parser.isSet(version)) {
        out << versionLine(QStringLiteral("ferry-cli")) << '\n';
        return Success;
    }
    if (parser.isSet(help)) {
        out << usage();
        return Success;
    }
    if (parser.isSet(verbose)) {
        enableVerboseLogging();
        if (sink)
            sink->setStderrLevel(LogLevel::Debug);
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        err << usage();
        return UsageError;
    }
    for (const Command &command : commands()) {
        if (command.name == positional.first()) {
            qCInfo(lcCli).noquote() << "ran:" << positional.join(u' ');
            return command.run(positional.mid(1), out, err);
        }
    }
    err << "ferry-cli: unknown command '" << positional.first() << "'\n\n" << usage();
    return UsageError;
}

} // namespace ferry::cli
