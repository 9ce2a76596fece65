#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/statedir.h"
#include "engine/issuesync.h"
#include "engine/pairstatus.h"
#include "store/statestore.h"

#include <QCommandLineParser>
#include <QJsonDocument>

namespace ferry::cli {

namespace {

const QString issueUsage
    = QStringLiteral("Usage: ferry-cli issue NAME KEY [--json]\n\n"
                     "Shows what Ferry knows of one issue of the pair, by its key on either site, from Ferry's\n"
                     "state (no site is asked): its partner, whether it is up to date, pending, in error (parked,\n"
                     "with Jira's reason) or in conflict, when its changes last went out and its partner's last\n"
                     "came in, and its recent changes both ways. Exit code 0 when it is up to date, 1 otherwise.\n");

QString when(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(Qt::ISODate) : QStringLiteral("never");
}

} // namespace

int issueCommand(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    parser.addOption(json);
    parser.addOption(help);
    const bool parsed = parser.parse(QStringList{QStringLiteral("issue")} + arguments);
    if (parsed && parser.isSet(help)) {
        context.out << issueUsage;
        return Success;
    }
    if (!parsed || parser.positionalArguments().size() != 2) {
        context.err << "ferry-cli issue: name a pair and an issue key\n\n" << issueUsage;
        return UsageError;
    }
    const QString name = parser.positionalArguments().at(0);
    const QString key = parser.positionalArguments().at(1).toUpper();
    StateStore store(stateDirectory());
    const std::optional<qint64> pairId = openPair(store, name, QStringLiteral("issue"), context);
    if (!pairId)
        return Failure;
    QString error;
    const std::optional<IssueSync> sync = IssueSync::read(store, *pairId, key, 10, &error);
    if (!sync) {
        if (error.isEmpty())
            context.err << "ferry-cli issue: pair " << name << " has not seen an issue " << key
                        << " on either site (not in its scope, or not polled yet)\n";
        else
            context.err << "ferry-cli issue: " << error << '\n';
        return Failure;
    }
    const int exitCode = sync->state == IssueSync::State::UpToDate ? Success : Failure;
    if (parser.isSet(json)) {
        context.out << QJsonDocument(sync->toJson()).toJson(QJsonDocument::Indented);
        return exitCode;
    }
    const QString sideName = sync->side.toUpper();
    const QString otherName = sync->side == QStringLiteral("a") ? QStringLiteral("B") : QStringLiteral("A");
    context.out << key << " (side " << sideName << ") in pair " << name << ": " << IssueSync::stateName(sync->state)
                << '\n'
                << "  partner:        "
                << (sync->link ? QStringLiteral("%1 (side %2)").arg(sync->partnerKey(), otherName)
                               : QStringLiteral("none yet"))
                << '\n'
                << "  pending:        " << sync->pending << '\n'
                << "  last sent:      " << when(sync->lastSent) << '\n'
                << "  last received:  " << when(sync->lastReceived) << '\n';
    if (sync->parked)
        context.out << "  error:          " << sync->parked->issueKey << ", " << sync->parked->attempts
                    << (sync->parked->attempts == 1 ? " attempt" : " attempts") << ", next "
                    << when(sync->parked->nextAttempt) << ": " << sync->parked->error << '\n';
    for (const ConflictRepository::Conflict &conflict : sync->conflicts)
        context.out << "  conflict:       #" << conflict.id << " " << conflict.field << " (ferry-cli conflicts " << name
                    << ")\n";
    if (!sync->recent.isEmpty())
        context.out << "  recent changes, newest first:\n";
    for (const Channel::Traced &t : sync->recent) {
        const QString direction
            = t.op.side == QStringLiteral("a") ? QStringLiteral("A to B") : QStringLiteral("B to A");
        QString what = t.op.kind;
        if (!t.op.field.isEmpty())
            what += u' ' + t.op.field + QStringLiteral(" = ") + valueAsLine(t.op.value, 40);
        context.out << "    " << when(t.sent) << "  " << direction << "  " << what << "  "
                    << (t.applied.isValid() ? QStringLiteral("applied %1").arg(when(t.applied))
                                            : QStringLiteral("pending"))
                    << (t.result.isEmpty() ? QString() : u' ' + valueAsLine(t.result, 60)) << '\n';
    }
    return exitCode;
}

} // namespace ferry::cli
