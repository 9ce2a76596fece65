#include "cli/cli.h"
#include "core/version.h"
#include "testsupport.h"

#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;

namespace {

struct CliResult {
    int code = -1;
    QString out;
    QString err;
};

CliResult runCli(const QStringList &arguments)
{
    CliResult result;
    QTextStream out(&result.out);
    QTextStream err(&result.err);
    cli::Context context{out, err, nullptr, [](const QString &) { return QString(); }};
    result.code = cli::run(arguments, context);
    out.flush();
    err.flush();
    return result;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void printsVersion();
    void printsHelpWithCommands();
    void rejectsUnknownCommandWithUsage();
    void rejectsMissingCommand();
    void rejectsUnknownOption();
    void printsPaths();
};

void TestCli::initTestCase()
{
    test::isolateUserFolders();
    setApplicationIdentity();
}

void TestCli::printsVersion()
{
    const CliResult result = runCli({u"--version"_s});
    QCOMPARE(result.code, 0);
    QCOMPARE(result.out.trimmed(), versionLine(u"ferry-cli"_s));
    QVERIFY(result.out.contains(QString::fromLatin1(qVersion())));
}

void TestCli::printsHelpWithCommands()
{
    const CliResult result = runCli({u"--help"_s});
    QCOMPARE(result.code, 0);
    QVERIFY(result.out.contains(u"Usage: ferry-cli"_s));
    QVERIFY(result.out.contains(u"paths"_s));
}

void TestCli::rejectsUnknownCommandWithUsage()
{
    const CliResult result = runCli({u"frobnicate"_s});
    QCOMPARE(result.code, int(cli::UsageError));
    QVERIFY(result.err.contains(u"unknown command 'frobnicate'"_s));
    QVERIFY(result.err.contains(u"Usage: ferry-cli"_s));
    QVERIFY(result.out.isEmpty());
}

void TestCli::rejectsMissingCommand()
{
    const CliResult result = runCli({});
    QCOMPARE(result.code, int(cli::UsageError));
    QVERIFY(result.err.contains(u"Commands:"_s));
}

void TestCli::rejectsUnknownOption()
{
    const CliResult result = runCli({u"--frob"_s, u"paths"_s});
    QCOMPARE(result.code, int(cli::UsageError));
    QVERIFY(result.err.contains(u"frob"_s));
}

void TestCli::printsPaths()
{
    const CliResult result = runCli({u"paths"_s});
    QCOMPARE(result.code, 0);
    QVERIFY(result.out.contains(u"settings: "_s));
    QVERIFY(result.out.contains(u"ferry-cli.log"_s));
    QCOMPARE(runCli({u"paths"_s, u"extra"_s}).code, int(cli::UsageError));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
