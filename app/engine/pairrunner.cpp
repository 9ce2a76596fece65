#include "engine/pairrunner.h"

#include "core/logcategories.h"
#include "core/logscope.h"
#include "engine/conflictresolution.h"
#include "engine/fieldtranslator.h"
#include "engine/issueactions.h"
#include "engine/retention.h"
#include "engine/sideconnector.h"
#include "jira/jiraclient.h"
#include "jira/secrets.h"
#include "jira/site.h"
#include "license/licenseclient.h"
#include "license/licensestate.h"
#include "store/exchangerepository.h"
#include "store/journal.h"
#include "store/licenserepository.h"
#include "store/mailaccounts.h"
#include "store/pairrepository.h"
#include "store/statestore.h"
#include "transport/bundleexchange.h"
#include "transport/bundlekeystore.h"
#include "transport/mailexchange.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QThread>
#include <QTimer>

#include <cmath>

namespace ferry {

/// The runner's half on the worker thread: everything that talks to Jira or SQLite.
class PairWorker : public QObject {
    Q_OBJECT
public:
    explicit PairWorker(const PairRunner::Options &options)
        : m_options(options)
    {
        m_timer.setParent(this); // moves to the worker thread with its owner
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &PairWorker::runRound);
    }

    void start();
    void pause();
    void resume();
    void syncNow();
    void stop();
    /// Settles a conflict with a side's value, or with value when one is given.
    void resolve(qint64 conflictId, Side take, const std::optional<QJsonValue> &value = std::nullopt);
    void actOnIssue(const QString &key, PairRunner::IssueAction action, const QString &otherKey);
    /// Drops the history older than the pair's retention, at most once a day.
    void compactWhenDue();
    /// Carries out an admin's action on an issue; what to tell them.
    Result<QString> actedOnIssue(const QString &key, PairRunner::IssueAction action, const QString &otherKey);
    void readIssue(const QString &key);
    void exportBundles(const QString &folder);
    void importBundles(const QStringList &files);

Q_SIGNALS:
    void stateChanged(ferry::PairRunner::State state);
    void note(const QString &text, bool problem);
    void roundFinished(const ferry::SyncRound::Report &report, int round);
    void statusRead(const ferry::PairStatus &status);
    void issuesRead(const QList<ferry::IssueSync> &issues);
    void issueRead(const ferry::IssueSync &issue);
    void backlog(int changesLeft, int secondsLeft);
    void failed(const QString &error);
    void stopped();

private:
    void connectSide(Side side);
    void connected();
    /// The pair's license requirements for its mode, from what is installed and the license
    /// service's word (asked first where the mode needs it); then() when they hold, else the
    /// pair fails with what is missing. A remote license's endpoint is held while the pair runs.
    void checkLicenses(const std::function<void()> &then);
    void licensed();
    void runRound();
    void roundDone(const SyncRound::Report &report);
    void scheduleNext();
    /// Imports and writes the pair's bundles through its folders, when it has them and it is time.
    void exchangeBundles();
    /// Runs work with this side's bundle exchange, its keys read first when they are not yet.
    void withBundles(const std::function<void(BundleExchange &bundles)> &work);
    /// Reads and emits where the pair stands; the status, if it could be read.
    std::optional<PairStatus> readStatus();
    /// Says how much of a backlog is left after a round, and about how long it takes.
    void reportBacklog(const SyncRound::Report &report, const std::optional<PairStatus> &status);
    /// A site's hourly quota is spent (reason as in RateLimit-Reason): the journal, the status
    /// and a note say until when its requests wait, once per wait (many requests are refused
    /// together).
    void noteQuotaPause(Side side, const QString &reason, int waitMs);
    void fail(const QString &error);
    void finish();

    PairRunner::Options m_options;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<StateStore> m_store;
    std::unique_ptr<PairLock> m_lock;
    PairConfig m_config;
    qint64 m_pairId = 0;
    PerSide<Site> m_sites;
    PerSide<std::unique_ptr<SideConnector>> m_connectors;
    PerSide<std::unique_ptr<JiraClient>> m_clients;
    PerSide<SiteMetadata> m_metadata;
    std::optional<Side> m_localSide; ///< a pair exchanged by bundles: this console's side
    std::optional<ExchangeRepository::Exchange> m_exchange;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<BundleExchange> m_bundles; ///< automatic file exchange, when the pair has folders
    std::unique_ptr<MailClient> m_mailClient; ///< e-mail mode: the servers, logged in as the pair's settings say
    std::unique_ptr<MailExchange> m_mail;
    int m_mailInterval = 300;
    QElapsedTimer m_sinceExchange;
    std::unique_ptr<LicenseClient> m_licenseClient;
    QElapsedTimer m_licenseChecked;
    PerSide<QDateTime> m_quotaPausedUntil; ///< UTC; the latest wait noted
    QElapsedTimer m_compacted; ///< since the history was last compacted; invalid: not yet in this run
    std::unique_ptr<FieldTranslator> m_translator;
    std::unique_ptr<SyncRound> m_round;
    QTimer m_timer;
    int m_rounds = 0;
    QElapsedTimer m_roundClock;
    bool m_inBacklog = false;
    bool m_paused = false;
    bool m_again = false; ///< "sync now" during a round: another one right after it
    bool m_stopping = false;
    bool m_finishing = false;
    bool m_finished = false;
    std::unique_ptr<LogScope> m_scope; ///< every log line of this thread names the pair
};

void PairWorker::start()
{
    m_scope = std::make_unique<LogScope>(m_options.pair);
    Q_EMIT stateChanged(PairRunner::State::Connecting);
    m_network = std::make_unique<QNetworkAccessManager>();
    m_store = std::make_unique<StateStore>(m_options.stateDirectory);
    if (auto opened = m_store->open(); !opened)
        return fail(opened.error().message());
    PairRepository pairs(*m_store);
    const Result<PairConfig> config = pairs.get(m_options.pair);
    if (!config)
        return fail(config.error().message());
    const Result<qint64> pairId = pairs.id(m_options.pair);
    if (!pairId)
        return fail(pairId.error().message());
    m_config = *config;
    m_pairId = *pairId;
    m_lock = std::make_unique<PairLock>(m_options.stateDirectory, m_options.pair);
    if (auto acquired = m_lock->acquire(); !acquired)
        return fail(acquired.error().message());
    SiteRegistry registry(m_options.stateDirectory);
    QString error;
    if (!registry.load(&error))
        return fail(error);
    // A pair exchanged by bundles reaches its own side's site only; what the other site has came
    // with the handshake.
    const Result<std::optional<ExchangeRepository::Exchange>> stored = ExchangeRepository(*m_store).byPair(m_pairId);
    if (!stored)
        return fail(stored.error().message());
    if (const std::optional<ExchangeRepository::Exchange> &exchange = *stored) {
        m_localSide = exchange->side;
        m_metadata[exchange->partnerSide()] = SiteMetadata::fromJson(exchange->partnerMetadata);
        m_exchange = exchange;
    }
    for (Side side : bothSides) {
        if (m_localSide && side != *m_localSide)
            continue;
        const QString name = m_config.side(side).site;
        const Site *site = registry.find(name);
        if (!site)
            return fail(
                QStringLiteral("the pair's site '%1' is not configured; add it with ferry-cli site add").arg(name));
        m_sites[side] = *site;
    }
    std::optional<MailSettings> mail;
    if (m_exchange) {
        const Result<std::optional<MailAccounts::Account>> account = MailAccounts(*m_store).byName(m_options.pair);
        if (!account)
            return fail(account.error().message());
        if (*account && !(mail = MailSettings::fromJson((*account)->settings, &error)))
            return fail(error);
    }
    if (!m_exchange || (m_exchange->outgoing.isEmpty() && !mail))
        return connectSide(m_localSide.value_or(Side::A));
    // Automatic exchange by files or mail: this side's bundle keys first, then the mail passwords.
    m_secrets = std::make_unique<SecretStore>();
    if (m_options.redactor)
        m_secrets->setRedactor(m_options.redactor);
    bundlekeystore::read(
        *m_secrets, m_exchange->keyRef, m_exchange->id, m_exchange->side,
        [this, mail](const std::optional<BundleKeyPair> &keys, const QString &problem) {
            if (!keys)
                return fail(problem);
            m_bundles = std::make_unique<BundleExchange>(*m_store, *m_exchange, *keys);
            if (!mail)
                return connectSide(*m_localSide);
            readMailPasswords(*m_secrets, m_options.pair, *mail,
                              [this, mail](const QString &smtp, const QString &imap, const QString &unread) {
                                  if (!unread.isEmpty())
                                      return fail(unread);
                                  m_mailClient = std::make_unique<MailClient>(*mail, smtp, imap);
                                  m_mail
                                      = std::make_unique<MailExchange>(*m_store, m_options.pair, *mail, *m_mailClient);
                                  m_mailInterval = mail->interval;
                                  connectSide(*m_localSide);
                              });
        });
}

void PairWorker::withBundles(const std::function<void(BundleExchange &bundles)> &work)
{
    if (!m_exchange) {
        Q_EMIT note(QStringLiteral("pair %1 is not exchanged by bundles").arg(m_options.pair), true);
        return;
    }
    if (m_bundles)
        return work(*m_bundles);
    if (!m_secrets) {
        m_secrets = std::make_unique<SecretStore>();
        if (m_options.redactor)
            m_secrets->setRedactor(m_options.redactor);
    }
    bundlekeystore::read(*m_secrets, m_exchange->keyRef, m_exchange->id, m_exchange->side,
                         [this, work](const std::optional<BundleKeyPair> &keys, const QString &problem) {
                             if (!keys)
                                 return Q_EMIT note(problem, true);
                             if (!m_bundles)
                                 m_bundles = std::make_unique<BundleExchange>(*m_store, *m_exchange, *keys);
                             work(*m_bundles);
                         });
}

void PairWorker::exportBundles(const QString &folder)
{
    withBundles([this, folder](BundleExchange &bundles) {
        const Result<BundleExchange::Exported> exported = bundles.exportTo(folder, {}, BundleExchange::defaultMaxBytes);
        if (!exported) {
            Q_EMIT note(QStringLiteral("no bundle was written: %1").arg(exported.error().message()), true);
            return;
        }
        const QString said = QStringLiteral("%1 bundle(s) written to %2: %3 changes, %4 attachments, %5 receipts")
                                 .arg(exported->files.size())
                                 .arg(QDir::toNativeSeparators(folder))
                                 .arg(exported->ops)
                                 .arg(exported->attachments)
                                 .arg(exported->receipts);
        qCInfo(lcEngine).noquote() << "pair" << m_options.pair << ":" << said;
        Q_EMIT note(said, false);
        readStatus();
    });
}

void PairWorker::importBundles(const QStringList &files)
{
    withBundles([this, files](BundleExchange &bundles) {
        int newOps = 0;
        for (const QString &file : files) {
            const BundleExchange::Imported imported = bundles.importFile(file);
            const QString name = QFileInfo(file).fileName();
            newOps += imported.ops;
            QString said;
            switch (imported.result) {
            case BundleExchange::Outcome::Imported:
                said = QStringLiteral("%1: imported, %2 new changes, %3 receipts")
                           .arg(name)
                           .arg(imported.ops)
                           .arg(imported.receipts);
                break;
            case BundleExchange::Outcome::Rejected:
                said = QStringLiteral("%1: rejected: %2").arg(name, imported.why);
                break;
            default:
                said = QStringLiteral("%1: %2").arg(name, imported.why);
            }
            if (imported.result == BundleExchange::Outcome::Rejected)
                qCWarning(lcEngine).noquote() << "pair" << m_options.pair << ":" << said;
            else
                qCInfo(lcEngine).noquote() << "pair" << m_options.pair << ":" << said;
            Q_EMIT note(said, imported.result == BundleExchange::Outcome::Rejected);
        }
        readStatus();
        if (newOps > 0)
            syncNow();
    });
}

void PairWorker::exchangeBundles()
{
    const int interval = m_mail ? m_mailInterval : m_exchange ? m_exchange->interval : 0;
    if (!m_bundles || (m_sinceExchange.isValid() && m_sinceExchange.elapsed() < interval * 1000LL))
        return;
    // Bundles exchanged by hand (no folders, no mail) are a choice, not a setting missing: the keys
    // read for a manual import or export leave nothing to exchange automatically.
    if (!m_mail && m_exchange && (m_exchange->outgoing.isEmpty() || m_exchange->incoming.isEmpty()))
        return;
    const BundleExchange::Run run = m_mail ? m_mail->exchange(*m_bundles) : m_bundles->exchangeFolders();
    if (!run.error.isEmpty())
        Q_EMIT note(run.error, true);
    for (const QString &rejected : run.rejected)
        Q_EMIT note(QStringLiteral("bundle %1").arg(rejected), true);
    if (run.newOps > 0) {
        // Applied by a round at once, whose receipts then go out with the next exchange.
        m_again = true;
        m_sinceExchange.invalidate();
        return;
    }
    m_sinceExchange.start();
}

void PairWorker::connectSide(Side side)
{
    m_connectors[side] = std::make_unique<SideConnector>(m_sites[side], m_config.side(side).project, m_network.get(),
                                                         m_options.redactor);
    connect(m_connectors[side].get(), &SideConnector::finished, this, [this, side](const QString &error) {
        if (!error.isEmpty())
            return fail(error);
        m_clients[side] = m_connectors[side]->takeClient();
        m_metadata[side] = m_connectors[side]->metadata();
        connect(m_clients[side].get(), &JiraClient::throttled, this,
                [this, side](const QString &reason, int waitMs) { noteQuotaPause(side, reason, waitMs); });
        side == Side::A && !m_localSide ? connectSide(Side::B) : connected();
    });
    m_connectors[side]->connectToSite();
}

void PairWorker::noteQuotaPause(Side side, const QString &reason, int waitMs)
{
    if (!JiraClient::isQuotaReason(reason))
        return;
    const QDateTime until = QDateTime::currentDateTimeUtc().addMSecs(waitMs);
    if (m_quotaPausedUntil[side].isValid() && until <= m_quotaPausedUntil[side].addSecs(1))
        return; // a wait noted already
    m_quotaPausedUntil[side] = until;
    const PairStatus::QuotaPause pause{side, m_sites[side].name, until};
    if (auto recorded = Journal(*m_store, m_pairId)
                            .record({{},
                                     side,
                                     {},
                                     quotaPauseKind(),
                                     {{QStringLiteral("site"), pause.site},
                                      {QStringLiteral("until"), until.toString(Qt::ISODateWithMs)},
                                      {QStringLiteral("reason"), reason}}});
        !recorded)
        qCWarning(lcEngine).noquote() << "could not record the site's spent quota:" << recorded.error().message();
    Q_EMIT note(pause.notice(), true);
    readStatus();
}

void PairWorker::connected()
{
    if (m_stopping)
        return finish();
    checkLicenses([this] { licensed(); });
}

void PairWorker::checkLicenses(const std::function<void()> &then)
{
    PerSide<SideFacts> sides;
    for (Side side : bothSides) {
        sides[side].siteName = m_config.side(side).site;
        sides[side].url = m_sites[side].url.toString();
        sides[side].deployment = m_metadata[side].deployment;
        sides[side].siteId = m_metadata[side].siteId;
        sides[side].local = !m_localSide || m_localSide == side;
    }
    const QString carrier = !m_exchange ? QString() : m_mail ? QStringLiteral("email") : QStringLiteral("file");
    planLicensesOnline(
        *m_store, m_network.get(), m_licenseClient, m_options.pair, carrier, sides.a, sides.b,
        [this, then](const std::optional<LicensePlan> &plan, const QString &error, const QStringList &unanswered) {
            for (const QString &problem : unanswered)
                Q_EMIT note(problem, true);
            if (!plan)
                return fail(error);
            QStringList failed;
            for (const Requirement &line : plan->lines)
                if (!line.passed)
                    failed << QStringLiteral("%1: %2 (%3)").arg(line.name, line.detail, line.fix);
            if (!failed.isEmpty())
                return fail(QStringLiteral("the pair cannot run in mode \"%1\": %2")
                                .arg(modeName(plan->mode), failed.join(QStringLiteral("; "))));
            if (auto bound = bindEndpoint(*m_store, m_options.pair, *plan); !bound)
                return fail(bound.error().message());
            m_licenseChecked.start();
            then();
        });
}

void PairWorker::licensed()
{
    if (m_stopping)
        return finish();
    m_translator = std::make_unique<FieldTranslator>(m_config, m_metadata.a, m_metadata.b);
    for (const QString &unsupported : m_translator->unsupported())
        Q_EMIT note(unsupported, true);
    m_round = !m_localSide
        ? std::make_unique<SyncRound>(*m_clients.a, *m_clients.b, m_config, *m_translator, *m_store, m_pairId)
        : std::make_unique<SyncRound>(*m_localSide, *m_clients[*m_localSide], m_config, *m_translator, *m_store,
                                      m_pairId);
    m_round->setBatchSize(m_options.batchSize);
    connect(m_round.get(), &SyncRound::finished, this, &PairWorker::roundDone);
    readStatus();
    m_paused ? Q_EMIT stateChanged(PairRunner::State::Paused) : runRound();
}

void PairWorker::runRound()
{
    if (!m_round || m_round->isRunning())
        return;
    // A pair that runs for days has its licenses looked at again once a day.
    if (m_licenseChecked.isValid() && m_licenseChecked.elapsed() > 24LL * 3600 * 1000)
        return checkLicenses([this] { runRound(); });
    m_again = false;
    Q_EMIT stateChanged(PairRunner::State::Syncing);
    m_roundClock.start();
    m_round->run();
}

std::optional<PairStatus> PairWorker::readStatus()
{
    const Result<PairStatus> status = PairStatus::read(*m_store, m_pairId);
    if (!status) {
        qCWarning(lcEngine).noquote() << "pair" << m_options.pair
                                      << ": could not read its status:" << status.error().message();
        return std::nullopt;
    }
    Q_EMIT statusRead(*status);
    if (const Result<QList<IssueSync>> issues = IssueSync::list(*m_store, m_pairId, *status))
        Q_EMIT issuesRead(*issues);
    else
        qCWarning(lcEngine).noquote() << "pair" << m_options.pair
                                      << ": could not read its issues:" << issues.error().message();
    return *status;
}

void PairWorker::reportBacklog(const SyncRound::Report &report, const std::optional<PairStatus> &status)
{
    if (!report.more || !status) {
        if (m_inBacklog)
            Q_EMIT backlog(0, 0);
        m_inBacklog = false;
        return;
    }
    m_inBacklog = true;
    const int left = status->pendingFromA + status->pendingFromB;
    const int settled = report.appliedOnA.settled() + report.appliedOnB.settled();
    const double seconds = double(m_roundClock.elapsed()) / 1000;
    const int secondsLeft = settled > 0 ? int(std::ceil(left * seconds / settled)) : 0;
    qCInfo(lcEngine).noquote() << "pair" << m_options.pair << ":" << left << "changes wait for the next rounds, about"
                               << secondsLeft << "s";
    Q_EMIT backlog(left, secondsLeft);
}

void PairWorker::readIssue(const QString &key)
{
    if (!m_store)
        return;
    const Result<std::optional<IssueSync>> issue = IssueSync::read(*m_store, m_pairId, key, 10);
    if (!issue)
        qCWarning(lcEngine).noquote() << "pair" << m_options.pair << ": could not read issue" << key << ":"
                                      << issue.error().message();
    else if (*issue)
        Q_EMIT issueRead(**issue);
}

void PairWorker::actOnIssue(const QString &key, PairRunner::IssueAction action, const QString &otherKey)
{
    if (!m_store)
        return;
    const Result<QString> said = actedOnIssue(key, action, otherKey);
    Q_EMIT note(said ? *said : QStringLiteral("%1: %2").arg(key, said.error().message()), !said);
    if (said)
        qCInfo(lcEngine).noquote() << "pair" << m_options.pair << ":" << *said;
    readStatus();
}

Result<QString> PairWorker::actedOnIssue(const QString &key, PairRunner::IssueAction action, const QString &otherKey)
{
    const Result<std::optional<IssueSync>> read = IssueSync::read(*m_store, m_pairId, key, 0);
    if (!read)
        return read.error();
    if (!*read)
        return Error(QStringLiteral("the pair has not seen an issue %1").arg(key));
    const IssueSync &issue = **read;
    switch (action) {
    case PairRunner::IssueAction::Resync:
        return issueactions::resync(*m_store, m_pairId, m_options.pair, issue);
    case PairRunner::IssueAction::Recreate:
        return issueactions::recreate(*m_store, m_pairId, m_options.pair, issue);
    case PairRunner::IssueAction::Ignore:
        return issueactions::ignore(*m_store, m_pairId, issue);
    case PairRunner::IssueAction::Relink:
        break;
    }
    return issueactions::relink(*m_store, m_pairId, m_options.pair, issue, otherKey);
}

void PairWorker::roundDone(const SyncRound::Report &report)
{
    ++m_rounds;
    if (!report.error().isEmpty())
        qCWarning(lcEngine).noquote() << "pair" << m_options.pair << ": round" << m_rounds
                                      << "failed; the next round tries again:" << report.error();
    else if (report.detectedA.opsSent + report.detectedB.opsSent > 0)
        qCInfo(lcEngine).noquote() << "pair" << m_options.pair << ": round" << m_rounds << "-"
                                   << report.appliedOnB.written << "written on B," << report.appliedOnA.written
                                   << "on A;" << report.appliedOnA.conflictsOpened + report.appliedOnB.conflictsOpened
                                   << "new conflicts;" << report.requestsA + report.requestsB << "requests";
    exchangeBundles();
    compactWhenDue();
    Q_EMIT roundFinished(report, m_rounds);
    reportBacklog(report, readStatus());
    if (m_stopping || (m_options.rounds > 0 && m_rounds >= m_options.rounds))
        return finish();
    // "Sync now", or an initial sync larger than a round: the next round at once.
    if (m_again || (report.more && !m_paused))
        return runRound();
    scheduleNext();
}

void PairWorker::compactWhenDue()
{
    // Once a day, and after the first round of a run: a pair that runs for months keeps a
    // bounded state.
    if (m_compacted.isValid() && m_compacted.elapsed() < 24LL * 3600 * 1000)
        return;
    m_compacted.start();
    const QDateTime before = QDateTime::currentDateTimeUtc().addDays(-m_config.retentionDays);
    const Result<Compaction> compacted = compactHistory(*m_store, m_pairId, before);
    if (!compacted)
        qCWarning(lcEngine).noquote() << "pair" << m_options.pair
                                      << ": could not compact its history:" << compacted.error().message();
    else if (compacted->ops + compacted->entries > 0)
        qCInfo(lcEngine).noquote() << "pair" << m_options.pair << ": history before" << before.toString(Qt::ISODate)
                                   << "compacted:" << compacted->ops << "ops," << compacted->entries
                                   << "journal entries";
}

void PairWorker::scheduleNext()
{
    if (m_paused) {
        Q_EMIT stateChanged(PairRunner::State::Paused);
        return;
    }
    Q_EMIT stateChanged(PairRunner::State::Waiting);
    m_timer.start(m_options.waitBetweenRounds ? m_config.pollIntervalSeconds * 1000 : 0);
}

void PairWorker::pause()
{
    m_paused = true;
    m_timer.stop();
    if (m_round && !m_round->isRunning())
        Q_EMIT stateChanged(PairRunner::State::Paused);
}

void PairWorker::resume()
{
    if (!m_paused)
        return;
    m_paused = false;
    if (m_round && !m_round->isRunning())
        runRound();
}

void PairWorker::syncNow()
{
    if (!m_round)
        return;
    if (m_round->isRunning()) {
        m_again = true;
        return;
    }
    m_timer.stop();
    runRound();
}

void PairWorker::resolve(qint64 conflictId, Side take, const std::optional<QJsonValue> &value)
{
    if (!m_store)
        return;
    const Result<void> settled = value ? resolveConflictWith(*m_store, m_pairId, conflictId, *value)
                                       : resolveConflict(*m_store, m_pairId, conflictId, take);
    if (!settled) {
        Q_EMIT note(QStringLiteral("conflict #%1: %2").arg(conflictId).arg(settled.error().message()), true);
        return;
    }
    const QString with
        = value ? QStringLiteral("the value given") : QStringLiteral("side %1's value").arg(sideLetter(take));
    qCInfo(lcEngine).noquote() << "pair" << m_options.pair << ": conflict" << conflictId << "settled with" << with;
    Q_EMIT note(QStringLiteral("conflict #%1 settled with %2; this round writes it").arg(conflictId).arg(with), false);
    readStatus();
    syncNow();
}

void PairWorker::stop()
{
    m_stopping = true;
    m_timer.stop();
    // A round finishes its step (nothing is left half-recorded); connecting ends at the next answer.
    if ((m_round && m_round->isRunning()) || (!m_round && m_lock && (m_connectors.a || m_connectors.b)))
        return;
    finish();
}

void PairWorker::fail(const QString &error)
{
    qCWarning(lcEngine).noquote() << "pair" << m_options.pair << ":" << error;
    Q_EMIT failed(error);
    finish();
}

void PairWorker::finish()
{
    // Never within a signal of what it deletes (a round, a client, a connector): on its own turn.
    if (!m_finishing) {
        m_finishing = true;
        QMetaObject::invokeMethod(this, &PairWorker::finish, Qt::QueuedConnection);
        return;
    }
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    m_round.reset();
    m_translator.reset();
    for (Side side : bothSides) {
        m_clients[side].reset();
        m_connectors[side].reset();
    }
    // A remote endpoint stays bound to the pair when it stops: only removing the pair frees it,
    // or pairs run in turn (a cron job) would use any number of endpoints (docs/security.md).
    m_licenseClient.reset();
    if (m_lock)
        m_lock->release();
    m_lock.reset();
    m_store.reset();
    m_network.reset();
    m_scope.reset();
    Q_EMIT stateChanged(PairRunner::State::Stopped);
    Q_EMIT stopped();
}

PairRunner::PairRunner(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
}

PairRunner::~PairRunner()
{
    if (m_stateReader)
        m_stateReader->wait();
    if (!m_thread)
        return;
    // The worker ends its thread when it has stopped: after the round it may be in.
    if (m_thread->isRunning())
        QMetaObject::invokeMethod(m_worker, &PairWorker::stop, Qt::QueuedConnection);
    m_thread->wait();
    delete m_worker;
}

void PairRunner::start()
{
    if (m_thread && m_thread->isRunning())
        return;
    // The worker of the last run outlives its thread, so that a call to a stopped runner goes
    // to an object that exists (and is never carried out); it goes with a new start.
    if (m_thread) {
        m_thread->wait();
        delete m_worker;
        delete m_thread;
    }
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("pair ") + m_options.pair);
    m_worker = new PairWorker(m_options);
    m_worker->moveToThread(m_thread);
    connect(m_worker, &PairWorker::stopped, m_thread, &QThread::quit, Qt::DirectConnection);
    connect(m_worker, &PairWorker::stateChanged, this, &PairRunner::setState);
    connect(m_worker, &PairWorker::note, this, &PairRunner::note);
    connect(m_worker, &PairWorker::roundFinished, this, &PairRunner::roundFinished);
    connect(m_worker, &PairWorker::statusRead, this, &PairRunner::statusRead);
    connect(m_worker, &PairWorker::issuesRead, this, &PairRunner::issuesRead);
    connect(m_worker, &PairWorker::backlog, this, &PairRunner::backlog);
    connect(m_worker, &PairWorker::issueRead, this, &PairRunner::issueRead);
    connect(m_worker, &PairWorker::failed, this, &PairRunner::failed);
    connect(m_worker, &PairWorker::stopped, this, &PairRunner::stopped);
    m_thread->start();
    m_state = State::Connecting;
    QMetaObject::invokeMethod(m_worker, &PairWorker::start, Qt::QueuedConnection);
}

void PairRunner::readStoredState()
{
    if ((m_thread && m_thread->isRunning()) || m_stateReader)
        return;
    const Options options = m_options;
    m_stateReader = QThread::create([this, options] {
        StateStore store(options.stateDirectory);
        const Result<void> opened = store.open();
        const Result<qint64> pairId = opened ? PairRepository(store).id(options.pair) : Result<qint64>(opened.error());
        const Result<PairStatus> status
            = pairId ? PairStatus::read(store, *pairId) : Result<PairStatus>(pairId.error());
        if (!status) {
            qCWarning(lcEngine).noquote()
                << "pair" << options.pair << ": could not read its state:" << status.error().message();
            return;
        }
        const Result<QList<IssueSync>> issues = IssueSync::list(store, *pairId, *status);
        // Queued to the runner's thread; the runner waits for this thread before it goes.
        QMetaObject::invokeMethod(
            this,
            [this, status = *status, issues = issues.valueOr({})] {
                Q_EMIT statusRead(status);
                Q_EMIT issuesRead(issues);
            },
            Qt::QueuedConnection);
    });
    m_stateReader->setObjectName(QStringLiteral("state of ") + m_options.pair);
    connect(m_stateReader, &QThread::finished, this, [this] {
        m_stateReader->deleteLater();
        m_stateReader = nullptr;
    });
    m_stateReader->start();
}

void PairRunner::pause()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &PairWorker::pause, Qt::QueuedConnection);
}

void PairRunner::resume()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &PairWorker::resume, Qt::QueuedConnection);
}

void PairRunner::syncNow()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &PairWorker::syncNow, Qt::QueuedConnection);
}

void PairRunner::stop()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &PairWorker::stop, Qt::QueuedConnection);
}

void PairRunner::resolveConflict(qint64 conflictId, Side take)
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, conflictId, take] { worker->resolve(conflictId, take); },
            Qt::QueuedConnection);
}

void PairRunner::resolveConflictWith(qint64 conflictId, const QJsonValue &value)
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, conflictId, value] { worker->resolve(conflictId, {}, value); },
            Qt::QueuedConnection);
}

void PairRunner::actOnIssue(const QString &key, IssueAction action, const QString &otherKey)
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, key, action, otherKey] { worker->actOnIssue(key, action, otherKey); },
            Qt::QueuedConnection);
}

void PairRunner::exportBundles(const QString &folder)
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, folder] { worker->exportBundles(folder); }, Qt::QueuedConnection);
}

void PairRunner::importBundles(const QStringList &files)
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, files] { worker->importBundles(files); }, Qt::QueuedConnection);
}

void PairRunner::readIssue(const QString &key)
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, key] { worker->readIssue(key); }, Qt::QueuedConnection);
}

void PairRunner::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace ferry

#include "pairrunner.moc"
