#include "store/statestore.h"

#include "core/logcategories.h"
#include "core/privatefolder.h"

#include <QDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QThread>
#include <QUuid>

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace ferry {

const QList<StateStore::Migration> &StateStore::migrations()
{
    static const QList<Migration> all = {
        // 1: the state docs/architecture.md describes.
        {
            QStringLiteral("CREATE TABLE pairs (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                           "config_version INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL)"),
            QStringLiteral(
                "CREATE TABLE pair_configs (pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, "
                "version INTEGER NOT NULL, json TEXT NOT NULL, created TEXT NOT NULL, "
                "PRIMARY KEY (pair_id, version))"),
            QStringLiteral("CREATE TABLE links (pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, "
                           "a_id TEXT NOT NULL, a_key TEXT NOT NULL, b_id TEXT NOT NULL, b_key TEXT NOT NULL, "
                           "state TEXT NOT NULL DEFAULT 'linked', created TEXT NOT NULL, "
                           "PRIMARY KEY (pair_id, a_id), UNIQUE (pair_id, b_id))"),
            QStringLiteral("CREATE TABLE bases (pair_id INTEGER NOT NULL, a_id TEXT NOT NULL, snapshot TEXT NOT NULL, "
                           "updated TEXT NOT NULL, PRIMARY KEY (pair_id, a_id), "
                           "FOREIGN KEY (pair_id, a_id) REFERENCES links(pair_id, a_id) ON DELETE CASCADE)"),
            QStringLiteral("CREATE TABLE checkpoints (pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, "
                           "side TEXT NOT NULL CHECK (side IN ('a', 'b')), value TEXT NOT NULL, updated TEXT NOT NULL, "
                           "PRIMARY KEY (pair_id, side))"),
            QStringLiteral(
                "CREATE TABLE outbox (pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, "
                "side TEXT NOT NULL CHECK (side IN ('a', 'b')), seq INTEGER NOT NULL, op_id TEXT NOT NULL UNIQUE, "
                "op TEXT NOT NULL, created TEXT NOT NULL, acknowledged TEXT, PRIMARY KEY (pair_id, side, seq))"),
            QStringLiteral(
                "CREATE TABLE inbox (pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, "
                "side TEXT NOT NULL CHECK (side IN ('a', 'b')), op_id TEXT NOT NULL, received TEXT NOT NULL, "
                "applied TEXT, result TEXT, PRIMARY KEY (pair_id, side, op_id))"),
            QStringLiteral("CREATE TABLE conflicts (id INTEGER PRIMARY KEY, "
                           "pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, a_id TEXT NOT NULL, "
                           "field TEXT NOT NULL, base TEXT, a_value TEXT, b_value TEXT, a_change TEXT, b_change TEXT, "
                           "created TEXT NOT NULL, resolved TEXT, resolution TEXT)"),
            QStringLiteral(
                "CREATE TABLE issue_errors (pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, "
                "side TEXT NOT NULL CHECK (side IN ('a', 'b')), issue_id TEXT NOT NULL, error TEXT NOT NULL, "
                "attempts INTEGER NOT NULL DEFAULT 1, next_attempt TEXT NOT NULL, "
                "PRIMARY KEY (pair_id, side, issue_id))"),
            QStringLiteral("CREATE TABLE journal (id INTEGER PRIMARY KEY, "
                           "pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, time TEXT NOT NULL, "
                           "side TEXT, issue_key TEXT, kind TEXT NOT NULL, detail TEXT)"),
            QStringLiteral("CREATE INDEX journal_by_issue ON journal (pair_id, issue_key, time)"),
            QStringLiteral("CREATE INDEX open_conflicts ON conflicts (pair_id, resolved)"),
        },
        // 2: what each side's detector last reported of an issue, so a change is sent once.
        {
            QStringLiteral(
                "CREATE TABLE observed (pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, "
                "side TEXT NOT NULL CHECK (side IN ('a', 'b')), issue_id TEXT NOT NULL, issue_key TEXT NOT NULL, "
                "snapshot TEXT NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (pair_id, side, issue_id))"),
        },
        // 3: a parked issue's key and when it first failed, for the admin.
        {
            QStringLiteral("ALTER TABLE issue_errors ADD COLUMN issue_key TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE issue_errors ADD COLUMN first_failed TEXT"),
        },
        // 4: what each side's workflows offer, as learned, so a restart does not explore again.
        {
            QStringLiteral(
                "CREATE TABLE workflow_steps (pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, "
                "side TEXT NOT NULL CHECK (side IN ('a', 'b')), issue_type TEXT NOT NULL, from_status TEXT NOT NULL, "
                "transitions TEXT NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (pair_id, side, issue_type, "
                "from_status))"),
        },
        // 5: comments and their copies; a comment sent but not copied yet has no partner.
        {
            QStringLiteral(
                "CREATE TABLE comment_links (pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, "
                "side TEXT NOT NULL CHECK (side IN ('a', 'b')), comment_id TEXT NOT NULL, partner_id TEXT, "
                "updated TEXT NOT NULL, PRIMARY KEY (pair_id, side, comment_id))"),
        },
        // 6: what a comment last said (a digest), and whether it is a copy Ferry made.
        {
            QStringLiteral("ALTER TABLE comment_links ADD COLUMN digest TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE comment_links ADD COLUMN copy INTEGER NOT NULL DEFAULT 0"),
        },
        // 7: comments join worklogs as issue items of a kind, each on its issue (unknown for the
        // comments recorded before: they learn it when next seen).
        {
            QStringLiteral(
                "CREATE TABLE item_links (pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, "
                "kind TEXT NOT NULL, side TEXT NOT NULL CHECK (side IN ('a', 'b')), item_id TEXT NOT NULL, "
                "issue_id TEXT NOT NULL DEFAULT '', partner_id TEXT, digest TEXT NOT NULL DEFAULT '', "
                "copy INTEGER NOT NULL DEFAULT 0, updated TEXT NOT NULL, PRIMARY KEY (pair_id, kind, side, item_id))"),
            QStringLiteral("CREATE INDEX item_links_by_issue ON item_links (pair_id, kind, side, issue_id)"),
            QStringLiteral("INSERT INTO item_links (pair_id, kind, side, item_id, partner_id, digest, copy, updated) "
                           "SELECT pair_id, 'comment', side, comment_id, partner_id, digest, copy, updated FROM "
                           "comment_links"),
            QStringLiteral("DROP TABLE comment_links"),
        },
        // 8: what an admin asked of an issue that its side's next poll carries out (recreate its partner).
        {
            QStringLiteral(
                "CREATE TABLE issue_requests (pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, "
                "side TEXT NOT NULL CHECK (side IN ('a', 'b')), issue_key TEXT NOT NULL, request TEXT NOT NULL, "
                "requested TEXT NOT NULL, PRIMARY KEY (pair_id, side, issue_key))"),
        },
        // 9: the bundle modes. An op from the partner's console is kept whole until applied, with
        // the sender's sequence; what became of it (its receipt) goes back until confirmed. Each
        // pair exchanged by bundles has its keys, its partner's and its counters.
        {
            QStringLiteral("ALTER TABLE inbox ADD COLUMN seq INTEGER"),
            QStringLiteral("ALTER TABLE inbox ADD COLUMN op TEXT"),
            QStringLiteral("ALTER TABLE inbox ADD COLUMN receipt_bundle INTEGER"),
            QStringLiteral("ALTER TABLE inbox ADD COLUMN receipt_confirmed INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE INDEX inbox_by_seq ON inbox (pair_id, side, seq)"),
            QStringLiteral(
                "CREATE TABLE exchanges (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                "pair_id INTEGER UNIQUE REFERENCES pairs(id) ON DELETE CASCADE, "
                "role TEXT NOT NULL CHECK (role IN ('primary', 'secondary')), "
                "side TEXT NOT NULL CHECK (side IN ('a', 'b')), key_ref TEXT NOT NULL, own_keys TEXT NOT NULL, "
                "partner_keys TEXT, handshake TEXT NOT NULL, partner_metadata TEXT, "
                "sent_bundle INTEGER NOT NULL DEFAULT 0, imported_bundle INTEGER NOT NULL DEFAULT 0, "
                "received_seq INTEGER NOT NULL DEFAULT 0, outgoing TEXT, incoming TEXT, "
                "interval INTEGER NOT NULL DEFAULT 300, created TEXT NOT NULL, updated TEXT NOT NULL)"),
        },
        // 10: a configuration the primary published and the secondary has not accepted yet.
        {
            QStringLiteral("ALTER TABLE exchanges ADD COLUMN proposal TEXT"),
            QStringLiteral("ALTER TABLE exchanges ADD COLUMN proposal_state TEXT"),
        },
        // 11: e-mail mode. Each pair's mail settings (passwords stay where their references point)
        // and how far its mailbox has been read: the folder's UIDVALIDITY and the last UID seen.
        {
            QStringLiteral("CREATE TABLE mail_accounts (name TEXT PRIMARY KEY, settings TEXT NOT NULL, "
                           "uid_validity INTEGER NOT NULL DEFAULT 0, last_uid INTEGER NOT NULL DEFAULT 0, "
                           "updated TEXT NOT NULL)"),
        },
        // 12: licenses as their issuer signed them, the last verdict of the license service on
        // each (signed too), the keys an admin added for a self-hosted service, installation
        // settings such as that service's address, and the remote endpoints running pairs hold.
        {
            QStringLiteral("CREATE TABLE licenses (id TEXT PRIMARY KEY, document BLOB NOT NULL, "
                           "installed TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE license_verdicts (license_id TEXT PRIMARY KEY REFERENCES licenses(id) "
                           "ON DELETE CASCADE, status TEXT NOT NULL, checked TEXT NOT NULL, last_valid TEXT, "
                           "document BLOB NOT NULL)"),
            QStringLiteral("CREATE TABLE trusted_license_keys (key TEXT PRIMARY KEY, note TEXT NOT NULL, "
                           "added TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE license_endpoints (pair TEXT PRIMARY KEY, license_id TEXT NOT NULL, "
                           "site_url TEXT NOT NULL, claimed TEXT NOT NULL)"),
        },
        // 13: the ids Cloud's media service gives attached files, which rich text refers to them by
        // ('' when a site answered none); learned once per attachment.
        {
            QStringLiteral(
                "CREATE TABLE media_files (pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE, "
                "side TEXT NOT NULL CHECK (side IN ('a', 'b')), attachment_id TEXT NOT NULL, media_id TEXT NOT NULL, "
                "PRIMARY KEY (pair_id, side, attachment_id))"),
        },
        // 14: what the license state rests on is kept signed and verified when read: a self-hosted
        // service's key with the delegation that vouches for it (a bare key is believed no more),
        // and the license service's last "valid" verdict, which the grace period counts from.
        {
            QStringLiteral("ALTER TABLE trusted_license_keys ADD COLUMN delegation BLOB"),
            QStringLiteral("ALTER TABLE license_verdicts ADD COLUMN valid_document BLOB"),
        },
        // 15: a checkpoint that polls have read past long enough to be sure of (no change can
        // still turn up before it), so that an idle poll reads from it without an overlap.
        {
            QStringLiteral("ALTER TABLE checkpoints ADD COLUMN settled INTEGER NOT NULL DEFAULT 0"),
        },
    };
    return all;
}

StateStore::StateStore(const QString &directory, QList<Migration> migrations)
    : m_directory(directory)
    , m_path(QDir(directory).filePath(QStringLiteral("ferry.db")))
    , m_connectionPrefix(QStringLiteral("ferry-state-") + QUuid::createUuid().toString(QUuid::WithoutBraces) + u'-')
    , m_migrations(std::move(migrations))
{
}

StateStore::~StateStore()
{
    // Connections of every thread that used the store; removing one closes it.
    for (const QString &name : QSqlDatabase::connectionNames()) {
        if (name.startsWith(m_connectionPrefix))
            QSqlDatabase::removeDatabase(name);
    }
}

QSqlDatabase StateStore::database()
{
    const QString name = m_connectionPrefix + QString::number(quintptr(QThread::currentThreadId()), 16);
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    // Another connection may hold the write lock for a moment: wait instead of failing.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (db.open()) {
        QSqlQuery pragma(db);
        pragma.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        pragma.exec(QStringLiteral("PRAGMA synchronous = NORMAL")); // safe with WAL: a crash loses no committed step
    }
    return db;
}

Result<void> StateStore::open()
{
    // The state holds issue snapshots, ops, conflicts and handshake nonces: the owner's alone,
    // whatever the umask. The database is made 0600 before SQLite opens it, and its -wal and -shm
    // files take its mode.
    const bool wasOpen = isOpenToOthers(m_directory);
    if (auto made = makeStateFolder(m_directory); !made)
        return made;
    if (auto created = createPrivateFile(m_path); !created)
        return created;
    // Below a private folder the rest is out of others' reach; it is tightened all the same, and
    // the admin told when others could get in.
    if (const QStringList loose = tightenToOwner(m_directory); wasOpen)
        qCWarning(lcStore).noquote() << "the state folder" << QDir::toNativeSeparators(m_directory)
                                     << "was open to other local users; made it and" << loose.size()
                                     << "entries in it its owner's alone. Entries that other local users could "
                                        "read:"
                                     << loose.join(QStringLiteral(", "));
    QSqlDatabase db = database();
    if (!db.isOpen()) {
        return Error(QStringLiteral("Cannot open the state database %1: %2.")
                         .arg(QDir::toNativeSeparators(m_path), db.lastError().text()));
    }
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !query.next()
        || query.value(0).toString().compare(QStringLiteral("wal"), Qt::CaseInsensitive) != 0) {
        return Error(QStringLiteral("The state database %1 cannot use write-ahead logging: %2.")
                         .arg(QDir::toNativeSeparators(m_path), query.lastError().text()));
    }
    if (!query.exec(QStringLiteral("PRAGMA quick_check")) || !query.next()
        || query.value(0).toString() != QStringLiteral("ok")) {
        return Error(QStringLiteral("The state database %1 is damaged (%2). Restore it from a backup; Ferry did not "
                                    "change it.")
                         .arg(QDir::toNativeSeparators(m_path),
                              query.lastError().isValid() ? query.lastError().text() : query.value(0).toString()));
    }
    query.finish(); // a statement left open would keep a migration from dropping a table
    return migrate();
}

int StateStore::schemaVersion()
{
    QSqlQuery query(database());
    return query.exec(QStringLiteral("PRAGMA user_version")) && query.next() ? query.value(0).toInt() : -1;
}

Result<void> StateStore::migrate()
{
    const int current = schemaVersion();
    if (current > m_migrations.size()) {
        return Error(QStringLiteral("The state database %1 has schema version %2, newer than this Ferry knows (%3). "
                                    "Use a newer Ferry, or restore an older backup.")
                         .arg(QDir::toNativeSeparators(m_path))
                         .arg(current)
                         .arg(m_migrations.size()));
    }
    for (int version = current + 1; version <= m_migrations.size(); ++version) {
        const Migration &steps = m_migrations.at(version - 1);
        const Result<void> migrated = transaction([&](QSqlDatabase &db) -> Result<void> {
            QSqlQuery query(db);
            for (const QString &statement : steps) {
                if (!query.exec(statement))
                    return Error(QStringLiteral("%1 (in: %2)").arg(query.lastError().text(), statement.left(80)));
            }
            // user_version is part of the database file, so it commits with the migration.
            if (!query.exec(QStringLiteral("PRAGMA user_version = %1").arg(version)))
                return Error(query.lastError().text());
            return {};
        });
        if (!migrated)
            return Error(QStringLiteral("Cannot bring the state database %1 to schema version %2: %3. Nothing of this "
                                        "step was applied; free disk space or fix permissions and start again.")
                             .arg(QDir::toNativeSeparators(m_path))
                             .arg(version)
                             .arg(migrated.error().message()));
        qCInfo(lcStore).noquote() << "state database" << QDir::toNativeSeparators(m_path)
                                  << "migrated to schema version" << version;
    }
    return {};
}

namespace {

/// Where FERRY_TEST_ABORT asks the process to stop; step 0 never comes.
struct AbortPlan {
    bool before = false;
    qint64 step = 0;
};

const AbortPlan &abortPlan()
{
    static const AbortPlan plan = [] {
        const QString value = qEnvironmentVariable("FERRY_TEST_ABORT");
        const QStringList parts = value.split(u':');
        AbortPlan p;
        if (parts.size() == 2 && (parts[0] == QStringLiteral("before") || parts[0] == QStringLiteral("after"))) {
            p.before = parts[0] == QStringLiteral("before");
            p.step = parts[1].toLongLong();
        }
        return p;
    }();
    return plan;
}

std::atomic<qint64> commitsMade{0};

void abortIfPlanned(bool before, qint64 step)
{
    const AbortPlan &plan = abortPlan();
    if (plan.step > 0 && plan.before == before && plan.step == step) {
        std::fprintf(stderr, "ferry: stopped %s durable step %lld (FERRY_TEST_ABORT)\n", before ? "before" : "after",
                     static_cast<long long>(step));
        std::_Exit(StateStore::testAbortExitCode);
    }
}

} // namespace

Result<void> StateStore::transaction(const std::function<Result<void>(QSqlDatabase &db)> &work)
{
    QSqlDatabase db = database();
    QSqlQuery control(db);
    // IMMEDIATE takes the write lock now, so the work never fails half-way for a busy database.
    if (!control.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return Error(control.lastError().text());
    if (Result<void> done = work(db); !done) {
        control.exec(QStringLiteral("ROLLBACK"));
        return done;
    }
    const qint64 step = commitsMade + 1;
    abortIfPlanned(true, step);
    if (!control.exec(QStringLiteral("COMMIT"))) {
        const QString problem = control.lastError().text();
        control.exec(QStringLiteral("ROLLBACK"));
        return Error(problem);
    }
    ++commitsMade;
    abortIfPlanned(false, step);
    return {};
}

PairLock::PairLock(const QString &stateDirectory, const QString &pairName)
    : m_pair(pairName)
    , m_lock(std::make_unique<QLockFile>(
          QDir(stateDirectory).filePath(QStringLiteral("locks/") + pairName + QStringLiteral(".lock"))))
{
    QDir(stateDirectory).mkpath(QStringLiteral("locks"));
    m_lock->setStaleLockTime(0); // a lock is stale only when its process is gone
}

Result<void> PairLock::acquire()
{
    if (m_lock->tryLock(0))
        return {};
    qint64 pid = 0;
    QString host;
    QString application;
    m_lock->getLockInfo(&pid, &host, &application);
    return Error(
        m_lock->error() == QLockFile::LockFailedError
            ? QStringLiteral("The pair %1 is being synced by another Ferry (process %2 on %3). Stop that one first.")
                  .arg(m_pair)
                  .arg(pid)
                  .arg(host.isEmpty() ? QStringLiteral("this machine") : host)
            : QStringLiteral("Cannot create the lock file for the pair %1; check the state folder's permissions.")
                  .arg(m_pair));
}

void PairLock::release()
{
    m_lock->unlock();
}

} // namespace ferry
