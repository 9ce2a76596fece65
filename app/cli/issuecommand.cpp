#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/statedir.h"
#include "engine/issueactions.h"
#include "engine/issuesync.h"
#include "store/statestore.h"

#include <QCommandLineParser>
#include <QJsonDocument>

namespace ferry::cli {

namespace {

const QString issueUsage
    = QStringLiteral("Usage: ferry-cli issue NAME KEY [--json]\n"
                     "       ferry-cli issue NAME KEY --resync | --recreate | --relink OTHER-KEY | --ignore\n\n"
                     "Shows what Ferry knows of one issue of the pair, by its key on either site, from Ferry's\n"
                     "state (no site is asked): its partner, whether it is up to date, pending, in error (parked,\n"
                     "with Jira's reason), in conflict, or its partner missing (deleted on its site), when its\n"
                     "changes last went out and its partner's last came in, and its recent changes both ways.\n"
                     "Exit code 0 when it is up to date, 1 otherwise.\n\n"
                     "  --resync           the next round sends KEY's fields again and writes them over its\n"
                     "                     partner's where they differ; its open conflicts go its way\n"
                     "  --recreate         the partner is missing: the next round creates a new one from KEY\n"
                     "  --relink OTHER-KEY link KEY to an issue of the other site instead (one a poll has seen);\n"
                     "                     from then on changes travel; a field the two hold differently is\n"
                     "                     settled when it next changes, by the pair's conflict policy\n"
                     "  --ignore           leave KEY and its partner alone: their changes are set aside\n");

QString when(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(Qt::ISODate) : QStringLiteral("never");
}

} // namespace

int issueCommand(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"));
    const QCommandLineOption resync(QStringLiteral("resync"));
    const QCommandLineOption recreate(QStringLiteral("recreate"));
    const QCommandLineOption relink(QStringLiteral("relink"), {}, QStringLiteral("OTHER-KEY"));
    const QCommandLineOption ignore(QStringLiteral("ignore"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    parser.addOptions({json, resync, recreate, relink, ignore, help});
    const bool parsed = parser.parse(QStringList{QStringLiteral("issue")} + arguments);
    if (parsed && parser.isSet(help)) {
        context.out << issueUsage;
        return Success;
    }
    const int actions = int(parser.isSet(resync)) + int(parser.isSet(recreate)) + int(parser.isSet(relink))
        + int(parser.isSet(ignore));
    if (!parsed || parser.positionalArguments().size() != 2 || actions > 1 || (actions > 0 && parser.isSet(json))) {
        context.err << "ferry-cli issue: name a pair and an issue key\n\n" << issueUsage;
        return UsageError;
    }
    const QString name = parser.positionalArguments().at(0);
    const QString key = parser.positionalArguments().at(1).toUpper();
    StateStore store(stateDirectory());
    const std::optional<qint64> pairId = openPair(store, name, QStringLiteral("issue"), context);
    if (!pairId)
        return Failure;
    const Result<std::optional<IssueSync>> read = IssueSync::read(store, *pairId, key, 10);
    if (!read)
        return failure(read.error(), context, QStringLiteral("ferry-cli issue"));
    if (!*read) {
        context.err << "ferry-cli issue: pair " << name << " has not seen an issue " << key
                    << " on either site (not in its scope, or not polled yet)\n";
        return Failure;
    }
    const IssueSync *sync = &**read;
    if (actions > 0) {
        const Result<QString> said = parser.isSet(resync) ? issueactions::resync(store, *pairId, name, *sync)
            : parser.isSet(recreate)                      ? issueactions::recreate(store, *pairId, name, *sync)
            : parser.isSet(ignore)                        ? issueactions::ignore(store, *pairId, *sync)
                                   : issueactions::relink(store, *pairId, name, *sync, parser.value(relink).toUpper());
        if (!said)
            return failure(said.error(), context, QStringLiteral("ferry-cli issue"));
        context.out << *said << '\n';
        return Success;
    }
    const int exitCode = sync->state == IssueSync::State::UpToDate ? Success : Failure;
    if (parser.isSet(json)) {
        context.out << QJsonDocument(sync->toJson()).toJson(QJsonDocument::Indented);
        return exitCode;
    }
    const QString otherName = sideLetter(otherSide(sync->side));
    context.out << key << " (side " << sideLetter(sync->side) << ") in pair " << name << ": "
                << IssueSync::stateName(sync->state) << '\n'
                << "  partner:        "
                << (sync->link ? QStringLiteral("%1 (side %2)").arg(sync->partnerKey(), otherName)
                               : QStringLiteral("none yet"))
                << '\n'
                << "  pending:        " << sync->pending << '\n'
                << "  last sent:      " << when(sync->lastSent) << '\n'
                << "  last received:  " << when(sync->lastReceived) << '\n';
    if (sync->state == IssueSync::State::PartnerMissing)
        context.out << "  partner missing: " << sync->link->keyOn(*missingSide(sync->link->state))
                    << " is gone (deleted, or no longer visible); its changes are set aside. Use --recreate,\n"
                       "                   --relink OTHER-KEY or --ignore.\n";
    if (sync->parked)
        context.out << "  error:          " << sync->parked->issueKey << ", " << sync->parked->attempts
                    << (sync->parked->attempts == 1 ? " attempt" : " attempts") << ", next "
                    << when(sync->parked->nextAttempt) << ": " << sync->parked->error << '\n';
    for (const ConflictRepository::Conflict &conflict : sync->conflicts)
        context.out << "  conflict:       #" << conflict.id << " " << conflict.field << " (ferry-cli conflicts " << name
                    << ")\n";
    if (!sync->recent.isEmpty())
        context.out << "  recent changes, newest first:\n";
    for (const Channel::Traced &t : sync->recent)
        context.out << "    " << when(t.sent) << "  " << IssueSync::describe(t) << '\n';
    if (sync->historySince.isValid())
        context.out << "  history:        changes before " << when(sync->historySince)
                    << " were compacted (the pair's retentionDays)\n";
    return exitCode;
}

} // namespace ferry::cli
