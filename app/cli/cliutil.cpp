#include "cli/cliutil.h"

#include "core/logsink.h"
#include "core/pairconfig.h"
#include "jira/jiraclient.h"
#include "jira/secrets.h"
#include "jira/site.h"
#include "store/statestore.h"

#include <QEventLoop>

namespace ferry::cli {

void runUntil(const std::function<void(const std::function<void()> &done)> &work)
{
    QEventLoop loop;
    bool finished = false;
    work([&] {
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
}

bool loadRegistry(SiteRegistry &registry, Context &context)
{
    QString error;
    if (registry.load(&error))
        return true;
    context.err << "ferry-cli: " << error << '\n';
    return false;
}

bool saveRegistry(const SiteRegistry &registry, Context &context)
{
    QString error;
    if (registry.save(&error))
        return true;
    context.err << "ferry-cli: " << error << '\n';
    return false;
}

const Site *findSite(const SiteRegistry &registry, const QString &name, Context &context)
{
    if (const Site *site = registry.find(name))
        return site;
    QStringList names;
    for (const Site &s : registry.sites())
        names << s.name;
    context.err << "ferry-cli: there is no site named '" << name << "'. "
                << (names.isEmpty() ? QStringLiteral("No site is configured yet; add one with ferry-cli site add.")
                                    : QStringLiteral("Configured: %1.").arg(names.join(QStringLiteral(", "))))
                << '\n';
    return nullptr;
}

int dispatch(const QString &command, const QStringList &arguments, Context &context, const QString &usage,
             const QList<Subcommand> &subcommands)
{
    const QString name = arguments.value(0);
    for (const Subcommand &subcommand : subcommands) {
        if (subcommand.name == name)
            return subcommand.run(arguments.mid(1), context);
    }
    if (name == QStringLiteral("--help") || name == QStringLiteral("-h")) {
        context.out << usage;
        return Success;
    }
    context.err << (name.isEmpty() ? QStringLiteral("ferry-cli %1: name a subcommand\n\n").arg(command)
                                   : QStringLiteral("ferry-cli %1: unknown subcommand '%2'\n\n").arg(command, name))
                << usage;
    return UsageError;
}

QString readSiteSecret(const Site &site, Context &context, QString *problem)
{
    SecretStore secrets;
    if (context.sink)
        secrets.setRedactor(&context.sink->redactor());
    QString secret;
    runUntil([&](const std::function<void()> &done) {
        secrets.read(site.secret, site.name, site.user, [&](const QString &value, const QString &error) {
            secret = value;
            *problem = error;
            done();
        });
    });
    return secret;
}

bool openStore(StateStore &store, Context &context)
{
    QString error;
    if (store.open(&error))
        return true;
    context.err << "ferry-cli: " << error << '\n';
    return false;
}

std::unique_ptr<JiraClient> connectSide(const Site &site, const QString &project, QNetworkAccessManager *network,
                                        Context &context, SiteMetadata *metadata)
{
    QString problem;
    const QString secret = readSiteSecret(site, context, &problem);
    if (!problem.isEmpty()) {
        context.err << "ferry-cli: site " << site.name << ": " << problem << '\n';
        return nullptr;
    }
    auto owned = std::make_unique<JiraClient>(site, secret, network);
    JiraClient &client = *owned;
    JiraError failure;
    runUntil([&](const std::function<void()> &done) {
        JiraReply *detect = client.detectDeployment();
        QObject::connect(detect, &JiraReply::finished, detect, [&, detect] {
            if (!detect->ok()) {
                failure = detect->error();
                return done();
            }
            JiraReply *projectReply = client.get(client.api(QStringLiteral("/project/") + project));
            QObject::connect(projectReply, &JiraReply::finished, projectReply, [&, projectReply] {
                if (!projectReply->ok()) {
                    failure = projectReply->error();
                    return done();
                }
                JiraReply *meta = client.metadata();
                QObject::connect(meta, &JiraReply::finished, meta, [&, meta] {
                    if (meta->ok())
                        *metadata = {meta->object(),
                                     client.deployment() == JiraClient::Deployment::Cloud ? QStringLiteral("cloud")
                                                                                          : QStringLiteral("dc"),
                                     {}};
                    else
                        failure = meta->error();
                    done();
                });
            });
        });
    });
    if (failure.isError()) {
        context.err << "ferry-cli: site " << site.name << ", project " << project << ": " << failure.sentence()
                    << "\n  Check it with: ferry-cli site check " << site.name << " --project " << project << '\n';
        return nullptr;
    }
    return owned;
}

} // namespace ferry::cli
