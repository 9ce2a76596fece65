#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/logsink.h"
#include "core/statedir.h"
#include "jira/jiraclient.h"
#include "jira/secrets.h"
#include "jira/site.h"
#include "jira/sitecheck.h"

#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

namespace ferry::cli {

namespace {

const QString siteUsage
    = QStringLiteral("Usage: ferry-cli site add NAME --url URL [--auth basic|pat] [--user USER] --secret REF\n"
                     "                          [--pin sha256/KEY]... [--ca-file FILE]\n"
                     "       ferry-cli site list [--json]\n"
                     "       ferry-cli site check NAME [--project KEY] [--json]\n"
                     "       ferry-cli site remove NAME\n\n"
                     "  --auth basic  e-mail + API token (Jira Cloud) or user + password (Data Center); the default\n"
                     "  --auth pat    a Data Center personal access token\n"
                     "  --secret REF  keychain (the secret is read from stdin, or asked for on a terminal, and kept\n"
                     "                in the OS keychain), env:NAME or file:PATH (for headless runs)\n"
                     "  --pin KEY     trust a certificate by the SHA-256 of its public key, as 'site check' shows it\n"
                     "  --ca-file F   trust the certificate authorities in this PEM file too\n");

int addSite(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption url(QStringLiteral("url"), QString(), QStringLiteral("url"));
    const QCommandLineOption auth(QStringLiteral("auth"), QString(), QStringLiteral("method"), QStringLiteral("basic"));
    const QCommandLineOption user(QStringLiteral("user"), QString(), QStringLiteral("user"));
    const QCommandLineOption secret(QStringLiteral("secret"), QString(), QStringLiteral("ref"));
    const QCommandLineOption pin(QStringLiteral("pin"), QString(), QStringLiteral("key"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"), QString(), QStringLiteral("file"));
    parser.addOptions({url, auth, user, secret, pin, caFile});
    if (!parser.parse(QStringList{QStringLiteral("add")} + arguments) || parser.positionalArguments().size() != 1) {
        context.err << "ferry-cli site add: "
                    << (parser.errorText().isEmpty() ? QStringLiteral("give exactly one site name")
                                                     : parser.errorText())
                    << "\n\n"
                    << siteUsage;
        return UsageError;
    }
    Site site;
    site.name = parser.positionalArguments().first();
    site.url = QUrl(parser.value(url));
    site.user = parser.value(user);
    site.pinnedKeys = parser.values(pin);
    site.caFile = parser.value(caFile);
    QStringList problems;
    if (!parser.isSet(url))
        problems << QStringLiteral("--url is required.");
    if (!Site::parseAuth(parser.value(auth), &site.auth))
        problems << QStringLiteral("--auth must be basic or pat.");
    QString refError;
    if (!parser.isSet(secret))
        problems << QStringLiteral("--secret is required: keychain, env:NAME or file:PATH.");
    else if (!SecretRef::parse(parser.value(secret), &site.secret, &refError))
        problems << refError;
    if (problems.isEmpty())
        problems = site.problems();
    if (!problems.isEmpty()) {
        context.err << "ferry-cli site add: " << problems.join(QStringLiteral("\n  ")) << '\n';
        return UsageError;
    }

    SiteRegistry registry(stateDirectory());
    if (!loadRegistry(registry, context))
        return Failure;
    const bool replacing = registry.find(site.name) != nullptr;

    if (site.secret.kind == SecretRef::Kind::Keychain) {
        const QString typed
            = context.readSecret(QStringLiteral("Secret for %1 (API token, password or PAT): ").arg(site.name));
        if (typed.isEmpty()) {
            context.err << "ferry-cli site add: no secret given. Type it at the prompt or pipe it on stdin; or use "
                           "--secret env:NAME or file:PATH.\n";
            return UsageError;
        }
        if (context.sink)
            context.sink->redactor().addSecret(typed, site.user);
        SecretStore secrets;
        QString problem;
        runUntil([&](const std::function<void()> &done) {
            secrets.storeInKeychain(site.name, typed, [&](const QString &error) {
                problem = error;
                done();
            });
        });
        if (!problem.isEmpty()) {
            context.err << "ferry-cli site add: the site was not added. " << problem << '\n';
            return Failure;
        }
    }
    registry.put(site);
    if (!saveRegistry(registry, context))
        return Failure;
    context.out << (replacing ? "Updated" : "Added") << " site " << site.name << " (" << site.url.toString() << ", "
                << Site::authName(site.auth) << ", secret in " << site.secret.toString() << ").\n"
                << "Check it with: ferry-cli site check " << site.name << " --project KEY\n";
    return Success;
}

int listSites(const QStringList &arguments, Context &context)
{
    const bool json = arguments == QStringList{QStringLiteral("--json")};
    if (!arguments.isEmpty() && !json) {
        context.err << siteUsage;
        return UsageError;
    }
    SiteRegistry registry(stateDirectory());
    if (!loadRegistry(registry, context))
        return Failure;
    if (json) {
        QJsonArray sites;
        for (const Site &site : registry.sites())
            sites.append(site.toJson());
        context.out << QJsonDocument(sites).toJson(QJsonDocument::Indented);
        return Success;
    }
    if (registry.sites().isEmpty()) {
        context.out << "No sites yet. Add one with: ferry-cli site add NAME --url URL --user USER --secret keychain\n";
        return Success;
    }
    context.out << QStringLiteral("%1  %2  %3  %4  %5\n")
                       .arg(QStringLiteral("NAME"), -16)
                       .arg(QStringLiteral("URL"), -36)
                       .arg(QStringLiteral("AUTH"), -5)
                       .arg(QStringLiteral("USER"), -24)
                       .arg(QStringLiteral("SECRET"));
    for (const Site &site : registry.sites())
        context.out << QStringLiteral("%1  %2  %3  %4  %5\n")
                           .arg(site.name, -16)
                           .arg(site.url.toString(), -36)
                           .arg(Site::authName(site.auth), -5)
                           .arg(site.user.isEmpty() ? QStringLiteral("-") : site.user, -24)
                           .arg(site.secret.toString());
    return Success;
}

int checkSite(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QString(), QStringLiteral("key"));
    const QCommandLineOption json(QStringLiteral("json"));
    parser.addOptions({project, json});
    if (!parser.parse(QStringList{QStringLiteral("check")} + arguments) || parser.positionalArguments().size() != 1) {
        context.err << "ferry-cli site check: "
                    << (parser.errorText().isEmpty() ? QStringLiteral("give exactly one site name")
                                                     : parser.errorText())
                    << "\n\n"
                    << siteUsage;
        return UsageError;
    }
    SiteRegistry registry(stateDirectory());
    if (!loadRegistry(registry, context))
        return Failure;
    const Site *site = findSite(registry, parser.positionalArguments().first(), context);
    if (!site)
        return Failure;

    QString problem;
    const QString secret = readSiteSecret(*site, context, &problem);
    QNetworkAccessManager network;
    JiraClient client(*site, secret, &network);
    JiraClient::Options options;
    options.transferTimeoutMs = 20'000;
    options.maxAttempts = 2;
    client.setOptions(options);
    SiteCheck check(&client, parser.value(project));
    if (problem.isEmpty()) {
        runUntil([&](const std::function<void()> &done) {
            QObject::connect(&check, &SiteCheck::finished, &check, done);
            check.start();
        });
    }

    if (parser.isSet(json)) {
        QJsonArray lines = check.toJson();
        if (!problem.isEmpty())
            lines.append(QJsonObject{{QStringLiteral("check"), QStringLiteral("secret")},
                                     {QStringLiteral("passed"), false},
                                     {QStringLiteral("detail"), problem}});
        context.out << QJsonDocument(QJsonObject{{QStringLiteral("site"), site->name},
                                                 {QStringLiteral("passed"), problem.isEmpty() && check.passed()},
                                                 {QStringLiteral("checks"), lines}})
                           .toJson(QJsonDocument::Indented);
    } else {
        context.out << "Site " << site->name << " (" << site->url.toString() << ")\n";
        if (!problem.isEmpty())
            context.out << "  FAIL  secret: " << problem << '\n';
        for (const SiteCheck::Line &line : check.lines()) {
            context.out << (line.passed ? "  PASS  " : "  FAIL  ") << line.check << ": " << line.detail << '\n';
            if (!line.fix.isEmpty())
                context.out << "        fix: " << line.fix << '\n';
        }
    }
    return problem.isEmpty() && check.passed() ? Success : Failure;
}

int removeSite(const QStringList &arguments, Context &context)
{
    if (arguments.size() != 1) {
        context.err << siteUsage;
        return UsageError;
    }
    SiteRegistry registry(stateDirectory());
    if (!loadRegistry(registry, context))
        return Failure;
    const Site *site = findSite(registry, arguments.first(), context);
    if (!site)
        return Failure;
    const Site removed = *site;
    registry.remove(removed.name);
    if (!saveRegistry(registry, context))
        return Failure;
    if (removed.secret.kind == SecretRef::Kind::Keychain) {
        SecretStore secrets;
        runUntil([&](const std::function<void()> &done) {
            secrets.removeFromKeychain(removed.name, [&](const QString &error) {
                if (!error.isEmpty())
                    context.err << "ferry-cli: the site is removed, but its keychain entry stays: " << error << '\n';
                done();
            });
        });
    }
    context.out << "Removed site " << removed.name << ".\n";
    return Success;
}

} // namespace

int siteCommand(const QStringList &arguments, Context &context)
{
    return dispatch(QStringLiteral("site"), arguments, context, siteUsage,
                    {{QStringLiteral("add"), addSite},
                     {QStringLiteral("list"), listSites},
                     {QStringLiteral("check"), checkSite},
                     {QStringLiteral("remove"), removeSite}});
}

} // namespace ferry::cli
