#include "cli/cliutil.h"

#include "core/logsink.h"
#include "jira/secrets.h"
#include "jira/site.h"

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

} // namespace ferry::cli
