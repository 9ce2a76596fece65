#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/pairconfig.h"
#include "core/statedir.h"
#include "engine/usermap.h"
#include "engine/userstable.h"
#include "jira/jiraclient.h"
#include "jira/site.h"
#include "store/statestore.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSaveFile>

#include <algorithm>

namespace ferry::cli {

namespace {

const QString usersUsage
    = QStringLiteral("Usage: ferry-cli pair users NAME [--unmatched] [--json] [--export FILE | --import FILE]\n\n"
                     "Lists every user the pair's two sites list, each with their partner on the other side and how\n"
                     "they were matched: table (the pair's users table), email (where a site shows the address; Jira\n"
                     "Cloud hides most), displayName (one user of that name), or fallback (the stand-in).\n"
                     "  --unmatched    only the users without a partner\n"
                     "  --json         as JSON\n"
                     "  --export FILE  writes the matches as a users table: A-ID,B-ID a line, names in comments\n"
                     "  --import FILE  puts such a file in force as the pair's users table (a new configuration\n"
                     "                 version); a line naming a user neither site lists is refused with its number\n");

void printRows(const QList<UserRow> &rows, const PairConfig &config, Context &context)
{
    int unmatched = 0;
    for (const UserRow &row : rows) {
        const QString partner = row.partner.id.isEmpty()
            ? QStringLiteral("no partner: add them to the users table (--import) or name users.fallback.%1")
                  .arg(sideName(otherSide(row.side)))
            : QStringLiteral("%1 %2, by %3")
                  .arg(sideLetter(otherSide(row.side)),
                       row.partnerName.isEmpty() ? row.partner.id
                                                 : QStringLiteral("%1 (%2)").arg(row.partnerName, row.partner.id),
                       row.partner.how);
        context.out << sideLetter(row.side) << ' ' << row.describe() << "  ->  " << partner << '\n';
        unmatched += row.partner.id.isEmpty() ? 1 : 0;
    }
    context.out << rows.size() << " user(s) of sites " << config.a.site << " (A) and " << config.b.site << " (B), "
                << unmatched << " without a partner.\n";
}

QJsonArray rowsAsJson(const QList<UserRow> &rows)
{
    QJsonArray array;
    for (const UserRow &row : rows)
        array.append(QJsonObject{{QStringLiteral("side"), sideName(row.side)},
                                 {QStringLiteral("id"), row.id},
                                 {QStringLiteral("displayName"), row.displayName},
                                 {QStringLiteral("emailAddress"), row.email},
                                 {QStringLiteral("active"), row.active},
                                 {QStringLiteral("partner"), row.partner.id},
                                 {QStringLiteral("partnerName"), row.partnerName},
                                 {QStringLiteral("matchedBy"), row.partner.how}});
    return array;
}

} // namespace

int pairUsers(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption unmatchedOnly(QStringLiteral("unmatched"));
    const QCommandLineOption json(QStringLiteral("json"));
    const QCommandLineOption exportTo(QStringLiteral("export"), {}, QStringLiteral("FILE"));
    const QCommandLineOption importFrom(QStringLiteral("import"), {}, QStringLiteral("FILE"));
    parser.addOptions({unmatchedOnly, json, exportTo, importFrom});
    if (!parser.parse(QStringList{QStringLiteral("users")} + arguments) || parser.positionalArguments().size() != 1
        || (parser.isSet(exportTo) && parser.isSet(importFrom))) {
        context.err << "ferry-cli pair users: give a pair's name, and --export or --import at most\n\n" << usersUsage;
        return UsageError;
    }
    const QString who = QStringLiteral("ferry-cli pair users");
    StateStore store(stateDirectory());
    int version = 0;
    std::optional<PairConfig> config = configInForce(store, parser.positionalArguments().first(), &version, context);
    if (!config)
        return Failure;
    SiteRegistry registry(stateDirectory());
    if (!loadRegistry(registry, context))
        return Failure;
    const Site *siteA = findSite(registry, config->a.site, context);
    const Site *siteB = siteA ? findSite(registry, config->b.site, context) : nullptr;
    if (!siteA || !siteB) // a bundle mode's partner site is not reachable from here
        return Failure;
    QNetworkAccessManager network;
    SiteMetadata metaA, metaB;
    const std::unique_ptr<JiraClient> clientA = connectSide(*siteA, config->a.project, &network, context, &metaA);
    const std::unique_ptr<JiraClient> clientB
        = clientA ? connectSide(*siteB, config->b.project, &network, context, &metaB) : nullptr;
    if (!clientB)
        return Failure;
    const UserMap users(config->users, metaA, metaB);

    if (parser.isSet(importFrom)) {
        QFile file(parser.value(importFrom));
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
            context.err << who << ": cannot read " << file.fileName() << ": " << file.errorString() << '\n';
            return Failure;
        }
        QStringList problems;
        const QList<ValueMapping> table = readUsersTable(QString::fromUtf8(file.readAll()), users, &problems);
        for (const QString &problem : std::as_const(problems))
            context.err << file.fileName() << ": " << problem << '\n';
        if (!problems.isEmpty()) {
            context.err << who << ": " << problems.size() << " problem(s); nothing was stored.\n";
            return Failure;
        }
        config->users.table = table;
        const int stored = storeConfiguration(store, *config, context, QStringLiteral("users"));
        if (stored == Success)
            context.out << "The users table of pair " << config->name << " pairs " << table.size() << " user(s).\n";
        return stored;
    }

    QList<UserRow> rows = userRows(users);
    if (parser.isSet(exportTo)) {
        QSaveFile file(parser.value(exportTo));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(usersTableCsv(rows, *config)) < 0
            || !file.commit()) {
            context.err << who << ": cannot write " << file.fileName() << ": " << file.errorString() << '\n';
            return Failure;
        }
        context.out << "Wrote the users table of pair " << config->name << " to " << file.fileName()
                    << "; edit it, then read it back with --import.\n";
        return Success;
    }
    if (parser.isSet(unmatchedOnly))
        rows.removeIf([](const UserRow &row) { return !row.partner.id.isEmpty(); });
    if (parser.isSet(json))
        context.out << QJsonDocument(rowsAsJson(rows)).toJson(QJsonDocument::Indented);
    else
        printRows(rows, *config, context);
    return Success;
}

} // namespace ferry::cli
