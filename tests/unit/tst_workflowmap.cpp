#include "engine/workflowmap.h"

#include <QJsonObject>
#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;

/// The map of what workflows offer: learned from Jira's transition lists, searched for the
/// shortest path, forgotten when stale.
class TestWorkflowMap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void findsTheShortestPath();
    void knowsNoPathItHasNotLearned();
    void leadsToTheNearestUnknownStatus();
    void forgetsAStaleStatus();
    void keepsIssueTypesApart();
    void tellsItsKeeperOnlyOfChanges();
};

namespace {

QJsonObject to(const QString &id, const QString &name, const QString &statusId, const QString &statusName)
{
    return {{u"id"_s, id}, {u"name"_s, name}, {u"to"_s, QJsonObject{{u"id"_s, statusId}, {u"name"_s, statusName}}}};
}

/// The classic Data Center workflow: Open(1), In Progress(3), Reopened(4), Resolved(5), Closed(6).
WorkflowMap classic()
{
    WorkflowMap map;
    map.learn(u"bug"_s, u"1"_s,
              {to(u"4"_s, u"Start Progress"_s, u"3"_s, u"In Progress"_s),
               to(u"5"_s, u"Resolve Issue"_s, u"5"_s, u"Resolved"_s),
               to(u"2"_s, u"Close Issue"_s, u"6"_s, u"Closed"_s)});
    map.learn(u"bug"_s, u"3"_s,
              {to(u"301"_s, u"Stop Progress"_s, u"1"_s, u"Open"_s),
               to(u"5"_s, u"Resolve Issue"_s, u"5"_s, u"Resolved"_s),
               to(u"2"_s, u"Close Issue"_s, u"6"_s, u"Closed"_s)});
    map.learn(
        u"bug"_s, u"5"_s,
        {to(u"701"_s, u"Close Issue"_s, u"6"_s, u"Closed"_s), to(u"3"_s, u"Reopen Issue"_s, u"4"_s, u"Reopened"_s)});
    map.learn(u"bug"_s, u"6"_s, {to(u"3"_s, u"Reopen Issue"_s, u"4"_s, u"Reopened"_s)});
    map.learn(u"bug"_s, u"4"_s,
              {to(u"4"_s, u"Start Progress"_s, u"3"_s, u"In Progress"_s),
               to(u"5"_s, u"Resolve Issue"_s, u"5"_s, u"Resolved"_s),
               to(u"2"_s, u"Close Issue"_s, u"6"_s, u"Closed"_s)});
    return map;
}

QStringList names(const QList<WorkflowMap::Step> &steps)
{
    QStringList out;
    for (const WorkflowMap::Step &step : steps)
        out << step.name;
    return out;
}

} // namespace

void TestWorkflowMap::findsTheShortestPath()
{
    const WorkflowMap map = classic();
    QCOMPARE(names(*map.path(u"bug"_s, u"6"_s, u"3"_s)), (QStringList{u"Reopen Issue"_s, u"Start Progress"_s}));
    QCOMPARE(names(*map.path(u"bug"_s, u"1"_s, u"5"_s)), QStringList{u"Resolve Issue"_s});
    QVERIFY(map.path(u"bug"_s, u"3"_s, u"3"_s)->isEmpty());
    QCOMPARE(map.statusName(u"4"_s), u"Reopened"_s);
}

void TestWorkflowMap::knowsNoPathItHasNotLearned()
{
    WorkflowMap map;
    QVERIFY(!map.path(u"bug"_s, u"1"_s, u"5"_s));
    map.learn(u"bug"_s, u"1"_s, {to(u"4"_s, u"Start Progress"_s, u"3"_s, u"In Progress"_s)});
    QVERIFY(!map.path(u"bug"_s, u"1"_s, u"5"_s));
    QCOMPARE(map.reachable(u"bug"_s, u"1"_s), (QStringList{u"1"_s, u"In Progress"_s}));
    // A transition to the same status leads nowhere.
    map.learn(u"bug"_s, u"3"_s, {to(u"9"_s, u"Log Work"_s, u"3"_s, u"In Progress"_s)});
    QVERIFY(!map.path(u"bug"_s, u"1"_s, u"5"_s));
}

void TestWorkflowMap::leadsToTheNearestUnknownStatus()
{
    WorkflowMap map;
    QVERIFY(map.pathToUnknown(u"bug"_s, u"1"_s)->isEmpty()); // the status itself is unknown
    map.learn(u"bug"_s, u"1"_s, {to(u"4"_s, u"Start Progress"_s, u"3"_s, u"In Progress"_s)});
    QCOMPARE(names(*map.pathToUnknown(u"bug"_s, u"1"_s)), QStringList{u"Start Progress"_s});
    map.learn(u"bug"_s, u"3"_s, {to(u"301"_s, u"Stop Progress"_s, u"1"_s, u"Open"_s)});
    QVERIFY(!map.pathToUnknown(u"bug"_s, u"1"_s)); // everything reachable is known
}

void TestWorkflowMap::forgetsAStaleStatus()
{
    WorkflowMap map = classic();
    map.forget(u"bug"_s, u"6"_s);
    QVERIFY(!map.knows(u"bug"_s, u"6"_s));
    QVERIFY(!map.path(u"bug"_s, u"6"_s, u"3"_s));
    QVERIFY(map.path(u"bug"_s, u"5"_s, u"3"_s));
}

void TestWorkflowMap::keepsIssueTypesApart()
{
    const WorkflowMap map = classic();
    QVERIFY(!map.knows(u"task"_s, u"1"_s));
    QVERIFY(!map.path(u"task"_s, u"1"_s, u"5"_s));
}

void TestWorkflowMap::tellsItsKeeperOnlyOfChanges()
{
    WorkflowMap map;
    map.learn(u"bug"_s, u"1"_s, {to(u"4"_s, u"Start Progress"_s, u"3"_s, u"In Progress"_s)}); // before a keeper
    QStringList told;
    map.setKeeper([&](const QString &type, const QString &status, const QJsonArray &transitions) {
        told << u"%1/%2:%3"_s.arg(type, status).arg(transitions.size());
    });
    map.learn(u"bug"_s, u"1"_s, {to(u"4"_s, u"Start Progress"_s, u"3"_s, u"In Progress"_s)}); // known: not told
    map.learn(u"bug"_s, u"3"_s, {to(u"301"_s, u"Stop Progress"_s, u"1"_s, u"Open"_s)});
    map.learn(u"bug"_s, u"3"_s, {to(u"301"_s, u"Stop Progress"_s, u"1"_s, u"Open"_s)});
    map.learn(u"bug"_s, u"1"_s, {});
    map.forget(u"bug"_s, u"3"_s);
    QCOMPARE(told, (QStringList{u"bug/3:1"_s, u"bug/1:0"_s, u"bug/3:0"_s}));
}

QTEST_GUILESS_MAIN(TestWorkflowMap)
#include "tst_workflowmap.moc"
