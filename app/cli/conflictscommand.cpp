#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/statedir.h"
#include "engine/conflictresolution.h"
#include "engine/pairstatus.h"
#include "store/conflictrepository.h"
#include "store/linkrepository.h"
#include "store/pairrepository.h"
#include "store/statestore.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ferry::cli {

namespace {

const QString conflictsUsage
    = QStringLiteral("Usage: ferry-cli conflicts NAME [--json]\n"
                     "       ferry-cli conflicts resolve NAME ID --take a|b | --value TEXT\n\n"
                     "Lists the pair's open conflicts: fields changed to different values on both sides while\n"
                     "the pair's conflictPolicy is manual. Each shows the value both sides last agreed on and\n"
                     "each side's value; neither side was overwritten.\n\n"
                     "resolve settles conflict ID with side A's or side B's value: the next sync round writes\n"
                     "it on the other side; or, for a text field, with a value of your own (both sides' words\n"
                     "merged, say), which the next round writes on both.\n");

int resolve(const QStringList &arguments, const std::optional<QString> &takeText, const std::optional<QString> &value,
            Context &context)
{
    bool numeric = false;
    const qint64 id = arguments.value(1).toLongLong(&numeric);
    const std::optional<Side> named = takeText ? sideNamed(*takeText) : std::nullopt;
    if (arguments.size() != 2 || !numeric || (takeText && !named) || named.has_value() == value.has_value()) {
        context.err << "ferry-cli conflicts resolve: name the pair and the conflict's number, and --take a or b, or "
                       "--value TEXT\n\n"
                    << conflictsUsage;
        return UsageError;
    }
    const QString name = arguments.first();
    StateStore store(stateDirectory());
    const std::optional<qint64> pairId = openPair(store, name, QStringLiteral("conflicts resolve"), context);
    if (!pairId)
        return Failure;
    const QString who = QStringLiteral("ferry-cli conflicts resolve");
    if (value) {
        const Result<ConflictRepository::Conflict> conflict = ConflictRepository(store, *pairId).openOne(id);
        if (!conflict)
            return failure(conflict.error(), context, who);
        if (!conflict->takesTypedValue())
            return failure(Error(QStringLiteral("conflict #%1 is on %2, which is not a text field; take side a or b")
                                     .arg(id)
                                     .arg(conflict->field)),
                           context, who);
        if (auto resolved = resolveConflictWith(store, *pairId, id, *value); !resolved)
            return failure(resolved.error(), context, who);
        context.out << "Conflict #" << id << " of pair " << name
                    << " is resolved with the value given; the next sync round writes it on both sides.\n";
        return Success;
    }
    const Side take = named.value_or(Side::A); // a side was named: no value was given
    if (auto resolved = resolveConflict(store, *pairId, id, take); !resolved)
        return failure(resolved.error(), context, who);
    context.out << "Conflict #" << id << " of pair " << name << " is resolved with side " << sideLetter(take)
                << "'s value; the next sync round writes it on side " << sideLetter(otherSide(take)) << ".\n";
    return Success;
}

} // namespace

int conflictsCommand(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"));
    const QCommandLineOption take(QStringLiteral("take"), QString(), QStringLiteral("side"));
    const QCommandLineOption value(QStringLiteral("value"), QString(), QStringLiteral("text"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    parser.addOptions({json, take, value, help});
    const bool parsed = parser.parse(QStringList{QStringLiteral("conflicts")} + arguments);
    if (parsed && parser.isSet(help)) {
        context.out << conflictsUsage;
        return Success;
    }
    const QStringList positional = parser.positionalArguments();
    if (parsed && positional.value(0) == QStringLiteral("resolve"))
        return resolve(positional.mid(1), parser.isSet(take) ? std::optional(parser.value(take)) : std::nullopt,
                       parser.isSet(value) ? std::optional(parser.value(value)) : std::nullopt, context);
    if (!parsed || positional.size() != 1 || parser.isSet(take) || parser.isSet(value)) {
        context.err << "ferry-cli conflicts: name one pair\n\n" << conflictsUsage;
        return UsageError;
    }
    const QString name = positional.first();
    StateStore store(stateDirectory());
    const std::optional<qint64> pairId = openPair(store, name, QStringLiteral("conflicts"), context);
    if (!pairId)
        return Failure;
    const auto open = openConflicts(store, *pairId);
    if (!open)
        return failure(open.error(), context, QStringLiteral("ferry-cli conflicts"));
    QJsonArray rows;
    for (const auto &[conflict, aKey, bKey] : *open) {
        if (parser.isSet(json)) {
            rows << QJsonObject{{QStringLiteral("id"), conflict.id},
                                {QStringLiteral("a"), aKey},
                                {QStringLiteral("b"), bKey},
                                {QStringLiteral("field"), conflict.field},
                                {QStringLiteral("base"), conflict.base},
                                {QStringLiteral("aValue"), conflict.aValue},
                                {QStringLiteral("bValue"), conflict.bValue}};
            continue;
        }
        context.out << "#" << conflict.id << "  " << aKey << " <-> " << bKey << "  " << conflict.field << '\n'
                    << "    agreed: " << valueAsLine(conflict.base) << '\n'
                    << "    A:      " << valueAsLine(conflict.aValue) << '\n'
                    << "    B:      " << valueAsLine(conflict.bValue) << '\n';
    }
    if (parser.isSet(json))
        context.out << QJsonDocument(rows).toJson(QJsonDocument::Indented);
    else if (open->isEmpty())
        context.out << "No open conflicts in pair " << name << ".\n";
    return Success;
}

} // namespace ferry::cli
