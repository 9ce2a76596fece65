#include "cli/cliutil.h"

#include "core/logsink.h"
#include "core/pairconfig.h"
#include "engine/sideconnector.h"
#include "jira/jiraclient.h"
#include "jira/secrets.h"
#include "jira/site.h"
#include "store/pairrepository.h"
#include "store/statestore.h"

#include <QEventLoop>
#include <QSocketNotifier>

#include <fcntl.h>
#include <unistd.h>

namespace ferry::cli {

namespace {

int stopPipe[2] = {-1, -1};

void onStopSignal(int signal)
{
    // Only what is safe in a signal handler: one write; the next signal ends the process.
    const char byte = char(signal);
    [[maybe_unused]] const ssize_t written = ::write(stopPipe[1], &byte, 1);
    std::signal(signal, SIG_DFL);
}

} // namespace

StopRequest::StopRequest()
{
    if (::pipe2(stopPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    auto *notifier = new QSocketNotifier(stopPipe[0], QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        while (::read(stopPipe[0], &byte, 1) == 1) { }
        Q_EMIT requested();
    });
    struct sigaction action { };
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &m_previousInt);
    sigaction(SIGTERM, &action, &m_previousTerm);
}

StopRequest::~StopRequest()
{
    if (stopPipe[0] < 0)
        return;
    sigaction(SIGINT, &m_previousInt, nullptr);
    sigaction(SIGTERM, &m_previousTerm, nullptr);
    ::close(stopPipe[0]);
    ::close(stopPipe[1]);
    stopPipe[0] = stopPipe[1] = -1;
}

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
    // "--help" anywhere asks for the command's help (which covers each subcommand), as git's do.
    if (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"))) {
        context.out << usage;
        return Success;
    }
    for (const Subcommand &subcommand : subcommands) {
        if (subcommand.name == name)
            return subcommand.run(arguments.mid(1), context);
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

int failure(const Error &error, Context &context, const QString &who)
{
    context.err << who << ": " << error.message() << '\n';
    return Failure;
}

bool openStore(StateStore &store, Context &context)
{
    if (auto opened = store.open(); !opened) {
        failure(opened.error(), context);
        return false;
    }
    return true;
}

std::optional<qint64> openPair(StateStore &store, const QString &pairName, const QString &command, Context &context)
{
    if (!openStore(store, context))
        return std::nullopt;
    const Result<qint64> pairId = PairRepository(store).id(pairName);
    if (!pairId) {
        failure(pairId.error(), context, QStringLiteral("ferry-cli ") + command);
        return std::nullopt;
    }
    return *pairId;
}

std::optional<PairConfig> configInForce(StateStore &store, const QString &name, int *version, Context &context)
{
    if (!openStore(store, context))
        return std::nullopt;
    Result<PairConfig> config = PairRepository(store).get(name, version);
    if (!config) {
        failure(config.error(), context);
        return std::nullopt;
    }
    return std::move(*config);
}

std::unique_ptr<JiraClient> connectSide(const Site &site, const QString &project, QNetworkAccessManager *network,
                                        Context &context, SiteMetadata *metadata)
{
    SideConnector connector(site, project, network, context.sink ? &context.sink->redactor() : nullptr);
    QString error;
    runUntil([&](const std::function<void()> &done) {
        QObject::connect(&connector, &SideConnector::finished, &connector, [&](const QString &problem) {
            error = problem;
            done();
        });
        connector.connectToSite();
    });
    if (!error.isEmpty()) {
        context.err << "ferry-cli: " << error << '\n';
        return nullptr;
    }
    *metadata = connector.metadata();
    return connector.takeClient();
}

} // namespace ferry::cli
