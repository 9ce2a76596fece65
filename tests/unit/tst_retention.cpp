#include "engine/issuesync.h"
#include "engine/retention.h"
#include "store/channel.h"
#include "store/journal.h"
#include "store/linkrepository.h"
#include "store/statestore.h"
#include "storesupport.h"
#include "testsupport.h"

#include <QLoggingCategory>
#include <QSqlQuery>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

Op edit(Side side, const QString &issueId, const QString &key, const QString &value)
{
    Op op = Op::make(OpKind::SetField, side, issueId, key);
    op.field = u"summary"_s;
    op.value = value;
    return op;
}

} // namespace

/// Compacting a pair's history (its retention) on a real state: what is settled and old goes,
/// what the engine still needs stays.
class TestRetention : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLoggingCategory::setFilterRules(u"ferry.*.debug=false"_s); }
    void init() { QVERIFY(m_state.create()); }
    void cleanup() { m_state.close(); }
    void dropsSettledOpsAndKeepsPendingOnes();
    void keepsTheNumberingOfEachOutbox();
    void keepsAReceiptThatHasNotTravelled();
    void keepsAnAttemptOfAnOpNotApplied();
    void saysWhereAnIssuesHistoryBegins();

private:
    /// Sends ops from side and applies them on the other side, as a direct round does, then
    /// dates everything recorded so far back by days.
    void settle(Side side, const QList<Op> &ops, int daysAgo);
    /// Moves every time stamp of the state back by days.
    void ageEverything(int days);
    int count(const QString &table);

    StoreWithPair m_state;
};

void TestRetention::settle(Side side, const QList<Op> &ops, int daysAgo)
{
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    const qint64 last = noted(channel.sequences(side), &error)->last;
    QVERIFY2(noted(channel.send(side, ops), &error), qPrintable(error));
    QVERIFY2(noted(channel.receive(otherSide(side), ops), &error), qPrintable(error));
    for (const Op &op : ops)
        QVERIFY2(noted(channel.markApplied(otherSide(side), op.id, {{u"written"_s, true}}), &error), qPrintable(error));
    QVERIFY2(noted(channel.acknowledge(side, last + ops.size()), &error), qPrintable(error));
    if (daysAgo > 0)
        ageEverything(daysAgo);
}

void TestRetention::ageEverything(int days)
{
    QSqlQuery query(m_state.store->database());
    const QString back = u"strftime('%Y-%m-%dT%H:%M:%fZ', %1, '-%2 days')"_s;
    const QList<std::pair<QString, QString>> stamps{{u"outbox"_s, u"created"_s},
                                                    {u"outbox"_s, u"acknowledged"_s},
                                                    {u"inbox"_s, u"received"_s},
                                                    {u"inbox"_s, u"applied"_s},
                                                    {u"journal"_s, u"time"_s}};
    for (const auto &[table, column] : stamps)
        QVERIFY(
            query.exec(u"UPDATE %1 SET %2 = %3 WHERE %2 IS NOT NULL"_s.arg(table, column, back.arg(column).arg(days))));
}

int TestRetention::count(const QString &table)
{
    QSqlQuery query(m_state.store->database());
    return query.exec(u"SELECT COUNT(*) FROM "_s + table) && query.next() ? query.value(0).toInt() : -1;
}

void TestRetention::dropsSettledOpsAndKeepsPendingOnes()
{
    settle(Side::A, {edit(Side::A, u"1"_s, u"ACME-1"_s, u"old"_s), edit(Side::A, u"2"_s, u"ACME-2"_s, u"old"_s)}, 40);
    // Sent long ago, never applied: it waits, whatever its age.
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    const Op waiting = edit(Side::B, u"7"_s, u"GLX-7"_s, u"waiting"_s);
    QVERIFY(noted(channel.send(Side::B, {waiting}), &error));
    QVERIFY(noted(channel.receive(Side::A, {waiting}), &error));
    ageEverything(60);
    settle(Side::A, {edit(Side::A, u"1"_s, u"ACME-1"_s, u"recent"_s)}, 0);
    QCOMPARE(count(u"outbox"_s), 4);
    QCOMPARE(count(u"inbox"_s), 4);

    const std::optional<Compaction> done
        = noted(compactHistory(*m_state.store, m_state.pair, QDateTime::currentDateTimeUtc().addDays(-30)), &error);
    QVERIFY2(done, qPrintable(error));
    // The two old ones go from A's outbox and B's inbox; the recent one and the waiting one stay.
    QCOMPARE(done->ops, 4);
    QCOMPARE(count(u"inbox"_s), 2);
    QCOMPARE(count(u"outbox"_s), 2);
    QCOMPARE(*noted(channel.pendingCount(Side::B), &error), 1);
    QCOMPARE(*noted(channel.unappliedCount(Side::A), &error), 0); // received without its payload: direct mode
    QVERIFY(!*noted(channel.isApplied(Side::A, waiting.id), &error));
    // The recent one is still in the issue's history.
    QCOMPARE(noted(channel.trace(Side::A, u"1"_s, 10), &error)->size(), 1);
}

void TestRetention::keepsTheNumberingOfEachOutbox()
{
    settle(Side::A, {edit(Side::A, u"1"_s, u"ACME-1"_s, u"a"_s), edit(Side::A, u"1"_s, u"ACME-1"_s, u"b"_s)}, 90);
    QString error;
    QVERIFY(noted(compactHistory(*m_state.store, m_state.pair, QDateTime::currentDateTimeUtc().addDays(-30)), &error));
    Channel channel(*m_state.store, m_state.pair);
    QCOMPARE(noted(channel.sequences(Side::A), &error)->last, 2);
    QVERIFY(noted(channel.send(Side::A, {edit(Side::A, u"1"_s, u"ACME-1"_s, u"c"_s)}), &error));
    QCOMPARE(noted(channel.pending(Side::A, 0, 10), &error)->first().seq, 3);
}

void TestRetention::keepsAReceiptThatHasNotTravelled()
{
    // A bundle console applied the partner's op; its receipt has not reached the partner.
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    const Op op = edit(Side::B, u"9"_s, u"GLX-9"_s, u"from the partner"_s);
    QVERIFY(noted(m_state.store->transaction([&](QSqlDatabase &db) -> Result<void> {
        if (auto received = channel.receiveSent(db, Side::A, {{1, op}}); !received)
            return received.error();
        return channel.markApplied(db, Side::A, op.id, {{u"written"_s, true}});
    }),
                  &error));
    ageEverything(100);
    QVERIFY(noted(compactHistory(*m_state.store, m_state.pair, QDateTime::currentDateTimeUtc().addDays(-30)), &error));
    QCOMPARE(*noted(channel.unconfirmedReceipts(Side::A), &error), 1);
    // Once the partner confirmed it, it may go.
    QVERIFY(noted(m_state.store->transaction([&](QSqlDatabase &db) -> Result<void> {
        if (auto carried = channel.receiptsToCarry(db, Side::A, 4); !carried)
            return carried.error();
        return channel.receiptsConfirmed(db, Side::A, 4);
    }),
                  &error));
    QVERIFY(noted(compactHistory(*m_state.store, m_state.pair, QDateTime::currentDateTimeUtc().addDays(-30)), &error));
    QCOMPARE(count(u"inbox"_s), 0);
}

void TestRetention::keepsAnAttemptOfAnOpNotApplied()
{
    Channel channel(*m_state.store, m_state.pair);
    Journal journal(*m_state.store, m_state.pair);
    QString error;
    const Op lost = Op::make(OpKind::CreateIssue, Side::A, u"3"_s, u"ACME-3"_s);
    const Op done = Op::make(OpKind::CreateIssue, Side::A, u"4"_s, u"ACME-4"_s);
    QVERIFY(noted(channel.send(Side::A, {lost, done}), &error));
    QVERIFY(noted(channel.receive(Side::B, {lost, done}), &error));
    QVERIFY(noted(channel.markApplied(Side::B, done.id, {{u"created"_s, u"GLX-4"_s}}), &error));
    for (const Op &op : {lost, done})
        QVERIFY(noted(journal.record({{}, Side::B, op.issueKey, u"create-attempt"_s, {{u"op"_s, op.id}}}), &error));
    for (int round = 0; round < 3; ++round)
        QVERIFY(noted(journal.record({{}, {}, {}, u"round"_s, {{u"n"_s, round}}}), &error));
    ageEverything(45);

    const std::optional<Compaction> compacted
        = noted(compactHistory(*m_state.store, m_state.pair, QDateTime::currentDateTimeUtc().addDays(-30)), &error);
    QVERIFY2(compacted, qPrintable(error));
    QCOMPARE(compacted->entries, 3); // done's attempt and two rounds
    // The create whose answer may have been lost still finds its attempt.
    QVERIFY(noted(journal.first(u"create-attempt"_s, u"op"_s, lost.id), &error)->time.isValid());
    QVERIFY(!noted(journal.first(u"create-attempt"_s, u"op"_s, done.id), &error)->time.isValid());
    QCOMPARE(noted(journal.last(u"round"_s), &error)->detail.value(u"n"_s).toInt(), 2);
}

void TestRetention::saysWhereAnIssuesHistoryBegins()
{
    LinkRepository links(*m_state.store, m_state.pair);
    QString error;
    QVERIFY(noted(m_state.store->transaction([&](QSqlDatabase &db) {
        return links.link(db, {u"1"_s, u"ACME-1"_s, u"11"_s, u"GLX-1"_s}, {});
    }),
                  &error));
    std::optional<IssueSync> issue = noted(IssueSync::read(*m_state.store, m_state.pair, u"ACME-1"_s, 10), &error);
    QVERIFY2(issue, qPrintable(error));
    QVERIFY(!issue->historySince.isValid());
    const QDateTime before = QDateTime::currentDateTimeUtc().addDays(-30);
    QVERIFY(noted(compactHistory(*m_state.store, m_state.pair, before), &error));
    issue = noted(IssueSync::read(*m_state.store, m_state.pair, u"ACME-1"_s, 10), &error);
    QVERIFY2(issue, qPrintable(error));
    QCOMPARE(issue->historySince.toMSecsSinceEpoch(), before.toMSecsSinceEpoch());
    QCOMPARE(issue->toJson().value(u"historySince"_s).toString().left(10), before.toString(Qt::ISODate).left(10));
}

QTEST_GUILESS_MAIN(TestRetention)
#include "tst_retention.moc"
