#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/statedir.h"
#include "engine/issueactions.h"
#include "engine/issuesync.h"
#include "jira/jiraclient.h"
#include "jira/site.h"
#include "store/pairrepository.h"
#include "store/statestore.h"

#include <QCommandLineParser>
#include <QNetworkAccessManager>

namespace ferry::cli {

namespace {

const QString resyncUsage
    = QStringLiteral("Usage: ferry-cli resync NAME --side a|b --jql JQL\n\n"
                     "Asks the pair's next sync round to send again the linked issues of one side that the JQL\n"
                     "selects within the pair's scope: their fields are written over their partners' where they\n"
                     "differ, and their open conflicts are settled their way (as ferry-cli issue --resync does for\n"
                     "one issue). The site is asked for the selection; the issues are listed with what became of\n"
                     "each. Exit code 0 when every selected issue is resynced, 1 otherwise.\n");

} // namespace

int resyncCommand(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption side(QStringLiteral("side"), {}, QStringLiteral("a|b"));
    const QCommandLineOption jql(QStringLiteral("jql"), {}, QStringLiteral("JQL"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    parser.addOptions({side, jql, help});
    const bool parsed = parser.parse(QStringList{QStringLiteral("resync")} + arguments);
    if (parsed && parser.isSet(help)) {
        context.out << resyncUsage;
        return Success;
    }
    const std::optional<Side> which = sideNamed(parser.value(side).toLower());
    if (!parsed || parser.positionalArguments().size() != 1 || !which || parser.value(jql).trimmed().isEmpty()) {
        context.err << "ferry-cli resync: name a pair, --side a or b, and --jql\n\n" << resyncUsage;
        return UsageError;
    }
    const QString name = parser.positionalArguments().first();
    StateStore store(stateDirectory());
    const std::optional<qint64> pairId = openPair(store, name, QStringLiteral("resync"), context);
    if (!pairId)
        return Failure;
    const Result<PairConfig> config = PairRepository(store).get(name);
    if (!config)
        return failure(config.error(), context, QStringLiteral("ferry-cli resync"));
    SiteRegistry registry(stateDirectory());
    if (!loadRegistry(registry, context))
        return Failure;
    const PairSide &pairSide = config->side(*which);
    const Site *site = findSite(registry, pairSide.site, context);
    if (!site)
        return Failure;
    QNetworkAccessManager network;
    SiteMetadata metadata;
    const std::unique_ptr<JiraClient> client = connectSide(*site, pairSide.project, &network, context, &metadata);
    if (!client)
        return Failure;
    QStringList keys;
    QString error;
    runUntil([&](const std::function<void()> &done) {
        SearchReply *matching
            = client->search(QStringLiteral("%1 AND (%2) ORDER BY key").arg(pairSide.boundedScope(), parser.value(jql)),
                             {QStringLiteral("summary")});
        then(matching, matching, [&, done](SearchReply *search) {
            if (!search->ok())
                error = search->error().sentence();
            for (const QJsonObject &issue : search->issues())
                keys << issue.value(QStringLiteral("key")).toString();
            done();
        });
    });
    if (!error.isEmpty()) {
        context.err << "ferry-cli resync: the selection failed: " << error << '\n';
        return Failure;
    }
    int resynced = 0;
    for (const QString &key : std::as_const(keys)) {
        const Result<std::optional<IssueSync>> issue = IssueSync::read(store, *pairId, key, 0);
        const Result<QString> said = !issue ? issue.error()
            : *issue                        ? issueactions::resync(store, *pairId, name, **issue)
                                            : Error(QStringLiteral("not seen by the pair yet"));
        if (said) {
            ++resynced;
            context.out << "  " << key << ": resynced at the next round\n";
        } else {
            context.out << "  " << key << ": " << said.error().message() << '\n';
        }
    }
    context.out << resynced << " of " << keys.size() << (keys.size() == 1 ? " issue" : " issues")
                << " selected will be sent again at the next sync round of " << name << ".\n";
    return resynced == keys.size() ? Success : Failure;
}

} // namespace ferry::cli
