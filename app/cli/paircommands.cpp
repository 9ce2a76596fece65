#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/pairconfig.h"
#include "core/statedir.h"
#include "engine/retention.h"
#include "jira/jiraclient.h"
#include "jira/site.h"
#include "store/pairrepository.h"
#include "store/statestore.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace ferry::cli {

namespace {

const QString pairUsage
    = QStringLiteral("Usage: ferry-cli pair suggest --name NAME --a SITE:PROJECT --b SITE:PROJECT\n"
                     "       ferry-cli pair create --file FILE\n"
                     "       ferry-cli pair list\n"
                     "       ferry-cli pair show NAME [--json]\n"
                     "       ferry-cli pair export NAME\n"
                     "       ferry-cli pair update NAME --file FILE\n"
                     "       ferry-cli pair remove NAME\n"
                     "       ferry-cli pair compact NAME [--days DAYS]\n"
                     "       ferry-cli pair check NAME [--json]\n"
                     "       ferry-cli pair match NAME --key-map FILE | --fields A-FIELD=B-FIELD [--prefer a|b]\n"
                     "       ferry-cli pair users NAME [--unmatched] [--json] [--export FILE | --import FILE]\n"
                     "       ferry-cli pair publish NAME --file FILE\n"
                     "       ferry-cli pair accept NAME | decline NAME\n\n"
                     "  suggest  prints a complete configuration for a new pair, from what both sites have;\n"
                     "           entries marked \"doubtful\" rest on less than an exact name: check them\n"
                     "  create   stores a pair from a configuration file (docs/sync-pairs.md describes the format)\n"
                     "  export   prints the configuration in force, to edit and update or create again\n"
                     "  update   puts a new version of the configuration in force (edit what export prints;\n"
                     "           the sites and projects stay); a running pair uses it from its next start.\n"
                     "           A pair exchanged by bundles is published instead, as publish does\n"
                     "  match    how an issue new to the pair finds the issue that stands for it on the other\n"
                     "           side already, to be linked instead of created: a key map file (A-KEY,B-KEY a\n"
                     "           line), or a text field of each side holding the same value (\"key\" for the\n"
                     "           issue key); --prefer names the side whose content is written over the\n"
                     "           other's (default a). Stored as a new version of the configuration\n"
                     "  users    every user the two sites list, with their partner on the other side and how\n"
                     "           they were matched (users table, e-mail where a site shows it, display name,\n"
                     "           fallback); --export writes the matches as a users table (CSV, A-ID,B-ID a\n"
                     "           line), --import puts such a file in force as the pair's users table\n"
                     "  compact  drops the history of settled changes and the journal older than DAYS (default the\n"
                     "           pair's retentionDays, 30); what is pending stays. A running pair does it once a day\n"
                     "  check    the requirements of the pair's connection mode, each a pass/fail line with a\n"
                     "           fix: its sites, licenses, the license service where the mode needs it, the\n"
                     "           mail servers or exchange folders; exit code 0 only when all pass\n"
                     "  publish  a pair exchanged by bundles, on its primary console: offers a new configuration\n"
                     "           (edit what export prints) to the other console with the next bundle; the\n"
                     "           current one stays in force on both until the other console accepts it\n"
                     "  accept   on the secondary console: puts the configuration offered in force here, and\n"
                     "           tells the primary with the next bundle; decline refuses it\n");

bool parseSide(const QString &text, PairSide *side, Context &context)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0 || colon == text.size() - 1) {
        context.err << "ferry-cli pair suggest: '" << text << "' is not SITE:PROJECT\n\n" << pairUsage;
        return false;
    }
    side->site = text.left(colon);
    side->project = text.mid(colon + 1).toUpper();
    side->scope = QStringLiteral("project = ") + side->project;
    return true;
}

int suggest(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption name(QStringLiteral("name"), QString(), QStringLiteral("name"));
    const QCommandLineOption a(QStringLiteral("a"), QString(), QStringLiteral("site:project"));
    const QCommandLineOption b(QStringLiteral("b"), QString(), QStringLiteral("site:project"));
    parser.addOptions({name, a, b});
    if (!parser.parse(QStringList{QStringLiteral("suggest")} + arguments) || !parser.isSet(name) || !parser.isSet(a)
        || !parser.isSet(b)) {
        context.err << "ferry-cli pair suggest: give --name, --a and --b\n\n" << pairUsage;
        return UsageError;
    }
    PairSide sideA, sideB;
    if (!parseSide(parser.value(a), &sideA, context) || !parseSide(parser.value(b), &sideB, context))
        return UsageError;
    SiteRegistry registry(stateDirectory());
    if (!loadRegistry(registry, context))
        return Failure;
    const Site *siteA = findSite(registry, sideA.site, context);
    const Site *siteB = siteA ? findSite(registry, sideB.site, context) : nullptr;
    if (!siteA || !siteB)
        return Failure;
    QNetworkAccessManager network;
    SiteMetadata metaA, metaB;
    if (!connectSide(*siteA, sideA.project, &network, context, &metaA)
        || !connectSide(*siteB, sideB.project, &network, context, &metaB))
        return Failure;
    const PairConfig config = suggestPairConfig(parser.value(name), sideA, metaA, sideB, metaB);
    context.out << QJsonDocument(config.toJson()).toJson(QJsonDocument::Indented);
    int doubtful = 0;
    const auto hint = [&](const QString &what, const ValueMapping &m) {
        if (m.doubtful) {
            ++doubtful;
            context.err << "check " << what << ": " << m.aName << " <-> " << m.bName << " (" << m.why << ")\n";
        }
    };
    for (const ValueMapping &m : config.issueTypes)
        hint(QStringLiteral("issue type"), m);
    for (const ValueMapping &m : config.statuses)
        hint(QStringLiteral("status"), m);
    for (const FieldMapping &f : config.fields) {
        if (f.doubtful) {
            ++doubtful;
            context.err << "check field: " << f.aName << " <-> " << f.bName << " (" << f.why << ")\n";
        }
        for (const ValueMapping &m : f.values)
            hint(f.aName, m);
    }
    context.err << doubtful
                << " entries to check; then save the configuration and run: ferry-cli pair create --file FILE\n";
    return Success;
}

int create(const QStringList &arguments, Context &context)
{
    if (arguments.size() != 2 || arguments.first() != QStringLiteral("--file")) {
        context.err << "ferry-cli pair create: give --file FILE\n\n" << pairUsage;
        return UsageError;
    }
    QFile file(arguments.at(1));
    if (!file.open(QIODevice::ReadOnly)) {
        context.err << "ferry-cli pair create: cannot read " << file.fileName() << ": " << file.errorString() << '\n';
        return Failure;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        context.err << "ferry-cli pair create: " << file.fileName() << " is not a JSON object ("
                    << parseError.errorString() << " at offset " << parseError.offset << ")\n";
        return Failure;
    }
    PairConfig config;
    QList<PairConfig::Problem> problems;
    if (!PairConfig::fromJson(document.object(), &config, &problems)) {
        for (const PairConfig::Problem &p : std::as_const(problems))
            context.err << file.fileName() << ": " << p.path << ": " << p.message << '\n';
        context.err << "ferry-cli pair create: " << problems.size() << " problem(s); nothing was stored.\n";
        return Failure;
    }
    SiteRegistry registry(stateDirectory());
    if (!loadRegistry(registry, context) || !findSite(registry, config.a.site, context)
        || !findSite(registry, config.b.site, context))
        return Failure;
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    if (auto made = PairRepository(store).create(config); !made)
        return failure(made.error(), context, QStringLiteral("ferry-cli pair create"));
    context.out << "Created pair " << config.name << " (" << config.a.site << ':' << config.a.project << " <-> "
                << config.b.site << ':' << config.b.project << "), configuration version 1.\n";
    return Success;
}

int list(const QStringList &arguments, Context &context)
{
    if (!arguments.isEmpty()) {
        context.err << pairUsage;
        return UsageError;
    }
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    const auto pairs = PairRepository(store).list();
    if (!pairs)
        return failure(pairs.error(), context);
    if (pairs->isEmpty()) {
        context.out
            << "No pairs yet. Suggest one with: ferry-cli pair suggest --name NAME --a SITE:PROJECT --b SITE:PROJECT\n";
        return Success;
    }
    context.out << QStringLiteral("%1  %2  %3  %4\n")
                       .arg(QStringLiteral("NAME"), -20)
                       .arg(QStringLiteral("VERSION"), -7)
                       .arg(QStringLiteral("A"), -24)
                       .arg(QStringLiteral("B"));
    for (const auto &p : *pairs)
        context.out << QStringLiteral("%1  %2  %3  %4\n")
                           .arg(p.name, -20)
                           .arg(p.version, -7)
                           .arg(p.aSite + u':' + p.aProject, -24)
                           .arg(p.bSite + u':' + p.bProject);
    return Success;
}

int showOrExport(const QStringList &arguments, Context &context, bool exporting)
{
    const bool json = exporting || arguments.contains(QStringLiteral("--json"));
    QStringList names = arguments;
    names.removeAll(QStringLiteral("--json"));
    if (names.size() != 1) {
        context.err << pairUsage;
        return UsageError;
    }
    StateStore store(stateDirectory());
    int version = 0;
    const std::optional<PairConfig> config = configInForce(store, names.first(), &version, context);
    if (!config)
        return Failure;
    if (json) {
        context.out << QJsonDocument(config->toJson()).toJson(QJsonDocument::Indented);
        return Success;
    }
    const auto directionText = [](Direction d) {
        return d == Direction::Both ? QStringLiteral("<->")
            : d == Direction::AToB  ? QStringLiteral("->")
                                    : QStringLiteral("<-");
    };
    context.out << "Pair " << config->name << " (configuration version " << version << ")\n"
                << "  A: " << config->a.site << ", project " << config->a.project << ", scope: " << config->a.scope
                << '\n'
                << "  B: " << config->b.site << ", project " << config->b.project << ", scope: " << config->b.scope
                << '\n'
                << "  conflicts: " << conflictPolicyName(config->conflictPolicy) << ", polling every "
                << config->pollIntervalSeconds << " s\n  issue types:\n";
    for (const ValueMapping &m : config->issueTypes)
        context.out << "    " << m.aName << ' ' << directionText(m.direction) << ' ' << m.bName
                    << (m.doubtful ? "  (check)" : "") << '\n';
    context.out << "  statuses:\n";
    for (const ValueMapping &m : config->statuses)
        context.out << "    " << m.aName << ' ' << directionText(m.direction) << ' ' << m.bName
                    << (m.doubtful ? "  (check)" : "") << '\n';
    context.out << "  fields:\n";
    for (const FieldMapping &f : config->fields)
        context.out << "    " << f.aName << ' ' << directionText(f.direction) << ' ' << f.bName
                    << (f.values.isEmpty() ? QString() : QStringLiteral(" (%1 values mapped)").arg(f.values.size()))
                    << (f.doubtful ? "  (check)" : "") << '\n';
    return Success;
}

int match(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption keyMap(QStringLiteral("key-map"), {}, QStringLiteral("FILE"));
    const QCommandLineOption fields(QStringLiteral("fields"), {}, QStringLiteral("A-FIELD=B-FIELD"));
    const QCommandLineOption prefer(QStringLiteral("prefer"), {}, QStringLiteral("SIDE"), sideName(Side::A));
    parser.addOptions({keyMap, fields, prefer});
    if (!parser.parse(QStringList{QStringLiteral("ferry-cli")} + arguments) || parser.positionalArguments().size() != 1
        || parser.isSet(keyMap) == parser.isSet(fields) || !sideNamed(parser.value(prefer))) {
        context.err << "ferry-cli pair match: give a pair's name and --key-map FILE or --fields A-FIELD=B-FIELD "
                       "(and --prefer a or b)\n";
        return UsageError;
    }
    StateStore store(stateDirectory());
    int version = 0;
    std::optional<PairConfig> config = configInForce(store, parser.positionalArguments().first(), &version, context);
    if (!config)
        return Failure;
    MatchRule rule;
    rule.prefer = *sideNamed(parser.value(prefer));
    if (parser.isSet(keyMap)) {
        QFile file(parser.value(keyMap));
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
            context.err << "ferry-cli pair match: cannot read " << file.fileName() << ": " << file.errorString()
                        << '\n';
            return Failure;
        }
        QStringList problems;
        rule.keys = MatchRule::readKeyMap(QString::fromUtf8(file.readAll()), &problems);
        for (const QString &problem : std::as_const(problems))
            context.err << file.fileName() << ": " << problem << '\n';
        if (!problems.isEmpty() || rule.keys.isEmpty()) {
            context.err << "ferry-cli pair match: "
                        << (problems.isEmpty() ? QStringLiteral("the key map pairs no issues")
                                               : QStringLiteral("%1 problem(s)").arg(problems.size()))
                        << "; nothing was stored.\n";
            return Failure;
        }
    } else {
        const QStringList both = parser.value(fields).split(u'=');
        if (both.size() != 2 || both.at(0).trimmed().isEmpty() || both.at(1).trimmed().isEmpty()) {
            context.err << "ferry-cli pair match: --fields takes A-FIELD=B-FIELD (a field id of each side, or key)\n";
            return UsageError;
        }
        rule.fieldA = both.at(0).trimmed();
        rule.fieldB = both.at(1).trimmed();
    }
    config->match = rule;
    const int stored = storeConfiguration(store, *config, context, QStringLiteral("match"));
    if (stored == Success)
        context.out << (rule.keys.isEmpty()
                            ? QStringLiteral("Issues are matched by %1 = %2").arg(rule.fieldA, rule.fieldB)
                            : QStringLiteral("The %1 issue(s) of the key map are matched").arg(rule.keys.size()))
                    << " before they are created; side " << sideLetter(rule.prefer)
                    << "'s content is written over the other's.\n";
    return stored;
}

int remove(const QStringList &arguments, Context &context)
{
    if (arguments.size() != 1) {
        context.err << pairUsage;
        return UsageError;
    }
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    if (auto removed = PairRepository(store).remove(arguments.first()); !removed)
        return failure(removed.error(), context);
    context.out << "Removed pair " << arguments.first()
                << " and its sync state. The issues on both sites stay as they are.\n";
    return Success;
}

int compact(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption days(QStringLiteral("days"), {}, QStringLiteral("days"));
    parser.addOption(days);
    if (!parser.parse(QStringList{QStringLiteral("compact")} + arguments) || parser.positionalArguments().size() != 1
        || (parser.isSet(days) && (parser.value(days).toInt() < 1 || parser.value(days).toInt() > 3650))) {
        context.err << "ferry-cli pair compact: give a pair's name, and --days from 1 to 3650\n\n" << pairUsage;
        return UsageError;
    }
    const QString name = parser.positionalArguments().first();
    StateStore store(stateDirectory());
    const std::optional<qint64> pairId = openPair(store, name, QStringLiteral("pair compact"), context);
    if (!pairId)
        return Failure;
    const Result<PairConfig> config = PairRepository(store).get(name);
    if (!config)
        return failure(config.error(), context, QStringLiteral("ferry-cli pair compact"));
    const int keep = parser.isSet(days) ? parser.value(days).toInt() : config->retentionDays;
    const Result<Compaction> done = compactHistory(store, *pairId, QDateTime::currentDateTimeUtc().addDays(-keep));
    if (!done)
        return failure(done.error(), context, QStringLiteral("ferry-cli pair compact"));
    context.out << "Pair " << name << ": the history before " << done->before.toString(Qt::ISODate)
                << " is compacted: " << done->ops << " settled changes and " << done->entries
                << " journal entries dropped; what is pending stays.\n";
    return Success;
}

} // namespace

int pairCommand(const QStringList &arguments, Context &context)
{
    return dispatch(
        QStringLiteral("pair"), arguments, context, pairUsage,
        {{QStringLiteral("suggest"), suggest},
         {QStringLiteral("create"), create},
         {QStringLiteral("list"), list},
         {QStringLiteral("show"), [](const QStringList &a, Context &c) { return showOrExport(a, c, false); }},
         {QStringLiteral("export"), [](const QStringList &a, Context &c) { return showOrExport(a, c, true); }},
         {QStringLiteral("remove"), remove},
         {QStringLiteral("compact"), compact},
         {QStringLiteral("check"), checkPair},
         {QStringLiteral("match"), match},
         {QStringLiteral("users"), pairUsers},
         {QStringLiteral("update"),
          [](const QStringList &a, Context &c) { return changeConfiguration(a, c, QStringLiteral("update")); }},
         {QStringLiteral("publish"),
          [](const QStringList &a, Context &c) { return changeConfiguration(a, c, QStringLiteral("publish")); }},
         {QStringLiteral("accept"), [](const QStringList &a, Context &c) { return answerConfiguration(a, c, true); }},
         {QStringLiteral("decline"),
          [](const QStringList &a, Context &c) { return answerConfiguration(a, c, false); }}});
}

} // namespace ferry::cli
