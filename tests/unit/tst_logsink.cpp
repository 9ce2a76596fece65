#include "core/logcategories.h"
#include "core/logscope.h"
#include "core/logsink.h"
#include "logfeeder.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace ferry;
using namespace Qt::StringLiterals;

namespace {

LogSink::Options quietOptions(qsizetype capacity, const QString &filePath = QString())
{
    LogSink::Options options;
    options.capacity = capacity;
    options.filePath = filePath;
    options.stderrLevel = static_cast<int>(LogLevel::Fatal) + 1;
    return options;
}

} // namespace

class TestLogSink : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLoggingCategory::setFilterRules(u"ferry.*.debug=true"_s); }
    void keepsEntriesInOrderWithIncreasingIds();
    void dropsOldestBeyondCapacity();
    void entriesAfterReturnsOnlyNewer();
    void clearEmptiesBufferButKeepsIdsIncreasing();
    void capturesQtMessagesWithCategoryAndLevel();
    void attachesPairAndIssueFromScopes();
    void keepsScopesPerThread();
    void concurrentWritersLoseNothing();
    void notifiesOncePerBatch();
    void redactsSecretsInBufferAndFile_data();
    void redactsSecretsInBufferAndFile();
    void writesOwnerOnlyFile();
    void rotatesFileBySize();
    void reportsUnwritableFileInBuffer();
    void formatsOneLinePerEntry();
};

void TestLogSink::keepsEntriesInOrderWithIncreasingIds()
{
    LogSink sink(quietOptions(10));
    for (int i = 0; i < 5; ++i)
        sink.append(LogLevel::Info, u"ferry.core"_s, QString::number(i));
    const QList<LogEntry> entries = sink.entriesAfter(0);
    QCOMPARE(entries.size(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(entries.at(i).id, quint64(i + 1));
        QCOMPARE(entries.at(i).message, QString::number(i));
        if (i > 0)
            QVERIFY(entries.at(i).timeMs >= entries.at(i - 1).timeMs);
    }
    QCOMPARE(sink.lastId(), 5u);
}

void TestLogSink::dropsOldestBeyondCapacity()
{
    LogSink sink(quietOptions(3));
    for (int i = 1; i <= 7; ++i)
        sink.append(LogLevel::Info, u"ferry.core"_s, QString::number(i));
    QCOMPARE(sink.size(), 3);
    const QList<LogEntry> entries = sink.entriesAfter(0);
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries.at(0).message, u"5"_s);
    QCOMPARE(entries.at(2).message, u"7"_s);
    QCOMPARE(entries.at(0).id, 5u);
}

void TestLogSink::entriesAfterReturnsOnlyNewer()
{
    LogSink sink(quietOptions(100));
    for (int i = 1; i <= 10; ++i)
        sink.append(LogLevel::Info, u"ferry.core"_s, QString::number(i));
    const QList<LogEntry> entries = sink.entriesAfter(7);
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries.first().id, 8u);
    QVERIFY(sink.entriesAfter(10).isEmpty());
    QVERIFY(sink.entriesAfter(99).isEmpty());
}

void TestLogSink::clearEmptiesBufferButKeepsIdsIncreasing()
{
    LogSink sink(quietOptions(100));
    QSignalSpy cleared(&sink, &LogSink::cleared);
    sink.append(LogLevel::Info, u"ferry.core"_s, u"a"_s);
    sink.append(LogLevel::Info, u"ferry.core"_s, u"b"_s);
    sink.clear();
    QCOMPARE(cleared.count(), 1);
    QCOMPARE(sink.size(), 0);
    QVERIFY(sink.entriesAfter(0).isEmpty());
    sink.append(LogLevel::Info, u"ferry.core"_s, u"c"_s);
    const QList<LogEntry> entries = sink.entriesAfter(0);
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().id, 3u);
}

void TestLogSink::capturesQtMessagesWithCategoryAndLevel()
{
    test::InstalledLogSink installed;
    qCDebug(lcStore) << "debug line";
    qCInfo(lcJira) << "info line";
    qCWarning(lcEngine) << "warning line";
    qCCritical(lcTransport) << "critical line";
    const QList<LogEntry> entries = installed.sink().entriesAfter(0);
    QCOMPARE(entries.size(), 4);
    QCOMPARE(entries.at(0).level, LogLevel::Debug);
    QCOMPARE(entries.at(0).category, u"ferry.store"_s);
    QCOMPARE(entries.at(1).level, LogLevel::Info);
    QCOMPARE(entries.at(1).category, u"ferry.jira"_s);
    QCOMPARE(entries.at(2).level, LogLevel::Warning);
    QCOMPARE(entries.at(3).level, LogLevel::Critical);
    QCOMPARE(entries.at(3).category, u"ferry.transport"_s);
    QCOMPARE(entries.at(3).message, u"critical line"_s);
}

void TestLogSink::attachesPairAndIssueFromScopes()
{
    test::InstalledLogSink installed;
    qCInfo(lcEngine) << "outside";
    {
        const LogScope pair(u"acme-glx"_s);
        qCInfo(lcEngine) << "pair only";
        {
            const LogScope issue(u"acme-glx"_s, u"ACME-7"_s);
            qCInfo(lcEngine) << "with issue";
        }
        qCInfo(lcEngine) << "back to pair";
    }
    qCInfo(lcEngine) << "outside again";
    const QList<LogEntry> entries = installed.sink().entriesAfter(0);
    QCOMPARE(entries.size(), 5);
    QCOMPARE(entries.at(0).pair, QString());
    QCOMPARE(entries.at(1).pair, u"acme-glx"_s);
    QCOMPARE(entries.at(1).issue, QString());
    QCOMPARE(entries.at(2).issue, u"ACME-7"_s);
    QCOMPARE(entries.at(3).issue, QString());
    QCOMPARE(entries.at(3).pair, u"acme-glx"_s);
    QCOMPARE(entries.at(4).pair, QString());
}

void TestLogSink::keepsScopesPerThread()
{
    test::InstalledLogSink installed;
    const LogScope mainScope(u"main-pair"_s);
    std::thread worker([] {
        const LogScope scope(u"worker-pair"_s, u"GLX-1"_s);
        qCInfo(lcEngine) << "from worker";
    });
    worker.join();
    qCInfo(lcEngine) << "from main";
    const QList<LogEntry> entries = installed.sink().entriesAfter(0);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).pair, u"worker-pair"_s);
    QCOMPARE(entries.at(0).issue, u"GLX-1"_s);
    QCOMPARE(entries.at(1).pair, u"main-pair"_s);
    QCOMPARE(entries.at(1).issue, QString());
}

void TestLogSink::concurrentWritersLoseNothing()
{
    constexpr int threads = 4;
    constexpr int perThread = 5000;
    test::InstalledLogSink installed(threads * perThread);
    test::LogFeeder feeder(threads, perThread);
    feeder.start();
    feeder.join();

    const QList<LogEntry> entries = installed.sink().entriesAfter(0);
    QCOMPARE(entries.size(), threads * perThread);
    std::vector<int> nextPerThread(threads, 0);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const LogEntry &entry = entries.at(i);
        QCOMPARE(entry.id, quint64(i + 1));
        // Each thread's entries arrive in the order it wrote them.
        const int thread = entry.pair.mid(5).toInt();
        const QString expectedPrefix = u"thread %1 entry %2 "_s.arg(thread).arg(nextPerThread[size_t(thread)]);
        QVERIFY2(entry.message.startsWith(expectedPrefix), qPrintable(entry.message));
        ++nextPerThread[size_t(thread)];
    }
    const QStringList lines = installed.fileText().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), threads * perThread);
}

void TestLogSink::notifiesOncePerBatch()
{
    LogSink sink(quietOptions(1000));
    QSignalSpy available(&sink, &LogSink::entriesAvailable);
    for (int i = 0; i < 100; ++i)
        sink.append(LogLevel::Info, u"ferry.core"_s, u"x"_s);
    QCOMPARE(available.count(), 1);
    QCOMPARE(sink.entriesAfter(0).size(), 100);
    sink.append(LogLevel::Info, u"ferry.core"_s, u"y"_s);
    sink.append(LogLevel::Info, u"ferry.core"_s, u"z"_s);
    QCOMPARE(available.count(), 2);
}

void TestLogSink::redactsSecretsInBufferAndFile_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("secret");
    QTest::newRow("authorization header")
        << u"request headers: Authorization: Bearer sandbox-pat-0123456789"_s << u"sandbox-pat-0123456789"_s;
    QTest::newRow("api token") << u"site added with api_token=ATATT3xFfGF0abcdefghijklmnop"_s
                               << u"ATATT3xFfGF0abcdefghijklmnop"_s;
    QTest::newRow("password") << u"{\"user\":\"admin\",\"password\":\"correct horse\"}"_s << u"correct horse"_s;
    QTest::newRow("pat") << u"pat=NjM0ODc1MzQ5ODc2OkZ3N2p"_s << u"NjM0ODc1MzQ5ODc2OkZ3N2p"_s;
    QTest::newRow("base64 user:token") << u"cached YWRtaW5AZXhhbXBsZS5jb206c2FuZGJveC10b2tlbg== for reuse"_s
                                       << u"YWRtaW5AZXhhbXBsZS5jb206c2FuZGJveC10b2tlbg"_s;
    QTest::newRow("registered secret") << u"unexpected echo of s3cr3t-from-keychain in a response"_s
                                       << u"s3cr3t-from-keychain"_s;
}

void TestLogSink::redactsSecretsInBufferAndFile()
{
    QFETCH(QString, message);
    QFETCH(QString, secret);
    test::InstalledLogSink installed;
    installed.sink().redactor().addSecret(u"s3cr3t-from-keychain"_s, u"admin"_s);
    qCWarning(lcJira).noquote() << message;
    const QList<LogEntry> entries = installed.sink().entriesAfter(0);
    QCOMPARE(entries.size(), 1);
    QVERIFY2(!entries.first().message.contains(secret), qPrintable(entries.first().message));
    QVERIFY(entries.first().message.contains(SecretRedactor::mask));
    const QString file = installed.fileText();
    QVERIFY(file.contains(SecretRedactor::mask));
    QVERIFY2(!file.contains(secret), qPrintable(file));
}

void TestLogSink::writesOwnerOnlyFile()
{
    test::InstalledLogSink installed;
    qCInfo(lcCore) << "hello file";
    QVERIFY(installed.fileText().contains(u"info ferry.core hello file"_s));
    const QFileInfo info(installed.filePath());
    QCOMPARE(info.permissions() & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther),
             QFile::Permissions());
    QVERIFY(info.permissions() & QFile::ReadOwner);
}

void TestLogSink::rotatesFileBySize()
{
    QTemporaryDir dir;
    LogSink::Options options = quietOptions(10, dir.filePath(u"ferry.log"_s));
    options.maxFileBytes = 2000;
    options.keptFiles = 2;
    LogSink sink(options);
    const QString line(150, u'x');
    for (int i = 0; i < 100; ++i) {
        sink.append(LogLevel::Info, u"ferry.core"_s, QString::number(i) + line);
        if (i % 5 == 4)
            sink.flushFile(); // several batches, so rotation happens between them
    }
    sink.flushFile();
    QVERIFY(QFileInfo::exists(options.filePath));
    QVERIFY(QFileInfo::exists(options.filePath + u".1"_s));
    QVERIFY(QFileInfo::exists(options.filePath + u".2"_s));
    QVERIFY(!QFileInfo::exists(options.filePath + u".3"_s));
    QVERIFY(QFileInfo(options.filePath).size() <= options.maxFileBytes);
    // The newest entry is in the current file.
    QVERIFY(test::readTextFile(options.filePath).contains(u"99"_s + line));
}

void TestLogSink::reportsUnwritableFileInBuffer()
{
    QTemporaryDir dir;
    // A regular file where the log folder should be: no one, not even root, can create it.
    QFile blocker(dir.filePath(u"not-a-folder"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    LogSink sink(quietOptions(10, dir.filePath(u"not-a-folder/logs/ferry.log"_s)));
    sink.append(LogLevel::Info, u"ferry.core"_s, u"first"_s);
    sink.flushFile();
    sink.append(LogLevel::Info, u"ferry.core"_s, u"second"_s);
    sink.flushFile();

    const QList<LogEntry> entries = sink.entriesAfter(0);
    QStringList problems;
    for (const LogEntry &entry : entries) {
        if (entry.level == LogLevel::Warning)
            problems << entry.message;
    }
    QCOMPARE(problems.size(), 1); // reported once, not per batch
    QVERIFY2(problems.first().contains(u"Cannot open the log file"_s), qPrintable(problems.first()));
    QCOMPARE(entries.first().message, u"first"_s);
    QCOMPARE(entries.last().message, u"second"_s);
}

void TestLogSink::formatsOneLinePerEntry()
{
    LogEntry entry;
    entry.timeMs = QDateTime(QDate(2026, 11, 28), QTime(14, 5, 0, 123), Qt::UTC).toMSecsSinceEpoch();
    entry.level = LogLevel::Warning;
    entry.category = u"ferry.jira"_s;
    entry.pair = u"acme-glx"_s;
    entry.issue = u"ACME-1"_s;
    entry.message = u"first\nsecond"_s;
    QCOMPARE(formatLogLine(entry),
             u"2026-11-28T14:05:00.123Z warning ferry.jira [pair=acme-glx issue=ACME-1] first\n    second"_s);
    entry.pair.clear();
    entry.message = u"only"_s;
    QCOMPARE(formatLogLine(entry), u"2026-11-28T14:05:00.123Z warning ferry.jira [issue=ACME-1] only"_s);
}

QTEST_GUILESS_MAIN(TestLogSink)
#include "tst_logsink.moc"
