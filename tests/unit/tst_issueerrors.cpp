#include "store/issueerrors.h"
#include "store/journal.h"
#include "store/statestore.h"
#include "storesupport.h"
#include "testsupport.h"

#include <QLoggingCategory>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

/// Parked issues and the sync journal in a real SQLite store.
class TestIssueErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLoggingCategory::setFilterRules(u"ferry.*=false"_s); }
    void init() { QVERIFY(m_state.create()); }
    void cleanup() { m_state.close(); }
    void doublesTheBackoffUpToAnHour();
    void parksCountsAndClears();
    void retriesEveryIssueNow();
    void survivesARestart();
    void findsTheFirstJournalEntryOfAKind();

private:
    bool clear(Side side, const QString &issueId)
    {
        IssueErrors errors(*m_state.store, m_state.pair);
        QString error;
        return noted(m_state.store->transaction([&](QSqlDatabase &db) { return errors.clear(db, side, issueId); }),
                     &error);
    }

    StoreWithPair m_state;
};

void TestIssueErrors::doublesTheBackoffUpToAnHour()
{
    QCOMPARE(IssueErrors::backoffMs(1), 30'000);
    QCOMPARE(IssueErrors::backoffMs(2), 60'000);
    QCOMPARE(IssueErrors::backoffMs(3), 120'000);
    QCOMPARE(IssueErrors::backoffMs(8), 3'600'000);
    QCOMPARE(IssueErrors::backoffMs(500), 3'600'000);
    QCOMPARE(IssueErrors::backoffMs(0), 30'000);
}

void TestIssueErrors::parksCountsAndClears()
{
    IssueErrors errors(*m_state.store, m_state.pair);
    QString error;
    const QDateTime before = QDateTime::currentDateTimeUtc();
    QVERIFY2(noted(errors.park(Side::A, u"10001"_s, u"ACME-1"_s, u"HTTP 400: no such component"_s), &error),
             qPrintable(error));
    QVERIFY(noted(errors.park(Side::A, u"10001"_s, u"ACME-1"_s, u"HTTP 400: still no such component"_s), &error));
    QVERIFY(noted(errors.park(Side::B, u"20001"_s, u"GLX-1"_s, u"HTTP 503"_s), &error));
    const auto all = noted(errors.all(), &error);
    QCOMPARE(all->size(), 2);
    const IssueErrors::Parked &acme = all->first();
    QCOMPARE(acme.issueKey, u"ACME-1"_s);
    QCOMPARE(acme.attempts, 2);
    QCOMPARE(acme.error, u"HTTP 400: still no such component"_s);
    QVERIFY(acme.firstFailed >= before.addMSecs(-1));
    QVERIFY(acme.nextAttempt >= before.addSecs(59)); // the second failure waits a minute
    QCOMPARE(noted(errors.waiting(QDateTime::currentDateTimeUtc()), &error)->size(), 2);
    QCOMPARE(noted(errors.waiting(QDateTime::currentDateTimeUtc().addSecs(45)), &error)->size(), 1); // GLX-1 is due
    QCOMPARE(noted(errors.waiting(QDateTime::currentDateTimeUtc().addSecs(3600)), &error)->size(), 0);
    QVERIFY(clear(Side::A, u"10001"_s));
    QCOMPARE(noted(errors.all(), &error)->size(), 1);
}

void TestIssueErrors::retriesEveryIssueNow()
{
    IssueErrors errors(*m_state.store, m_state.pair);
    QString error;
    QVERIFY(noted(errors.park(Side::A, u"1"_s, u"ACME-1"_s, u"why"_s), &error));
    QVERIFY(noted(errors.park(Side::B, u"2"_s, u"GLX-2"_s, u"why"_s), &error));
    QVERIFY(noted(errors.retryNow(), &error));
    QCOMPARE(noted(errors.waiting(QDateTime::currentDateTimeUtc().addMSecs(1)), &error)->size(), 0);
    QCOMPARE(noted(errors.all(), &error)->size(), 2); // still listed, with their errors, until they sync
}

void TestIssueErrors::survivesARestart()
{
    QString error;
    QVERIFY(noted(IssueErrors(*m_state.store, m_state.pair).park(Side::A, u"1"_s, u"ACME-1"_s, u"why"_s), &error));
    QVERIFY(m_state.reopen());
    const auto all = noted(IssueErrors(*m_state.store, m_state.pair).all(), &error);
    QCOMPARE(all->size(), 1);
    QCOMPARE(all->first().attempts, 1);
}

void TestIssueErrors::findsTheFirstJournalEntryOfAKind()
{
    Journal journal(*m_state.store, m_state.pair);
    QString error;
    QVERIFY(!noted(journal.first(u"create-attempt"_s, u"op"_s, u"op-1"_s), &error)->time.isValid());
    QVERIFY(noted(journal.record({{}, Side::B, u"ACME-1"_s, u"create-attempt"_s, {{u"op"_s, u"op-1"_s}}}), &error));
    QVERIFY(noted(journal.record({{}, Side::B, u"ACME-2"_s, u"create-attempt"_s, {{u"op"_s, u"op-2"_s}}}), &error));
    QVERIFY(noted(journal.record({{}, Side::B, u"ACME-1"_s, u"create-attempt"_s, {{u"op"_s, u"op-1"_s}}}), &error));
    const auto first = noted(journal.first(u"create-attempt"_s, u"op"_s, u"op-1"_s), &error);
    QVERIFY(first->time.isValid());
    QCOMPARE(first->issueKey, u"ACME-1"_s);
    QCOMPARE(first->side, std::optional(Side::B));
    QVERIFY(!noted(journal.first(u"other"_s, u"op"_s, u"op-1"_s), &error)->time.isValid());
    const auto latest = noted(journal.latest(2), &error);
    QCOMPARE(latest->size(), 2);
    QCOMPARE(latest->first().detail.value(u"op"_s).toString(), u"op-1"_s);
    QCOMPARE(latest->last().issueKey, u"ACME-2"_s);
}

QTEST_GUILESS_MAIN(TestIssueErrors)
#include "tst_issueerrors.moc"
