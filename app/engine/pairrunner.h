#pragma once

#include "engine/issuesync.h"
#include "engine/pairstatus.h"
#include "engine/syncround.h"

#include <QJsonValue>
#include <QObject>
#include <QString>

#include <memory>

class QThread;

namespace ferry {

class SecretRedactor;
class PairWorker;

/// Runs one pair on its own worker thread, round after round, the pair's poll interval apart (at
/// once while a round leaves more to deliver): connects to the sites this console reaches (both in
/// a direct mode; its own behind firewalls, where bundles carry the other side's changes by file or
/// mail), checks the pair's licenses, takes the pair's lock, and runs SyncRounds. Control it from
/// any thread; what happens comes back as signals, queued to the runner's thread. The worker thread
/// has its own network manager and its own connection to the state database.
class PairRunner : public QObject {
    Q_OBJECT
public:
    enum class State {
        Stopped,
        Connecting, ///< reading secrets, reaching the sites
        Syncing, ///< a round is running
        Waiting, ///< for the next round
        Paused, ///< no rounds until resumed (or "sync now")
    };
    Q_ENUM(State)

    struct Options {
        QString stateDirectory;
        QString pair;
        SecretRedactor *redactor = nullptr; ///< every secret read is registered here
        int rounds = 0; ///< stop after this many rounds; 0: until stopped
        bool waitBetweenRounds = true; ///< false: the next round right after one ends
        int batchSize = SyncRound::defaultBatchSize; ///< ops a round delivers a side
    };

    explicit PairRunner(const Options &options, QObject *parent = nullptr);
    /// Stops the worker (after the round it may be in) and waits for its thread.
    ~PairRunner() override;

    void start();
    /// No more rounds after the current one; resume() goes on.
    void pause();
    void resume();
    /// The next round now instead of after the poll interval; one round when paused.
    void syncNow();
    /// Stops after the current round; stopped() follows.
    void stop();
    /// Settles an open conflict with one side's value (see resolveConflict()); a round
    /// follows at once to write it. A conflict that cannot be settled is said by note().
    void resolveConflict(qint64 conflictId, ferry::Side take);
    /// Settles an open conflict with a value an admin made (see resolveConflictWith()).
    void resolveConflictWith(qint64 conflictId, const QJsonValue &value);
    /// What an admin can do with an issue (see issueactions); what came of it is said by note(),
    /// and the issues are read again.
    enum class IssueAction { Resync, Recreate, Ignore, Relink };
    void actOnIssue(const QString &key, IssueAction action, const QString &otherKey = QString());
    /// Reads one issue with its recent ops; issueRead() answers.
    void readIssue(const QString &key);
    /// A pair exchanged by bundles: writes this side's bundles into folder now, or imports the
    /// files given (what came of it is said by note(); changes imported are applied at once).
    void exportBundles(const QString &folder);
    void importBundles(const QStringList &files);

    /// A pair that does not run: reads where it stands from its state, off the calling thread,
    /// and answers with statusRead() and issuesRead() as a running pair does after each round
    /// (a running pair's worker says it anyway).
    void readStoredState();

    State state() const { return m_state; }

Q_SIGNALS:
    void stateChanged(ferry::PairRunner::State state);
    /// Something an admin should know that does not stop the pair: what came of an action (a
    /// bundle written, a conflict settled), or a problem (a field Ferry cannot sync, a bundle
    /// rejected, an action refused).
    void note(const QString &text, bool problem);
    /// round counts from 1 since start().
    void roundFinished(const ferry::SyncRound::Report &report, int round);
    /// Where the pair stands, read from its state after connecting and after each round.
    void statusRead(const ferry::PairStatus &status);
    /// While a backlog (a large initial sync, a bulk change) takes rounds back to back: the
    /// changes still waiting and, from the last round's pace, about how many seconds they take;
    /// (0, 0) once it is through.
    void backlog(int changesLeft, int secondsLeft);
    /// One issue as readIssue() asked, with its ten most recent ops.
    void issueRead(const ferry::IssueSync &issue);
    /// Every linked issue and where it stands, read with the status.
    void issuesRead(const QList<ferry::IssueSync> &issues);
    /// The pair could not start or had to stop (configuration, secret, site, lock, database).
    void failed(const QString &error);
    /// The worker has stopped and let go of the pair's lock.
    void stopped();

private:
    void setState(State state);

    Options m_options;
    State m_state = State::Stopped;
    QThread *m_thread = nullptr;
    PairWorker *m_worker = nullptr;
    QThread *m_stateReader = nullptr; ///< readStoredState()'s, while it reads
};

} // namespace ferry
