#include "engine/pairsetup.h"

#include "core/secretredactor.h"

#include "engine/dryrun.h"
#include "engine/fieldtranslator.h"
#include "engine/pairedit.h"
#include "engine/sideconnector.h"
#include "jira/jiraclient.h"
#include "jira/secrets.h"
#include "license/licenseclient.h"
#include "license/licensestate.h"
#include "mail/mailclient.h"
#include "store/exchangerepository.h"
#include "store/mailaccounts.h"
#include "store/pairrepository.h"
#include "store/statestore.h"
#include "transport/bundleexchange.h"
#include "transport/bundlekeystore.h"
#include "transport/handshake.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QNetworkAccessManager>

#include <algorithm>
#include <array>
#include <memory>
#include <tuple>

namespace ferry {

namespace {

/// A plan that could not be made: the reason as its one line.
LicensePlan failedPlan(const QString &why)
{
    LicensePlan plan;
    plan.lines << Requirement{QStringLiteral("state"), false, why, {}};
    return plan;
}

} // namespace

/// Lives on the setup's thread, with its own network access, store connection and the
/// connections to the sides of the pair being set up.
class PairSetupWorker : public QObject {
    Q_OBJECT
public:
    /// Answers go out as the facade's signals, queued to the thread its receivers live on.
    PairSetupWorker(PairSetup *facade, const QString &stateDirectory, SecretRedactor *redactor)
        : m_facade(facade)
        , m_stateDirectory(stateDirectory)
        , m_redactor(redactor)
    {
    }

    void checkSite(int panel, const SetupSide &setup)
    {
        withSecret(setup, [this, panel, setup](const QString &secret, const QString &error) {
            if (!error.isEmpty())
                return Q_EMIT m_facade->siteChecked(panel, {{QStringLiteral("secret"), false, error, secretFix(setup)}},
                                                    false, {}, {});
            // Kept until the panel is checked again: its replies outlive this call.
            m_checkClients[panel] = std::make_unique<JiraClient>(setup.site, secret, network());
            JiraClient *client = m_checkClients[panel].get();
            JiraClient::Options options;
            options.transferTimeoutMs = 20'000;
            options.maxAttempts = 2;
            client->setOptions(options);
            auto *check = new SiteCheck(client, setup.project, this);
            connect(check, &SiteCheck::finished, this, [this, panel, check, client] {
                check->deleteLater();
                const QString deployment = client->deployment() == JiraClient::Deployment::Cloud
                    ? QStringLiteral("cloud")
                    : client->deployment() == JiraClient::Deployment::DataCenter ? QStringLiteral("dc")
                                                                                 : QString();
                const QList<SiteCheck::Line> lines = check->lines();
                const bool passed = check->passed();
                if (deployment.isEmpty())
                    return Q_EMIT m_facade->siteChecked(panel, lines, passed, deployment, {});
                then(client->projects(), this, [this, panel, lines, passed, deployment](JiraReply *listed) {
                    QList<ProjectChoice> projects;
                    for (const QJsonValue &p : listed->json().array())
                        projects.append({p.toObject().value(QStringLiteral("key")).toString(),
                                         p.toObject().value(QStringLiteral("name")).toString()});
                    Q_EMIT m_facade->siteChecked(panel, lines, passed, deployment, projects);
                });
            });
            check->start();
        });
    }

    void connectSides(const SetupSide &a, const SetupSide &b)
    {
        connectEach({a, b}, [this](const QString &error) { Q_EMIT m_facade->connected(error, m_meta.a, m_meta.b); });
    }

    void open(const QString &name)
    {
        OpenedPair opened;
        opened.name = name;
        const auto fail = [&](const QString &error) {
            opened.error = error;
            Q_EMIT m_facade->pairOpened(opened);
        };
        if (auto opening = openStore(); !opening)
            return fail(opening.error().message());
        SiteRegistry registry(m_stateDirectory);
        if (QString error; !registry.load(&error))
            return fail(error);
        const Result<PairConfig> config = PairRepository(*m_store).get(name, &opened.version);
        if (!config)
            return fail(config.error().message());
        const Result<std::optional<ExchangeRepository::Exchange>> stored = ExchangeRepository(*m_store).byName(name);
        if (!stored)
            return fail(stored.error().message());
        const std::optional<ExchangeRepository::Exchange> &exchange = *stored;
        opened.config = *config;
        PerSide<std::optional<SetupSide>> sides;
        for (Side side : bothSides) {
            const bool local = !exchange || exchange->side == side;
            const Site *site = registry.find(config->side(side).site);
            if (local && site)
                sides[side] = SetupSide{*site, {}, config->side(side).project, false};
        }
        if (exchange) {
            opened.bundleRole = exchange->role;
            opened.proposalState = exchange->proposalState;
            opened.proposalVersion = exchange->proposal.value(QStringLiteral("version")).toInt();
            QList<PairConfig::Problem> ignored;
            PairConfig::fromJson(exchange->proposal.value(QStringLiteral("config")).toObject(), &opened.proposal,
                                 &ignored);
            m_meta[exchange->partnerSide()] = SiteMetadata::fromJson(exchange->partnerMetadata);
        }
        connectEach(sides, [this, opened](const QString &problem) mutable {
            opened.sitesError = problem;
            opened.a = m_meta.a;
            opened.b = m_meta.b;
            Q_EMIT m_facade->pairOpened(opened);
        });
    }

    void change(const PairConfig &config)
    {
        if (auto opening = openStore(); !opening)
            return Q_EMIT m_facade->configChanged(config.name, 0, false, opening.error().message());
        const Result<ConfigChange> change = changePairConfig(*m_store, config);
        Q_EMIT m_facade->configChanged(config.name, change ? change->version : 0,
                                       change && change->kind == ConfigChange::Kind::Published,
                                       change ? QString() : change.error().message());
    }

    void answer(const QString &name, bool accept)
    {
        if (auto opening = openStore(); !opening)
            return Q_EMIT m_facade->offerAnswered(name, 0, accept, opening.error().message());
        const Result<int> version = answerOfferedConfig(*m_store, name, accept);
        Q_EMIT m_facade->offerAnswered(name, version.valueOr(0), accept,
                                       version ? QString() : version.error().message());
    }

    void countIssues(Side side, const QString &jql)
    {
        if (!m_clients[side])
            return Q_EMIT m_facade->counted(side, jql, 0, QStringLiteral("the site is not connected"));
        then(m_clients[side]->countIssues(jql), this, [this, side, jql](JiraReply *count) {
            Q_EMIT m_facade->counted(side, jql, count->object().value(QStringLiteral("count")).toInt(),
                                     count->ok() ? QString() : count->error().sentence());
        });
    }

    void dryRun(const PairConfig &config)
    {
        if (!m_clients.a || !m_clients.b)
            return Q_EMIT m_facade->dryRunFinished({0, 0, {}, QStringLiteral("the sites are not connected")});
        auto translator = std::make_shared<FieldTranslator>(config, m_meta.a, m_meta.b);
        auto report = std::make_shared<DryRunReport>();
        auto pending = std::make_shared<int>(2);
        auto read = std::make_shared<PerSide<QList<QJsonObject>>>();
        for (Side side : bothSides) {
            QStringList fields = translator->fieldsToRead(side)
                << QStringLiteral("summary") << QStringLiteral("issuetype") << QStringLiteral("status");
            if (const QString match = config.match.fieldOn(side); !match.isEmpty() && match != QStringLiteral("key"))
                fields << match;
            SearchReply *reading = m_clients[side]->search(config.side(side).boundedScope(), fields);
            connect(reading, &SearchReply::progress, this,
                    [this, side](int done) { Q_EMIT m_facade->dryRunProgress(side, done); });
            then(reading, this, [this, side, translator, report, pending, config, read](SearchReply *search) {
                if (!search->ok())
                    report->error = QStringLiteral("side %1: %2").arg(sideLetter(side), search->error().sentence());
                else
                    describeCreates(side, search->issues(), config, *translator, m_meta[otherSide(side)], report.get());
                (*read)[side] = search->issues();
                if (--*pending > 0)
                    return;
                if (!config.match.isEmpty())
                    describeMatches(config, *read, report.get());
                sortEntries(report.get());
                Q_EMIT m_facade->dryRunFinished(*report);
            });
        }
    }

    void planLicenses(const PairConfig &config, const QString &deploymentA, const QString &deploymentB)
    {
        if (auto opening = openStore(); !opening)
            return Q_EMIT m_facade->planned(failedPlan(opening.error().message()));
        const Result<PerSide<SideFacts>> facts = sideFacts(config, {deploymentA, deploymentB});
        if (!facts)
            return Q_EMIT m_facade->planned(failedPlan(facts.error().message()));
        planLicensesOnline(
            *m_store, network(), m_licenses, config.name, {}, facts->a, facts->b,
            [this](const std::optional<LicensePlan> &plan, const QString &problem, const QStringList &unanswered) {
                LicensePlan answer = plan ? *plan : failedPlan(problem);
                for (const QString &line : unanswered)
                    answer.lines.prepend({QStringLiteral("license service"), false, line, {}});
                Q_EMIT m_facade->planned(answer);
            });
    }

    /// What the license plan knows of a pair's sides: their sites' addresses (a new site's before
    /// it is stored), deployments ("cloud", "dc") and identities; fails when the sites cannot be read.
    Result<PerSide<SideFacts>> sideFacts(const PairConfig &config, const PerSide<QString> &deployments)
    {
        SiteRegistry registry(m_stateDirectory);
        if (QString error; !registry.load(&error))
            return Error(error);
        PerSide<SideFacts> facts;
        for (Side side : bothSides) {
            const QString &site = config.side(side).site;
            const Site *known = registry.find(site);
            facts[side] = {site, known ? known->url.toString() : m_newSiteUrls.value(site), deployments[side], true,
                           m_meta[side].siteId};
        }
        return facts;
    }

    /// Remembers where new sites are, for the license plan before they are stored.
    void rememberNewSites(const QList<SetupSide> &sides)
    {
        for (const SetupSide &side : sides)
            if (side.isNew)
                m_newSiteUrls.insert(side.site.name, side.site.url.toString());
    }

    void create(const QList<SetupSide> &sides, const PairConfig &config)
    {
        if (auto saved = saveNewSites(sides); !saved)
            return Q_EMIT m_facade->created(config.name, saved.error().message());
        if (auto made = PairRepository(*m_store).create(config); !made)
            return Q_EMIT m_facade->created(config.name, made.error().message());
        if (auto bound = bindLicense(config); !bound) {
            (void)PairRepository(*m_store).remove(config.name); // a pair without its endpoint is not kept
            return Q_EMIT m_facade->created(config.name, bound.error().message());
        }
        Q_EMIT m_facade->created(config.name, {});
    }

    /// A pair in the remote-license mode takes its endpoint now: refused when none is free.
    Result<void> bindLicense(const PairConfig &config)
    {
        const Result<LicenseState> state = LicenseState::read(*m_store);
        if (!state)
            return state.error();
        if (m_meta.a.deployment.isEmpty() || m_meta.b.deployment.isEmpty())
            return {};
        const Result<PerSide<SideFacts>> facts = sideFacts(config, {m_meta.a.deployment, m_meta.b.deployment});
        if (!facts)
            return facts.error();
        return bindEndpoint(*m_store, config.name,
                            ferry::planLicenses(config.name, {}, facts->a, facts->b, state->licenses, state->claims));
    }

    void beginHandshake(const BundleSetup &setup)
    {
        const auto fail
            = [this, setup](const QString &error) { Q_EMIT m_facade->handshakeWritten(setup.name, {}, {}, error); };
        if (auto ready = prepareBundleSide(setup); !ready)
            return fail(ready.error().message());
        connectEach({setup.own}, [this, setup, fail](const QString &unreached) {
            if (!unreached.isEmpty())
                return fail(unreached);
            const BundleKeyPair keys = BundleKeyPair::generate();
            const handshake::Offer offer = handshake::makeOffer(setup.name, setup.side, setup.own.site.name,
                                                                setup.own.project, m_meta.a, keys.publicKeys());
            bundlekeystore::keep(*secrets(), QStringLiteral("keychain"), offer.id, setup.side, keys,
                                 [this, setup, offer, keys, fail](const QString &unkept) {
                                     if (!unkept.isEmpty())
                                         return fail(unkept);
                                     const QString code = handshake::newCode();
                                     if (auto written = writeHandshake(setup, offer, keys, code); !written)
                                         return fail(written.error().message());
                                     Q_EMIT m_facade->handshakeWritten(setup.name, code,
                                                                       keys.publicKeys().fingerprint(), {});
                                 });
        });
    }

    void answerHandshake(const BundleSetup &setup)
    {
        const auto fail = [this, setup](const QString &error) {
            Q_EMIT m_facade->handshakeAnswered(setup.name, {}, {}, {}, error);
        };
        if (auto ready = prepareBundleSide(setup); !ready)
            return fail(ready.error().message());
        QString handshakeFile = setup.handshake;
        if (m_mail) {
            const Result<QString> taken = m_mail->takeHandshake(setup.code);
            if (!taken)
                return fail(taken.error().message());
            handshakeFile = *taken;
        }
        const Result<handshake::Offer> read = handshake::read(handshakeFile, setup.code);
        if (!read)
            return fail(read.error().message());
        const std::optional<handshake::Offer> offer = *read;
        connectEach({setup.own}, [this, setup, offer, fail](const QString &unreached) {
            if (!unreached.isEmpty())
                return fail(unreached);
            const BundleKeyPair keys = BundleKeyPair::generate();
            bundlekeystore::keep(*secrets(), QStringLiteral("keychain"), offer->id, otherSide(offer->primarySide), keys,
                                 [this, setup, offer, keys, fail](const QString &unkept) {
                                     if (!unkept.isEmpty())
                                         return fail(unkept);
                                     const QString name = setup.name.isEmpty() ? offer->name : setup.name;
                                     const Result<PairConfig> config = writeAnswer(setup, *offer, name, keys);
                                     if (!config)
                                         return fail(config.error().message());
                                     Q_EMIT m_facade->handshakeAnswered(name, *config, offer->keys.fingerprint(),
                                                                        keys.publicKeys().fingerprint(), {});
                                 });
        });
    }

    void completeHandshakeByMail(const QString &pair)
    {
        const auto fail = [&](const QString &error) { Q_EMIT m_facade->handshakeCompleted(pair, {}, error); };
        if (auto opening = openStore(); !opening)
            return fail(opening.error().message());
        const Result<std::optional<MailAccounts::Account>> account = MailAccounts(*m_store).byName(pair);
        if (!account)
            return fail(account.error().message());
        const Result<std::optional<ExchangeRepository::Exchange>> stored = ExchangeRepository(*m_store).byName(pair);
        if (!stored)
            return fail(stored.error().message());
        if (!*account || !*stored)
            return fail(QStringLiteral("pair %1 has no mail settings here").arg(pair));
        QString error;
        const std::optional<MailSettings> settings = MailSettings::fromJson((*account)->settings, &error);
        if (!settings)
            return fail(error);
        const std::optional<ExchangeRepository::Exchange> exchange = *stored;
        readMailPasswords(
            *secrets(), pair, *settings,
            [this, pair, settings, exchange](const QString &smtp, const QString &imap, const QString &unread) {
                if (!unread.isEmpty())
                    return Q_EMIT m_facade->handshakeCompleted(pair, {}, unread);
                m_mailClient = std::make_unique<MailClient>(*settings, smtp, imap);
                m_mail = std::make_unique<MailExchange>(*m_store, pair, *settings, *m_mailClient);
                const Result<std::optional<MailExchange::Taken>> answer = m_mail->takeAnswer(exchange->id);
                if (!answer)
                    return Q_EMIT m_facade->handshakeCompleted(pair, {}, answer.error().message());
                if (!*answer)
                    return Q_EMIT m_facade->handshakeCompleted(
                        pair, {},
                        QStringLiteral("no answer to the handshake of pair %1 has arrived yet; try again once the "
                                       "other admin has answered it")
                            .arg(pair));
                m_takenAnswer = *answer;
                completeHandshake((*answer)->file);
            });
    }

    void checkMail(const MailSettings &settings, const QString &password)
    {
        // Blocking (libcurl); on this thread of its own, never the window's.
        MailClient client(settings, password, password);
        Q_EMIT m_facade->mailChecked(ferry::checkMail(client, settings, true, 30));
    }

    void completeHandshake(const QString &path)
    {
        // An answer taken from the mailbox leaves it only once it proved itself.
        const auto done = [this](const QString &pair, const QString &fingerprint, const QString &problem) {
            if (m_takenAnswer && m_mail)
                m_mail->settle(*m_takenAnswer, problem.isEmpty());
            m_takenAnswer.reset();
            Q_EMIT m_facade->handshakeCompleted(pair, fingerprint, problem);
        };
        const Result<BundleHeader> header = BundleExchange::peek(path);
        if (!header)
            return done({}, {}, header.error().message());
        if (header->kind != QStringLiteral("answer"))
            return done({}, {}, QStringLiteral("it is not an answer to a handshake but a %1").arg(header->kind));
        if (auto opening = openStore(); !opening)
            return done({}, {}, opening.error().message());
        const Result<std::optional<ExchangeRepository::Exchange>> stored
            = ExchangeRepository(*m_store).byId(header->pair);
        if (!stored)
            return done({}, {}, stored.error().message());
        if (!*stored)
            return done({}, {}, QStringLiteral("it answers a handshake this console did not write"));
        const ExchangeRepository::Exchange exchange = **stored;
        bundlekeystore::read(
            *secrets(), exchange.keyRef, exchange.id, exchange.side,
            [this, exchange, path, done](const std::optional<BundleKeyPair> &keys, const QString &unread) {
                if (!keys)
                    return done(exchange.name, {}, unread);
                const Result<PairConfig> config = handshake::complete(*m_store, exchange, *keys, path);
                if (!config)
                    return done(exchange.name, {}, config.error().message());
                const Result<std::optional<ExchangeRepository::Exchange>> now
                    = ExchangeRepository(*m_store).byId(exchange.id);
                done(config->name, BundlePublicKeys::fingerprintOf(now && *now ? (*now)->partnerKeys : QString()), {});
            });
    }

private:
    /// E-mail mode: keeps the pair's mail settings (its passwords are in the keychain already) and
    /// connects the mail exchange that carries the handshake.
    Result<void> useMail(const BundleSetup &setup)
    {
        m_mail.reset();
        m_mailClient.reset();
        if (!setup.mail)
            return {};
        if (setup.name.isEmpty())
            return Error(QStringLiteral("name the pair: its mail settings are kept under its name"));
        if (auto saved = MailAccounts(*m_store).save(setup.name, setup.mail->toJson()); !saved)
            return saved;
        m_mailClient = std::make_unique<MailClient>(*setup.mail, setup.mailPassword, setup.mailPassword);
        m_mail = std::make_unique<MailExchange>(*m_store, setup.name, *setup.mail, *m_mailClient);
        return {};
    }

    /// What a console of a pair exchanged by bundles needs before its handshake: its new site
    /// kept, its exchange folders there, its mail settings kept.
    Result<void> prepareBundleSide(const BundleSetup &setup)
    {
        if (auto saved = saveNewSites({setup.own}); !saved)
            return saved;
        if (auto checked = checkFolders(setup); !checked)
            return checked;
        return useMail(setup);
    }

    /// The primary's side of a handshake: its exchange recorded, the handshake written (and sent).
    Result<void> writeHandshake(const BundleSetup &setup, const handshake::Offer &offer, const BundleKeyPair &keys,
                                const QString &code)
    {
        if (auto begun = handshake::begin(*m_store, offer, QStringLiteral("keychain")); !begun)
            return begun;
        const Result<ExchangeRepository::Exchange> exchange = exchangeNamed(setup.name);
        if (!exchange)
            return exchange.error();
        if (auto set = setFolders(*exchange, setup); !set)
            return set;
        const QString path = m_mail ? mailFile(QStringLiteral("handshake.ferry")) : setup.handshake;
        if (auto written = handshake::write(*exchange, keys, path, code); !written)
            return written;
        return m_mail ? m_mail->sendFile(path) : Result<void>();
    }

    /// The secondary's side: the pair made from the offer, the answer written (and sent).
    Result<PairConfig> writeAnswer(const BundleSetup &setup, const handshake::Offer &offer, const QString &name,
                                   const BundleKeyPair &keys)
    {
        const PairSide own{setup.own.site.name, setup.own.project, QStringLiteral("project = ") + setup.own.project};
        const QString answerFile = m_mail ? mailFile(QStringLiteral("answer.ferry")) : setup.answer;
        const Result<PairConfig> config
            = handshake::answer(*m_store, offer, name, own, m_meta.a, keys, QStringLiteral("keychain"), answerFile);
        if (!config)
            return config;
        const Result<ExchangeRepository::Exchange> exchange = exchangeNamed(name);
        if (!exchange)
            return exchange.error();
        if (auto set = setFolders(*exchange, setup); !set)
            return set.error();
        if (m_mail) {
            if (auto sent = m_mail->sendFile(answerFile); !sent)
                return sent.error();
        }
        return config;
    }

    /// The bundle exchange of a pair this console just recorded.
    Result<ExchangeRepository::Exchange> exchangeNamed(const QString &name)
    {
        const Result<std::optional<ExchangeRepository::Exchange>> exchange = ExchangeRepository(*m_store).byName(name);
        if (!exchange)
            return exchange.error();
        if (!*exchange)
            return Error(QStringLiteral("pair %1 has no bundle exchange on this console").arg(name));
        return **exchange;
    }

    /// A file of the handshake beside the mail outbox.
    QString mailFile(const QString &fileName) const { return QFileInfo(m_mail->outbox()).dir().filePath(fileName); }

    /// Adds the new sites to the registry (their secrets are in the keychain already) and opens
    /// the store.
    Result<void> saveNewSites(const QList<SetupSide> &sides)
    {
        SiteRegistry registry(m_stateDirectory);
        QString error;
        if (!registry.load(&error))
            return Error(error);
        bool added = false;
        for (const SetupSide &side : sides) {
            if (side.isNew) {
                registry.put(side.site);
                added = true;
            }
        }
        if (added && !registry.save(&error))
            return Error(error);
        return openStore();
    }

    static Result<void> checkFolders(const BundleSetup &setup)
    {
        if (setup.outgoing.isEmpty() != setup.incoming.isEmpty())
            return Error(QStringLiteral("give both exchange folders, or neither (bundles then go by hand)"));
        for (const QString &folder : {setup.outgoing, setup.incoming}) {
            if (!folder.isEmpty() && !QFileInfo(folder).isDir())
                return Error(QStringLiteral("%1 is not a folder; create it (or mount the share) first")
                                 .arg(QDir::toNativeSeparators(folder)));
        }
        return {};
    }

    Result<void> setFolders(const ExchangeRepository::Exchange &exchange, const BundleSetup &setup)
    {
        if (setup.outgoing.isEmpty())
            return {};
        return ExchangeRepository(*m_store).setFolders(exchange.id, QFileInfo(setup.outgoing).absoluteFilePath(),
                                                       QFileInfo(setup.incoming).absoluteFilePath(), setup.interval);
    }

    /// Connects to the sides given (a side left out keeps the metadata it has); done gets the
    /// problems, once every side answered. A console of a pair exchanged by bundles, setting up
    /// the handshake, connects its one site as the first.
    void connectEach(const PerSide<std::optional<SetupSide>> &sides, const std::function<void(const QString &)> &done)
    {
        m_connectors.clear();
        auto pending = std::make_shared<int>(1);
        auto problems = std::make_shared<QStringList>();
        const auto finishOne = [pending, problems, done] {
            if (--*pending == 0)
                done(problems->join(u'\n'));
        };
        for (Side which : bothSides) {
            m_clients[which].reset();
            const std::optional<SetupSide> &given = sides[which];
            if (!given)
                continue;
            const SetupSide &side = *given;
            auto *connector = new SideConnector(side.site, side.project, network(), m_redactor, this);
            if (!side.secret.isEmpty())
                connector->useSecret(side.secret);
            m_connectors.emplace_back(connector);
            ++*pending;
            connect(connector, &SideConnector::progress, this,
                    [this, which](const QString &what) { Q_EMIT m_facade->connectProgress(which, what); });
            connect(connector, &SideConnector::finished, this,
                    [this, which, connector, problems, finishOne](const QString &error) {
                        if (error.isEmpty()) {
                            m_meta[which] = connector->metadata();
                            m_clients[which] = connector->takeClient();
                        } else {
                            problems->append(error);
                        }
                        finishOne();
                    });
            connector->connectToSite();
        }
        finishOne(); // the count started at one, so that no side finishes the whole before all started
    }

    QNetworkAccessManager *network()
    {
        if (!m_network)
            m_network = std::make_unique<QNetworkAccessManager>();
        return m_network.get();
    }

    /// One store for every keychain job: a job's store must outlive it.
    SecretStore *secrets()
    {
        if (!m_secrets) {
            m_secrets = new SecretStore(QStringLiteral("ferry"), this);
            m_secrets->setRedactor(m_redactor);
        }
        return m_secrets;
    }

    Result<void> openStore()
    {
        if (!m_store)
            m_store = std::make_unique<StateStore>(m_stateDirectory);
        return m_store->open();
    }

    static QString secretFix(const SetupSide &setup)
    {
        return setup.isNew
            ? QStringLiteral("type the API token (Cloud), password or personal access token")
            : QStringLiteral("add the site again with its secret (ferry-cli site add %1 …)").arg(setup.site.name);
    }

    /// The typed secret, or the one the site's reference points at.
    void withSecret(const SetupSide &setup, const std::function<void(const QString &, const QString &)> &then)
    {
        // A new site's secret is the one typed, unless an env: or file: reference was typed instead.
        const bool typed = setup.isNew && setup.site.secret.kind == SecretRef::Kind::Keychain;
        if (!setup.secret.isEmpty() || typed)
            return then(setup.secret, setup.secret.isEmpty() ? QStringLiteral("no secret given") : QString());
        secrets()->read(setup.site.secret, setup.site.name, setup.site.user, then);
    }

    PairSetup *m_facade;
    QString m_stateDirectory;
    SecretRedactor *m_redactor;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<StateStore> m_store;
    std::unique_ptr<LicenseClient> m_licenses;
    SecretStore *m_secrets = nullptr;
    std::unique_ptr<MailClient> m_mailClient;
    std::unique_ptr<MailExchange> m_mail;
    std::optional<MailExchange::Taken> m_takenAnswer; ///< an answer from the mailbox, being verified
    std::vector<std::unique_ptr<SideConnector>> m_connectors;
    PerSide<std::unique_ptr<JiraClient>> m_clients;
    std::unique_ptr<JiraClient> m_checkClients[2]; ///< by the asking panel
    PerSide<SiteMetadata> m_meta;
    QHash<QString, QString> m_newSiteUrls;
};

PairSetup::PairSetup(const QString &stateDirectory, SecretRedactor *redactor, QObject *parent)
    : QObject(parent)
    , m_redactor(redactor)
    , m_worker(new PairSetupWorker(this, stateDirectory, redactor))
{
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("pair setup"));
    m_thread.start();
}

PairSetup::~PairSetup()
{
    m_thread.quit();
    m_thread.wait();
}

Result<QList<Site>> PairSetup::configuredSites(const QString &stateDirectory)
{
    SiteRegistry registry(stateDirectory);
    if (QString error; !registry.load(&error))
        return Error(error);
    return registry.sites();
}

void PairSetup::remember(const QString &secret, const QString &user) const
{
    if (m_redactor && !secret.isEmpty())
        m_redactor->addSecret(secret, user);
}

void PairSetup::remember(const SetupSide &side) const
{
    remember(side.secret, side.site.user);
}

void PairSetup::checkSite(int panel, const SetupSide &setup)
{
    remember(setup);
    QMetaObject::invokeMethod(m_worker, [this, panel, setup] { m_worker->checkSite(panel, setup); });
}

void PairSetup::connectSides(const SetupSide &a, const SetupSide &b)
{
    remember(a);
    remember(b);
    QMetaObject::invokeMethod(m_worker, [this, a, b] {
        m_worker->rememberNewSites({a, b});
        m_worker->connectSides(a, b);
    });
}

void PairSetup::countIssues(Side side, const QString &jql)
{
    QMetaObject::invokeMethod(m_worker, [this, side, jql] { m_worker->countIssues(side, jql); });
}

void PairSetup::dryRun(const PairConfig &config)
{
    QMetaObject::invokeMethod(m_worker, [this, config] { m_worker->dryRun(config); });
}

void PairSetup::planLicenses(const PairConfig &config, const QString &deploymentA, const QString &deploymentB)
{
    QMetaObject::invokeMethod(m_worker, [this, config, deploymentA, deploymentB] {
        m_worker->planLicenses(config, deploymentA, deploymentB);
    });
}

void PairSetup::create(const QList<SetupSide> &sides, const PairConfig &config)
{
    QList<SetupSide> toKeychain;
    for (const SetupSide &side : sides)
        remember(side);
    for (const SetupSide &side : sides)
        if (side.isNew && side.site.secret.kind == SecretRef::Kind::Keychain)
            toKeychain << side;
    storeSecrets(toKeychain, [this, sides, config](const QString &problem) {
        if (!problem.isEmpty())
            return Q_EMIT created(config.name, problem);
        QMetaObject::invokeMethod(m_worker, [this, sides, config] { m_worker->create(sides, config); });
    });
}

void PairSetup::storeSecrets(QList<SetupSide> sides, const std::function<void(const QString &)> &done)
{
    if (sides.isEmpty())
        return done({});
    const SetupSide side = sides.takeFirst();
    m_secrets.storeInKeychain(side.site.name, side.secret, [this, sides, done, side](const QString &error) {
        if (!error.isEmpty())
            return done(QStringLiteral("the secret of site %1 could not be kept: %2").arg(side.site.name, error));
        storeSecrets(sides, done);
    });
}

void PairSetup::withOwnSecret(const BundleSetup &setup, const std::function<void()> &work,
                              const std::function<void(const QString &)> &fail)
{
    remember(setup.own);
    if (setup.mail)
        remember(setup.mailPassword, setup.mail->smtp.user);
    QList<SetupSide> toKeychain;
    if (setup.own.isNew && setup.own.site.secret.kind == SecretRef::Kind::Keychain)
        toKeychain << setup.own;
    // The mail passwords go in under their own accounts, as ferry-cli mail set keeps them.
    if (setup.mail) {
        for (const QString &protocol : {QStringLiteral("smtp"), QStringLiteral("imap")}) {
            SetupSide password;
            password.site.name = mailKeychainAccount(setup.name, protocol);
            password.secret = setup.mailPassword;
            toKeychain << password;
        }
    }
    storeSecrets(toKeychain, [this, work, fail](const QString &problem) {
        if (!problem.isEmpty())
            return fail(problem);
        QMetaObject::invokeMethod(m_worker, work);
    });
}

void PairSetup::beginHandshake(const BundleSetup &setup)
{
    withOwnSecret(
        setup, [this, setup] { m_worker->beginHandshake(setup); },
        [this, setup](const QString &problem) { Q_EMIT handshakeWritten(setup.name, {}, {}, problem); });
}

void PairSetup::answerHandshake(const BundleSetup &setup)
{
    withOwnSecret(
        setup, [this, setup] { m_worker->answerHandshake(setup); },
        [this, setup](const QString &problem) { Q_EMIT handshakeAnswered(setup.name, {}, {}, {}, problem); });
}

void PairSetup::completeHandshake(const QString &answer)
{
    QMetaObject::invokeMethod(m_worker, [this, answer] { m_worker->completeHandshake(answer); });
}

void PairSetup::completeHandshakeByMail(const QString &pair)
{
    QMetaObject::invokeMethod(m_worker, [this, pair] { m_worker->completeHandshakeByMail(pair); });
}

void PairSetup::checkMail(const MailSettings &settings, const QString &password)
{
    remember(password, settings.smtp.user);
    QMetaObject::invokeMethod(m_worker, [this, settings, password] { m_worker->checkMail(settings, password); });
}

void PairSetup::open(const QString &pair)
{
    QMetaObject::invokeMethod(m_worker, [this, pair] { m_worker->open(pair); });
}

void PairSetup::change(const PairConfig &config)
{
    QMetaObject::invokeMethod(m_worker, [this, config] { m_worker->change(config); });
}

void PairSetup::answerOffer(const QString &pair, bool accept)
{
    QMetaObject::invokeMethod(m_worker, [this, pair, accept] { m_worker->answer(pair, accept); });
}

} // namespace ferry

#include "pairsetup.moc"
