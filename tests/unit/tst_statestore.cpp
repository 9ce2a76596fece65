#include "store/itemlinks.h"
#include "store/statestore.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

QStringList tables(StateStore &store)
{
    QSqlQuery query(store.database());
    query.exec(u"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"_s);
    QStringList names;
    while (query.next())
        names << query.value(0).toString();
    return names;
}

int count(StateStore &store, const QString &table)
{
    QSqlQuery query(store.database());
    return query.exec(u"SELECT COUNT(*) FROM "_s + table) && query.next() ? query.value(0).toInt() : -1;
}

Result<void> insertPair(QSqlDatabase &db, const QString &name)
{
    QSqlQuery query(db);
    query.prepare(u"INSERT INTO pairs (name, created) VALUES (?, '2026-11-28T10:00:00Z')"_s);
    query.addBindValue(name);
    if (!query.exec())
        return Error(query.lastError().text());
    return {};
}

} // namespace

class TestStateStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLoggingCategory::setFilterRules(u"ferry.*.debug=false"_s); }
    void createsAndMigrates();
    void keepsDataAcrossOpens();
    void appliesAMigrationWholeOrNotAtAll();
    void carriesCommentsIntoItemLinks();
    void refusesANewerSchema();
    void refusesADamagedDatabase();
    void refusesAnUnusableFolder();
    void rollsBackRefusedWork();
    void cascadesFromPairs();
    void givesEachThreadItsConnection();
    void keepsASecondEngineOffAPair();
};

void TestStateStore::createsAndMigrates()
{
    QTemporaryDir dir;
    StateStore store(dir.filePath(u"state"_s));
    QString error;
    QVERIFY2(noted(store.open(), &error), qPrintable(error));
    QCOMPARE(store.schemaVersion(), StateStore::migrations().size());
    QCOMPARE(tables(store),
             (QStringList{u"bases"_s,
                          u"checkpoints"_s,
                          u"conflicts"_s,
                          u"exchanges"_s,
                          u"inbox"_s,
                          u"issue_errors"_s,
                          u"issue_requests"_s,
                          u"item_links"_s,
                          u"journal"_s,
                          u"license_endpoints"_s,
                          u"license_verdicts"_s,
                          u"licenses"_s,
                          u"links"_s,
                          u"mail_accounts"_s,
                          u"media_files"_s,
                          u"observed"_s,
                          u"outbox"_s,
                          u"pair_configs"_s,
                          u"pairs"_s,
                          u"settings"_s,
                          u"trusted_license_keys"_s,
                          u"workflow_steps"_s}));
    QSqlQuery query(store.database());
    QVERIFY(query.exec(u"PRAGMA journal_mode"_s) && query.next());
    QCOMPARE(query.value(0).toString(), u"wal"_s);
    QVERIFY(query.exec(u"PRAGMA foreign_keys"_s) && query.next());
    QCOMPARE(query.value(0).toInt(), 1);
}

void TestStateStore::keepsDataAcrossOpens()
{
    QTemporaryDir dir;
    QString error;
    {
        StateStore store(dir.path());
        QVERIFY(noted(store.open(), &error));
        QVERIFY(noted(store.transaction([](QSqlDatabase &db) { return insertPair(db, u"acme-glx"_s); }), &error));
    }
    StateStore again(dir.path());
    QVERIFY(noted(again.open(), &error));
    QCOMPARE(count(again, u"pairs"_s), 1);
    QCOMPARE(again.schemaVersion(), StateStore::migrations().size());
}

void TestStateStore::appliesAMigrationWholeOrNotAtAll()
{
    QTemporaryDir dir;
    const QList<StateStore::Migration> broken = {
        {u"CREATE TABLE one (x INTEGER)"_s},
        {u"CREATE TABLE two (x INTEGER)"_s, u"CREATE TABLE three (this is not SQL"_s},
    };
    QString error;
    {
        StateStore store(dir.path(), broken);
        QVERIFY(!noted(store.open(), &error));
        QVERIFY2(error.contains(u"schema version 2"_s), qPrintable(error));
        QVERIFY(error.contains(u"Nothing of this step was applied"_s));
        QCOMPARE(store.schemaVersion(), 1);
        QCOMPARE(tables(store), QStringList{u"one"_s}); // "two" went with the failed step
    }
    const QList<StateStore::Migration> fixed = {broken.first(), {u"CREATE TABLE two (x INTEGER)"_s}};
    StateStore store(dir.path(), fixed);
    QVERIFY2(noted(store.open(), &error), qPrintable(error));
    QCOMPARE(store.schemaVersion(), 2);
}

void TestStateStore::carriesCommentsIntoItemLinks()
{
    QTemporaryDir dir;
    QString error;
    {
        StateStore store(dir.path(), StateStore::migrations().mid(0, 6));
        QVERIFY2(noted(store.open(), &error), qPrintable(error));
        QVERIFY(noted(store.transaction([](QSqlDatabase &db) { return insertPair(db, u"acme-glx"_s); }), &error));
        QSqlQuery insert(store.database());
        QVERIFY(insert.exec(u"INSERT INTO comment_links (pair_id, side, comment_id, partner_id, digest, copy, "
                            "updated) VALUES (1, 'a', '10001', '20001', 'd1', 0, '2026-11-28T10:00:00.000Z'), "
                            "(1, 'b', '20001', '10001', 'd2', 1, '2026-11-28T10:00:00.000Z')"_s));
    }
    StateStore store(dir.path());
    QVERIFY2(noted(store.open(), &error), qPrintable(error));
    QVERIFY(!tables(store).contains(u"comment_links"_s));
    ItemLinks comments(store, 1, u"comment"_s);
    const std::optional<ItemLinks::Known> original = noted(comments.find(Side::A, u"10001"_s), &error);
    QVERIFY2(original, qPrintable(error));
    QVERIFY(original->exists && !original->copy);
    QCOMPARE(original->partner, u"20001"_s);
    QCOMPARE(original->digest, u"d1"_s);
    QCOMPARE(noted(comments.copyOf(Side::B, u"10001"_s), &error), std::optional<QString>(u"20001"_s));
    QVERIFY(!noted(ItemLinks(store, 1, u"worklog"_s).find(Side::A, u"10001"_s), &error)->exists);
}

void TestStateStore::refusesANewerSchema()
{
    QTemporaryDir dir;
    QString error;
    {
        StateStore store(dir.path());
        QVERIFY(noted(store.open(), &error));
        QSqlQuery(store.database()).exec(u"PRAGMA user_version = 99"_s);
    }
    StateStore store(dir.path());
    QVERIFY(!noted(store.open(), &error));
    QVERIFY2(error.contains(u"newer than this Ferry knows"_s), qPrintable(error));
}

void TestStateStore::refusesADamagedDatabase()
{
    QTemporaryDir dir;
    QFile garbage(dir.filePath(u"ferry.db"_s));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    const QByteArray junk(8192, 'x');
    garbage.write(junk);
    garbage.close();
    StateStore store(dir.path());
    QString error;
    QVERIFY(!noted(store.open(), &error));
    QVERIFY2(error.contains(u"ferry.db"_s), qPrintable(error));
    QVERIFY(garbage.open(QIODevice::ReadOnly));
    QCOMPARE(garbage.readAll(), junk); // left as it was
}

void TestStateStore::refusesAnUnusableFolder()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"a-file"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    StateStore store(dir.filePath(u"a-file/state"_s));
    QString error;
    QVERIFY(!noted(store.open(), &error));
    QVERIFY2(error.contains(u"Cannot create the state folder"_s), qPrintable(error));
}

void TestStateStore::rollsBackRefusedWork()
{
    QTemporaryDir dir;
    StateStore store(dir.path());
    QString error;
    QVERIFY(noted(store.open(), &error));
    QVERIFY(!noted(store.transaction([](QSqlDatabase &db) -> Result<void> {
        if (auto inserted = insertPair(db, u"half"_s); !inserted)
            return inserted;
        return Error(u"the second step failed"_s);
    }),
                   &error));
    QCOMPARE(error, u"the second step failed"_s);
    QCOMPARE(count(store, u"pairs"_s), 0);
    // A constraint violation inside the work is refused as a whole too.
    QVERIFY(!noted(store.transaction([](QSqlDatabase &db) -> Result<void> {
        if (auto inserted = insertPair(db, u"twin"_s); !inserted)
            return inserted;
        return insertPair(db, u"twin"_s);
    }),
                   &error));
    QVERIFY2(error.contains(u"UNIQUE"_s), qPrintable(error));
    QCOMPARE(count(store, u"pairs"_s), 0);
}

void TestStateStore::cascadesFromPairs()
{
    QTemporaryDir dir;
    StateStore store(dir.path());
    QString error;
    QVERIFY(noted(store.open(), &error));
    QVERIFY(noted(store.transaction([](QSqlDatabase &db) -> Result<void> {
        if (auto inserted = insertPair(db, u"p"_s); !inserted)
            return inserted;
        QSqlQuery q(db);
        const bool ok = q.exec(u"INSERT INTO pair_configs VALUES (1, 1, '{}', 'now')"_s)
            && q.exec(
                u"INSERT INTO links (pair_id, a_id, a_key, b_id, b_key, created) VALUES (1, '10', 'A-1', '20', 'B-1', 'now')"_s)
            && q.exec(u"INSERT INTO bases VALUES (1, '10', '{}', 'now')"_s);
        return ok ? Result<void>() : Error(q.lastError().text());
    }),
                  &error));
    QVERIFY(!noted(store.transaction([](QSqlDatabase &db) -> Result<void> {
        QSqlQuery q(db);
        if (!q.exec(u"INSERT INTO bases VALUES (1, 'no-such-link', '{}', 'now')"_s))
            return Error(q.lastError().text());
        return {};
    }),
                   &error)); // a base needs its link
    QVERIFY(QSqlQuery(store.database()).exec(u"DELETE FROM pairs"_s));
    QCOMPARE(count(store, u"pair_configs"_s), 0);
    QCOMPARE(count(store, u"links"_s), 0);
    QCOMPARE(count(store, u"bases"_s), 0);
}

void TestStateStore::givesEachThreadItsConnection()
{
    QTemporaryDir dir;
    StateStore store(dir.path());
    QString error;
    QVERIFY(noted(store.open(), &error));
    QString workerConnection;
    bool workerWrote = false;
    QThread *worker = QThread::create([&] {
        workerConnection = store.database().connectionName();
        workerWrote = store.transaction([](QSqlDatabase &db) { return insertPair(db, u"from-worker"_s); }).ok();
    });
    worker->start();
    QVERIFY(worker->wait(10'000));
    delete worker;
    QVERIFY(workerWrote);
    QVERIFY(workerConnection != store.database().connectionName());
    QCOMPARE(count(store, u"pairs"_s), 1);
}

void TestStateStore::keepsASecondEngineOffAPair()
{
    QTemporaryDir dir;
    PairLock first(dir.path(), u"acme-glx"_s);
    PairLock second(dir.path(), u"acme-glx"_s);
    PairLock other(dir.path(), u"other"_s);
    QString error;
    QVERIFY(noted(first.acquire(), &error));
    QVERIFY(!noted(second.acquire(), &error));
    QVERIFY2(error.contains(u"is being synced by another Ferry (process %1"_s.arg(QCoreApplication::applicationPid())),
             qPrintable(error));
    QVERIFY(noted(other.acquire(), &error));
    first.release();
    QVERIFY(noted(second.acquire(), &error));
}

QTEST_GUILESS_MAIN(TestStateStore)
#include "tst_statestore.moc"
