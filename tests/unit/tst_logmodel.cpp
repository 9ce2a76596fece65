#include "core/logsink.h"
#include "testsupport.h"
#include "ui/logfiltermodel.h"
#include "ui/logmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;

namespace {

LogSink::Options memoryOnly(qsizetype capacity)
{
    LogSink::Options options;
    options.capacity = capacity;
    options.stderrLevel = static_cast<int>(LogLevel::Fatal) + 1;
    return options;
}

void add(LogSink &sink, LogLevel level, const QString &category, const QString &pair, const QString &issue,
         const QString &message)
{
    LogEntry entry;
    entry.level = level;
    entry.category = category;
    entry.pair = pair;
    entry.issue = issue;
    entry.message = message;
    sink.append(entry);
}

QStringList messages(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, LogModel::MessageColumn).data().toString();
    return out;
}

} // namespace

class TestLogModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsEntriesAfterABatch();
    void pullsManyEntriesInFewUpdates();
    void evictsOldestRowsWithTheSink();
    void resetsWhenTheWholeWindowIsEvicted();
    void clearEmptiesModelAndSink();
    void countsWarningsErrorsAndPairs();
    void presentsColumnsAndRoles();
    void filtersByLevelCategoryPairAndText();
    void filterFollowsNewRows();
};

void TestLogModel::showsEntriesAfterABatch()
{
    LogSink sink(memoryOnly(100));
    add(sink, LogLevel::Info, u"ferry.core"_s, {}, {}, u"before"_s);
    LogModel model(&sink);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1); // what the sink held when the model was made

    add(sink, LogLevel::Info, u"ferry.core"_s, {}, {}, u"after"_s);
    QCOMPARE(model.rowCount(), 1); // not one update per entry...
    QTRY_COMPARE(model.rowCount(), 2); // ...but one per batch, soon after
    QCOMPARE(messages(model), (QStringList{u"before"_s, u"after"_s}));
}

void TestLogModel::pullsManyEntriesInFewUpdates()
{
    LogSink sink(memoryOnly(10'000));
    LogModel model(&sink);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserts(&model, &LogModel::rowsInserted);
    for (int i = 0; i < 5000; ++i)
        add(sink, LogLevel::Info, u"ferry.engine"_s, {}, {}, QString::number(i));
    QTRY_COMPARE(model.rowCount(), 5000);
    QCOMPARE(inserts.count(), 1);
}

void TestLogModel::evictsOldestRowsWithTheSink()
{
    LogSink sink(memoryOnly(5));
    LogModel model(&sink);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 1; i <= 4; ++i)
        add(sink, LogLevel::Info, u"ferry.core"_s, {}, {}, QString::number(i));
    model.fetchNow();
    QCOMPARE(model.rowCount(), 4);
    for (int i = 5; i <= 7; ++i)
        add(sink, LogLevel::Info, u"ferry.core"_s, {}, {}, QString::number(i));
    model.fetchNow();
    QCOMPARE(messages(model), (QStringList{u"3"_s, u"4"_s, u"5"_s, u"6"_s, u"7"_s}));
}

void TestLogModel::resetsWhenTheWholeWindowIsEvicted()
{
    LogSink sink(memoryOnly(3));
    LogModel model(&sink);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    add(sink, LogLevel::Info, u"ferry.core"_s, {}, {}, u"old"_s);
    model.fetchNow();
    QSignalSpy resets(&model, &LogModel::modelReset);
    for (int i = 1; i <= 10; ++i)
        add(sink, LogLevel::Info, u"ferry.core"_s, {}, {}, QString::number(i));
    model.fetchNow();
    QCOMPARE(resets.count(), 1);
    QCOMPARE(messages(model), (QStringList{u"8"_s, u"9"_s, u"10"_s}));
}

void TestLogModel::clearEmptiesModelAndSink()
{
    LogSink sink(memoryOnly(10));
    LogModel model(&sink);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    add(sink, LogLevel::Warning, u"ferry.core"_s, u"p1"_s, {}, u"x"_s);
    model.fetchNow();
    QCOMPARE(model.warningCount(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(sink.size(), 0);
    QCOMPARE(model.warningCount(), 0);
    QVERIFY(model.pairs().isEmpty());
    add(sink, LogLevel::Info, u"ferry.core"_s, {}, {}, u"fresh"_s);
    QTRY_COMPARE(model.rowCount(), 1);
}

void TestLogModel::countsWarningsErrorsAndPairs()
{
    LogSink sink(memoryOnly(10));
    LogModel model(&sink);
    QSignalSpy pairsChanged(&model, &LogModel::pairsChanged);
    add(sink, LogLevel::Warning, u"ferry.jira"_s, u"zeta"_s, {}, u"w"_s);
    add(sink, LogLevel::Critical, u"ferry.engine"_s, u"alpha"_s, {}, u"c"_s);
    add(sink, LogLevel::Fatal, u"ferry.engine"_s, u"alpha"_s, {}, u"f"_s);
    add(sink, LogLevel::Info, u"ferry.engine"_s, {}, {}, u"i"_s);
    model.fetchNow();
    QCOMPARE(model.warningCount(), 1);
    QCOMPARE(model.errorCount(), 2);
    QCOMPARE(model.pairs(), (QStringList{u"alpha"_s, u"zeta"_s}));
    QCOMPARE(pairsChanged.count(), 1);
}

void TestLogModel::presentsColumnsAndRoles()
{
    LogSink sink(memoryOnly(10));
    LogModel model(&sink);
    add(sink, LogLevel::Critical, u"ferry.store"_s, u"pair-a"_s, u"ACME-3"_s, u"line one\nline two"_s);
    model.fetchNow();
    QCOMPARE(model.columnCount(), int(LogModel::ColumnCount));
    QCOMPARE(model.index(0, LogModel::LevelColumn).data().toString(), u"critical"_s);
    QCOMPARE(model.index(0, LogModel::CategoryColumn).data().toString(), u"ferry.store"_s);
    QCOMPARE(model.index(0, LogModel::PairColumn).data().toString(), u"pair-a"_s);
    QCOMPARE(model.index(0, LogModel::IssueColumn).data().toString(), u"ACME-3"_s);
    QCOMPARE(model.index(0, LogModel::MessageColumn).data().toString(), u"line one …"_s);
    QCOMPARE(model.index(0, LogModel::MessageColumn).data(Qt::ToolTipRole).toString(), u"line one\nline two"_s);
    QCOMPARE(model.index(0, 0).data(LogModel::LevelRole).toInt(), int(LogLevel::Critical));
    QVERIFY(model.index(0, 0).data(Qt::ForegroundRole).isValid());
    QCOMPARE(model.headerData(LogModel::MessageColumn, Qt::Horizontal).toString(), u"Message"_s);
}

void TestLogModel::filtersByLevelCategoryPairAndText()
{
    LogSink sink(memoryOnly(100));
    LogModel model(&sink);
    LogFilterModel filter(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    add(sink, LogLevel::Debug, u"ferry.jira"_s, u"p1"_s, u"ACME-1"_s, u"GET issue"_s);
    add(sink, LogLevel::Info, u"ferry.engine"_s, u"p1"_s, u"ACME-2"_s, u"applied summary"_s);
    add(sink, LogLevel::Warning, u"ferry.jira"_s, u"p2"_s, u"GLX-9"_s, u"429 Too Many Requests"_s);
    add(sink, LogLevel::Critical, u"ferry.store"_s, u"p2"_s, {}, u"disk full"_s);
    model.fetchNow();
    QCOMPARE(filter.rowCount(), 4);

    filter.setMinimumLevel(LogLevel::Warning);
    QCOMPARE(messages(filter), (QStringList{u"429 Too Many Requests"_s, u"disk full"_s}));
    filter.setMinimumLevel(LogLevel::Debug);

    filter.setCategory(u"ferry.jira"_s);
    QCOMPARE(messages(filter), (QStringList{u"GET issue"_s, u"429 Too Many Requests"_s}));
    filter.setCategory({});

    filter.setPair(u"p1"_s);
    QCOMPARE(filter.rowCount(), 2);
    filter.setPair({});

    filter.setText(u"glx-9"_s); // matches the issue key, whatever the case
    QCOMPARE(messages(filter), (QStringList{u"429 Too Many Requests"_s}));
    filter.setText(u"APPLIED"_s);
    QCOMPARE(messages(filter), (QStringList{u"applied summary"_s}));
    filter.setText({});

    filter.setMinimumLevel(LogLevel::Info);
    filter.setPair(u"p2"_s);
    filter.setText(u"disk"_s);
    QCOMPARE(messages(filter), (QStringList{u"disk full"_s}));
}

void TestLogModel::filterFollowsNewRows()
{
    LogSink sink(memoryOnly(4));
    LogModel model(&sink);
    LogFilterModel filter(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setMinimumLevel(LogLevel::Warning);
    for (int i = 0; i < 10; ++i)
        add(sink, i % 2 ? LogLevel::Warning : LogLevel::Info, u"ferry.core"_s, {}, {}, QString::number(i));
    model.fetchNow();
    QCOMPARE(messages(filter), (QStringList{u"7"_s, u"9"_s}));
}

QTEST_MAIN(TestLogModel)
#include "tst_logmodel.moc"
