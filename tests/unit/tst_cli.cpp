#include "cli/cli.h"
#include "core/version.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
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
    void printsHelpOfEverySubcommand_data();
    void printsHelpOfEverySubcommand();
    void rejectsUnknownCommandWithUsage();
    void rejectsMissingCommand();
    void rejectsUnknownOption();
    void printsPaths();
    void convertsRichText();
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

void TestCli::printsHelpOfEverySubcommand_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("usage");
    const QList<std::pair<QStringList, QString>> rows{
        {{u"site"_s, u"add"_s}, u"ferry-cli site add"_s},
        {{u"site"_s, u"check"_s, u"acme"_s}, u"ferry-cli site check"_s},
        {{u"pair"_s, u"create"_s}, u"ferry-cli pair create"_s},
        {{u"handshake"_s, u"export"_s}, u"ferry-cli handshake export"_s},
        {{u"handshake"_s, u"import"_s}, u"ferry-cli handshake import"_s},
        {{u"bundle"_s, u"export"_s}, u"ferry-cli bundle export"_s},
        {{u"bundle"_s, u"folders"_s}, u"ferry-cli bundle folders"_s},
        {{u"license"_s, u"trust"_s}, u"ferry-cli license trust"_s},
        {{u"mail"_s, u"set"_s}, u"ferry-cli mail set"_s},
        {{u"sync"_s}, u"ferry-cli sync"_s},
        {{u"paths"_s}, u"ferry-cli paths"_s},
    };
    for (const auto &[arguments, usage] : rows)
        for (const QString &flag : {u"--help"_s, u"-h"_s})
            QTest::newRow(qPrintable(arguments.join(u' ') + u' ' + flag)) << (arguments + QStringList{flag}) << usage;
}

void TestCli::printsHelpOfEverySubcommand()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, usage);
    const CliResult result = runCli(arguments);
    QCOMPARE(result.code, 0);
    QVERIFY2(result.out.contains(usage), qPrintable(result.out + result.err));
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
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

void TestCli::convertsRichText()
{
    QTemporaryDir dir;
    const auto write = [&](const QString &name, const QByteArray &content) {
        QFile file(dir.filePath(name));
        file.open(QIODevice::WriteOnly);
        file.write(content);
        return file.fileName();
    };
    const QString wiki = write(u"in.wiki"_s, "h1. Title\n* item with *bold*\n{code:sh}\nls | wc -l\n{code}\n");
    CliResult result = runCli({u"convert"_s, u"--from"_s, u"wiki"_s, u"--to"_s, u"adf"_s, wiki});
    QCOMPARE(result.code, 0);
    const QJsonObject adf = QJsonDocument::fromJson(result.out.toUtf8()).object();
    QCOMPARE(adf.value(u"type"_s).toString(), u"doc"_s);
    QCOMPARE(adf.value(u"content"_s).toArray().size(), 3);

    const QString adfFile = write(u"in.json"_s, result.out.toUtf8());
    result = runCli({u"convert"_s, u"--from"_s, u"adf"_s, u"--to"_s, u"wiki"_s, adfFile});
    QCOMPARE(result.code, 0);
    QCOMPARE(result.out, u"h1. Title\n\n* item with *bold*\n\n{code:sh}\nls | wc -l\n{code}\n"_s);

    result = runCli({u"convert"_s, u"--from"_s, u"adf"_s, u"--to"_s, u"wiki"_s, write(u"bad.json"_s, "{\"type\": ")});
    QCOMPARE(result.code, int(cli::Failure));
    QVERIFY(result.err.contains(u"not valid JSON"_s));
    result = runCli(
        {u"convert"_s, u"--from"_s, u"adf"_s, u"--to"_s, u"wiki"_s, write(u"p.json"_s, "{\"type\": \"paragraph\"}")});
    QCOMPARE(result.code, int(cli::Failure));
    QVERIFY(result.err.contains(u"not an Atlassian Document"_s));
    QCOMPARE(runCli({u"convert"_s, u"--from"_s, u"html"_s, u"--to"_s, u"adf"_s}).code, int(cli::UsageError));
    QCOMPARE(runCli({u"convert"_s, u"--from"_s, u"wiki"_s, u"--to"_s, u"adf"_s, dir.filePath(u"missing"_s)}).code,
             int(cli::Failure));
    result = runCli({u"convert"_s, u"--from"_s, u"wiki"_s, u"--to"_s, u"adf"_s, write(u"cite.wiki"_s, "??Somebody??")});
    QVERIFY(result.err.contains(u"note: citation"_s));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
