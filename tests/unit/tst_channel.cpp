#include "store/channel.h"
#include "store/statestore.h"
#include "storesupport.h"

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

Op setSummary(const QString &side, const QString &key, const QString &from, const QString &to)
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
    Op op = setSummary(u"a"_s, u"ACME-1"_s, u"Old"_s, u"New"_s);
    op.value = QJsonObject{{u"type"_s, u"doc"_s}, {u"content"_s, QJsonArray{}}};
    Op back;
    QString error;
    QVERIFY2(Op::fromJson(op.toJson(), &back, &error), qPrintable(error));
    QCOMPARE(back, op);
    QCOMPARE(QUuid::fromString(op.id).isNull(), false);
    QVERIFY(Op::make(OpKind::AddComment, u"a"_s, u"1"_s, u"A-1"_s).id != op.id);
}

void TestChannel::rejectsAnOpWithoutItsIdentity()
{
    Op op;
    QString error;
    QVERIFY(!Op::fromJson(QJsonObject{{u"kind"_s, u"set-field"_s}, {u"side"_s, u"a"_s}}, &op, &error));
    QVERIFY2(error.contains(u"not a UUID"_s), qPrintable(error));
    error.clear();
    QVERIFY(!Op::fromJson(
        QJsonObject{{u"id"_s, QUuid::createUuid().toString()}, {u"kind"_s, u"set-field"_s}, {u"side"_s, u"c"_s}}, &op,
        &error));
    QVERIFY2(error.contains(u"side is 'c'"_s), qPrintable(error));
}

void TestChannel::numbersEachSidesOutboxInOrder()
{
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    const Op a1 = setSummary(u"a"_s, u"ACME-1"_s, u"x"_s, u"y"_s);
    const Op a2 = setSummary(u"a"_s, u"ACME-2"_s, u"x"_s, u"y"_s);
    const Op b1 = setSummary(u"b"_s, u"GLX-7"_s, u"p"_s, u"q"_s);
    QVERIFY2(channel.send(u"a"_s, {a1, a2}, &error), qPrintable(error));
    QVERIFY2(channel.send(u"b"_s, {b1}, &error), qPrintable(error));
    const auto fromA = channel.pending(u"a"_s, 0, 100, &error);
    QVERIFY2(fromA, qPrintable(error));
    QCOMPARE(fromA->size(), 2);
    QCOMPARE(fromA->at(0).seq, 1);
    QCOMPARE(fromA->at(1).seq, 2);
    QCOMPARE(fromA->at(0).op, a1);
    QCOMPARE(fromA->at(1).op, a2);
    const auto fromB = channel.pending(u"b"_s, 0, 100, &error);
    QCOMPARE(fromB->size(), 1);
    QCOMPARE(fromB->at(0).seq, 1);
    QCOMPARE(fromB->at(0).op, b1);
    // A window and a limit page through the outbox.
    QCOMPARE(ids(*channel.pending(u"a"_s, 1, 100, &error)), QStringList{a2.id});
    QCOMPARE(ids(*channel.pending(u"a"_s, 0, 1, &error)), QStringList{a1.id});
}

void TestChannel::keepsOpsUntilAcknowledged()
{
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    QList<Op> ops;
    for (int i = 1; i <= 5; ++i)
        ops << setSummary(u"a"_s, u"ACME-%1"_s.arg(i), u"x"_s, u"y"_s);
    QVERIFY(channel.send(u"a"_s, ops, &error));
    QVERIFY2(channel.acknowledge(u"a"_s, 3, &error), qPrintable(error));
    QCOMPARE(ids(*channel.pending(u"a"_s, 0, 100, &error)), (QStringList{ops[3].id, ops[4].id}));
    // An op the other side could not apply yet stays pending past an acknowledgement.
    QVERIFY2(channel.acknowledge(u"a"_s, 5, &error, {ops[3].id}), qPrintable(error));
    QCOMPARE(ids(*channel.pending(u"a"_s, 0, 100, &error)), QStringList{ops[3].id});
    // Acknowledging again, or less, changes nothing; new ops continue the numbering.
    QVERIFY(channel.acknowledge(u"a"_s, 2, &error));
    const Op more = setSummary(u"a"_s, u"ACME-6"_s, u"x"_s, u"y"_s);
    QVERIFY(channel.send(u"a"_s, {more}, &error));
    const auto left = channel.pending(u"a"_s, 0, 100, &error);
    QCOMPARE(left->size(), 2);
    QCOMPARE(left->last().seq, 6);
}

void TestChannel::refusesADuplicateSendWhole()
{
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    const Op first = setSummary(u"a"_s, u"ACME-1"_s, u"x"_s, u"y"_s);
    QVERIFY(channel.send(u"a"_s, {first}, &error));
    const Op fresh = setSummary(u"a"_s, u"ACME-2"_s, u"x"_s, u"y"_s);
    QVERIFY(!channel.send(u"a"_s, {fresh, first}, &error));
    QVERIFY2(error.contains(first.id) && error.contains(u"nothing was sent"_s), qPrintable(error));
    QCOMPARE(ids(*channel.pending(u"a"_s, 0, 100, &error)), QStringList{first.id});
}

void TestChannel::survivesAReopen()
{
    QString error;
    const Op op = setSummary(u"b"_s, u"GLX-1"_s, u"x"_s, u"y"_s);
    {
        Channel channel(*m_state.store, m_state.pair);
        QVERIFY(channel.send(u"b"_s, {op}, &error));
        QVERIFY(channel.receive(u"a"_s, {op}, &error));
    }
    QVERIFY(m_state.reopen());
    Channel channel(*m_state.store, m_state.pair);
    QCOMPARE(ids(*channel.pending(u"b"_s, 0, 100, &error)), QStringList{op.id});
    QCOMPARE(channel.receive(u"a"_s, {op}, &error)->size(), 0);
}

void TestChannel::receivesEachOpOnce()
{
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    const Op one = setSummary(u"a"_s, u"ACME-1"_s, u"x"_s, u"y"_s);
    const Op two = setSummary(u"a"_s, u"ACME-2"_s, u"x"_s, u"y"_s);
    const auto first = channel.receive(u"b"_s, {one}, &error);
    QVERIFY2(first, qPrintable(error));
    QCOMPARE(first->size(), 1);
    // The same op again, as a resent bundle would bring it, along with a new one.
    const auto second = channel.receive(u"b"_s, {one, two, two}, &error);
    QCOMPARE(second->size(), 1);
    QCOMPARE(second->first(), two);
}

void TestChannel::marksAnOpAppliedOnce()
{
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    const Op op = setSummary(u"a"_s, u"ACME-1"_s, u"x"_s, u"y"_s);
    QVERIFY(!channel.markApplied(u"b"_s, op.id, {}, &error));
    QVERIFY2(error.contains(u"not received"_s), qPrintable(error));
    QCOMPARE(*channel.isReceivedUnapplied(u"b"_s, op.id, &error), false);
    QVERIFY(channel.receive(u"b"_s, {op}, &error));
    QCOMPARE(*channel.isApplied(u"b"_s, op.id, &error), false);
    QCOMPARE(*channel.isReceivedUnapplied(u"b"_s, op.id, &error), true);
    QCOMPARE(*channel.isReceivedUnapplied(u"a"_s, op.id, &error), false);
    error.clear();
    QVERIFY2(channel.markApplied(u"b"_s, op.id, {{u"updated"_s, u"GLX-1"_s}}, &error), qPrintable(error));
    QCOMPARE(*channel.isApplied(u"b"_s, op.id, &error), true);
    QCOMPARE(*channel.isReceivedUnapplied(u"b"_s, op.id, &error), false);
    QVERIFY(!channel.markApplied(u"b"_s, op.id, {}, &error));
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
    const Op op = setSummary(u"a"_s, u"ACME-1"_s, u"x"_s, u"y"_s);
    QVERIFY(mine.send(u"a"_s, {op}, &error));
    QCOMPARE(theirs.pending(u"a"_s, 0, 100, &error)->size(), 0);
    QVERIFY(theirs.send(u"a"_s, {setSummary(u"a"_s, u"OPS-1"_s, u"x"_s, u"y"_s)}, &error));
    QCOMPARE(theirs.pending(u"a"_s, 0, 100, &error)->first().seq, 1);
    QVERIFY(theirs.acknowledge(u"a"_s, 1, &error));
    QCOMPARE(ids(*mine.pending(u"a"_s, 0, 100, &error)), QStringList{op.id});
}

void TestChannel::refusesAnUnknownSide()
{
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    QVERIFY(!channel.send(u"c"_s, {setSummary(u"a"_s, u"A-1"_s, u"x"_s, u"y"_s)}, &error));
    QVERIFY2(error.contains(u"'c'"_s), qPrintable(error));
    QVERIFY(!channel.pending(u""_s, 0, 1, &error));
    QVERIFY(!channel.isApplied(u"x"_s, u"id"_s, &error));
}

QTEST_GUILESS_MAIN(TestChannel)
#include "tst_channel.moc"
