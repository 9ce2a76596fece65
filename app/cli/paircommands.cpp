#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/pairconfig.h"
#include "core/statedir.h"
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
                     "       ferry-cli pair check NAME [--json]\n"
                     "       ferry-cli pair publish NAME --file FILE\n"
                     "       ferry-cli pair accept NAME | decline NAME\n\n"
                     "  suggest  prints a complete configuration for a new pair, from what both sites have;\n"
                     "           entries marked \"doubtful\" rest on less than an exact name: check them\n"
                     "  create   stores a pair from a configuration file (see the README for the format)\n"
                     "  export   prints the configuration in force, to edit and update or create again\n"
                     "  update   puts a new version of the configuration in force (edit what export prints;\n"
                     "           the sites and projects stay); a running pair uses it from its next start.\n"
                     "           A pair exchanged by bundles is published instead, as publish does\n"
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
    QString error;
    if (!PairRepository(store).create(config, &error)) {
        context.err << "ferry-cli pair create: " << error << '\n';
        return Failure;
    }
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
    QString error;
    const auto pairs = PairRepository(store).list(&error);
    if (!pairs) {
        context.err << "ferry-cli: " << error << '\n';
        return Failure;
    }
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
    if (!openStore(store, context))
        return Failure;
    QString error;
    int version = 0;
    const auto config = PairRepository(store).get(names.first(), &version, &error);
    if (!config) {
        context.err << "ferry-cli: " << error << '\n';
        return Failure;
    }
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

int remove(const QStringList &arguments, Context &context)
{
    if (arguments.size() != 1) {
        context.err << pairUsage;
        return UsageError;
    }
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    QString error;
    if (!PairRepository(store).remove(arguments.first(), &error)) {
        context.err << "ferry-cli: " << error << '\n';
        return Failure;
    }
    context.out << "Removed pair " << arguments.first()
                << " and its sync state. The issues on both sites stay as they are.\n";
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
         {QStringLiteral("check"), checkPair},
         {QStringLiteral("update"),
          [](const QStringList &a, Context &c) { return changeConfiguration(a, c, QStringLiteral("update")); }},
         {QStringLiteral("publish"),
          [](const QStringList &a, Context &c) { return changeConfiguration(a, c, QStringLiteral("publish")); }},
         {QStringLiteral("accept"), [](const QStringList &a, Context &c) { return answerConfiguration(a, c, true); }},
         {QStringLiteral("decline"),
          [](const QStringList &a, Context &c) { return answerConfiguration(a, c, false); }}});
}

} // namespace ferry::cli
