#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/logsink.h"
#include "core/statedir.h"
#include "jira/secrets.h"
#include "store/mailaccounts.h"
#include "store/statestore.h"
#include "transport/mailexchange.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace ferry::cli {

namespace {

const QString mailUsage = QStringLiteral(
    "Usage: ferry-cli mail set NAME --smtp URL --imap URL --from ADDRESS --to ADDRESS [--user USER]\n"
    "                          [--smtp-user USER] [--imap-user USER] [--password REF] [--folder FOLDER]\n"
    "                          [--processed FOLDER] [--max-mb N] [--ca-file FILE] [--every SECONDS]\n"
    "       ferry-cli mail show NAME\n"
    "       ferry-cli mail check NAME [--no-send]\n"
    "       ferry-cli mail off NAME\n\n"
    "E-mail mode: a pair's bundles travel as e-mail between two consoles that can reach only their\n"
    "own mail servers. Each console sends to the partner's address and reads its own mailbox. Set\n"
    "the mail settings under the pair's name before the handshake (it travels by mail too:\n"
    "ferry-cli handshake export NAME ... --mail); while the pair runs (ferry-cli sync NAME, or the\n"
    "console), mail is exchanged every 300 s or --every.\n\n"
    "  --smtp       smtps://HOST:465 (TLS) or smtp://HOST:587 (STARTTLS, required)\n"
    "  --imap       imaps://HOST:993 (TLS) or imap://HOST:143 (STARTTLS, required)\n"
    "  --from       this console's address, whose mailbox --imap reads\n"
    "  --to         the partner console's address\n"
    "  --user       the login of both servers (or --smtp-user and --imap-user)\n"
    "  --password   keychain (default: typed at the prompt or piped on stdin, one line per server\n"
    "               unless both have the same user), env:NAME or file:PATH\n"
    "  --folder     where the partner's messages arrive (INBOX); --processed: where they go once\n"
    "               read (Ferry; created when missing)\n"
    "  --max-mb     the largest message the servers take (10); a larger bundle goes in parts\n"
    "  --ca-file    the certificate authorities to trust instead of the system's (an internal CA)\n"
    "  check        tests both servers: connection, TLS, login, folder, and a message to this\n"
    "               console's own address that must arrive (--no-send leaves it out)\n"
    "Exit code of check: 0 when every line passed, 1 otherwise.\n");

int setMail(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption smtp(QStringLiteral("smtp"), {}, QStringLiteral("url"));
    const QCommandLineOption imap(QStringLiteral("imap"), {}, QStringLiteral("url"));
    const QCommandLineOption from(QStringLiteral("from"), {}, QStringLiteral("address"));
    const QCommandLineOption to(QStringLiteral("to"), {}, QStringLiteral("address"));
    const QCommandLineOption user(QStringLiteral("user"), {}, QStringLiteral("user"));
    const QCommandLineOption smtpUser(QStringLiteral("smtp-user"), {}, QStringLiteral("user"));
    const QCommandLineOption imapUser(QStringLiteral("imap-user"), {}, QStringLiteral("user"));
    const QCommandLineOption password(QStringLiteral("password"), {}, QStringLiteral("ref"),
                                      QStringLiteral("keychain"));
    const QCommandLineOption folder(QStringLiteral("folder"), {}, QStringLiteral("folder"));
    const QCommandLineOption processed(QStringLiteral("processed"), {}, QStringLiteral("folder"));
    const QCommandLineOption maxMb(QStringLiteral("max-mb"), {}, QStringLiteral("n"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"), {}, QStringLiteral("file"));
    const QCommandLineOption every(QStringLiteral("every"), {}, QStringLiteral("seconds"));
    parser.addOptions(
        {smtp, imap, from, to, user, smtpUser, imapUser, password, folder, processed, maxMb, caFile, every});
    if (!parser.parse(QStringList{QStringLiteral("set")} + arguments) || parser.positionalArguments().size() != 1
        || !parser.isSet(smtp) || !parser.isSet(imap) || !parser.isSet(from) || !parser.isSet(to)) {
        context.err << "ferry-cli mail set: give a pair's name, --smtp, --imap, --from and --to\n\n" << mailUsage;
        return UsageError;
    }
    const QString name = parser.positionalArguments().first();
    QString error;
    std::optional<MailServer> smtpServer = MailServer::fromUrl(parser.value(smtp), QStringLiteral("smtp"), &error);
    std::optional<MailServer> imapServer
        = smtpServer ? MailServer::fromUrl(parser.value(imap), QStringLiteral("imap"), &error) : std::nullopt;
    SecretRef ref;
    if (!imapServer || !SecretRef::parse(parser.value(password), &ref, &error)) {
        context.err << "ferry-cli mail set: " << error << '\n';
        return UsageError;
    }
    MailSettings settings;
    settings.smtp = *smtpServer;
    settings.imap = *imapServer;
    settings.smtp.user = parser.isSet(smtpUser) ? parser.value(smtpUser) : parser.value(user);
    settings.imap.user = parser.isSet(imapUser) ? parser.value(imapUser) : parser.value(user);
    settings.smtp.passwordRef = settings.imap.passwordRef = ref.toString();
    settings.from = parser.value(from);
    settings.to = parser.value(to);
    if (parser.isSet(folder))
        settings.folder = parser.value(folder);
    if (parser.isSet(processed))
        settings.processedFolder = parser.value(processed);
    if (parser.isSet(maxMb))
        settings.maxMessageBytes = qint64(parser.value(maxMb).toDouble() * 1024 * 1024);
    if (parser.isSet(caFile))
        settings.caFile = QFileInfo(parser.value(caFile)).absoluteFilePath();
    if (parser.isSet(every))
        settings.interval = parser.value(every).toInt();
    if (const QStringList problems = settings.problems(); !problems.isEmpty()) {
        context.err << "ferry-cli mail set: " << problems.join(QStringLiteral("\n  ")) << '\n';
        return UsageError;
    }

    if (ref.kind == SecretRef::Kind::Keychain) {
        const QString smtpPassword = context.readSecret(
            QStringLiteral("Password of %1 at %2: ").arg(settings.smtp.user, settings.smtp.address()));
        const QString imapPassword = settings.imap.user == settings.smtp.user
            ? smtpPassword
            : context.readSecret(
                QStringLiteral("Password of %1 at %2: ").arg(settings.imap.user, settings.imap.address()));
        if (smtpPassword.isEmpty() || imapPassword.isEmpty()) {
            context.err << "ferry-cli mail set: no password given. Type it at the prompt or pipe it on stdin; or "
                           "use --password env:NAME or file:PATH.\n";
            return UsageError;
        }
        SecretStore secrets;
        QString problem;
        runUntil([&](const std::function<void()> &done) {
            secrets.storeInKeychain(mailKeychainAccount(name, QStringLiteral("smtp")), smtpPassword,
                                    [&](const QString &smtpError) {
                                        problem = smtpError;
                                        secrets.storeInKeychain(mailKeychainAccount(name, QStringLiteral("imap")),
                                                                imapPassword, [&](const QString &imapError) {
                                                                    problem = problem.isEmpty() ? imapError : problem;
                                                                    done();
                                                                });
                                    });
        });
        if (!problem.isEmpty()) {
            context.err << "ferry-cli mail set: the passwords cannot be kept: " << problem << '\n';
            return Failure;
        }
    }
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    if (auto saved = MailAccounts(store).save(name, settings.toJson()); !saved)
        return failure(saved.error(), context, QStringLiteral("ferry-cli mail set"));
    context.out << "Mail settings of pair " << name << " saved: sent through " << settings.smtp.address() << " to "
                << settings.to << ", read from " << settings.folder << " of " << settings.imap.user << " at "
                << settings.imap.address() << ".\n"
                << "Test them with: ferry-cli mail check " << name << '\n';
    return Success;
}

int showMail(const QStringList &arguments, Context &context)
{
    if (arguments.size() != 1) {
        context.err << "ferry-cli mail show: give a pair's name\n\n" << mailUsage;
        return UsageError;
    }
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    const std::optional<MailSettings> settings = mailSettingsNamed(store, arguments.first(), context);
    if (!settings)
        return Failure;
    const std::optional<MailAccounts::Account> account
        = MailAccounts(store).byName(arguments.first()).valueOr(std::nullopt); // read just before, with its settings
    context.out << "SMTP       " << settings->smtp.url(QStringLiteral("smtp")) << " as " << settings->smtp.user
                << " (password: " << settings->smtp.passwordRef << ")\n"
                << "IMAP       " << settings->imap.url(QStringLiteral("imap")) << " as " << settings->imap.user
                << " (password: " << settings->imap.passwordRef << ")\n"
                << "From       " << settings->from << "\n"
                << "To         " << settings->to << "\n"
                << "Folders    " << settings->folder << ", processed into " << settings->processedFolder << "\n"
                << "Largest    " << QString::number(double(settings->maxMessageBytes) / (1024 * 1024), 'f', 1)
                << " MB per message\n"
                << "CA file    " << (settings->caFile.isEmpty() ? QStringLiteral("(the system's)") : settings->caFile)
                << "\n"
                << "Every      " << settings->interval << " s\n"
                << "Read up to " << (account ? account->lastUid : 0) << " (UIDVALIDITY "
                << (account ? account->uidValidity : 0) << ")\n";
    return Success;
}

int checkMailCommand(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption noSend(QStringLiteral("no-send"));
    parser.addOption(noSend);
    if (!parser.parse(QStringList{QStringLiteral("check")} + arguments) || parser.positionalArguments().size() != 1) {
        context.err << "ferry-cli mail check: give a pair's name\n\n" << mailUsage;
        return UsageError;
    }
    const QString name = parser.positionalArguments().first();
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    const std::optional<MailSettings> settings = mailSettingsNamed(store, name, context);
    if (!settings)
        return Failure;
    const std::optional<MailPasswords> passwords = readMailPasswordsNow(name, *settings, context);
    if (!passwords)
        return Failure;
    MailClient client(*settings, passwords->smtp, passwords->imap);
    bool passed = true;
    for (const MailCheck &line : checkMail(client, *settings, !parser.isSet(noSend))) {
        context.out << (line.passed ? "  ok    " : "  FAIL  ") << line.text << '\n';
        passed = passed && line.passed;
    }
    return passed ? Success : Failure;
}

int mailOff(const QStringList &arguments, Context &context)
{
    if (arguments.size() != 1) {
        context.err << "ferry-cli mail off: give a pair's name\n\n" << mailUsage;
        return UsageError;
    }
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    if (!mailSettingsNamed(store, arguments.first(), context))
        return Failure;
    if (auto removed = MailAccounts(store).remove(arguments.first()); !removed)
        return failure(removed.error(), context, QStringLiteral("ferry-cli mail off"));
    SecretStore secrets;
    runUntil([&](const std::function<void()> &done) {
        secrets.removeFromKeychain(
            mailKeychainAccount(arguments.first(), QStringLiteral("smtp")), [&](const QString &) {
                secrets.removeFromKeychain(mailKeychainAccount(arguments.first(), QStringLiteral("imap")),
                                           [&](const QString &) { done(); });
            });
    });
    context.out << "Pair " << arguments.first() << " no longer exchanges by mail; its passwords left the keychain.\n";
    return Success;
}

} // namespace

std::optional<MailSettings> mailSettingsNamed(StateStore &store, const QString &name, Context &context)
{
    const Result<std::optional<MailAccounts::Account>> account = MailAccounts(store).byName(name);
    if (!account) {
        failure(account.error(), context);
        return std::nullopt;
    }
    if (!*account) {
        context.err << "ferry-cli: pair " << name << " has no mail settings; set them first with ferry-cli mail set "
                    << name << '\n';
        return std::nullopt;
    }
    QString error;
    std::optional<MailSettings> settings = MailSettings::fromJson((*account)->settings, &error);
    if (!settings)
        context.err << "ferry-cli: " << error << '\n';
    return settings;
}

std::optional<MailPasswords> readMailPasswordsNow(const QString &name, const MailSettings &settings, Context &context)
{
    SecretStore secrets;
    if (context.sink)
        secrets.setRedactor(&context.sink->redactor());
    std::optional<MailPasswords> passwords;
    QString problem;
    runUntil([&](const std::function<void()> &done) {
        readMailPasswords(secrets, name, settings, [&](const QString &smtp, const QString &imap, const QString &error) {
            problem = error;
            if (error.isEmpty())
                passwords = MailPasswords{smtp, imap};
            done();
        });
    });
    if (!passwords)
        context.err << "ferry-cli: " << problem << '\n';
    return passwords;
}

int mailCommand(const QStringList &arguments, Context &context)
{
    return dispatch(QStringLiteral("mail"), arguments, context, mailUsage,
                    {{QStringLiteral("set"), setMail},
                     {QStringLiteral("show"), showMail},
                     {QStringLiteral("check"), checkMailCommand},
                     {QStringLiteral("off"), mailOff}});
}

} // namespace ferry::cli
