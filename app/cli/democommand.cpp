#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/statedir.h"
#include "jira/jiraclient.h"
#include "jira/site.h"
#include "sandbox/sandboxserver.h"
#include "store/linkrepository.h"
#include "store/pairrepository.h"
#include "store/statestore.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QScopeGuard>
#include <QTemporaryDir>

#include <memory>

namespace ferry::cli {

namespace {

const QString demoUsage
    = QStringLiteral("Usage: ferry-cli demo\n\n"
                     "Shows Ferry at work with nothing to set up: starts two Jira sandboxes in this process (a\n"
                     "Cloud one with project ACME, a Data Center one with project GLX), adds them as sites and a\n"
                     "suggested pair in a throwaway state folder, syncs, edits issues on both sides (a conflict\n"
                     "among them), syncs again, and prints what happened. No network, no keychain; the state\n"
                     "folder is removed at the end.\n");

const QString pairName = QStringLiteral("acme-glx");

/// One of the demo's sites: a sandbox and a client for making edits as a person would.
struct DemoSite {
    std::unique_ptr<sandbox::SandboxServer> server;
    std::unique_ptr<JiraClient> client;
    QString project;
};

/// Waits for a reply; false (with Jira's words on err) when it failed.
bool await(JiraReply *reply, Context &context)
{
    bool ok = false;
    runUntil([&](const std::function<void()> &done) {
        QObject::connect(reply, &JiraReply::finished, reply, [&, reply] {
            ok = reply->ok();
            if (!ok)
                context.err << "ferry-cli demo: " << reply->error().sentence() << '\n';
            reply->deleteLater();
            done();
        });
    });
    return ok;
}

QString createIssue(DemoSite &site, const QJsonObject &fields, Context &context)
{
    QJsonObject all = fields;
    all.insert(QStringLiteral("project"), QJsonObject{{QStringLiteral("key"), site.project}});
    QString key;
    JiraReply *reply = site.client->createIssue(all);
    QObject::connect(reply, &JiraReply::finished, reply,
                     [&key, reply] { key = reply->object().value(QStringLiteral("key")).toString(); });
    return await(reply, context) ? key : QString();
}

/// A command run as a part of the demo; its output shown indented, or dropped.
int step(const std::function<int(const QStringList &, Context &)> &command, const QStringList &arguments,
         Context &context, bool show)
{
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    Context inner{outStream, errStream, context.sink, context.readSecret};
    const int code = command(arguments, inner);
    outStream.flush();
    errStream.flush();
    if (show || code != Success)
        for (const QString &line : QString(out + err).split(u'\n', Qt::SkipEmptyParts))
            context.out << "    " << line << '\n';
    context.out.flush();
    return code;
}

/// The key of a Cloud issue's partner on Data Center, as the pair's links know it.
QString partnerOn(StateStore &store, DemoSite &cloud, const QString &aKey, Context &context)
{
    QString id;
    JiraReply *reply = cloud.client->getIssue(aKey, {QStringLiteral("summary")});
    QObject::connect(reply, &JiraReply::finished, reply,
                     [&id, reply] { id = reply->object().value(QStringLiteral("id")).toString(); });
    QString error;
    const std::optional<qint64> pairId
        = await(reply, context) ? PairRepository(store).id(pairName, &error) : std::nullopt;
    std::optional<LinkRepository::Link> link;
    if (!pairId || !LinkRepository(store, *pairId).find(QStringLiteral("a"), id, &link, &error) || !link)
        return {};
    return link->bKey;
}

} // namespace

int demoCommand(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    parser.addOption(help);
    if (!parser.parse(QStringList{QStringLiteral("demo")} + arguments) || !parser.positionalArguments().isEmpty()) {
        context.err << "ferry-cli demo: takes no arguments\n\n" << demoUsage;
        return UsageError;
    }
    if (parser.isSet(help)) {
        context.out << demoUsage;
        return Success;
    }
    QTemporaryDir state;
    if (!state.isValid()) {
        context.err << "ferry-cli demo: cannot make a temporary folder: " << state.errorString() << '\n';
        return Failure;
    }
    const QString previousState = stateDirectory();
    setStateDirectory(state.path());
    const auto restore = qScopeGuard([&] { setStateDirectory(previousState); });

    // 1. Two sandboxes, reached over loopback HTTP like real sites.
    QNetworkAccessManager network;
    DemoSite cloud{nullptr, nullptr, QStringLiteral("ACME")};
    DemoSite dc{nullptr, nullptr, QStringLiteral("GLX")};
    for (DemoSite *site : {&cloud, &dc}) {
        sandbox::SandboxServer::Options options;
        options.flavor = site == &cloud ? sandbox::Flavor::Cloud : sandbox::Flavor::DataCenter;
        site->server = std::make_unique<sandbox::SandboxServer>(options);
        QString error;
        if (!site->server->start(&error)) {
            context.err << "ferry-cli demo: the sandbox could not start: " << error << '\n';
            return Failure;
        }
        site->server->seedProject(site->project, site == &cloud ? QStringLiteral("Acme") : QStringLiteral("Galaxy"), 0);
    }
    context.out << "1. Two Jira sandboxes run in this process:\n"
                << "    Cloud        " << cloud.server->baseUrl().toString() << "  project ACME\n"
                << "    Data Center  " << dc.server->baseUrl().toString() << "  project GLX\n";

    // The sandboxes' own administrators; the secrets go to the sites as env: references.
    qputenv("FERRY_DEMO_CLOUD_TOKEN", "sandbox-token");
    qputenv("FERRY_DEMO_DC_PASSWORD", "admin");
    Site cloudSite{QStringLiteral("acme"),
                   cloud.server->baseUrl(),
                   Site::Auth::Basic,
                   QStringLiteral("admin@example.com"),
                   {},
                   {},
                   {}};
    Site dcSite{QStringLiteral("glx"), dc.server->baseUrl(), Site::Auth::Basic, QStringLiteral("admin"), {}, {}, {}};
    cloud.client = std::make_unique<JiraClient>(cloudSite, QStringLiteral("sandbox-token"), &network);
    dc.client = std::make_unique<JiraClient>(dcSite, QStringLiteral("admin"), &network);
    if (!await(cloud.client->detectDeployment(), context) || !await(dc.client->detectDeployment(), context))
        return Failure;

    // 2. Issues on both sides, as people wrote them.
    const QJsonObject task{{QStringLiteral("name"), QStringLiteral("Task")}};
    const QJsonObject bug{{QStringLiteral("name"), QStringLiteral("Bug")}};
    const auto adf = [](const QString &text) {
        return QJsonObject{
            {QStringLiteral("type"), QStringLiteral("doc")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("content"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("type"), QStringLiteral("paragraph")},
                             {QStringLiteral("content"),
                              QJsonArray{QJsonObject{
                                  {QStringLiteral("type"), QStringLiteral("text")},
                                  {QStringLiteral("text"), text},
                                  {QStringLiteral("marks"),
                                   QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("strong")}}}}}}}}}}};
    };
    const QStringList cloudKeys{
        createIssue(cloud,
                    {{QStringLiteral("summary"), QStringLiteral("Badge reader rejects new cards")},
                     {QStringLiteral("issuetype"), bug},
                     {QStringLiteral("description"), adf(QStringLiteral("Since Monday, every new card is refused."))},
                     {QStringLiteral("labels"), QJsonArray{QStringLiteral("security")}}},
                    context),
        createIssue(cloud,
                    {{QStringLiteral("summary"), QStringLiteral("Order standing desks")},
                     {QStringLiteral("issuetype"), task},
                     {QStringLiteral("priority"), QJsonObject{{QStringLiteral("name"), QStringLiteral("High")}}}},
                    context),
        createIssue(
            cloud,
            {{QStringLiteral("summary"), QStringLiteral("Coffee machine leaks")}, {QStringLiteral("issuetype"), bug}},
            context)};
    const QString dcKey = createIssue(
        dc,
        {{QStringLiteral("summary"), QStringLiteral("Rotate the VPN certificates")},
         {QStringLiteral("issuetype"), task},
         {QStringLiteral("description"),
          QStringLiteral("h3. Steps\n* Renew at the CA\n* Deploy to *both* gateways\n\nSee {{vpn-gw-1}}.")},
         {QStringLiteral("labels"), QJsonArray{QStringLiteral("network"), QStringLiteral("ops")}}},
        context);
    if (cloudKeys.contains(QString()) || dcKey.isEmpty())
        return Failure;
    context.out << "2. People wrote issues: " << cloudKeys.join(QStringLiteral(", ")) << " on Cloud, " << dcKey
                << " on Data Center.\n";

    // 3. Sites and a suggested pair, with the same commands an admin uses.
    context.out << "3. ferry-cli site add acme / glx, pair suggest, pair create:\n";
    if (step(siteCommand,
             {QStringLiteral("add"), QStringLiteral("acme"), QStringLiteral("--url"), cloudSite.url.toString(),
              QStringLiteral("--user"), cloudSite.user, QStringLiteral("--secret"),
              QStringLiteral("env:FERRY_DEMO_CLOUD_TOKEN")},
             context, false)
            != Success
        || step(siteCommand,
                {QStringLiteral("add"), QStringLiteral("glx"), QStringLiteral("--url"), dcSite.url.toString(),
                 QStringLiteral("--user"), dcSite.user, QStringLiteral("--secret"),
                 QStringLiteral("env:FERRY_DEMO_DC_PASSWORD")},
                context, false)
            != Success)
        return Failure;
    QString suggestion;
    {
        QString notes;
        QTextStream out(&suggestion);
        QTextStream err(&notes);
        Context inner{out, err, context.sink, context.readSecret};
        if (pairCommand({QStringLiteral("suggest"), QStringLiteral("--name"), pairName, QStringLiteral("--a"),
                         QStringLiteral("acme:ACME"), QStringLiteral("--b"), QStringLiteral("glx:GLX")},
                        inner)
            != Success) {
            err.flush();
            context.err << notes;
            return Failure;
        }
        out.flush();
    }
    const QString file = state.filePath(QStringLiteral("pair.json"));
    QFile pairFile(file);
    if (!pairFile.open(QIODevice::WriteOnly) || pairFile.write(suggestion.toUtf8()) < 0) {
        context.err << "ferry-cli demo: cannot write " << file << ": " << pairFile.errorString() << '\n';
        return Failure;
    }
    pairFile.close();
    if (step(pairCommand, {QStringLiteral("create"), QStringLiteral("--file"), file}, context, true) != Success)
        return Failure;

    // 4. The first sync: every issue gets a partner on the other side.
    context.out << "4. ferry-cli sync acme-glx --once: every issue gets a partner on the other site\n";
    context.out.flush();
    step([](const QStringList &, Context &c) { return runRounds(pairName, 1, c); }, {}, context, true);
    StateStore store(state.path());
    QString error;
    if (!store.open(&error)) {
        context.err << "ferry-cli demo: " << error << '\n';
        return Failure;
    }
    const QString coffeeOnB = partnerOn(store, cloud, cloudKeys.at(2), context);
    const QString badgeOnB = partnerOn(store, cloud, cloudKeys.at(0), context);
    if (coffeeOnB.isEmpty() || badgeOnB.isEmpty()) {
        context.err << "ferry-cli demo: the first sync did not link every issue\n";
        return Failure;
    }
    context.out << "    " << cloudKeys.at(0) << " is " << badgeOnB << " on Data Center, its description now wiki "
                << "markup; " << dcKey << " has a partner on Cloud, its description now ADF.\n";

    // 5. Edits on both sides, one field changed on both.
    context.out << "5. People edit on both sides:\n"
                << "    Cloud: " << cloudKeys.at(1) << " moves to Done; " << cloudKeys.at(0)
                << " gets the label 'urgent'\n"
                << "    Data Center: " << badgeOnB << " gets the label 'hardware'\n"
                << "    both: the summary of " << cloudKeys.at(2) << " / " << coffeeOnB
                << " changes differently on each side\n";
    const auto edit = [&](DemoSite &site, const QString &key, const QJsonObject &fields) {
        return await(site.client->editIssue(key, fields), context);
    };
    if (!await(cloud.client->transition(cloudKeys.at(1), QStringLiteral("31")), context)
        || !edit(cloud, cloudKeys.at(0),
                 {{QStringLiteral("labels"), QJsonArray{QStringLiteral("security"), QStringLiteral("urgent")}}})
        || !edit(dc, badgeOnB,
                 {{QStringLiteral("labels"), QJsonArray{QStringLiteral("hardware"), QStringLiteral("security")}}})
        || !edit(cloud, cloudKeys.at(2), {{QStringLiteral("summary"), QStringLiteral("Coffee machine leaks water")}})
        || !edit(dc, coffeeOnB, {{QStringLiteral("summary"), QStringLiteral("Coffee machine is broken")}}))
        return Failure;

    // 6. Two more rounds: the edits cross, the labels merge, the summary is a conflict.
    context.out << "6. ferry-cli sync acme-glx --rounds 2 (without the wait between rounds):\n";
    step([](const QStringList &, Context &c) { return runRounds(pairName, 2, c, false); }, {}, context, true);
    context.out << "7. ferry-cli conflicts acme-glx:\n";
    step(conflictsCommand, {pairName}, context, true);
    context.out << "8. ferry-cli status acme-glx:\n";
    step(statusCommand, {pairName}, context, true);
    context.out << "The labels of " << cloudKeys.at(0) << " merged on both sides; " << cloudKeys.at(1) << "'s partner "
                << "walked the Data Center workflow to Resolved; the conflict waits for an admin "
                   "(ferry-cli conflicts resolve).\nThe demo's sandboxes and state folder are gone when it ends.\n";
    return Success;
}

} // namespace ferry::cli
