// Security finding 1 (docs/security.md), in the apply step itself: whatever the state says (a
// link written by an older Ferry, a partner, a bug), the apply step reads and writes only issues
// of its side's project and of the issue types the pair maps; an op that would reach outside is
// refused for good and journaled, and nothing of an outside issue goes back. Both halves of the
// engine between a Cloud and a Data Center sandbox over loopback HTTP.

#include "core/op.h"
#include "enginerig.h"
#include "store/channel.h"
#include "store/journal.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

class TestPairScope : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void neverWritesOrReadsThroughALinkThatLeavesTheProject();
    void refusesOpsOfKindsItDoesNotKnow();
    void refusesAMatchThatNamesAnOutsideIssue();
    void readsNoIssueBeyondItsProjectWhateverTheScope();

private:
    /// Points the link of an issue of A at another issue of B, as a poisoned state would.
    static bool poisonLink(EngineRig &rig, const QString &aKey, const QString &bKey);
    static int refusals(EngineRig &rig);
};

void TestPairScope::initTestCase()
{
    isolateUserFolders();
    QLoggingCategory::setFilterRules(u"ferry.*.debug=false\nferry.*.info=false"_s);
}

bool TestPairScope::poisonLink(EngineRig &rig, const QString &aKey, const QString &bKey)
{
    const QString aId = rig.a.issue(aKey).value(u"id"_s).toString();
    const QString bId = rig.b.issue(bKey).value(u"id"_s).toString();
    QSqlQuery query(rig.store->database());
    query.prepare(u"UPDATE links SET b_id = ?, b_key = ? WHERE pair_id = ? AND a_id = ?"_s);
    query.addBindValue(bId);
    query.addBindValue(bKey);
    query.addBindValue(rig.pair);
    query.addBindValue(aId);
    return query.exec() && query.numRowsAffected() == 1;
}

int TestPairScope::refusals(EngineRig &rig)
{
    QSqlQuery query(rig.store->database());
    query.prepare(u"SELECT COUNT(*) FROM journal WHERE pair_id = ? AND kind = 'op-refused'"_s);
    query.addBindValue(rig.pair);
    return query.exec() && query.next() ? query.value(0).toInt() : -1;
}

void TestPairScope::neverWritesOrReadsThroughALinkThatLeavesTheProject()
{
    EngineRig rig;
    QVERIFY(rig.start(Flavor::Cloud, Flavor::DataCenter));
    QCOMPARE(rig.b.sb->post(u"/sandbox/v1/projects"_s, QJsonObject{{u"key"_s, u"OTHER"_s}, {u"name"_s, u"Payroll"_s}})
                 .status,
             201);
    const QString secret = rig.b.sb->createIssue(u"OTHER"_s, {{u"summary"_s, u"Salaries 2027"_s}});
    const QString door = rig.a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Door squeaks"_s}});
    QVERIFY(rig.round());
    QVERIFY(!rig.partnerOnB(door).isEmpty());
    QVERIFY(poisonLink(rig, door, secret));

    // A change of the issue on A would be written into the other project's issue.
    QCOMPARE(rig.a.edit(door, {{u"summary"_s, u"Door squeaks loudly"_s}}), 204);
    QVERIFY(rig.round());
    QCOMPARE(rig.b.fields(secret)[u"summary"_s].toString(), u"Salaries 2027"_s);
    QCOMPARE(rig.report().appliedOnB.refused, 1);
    QCOMPARE(rig.report().appliedOnB.written, 0);
    QCOMPARE(refusals(rig), 1);

    // A resync whose value is its base would read the outside issue and send its summary back.
    Op resync = Op::make(OpKind::ResyncField, Side::A, rig.a.issue(door).value(u"id"_s).toString(), door);
    resync.field = u"summary"_s;
    resync.base = u"Door squeaks loudly"_s;
    resync.value = u"Door squeaks loudly"_s;
    QString error;
    QVERIFY2(noted(Channel(*rig.store, rig.pair).send(Side::A, {resync}), &error), qPrintable(error));
    QVERIFY(rig.round());
    QVERIFY(rig.round());
    QCOMPARE(rig.a.fields(door)[u"summary"_s].toString(), u"Door squeaks loudly"_s);
    QCOMPARE(rig.b.fields(secret)[u"summary"_s].toString(), u"Salaries 2027"_s);
    QCOMPARE(refusals(rig), 2);

    // Refused for good: nothing waits, nothing is tried again.
    QCOMPARE(rig.pending(Side::A), 0);
    rig.b.sb->resetStatistics();
    QVERIFY(rig.round());
    QCOMPARE(rig.b.sb->writesSinceReset(), QStringList());
    QCOMPARE(refusals(rig), 2);
}

void TestPairScope::refusesOpsOfKindsItDoesNotKnow()
{
    EngineRig rig;
    QVERIFY(rig.start(Flavor::Cloud, Flavor::DataCenter));
    const QString key = rig.a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Lamp flickers"_s}});
    QVERIFY(rig.round());
    // As a newer or hostile partner would send it: a kind this Ferry has no name for.
    QJsonObject sent = Op::make(OpKind::SetField, Side::A, rig.a.issue(key).value(u"id"_s).toString(), key).toJson();
    sent.insert(u"kind"_s, u"delete-project"_s);
    QString error;
    const std::optional<Op> read = noted(Op::fromJson(sent), &error);
    QVERIFY2(read, qPrintable(error));
    const Op odd = *read;
    QCOMPARE(odd.kind, OpKind::Unknown);
    QVERIFY2(noted(Channel(*rig.store, rig.pair).send(Side::A, {odd}), &error), qPrintable(error));
    QVERIFY(rig.round());
    QCOMPARE(rig.report().appliedOnB.refused, 1);
    QCOMPARE(refusals(rig), 1);
    QCOMPARE(rig.pending(Side::A), 0);
    QVERIFY(rig.round());
    QCOMPARE(refusals(rig), 1);
}

void TestPairScope::refusesAMatchThatNamesAnOutsideIssue()
{
    // An issue new to the pair whose match value names an issue key: a value that came from the
    // other side may not lead the apply step out of its project.
    EngineRig rig;
    QVERIFY(rig.start(Flavor::Cloud, Flavor::DataCenter, [](PairConfig &config) {
        config.match.fieldA = u"summary"_s;
        config.match.fieldB = u"key"_s;
    }));
    QCOMPARE(rig.b.sb->post(u"/sandbox/v1/projects"_s, QJsonObject{{u"key"_s, u"OTHER"_s}, {u"name"_s, u"Payroll"_s}})
                 .status,
             201);
    const QString secret = rig.b.sb->createIssue(u"OTHER"_s, {{u"summary"_s, u"Salaries 2027"_s}});
    const QString lure = rig.a.sb->createIssue(u"ACME"_s, {{u"summary"_s, secret}});
    QVERIFY(rig.round());
    QCOMPARE(rig.b.fields(secret)[u"summary"_s].toString(), u"Salaries 2027"_s);
    QCOMPARE(rig.a.fields(lure)[u"summary"_s].toString(), secret);
    QCOMPARE(refusals(rig), 1);
}

void TestPairScope::readsNoIssueBeyondItsProjectWhateverTheScope()
{
    // A scope that reaches into another project (typed by mistake, or published by a partner):
    // the side's issues are read within its project all the same.
    EngineRig rig;
    QVERIFY(rig.start(Flavor::Cloud, Flavor::DataCenter,
                      [](PairConfig &config) { config.b.scope = u"project = GLX OR project = OTHER"_s; }));
    QCOMPARE(rig.b.sb->post(u"/sandbox/v1/projects"_s, QJsonObject{{u"key"_s, u"OTHER"_s}, {u"name"_s, u"Payroll"_s}})
                 .status,
             201);
    rig.b.sb->createIssue(u"OTHER"_s, {{u"summary"_s, u"Salaries 2027"_s}});
    rig.b.sb->createIssue(u"GLX"_s, {{u"summary"_s, u"Heating is off"_s}});
    QVERIFY(rig.round());
    QVERIFY(!rig.a.keyOf(u"Heating is off"_s).isEmpty());
    QVERIFY(rig.a.keyOf(u"Salaries 2027"_s).isEmpty());
    QCOMPARE(rig.a.issues().size(), 1);
}

QTEST_GUILESS_MAIN(TestPairScope)
#include "tst_pair_scope.moc"
