#include "core/version.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

Run runProgram(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForFinished(30'000)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class TestExecutables : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void printsVersions_data();
    void printsVersions();
    void consoleExplainsMissingDisplay();
    void cliWritesPrivateLogFileInDataFolder();

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_environment;
};

void TestExecutables::initTestCase()
{
    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
    m_environment.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
}

void TestExecutables::printsVersions_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("name");
    QTest::newRow("console") << QStringLiteral(FERRY_CONSOLE) << u"ferry"_s;
    QTest::newRow("cli") << QStringLiteral(FERRY_CLI) << u"ferry-cli"_s;
    QTest::newRow("sandbox") << QStringLiteral(FERRY_SANDBOX) << u"ferry-sandbox"_s;
}

void TestExecutables::printsVersions()
{
    QFETCH(QString, program);
    QFETCH(QString, name);
    QProcessEnvironment environment = m_environment;
    environment.remove(u"DISPLAY"_s); // --version must not need a display
    environment.remove(u"QT_QPA_PLATFORM"_s);
    const Run run = runProgram(program, {u"--version"_s}, environment);
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out.trimmed(), versionLine(name));
    QVERIFY(run.out.contains(u"Qt "_s + QString::fromLatin1(qVersion())));
}

void TestExecutables::consoleExplainsMissingDisplay()
{
    QProcessEnvironment environment = m_environment;
    for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        environment.remove(name);
    const Run run = runProgram(QStringLiteral(FERRY_CONSOLE), {}, environment);
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(u"no display"_s), qPrintable(run.err));
    QVERIFY(run.err.contains(u"ferry-cli"_s));
}

void TestExecutables::cliWritesPrivateLogFileInDataFolder()
{
    const Run run = runProgram(QStringLiteral(FERRY_CLI), {u"--verbose"_s, u"paths"_s}, m_environment);
    QCOMPARE(run.code, 0);
    const QString logFile = m_home.filePath(u"data/ferry/ferry/logs/ferry-cli.log"_s);
    QVERIFY2(run.out.contains(logFile), qPrintable(run.out));
    const QString log = test::readTextFile(logFile);
    QVERIFY2(log.contains(u"info ferry.cli ran: paths"_s), qPrintable(log));
    const QFileInfo info(logFile);
    QCOMPARE(info.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    const Run unknown = runProgram(QStringLiteral(FERRY_CLI), {u"nonsense"_s}, m_environment);
    QCOMPARE(unknown.code, 2);
    QVERIFY(unknown.err.contains(u"unknown command 'nonsense'"_s));
}

QTEST_GUILESS_MAIN(TestExecutables)
#include "tst_executables.moc"
