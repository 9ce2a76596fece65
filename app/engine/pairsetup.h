#pragma once

#include "core/pairconfig.h"
#include "engine/dryrun.h"
#include "jira/secrets.h"
#include "jira/site.h"
#include "jira/sitecheck.h"
#include "license/requirements.h"
#include "mail/mailsettings.h"
#include "transport/mailexchange.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>

#include <functional>
#include <optional>

namespace ferry {

class SecretRedactor;

/// One side of a pair being set up: its site (new or configured), the secret typed for it
/// (empty: read it from where the site's reference points), and its project.
struct SetupSide {
    Site site;
    QString secret;
    QString project;
    bool isNew = false; ///< the site is to be added (its typed secret goes into the keychain)
};

/// A Jira project as a site lists it, for picking one.
struct ProjectChoice {
    QString key;
    QString name;
};

/// A stored pair as its editor opens it: the configuration in force and what both sides have
/// (the other console's side from the handshake, for a pair exchanged by bundles).
struct OpenedPair {
    QString name;
    PairConfig config;
    int version = 0;
    SiteMetadata a;
    SiteMetadata b;
    QString bundleRole; ///< empty for a direct pair; "primary" or "secondary"
    QString proposalState; ///< a configuration on its way: "published", "offered", "accepted", "declined"
    PairConfig proposal;
    int proposalVersion = 0;
    QString error; ///< the pair could not be read
    QString sitesError; ///< a site could not be reached: the editor works without its choices
};

/// One console's part of a pair exchanged by bundles, as the wizard sets it up.
struct BundleSetup {
    SetupSide own; ///< this console's site and project
    QString name; ///< the pair's name here (the secondary: empty takes the primary's)
    Side side = Side::A; ///< the primary's side
    QString handshake; ///< the primary: where the handshake is written; the secondary: what it reads
    QString code; ///< the secondary: the code the primary's admin told
    QString answer; ///< the secondary: where the answer is written
    /// E-mail mode: how this console sends and receives (the handshake travels by mail too), and
    /// the password of both servers' user, typed; empty for the file mode.
    std::optional<MailSettings> mail;
    QString mailPassword;
    QString outgoing; ///< automatic exchange: the folder bundles go to (empty: by hand only)
    QString incoming; ///< …and the one they are read from
    int interval = 300; ///< seconds between exchanges
};

class PairSetupWorker;

/// What the console's pair wizard and pair editor ask of sites and the state folder, answered
/// on a thread of its own as signals: check a site, connect both sides of a pair and read what
/// they have, count the issues a scope matches, dry-run the first sync, plan the licenses the
/// mode needs, and store the new sites and the pair. Nothing is written to a site.
class PairSetup : public QObject {
    Q_OBJECT
public:
    explicit PairSetup(const QString &stateDirectory, SecretRedactor *redactor = nullptr, QObject *parent = nullptr);
    ~PairSetup() override;

    /// The configured sites (for picking one), read from the state folder.
    static Result<QList<Site>> configuredSites(const QString &stateDirectory);

    /// Checks a site (and a project's permissions on it, when one is named); siteChecked() follows
    /// with panel, which of the asker's site panels (0 or 1) asked.
    void checkSite(int panel, const ferry::SetupSide &setup);
    /// Connects to both sides and reads their metadata; connected() follows. Later counts and the
    /// dry run use these connections.
    void connectSides(const ferry::SetupSide &a, const ferry::SetupSide &b);
    /// Counts the issues a JQL scope matches on a connected side; counted() follows.
    void countIssues(ferry::Side side, const QString &jql);
    /// Works out what the first sync of config would do; dryRunFinished() follows.
    void dryRun(const ferry::PairConfig &config);
    /// The licenses the pair needs in its mode, asking the license service where the mode needs
    /// it; planned() follows. deployments: "cloud" or "dc" of side A and B.
    void planLicenses(const ferry::PairConfig &config, const QString &deploymentA, const QString &deploymentB);
    /// Adds the new sites (their secrets into the keychain) and stores the pair; created() follows.
    void create(const QList<ferry::SetupSide> &sides, const ferry::PairConfig &config);
    /// The primary console: stores a new own site, reads its metadata, makes the pair's bundle
    /// keys (kept in the keychain), records the pair awaiting its answer and writes the handshake;
    /// handshakeWritten() follows with the one-time code.
    void beginHandshake(const ferry::BundleSetup &setup);
    /// The secondary console: opens the handshake with its code, creates the pair completed with
    /// its own site's metadata, and writes the answer; handshakeAnswered() follows.
    void answerHandshake(const ferry::BundleSetup &setup);
    /// The primary console: imports the answer, and the pair is connected; handshakeCompleted() follows.
    void completeHandshake(const QString &answer);
    /// The same, with the answer taken from the mailbox of the pair's mail settings.
    void completeHandshakeByMail(const QString &pair);
    /// Tests mail settings as the pair will use them (a message to this console's own address
    /// must arrive); mailChecked() follows.
    void checkMail(const ferry::MailSettings &settings, const QString &password);

    /// Reads a stored pair and connects to its sites; pairOpened() follows.
    void open(const QString &pair);
    /// A new version of a stored pair's configuration (changePairConfig); configChanged() follows.
    void change(const ferry::PairConfig &config);
    /// The secondary's answer to an offered configuration; offerAnswered() follows.
    void answerOffer(const QString &pair, bool accept);

Q_SIGNALS:
    void siteChecked(int panel, const QList<ferry::SiteCheck::Line> &lines, bool passed, const QString &deployment,
                     const QList<ferry::ProjectChoice> &projects);
    /// While connectSides() reads a side: what it reads now ("reading the users: 1000 so far").
    void connectProgress(ferry::Side side, const QString &what);
    void connected(const QString &error, const ferry::SiteMetadata &a, const ferry::SiteMetadata &b);
    void counted(ferry::Side side, const QString &jql, int count, const QString &error);
    /// How many issues of a side's scope the dry run has read so far.
    void dryRunProgress(ferry::Side side, int read);
    void dryRunFinished(const ferry::DryRunReport &report);
    void planned(const ferry::LicensePlan &plan);
    /// error is empty when the pair (and its new sites) are stored.
    void created(const QString &name, const QString &error);
    void pairOpened(const ferry::OpenedPair &pair);
    void handshakeWritten(const QString &name, const QString &code, const QString &fingerprint, const QString &error);
    void handshakeAnswered(const QString &name, const ferry::PairConfig &config, const QString &partnerFingerprint,
                           const QString &ownFingerprint, const QString &error);
    void handshakeCompleted(const QString &name, const QString &partnerFingerprint, const QString &error);
    /// Each line of a mail test: passed, and what was found.
    void mailChecked(const QList<ferry::MailCheck> &lines);
    /// version: the new one (0 on error); published: it went to the other console, not in force yet.
    void configChanged(const QString &name, int version, bool published, const QString &error);
    void offerAnswered(const QString &name, int version, bool accepted, const QString &error);

private:
    /// Stores the sites' typed secrets in the keychain one after the other; done gets the first
    /// problem. On this object's thread: QtKeychain's Secret Service jobs belong on the GUI thread.
    void storeSecrets(QList<SetupSide> sides, const std::function<void(const QString &)> &done);
    /// Stores the typed secret of a new own site, then runs work on the worker's thread (or
    /// reports the problem through fail).
    void withOwnSecret(const BundleSetup &setup, const std::function<void()> &work,
                       const std::function<void(const QString &)> &fail);

    QThread m_thread;
    /// A secret typed into the console enters the process here: registered with the redactor
    /// before it goes anywhere, so that no log line can show it.
    void remember(const QString &secret, const QString &user) const;
    void remember(const SetupSide &side) const;

    SecretRedactor *m_redactor;
    PairSetupWorker *m_worker;
    SecretStore m_secrets;
};

} // namespace ferry

Q_DECLARE_METATYPE(ferry::SetupSide)
Q_DECLARE_METATYPE(ferry::ProjectChoice)
Q_DECLARE_METATYPE(ferry::OpenedPair)
Q_DECLARE_METATYPE(ferry::BundleSetup)
Q_DECLARE_METATYPE(ferry::MailCheck)
Q_DECLARE_METATYPE(ferry::DryRunReport)
Q_DECLARE_METATYPE(ferry::LicensePlan)
Q_DECLARE_METATYPE(ferry::SiteMetadata)
Q_DECLARE_METATYPE(ferry::PairConfig)
Q_DECLARE_METATYPE(ferry::SiteCheck::Line)
