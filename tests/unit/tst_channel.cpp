#include "store/channel.h"
#include "store/statestore.h"
#include "storesupport.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

Op setSummary(Side side, const QString &key, const QString &from, const QString &to)
{
    Op op = Op::make(OpKind::SetField, side, u"10001"_s, key);
    op.field = u"summary"_s;
    op.base = from;
    op.value = to;
    op.changedAtMs = 1764324000000;
    op.author = u"Ada Lovelace"_s;
    return op;
}

QStringList ids(const QList<Channel::Sent> &sent)
{
    QStringList out;
    for (const auto &s : sent)
        out << s.op.id;
    return out;
}

} // namespace

class TestChannel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLoggingCategory::setFilterRules(u"ferry.*.debug=false"_s); }
    void init();
    void cleanup();
    void roundTripsAnOpThroughJson();
    void rejectsAnOpWithoutItsIdentity();
    void numbersEachSidesOutboxInOrder();
    void keepsOpsUntilAcknowledged();
    void refusesADuplicateSendWhole();
    void survivesAReopen();
    void receivesEachOpOnce();
    void marksAnOpAppliedOnce();
    void keepsPairsApart();
    void refusesAnUnknownSide();
    void findsWhatWasReceivedThroughAnIndex();

private:
    StoreWithPair m_state;
};

void TestChannel::init()
{
    QVERIFY(m_state.create());
}

void TestChannel::cleanup()
{
    m_state.close();
}

void TestChannel::roundTripsAnOpThroughJson()
{
    Op op = setSummary(Side::A, u"ACME-1"_s, u"Old"_s, u"New"_s);
    op.value = QJsonObject{{u"type"_s, u"doc"_s}, {u"content"_s, QJsonArray{}}};
    QString error;
    const std::optional<Op> back = noted(Op::fromJson(op.toJson()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(*back, op);
    QCOMPARE(QUuid::fromString(op.id).isNull(), false);
    QVERIFY(Op::make(OpKind::AddComment, Side::A, u"1"_s, u"A-1"_s).id != op.id);
}

void TestChannel::rejectsAnOpWithoutItsIdentity()
{
    QString error;
    QVERIFY(!noted(Op::fromJson(QJsonObject{{u"kind"_s, u"set-field"_s}, {u"side"_s, u"a"_s}}), &error));
    QVERIFY2(error.contains(u"not a UUID"_s), qPrintable(error));
    error.clear();
    QVERIFY(!noted(Op::fromJson(QJsonObject{
                       {u"id"_s, QUuid::createUuid().toString()}, {u"kind"_s, u"set-field"_s}, {u"side"_s, u"c"_s}}),
                   &error));
    QVERIFY2(error.contains(u"side is 'c'"_s), qPrintable(error));
}

void TestChannel::numbersEachSidesOutboxInOrder()
{
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    const Op a1 = setSummary(Side::A, u"ACME-1"_s, u"x"_s, u"y"_s);
    const Op a2 = setSummary(Side::A, u"ACME-2"_s, u"x"_s, u"y"_s);
    const Op b1 = setSummary(Side::B, u"GLX-7"_s, u"p"_s, u"q"_s);
    QVERIFY2(noted(channel.send(Side::A, {a1, a2}), &error), qPrintable(error));
    QVERIFY2(noted(channel.send(Side::B, {b1}), &error), qPrintable(error));
    const auto fromA = noted(channel.pending(Side::A, 0, 100), &error);
    QVERIFY2(fromA, qPrintable(error));
    QCOMPARE(fromA->size(), 2);
    QCOMPARE(fromA->at(0).seq, 1);
    QCOMPARE(fromA->at(1).seq, 2);
    QCOMPARE(fromA->at(0).op, a1);
    QCOMPARE(fromA->at(1).op, a2);
    const auto fromB = noted(channel.pending(Side::B, 0, 100), &error);
    QCOMPARE(fromB->size(), 1);
    QCOMPARE(fromB->at(0).seq, 1);
    QCOMPARE(fromB->at(0).op, b1);
    // A window and a limit page through the outbox.
    QCOMPARE(ids(*noted(channel.pending(Side::A, 1, 100), &error)), QStringList{a2.id});
    QCOMPARE(ids(*noted(channel.pending(Side::A, 0, 1), &error)), QStringList{a1.id});
}

void TestChannel::keepsOpsUntilAcknowledged()
{
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    QList<Op> ops;
    for (int i = 1; i <= 5; ++i)
        ops << setSummary(Side::A, u"ACME-%1"_s.arg(i), u"x"_s, u"y"_s);
    QVERIFY(noted(channel.send(Side::A, ops), &error));
    QVERIFY2(noted(channel.acknowledge(Side::A, 3), &error), qPrintable(error));
    QCOMPARE(ids(*noted(channel.pending(Side::A, 0, 100), &error)), (QStringList{ops[3].id, ops[4].id}));
    // An op the other side could not apply yet stays pending past an acknowledgement.
    QVERIFY2(noted(channel.acknowledge(Side::A, 5, {ops[3].id}), &error), qPrintable(error));
    QCOMPARE(ids(*noted(channel.pending(Side::A, 0, 100), &error)), QStringList{ops[3].id});
    // Acknowledging again, or less, changes nothing; new ops continue the numbering.
    QVERIFY(noted(channel.acknowledge(Side::A, 2), &error));
    const Op more = setSummary(Side::A, u"ACME-6"_s, u"x"_s, u"y"_s);
    QVERIFY(noted(channel.send(Side::A, {more}), &error));
    const auto left = noted(channel.pending(Side::A, 0, 100), &error);
    QCOMPARE(left->size(), 2);
    QCOMPARE(left->last().seq, 6);
}

void TestChannel::refusesADuplicateSendWhole()
{
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    const Op first = setSummary(Side::A, u"ACME-1"_s, u"x"_s, u"y"_s);
    QVERIFY(noted(channel.send(Side::A, {first}), &error));
    const Op fresh = setSummary(Side::A, u"ACME-2"_s, u"x"_s, u"y"_s);
    QVERIFY(!noted(channel.send(Side::A, {fresh, first}), &error));
    QVERIFY2(error.contains(first.id) && error.contains(u"nothing was sent"_s), qPrintable(error));
    QCOMPARE(ids(*noted(channel.pending(Side::A, 0, 100), &error)), QStringList{first.id});
}

void TestChannel::survivesAReopen()
{
    QString error;
    const Op op = setSummary(Side::B, u"GLX-1"_s, u"x"_s, u"y"_s);
    {
        Channel channel(*m_state.store, m_state.pair);
        QVERIFY(noted(channel.send(Side::B, {op}), &error));
        QVERIFY(noted(channel.receive(Side::A, {op}), &error));
    }
    QVERIFY(m_state.reopen());
    Channel channel(*m_state.store, m_state.pair);
    QCOMPARE(ids(*noted(channel.pending(Side::B, 0, 100), &error)), QStringList{op.id});
    QCOMPARE(noted(channel.receive(Side::A, {op}), &error)->size(), 0);
}

void TestChannel::receivesEachOpOnce()
{
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    const Op one = setSummary(Side::A, u"ACME-1"_s, u"x"_s, u"y"_s);
    const Op two = setSummary(Side::A, u"ACME-2"_s, u"x"_s, u"y"_s);
    const auto first = noted(channel.receive(Side::B, {one}), &error);
    QVERIFY2(first, qPrintable(error));
    QCOMPARE(first->size(), 1);
    // The same op again, as a resent bundle would bring it, along with a new one.
    const auto second = noted(channel.receive(Side::B, {one, two, two}), &error);
    QCOMPARE(second->size(), 1);
    QCOMPARE(second->first(), two);
}

void TestChannel::marksAnOpAppliedOnce()
{
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    const Op op = setSummary(Side::A, u"ACME-1"_s, u"x"_s, u"y"_s);
    QVERIFY(!noted(channel.markApplied(Side::B, op.id, {}), &error));
    QVERIFY2(error.contains(u"not received"_s), qPrintable(error));
    QCOMPARE(*noted(channel.isReceivedUnapplied(Side::B, op.id), &error), false);
    QVERIFY(noted(channel.receive(Side::B, {op}), &error));
    QCOMPARE(*noted(channel.isApplied(Side::B, op.id), &error), false);
    QCOMPARE(*noted(channel.isReceivedUnapplied(Side::B, op.id), &error), true);
    QCOMPARE(*noted(channel.isReceivedUnapplied(Side::A, op.id), &error), false);
    error.clear();
    QVERIFY2(noted(channel.markApplied(Side::B, op.id, {{u"updated"_s, u"GLX-1"_s}}), &error), qPrintable(error));
    QCOMPARE(*noted(channel.isApplied(Side::B, op.id), &error), true);
    QCOMPARE(*noted(channel.isReceivedUnapplied(Side::B, op.id), &error), false);
    QVERIFY(!noted(channel.markApplied(Side::B, op.id, {}), &error));
    QVERIFY2(error.contains(u"applied already"_s), qPrintable(error));
    QSqlQuery query(m_state.store->database());
    QVERIFY(query.exec(u"SELECT result FROM inbox"_s) && query.next());
    QCOMPARE(query.value(0).toString(), uR"({"updated":"GLX-1"})"_s);
}

void TestChannel::keepsPairsApart()
{
    const qint64 other = addTestPair(*m_state.store, u"acme-ops"_s);
    QVERIFY(other > 0);
    Channel mine(*m_state.store, m_state.pair);
    Channel theirs(*m_state.store, other);
    QString error;
    const Op op = setSummary(Side::A, u"ACME-1"_s, u"x"_s, u"y"_s);
    QVERIFY(noted(mine.send(Side::A, {op}), &error));
    QCOMPARE(noted(theirs.pending(Side::A, 0, 100), &error)->size(), 0);
    QVERIFY(noted(theirs.send(Side::A, {setSummary(Side::A, u"OPS-1"_s, u"x"_s, u"y"_s)}), &error));
    QCOMPARE(noted(theirs.pending(Side::A, 0, 100), &error)->first().seq, 1);
    QVERIFY(noted(theirs.acknowledge(Side::A, 1), &error));
    QCOMPARE(ids(*noted(mine.pending(Side::A, 0, 100), &error)), QStringList{op.id});
}

void TestChannel::refusesAnUnknownSide()
{
    // Inside the process a side is a Side; a side read from the state, a bundle or the command
    // line is refused where it is parsed.
    QVERIFY(!sideNamed(u"c"));
    QVERIFY(!sideNamed(u""));
    QVERIFY(!sideNamed(u"A"));
    QCOMPARE(sideNamed(u"a"), std::optional(Side::A));
    QCOMPARE(sideNamed(u"b"), std::optional(Side::B));
}

void TestChannel::findsWhatWasReceivedThroughAnIndex()
{
    // The status and the issue view join every op sent to where it was received; found by a
    // scan of the inbox per op, reading them was quadratic (3 s at 5,000 ops, 19 s at 12,000).
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    const Op sent = setSummary(Side::A, u"ACME-1"_s, u"x"_s, u"y"_s);
    QVERIFY2(noted(channel.send(Side::A, {sent}), &error), qPrintable(error));
    QVERIFY2(noted(channel.receive(Side::B, {sent}), &error), qPrintable(error));
    QVERIFY2(noted(channel.send(Side::B, {setSummary(Side::B, u"OPS-1"_s, u"x"_s, u"y"_s)}), &error),
             qPrintable(error));
    QVERIFY2(noted(channel.markApplied(Side::B, sent.id, {}), &error), qPrintable(error));
    const auto traffic = noted(channel.traffic(), &error);
    QVERIFY2(traffic, qPrintable(error));
    QCOMPARE(traffic->value({Side::A, u"10001"_s}).pending, 0);
    QVERIFY(traffic->value({Side::A, u"10001"_s}).lastApplied.isValid());
    QCOMPARE(traffic->value({Side::B, u"10001"_s}).pending, 1);

    for (const QString &sql : Channel::outboxJoins()) {
        QSqlQuery plan(m_state.store->database());
        QVERIFY2(plan.prepare(u"EXPLAIN QUERY PLAN "_s + sql), qPrintable(plan.lastError().text()));
        for (qsizetype i = 0; i < sql.count(u'?'); ++i)
            plan.addBindValue(i == 1 ? QVariant(sideName(Side::A)) : QVariant(1));
        QVERIFY2(plan.exec(), qPrintable(plan.lastError().text()));
        QStringList steps;
        while (plan.next())
            steps << plan.value(3).toString();
        const auto inboxStep
            = std::find_if(steps.cbegin(), steps.cend(), [](const QString &step) { return step.contains(u" i "_s); });
        QVERIFY2(inboxStep != steps.cend(), qPrintable(steps.join(u"; "_s)));
        QVERIFY2(inboxStep->startsWith(u"SEARCH"_s) && inboxStep->contains(u"op_id=?"_s),
                 qPrintable(u"the inbox is not searched by op: "_s + steps.join(u"; "_s)));
    }
}

QTEST_GUILESS_MAIN(TestChannel)
#include "tst_channel.moc"
