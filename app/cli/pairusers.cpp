#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/pairconfig.h"
#include "core/statedir.h"
#include "engine/usermap.h"
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

/// One user of a side, with their partner.
struct Row {
    Side side;
    QString id;
    QString displayName;
    QString email; ///< where the site shows it
    bool active = true;
    UserMap::Partner partner;
    QString partnerName;
};

QList<Row> rowsOf(const UserMap &users)
{
    QList<Row> rows;
    for (Side side : bothSides) {
        const QHash<QString, QJsonObject> &directory = users.directory(side);
        for (auto it = directory.cbegin(); it != directory.cend(); ++it) {
            Row row{side,
                    it.key(),
                    it->value(QStringLiteral("displayName")).toString(),
                    it->value(QStringLiteral("emailAddress")).toString(),
                    !users.isInactive(side, it.key()),
                    users.partnerOf(side, it.key()),
                    {}};
            row.partnerName = users.displayName(side == Side::B, row.partner.id);
            rows << row;
        }
    }
    // Unmatched first, then by side and name: what an admin has to act on leads.
    std::sort(rows.begin(), rows.end(), [](const Row &x, const Row &y) {
        return std::tuple(!x.partner.id.isEmpty(), x.side, x.displayName.toLower(), x.id)
            < std::tuple(!y.partner.id.isEmpty(), y.side, y.displayName.toLower(), y.id);
    });
    return rows;
}

QString describe(const Row &row)
{
    QString text = row.displayName.isEmpty() ? row.id : QStringLiteral("%1 (%2)").arg(row.displayName, row.id);
    if (!row.active)
        text += QStringLiteral(" [inactive]");
    return text;
}

void printRows(const QList<Row> &rows, const PairConfig &config, Context &context)
{
    int unmatched = 0;
    for (const Row &row : rows) {
        const QString partner = row.partner.id.isEmpty()
            ? QStringLiteral("no partner: add them to the users table (--import) or name users.fallback.%1")
                  .arg(sideName(otherSide(row.side)))
            : QStringLiteral("%1 %2, by %3")
                  .arg(sideLetter(otherSide(row.side)),
                       row.partnerName.isEmpty() ? row.partner.id
                                                 : QStringLiteral("%1 (%2)").arg(row.partnerName, row.partner.id),
                       row.partner.how);
        context.out << sideLetter(row.side) << ' ' << describe(row) << "  ->  " << partner << '\n';
        unmatched += row.partner.id.isEmpty() ? 1 : 0;
    }
    context.out << rows.size() << " user(s) of sites " << config.a.site << " (A) and " << config.b.site << " (B), "
                << unmatched << " without a partner.\n";
}

QJsonArray rowsAsJson(const QList<Row> &rows)
{
    QJsonArray array;
    for (const Row &row : rows)
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

/// The users table as CSV: each user of side A with a partner (not a stand-in) on a line, its
/// names in a comment above; side A's users without one as comments to fill in.
QByteArray tableCsv(const QList<Row> &rows, const PairConfig &config)
{
    QString csv
        = QStringLiteral("# Users table of pair %1: a user of side A (%2), then their partner on side B (%3).\n"
                         "# Lines starting with # are comments; ferry-cli pair users %1 --import FILE reads it.\n")
              .arg(config.name, config.a.site, config.b.site);
    for (const Row &row : rows) {
        if (row.side != Side::A)
            continue;
        if (row.partner.id.isEmpty() || row.partner.how == QStringLiteral("fallback")) {
            csv += QStringLiteral("# %1 has no partner on side B:\n# %2,\n").arg(describe(row), row.id);
            continue;
        }
        csv += QStringLiteral("# %1 = %2 (by %3)\n%4,%5\n")
                   .arg(describe(row), row.partnerName.isEmpty() ? row.partner.id : row.partnerName, row.partner.how,
                        row.id, row.partner.id);
    }
    return csv.toUtf8();
}

/// Reads a users table; the problems name their lines.
QList<ValueMapping> readTable(const QString &text, const UserMap &users, QStringList *problems)
{
    QList<ValueMapping> table;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QStringList ids = line.split(u',');
        const QString a = ids.value(0).trimmed();
        const QString b = ids.value(1).trimmed();
        if (ids.size() != 2 || a.isEmpty() || b.isEmpty()) {
            *problems << QStringLiteral("line %1: '%2' is not A-ID,B-ID").arg(i + 1).arg(line);
            continue;
        }
        QStringList unknown;
        if (!users.directory(Side::A).contains(a))
            unknown << QStringLiteral("side A lists no user %1").arg(a);
        if (!users.directory(Side::B).contains(b))
            unknown << QStringLiteral("side B lists no user %1").arg(b);
        if (!unknown.isEmpty()) {
            *problems << QStringLiteral("line %1: %2").arg(i + 1).arg(unknown.join(QStringLiteral("; ")));
            continue;
        }
        if (std::any_of(table.cbegin(), table.cend(), [&](const ValueMapping &m) { return m.a == a || m.b == b; })) {
            *problems << QStringLiteral("line %1: %2 or %3 is paired on an earlier line").arg(i + 1).arg(a, b);
            continue;
        }
        table << ValueMapping{a,     b, users.displayName(true, a), users.displayName(false, b), Direction::Both,
                              false, {}};
    }
    return table;
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
    const UserMap users(config->users, metaA.users, clientA->deployment() == JiraClient::Deployment::Cloud, metaB.users,
                        clientB->deployment() == JiraClient::Deployment::Cloud);

    if (parser.isSet(importFrom)) {
        QFile file(parser.value(importFrom));
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
            context.err << who << ": cannot read " << file.fileName() << ": " << file.errorString() << '\n';
            return Failure;
        }
        QStringList problems;
        const QList<ValueMapping> table = readTable(QString::fromUtf8(file.readAll()), users, &problems);
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

    QList<Row> rows = rowsOf(users);
    if (parser.isSet(exportTo)) {
        QSaveFile file(parser.value(exportTo));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(tableCsv(rows, *config)) < 0
            || !file.commit()) {
            context.err << who << ": cannot write " << file.fileName() << ": " << file.errorString() << '\n';
            return Failure;
        }
        context.out << "Wrote the users table of pair " << config->name << " to " << file.fileName()
                    << "; edit it, then read it back with --import.\n";
        return Success;
    }
    if (parser.isSet(unmatchedOnly))
        rows.removeIf([](const Row &row) { return !row.partner.id.isEmpty(); });
    if (parser.isSet(json))
        context.out << QJsonDocument(rowsAsJson(rows)).toJson(QJsonDocument::Indented);
    else
        printRows(rows, *config, context);
    return Success;
}

} // namespace ferry::cli
