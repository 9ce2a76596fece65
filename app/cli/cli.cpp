#include "cli/cli.h"

#include "core/logcategories.h"
#include "core/logsink.h"
#include "core/statedir.h"
#include "core/version.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>
#include <cstdio>
#include <functional>

#include <termios.h>
#include <unistd.h>

namespace ferry::cli {

namespace {

struct Command {
    QString name;
    QString summary;
    std::function<int(const QStringList &arguments, Context &context)> run;
};

int printPaths(const QStringList &arguments, Context &context)
{
    if (arguments == QStringList{QStringLiteral("--help")} || arguments == QStringList{QStringLiteral("-h")}) {
        context.out << "Usage: ferry-cli paths\n\nPrints where Ferry keeps its settings, state and log files.\n";
        return Success;
    }
    if (!arguments.isEmpty()) {
        context.err << "ferry-cli paths: takes no arguments\n";
        return UsageError;
    }
    const QSettings settings;
    context.out << "settings: " << QDir::toNativeSeparators(settings.fileName()) << '\n'
                << "state:    " << QDir::toNativeSeparators(stateDirectory()) << '\n'
                << "logs:     "
                << QDir::toNativeSeparators(LogSink::defaultOptions(QStringLiteral("ferry-cli")).filePath) << '\n'
                << "          " << QDir::toNativeSeparators(LogSink::defaultOptions(QStringLiteral("ferry")).filePath)
                << '\n';
    return Success;
}

const QList<Command> &commands()
{
    static const QList<Command> all = {
        {QStringLiteral("site"), QStringLiteral("Adds, lists, checks and removes Jira sites (ferry-cli site --help)."),
         siteCommand},
        {QStringLiteral("pair"),
         QStringLiteral("Suggests, creates, lists, shows and removes sync pairs (ferry-cli pair --help)."),
         pairCommand},
        {QStringLiteral("sync"),
         QStringLiteral("Runs a pair: carries changes between its sites, round after round (ferry-cli sync --help)."),
         syncCommand},
        {QStringLiteral("status"),
         QStringLiteral("Shows where a pair stands: pending, parked, conflicts, requests (ferry-cli status --help)."),
         statusCommand},
        {QStringLiteral("conflicts"),
         QStringLiteral("Lists a pair's open conflicts, or resolves one (ferry-cli conflicts --help)."),
         conflictsCommand},
        {QStringLiteral("retry"), QStringLiteral("Retries a pair's parked issues at the next round."), retryCommand},
        {QStringLiteral("issue"),
         QStringLiteral("Shows one issue's partner, sync state and recent changes (ferry-cli issue --help)."),
         issueCommand},
        {QStringLiteral("resync"),
         QStringLiteral("Sends a JQL selection of a pair's issues again at the next round (ferry-cli resync --help)."),
         resyncCommand},
        {QStringLiteral("handshake"),
         QStringLiteral("Sets up a pair between two consoles that exchange bundles (ferry-cli handshake --help)."),
         handshakeCommand},
        {QStringLiteral("bundle"),
         QStringLiteral("Exports and imports a pair's bundles of changes by hand (ferry-cli bundle --help)."),
         bundleCommand},
        {QStringLiteral("license"),
         QStringLiteral(
             "Licenses: install, list, check against the license service, trials (ferry-cli license --help)."),
         licenseCommand},
        {QStringLiteral("mail"),
         QStringLiteral("E-mail mode: a pair's mail servers and addresses, and their test (ferry-cli mail --help)."),
         mailCommand},
        {QStringLiteral("demo"),
         QStringLiteral("Shows Ferry at work between two built-in sandboxes, with nothing to set up."), demoCommand},
        {QStringLiteral("convert"),
         QStringLiteral("Converts rich text: --from wiki|adf --to wiki|adf [FILE] (ferry-cli convert --help)."),
         convertCommand},
        {QStringLiteral("paths"), QStringLiteral("Prints where Ferry keeps its settings, state and log files."),
         printPaths},
    };
    return all;
}

QString usage()
{
    QString text = QStringLiteral("Usage: ferry-cli [--state DIR] [--verbose] <command> [arguments]\n"
                                  "       ferry-cli --version | --help\n\n"
                                  "Ferry keeps Jira work items in sync between two Jira sites. This is its\n"
                                  "headless front end, for scripts, cron and systemd.\n\n"
                                  "Options:\n"
                                  "  --state DIR  Ferry's state folder (default: $FERRY_STATE_DIR, else the\n"
                                  "               application data folder)\n"
                                  "  --verbose    Echo debug log entries to stderr\n\n"
                                  "Commands:\n");
    qsizetype width = 0;
    for (const Command &command : commands())
        width = std::max(width, command.name.size());
    for (const Command &command : commands())
        text += QStringLiteral("  %1  %2\n").arg(command.name, -int(width)).arg(command.summary);
    return text;
}

} // namespace

QString readSecretFromStdin(const QString &prompt)
{
    if (isatty(STDIN_FILENO)) {
        std::fprintf(stderr, "%s", qPrintable(prompt));
        std::fflush(stderr);
        termios saved{};
        tcgetattr(STDIN_FILENO, &saved);
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &silent);
        QFile in;
        (void)in.open(stdin, QIODevice::ReadOnly);
        const QString secret = QString::fromUtf8(in.readLine()).trimmed();
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fprintf(stderr, "\n");
        return secret;
    }
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(in.readLine()).trimmed();
}

int run(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Prints the version."));
    const QCommandLineOption verbose(QStringLiteral("verbose"), QStringLiteral("Logs debug output to stderr."));
    const QCommandLineOption state(QStringLiteral("state"), QStringLiteral("Ferry's state folder."),
                                   QStringLiteral("dir"));
    parser.addOptions({help, version, verbose, state});

    if (!parser.parse(QStringList{QStringLiteral("ferry-cli")} + arguments)) {
        context.err << "ferry-cli: " << parser.errorText() << "\n\n" << usage();
        return UsageError;
    }
    if (parser.isSet(version)) {
        context.out << versionLine(QStringLiteral("ferry-cli")) << '\n';
        return Success;
    }
    if (parser.isSet(help)) {
        context.out << usage();
        return Success;
    }
    if (parser.isSet(verbose)) {
        enableVerboseLogging();
        if (context.sink)
            context.sink->setStderrLevel(LogLevel::Debug);
    }
    if (parser.isSet(state))
        setStateDirectory(parser.value(state));
    if (!context.readSecret)
        context.readSecret = readSecretFromStdin;

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        context.err << usage();
        return UsageError;
    }
    for (const Command &command : commands()) {
        if (command.name == positional.first()) {
            qCInfo(lcCli).noquote() << "ran:" << positional.join(u' ');
            return command.run(positional.mid(1), context);
        }
    }
    context.err << "ferry-cli: unknown command '" << positional.first() << "'\n\n" << usage();
    return UsageError;
}

} // namespace ferry::cli
