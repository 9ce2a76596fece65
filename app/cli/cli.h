#pragma once

#include <QStringList>
#include <QTextStream>

#include <optional>

namespace ferry {
class LogSink;
class StateStore;
struct MailSettings;
struct PairConfig;
} // namespace ferry

namespace ferry::cli {

/// Exit codes of ferry-cli.
enum ExitCode : int { Success = 0, Failure = 1, UsageError = 2 };

/// What a command works with.
struct Context {
    QTextStream &out; ///< results
    QTextStream &err; ///< errors and hints
    LogSink *sink = nullptr;
    /// Where secrets for "keychain" come from when a command needs one typed in: a prompt
    /// without echo on a terminal, else the first line of stdin. Tests replace it.
    std::function<QString(const QString &prompt)> readSecret;
};

/// Runs one ferry-cli invocation. arguments excludes the program name. Needs a
/// QCoreApplication; commands that talk to the network run its event loop until they are done.
int run(const QStringList &arguments, Context &context);

/// Reads a secret from the terminal without echo, or the first line of stdin.
QString readSecretFromStdin(const QString &prompt);

/// The site commands: add, list, check, remove.
int siteCommand(const QStringList &arguments, Context &context);
/// The pair commands: suggest, create, list, show, export, remove.
int pairCommand(const QStringList &arguments, Context &context);
/// Runs a pair: rounds of detecting and applying changes between its two sites.
int syncCommand(const QStringList &arguments, Context &context);
/// Lists a pair's open conflicts, or resolves one.
int conflictsCommand(const QStringList &arguments, Context &context);
/// Shows where a pair stands.
int statusCommand(const QStringList &arguments, Context &context);
/// Retries a pair's parked issues now.
int retryCommand(const QStringList &arguments, Context &context);
int issueCommand(const QStringList &arguments, Context &context);
int resyncCommand(const QStringList &arguments, Context &context);
/// Runs two sandboxes and a pair between them, and shows what syncing does.
int demoCommand(const QStringList &arguments, Context &context);
/// Sets up a pair between two consoles that exchange bundles.
int handshakeCommand(const QStringList &arguments, Context &context);
/// Exports and imports a pair's bundles by hand.
int bundleCommand(const QStringList &arguments, Context &context);
/// A pair exchanged by bundles: the primary publishes a new configuration, the secondary accepts
/// or declines it ("pair publish|accept|decline").
int changeConfiguration(const QStringList &arguments, Context &context, const QString &command);
/// Puts a changed configuration of a stored pair in force (or publishes it), and says which.
int storeConfiguration(StateStore &store, const PairConfig &config, Context &context, const QString &command);
int answerConfiguration(const QStringList &arguments, Context &context, bool accept);
/// A pair's requirements for its connection mode, each a pass/fail line: sites, licenses,
/// license service, mail servers or folders ("pair check").
int checkPair(const QStringList &arguments, Context &context);
/// Who is who on a pair's two sites, and the users table as CSV ("pair users").
int pairUsers(const QStringList &arguments, Context &context);
/// Licenses: install, list, show, check, trial, remove, service, trust.
int licenseCommand(const QStringList &arguments, Context &context);
/// A pair's mail settings: set, show, check, off.
int mailCommand(const QStringList &arguments, Context &context);
struct MailPasswords {
    QString smtp;
    QString imap;
};
/// A pair's mail settings; nullopt with the reason (none set, or unreadable) on err.
std::optional<MailSettings> mailSettingsNamed(StateStore &store, const QString &name, Context &context);
/// Reads a pair's mail passwords from where they are kept; nullopt with the reason on err.
std::optional<MailPasswords> readMailPasswordsNow(const QString &name, const MailSettings &settings, Context &context);
/// Converts rich text between wiki markup and ADF.
int convertCommand(const QStringList &arguments, Context &context);

} // namespace ferry::cli
