#include "store/conflictrepository.h"
#include "store/statestore.h"
#include "storesupport.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

class TestConflictRepository : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLoggingCategory::setFilterRules(u"ferry.*=false"_s); }
    void init() { QVERIFY(m_state.create()); }
    void cleanup() { m_state.close(); }
    void keepsEveryKindOfValue();
    void meetsTheSameConflictFromBothSidesOnce();
    void listsOnlyOpenConflicts();

private:
    /// opened: whether it was new.
    bool add(const ConflictRepository::Conflict &conflict, bool *opened = nullptr)
    {
        ConflictRepository conflicts(*m_state.store, m_state.pair);
        QString error;
        bool isNew = false;
        const bool ok = noted(m_state.store->transaction([&](QSqlDatabase &db) -> Result<void> {
            const Result<bool> added = conflicts.add(db, conflict);
            if (!added)
                return added.error();
            isNew = *added;
            return {};
        }),
                              &error);
        if (opened)
            *opened = isNew;
        if (!ok)
            qWarning("%s", qPrintable(error));
        return ok;
    }

    StoreWithPair m_state;
};

void TestConflictRepository::keepsEveryKindOfValue()
{
    const QJsonObject adf{{u"type"_s, u"doc"_s}, {u"content"_s, QJsonArray{}}};
    QVERIFY(add({0, u"10001"_s, u"description"_s, QJsonValue::Null, adf, 42, u"op-a"_s, QString()}));
    QString error;
    const auto open = noted(ConflictRepository(*m_state.store, m_state.pair).open(), &error);
    QVERIFY2(open, qPrintable(error));
    QCOMPARE(open->size(), 1);
    QCOMPARE(open->first().base, QJsonValue(QJsonValue::Null));
    QCOMPARE(open->first().aValue, QJsonValue(adf));
    QCOMPARE(open->first().bValue, QJsonValue(42));
    QCOMPARE(open->first().aChange, u"op-a"_s);
    QCOMPARE(open->first().bChange, QString());
}

void TestConflictRepository::meetsTheSameConflictFromBothSidesOnce()
{
    bool opened = false;
    QVERIFY(add({0, u"10001"_s, u"summary"_s, u"Old"_s, u"A"_s, u"B"_s, u"op-a"_s, QString()}, &opened));
    QVERIFY(opened);
    QVERIFY(add({0, u"10001"_s, u"summary"_s, u"Old"_s, u"A"_s, u"B"_s, QString(), u"op-b"_s}, &opened));
    QVERIFY(!opened); // met from the other side: the same conflict
    QVERIFY(add({0, u"10001"_s, u"labels"_s, QJsonArray{}, QJsonArray{u"x"_s}, QJsonArray{u"y"_s}, u"op-c"_s, {}}));
    QString error;
    const auto open = noted(ConflictRepository(*m_state.store, m_state.pair).open(), &error);
    QCOMPARE(open->size(), 2);
    QCOMPARE(open->first().field, u"summary"_s);
    QCOMPARE(open->first().aChange, u"op-a"_s);
    QCOMPARE(open->first().bChange, u"op-b"_s);
}

void TestConflictRepository::listsOnlyOpenConflicts()
{
    QVERIFY(add({0, u"10001"_s, u"summary"_s, u"Old"_s, u"A"_s, u"B"_s, u"op-a"_s, QString()}));
    QSqlQuery query(m_state.store->database());
    QVERIFY(query.exec(u"UPDATE conflicts SET resolved = 'now', resolution = 'a'"_s));
    QString error;
    QCOMPARE(noted(ConflictRepository(*m_state.store, m_state.pair).open(), &error)->size(), 0);
    // A resolved conflict does not swallow a new one on the same field.
    QVERIFY(add({0, u"10001"_s, u"summary"_s, u"A"_s, u"C"_s, u"D"_s, u"op-e"_s, QString()}));
    QCOMPARE(noted(ConflictRepository(*m_state.store, m_state.pair).open(), &error)->size(), 1);
}

QTEST_GUILESS_MAIN(TestConflictRepository)
#include "tst_conflictrepository.moc"
