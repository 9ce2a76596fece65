#pragma once

#include "engine/fieldtranslator.h"
#include "engine/syncround.h"
#include "jira/jiraclient.h"
#include "sandboxfixture.h"
#include "store/statestore.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace ferry::test {

/// Both halves of the engine for one pair between two sandboxes over loopback HTTP, joined by
/// the channel in one state store: side A with project ACME, side B with project GLX, of any
/// flavors. The pair's configuration is the suggested one, which a test may adjust first.
class EngineRig {
public:
    struct Side {
        std::unique_ptr<SandboxFixture> sb;
        std::unique_ptr<JiraClient> client;
        QString project;
        SiteMetadata metadata;

        QJsonObject issue(const QString &key); ///< fields and the ferry.origin property
        QJsonObject fields(const QString &key) { return issue(key).value(QStringLiteral("fields")).toObject(); }
        /// Edits an issue as a person would; Jira's HTTP status.
        int edit(const QString &key, const QJsonObject &fields);
        QString statusOf(const QString &key);
        /// Every issue of the project: key → fields.
        QMap<QString, QJsonObject> issues();
        /// The key of the project's issue with this summary; empty when there is none.
        QString keyOf(const QString &summary);
    };

    EngineRig();
    ~EngineRig();

    /// False (with a warning) when a sandbox, the store or a client cannot start.
    bool start(sandbox::Flavor aFlavor, sandbox::Flavor bFlavor,
               const std::function<void(PairConfig &config)> &adjust = {});
    /// One round; false (with a warning) when it failed as a whole.
    bool round();
    /// One round in which neither side finds a change nor writes anything (no echo); what was sent
    /// or written instead, empty when the round was idle.
    QString idleRound();
    /// A new SyncRound on the same state, as a restarted Ferry would make.
    void restart();
    /// The last round's report.
    const SyncRound::Report &report() const { return m_report; }
    /// The partner on B of an issue of A, or empty when it has none.
    QString partnerOnB(const QString &aKey);
    /// Ops of a side's outbox the other side has not applied yet.
    int pending(ferry::Side side);

    /// The pair's field translator, once started.
    const FieldTranslator &translator() const { return *m_translator; }

    /// Set before start(): the Cloud sandboxes enforce Cloud's published rate limits.
    bool cloudRateLimits = false;
    Side a;
    Side b;
    PairConfig config;
    std::unique_ptr<StateStore> store;
    qint64 pair = 0;

private:
    QNetworkAccessManager m_network;
    QTemporaryDir m_dir;
    std::unique_ptr<FieldTranslator> m_translator;
    std::unique_ptr<SyncRound> m_round;
    SyncRound::Report m_report;
};

/// Two consoles behind firewalls, as the file and e-mail tests start them: console "a" with the
/// Cloud sandbox (project ACME) as site "acme", console "b" with the Data Center one (GLX) as
/// "galaxy"; each licensed for its own site, and the license service of both at an address nothing
/// answers (the bundle modes never need one). run is ferry-cli on a console, its exit code; stateOf
/// is a console's state folder. False with a warning when a step fails.
bool startConsolesBehindFirewalls(EngineRig::Side &a, EngineRig::Side &b,
                                  const std::function<int(const QString &console, const QStringList &arguments)> &run,
                                  const std::function<QString(const QString &console)> &stateOf);

} // namespace ferry::test
