#pragma once

#include <QLockFile>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include "core/result.h"

#include <functional>
#include <memory>

namespace ferry {

/// Ferry's state in SQLite (<state>/ferry.db): the single source of truth for pairs, their
/// configurations, issue links, bases, checkpoints, outbox and inbox, conflicts, per-issue
/// errors and the sync journal (docs/architecture.md, "The state").
///
/// WAL journal, foreign keys on, a schema version (PRAGMA user_version) brought up to date by
/// migrations that each run inside a transaction. Every thread gets its own named connection;
/// use database() from the thread that works with it.
class StateStore {
public:
    /// One migration: the statements that bring the schema from version N-1 to N.
    using Migration = QStringList;
    static const QList<Migration> &migrations();

    /// migrations defaults to Ferry's; tests pass their own.
    explicit StateStore(const QString &directory, QList<Migration> migrations = StateStore::migrations());
    ~StateStore();
    StateStore(const StateStore &) = delete;
    StateStore &operator=(const StateStore &) = delete;

    /// Opens (and creates) the database and migrates it. Fails with a reason an admin can act on.
    Result<void> open();
    int schemaVersion();
    QString path() const { return m_path; }
    QString directory() const { return m_directory; }

    /// This thread's connection, opened on first use.
    QSqlDatabase database();

    /// Runs work in one immediate transaction: committed when it succeeds, rolled back (and its
    /// error returned) otherwise.
    ///
    /// Every commit is a durable step. For crash tests, FERRY_TEST_ABORT="before:N" or
    /// "after:N" ends the process at once (exit code testAbortExitCode, no clean-up) just before
    /// or just after the Nth commit of the process, as a kill would.
    Result<void> transaction(const std::function<Result<void>(QSqlDatabase &db)> &work);
    static constexpr int testAbortExitCode = 86;

private:
    Result<void> migrate();

    QString m_directory;
    QString m_path;
    QString m_connectionPrefix;
    QList<Migration> m_migrations;
};

/// Keeps one pair from being synced by two engines at once: a lock file in <state>/locks that
/// a crashed process's stale lock does not block.
class PairLock {
public:
    PairLock(const QString &stateDirectory, const QString &pairName);
    /// Fails saying who holds it ("process 1234 on host x") when another engine runs the pair.
    Result<void> acquire();
    void release();

private:
    QString m_pair;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace ferry
