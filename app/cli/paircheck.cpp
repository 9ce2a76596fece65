#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/statedir.h"
#include "jira/jiraclient.h"
#include "jira/secrets.h"
#include "jira/site.h"
#include "jira/sitecheck.h"
#include "license/licensestate.h"
#include "store/exchangerepository.h"
#include "store/mailaccounts.h"
#include "store/pairrepository.h"
#include "store/statestore.h"
#include "transport/mailexchange.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace ferry::cli {

namespace {

/// The live check of one side's site: reachable over HTTPS, TLS trusted, credentials accepted,
/// the project there; its deployment when it answered.
QList<Requirement> checkSide(const Site &site, const QString &project, Context &context, QString *deployment)
{
    QString problem;
    const QString secret = readSiteSecret(site, context, &problem);
    if (!problem.isEmpty())
        return {{QStringLiteral("%1: secret").arg(site.name), false, problem,
                 QStringLiteral("set the site's secret again with ferry-cli site add")}};
    QNetworkAccessManager network;
    JiraClient client(site, secret, &network);
    JiraClient::Options options;
    options.transferTimeoutMs = 20'000;
    options.maxAttempts = 2;
    client.setOptions(options);
    SiteCheck check(&client, project);
    runUntil([&](const std::function<void()> &done) {
        QObject::connect(&check, &SiteCheck::finished, &check, done);
        check.start();
    });
    QList<Requirement> lines;
    for (const SiteCheck::Line &line : check.lines()) {
        // The permissions are site check's business; the mode needs the API and the project.
        if (line.check.startsWith(QStringLiteral("permission")))
            continue;
        lines << Requirement{QStringLiteral("%1: %2").arg(site.name, line.check), line.passed, line.detail, line.fix};
    }
    if (client.deployment() != JiraClient::Deployment::Unknown)
        *deployment
            = client.deployment() == JiraClient::Deployment::Cloud ? QStringLiteral("cloud") : QStringLiteral("dc");
    return lines;
}

/// Asks the license service about the licenses of these sites; one line saying whether it answered.
Requirement askService(StateStore &store, const LicenseState &state, const QStringList &urls)
{
    if (state.service.isEmpty())
        return {QStringLiteral("license service"), false,
                QStringLiteral("no license service is set for this installation"),
                QStringLiteral("ferry-cli license service URL")};
    QNetworkAccessManager network;
    LicenseClient client(&network, state.service, state.trust);
    QStringList problems;
    runUntil([&](const std::function<void()> &done) {
        validateLicenses(store, state, client, urls, [&](const QStringList &said) {
            problems = said;
            done();
        });
    });
    return {QStringLiteral("license service"), problems.isEmpty(),
            problems.isEmpty() ? QStringLiteral("%1 answered").arg(state.service.toString())
                               : problems.join(QStringLiteral("; ")),
            problems.isEmpty() ? QString()
                               : QStringLiteral("let this machine reach %1 over HTTPS").arg(state.service.toString())};
}

QList<Requirement> checkMailServers(StateStore &store, const QString &name, Context &context)
{
    const std::optional<MailSettings> settings = mailSettingsNamed(store, name, context);
    const std::optional<MailPasswords> passwords
        = settings ? readMailPasswordsNow(name, *settings, context) : std::nullopt;
    if (!passwords)
        return {{QStringLiteral("mail"), false, QStringLiteral("the mail settings or passwords cannot be read"),
                 QStringLiteral("ferry-cli mail set %1").arg(name)}};
    MailClient client(*settings, passwords->smtp, passwords->imap);
    QList<Requirement> lines;
    for (const MailCheck &check : checkMail(client, *settings, false))
        lines << Requirement{QStringLiteral("mail"), check.passed, check.text, {}};
    return lines;
}

QList<Requirement> checkFolders(const ExchangeRepository::Exchange &exchange)
{
    if (exchange.outgoing.isEmpty())
        return {{QStringLiteral("folders"),
                 true,
                 QStringLiteral("bundles are exported and imported by hand (ferry-cli bundle export|import)"),
                 {}}};
    const QFileInfo outgoing(exchange.outgoing);
    const QFileInfo incoming(exchange.incoming);
    return {{QStringLiteral("folders"), outgoing.isDir() && outgoing.isWritable(),
             QStringLiteral("outgoing %1 %2")
                 .arg(QDir::toNativeSeparators(exchange.outgoing),
                      outgoing.isDir()
                          ? (outgoing.isWritable() ? QStringLiteral("is writable") : QStringLiteral("is not writable"))
                          : QStringLiteral("is not there")),
             QStringLiteral("mount the share, or choose another folder with ferry-cli bundle folders")},
            {QStringLiteral("folders"), incoming.isDir() && incoming.isReadable() && incoming.isWritable(),
             QStringLiteral("incoming %1 %2")
                 .arg(QDir::toNativeSeparators(exchange.incoming),
                      incoming.isDir() ? (incoming.isReadable() && incoming.isWritable()
                                              ? QStringLiteral("can be read and tidied")
                                              : QStringLiteral("cannot be read and tidied"))
                                       : QStringLiteral("is not there")),
             QStringLiteral("mount the share, or choose another folder with ferry-cli bundle folders")}};
}

} // namespace

int checkPair(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"));
    parser.addOption(json);
    if (!parser.parse(QStringList{QStringLiteral("check")} + arguments) || parser.positionalArguments().size() != 1) {
        context.err << "ferry-cli pair check: give a pair's name\n";
        return UsageError;
    }
    const QString name = parser.positionalArguments().first();
    StateStore store(stateDirectory());
    const std::optional<qint64> pairId = openPair(store, name, QStringLiteral("pair check"), context);
    if (!pairId)
        return Failure;
    const QString who = QStringLiteral("ferry-cli pair check");
    const Result<PairConfig> config = PairRepository(store).get(name);
    if (!config)
        return failure(config.error(), context, who);
    const Result<std::optional<ExchangeRepository::Exchange>> stored = ExchangeRepository(store).byPair(*pairId);
    if (!stored)
        return failure(stored.error(), context, who);
    const std::optional<ExchangeRepository::Exchange> &exchange = *stored;
    const Result<std::optional<MailAccounts::Account>> mail
        = exchange ? MailAccounts(store).byName(name) : std::optional<MailAccounts::Account>();
    if (!mail)
        return failure(mail.error(), context, who);
    SiteRegistry registry(stateDirectory());
    if (!loadRegistry(registry, context))
        return Failure;

    // The sites this console reaches, live; the other console's from the handshake.
    QList<Requirement> lines;
    PerSide<SideFacts> sides;
    for (Side which : bothSides) {
        SideFacts &side = sides[which];
        side.siteName = config->side(which).site;
        side.local = !exchange || exchange->side == which;
        if (!side.local) {
            side.siteName = QStringLiteral("side %1").arg(sideLetter(which));
            side.deployment = exchange->partnerMetadata.value(QStringLiteral("deployment")).toString();
            continue;
        }
        const Site *site = findSite(registry, side.siteName, context);
        if (!site)
            return Failure;
        side.url = site->url.toString();
        lines << checkSide(*site, config->side(which).project, context, &side.deployment);
    }

    const QString carrier = !exchange ? QString() : *mail ? QStringLiteral("email") : QStringLiteral("file");
    Result<LicenseState> state = LicenseState::read(store);
    if (!state)
        return failure(state.error(), context, who);
    LicensePlan plan = planLicenses(name, carrier, sides.a, sides.b, state->licenses, state->claims);
    if (plan.needsService) {
        lines << askService(store, *state, {sides.a.url, sides.b.url});
        state = LicenseState::read(store);
        if (!state)
            return failure(state.error(), context, who);
        plan = planLicenses(name, carrier, sides.a, sides.b, state->licenses, state->claims);
    }
    lines << plan.lines;
    if (carrier == QStringLiteral("email"))
        lines << checkMailServers(store, name, context);
    else if (carrier == QStringLiteral("file"))
        lines << checkFolders(*exchange);

    const bool passed = std::all_of(lines.cbegin(), lines.cend(), [](const Requirement &line) { return line.passed; });
    if (parser.isSet(json)) {
        QJsonArray array;
        for (const Requirement &line : lines)
            array.append(QJsonObject{{QStringLiteral("requirement"), line.name},
                                     {QStringLiteral("passed"), line.passed},
                                     {QStringLiteral("detail"), line.detail},
                                     {QStringLiteral("fix"), line.fix}});
        context.out << QJsonDocument(QJsonObject{{QStringLiteral("pair"), name},
                                                 {QStringLiteral("mode"), modeName(plan.mode)},
                                                 {QStringLiteral("requirements"), array},
                                                 {QStringLiteral("passed"), passed}})
                           .toJson();
        return passed ? Success : Failure;
    }
    context.out << "Pair " << name << ": " << modeName(plan.mode) << '\n';
    for (const Requirement &line : lines) {
        context.out << (line.passed ? "  PASS  " : "  FAIL  ") << line.name << ": " << line.detail << '\n';
        if (!line.fix.isEmpty() && !line.passed)
            context.out << "        fix: " << line.fix << '\n';
    }
    return passed ? Success : Failure;
}

} // namespace ferry::cli
