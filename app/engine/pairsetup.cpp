#include "engine/pairsetup.h"

#include "core/secretredactor.h"

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

int DryRunReport::blocked() const
{
    return int(std::count_if(entries.cbegin(), entries.cend(), [](const DryRunEntry &e) { return e.blocked; }));
}

int DryRunReport::withProblems() const
{
    return int(std::count_if(entries.cbegin(), entries.cend(),
                             [](const DryRunEntry &e) { return !e.blocked && !e.problems.isEmpty(); }));
}

namespace {

/// A plan that could not be made: the reason as its one line.
LicensePlan failedPlan(const QString &why)
{
    LicensePlan plan;
    plan.lines << Requirement{QStringLiteral("state"), false, why, {}};
    return plan;
}

QString nameIn(const SiteMetadata &site, const QString &list, const QString &id)
{
    for (const QJsonValue &item : site.metadata.value(list).toArray()) {
        if (item.toObject().value(QStringLiteral("id")).toString() == id)
            return item.toObject().value(QStringLiteral("name")).toString();
    }
    return id;
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
        QString error;
        SiteRegistry registry(m_stateDirectory);
        const std::optional<PairConfig> config = openStore(&error) && registry.load(&error)
            ? PairRepository(*m_store).get(name, &opened.version, &error)
            : std::nullopt;
        const std::optional<ExchangeRepository::Exchange> exchange
            = config ? ExchangeRepository(*m_store).byName(name, &error) : std::nullopt;
        if (!config || !error.isEmpty()) {
            opened.error = error;
            return Q_EMIT m_facade->pairOpened(opened);
        }
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
        QString error;
        std::optional<ConfigChange> change
            = openStore(&error) ? changePairConfig(*m_store, config, &error) : std::nullopt;
        Q_EMIT m_facade->configChanged(config.name, change ? change->version : 0,
                                       change && change->kind == ConfigChange::Kind::Published, error);
    }

    void answer(const QString &name, bool accept)
    {
        QString error;
        const std::optional<int> version
            = openStore(&error) ? answerOfferedConfig(*m_store, name, accept, &error) : std::nullopt;
        Q_EMIT m_facade->offerAnswered(name, version.value_or(0), accept, error);
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
            then(m_clients[side]->search(config.side(side).boundedScope(), fields), this,
                 [this, side, translator, report, pending, config, read](SearchReply *search) {
                     if (!search->ok())
                         report->error
                             = QStringLiteral("side %1: %2").arg(sideLetter(side), search->error().sentence());
                     else
                         describeCreates(side, search->issues(), config, *translator, report.get());
                     (*read)[side] = search->issues();
                     if (--*pending > 0)
                         return;
                     if (!config.match.isEmpty())
                         describeMatches(config, *read, report.get());
                     // Side A's issues first, each side's in key order, whichever answered first.
                     std::sort(report->entries.begin(), report->entries.end(),
                               [](const DryRunEntry &x, const DryRunEntry &y) {
                                   const auto order = [](const DryRunEntry &e) {
                                       return std::tuple(e.side, e.key.section(u'-', 0, -2),
                                                         e.key.section(u'-', -1).toLongLong());
                                   };
                                   return order(x) < order(y);
                               });
                     Q_EMIT m_facade->dryRunFinished(*report);
                 });
        }
    }

    /// What the match rule makes of the issues in both scopes: linked instead of created, or
    /// waiting for an admin, as the apply step would decide it (within the scopes read).
    static void describeMatches(const PairConfig &config, const PerSide<QList<QJsonObject>> &read, DryRunReport *report)
    {
        const MatchRule &rule = config.match;
        for (DryRunEntry &entry : report->entries) {
            const Side own = entry.side;
            const auto issue = std::find_if(read[own].cbegin(), read[own].cend(), [&](const QJsonObject &i) {
                return i.value(QStringLiteral("key")).toString() == entry.key;
            });
            if (issue == read[own].cend())
                continue;
            const MatchRule::Lookup lookup
                = rule.lookupFor(entry.side, entry.key, matchValueOf(*issue, rule.fieldOn(entry.side)));
            if (lookup.field.isEmpty() || lookup.value.isEmpty())
                continue;
            const QString mapped = lookup.byKeyMap ? lookup.value : QString();
            QStringList matches;
            for (const QJsonObject &candidate : read[otherSide(own)]) {
                if (lookup.finds(matchValueOf(candidate, lookup.field)))
                    matches << candidate.value(QStringLiteral("key")).toString();
            }
            QStringList twins;
            if (!lookup.byKeyMap) {
                for (const QJsonObject &sibling : read[own]) {
                    const QString key = sibling.value(QStringLiteral("key")).toString();
                    if (key != entry.key && matchValueOf(sibling, rule.fieldOn(entry.side)) == lookup.value)
                        twins << key;
                }
            }
            if (matches.size() == 1 && twins.isEmpty()) {
                entry.linked = true;
                entry.action = QStringLiteral("link to %1 (a match; side %2's content wins)")
                                   .arg(matches.first(), sideLetter(rule.prefer));
            } else if (!mapped.isEmpty() && matches.isEmpty()) {
                entry.problems << QStringLiteral("the key map pairs it with %1, which is not in side %2's scope; the "
                                                 "first sync looks for it in the project")
                                      .arg(mapped, sideLetter(otherSide(entry.side)));
            } else if (!matches.isEmpty()) {
                entry.blocked = true;
                entry.action = QStringLiteral("waits for an admin");
                entry.problems << QStringLiteral("it matches %1%2: pair them in the key map")
                                      .arg(
                                          matches.join(QStringLiteral(", ")),
                                          twins.isEmpty()
                                              ? QString()
                                              : QStringLiteral(", and so do %1").arg(twins.join(QStringLiteral(", "))));
            }
        }
    }

    void planLicenses(const PairConfig &config, const QString &deploymentA, const QString &deploymentB)
    {
        QString error;
        const std::optional<PerSide<SideFacts>> facts
            = openStore(&error) ? sideFacts(config, {deploymentA, deploymentB}, &error) : std::nullopt;
        if (!facts)
            return Q_EMIT m_facade->planned(failedPlan(error));
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
    /// it is stored), deployments ("cloud", "dc") and identities; nullopt when the sites cannot be read.
    std::optional<PerSide<SideFacts>> sideFacts(const PairConfig &config, const PerSide<QString> &deployments,
                                                QString *error)
    {
        SiteRegistry registry(m_stateDirectory);
        if (!registry.load(error))
            return std::nullopt;
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
        QString error;
        if (!saveNewSites(sides, &error) || !PairRepository(*m_store).create(config, &error))
            return Q_EMIT m_facade->created(config.name, error);
        // A pair in the remote-license mode takes its endpoint now: refused when none is free.
        const std::optional<LicenseState> state = LicenseState::read(*m_store, &error);
        const bool connected = !m_meta.a.deployment.isEmpty() && !m_meta.b.deployment.isEmpty();
        const std::optional<PerSide<SideFacts>> facts
            = state && connected ? sideFacts(config, {m_meta.a.deployment, m_meta.b.deployment}, &error) : std::nullopt;
        if (!state || (connected && !facts)
            || (facts
                && !bindEndpoint(
                    *m_store, config.name,
                    ferry::planLicenses(config.name, {}, facts->a, facts->b, state->licenses, state->claims),
                    &error))) {
            QString ignored;
            PairRepository(*m_store).remove(config.name, &ignored);
            return Q_EMIT m_facade->created(config.name, error);
        }
        Q_EMIT m_facade->created(config.name, {});
    }

    void beginHandshake(const BundleSetup &setup)
    {
        const auto fail
            = [this, setup](const QString &error) { Q_EMIT m_facade->handshakeWritten(setup.name, {}, {}, error); };
        QString error;
        if (!saveNewSites({setup.own}, &error) || !checkFolders(setup, &error) || !useMail(setup, &error))
            return fail(error);
        connectEach({setup.own}, [this, setup, fail](const QString &unreached) {
            if (!unreached.isEmpty())
                return fail(unreached);
            const BundleKeyPair keys = BundleKeyPair::generate();
            const handshake::Offer offer = handshake::makeOffer(setup.name, setup.side, setup.own.site.name,
                                                                setup.own.project, m_meta.a, keys.publicKeys());
            bundlekeystore::keep(
                *secrets(), QStringLiteral("keychain"), offer.id, setup.side, keys,
                [this, setup, offer, keys, fail](const QString &unkept) {
                    QString problem = unkept;
                    if (!problem.isEmpty() || !handshake::begin(*m_store, offer, QStringLiteral("keychain"), &problem))
                        return fail(problem);
                    const std::optional<ExchangeRepository::Exchange> exchange
                        = ExchangeRepository(*m_store).byName(setup.name, &problem);
                    const QString code = handshake::newCode();
                    const QString path = m_mail ? mailFile(QStringLiteral("handshake.ferry")) : setup.handshake;
                    if (!exchange || !setFolders(*exchange, setup, &problem)
                        || !handshake::write(*exchange, keys, path, code, &problem)
                        || (m_mail && !m_mail->sendFile(path, &problem)))
                        return fail(problem);
                    Q_EMIT m_facade->handshakeWritten(setup.name, code, keys.publicKeys().fingerprint(), {});
                });
        });
    }

    void answerHandshake(const BundleSetup &setup)
    {
        const auto fail = [this, setup](const QString &error) {
            Q_EMIT m_facade->handshakeAnswered(setup.name, {}, {}, {}, error);
        };
        QString error;
        if (!saveNewSites({setup.own}, &error) || !checkFolders(setup, &error) || !useMail(setup, &error))
            return fail(error);
        std::optional<QString> handshakeFile = setup.handshake;
        if (m_mail) {
            handshakeFile = m_mail->takeHandshake(setup.code, &error);
            if (!handshakeFile)
                return fail(error.isEmpty() ? QStringLiteral("no handshake that opens with this code has arrived in "
                                                             "%1 yet; try again once the other admin has sent it")
                                                  .arg(setup.mail->folder)
                                            : error);
        }
        const std::optional<handshake::Offer> offer = handshake::read(*handshakeFile, setup.code, &error);
        if (!offer)
            return fail(error);
        connectEach({setup.own}, [this, setup, offer, fail](const QString &unreached) {
            if (!unreached.isEmpty())
                return fail(unreached);
            const BundleKeyPair keys = BundleKeyPair::generate();
            bundlekeystore::keep(*secrets(), QStringLiteral("keychain"), offer->id, otherSide(offer->primarySide), keys,
                                 [this, setup, offer, keys, fail](const QString &unkept) {
                                     QString problem = unkept;
                                     const QString name = setup.name.isEmpty() ? offer->name : setup.name;
                                     const PairSide own{setup.own.site.name, setup.own.project,
                                                        QStringLiteral("project = ") + setup.own.project};
                                     const QString answerFile
                                         = m_mail ? mailFile(QStringLiteral("answer.ferry")) : setup.answer;
                                     const std::optional<PairConfig> config = problem.isEmpty()
                                         ? handshake::answer(*m_store, *offer, name, own, m_meta.a, keys,
                                                             QStringLiteral("keychain"), answerFile, &problem)
                                         : std::nullopt;
                                     const std::optional<ExchangeRepository::Exchange> exchange
                                         = config ? ExchangeRepository(*m_store).byName(name, &problem) : std::nullopt;
                                     if (!exchange || !setFolders(*exchange, setup, &problem)
                                         || (m_mail && !m_mail->sendFile(answerFile, &problem)))
                                         return fail(problem);
                                     Q_EMIT m_facade->handshakeAnswered(name, *config, offer->keys.fingerprint(),
                                                                        keys.publicKeys().fingerprint(), {});
                                 });
        });
    }

    void completeHandshakeByMail(const QString &pair)
    {
        QString error;
        const std::optional<MailAccounts::Account> account
            = openStore(&error) ? MailAccounts(*m_store).byName(pair, &error) : std::nullopt;
        const std::optional<MailSettings> settings
            = account ? MailSettings::fromJson(account->settings, &error) : std::nullopt;
        const std::optional<ExchangeRepository::Exchange> exchange
            = settings ? ExchangeRepository(*m_store).byName(pair, &error) : std::nullopt;
        if (!exchange)
            return Q_EMIT m_facade->handshakeCompleted(
                pair, {}, error.isEmpty() ? QStringLiteral("pair %1 has no mail settings here").arg(pair) : error);
        readMailPasswords(
            *secrets(), pair, *settings,
            [this, pair, settings, exchange](const QString &smtp, const QString &imap, const QString &unread) {
                if (!unread.isEmpty())
                    return Q_EMIT m_facade->handshakeCompleted(pair, {}, unread);
                m_mailClient = std::make_unique<MailClient>(*settings, smtp, imap);
                m_mail = std::make_unique<MailExchange>(*m_store, pair, *settings, *m_mailClient);
                QString problem;
                const std::optional<MailExchange::Taken> answer = m_mail->takeAnswer(exchange->id, &problem);
                if (!answer)
                    return Q_EMIT m_facade->handshakeCompleted(
                        pair, {},
                        problem.isEmpty() ? QStringLiteral("no answer to the handshake of pair %1 has "
                                                           "arrived yet; try again once the other "
                                                           "admin has answered it")
                                                .arg(pair)
                                          : problem);
                m_takenAnswer = answer;
                completeHandshake(answer->file);
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
        QString error;
        const std::optional<BundleHeader> header = BundleExchange::peek(path, &error);
        if (header && header->kind != QStringLiteral("answer"))
            error = QStringLiteral("it is not an answer to a handshake but a %1").arg(header->kind);
        const std::optional<ExchangeRepository::Exchange> exchange = error.isEmpty() && openStore(&error)
            ? ExchangeRepository(*m_store).byId(header->pair, &error)
            : std::nullopt;
        if (!exchange)
            return done({}, {},
                        error.isEmpty() ? QStringLiteral("it answers a handshake this console did not write") : error);
        bundlekeystore::read(
            *secrets(), exchange->keyRef, exchange->id, exchange->side,
            [this, exchange, path, done](const std::optional<BundleKeyPair> &keys, const QString &unread) {
                QString problem = unread;
                const std::optional<PairConfig> config
                    = keys ? handshake::complete(*m_store, *exchange, *keys, path, &problem) : std::nullopt;
                if (!config)
                    return done(exchange->name, {}, problem);
                const std::optional<ExchangeRepository::Exchange> now
                    = ExchangeRepository(*m_store).byId(exchange->id, &problem);
                done(config->name, BundlePublicKeys::fingerprintOf(now ? now->partnerKeys : QString()), {});
            });
    }

private:
    /// E-mail mode: keeps the pair's mail settings (its passwords are in the keychain already) and
    /// connects the mail exchange that carries the handshake.
    bool useMail(const BundleSetup &setup, QString *error)
    {
        m_mail.reset();
        m_mailClient.reset();
        if (!setup.mail)
            return true;
        if (setup.name.isEmpty()) {
            *error = QStringLiteral("name the pair: its mail settings are kept under its name");
            return false;
        }
        if (!MailAccounts(*m_store).save(setup.name, setup.mail->toJson(), error))
            return false;
        m_mailClient = std::make_unique<MailClient>(*setup.mail, setup.mailPassword, setup.mailPassword);
        m_mail = std::make_unique<MailExchange>(*m_store, setup.name, *setup.mail, *m_mailClient);
        return true;
    }

    /// A file of the handshake beside the mail outbox.
    QString mailFile(const QString &fileName) const { return QFileInfo(m_mail->outbox()).dir().filePath(fileName); }

    /// Adds the new sites to the registry (their secrets are in the keychain already) and opens
    /// the store.
    bool saveNewSites(const QList<SetupSide> &sides, QString *error)
    {
        SiteRegistry registry(m_stateDirectory);
        if (!registry.load(error))
            return false;
        bool added = false;
        for (const SetupSide &side : sides) {
            if (side.isNew) {
                registry.put(side.site);
                added = true;
            }
        }
        return (!added || registry.save(error)) && openStore(error);
    }

    static bool checkFolders(const BundleSetup &setup, QString *error)
    {
        if (setup.outgoing.isEmpty() != setup.incoming.isEmpty()) {
            *error = QStringLiteral("give both exchange folders, or neither (bundles then go by hand)");
            return false;
        }
        for (const QString &folder : {setup.outgoing, setup.incoming}) {
            if (!folder.isEmpty() && !QFileInfo(folder).isDir()) {
                *error = QStringLiteral("%1 is not a folder; create it (or mount the share) first")
                             .arg(QDir::toNativeSeparators(folder));
                return false;
            }
        }
        return true;
    }

    bool setFolders(const ExchangeRepository::Exchange &exchange, const BundleSetup &setup, QString *error)
    {
        return setup.outgoing.isEmpty()
            || ExchangeRepository(*m_store).setFolders(exchange.id, QFileInfo(setup.outgoing).absoluteFilePath(),
                                                       QFileInfo(setup.incoming).absoluteFilePath(), setup.interval,
                                                       error);
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

    bool openStore(QString *error)
    {
        if (!m_store)
            m_store = std::make_unique<StateStore>(m_stateDirectory);
        return m_store->open(error);
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

    /// What the first sync does with the issues found on one side: a partner for each, on the other.
    void describeCreates(Side side, const QList<QJsonObject> &issues, const PairConfig &config,
                         const FieldTranslator &translator, DryRunReport *report) const
    {
        const Side other = otherSide(side);
        const SiteMetadata &target = m_meta[other];
        const QString targetSite = config.side(other).site;
        bySide(side, report->inScopeA, report->inScopeB) = int(issues.size());
        for (const QJsonObject &issue : issues) {
            const QJsonObject fields = issue.value(QStringLiteral("fields")).toObject();
            DryRunEntry entry;
            entry.side = side;
            entry.key = issue.value(QStringLiteral("key")).toString();
            entry.summary = fields.value(QStringLiteral("summary")).toString();
            const QJsonObject type = fields.value(QStringLiteral("issuetype")).toObject();
            const QString targetType = config.issueTypeFor(side, type.value(QStringLiteral("id")).toString());
            if (targetType.isEmpty()) {
                entry.blocked = true;
                entry.action = QStringLiteral("no partner on %1").arg(targetSite);
                entry.problems << QStringLiteral("issue type %1 has no mapping to side %2")
                                      .arg(type.value(QStringLiteral("name")).toString(), sideLetter(other));
                report->entries << entry;
                continue;
            }
            const FieldTranslator::Result common = translator.toCommon(side, fields);
            const FieldTranslator::Result written = translator.toSide(other, common.values);
            entry.problems << common.problems << written.problems;
            entry.action = QStringLiteral("create on %1 as %2")
                               .arg(targetSite, nameIn(target, QStringLiteral("issueTypes"), targetType));
            if (common.values.contains(FieldTranslator::statusKey())) {
                QString problem;
                const QString status
                    = translator.statusOn(other, common.values.value(FieldTranslator::statusKey()), &problem);
                if (problem.isEmpty())
                    entry.action
                        += QStringLiteral(", status %1").arg(nameIn(target, QStringLiteral("statuses"), status));
                else
                    entry.problems << problem;
            }
            entry.problems.removeDuplicates();
            report->entries << entry;
        }
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

QList<Site> PairSetup::configuredSites(const QString &stateDirectory, QString *error)
{
    SiteRegistry registry(stateDirectory);
    if (!registry.load(error))
        return {};
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
