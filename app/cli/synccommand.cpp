#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/logsink.h"
#include "core/statedir.h"
#include "engine/pairrunner.h"

#include <QCommandLineParser>

namespace ferry::cli {

namespace {

const QString syncUsage
    = QStringLiteral("Usage: ferry-cli sync NAME [--once | --rounds N]\n\n"
                     "Runs the pair NAME in a direct mode (this Ferry reaches both sites): each round detects\n"
                     "what changed on side A and applies it on side B, then the other way round, and waits the\n"
                     "pair's pollIntervalSeconds before the next. It runs until stopped; stopping it at any moment\n"
                     "is safe, every step is recorded whole.\n\n"
                     "  --once      one round, then exit: 0 when everything was applied, 1 when something was\n"
                     "              left for the next round or failed (the reasons are printed)\n"
                     "  --rounds N  N rounds, then exit, as --once\n\n"
                     "SIGINT (Ctrl+C) or SIGTERM stops it cleanly after the step it is in.\n");

QString appliedLine(const Applier::Outcome &applied)
{
    return QStringLiteral("%1 written, %2 already there, %3 conflicts, %4 sent back, %5 not carried this way, %6 left "
                          "for later, %7 waiting for a retry")
        .arg(applied.written)
        .arg(applied.unchanged)
        .arg(applied.conflictsOpened)
        .arg(applied.sentBack)
        .arg(applied.skipped)
        .arg(applied.left.size() - applied.waiting)
        .arg(applied.waiting);
}

void printDirection(Context &context, const QString &direction, const Detector::Outcome &detected,
                    const Applier::Outcome &applied)
{
    context.out << "  " << direction << ": " << detected.opsSent << " changes found in " << detected.issuesRead
                << " issues read; " << appliedLine(applied) << '\n';
}

/// A bundle mode: this console's side found its changes, and applied what bundles brought.
void printSide(Context &context, const SyncRound::Report &report)
{
    const bool isA = report.side == Side::A;
    const Detector::Outcome &detected = isA ? report.detectedA : report.detectedB;
    context.out << "  " << (isA ? "A" : "B") << ": " << detected.opsSent << " changes found in " << detected.issuesRead
                << " issues read (they go with the next bundle)\n"
                << "  " << (isA ? "B to A" : "A to B")
                << " (from bundles): " << appliedLine(isA ? report.appliedOnA : report.appliedOnB) << '\n';
}

} // namespace

int syncCommand(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption once(QStringLiteral("once"));
    const QCommandLineOption rounds(QStringLiteral("rounds"), QString(), QStringLiteral("n"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    parser.addOptions({once, rounds, help});
    const bool parsed = parser.parse(QStringList{QStringLiteral("sync")} + arguments);
    if (parsed && parser.isSet(help)) {
        context.out << syncUsage;
        return Success;
    }
    if (!parsed || parser.positionalArguments().size() != 1) {
        context.err << "ferry-cli sync: name one pair\n\n" << syncUsage;
        return UsageError;
    }
    bool numeric = true;
    const int limit = parser.isSet(once) ? 1 : parser.isSet(rounds) ? parser.value(rounds).toInt(&numeric) : 0;
    if (!numeric || limit < 0 || (parser.isSet(once) && parser.isSet(rounds))) {
        context.err << "ferry-cli sync: --rounds takes a positive number, and not with --once\n\n" << syncUsage;
        return UsageError;
    }
    return runRounds(parser.positionalArguments().first(), limit, context);
}

int runRounds(const QString &name, int limit, Context &context, bool waitBetweenRounds)
{
    PairRunner runner(
        {stateDirectory(), name, context.sink ? &context.sink->redactor() : nullptr, limit, waitBetweenRounds});
    bool clean = true;
    QObject::connect(&runner, &PairRunner::note, &runner,
                     [&](const QString &text, bool) { context.err << "note: " << text << '\n'; });
    QObject::connect(&runner, &PairRunner::failed, &runner, [&](const QString &error) {
        context.err << "ferry-cli sync: " << error << '\n';
        clean = false;
    });
    QObject::connect(&runner, &PairRunner::roundFinished, &runner, [&](const SyncRound::Report &report, int round) {
        context.out << "round " << round << " of pair " << name << '\n';
        if (report.side) {
            printSide(context, report);
        } else {
            printDirection(context, QStringLiteral("A to B"), report.detectedA, report.appliedOnB);
            printDirection(context, QStringLiteral("B to A"), report.detectedB, report.appliedOnA);
        }
        if (!report.error().isEmpty())
            context.err << "ferry-cli sync: " << report.error()
                        << "\n  Nothing of the failed step was recorded; the next round tries it again.\n";
        clean = report.error().isEmpty() && report.appliedOnA.left.isEmpty() && report.appliedOnB.left.isEmpty();
        context.out.flush();
        context.err.flush();
    });
    QObject::connect(&runner, &PairRunner::backlog, &runner, [&](int left, int secondsLeft) {
        if (left > 0)
            context.out << "  " << left << (left == 1 ? " change waits" : " changes wait")
                        << " for the next rounds, about " << secondsLeft << " s\n";
    });
    StopRequest stopRequest;
    runUntil([&](const std::function<void()> &done) {
        QObject::connect(&runner, &PairRunner::stopped, &runner, done);
        QObject::connect(&stopRequest, &StopRequest::requested, &runner, [&] {
            context.err << "ferry-cli sync: stopping after the current step\n";
            context.err.flush();
            runner.stop();
        });
        runner.start();
    });
    return clean ? Success : Failure;
}

} // namespace ferry::cli
