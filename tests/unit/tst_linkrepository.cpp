#include "store/channel.h"
#include "store/linkrepository.h"
#include "store/statestore.h"
#include "storesupport.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

const LinkRepository::Link acme1{u"10001"_s, u"ACME-1"_s, u"20001"_s, u"GLX-1"_s};
const QJsonObject acme1Base{{u"summary"_s, u"Printer on fire"_s}, {u"labels"_s, QJsonArray{u"hw"_s}}};

} // namespace

class TestLinkRepository : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLoggingCategory::setFilterRules(u"ferry.*=false"_s); }
    void init();
    void cleanup();
    void linksAndFindsFromEitherSide();
    void refusesASecondLinkForAnIssue();
    void keepsTheBaseWithTheLink();
    void rekeysAMovedIssue();
    void unlinkingDropsTheBase();
    void keepsCheckpointsPerSide();
    void remembersWhatEachSideObserved();
    void commitsApplyBaseAndCheckpointTogether();
    void rollsBackTogether();

private:
    bool inTransaction(const std::function<Result<void>(QSqlDatabase &)> &work, QString *error)
    {
        return noted(m_state.store->transaction(work), error);
    }

    StoreWithPair m_state;
};

void TestLinkRepository::init()
{
    QVERIFY(m_state.create());
}

void TestLinkRepository::cleanup()
{
    m_state.close();
}

void TestLinkRepository::linksAndFindsFromEitherSide()
{
    LinkRepository links(*m_state.store, m_state.pair);
    QString error;
    QVERIFY2(inTransaction([&](QSqlDatabase &db) { return links.link(db, acme1, acme1Base); }, &error),
             qPrintable(error));
    std::optional<LinkRepository::Link> found;
    found = noted(links.find(Side::A, u"10001"_s), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(found, std::optional(acme1));
    found = noted(links.find(Side::B, u"20001"_s), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(found, std::optional(acme1));
    // An id from the other side is not a link on this side.
    found = noted(links.find(Side::A, u"20001"_s), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!found);
    QCOMPARE(*noted(links.count(), &error), 1);
}

void TestLinkRepository::refusesASecondLinkForAnIssue()
{
    LinkRepository links(*m_state.store, m_state.pair);
    QString error;
    QVERIFY(inTransaction([&](QSqlDatabase &db) { return links.link(db, acme1, acme1Base); }, &error));
    const LinkRepository::Link sameB{u"10002"_s, u"ACME-2"_s, u"20001"_s, u"GLX-1"_s};
    QVERIFY(!inTransaction([&](QSqlDatabase &db) { return links.link(db, sameB, {}); }, &error));
    QVERIFY2(error.contains(u"linked to another issue already"_s), qPrintable(error));
    QCOMPARE(*noted(links.count(), &error), 1);
    // Another pair may link the same issues.
    LinkRepository other(*m_state.store, addTestPair(*m_state.store, u"acme-ops"_s));
    QVERIFY2(inTransaction([&](QSqlDatabase &db) { return other.link(db, acme1, {}); }, &error), qPrintable(error));
}

void TestLinkRepository::keepsTheBaseWithTheLink()
{
    LinkRepository links(*m_state.store, m_state.pair);
    QString error;
    QVERIFY(!noted(links.base(u"10001"_s), &error));
    QVERIFY2(error.contains(u"not linked"_s), qPrintable(error));
    QVERIFY(!inTransaction([&](QSqlDatabase &db) { return links.setBase(db, u"10001"_s, {}); }, &error));
    QVERIFY2(error.contains(u"not linked"_s), qPrintable(error));
    QVERIFY(inTransaction([&](QSqlDatabase &db) { return links.link(db, acme1, acme1Base); }, &error));
    QCOMPARE(*noted(links.base(u"10001"_s), &error), acme1Base);
    const QJsonObject next{{u"summary"_s, u"Printer fixed"_s}};
    QVERIFY(inTransaction([&](QSqlDatabase &db) { return links.setBase(db, u"10001"_s, next); }, &error));
    QCOMPARE(*noted(links.base(u"10001"_s), &error), next);
}

void TestLinkRepository::rekeysAMovedIssue()
{
    LinkRepository links(*m_state.store, m_state.pair);
    QString error;
    QVERIFY(inTransaction([&](QSqlDatabase &db) { return links.link(db, acme1, acme1Base); }, &error));
    QVERIFY(inTransaction([&](QSqlDatabase &db) { return links.rekey(db, Side::B, u"20001"_s, u"OPS-9"_s); }, &error));
    std::optional<LinkRepository::Link> found;
    found = noted(links.find(Side::A, u"10001"_s), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(found->bKey, u"OPS-9"_s);
    QCOMPARE(found->aKey, u"ACME-1"_s);
    QVERIFY(
        !inTransaction([&](QSqlDatabase &db) { return links.rekey(db, Side::A, u"404"_s, u"ACME-404"_s); }, &error));
    QVERIFY2(error.contains(u"not linked"_s), qPrintable(error));
}

void TestLinkRepository::unlinkingDropsTheBase()
{
    LinkRepository links(*m_state.store, m_state.pair);
    QString error;
    QVERIFY(inTransaction([&](QSqlDatabase &db) { return links.link(db, acme1, acme1Base); }, &error));
    QVERIFY(inTransaction([&](QSqlDatabase &db) { return links.unlink(db, u"10001"_s); }, &error));
    QCOMPARE(*noted(links.count(), &error), 0);
    QVERIFY(!noted(links.base(u"10001"_s), &error));
    QSqlQuery query(m_state.store->database());
    QVERIFY(query.exec(u"SELECT COUNT(*) FROM bases"_s) && query.next());
    QCOMPARE(query.value(0).toInt(), 0);
}

void TestLinkRepository::keepsCheckpointsPerSide()
{
    LinkRepository links(*m_state.store, m_state.pair);
    QString error;
    QCOMPARE(*noted(links.checkpoint(Side::A), &error), QString());
    QVERIFY(inTransaction([&](QSqlDatabase &db) { return links.setCheckpoint(db, Side::A, u"2026-11-28T10:00:00Z"_s); },
                          &error));
    QVERIFY(inTransaction([&](QSqlDatabase &db) { return links.setCheckpoint(db, Side::A, u"2026-11-28T10:05:00Z"_s); },
                          &error));
    QCOMPARE(*noted(links.checkpoint(Side::A), &error), u"2026-11-28T10:05:00Z"_s);
    QCOMPARE(*noted(links.checkpoint(Side::B), &error), QString());
    QVERIFY(m_state.reopen());
    QCOMPARE(*noted(LinkRepository(*m_state.store, m_state.pair).checkpoint(Side::A), &error),
             u"2026-11-28T10:05:00Z"_s);
}

void TestLinkRepository::remembersWhatEachSideObserved()
{
    LinkRepository links(*m_state.store, m_state.pair);
    QString error;
    QCOMPARE(*noted(links.observed(Side::B, u"20001"_s), &error), QJsonObject());
    // An issue need not be linked to be observed: its create op may still be on its way.
    QVERIFY2(inTransaction(
                 [&](QSqlDatabase &db) { return links.setObserved(db, Side::B, u"20001"_s, u"GLX-1"_s, acme1Base); },
                 &error),
             qPrintable(error));
    QCOMPARE(*noted(links.observed(Side::B, u"20001"_s), &error), acme1Base);
    QCOMPARE(*noted(links.observed(Side::A, u"20001"_s), &error), QJsonObject());
    const QJsonObject next{{u"summary"_s, u"Printer fixed"_s}};
    QVERIFY(inTransaction(
        [&](QSqlDatabase &db) { return links.setObserved(db, Side::B, u"20001"_s, u"GLX-1"_s, next); }, &error));
    QCOMPARE(*noted(links.observed(Side::B, u"20001"_s), &error), next);
}

void TestLinkRepository::commitsApplyBaseAndCheckpointTogether()
{
    LinkRepository links(*m_state.store, m_state.pair);
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    QVERIFY(inTransaction([&](QSqlDatabase &db) { return links.link(db, acme1, acme1Base); }, &error));
    Op op = Op::make(OpKind::SetField, Side::A, u"10001"_s, u"ACME-1"_s);
    QVERIFY(noted(channel.receive(Side::B, {op}), &error));
    QVERIFY2(inTransaction(
                 [&](QSqlDatabase &db) -> Result<void> {
                     if (auto set = links.setBase(db, u"10001"_s, {{u"summary"_s, u"New"_s}}); !set)
                         return set;
                     return channel.markApplied(db, Side::B, op.id, {});
                 },
                 &error),
             qPrintable(error));
    QCOMPARE(*noted(channel.isApplied(Side::B, op.id), &error), true);
    QCOMPARE(noted(links.base(u"10001"_s), &error)->value(u"summary"_s).toString(), u"New"_s);
}

void TestLinkRepository::rollsBackTogether()
{
    LinkRepository links(*m_state.store, m_state.pair);
    Channel channel(*m_state.store, m_state.pair);
    QString error;
    QVERIFY(inTransaction([&](QSqlDatabase &db) { return links.link(db, acme1, acme1Base); }, &error));
    Op op = Op::make(OpKind::SetField, Side::A, u"10001"_s, u"ACME-1"_s);
    QVERIFY(noted(channel.receive(Side::B, {op}), &error));
    // The op is applied, but the base cannot be written: neither is kept.
    QVERIFY(!inTransaction(
        [&](QSqlDatabase &db) -> Result<void> {
            if (auto marked = channel.markApplied(db, Side::B, op.id, {}); !marked)
                return marked;
            return links.setBase(db, u"99999"_s, {{u"summary"_s, u"New"_s}});
        },
        &error));
    QCOMPARE(*noted(channel.isApplied(Side::B, op.id), &error), false);
    QCOMPARE(*noted(links.base(u"10001"_s), &error), acme1Base);
}

QTEST_GUILESS_MAIN(TestLinkRepository)
#include "tst_linkrepository.moc"
