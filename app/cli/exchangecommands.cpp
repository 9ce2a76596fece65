#include "cli/cli.h"
#include "cli/cliutil.h"
#include "engine/pairedit.h"

#include "core/logsink.h"
#include "core/pairconfig.h"
#include "core/statedir.h"
#include "jira/jiraclient.h"
#include "jira/secrets.h"
#include "jira/site.h"
#include "store/pairrepository.h"
#include "store/statestore.h"
#include "transport/bundleexchange.h"
#include "transport/bundlekeystore.h"
#include "transport/handshake.h"
#include "transport/mailexchange.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QScopeGuard>

namespace ferry::cli {

namespace {

const QString handshakeUsage = QStringLiteral(
    "Usage: ferry-cli handshake export NAME (--out FILE | --mail) [--site SITE --project KEY [--side a|b]\n"
    "                                  [--key REF]]\n"
    "       ferry-cli handshake import FILE --code CODE --site SITE --project KEY --answer FILE [--name NAME]\n"
    "                                  [--key REF]\n"
    "       ferry-cli handshake import ANSWER\n"
    "       ferry-cli handshake import --mail NAME [--code CODE --site SITE --project KEY [--key REF]]\n\n"
    "Sets up a pair between two consoles that cannot reach each other's sites (the file and e-mail\n"
    "modes). The primary console (it owns the configuration) exports a handshake; its admin tells\n"
    "the code it prints to the other admin by phone. The secondary imports it with the code and its\n"
    "own site, and writes an answer; the primary imports the answer. Both then have the pair.\n\n"
    "  export   the first time with --site and --project (this console's side, a by default): the pair\n"
    "           is created awaiting its answer; again later to write the handshake anew (new code)\n"
    "  --key    where this side's secret bundle keys are kept: keychain (default) or file:PATH (a new\n"
    "           file, readable by its owner only); env:NAME may later hold what such a file holds\n"
    "  import   a handshake (with --code): creates the pair here, completing its configuration\n"
    "           from both sites' metadata, and writes the answer to --answer; an answer: connects\n"
    "           the pair that awaited it\n"
    "  --mail   e-mail mode (set the pair's mail settings first: ferry-cli mail set NAME): export sends\n"
    "           the handshake to the partner's address; import with --code takes it from this console's\n"
    "           mailbox and mails the answer back; import without --code takes the answer\n");

const QString bundleUsage
    = QStringLiteral("Usage: ferry-cli bundle export NAME --out FILE|FOLDER [--max-mb N]\n"
                     "       ferry-cli bundle import FILE...\n"
                     "       ferry-cli bundle folders NAME --outgoing FOLDER --incoming FOLDER [--every SECONDS]\n"
                     "       ferry-cli bundle folders NAME --off\n\n"
                     "Carries a pair's changes between two consoles by hand. A bundle holds this side's changes\n"
                     "that the other console has not confirmed yet (they go again until it does), the attachments\n"
                     "they carry, and what became of the other side's changes here; it is signed and encrypted for\n"
                     "the other console only. Import bundles in any order, twice, or late: each change is applied\n"
                     "once and in order; a bundle that comes before its turn waits until the ones before it arrive.\n"
                     "The changes imported are applied by the next round (ferry-cli sync NAME --once).\n\n"
                     "  --out      a folder (bundles named PAIR-SIDE-NUMBER.ferry) or a file (one bundle)\n"
                     "  --max-mb   the largest bundle; more changes go into further bundles (default 20)\n"
                     "  folders    automatic exchange: while the pair runs (ferry-cli sync NAME, or the console),\n"
                     "             bundles are written into --outgoing and read from --incoming, every 300 s or\n"
                     "             --every; each file read moves to processed/, or to rejected/ with a .reason.txt\n"
                     "Exit code of import: 0 when every file was imported, waits, or was imported before; 1 when\n"
                     "one was rejected (not for this console, damaged, altered, from a stranger).\n");

/// This console's bundle keys of a pair, from where they are kept.
std::optional<BundleKeyPair> readKeys(const ExchangeRepository::Exchange &exchange, Context &context)
{
    SecretStore secrets;
    if (context.sink)
        secrets.setRedactor(&context.sink->redactor());
    std::optional<BundleKeyPair> keys;
    QString problem;
    runUntil([&](const std::function<void()> &done) {
        bundlekeystore::read(secrets, exchange.keyRef, exchange.id, exchange.side,
                             [&](const std::optional<BundleKeyPair> &read, const QString &error) {
                                 keys = read;
                                 problem = error;
                                 done();
                             });
    });
    if (!keys)
        context.err << "ferry-cli: pair " << exchange.name << ": " << problem << '\n';
    return keys;
}

/// A pair's new bundle keys, kept where ref points.
std::optional<BundleKeyPair> keepKeys(const QString &ref, const QString &pairId, Side side, const BundleKeyPair &keys,
                                      Context &context)
{
    SecretStore secrets;
    QString problem;
    runUntil([&](const std::function<void()> &done) {
        bundlekeystore::keep(secrets, ref, pairId, side, keys, [&](const QString &error) {
            problem = error;
            done();
        });
    });
    if (!problem.isEmpty()) {
        context.err << "ferry-cli: the bundle keys cannot be kept: " << problem << '\n';
        return std::nullopt;
    }
    return keys;
}

/// What a site has for a project, read from it.
std::optional<SiteMetadata> readSite(const QString &siteName, const QString &project, Context &context)
{
    SiteRegistry registry(stateDirectory());
    if (!loadRegistry(registry, context))
        return std::nullopt;
    const Site *site = findSite(registry, siteName, context);
    if (!site)
        return std::nullopt;
    QNetworkAccessManager network;
    SiteMetadata metadata;
    if (!connectSide(*site, project, &network, context, &metadata))
        return std::nullopt;
    return metadata;
}

std::optional<ExchangeRepository::Exchange> exchangeNamed(StateStore &store, const QString &name, Context &context)
{
    const Result<std::optional<ExchangeRepository::Exchange>> exchange = ExchangeRepository(store).byName(name);
    if (!exchange) {
        failure(exchange.error(), context);
        return std::nullopt;
    }
    if (!*exchange)
        context.err << "ferry-cli: no pair named " << name
                    << " is exchanged by bundles on this console (ferry-cli pair list shows the pairs)\n";
    return *exchange;
}

/// A pair's mail, for the handshake commands: its settings, a client logged in with its
/// passwords, and the exchange that sends and takes handshakes.
struct MailSender {
    QString name;
    MailSettings settings;
    std::unique_ptr<MailClient> client;
    MailExchange exchange;

    static std::unique_ptr<MailSender> open(StateStore &store, const QString &name, Context &context)
    {
        const std::optional<MailSettings> settings = mailSettingsNamed(store, name, context);
        const std::optional<MailPasswords> passwords
            = settings ? readMailPasswordsNow(name, *settings, context) : std::nullopt;
        if (!passwords)
            return nullptr;
        auto client = std::make_unique<MailClient>(*settings, passwords->smtp, passwords->imap);
        MailClient &clientRef = *client;
        return std::unique_ptr<MailSender>(
            new MailSender{name, *settings, std::move(client), MailExchange(store, name, *settings, clientRef)});
    }

    /// A file of the handshake in the state folder.
    QString file(const QString &fileName) const { return QFileInfo(exchange.outbox()).dir().filePath(fileName); }

    bool send(const QString &path, Context &context)
    {
        if (auto sent = exchange.sendFile(path); !sent) {
            failure(sent.error().within(QStringLiteral("it could not be sent")), context,
                    QStringLiteral("ferry-cli handshake"));
            return false;
        }
        return true;
    }

    /// The answer to the handshake this console mailed for the pair; settle it once verified.
    std::optional<MailExchange::Taken> takeAnswer(StateStore &store, Context &context)
    {
        const std::optional<ExchangeRepository::Exchange> awaiting = exchangeNamed(store, name, context);
        if (!awaiting)
            return std::nullopt;
        const Result<std::optional<MailExchange::Taken>> answer = exchange.takeAnswer(awaiting->id);
        if (!answer) {
            failure(answer.error(), context, QStringLiteral("ferry-cli handshake import"));
            return std::nullopt;
        }
        if (!*answer)
            context.err << "ferry-cli handshake import: no answer to the handshake of pair " << name
                        << " has arrived yet; try again once the other admin has imported it\n";
        return *answer;
    }
};

int exportHandshake(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption out(QStringLiteral("out"), {}, QStringLiteral("file"));
    const QCommandLineOption site(QStringLiteral("site"), {}, QStringLiteral("site"));
    const QCommandLineOption project(QStringLiteral("project"), {}, QStringLiteral("key"));
    const QCommandLineOption side(QStringLiteral("side"), {}, QStringLiteral("a|b"), sideName(Side::A));
    const QCommandLineOption key(QStringLiteral("key"), {}, QStringLiteral("ref"), QStringLiteral("keychain"));
    const QCommandLineOption mail(QStringLiteral("mail"));
    parser.addOptions({out, site, project, side, key, mail});
    if (!parser.parse(QStringList{QStringLiteral("export")} + arguments) || parser.positionalArguments().size() != 1
        || (!parser.isSet(out) && !parser.isSet(mail)) || parser.isSet(site) != parser.isSet(project)
        || !sideNamed(parser.value(side))) {
        context.err << "ferry-cli handshake export: give a pair's name and --out or --mail\n\n" << handshakeUsage;
        return UsageError;
    }
    const QString name = parser.positionalArguments().first();
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    std::unique_ptr<MailSender> mailer;
    if (parser.isSet(mail) && !(mailer = MailSender::open(store, name, context)))
        return Failure;
    const QString who = QStringLiteral("ferry-cli handshake export");
    const Result<std::optional<ExchangeRepository::Exchange>> stored = ExchangeRepository(store).byName(name);
    if (!stored)
        return failure(stored.error(), context, who);
    std::optional<ExchangeRepository::Exchange> exchange = *stored;
    std::optional<BundleKeyPair> keys;
    if (!exchange) {
        if (!parser.isSet(site)) {
            context.err << who << ": pair " << name << " is new: give this side's --site and --project\n";
            return UsageError;
        }
        const QString projectKey = parser.value(project).toUpper();
        const std::optional<SiteMetadata> metadata = readSite(parser.value(site), projectKey, context);
        if (!metadata)
            return Failure;
        const BundleKeyPair made = BundleKeyPair::generate();
        const handshake::Offer offer = handshake::makeOffer(name, *sideNamed(parser.value(side)), parser.value(site),
                                                            projectKey, *metadata, made.publicKeys());
        keys = keepKeys(parser.value(key), offer.id, offer.primarySide, made, context);
        if (!keys)
            return Failure;
        if (auto begun = handshake::begin(store, offer, parser.value(key)); !begun)
            return failure(begun.error(), context, who);
        exchange = exchangeNamed(store, name, context);
    } else {
        keys = readKeys(*exchange, context);
    }
    if (!exchange || !keys)
        return Failure;
    const QString code = handshake::newCode();
    const QString path = parser.isSet(out) ? parser.value(out) : mailer->file(QStringLiteral("handshake.ferry"));
    if (auto written = handshake::write(*exchange, *keys, path, code); !written)
        return failure(written.error(), context, who);
    if (mailer && !mailer->send(path, context))
        return Failure;
    context.out << "Handshake of pair " << name
                << (mailer ? QStringLiteral(" sent by mail to %1").arg(mailer->settings.to)
                           : QStringLiteral(" written to %1").arg(QDir::toNativeSeparators(path)))
                << ".\n"
                << "Code: " << code << "\n"
                << "  Tell it to the other side's admin by phone or in person, not with the file; it is not kept.\n"
                << "This side's key fingerprint: " << keys->publicKeys().fingerprint() << "\n"
                << (mailer ? QStringLiteral("Next, on the other console: ferry-cli handshake import --mail NAME --code "
                                            "CODE --site SITE --project KEY\nthen here: ferry-cli handshake import "
                                            "--mail %1\n")
                                 .arg(name)
                           : QStringLiteral("Next, on the other console: ferry-cli handshake import FILE --code CODE "
                                            "--site SITE --project KEY --answer ANSWER\nthen here: ferry-cli "
                                            "handshake import ANSWER\n"));
    return Success;
}

int importHandshake(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption code(QStringLiteral("code"), {}, QStringLiteral("code"));
    const QCommandLineOption site(QStringLiteral("site"), {}, QStringLiteral("site"));
    const QCommandLineOption project(QStringLiteral("project"), {}, QStringLiteral("key"));
    const QCommandLineOption answerFile(QStringLiteral("answer"), {}, QStringLiteral("file"));
    const QCommandLineOption name(QStringLiteral("name"), {}, QStringLiteral("name"));
    const QCommandLineOption key(QStringLiteral("key"), {}, QStringLiteral("ref"), QStringLiteral("keychain"));
    const QCommandLineOption mail(QStringLiteral("mail"), {}, QStringLiteral("name"));
    parser.addOptions({code, site, project, answerFile, name, key, mail});
    if (!parser.parse(QStringList{QStringLiteral("import")} + arguments)
        || parser.positionalArguments().size() != (parser.isSet(mail) ? 0 : 1)) {
        context.err << "ferry-cli handshake import: give one file, or --mail and a pair's name\n\n" << handshakeUsage;
        return UsageError;
    }
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    const QString who = QStringLiteral("ferry-cli handshake import");
    std::unique_ptr<MailSender> mailer;
    QString path = parser.positionalArguments().value(0);
    std::optional<MailExchange::Taken> answer; ///< from the mailbox: it leaves it only once it proved itself
    bool accepted = false;
    if (parser.isSet(mail)) {
        if (!(mailer = MailSender::open(store, parser.value(mail), context)))
            return Failure;
        if (parser.isSet(code)) {
            const Result<QString> taken = mailer->exchange.takeHandshake(parser.value(code));
            if (!taken)
                return failure(taken.error(), context, who);
            path = *taken;
        } else {
            answer = mailer->takeAnswer(store, context);
            if (!answer)
                return Failure;
            path = answer->file;
        }
    }
    const auto settle = qScopeGuard([&] {
        if (answer)
            mailer->exchange.settle(*answer, accepted);
    });
    const QString inFile = QDir::toNativeSeparators(path);
    const Result<BundleHeader> header = BundleExchange::peek(path);
    if (!header)
        return failure(header.error().within(inFile), context, who);

    if (header->kind == QStringLiteral("answer")) {
        const Result<std::optional<ExchangeRepository::Exchange>> exchange
            = ExchangeRepository(store).byId(header->pair);
        if (!exchange)
            return failure(exchange.error(), context, who);
        if (!*exchange)
            return failure(Error(QStringLiteral("it answers a handshake this console did not write")), context, who);
        const std::optional<BundleKeyPair> keys = readKeys(**exchange, context);
        if (!keys)
            return Failure;
        const Result<PairConfig> config = handshake::complete(store, **exchange, *keys, path);
        if (!config)
            return failure(config.error().within(inFile), context, who);
        accepted = true;
        const Result<std::optional<ExchangeRepository::Exchange>> now = ExchangeRepository(store).byId(header->pair);
        context.out << "Pair " << config->name << " is connected: " << config->a.site << ":" << config->a.project
                    << " <-> " << config->b.site << ":" << config->b.project << ".\n"
                    << "The other side's key fingerprint: "
                    << BundlePublicKeys::fingerprintOf(now && *now ? (*now)->partnerKeys : QString())
                    << " (compare it with its admin)\n"
                    << (mailer
                            ? QStringLiteral("Bundles go by mail while it runs: ferry-cli sync %1\n").arg(config->name)
                            : QStringLiteral("Exchange bundles with: ferry-cli bundle export %1 --out FOLDER, and "
                                             "ferry-cli bundle import FILE\n")
                                  .arg(config->name));
        return Success;
    }
    if (header->kind != QStringLiteral("handshake")) {
        context.err
            << "ferry-cli handshake import: it is a bundle of changes; import it with ferry-cli bundle import\n";
        return UsageError;
    }
    if (!parser.isSet(code) || !parser.isSet(site) || !parser.isSet(project)
        || parser.isSet(answerFile) == (mailer != nullptr)) {
        context.err << "ferry-cli handshake import: a handshake needs --code, --site, --project, and --answer or "
                       "--mail\n\n"
                    << handshakeUsage;
        return UsageError;
    }
    const Result<handshake::Offer> offer = handshake::read(path, parser.value(code));
    if (!offer)
        return failure(offer.error().within(inFile), context, who);
    const QString pairName = mailer ? parser.value(mail) : parser.isSet(name) ? parser.value(name) : offer->name;
    const QString answerPath = mailer ? mailer->file(QStringLiteral("answer.ferry")) : parser.value(answerFile);
    const QString projectKey = parser.value(project).toUpper();
    const std::optional<SiteMetadata> metadata = readSite(parser.value(site), projectKey, context);
    if (!metadata)
        return Failure;
    const std::optional<BundleKeyPair> keys
        = keepKeys(parser.value(key), offer->id, otherSide(offer->primarySide), BundleKeyPair::generate(), context);
    if (!keys)
        return Failure;
    const PairSide own{parser.value(site), projectKey, QStringLiteral("project = ") + projectKey};
    const Result<PairConfig> config
        = handshake::answer(store, *offer, pairName, own, *metadata, *keys, parser.value(key), answerPath);
    if (!config)
        return failure(config.error(), context, who);
    if (mailer && !mailer->send(answerPath, context))
        return Failure;
    int doubtful = 0;
    for (const ValueMapping &m : config->issueTypes + config->statuses)
        doubtful += m.doubtful;
    for (const FieldMapping &m : config->fields)
        doubtful += m.doubtful;
    context.out << "Pair " << pairName << " created: " << config->a.site << ":" << config->a.project << " <-> "
                << config->b.site << ":" << config->b.project << " (" << config->fields.size() << " fields, "
                << config->issueTypes.size() << " issue types, " << config->statuses.size() << " statuses mapped"
                << (doubtful ? QStringLiteral(", %1 doubtful: see ferry-cli pair show %2").arg(doubtful).arg(pairName)
                             : QString())
                << ").\n"
                << (mailer ? QStringLiteral("Answer sent by mail to %1.\n").arg(mailer->settings.to)
                           : QStringLiteral("Answer written to %1; carry it to the other console.\n")
                                 .arg(QDir::toNativeSeparators(answerPath)))
                << "The other side's key fingerprint: " << offer->keys.fingerprint() << "\n"
                << "This side's key fingerprint:      " << keys->publicKeys().fingerprint()
                << " (compare both with the other admin)\n";
    return Success;
}

int exportBundle(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption out(QStringLiteral("out"), {}, QStringLiteral("file|folder"));
    const QCommandLineOption maxMb(QStringLiteral("max-mb"), {}, QStringLiteral("n"), QStringLiteral("20"));
    parser.addOptions({out, maxMb});
    bool sizeOk = false;
    if (!parser.parse(QStringList{QStringLiteral("export")} + arguments) || parser.positionalArguments().size() != 1
        || !parser.isSet(out) || (parser.value(maxMb).toInt(&sizeOk), !sizeOk) || parser.value(maxMb).toInt() < 1) {
        context.err << "ferry-cli bundle export: give a pair's name and --out\n\n" << bundleUsage;
        return UsageError;
    }
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    const std::optional<ExchangeRepository::Exchange> exchange
        = exchangeNamed(store, parser.positionalArguments().first(), context);
    const std::optional<BundleKeyPair> keys = exchange ? readKeys(*exchange, context) : std::nullopt;
    if (!keys)
        return Failure;
    const QString target = parser.value(out);
    const bool folder = QFileInfo(target).isDir();
    BundleExchange bundles(store, *exchange, *keys);
    const Result<BundleExchange::Exported> exported = bundles.exportTo(
        folder ? target : QString(), folder ? QString() : target, qint64(parser.value(maxMb).toInt()) * 1024 * 1024);
    if (!exported)
        return failure(exported.error(), context, QStringLiteral("ferry-cli bundle export"));
    for (const QString &file : exported->files)
        context.out << QDir::toNativeSeparators(file) << '\n';
    context.out << exported->files.size() << (exported->files.size() == 1 ? " bundle: " : " bundles: ") << exported->ops
                << " changes, " << exported->attachments << " attachments, " << exported->receipts << " receipts, "
                << exported->bytes << " bytes\n";
    return Success;
}

/// The exchange of the pair a bundle claims, its keys read once into exchanges.
Result<void> exchangeFor(StateStore &store, const BundleHeader &header, std::map<QString, BundleExchange> *exchanges,
                         Context &context)
{
    if (exchanges->contains(header.pair))
        return {};
    const Result<std::optional<ExchangeRepository::Exchange>> exchange = ExchangeRepository(store).byId(header.pair);
    if (!exchange)
        return exchange.error();
    if (!*exchange)
        return Error(QStringLiteral("it belongs to a pair this console does not have"));
    const std::optional<BundleKeyPair> keys = readKeys(**exchange, context);
    if (!keys)
        return Error(QStringLiteral("this side's bundle keys cannot be read"));
    exchanges->emplace(header.pair, BundleExchange(store, **exchange, *keys));
    return {};
}

int importBundles(const QStringList &arguments, Context &context)
{
    if (arguments.isEmpty() || arguments.first().startsWith(u'-')) {
        context.err << "ferry-cli bundle import: give one or more files\n\n" << bundleUsage;
        return UsageError;
    }
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    std::map<QString, BundleExchange> exchanges; // by pair id, keys read once
    int rejected = 0;
    for (const QString &path : arguments) {
        const QString shown = QDir::toNativeSeparators(path);
        const Result<BundleHeader> header = BundleExchange::peek(path);
        const Result<void> known = header ? exchangeFor(store, *header, &exchanges, context) : header.error();
        if (!known) {
            context.err << shown << ": rejected: " << known.error().message() << '\n';
            ++rejected;
            continue;
        }
        BundleExchange &exchange = exchanges.at(header->pair);
        const BundleExchange::Imported imported = exchange.importFile(path);
        switch (imported.result) {
        case BundleExchange::Outcome::Imported:
            context.out << shown << ": imported bundle " << imported.number << " of pair " << exchange.exchange().name
                        << ": " << imported.ops << " new changes, " << imported.receipts << " receipts\n";
            for (const QString &next : imported.alsoImported)
                context.out << "  and bundle " << next << ", which waited for it\n";
            break;
        case BundleExchange::Outcome::Early:
            context.out << shown << ": waits: " << imported.why << '\n';
            break;
        case BundleExchange::Outcome::Stale:
            context.out << shown << ": ignored: " << imported.why << '\n';
            break;
        case BundleExchange::Outcome::Rejected:
            context.err << shown << ": rejected: " << imported.why << '\n';
            ++rejected;
            break;
        }
    }
    return rejected ? Failure : Success;
}

int exchangeFolders(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption outgoing(QStringLiteral("outgoing"), {}, QStringLiteral("folder"));
    const QCommandLineOption incoming(QStringLiteral("incoming"), {}, QStringLiteral("folder"));
    const QCommandLineOption every(QStringLiteral("every"), {}, QStringLiteral("seconds"), QStringLiteral("300"));
    const QCommandLineOption off(QStringLiteral("off"));
    parser.addOptions({outgoing, incoming, every, off});
    const int seconds
        = parser.parse(QStringList{QStringLiteral("folders")} + arguments) ? parser.value(every).toInt() : 0;
    const bool setting = parser.isSet(outgoing) && parser.isSet(incoming) && !parser.isSet(off);
    if (parser.positionalArguments().size() != 1 || seconds < 1 || setting == parser.isSet(off)) {
        context.err << "ferry-cli bundle folders: give a pair's name and --outgoing and --incoming, or --off\n\n"
                    << bundleUsage;
        return UsageError;
    }
    for (const QString &folder : {parser.value(outgoing), parser.value(incoming)}) {
        if (setting && !QFileInfo(folder).isDir()) {
            context.err << "ferry-cli bundle folders: " << QDir::toNativeSeparators(folder)
                        << " is not a folder; create it (or mount the share) first\n";
            return Failure;
        }
    }
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    const std::optional<ExchangeRepository::Exchange> exchange
        = exchangeNamed(store, parser.positionalArguments().first(), context);
    if (!exchange)
        return Failure;
    const QString out = setting ? QFileInfo(parser.value(outgoing)).absoluteFilePath() : QString();
    const QString in = setting ? QFileInfo(parser.value(incoming)).absoluteFilePath() : QString();
    if (auto set = ExchangeRepository(store).setFolders(exchange->id, out, in, seconds); !set)
        return failure(set.error(), context, QStringLiteral("ferry-cli bundle folders"));
    if (setting)
        context.out << "Pair " << exchange->name << " writes bundles into " << QDir::toNativeSeparators(out)
                    << " and reads them from " << QDir::toNativeSeparators(in) << ", every " << seconds
                    << " s while it runs.\n";
    else
        context.out << "Pair " << exchange->name << " exchanges bundles by hand only.\n";
    return Success;
}

} // namespace

int changeConfiguration(const QStringList &arguments, Context &context, const QString &command)
{
    if (arguments.size() != 3 || arguments.at(1) != QStringLiteral("--file")) {
        context.err << "ferry-cli pair " << command << ": give a pair's name and --file FILE\n";
        return UsageError;
    }
    const QString name = arguments.first();
    QFile file(arguments.at(2));
    if (!file.open(QIODevice::ReadOnly)) {
        context.err << "ferry-cli pair " << command << ": cannot read " << file.fileName() << ": " << file.errorString()
                    << '\n';
        return Failure;
    }
    PairConfig config;
    QList<PairConfig::Problem> problems;
    if (!PairConfig::fromJson(QJsonDocument::fromJson(file.readAll()).object(), &config, &problems)) {
        for (const PairConfig::Problem &p : std::as_const(problems))
            context.err << file.fileName() << ": " << p.path << ": " << p.message << '\n';
        context.err << "ferry-cli pair " << command << ": " << problems.size() << " problem(s); nothing was stored.\n";
        return Failure;
    }
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    config.name = name;
    return storeConfiguration(store, config, context, command);
}

int storeConfiguration(StateStore &store, const PairConfig &config, Context &context, const QString &command)
{
    const QString &name = config.name;
    const Result<ConfigChange> change = changePairConfig(store, config);
    if (!change)
        return failure(change.error(), context, QStringLiteral("ferry-cli pair ") + command);
    if (change->kind == ConfigChange::Kind::Saved)
        context.out << "Version " << change->version << " of pair " << name
                    << "'s configuration is in force; a running pair uses it from its next start.\n";
    else
        context.out << "Version " << change->version << " of pair " << name
                    << "'s configuration is published: it goes with the next bundle. Version " << change->version - 1
                    << " stays in force on both consoles until the other one accepts it.\n";
    return Success;
}

int answerConfiguration(const QStringList &arguments, Context &context, bool accept)
{
    const QString command = accept ? QStringLiteral("accept") : QStringLiteral("decline");
    if (arguments.size() != 1) {
        context.err << "ferry-cli pair " << command << ": give a pair's name\n";
        return UsageError;
    }
    StateStore store(stateDirectory());
    if (!openStore(store, context))
        return Failure;
    const Result<int> version = answerOfferedConfig(store, arguments.first(), accept);
    if (!version)
        return failure(version.error(), context, QStringLiteral("ferry-cli pair ") + command);
    context.out << "Version " << *version << " of pair " << arguments.first() << "'s configuration is "
                << (accept ? "in force here" : "declined") << "; the other console hears it with the next bundle.\n";
    return Success;
}

int handshakeCommand(const QStringList &arguments, Context &context)
{
    return dispatch(QStringLiteral("handshake"), arguments, context, handshakeUsage,
                    {{QStringLiteral("export"), exportHandshake}, {QStringLiteral("import"), importHandshake}});
}

int bundleCommand(const QStringList &arguments, Context &context)
{
    return dispatch(QStringLiteral("bundle"), arguments, context, bundleUsage,
                    {{QStringLiteral("export"), exportBundle},
                     {QStringLiteral("import"), importBundles},
                     {QStringLiteral("folders"), exchangeFolders}});
}

} // namespace ferry::cli
