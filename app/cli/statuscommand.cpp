#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/statedir.h"
#include "engine/pairstatus.h"
#include "store/issueerrors.h"
#include "store/pairrepository.h"
#include "store/statestore.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonDocument>

namespace ferry::cli {

using namespace Qt::StringLiterals;

namespace {

const QString statusUsage
    = QStringLiteral("Usage: ferry-cli status NAME [--json]\n\n"
                     "Shows where the pair stands, from Ferry's state (no site is asked): linked issues, changes\n"
                     "waiting for the other side, parked issues with their errors, open conflicts, each side's\n"
                     "poll position, the last round and the requests sent to each site. Exit code 0 when the\n"
                     "pair is in step, 1 when something is pending, parked or in conflict.\n");

const QString retryUsage = QStringLiteral("Usage: ferry-cli retry NAME\n\n"
                                          "Retries the pair's parked issues at the next sync round, without waiting\n"
                                          "for their backoff (after fixing what they failed on).\n");

/// Parses "COMMAND NAME [--json]"; the pair's name, or empty after printing what went wrong.
QString pairArgument(const QString &command, const QString &usage, const QStringList &arguments, bool *json,
                     Context &context, int *exitCode)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOption(QStringLiteral("json"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    parser.addOption(help);
    if (json)
        parser.addOption(jsonOption);
    const bool parsed = parser.parse(QStringList{command} + arguments);
    if (parsed && parser.isSet(help)) {
        context.out << usage;
        *exitCode = Success;
        return {};
    }
    if (!parsed || parser.positionalArguments().size() != 1) {
        context.err << "ferry-cli " << command << ": name one pair\n\n" << usage;
        *exitCode = UsageError;
        return {};
    }
    if (json)
        *json = parser.isSet(jsonOption);
    return parser.positionalArguments().first();
}

QString orNever(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("never polled") : text;
}

} // namespace

int statusCommand(const QStringList &arguments, Context &context)
{
    bool json = false;
    int exitCode = Failure;
    const QString name = pairArgument(QStringLiteral("status"), statusUsage, arguments, &json, context, &exitCode);
    if (name.isEmpty())
        return exitCode;
    StateStore store(stateDirectory());
    const std::optional<qint64> pairId = openPair(store, name, QStringLiteral("status"), context);
    if (!pairId)
        return Failure;
    const Result<PairStatus> status = PairStatus::read(store, *pairId);
    if (!status)
        return failure(status.error(), context, QStringLiteral("ferry-cli status"));
    if (json) {
        context.out << QJsonDocument(status->toJson()).toJson(QJsonDocument::Indented);
        return status->inStep() ? Success : Failure;
    }
    context.out << "pair " << name << ": " << (status->inStep() ? "in step" : "not in step") << '\n'
                << "  linked issues:   " << status->linkedIssues << '\n'
                << "  pending:         " << status->pendingFromA << " from A to B, " << status->pendingFromB
                << " from B to A\n"
                << "  open conflicts:  " << status->openConflicts
                << (status->openConflicts > 0 ? QStringLiteral("  (ferry-cli conflicts %1)").arg(name) : QString())
                << '\n'
                << "  parked issues:   " << status->parked.size() << '\n';
    for (const IssueErrors::Parked &issue : status->parked)
        context.out << "    " << issue.issueKey << " (side " << sideLetter(issue.side) << "), " << issue.attempts
                    << (issue.attempts == 1 ? " attempt" : " attempts") << ", next "
                    << issue.nextAttempt.toLocalTime().toString(Qt::ISODate) << ": " << issue.error << '\n';
    for (const LinkRepository::Link &link : status->setAside) {
        const std::optional<Side> gone = missingSide(link.state);
        context.out << "  " << (gone ? "partner missing: " : "ignored:         ") << link.aKey << " <-> " << link.bKey
                    << (gone ? QStringLiteral(" (%1 is gone; ferry-cli issue %2 %3)")
                                   .arg(link.keyOn(*gone), name, link.keyOn(otherSide(*gone)))
                             : QString())
                    << '\n';
    }
    const QString polledA = status->bundles && status->bundles->side == Side::B
        ? QStringLiteral("(on the other console)")
        : orNever(status->checkpointA);
    const QString polledB = status->bundles && status->bundles->side == Side::A
        ? QStringLiteral("(on the other console)")
        : orNever(status->checkpointB);
    context.out << "  polled up to:    A " << polledA << ", B " << polledB << '\n'
                << "  last round:      "
                << (status->lastRound.isValid() ? status->lastRound.toLocalTime().toString(Qt::ISODate)
                                                : QStringLiteral("never"))
                << '\n'
                << "  requests sent:   A " << status->requestsA << ", B " << status->requestsB << '\n';
    if (status->quotaPause)
        context.out << "  waiting:         " << status->quotaPause->notice() << '\n';
    if (const auto &b = status->bundles) {
        const QString other = sideLetter(otherSide(b->side));
        context.out << "  bundles:         this console is side " << sideLetter(b->side) << " (" << b->role << ")"
                    << (b->connected ? QString() : QStringLiteral(", awaiting the answer to its handshake")) << '\n'
                    << "    sent:          changes up to " << b->sentSeq << ", of which " << other << " has up to "
                    << b->confirmedSeq << "; last bundle " << b->sentBundle << '\n'
                    << "    received:      " << other << "'s changes up to " << b->receivedSeq << ", " << b->toApply
                    << " to apply; last bundle " << b->importedBundle << '\n'
                    << "    exchanged:     "
                    << (!b->mailTo.isEmpty()
                            ? QStringLiteral("by e-mail to %1, read from %2, every %3 s%4")
                                  .arg(b->mailTo, b->mailbox)
                                  .arg(b->mailInterval)
                                  .arg(b->waitingToSend
                                           ? QStringLiteral("; %1 bundle(s) wait to be sent").arg(b->waitingToSend)
                                           : QString())
                            : b->outgoing.isEmpty()
                            ? QStringLiteral("by hand (ferry-cli bundle export|import)")
                            : QStringLiteral("out to %1, in from %2, every %3 s")
                                  .arg(QDir::toNativeSeparators(b->outgoing), QDir::toNativeSeparators(b->incoming))
                                  .arg(b->interval))
                    << '\n';
        const QHash<QString, QString> proposal{
            {QStringLiteral("published"),
             QStringLiteral("version %1 published; the other console has not accepted it yet (update required)")},
            {QStringLiteral("offered"),
             QStringLiteral("version %1 offered by the primary: ferry-cli pair accept %2, or decline %2")},
            {QStringLiteral("accepted"), QStringLiteral("version %1 accepted here; the primary hears it next")},
            {QStringLiteral("declined"), QStringLiteral("version %1 declined")}};
        if (!b->proposalState.isEmpty())
            context.out << "    configuration: "
                        << proposal.value(b->proposalState).arg(b->proposalVersion).replace(u"%2"_s, name) << '\n';
        if (!b->partnerFingerprint.isEmpty())
            context.out << "    other side's key fingerprint: " << b->partnerFingerprint << '\n';
    }
    return status->inStep() ? Success : Failure;
}

int retryCommand(const QStringList &arguments, Context &context)
{
    int exitCode = Failure;
    const QString name = pairArgument(QStringLiteral("retry"), retryUsage, arguments, nullptr, context, &exitCode);
    if (name.isEmpty())
        return exitCode;
    StateStore store(stateDirectory());
    const std::optional<qint64> pairId = openPair(store, name, QStringLiteral("retry"), context);
    if (!pairId)
        return Failure;
    const auto parked = IssueErrors(store, *pairId).all();
    if (!parked)
        return failure(parked.error(), context, QStringLiteral("ferry-cli retry"));
    if (auto due = IssueErrors(store, *pairId).retryNow(); !due)
        return failure(due.error(), context, QStringLiteral("ferry-cli retry"));
    context.out << parked->size() << " parked " << (parked->size() == 1 ? "issue" : "issues") << " of pair " << name
                << " will be retried at the next sync round.\n";
    return Success;
}

} // namespace ferry::cli
