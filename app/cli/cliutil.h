#pragma once

#include "cli/cli.h"
#include "core/result.h"

#include <QObject>
#include <QString>

#include <csignal>

#include <functional>
#include <memory>
#include <optional>

namespace ferry {
class SiteRegistry;
class JiraClient;
class StateStore;
struct Site;
struct PairConfig;
struct SiteMetadata;
} // namespace ferry

class QNetworkAccessManager;

namespace ferry::cli {

/// While it lives, SIGINT and SIGTERM do not end the process: they emit requested() on the
/// event loop, so that a command stops cleanly (a second signal still does).
class StopRequest : public QObject {
    Q_OBJECT
public:
    StopRequest();
    ~StopRequest() override;

Q_SIGNALS:
    void requested();

private:
    struct sigaction m_previousInt { };
    struct sigaction m_previousTerm { };
};

/// Runs the event loop until done() is called; the CLI has no other loop running.
void runUntil(const std::function<void(const std::function<void()> &done)> &work);

/// Loads the sites of the state folder; false (with the reason on err) when they cannot be read.
bool loadRegistry(SiteRegistry &registry, Context &context);
bool saveRegistry(const SiteRegistry &registry, Context &context);
/// The site of that name, or null with a hint naming the configured ones.
const Site *findSite(const SiteRegistry &registry, const QString &name, Context &context);
/// One subcommand of a command ("site add"): its name and what runs it with the rest of the arguments.
struct Subcommand {
    QString name;
    std::function<int(const QStringList &arguments, Context &context)> run;
};
/// Runs the subcommand named by the first argument; --help prints usage; anything else is a usage error.
int dispatch(const QString &command, const QStringList &arguments, Context &context, const QString &usage,
             const QList<Subcommand> &subcommands);

/// Says on err why a step failed, after who failed ("ferry-cli pair create"); the exit code for it.
int failure(const Error &error, Context &context, const QString &who = QStringLiteral("ferry-cli"));

/// Opens the state store; false with the reason on err.
bool openStore(StateStore &store, Context &context);
/// Opens the store and finds a pair's row; nullopt with the reason on err, after "ferry-cli COMMAND: ".
std::optional<qint64> openPair(StateStore &store, const QString &pairName, const QString &command, Context &context);
/// The configuration in force of a stored pair and its version; nullopt when the state or the
/// pair cannot be read, said on err.
std::optional<PairConfig> configInForce(StateStore &store, const QString &name, int *version, Context &context);
/// A client for one side of a pair: its secret read, the deployment detected, the project found,
/// and what the site has for it (fields, types, statuses …) in metadata; null with the reason
/// and a hint on err.
std::unique_ptr<JiraClient> connectSide(const Site &site, const QString &project, QNetworkAccessManager *network,
                                        Context &context, SiteMetadata *metadata);

/// Runs a pair's sync rounds (limit 0: until stopped), printing each, the pair's poll interval
/// apart unless waitBetweenRounds is false; the exit code of "ferry-cli sync".
int runRounds(const QString &pairName, int limit, Context &context, bool waitBetweenRounds = true);

/// Reads a site's secret from where its reference points; empty with a reason in problem.
QString readSiteSecret(const Site &site, Context &context, QString *problem);

} // namespace ferry::cli
