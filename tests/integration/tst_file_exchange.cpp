// Two consoles that cannot reach each other's sites, joined by bundles carried by hand: two
// state folders, two ferry-cli processes each time, two sandboxes over loopback HTTP. Console A
// reaches only the Cloud sandbox (ACME), console B only the Data Center one (GLX).
#include "clirunner.h"
#include "core/op.h"
#include "enginerig.h"
#include "sandboxfixture.h"
#include "store/statestore.h"
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <unistd.h>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

class TestFileExchange : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void handshakeThenChangesBothWays();
    void refusesAWrongCodeAndAStrangersAnswer();
    void bothConsolesSeeAConflictAndOneSettlesIt();
    void exchangesThroughFoldersWhileRunning();
    void publishesAConfigurationTheOtherAcceptsOrDeclines();
    void bothConsolesSettleAConflictAlike_data();
    void bothConsolesSettleAConflictAlike();
    void toleratesDuplicatesDisorderAndLoss();
    void rejectsWhatIsDamagedForeignOrUnsigned();
    void survivesAStopInAnExportOrAnImport();
    // Security (docs/security.md, label security).
    void believesNoPartnerLinkOutsideThePair();
    void followsNoSymbolicLinkInAnExchangeFolder();
    void acceptsNoConfigurationThatMovesThePair();

private:
    /// ferry-cli on one console; a failure shows its output.
    CliRun on(const QString &console, const QStringList &arguments,
              const QProcessEnvironment &extra = QProcessEnvironment());
    /// The handshake between the two consoles; the pair "P" connected on both. Console B keeps
    /// its keys in the keychain (the test session's Secret Service) when asked, else in a file.
    void connectConsoles(bool keysOfBInKeychain = false);
    /// Publishes the configuration in force with this conflict policy from A, and carries it to B.
    void publishPolicy(const QString &policy);
    /// The same, and B accepts it.
    void agreeOnPolicy(const QString &policy);
    /// Console from's changes since its last bundle, exported and imported by console to; the files.
    QStringList carry(const QString &from, const QString &to);
    QStringList exportFrom(const QString &console);
    /// The Cloud sandbox as site "acme" of a console.
    void addCloudSite(const QString &console);
    /// A console (with site acme) starts pair on ACME, its keys in keyFile (below keys/), and
    /// writes the handshake to out.
    CliRun exportHandshake(const QString &console, const QString &pair, const QString &keyFile, const QString &out);
    /// Console B (site galaxy) answers a handshake on GLX, its keys where keyRef points.
    CliRun answerHandshake(const QString &handshake, const QString &code, const QString &keyRef, const QString &answer);
    /// A new issue on side A, carried to side B and its receipt back: its key on each side.
    std::pair<QString, QString> newLinkedIssue(const QString &summary);
    QString folder(const QString &name);
    /// Exchange folders for pair P on both consoles (each one's outgoing the other's incoming):
    /// the folder to B and the folder to A; empty when a console refused them.
    std::pair<QString, QString> shareFolders();
    /// Runs SQL on a console's state database, as someone who edits it by hand would.
    bool tamper(const QString &console, const QString &sql, const QVariantList &values);

    QTemporaryDir m_dir;
    CliRunner m_runner{QStringLiteral(FERRY_CLI), QString()};
    EngineRig::Side m_a;
    EngineRig::Side m_b;
    int m_exports = 0;
};

void TestFileExchange::initTestCase()
{
    isolateUserFolders();
    m_runner.useTestHome(m_dir.path());
}

QString TestFileExchange::folder(const QString &name)
{
    // Each test, and each row of a data-driven one, has folders (and consoles) of its own.
    QString test = QString::fromLatin1(QTest::currentTestFunction());
    if (QTest::currentDataTag())
        test += u'-' + QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');
    const QString path = m_dir.filePath(test + u'/' + name);
    QDir().mkpath(path);
    return path;
}

void TestFileExchange::init()
{
    // Behind firewalls each console's license covers its own site, checked offline, and no license
    // service is ever needed: every address of one is unreachable here.
    QVERIFY(startConsolesBehindFirewalls(
        m_a, m_b, [this](const QString &console, const QStringList &arguments) { return on(console, arguments).code; },
        [this](const QString &console) { return folder(u"state-"_s + console); }));
}

void TestFileExchange::cleanup()
{
    m_a.sb.reset();
    m_b.sb.reset();
}

CliRun TestFileExchange::on(const QString &console, const QStringList &arguments, const QProcessEnvironment &extra)
{
    m_runner.setStateDirectory(folder(u"state-"_s + console));
    const CliRun run = m_runner.run(arguments, {}, extra);
    if (run.code != 0)
        qWarning().noquote() << "console" << console << arguments.join(u' ') << "->" << run.code << run.out << run.err;
    return run;
}

void TestFileExchange::connectConsoles(bool keysOfBInKeychain)
{
    const QString handshake = folder(u"carried"_s) + u"/handshake.ferry"_s;
    const QString answer = folder(u"carried"_s) + u"/answer.ferry"_s;
    CliRun run = exportHandshake(u"a"_s, u"P"_s, u"/a.key"_s, handshake);
    QCOMPARE(run.code, 0);
    const QString code = QRegularExpression(u"Code: (\\S+)"_s).match(run.out).captured(1);
    QCOMPARE(code.size(), 24);
    run = answerHandshake(handshake, code,
                          keysOfBInKeychain ? u"keychain"_s : u"file:"_s + folder(u"keys"_s) + u"/b.key"_s, answer);
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"Pair P created: acme:ACME <-> galaxy:GLX"_s), qPrintable(run.out));
    run = on(u"a"_s, {u"handshake"_s, u"import"_s, answer});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"Pair P is connected"_s), qPrintable(run.out));
}

QStringList TestFileExchange::exportFrom(const QString &console)
{
    const QString out = folder(u"out-%1-%2"_s.arg(console).arg(++m_exports));
    const CliRun run = on(console, {u"bundle"_s, u"export"_s, u"P"_s, u"--out"_s, out});
    if (run.code != 0)
        return {};
    QStringList files;
    for (const QString &name : QDir(out).entryList({u"*.ferry"_s}, QDir::Files, QDir::Name))
        files << QDir(out).filePath(name);
    return files;
}

QStringList TestFileExchange::carry(const QString &from, const QString &to)
{
    const QStringList files = exportFrom(from);
    if (files.isEmpty())
        return files;
    const CliRun run = on(to, QStringList{u"bundle"_s, u"import"_s} + files);
    return run.code == 0 ? files : QStringList();
}

void TestFileExchange::addCloudSite(const QString &console)
{
    QCOMPARE(on(console, siteAddArguments(u"acme"_s, *m_a.sb)).code, 0);
}

CliRun TestFileExchange::exportHandshake(const QString &console, const QString &pair, const QString &keyFile,
                                         const QString &out)
{
    return on(console,
              {u"handshake"_s, u"export"_s, pair, u"--site"_s, u"acme"_s, u"--project"_s, u"ACME"_s, u"--key"_s,
               u"file:"_s + folder(u"keys"_s) + keyFile, u"--out"_s, out});
}

CliRun TestFileExchange::answerHandshake(const QString &handshake, const QString &code, const QString &keyRef,
                                         const QString &answer)
{
    return on(u"b"_s,
              {u"handshake"_s, u"import"_s, handshake, u"--code"_s, code, u"--site"_s, u"galaxy"_s, u"--project"_s,
               u"GLX"_s, u"--key"_s, keyRef, u"--answer"_s, answer});
}

std::pair<QString, QString> TestFileExchange::newLinkedIssue(const QString &summary)
{
    const QString aKey = m_a.sb->createIssue(u"ACME"_s, {{u"summary"_s, summary}});
    on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s});
    carry(u"a"_s, u"b"_s);
    on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s});
    carry(u"b"_s, u"a"_s);
    return {aKey, m_b.keyOf(summary)};
}

void TestFileExchange::handshakeThenChangesBothWays()
{
    connectConsoles();
    const QString aKey = m_a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Boiler pressure drops"_s}});
    m_a.sb->attach(aKey, u"gauge.txt"_s, "1.2 bar at 06:00");
    QCOMPARE(m_a.sb
                 ->post(m_a.sb->api() + u"/issue/%1/comment"_s.arg(aKey),
                        QJsonObject{{u"body"_s, m_a.sb->richText(u"Seen twice this week"_s)}})
                 .status,
             201);

    // A finds the changes; a bundle carries them to B, whose round applies them.
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(carry(u"a"_s, u"b"_s).size(), 1);
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    const QString bKey = m_b.keyOf(u"Boiler pressure drops"_s);
    QVERIFY(!bKey.isEmpty());
    const QJsonObject onB = m_b.fields(bKey);
    QCOMPARE(onB[u"attachment"_s].toArray().size(), 1);
    QCOMPARE(m_b.sb->download(onB[u"attachment"_s][0][u"content"_s].toString()), "1.2 bar at 06:00");
    QCOMPARE(onB[u"comment"_s][u"comments"_s].toArray().size(), 1);

    // B's receipts go back: A learns its issue's partner.
    QCOMPARE(carry(u"b"_s, u"a"_s).size(), 1);
    CliRun run = on(u"a"_s, {u"issue"_s, u"P"_s, aKey});
    QVERIFY2(run.out.contains(bKey), qPrintable(run.out));

    // The mode's requirements hold on both consoles, with no license service in reach.
    for (const QString &console : {u"a"_s, u"b"_s}) {
        run = on(console, {u"pair"_s, u"check"_s, u"P"_s});
        QCOMPARE(run.code, 0);
        QVERIFY2(run.out.startsWith(u"Pair P: behind firewalls, by files"_s), qPrintable(run.out));
        QVERIFY2(run.out.contains(u"PASS  license: "_s), qPrintable(run.out));
        QVERIFY2(run.out.contains(u"exported and imported by hand"_s), qPrintable(run.out));
        QVERIFY2(!run.out.contains(u"license service"_s), qPrintable(run.out));
    }

    // An edit on B travels to A; nothing comes back again.
    QCOMPARE(m_b.edit(bKey, {{u"summary"_s, u"Boiler pressure drops at night"_s}}), 204);
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(carry(u"b"_s, u"a"_s).size(), 1);
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(m_a.fields(aKey)[u"summary"_s].toString(), u"Boiler pressure drops at night"_s);

    // And one on A to B, while B's bundle with the receipt is on its way.
    QCOMPARE(m_a.edit(aKey, {{u"summary"_s, u"Boiler pressure drops at night, twice"_s}}), 204);
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(carry(u"a"_s, u"b"_s).size(), 1);
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(m_b.fields(bKey)[u"summary"_s].toString(), u"Boiler pressure drops at night, twice"_s);

    // Converged: the receipts settle, and the next bundles carry no changes.
    QVERIFY(!carry(u"b"_s, u"a"_s).isEmpty());
    QVERIFY(!carry(u"a"_s, u"b"_s).isEmpty());
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    run = on(u"a"_s, {u"bundle"_s, u"export"_s, u"P"_s, u"--out"_s, folder(u"last"_s)});
    QVERIFY2(run.out.contains(u"1 bundle: 0 changes"_s), qPrintable(run.out));
    run = on(u"b"_s, {u"bundle"_s, u"export"_s, u"P"_s, u"--out"_s, folder(u"last"_s)});
    QVERIFY2(run.out.contains(u"1 bundle: 0 changes"_s), qPrintable(run.out));
    QCOMPARE(m_a.issues().size(), 1);
    QCOMPARE(m_b.issues().size(), 1);
}

void TestFileExchange::refusesAWrongCodeAndAStrangersAnswer()
{
    const QString handshake = folder(u"carried"_s) + u"/handshake.ferry"_s;
    CliRun run = exportHandshake(u"a"_s, u"P"_s, u"/a.key"_s, handshake);
    QCOMPARE(run.code, 0);
    run = answerHandshake(handshake, u"AAAA-BBBB-CCCC-DDDD-EEEE"_s, u"file:"_s + folder(u"keys"_s) + u"/b.key"_s,
                          folder(u"carried"_s) + u"/x"_s);
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"wrong handshake code"_s), qPrintable(run.err));
    QVERIFY(!QFile::exists(folder(u"keys"_s) + u"/b.key"_s)); // nothing was made
    run = on(u"b"_s, {u"pair"_s, u"list"_s});
    QVERIFY2(run.out.startsWith(u"No pairs yet."_s), qPrintable(run.out));

    // An answer to another console's handshake (a third console, C, on the same site as A).
    addCloudSite(u"c"_s);
    const QString other = folder(u"carried"_s) + u"/other.ferry"_s;
    run = exportHandshake(u"c"_s, u"P"_s, u"/c.key"_s, other);
    QCOMPARE(run.code, 0);
    const QString code = QRegularExpression(u"Code: (\\S+)"_s).match(run.out).captured(1);
    const QString answer = folder(u"carried"_s) + u"/answer.ferry"_s;
    QCOMPARE(answerHandshake(other, code, u"file:"_s + folder(u"keys"_s) + u"/b.key"_s, answer).code, 0);
    run = on(u"a"_s, {u"handshake"_s, u"import"_s, answer});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"answers a handshake this console did not write"_s), qPrintable(run.err));
}

void TestFileExchange::bothConsolesSeeAConflictAndOneSettlesIt()
{
    connectConsoles();
    const auto [aKey, bKey] = newLinkedIssue(u"Lift stuck"_s);
    QVERIFY(!bKey.isEmpty());

    // The same field changed on both sides before either heard of the other's change.
    QCOMPARE(m_a.edit(aKey, {{u"summary"_s, u"Lift stuck on floor 3"_s}}), 204);
    QCOMPARE(m_b.edit(bKey, {{u"summary"_s, u"Lift stuck, doors open"_s}}), 204);
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QVERIFY(!carry(u"a"_s, u"b"_s).isEmpty());
    QVERIFY(!carry(u"b"_s, u"a"_s).isEmpty());
    on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s});
    on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s});
    // Manual policy: neither side overwritten, both consoles show the conflict.
    QCOMPARE(m_a.fields(aKey)[u"summary"_s].toString(), u"Lift stuck on floor 3"_s);
    QCOMPARE(m_b.fields(bKey)[u"summary"_s].toString(), u"Lift stuck, doors open"_s);
    CliRun onA = on(u"a"_s, {u"conflicts"_s, u"P"_s, u"--json"_s});
    const CliRun onB = on(u"b"_s, {u"conflicts"_s, u"P"_s, u"--json"_s});
    const QJsonArray conflictsA = QJsonDocument::fromJson(onA.out.toUtf8()).array();
    QCOMPARE(conflictsA.size(), 1);
    QCOMPARE(QJsonDocument::fromJson(onB.out.toUtf8()).array().size(), 1);

    // Settled on A with B's value: A's round writes it, and B's conflict settles when A's word arrives.
    const QString id = QString::number(conflictsA.first()[u"id"_s].toInteger());
    QCOMPARE(on(u"a"_s, {u"conflicts"_s, u"resolve"_s, u"P"_s, id, u"--take"_s, u"b"_s}).code, 0);
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(m_a.fields(aKey)[u"summary"_s].toString(), u"Lift stuck, doors open"_s);
    QVERIFY(!carry(u"a"_s, u"b"_s).isEmpty());
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(m_b.fields(bKey)[u"summary"_s].toString(), u"Lift stuck, doors open"_s);
    QCOMPARE(QJsonDocument::fromJson(on(u"a"_s, {u"conflicts"_s, u"P"_s, u"--json"_s}).out.toUtf8()).array().size(), 0);
    QCOMPARE(QJsonDocument::fromJson(on(u"b"_s, {u"conflicts"_s, u"P"_s, u"--json"_s}).out.toUtf8()).array().size(), 0);
    // Nothing more travels either way.
    QVERIFY(!carry(u"b"_s, u"a"_s).isEmpty());
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QVERIFY2(on(u"a"_s, {u"bundle"_s, u"export"_s, u"P"_s, u"--out"_s, folder(u"last"_s)})
                 .out.contains(u"1 bundle: 0 changes"_s),
             "A has more to send");
}

void TestFileExchange::exchangesThroughFoldersWhileRunning()
{
    connectConsoles();
    const auto [toB, toA] = shareFolders();
    QVERIFY(!toB.isEmpty());
    QFile junk(toB + u"/junk.ferry"_s);
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("dropped here by someone");
    junk.close();

    const QString aKey = m_a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Roof leaks"_s}});
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(QDir(toB).entryList({u"*.ferry"_s}, QDir::Files).size(), 2); // the bundle, and the junk
    // B's run reads the folder, applies at once, and answers with its receipts.
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--rounds"_s, u"2"_s}).code, 0);
    const QString bKey = m_b.keyOf(u"Roof leaks"_s);
    QVERIFY(!bKey.isEmpty());
    QCOMPARE(QDir(toB + u"/processed"_s).entryList({u"*.ferry"_s}, QDir::Files).size(), 1);
    QCOMPARE(QDir(toB + u"/rejected"_s).entryList(QDir::Files), QStringList{u"junk.ferry"_s});
    // Why it was rejected is kept in B's state folder, out of the carrier's reach.
    QDirIterator reasons(folder(u"state-b"_s), {u"junk.ferry.reason.txt"_s}, QDir::Files, QDirIterator::Subdirectories);
    QVERIFY(reasons.hasNext());
    QFile reason(reasons.next());
    QVERIFY(reason.open(QIODevice::ReadOnly));
    QVERIFY(reason.readAll().contains("not a Ferry bundle"));
    QCOMPARE(QDir(toA).entryList({u"*.ferry"_s}, QDir::Files).size(), 1);
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QVERIFY(on(u"a"_s, {u"issue"_s, u"P"_s, aKey}).out.contains(bKey));
    CliRun status = on(u"a"_s, {u"status"_s, u"P"_s});
    QVERIFY2(status.out.contains(u"this console is side A (primary)"_s), qPrintable(status.out));
    QVERIFY2(status.out.contains(u"changes up to 1, of which B has up to 1"_s), qPrintable(status.out));
    QVERIFY2(status.out.contains(u"out to %1"_s.arg(QDir::toNativeSeparators(QFileInfo(toB).absoluteFilePath()))),
             qPrintable(status.out));
    QVERIFY2(status.out.startsWith(u"pair P: in step"_s), qPrintable(status.out));
    // Quiet now: A's confirmation goes once, B has nothing to answer to it.
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    const int written = int(QDir(toA).entryList({u"*.ferry"_s}, QDir::Files).size()
                            + QDir(toB).entryList({u"*.ferry"_s}, QDir::Files).size());
    QCOMPARE(written, 0);
}

void TestFileExchange::publishesAConfigurationTheOtherAcceptsOrDeclines()
{
    connectConsoles();
    const auto [aKey, bKey] = newLinkedIssue(u"Door squeaks"_s);
    QVERIFY(!bKey.isEmpty());

    // The primary publishes "side A wins"; it is not in force until B accepts.
    QJsonObject config = QJsonDocument::fromJson(on(u"a"_s, {u"pair"_s, u"export"_s, u"P"_s}).out.toUtf8()).object();
    QVERIFY(!config.isEmpty());
    config[u"conflictPolicy"_s] = u"a-wins"_s;
    QFile file(folder(u"config"_s) + u"/p.json"_s);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(config).toJson());
    file.close();
    QCOMPARE(on(u"b"_s, {u"pair"_s, u"publish"_s, u"P"_s, u"--file"_s, file.fileName()}).code, 1); // not the primary
    QCOMPARE(on(u"a"_s, {u"pair"_s, u"publish"_s, u"P"_s, u"--file"_s, file.fileName()}).code, 0);
    QVERIFY(on(u"a"_s, {u"status"_s, u"P"_s}).out.contains(u"version 2 published"_s));
    QVERIFY(on(u"a"_s, {u"pair"_s, u"show"_s, u"P"_s, u"--json"_s}).out.contains(u"\"manual\""_s));
    QVERIFY(!carry(u"a"_s, u"b"_s).isEmpty());
    QVERIFY(on(u"b"_s, {u"status"_s, u"P"_s}).out.contains(u"version 2 offered by the primary"_s));
    QCOMPARE(on(u"b"_s, {u"pair"_s, u"accept"_s, u"P"_s}).code, 0);
    QVERIFY(!carry(u"b"_s, u"a"_s).isEmpty());
    QVERIFY(on(u"a"_s, {u"pair"_s, u"show"_s, u"P"_s, u"--json"_s}).out.contains(u"\"a-wins\""_s));
    QVERIFY(on(u"b"_s, {u"pair"_s, u"show"_s, u"P"_s, u"--json"_s}).out.contains(u"\"a-wins\""_s));

    // Now a conflict goes A's way on both consoles.
    QCOMPARE(m_a.edit(aKey, {{u"summary"_s, u"Door squeaks loudly"_s}}), 204);
    QCOMPARE(m_b.edit(bKey, {{u"summary"_s, u"Door squeaks at night"_s}}), 204);
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QVERIFY(!carry(u"a"_s, u"b"_s).isEmpty());
    QVERIFY(!carry(u"b"_s, u"a"_s).isEmpty());
    for (int i = 0; i < 2; ++i) {
        on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s});
        on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s});
        QVERIFY(!carry(u"a"_s, u"b"_s).isEmpty());
        QVERIFY(!carry(u"b"_s, u"a"_s).isEmpty());
    }
    QCOMPARE(m_a.fields(aKey)[u"summary"_s].toString(), u"Door squeaks loudly"_s);
    QCOMPARE(m_b.fields(bKey)[u"summary"_s].toString(), u"Door squeaks loudly"_s);
    QCOMPARE(QJsonDocument::fromJson(on(u"b"_s, {u"conflicts"_s, u"P"_s, u"--json"_s}).out.toUtf8()).array().size(), 0);

    // A version declined stays out of force on both.
    publishPolicy(u"b-wins"_s);
    QCOMPARE(on(u"b"_s, {u"pair"_s, u"decline"_s, u"P"_s}).code, 0);
    QVERIFY(!carry(u"b"_s, u"a"_s).isEmpty());
    QVERIFY(on(u"a"_s, {u"status"_s, u"P"_s}).out.contains(u"version 3 declined"_s));
    QVERIFY(on(u"a"_s, {u"pair"_s, u"show"_s, u"P"_s, u"--json"_s}).out.contains(u"\"a-wins\""_s));
    QVERIFY(on(u"b"_s, {u"pair"_s, u"show"_s, u"P"_s, u"--json"_s}).out.contains(u"\"a-wins\""_s));
}

void TestFileExchange::publishPolicy(const QString &policy)
{
    QJsonObject config = QJsonDocument::fromJson(on(u"a"_s, {u"pair"_s, u"export"_s, u"P"_s}).out.toUtf8()).object();
    config[u"conflictPolicy"_s] = policy;
    QFile file(folder(u"config"_s) + u"/policy.json"_s);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(config).toJson());
    file.close();
    QCOMPARE(on(u"a"_s, {u"pair"_s, u"publish"_s, u"P"_s, u"--file"_s, file.fileName()}).code, 0);
    QVERIFY(!carry(u"a"_s, u"b"_s).isEmpty());
}

void TestFileExchange::agreeOnPolicy(const QString &policy)
{
    publishPolicy(policy);
    QCOMPARE(on(u"b"_s, {u"pair"_s, u"accept"_s, u"P"_s}).code, 0);
    QVERIFY(!carry(u"b"_s, u"a"_s).isEmpty());
}

void TestFileExchange::bothConsolesSettleAConflictAlike_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("outcome");
    QTest::newRow("side A wins") << u"a-wins"_s << u"Gate jams at noon"_s;
    QTest::newRow("side B wins") << u"b-wins"_s << u"Gate jams when wet"_s;
    QTest::newRow("newest wins") << u"newest"_s << u"Gate jams when wet"_s; // B's change comes later
}

void TestFileExchange::bothConsolesSettleAConflictAlike()
{
    QFETCH(QString, policy);
    QFETCH(QString, outcome);
    connectConsoles(true);
    agreeOnPolicy(policy);
    const auto [aKey, bKey] = newLinkedIssue(u"Gate jams"_s);
    QVERIFY(!bKey.isEmpty());
    QCOMPARE(m_a.edit(aKey, {{u"summary"_s, u"Gate jams at noon"_s}}), 204);
    QTest::qWait(50);
    QCOMPARE(m_b.edit(bKey, {{u"summary"_s, u"Gate jams when wet"_s}}), 204);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
        QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
        QVERIFY(!carry(u"a"_s, u"b"_s).isEmpty());
        QVERIFY(!carry(u"b"_s, u"a"_s).isEmpty());
    }
    QCOMPARE(m_a.fields(aKey)[u"summary"_s].toString(), outcome);
    QCOMPARE(m_b.fields(bKey)[u"summary"_s].toString(), outcome);
    for (const QString &console : {u"a"_s, u"b"_s}) {
        const CliRun conflicts = on(console, {u"conflicts"_s, u"P"_s, u"--json"_s});
        QCOMPARE(QJsonDocument::fromJson(conflicts.out.toUtf8()).array().size(), 0);
        const CliRun status = on(console, {u"status"_s, u"P"_s});
        QVERIFY2(status.out.startsWith(u"pair P: in step"_s), qPrintable(status.out));
    }
}

void TestFileExchange::toleratesDuplicatesDisorderAndLoss()
{
    connectConsoles();
    // Three exports from A, each with one new issue; each bundle carries what was not confirmed.
    QStringList bundles;
    for (const QString &summary : {u"First"_s, u"Second"_s, u"Third"_s}) {
        m_a.sb->createIssue(u"ACME"_s, {{u"summary"_s, summary}});
        QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
        const QStringList files = exportFrom(u"a"_s);
        QCOMPARE(files.size(), 1);
        bundles << files;
    }
    // 3 first: it carries everything since nothing was confirmed; 1 and 2 are then old.
    CliRun run = on(u"b"_s, {u"bundle"_s, u"import"_s, bundles[2], bundles[0], bundles[1], bundles[2]});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"imported bundle 3 of pair P: 3 new changes"_s), qPrintable(run.out));
    QCOMPARE(run.out.count(u"ignored: bundle"_s), 3);
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(m_b.issues().size(), 3);

    // B confirms; A's next bundles start after what B has. Attachments make a large export,
    // split into bundles of at most 1 MB; delivered last first, the first waits for the rest.
    QVERIFY(!carry(u"b"_s, u"a"_s).isEmpty());
    for (int i = 0; i < 5; ++i) {
        const QString key = m_a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Scan %1"_s.arg(i)}});
        QByteArray scan(400'000, Qt::Uninitialized);
        for (qsizetype at = 0; at < scan.size(); ++at)
            scan[at] = char((at * 7919 + i * 104729) % 251 ^ (at >> 8));
        m_a.sb->attach(key, u"scan-%1.bin"_s.arg(i), scan);
    }
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    const QString out = folder(u"split"_s);
    run = on(u"a"_s, {u"bundle"_s, u"export"_s, u"P"_s, u"--out"_s, out, u"--max-mb"_s, u"1"_s});
    QCOMPARE(run.code, 0);
    QStringList split;
    for (const QString &name : QDir(out).entryList({u"*.ferry"_s}, QDir::Files, QDir::Name)) {
        split << QDir(out).filePath(name);
        QVERIFY(QFileInfo(split.last()).size() < 1'100'000);
    }
    QVERIFY2(split.size() >= 2, qPrintable(run.out));
    run = on(u"b"_s, QStringList{u"bundle"_s, u"import"_s} + QStringList(split.rbegin(), split.rend()));
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out.count(u"waits:"_s), split.size() - 1);
    QCOMPARE(run.out.count(u"which waited for it"_s), split.size() - 1);
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(m_b.issues().size(), 8);
    for (const QJsonObject &fields : m_b.issues()) {
        if (fields[u"summary"_s].toString().startsWith(u"Scan"_s))
            QCOMPARE(fields[u"attachment"_s][0][u"size"_s].toInt(), 400'000);
    }

    // A lost bundle: the next one carries its changes again.
    QCOMPARE(m_a.edit(m_a.keyOf(u"First"_s), {{u"summary"_s, u"First, renamed"_s}}), 204);
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(exportFrom(u"a"_s).size(), 1); // lost on the way
    QCOMPARE(carry(u"a"_s, u"b"_s).size(), 1);
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QVERIFY(!m_b.keyOf(u"First, renamed"_s).isEmpty());
}

void TestFileExchange::rejectsWhatIsDamagedForeignOrUnsigned()
{
    connectConsoles();
    m_a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Fan noise"_s}});
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    const QStringList files = exportFrom(u"a"_s);
    QCOMPARE(files.size(), 1);
    QFile file(files.first());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bundle = file.readAll();

    const auto tryImport = [&](const QByteArray &bytes, const QString &name) {
        const QString path = folder(u"damaged"_s) + u'/' + name;
        QFile out(path);
        out.open(QIODevice::WriteOnly);
        out.write(bytes);
        out.close();
        return on(u"b"_s, {u"bundle"_s, u"import"_s, path});
    };
    QByteArray flipped = bundle;
    flipped[flipped.size() / 2] = char(flipped.at(flipped.size() / 2) ^ 0x40);
    CliRun run = tryImport(flipped, u"flipped.ferry"_s);
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"altered or damaged"_s), qPrintable(run.err));
    run = tryImport(bundle.left(bundle.size() - 100), u"cut.ferry"_s);
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"rejected"_s), qPrintable(run.err));
    run = tryImport("not a bundle at all", u"text.ferry"_s);
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"not a Ferry bundle"_s), qPrintable(run.err));

    // A bundle from A to B, given back to A: not signed by A's partner.
    run = on(u"a"_s, {u"bundle"_s, u"import"_s, files.first()});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"does not trust"_s), qPrintable(run.err));

    // A bundle of a pair this console does not have (console C's pair with B).
    addCloudSite(u"c"_s);
    const QString handshake = folder(u"carried"_s) + u"/r.ferry"_s;
    run = exportHandshake(u"c"_s, u"R"_s, u"/c.key"_s, handshake);
    const QString code = QRegularExpression(u"Code: (\\S+)"_s).match(run.out).captured(1);
    const QString answer = folder(u"carried"_s) + u"/r-answer.ferry"_s;
    QCOMPARE(answerHandshake(handshake, code, u"file:"_s + folder(u"keys"_s) + u"/br.key"_s, answer).code, 0);
    QCOMPARE(on(u"c"_s, {u"handshake"_s, u"import"_s, answer}).code, 0);
    const QString fromC = folder(u"from-c"_s);
    QCOMPARE(on(u"c"_s, {u"bundle"_s, u"export"_s, u"R"_s, u"--out"_s, fromC}).code, 0);
    run = on(u"a"_s, {u"bundle"_s, u"import"_s, QDir(fromC).filePath(u"R-a-000001.ferry"_s)});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"belongs to a pair this console does not have"_s), qPrintable(run.err));

    // Nothing of them was recorded: the real bundle still imports and applies.
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(m_b.issues().size(), 0);
    QCOMPARE(on(u"b"_s, {u"bundle"_s, u"import"_s, files.first()}).code, 0);
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(m_b.issues().size(), 1);
}

void TestFileExchange::survivesAStopInAnExportOrAnImport()
{
    connectConsoles();
    const QString aKey = m_a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Valve sticks"_s}});
    m_a.sb->attach(aKey, u"valve.jpg"_s, QByteArray(200'000, 'v'));
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    const auto stopAt = [](const QString &when) {
        QProcessEnvironment environment;
        environment.insert(u"FERRY_TEST_ABORT"_s, when);
        return environment;
    };

    // Stopped after counting the bundle, before writing it: no file, and the next export is whole.
    const QString out = folder(u"out"_s);
    CliRun run = on(u"a"_s, {u"bundle"_s, u"export"_s, u"P"_s, u"--out"_s, out}, stopAt(u"after:1"_s));
    QCOMPARE(run.code, int(StateStore::testAbortExitCode));
    QCOMPARE(QDir(out).entryList(QDir::Files).size(), 0);
    QCOMPARE(on(u"a"_s, {u"bundle"_s, u"export"_s, u"P"_s, u"--out"_s, out}).code, 0);
    const QStringList files = QDir(out).entryList({u"*.ferry"_s}, QDir::Files);
    QCOMPARE(files.size(), 1);
    const QString bundle = QDir(out).filePath(files.first());

    // Stopped before recording an import (the attachment was kept), then after it: the third import
    // finds it done, and the issue is made once with its attachment.
    run = on(u"b"_s, {u"bundle"_s, u"import"_s, bundle}, stopAt(u"before:1"_s));
    QCOMPARE(run.code, int(StateStore::testAbortExitCode));
    run = on(u"b"_s, {u"bundle"_s, u"import"_s, bundle}, stopAt(u"after:1"_s));
    QCOMPARE(run.code, int(StateStore::testAbortExitCode));
    run = on(u"b"_s, {u"bundle"_s, u"import"_s, bundle});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"ignored: bundle 2 was imported before"_s), qPrintable(run.out));
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(m_b.issues().size(), 1);
    const QJsonObject onB = m_b.fields(m_b.keyOf(u"Valve sticks"_s));
    QCOMPARE(onB[u"attachment"_s].toArray().size(), 1);
    QCOMPARE(onB[u"attachment"_s][0][u"size"_s].toInt(), 200'000);
}

std::pair<QString, QString> TestFileExchange::shareFolders()
{
    const QString toB = folder(u"share/to-b"_s);
    const QString toA = folder(u"share/to-a"_s);
    if (on(u"a"_s, {u"bundle"_s, u"folders"_s, u"P"_s, u"--outgoing"_s, toB, u"--incoming"_s, toA}).code != 0
        || on(u"b"_s, {u"bundle"_s, u"folders"_s, u"P"_s, u"--outgoing"_s, toA, u"--incoming"_s, toB}).code != 0)
        return {};
    return {toB, toA};
}

bool TestFileExchange::tamper(const QString &console, const QString &sql, const QVariantList &values)
{
    StateStore store(folder(u"state-"_s + console));
    QString error;
    if (!noted(store.open(), &error))
        return false;
    QSqlQuery query(store.database());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        qWarning().noquote() << sql << "->" << query.lastError().text();
        return false;
    }
    return true;
}

void TestFileExchange::believesNoPartnerLinkOutsideThePair()
{
    // Finding 1: console A, the partner, edits its own state so that a receipt it sends links its
    // issue to OTHER-1, an issue of another project on B's site, and then changes that issue.
    connectConsoles();
    QCOMPARE(
        m_b.sb->post(u"/sandbox/v1/projects"_s, QJsonObject{{u"key"_s, u"OTHER"_s}, {u"name"_s, u"Payroll"_s}}).status,
        201);
    const QString secret = m_b.sb->createIssue(u"OTHER"_s, {{u"summary"_s, u"Salaries 2027"_s}});
    const QString secretId = m_b.issue(secret).value(u"id"_s).toString();
    const QString door = m_a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Door squeaks"_s}});
    const QString doorId = m_a.issue(door).value(u"id"_s).toString();

    Op forged = Op::make(OpKind::CreateIssue, Side::B, secretId, secret);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QVERIFY(tamper(u"a"_s,
                   u"INSERT INTO links (pair_id, a_id, a_key, b_id, b_key, created) "
                   "SELECT id, ?, ?, ?, ?, ? FROM pairs WHERE name = 'P'"_s,
                   {doorId, door, secretId, secret, now}));
    QVERIFY(tamper(u"a"_s,
                   u"INSERT INTO bases (pair_id, a_id, snapshot, updated) "
                   "SELECT id, ?, '{}', ? FROM pairs WHERE name = 'P'"_s,
                   {doorId, now}));
    QVERIFY(tamper(u"a"_s,
                   u"INSERT INTO inbox (pair_id, side, op_id, received, applied, result, seq, op) "
                   "SELECT id, 'a', ?, ?, ?, ?, 1, ? FROM pairs WHERE name = 'P'"_s,
                   {forged.id, now, now, u"{\"created\":\"%1\"}"_s.arg(door),
                    QString::fromUtf8(QJsonDocument(forged.toJson()).toJson(QJsonDocument::Compact))}));
    QCOMPARE(carry(u"a"_s, u"b"_s).size(), 1);

    // A's next change of its issue goes to B, as any change does.
    QCOMPARE(m_a.edit(door, {{u"summary"_s, u"Door squeaks: send me the payroll"_s}}), 204);
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    carry(u"a"_s, u"b"_s);
    on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s});
    carry(u"b"_s, u"a"_s);

    QCOMPARE(m_b.fields(secret)[u"summary"_s].toString(), u"Salaries 2027"_s);
    const CliRun issue = on(u"b"_s, {u"issue"_s, u"P"_s, secret});
    QVERIFY2(!issue.out.contains(door), qPrintable(issue.out));
    for (const QJsonObject &fields : m_a.issues())
        QVERIFY(!fields.value(u"summary"_s).toString().contains(u"Salaries"_s));
}

void TestFileExchange::followsNoSymbolicLinkInAnExchangeFolder()
{
    // Finding 2: whoever can write the carrier plants symbolic links where Ferry writes or reads.
    connectConsoles();
    const auto [toB, toA] = shareFolders();
    QVERIFY(!toB.isEmpty());
    const QString precious = folder(u"home-of-b"_s) + u"/.bashrc"_s;
    QFile file(precious);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("export PATH=/usr/bin\n");
    file.close();
    const auto untouched = [&] {
        QFile check(precious);
        return check.open(QIODevice::ReadOnly) && check.readAll() == "export PATH=/usr/bin\n";
    };

    // A reason file aimed at it, and a junk bundle that will be rejected.
    QDir(toB).mkpath(u"rejected"_s);
    QVERIFY(QFile::link(precious, toB + u"/rejected/junk.ferry.reason.txt"_s));
    QFile junk(toB + u"/junk.ferry"_s);
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("dropped here by someone");
    junk.close();
    // A "bundle" that is a link to it: never read, never moved.
    QVERIFY(QFile::link(precious, toB + u"/link.ferry"_s));
    // B's next outgoing bundle's name, aimed at it.
    QVERIFY(QFile::link(precious, toA + u"/P-b-000001.ferry"_s));
    m_b.sb->createIssue(u"GLX"_s, {{u"summary"_s, u"Lift stuck"_s}});
    on(u"b"_s, {u"sync"_s, u"P"_s, u"--rounds"_s, u"2"_s});
    QVERIFY2(untouched(), "a symbolic link in an exchange folder was written through");
    QVERIFY(QFileInfo(toB + u"/link.ferry"_s).isSymLink());
    QVERIFY(QFileInfo::exists(toB + u"/rejected/junk.ferry"_s));

    // A processed/ folder that is a link to elsewhere: nothing moves through it.
    const QString elsewhere = folder(u"elsewhere"_s);
    QVERIFY(QFile::link(elsewhere, toB + u"/processed"_s));
    QFile::remove(toA + u"/P-b-000001.ferry"_s);
    m_a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Roof leaks"_s}});
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    const CliRun run = on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s});
    const QString said = run.out + run.err;
    QVERIFY2(said.contains(u"symbolic link"_s), qPrintable(said));
    QCOMPARE(QDir(elsewhere).entryList(QDir::Files), QStringList());
    QVERIFY(untouched());
}

void TestFileExchange::acceptsNoConfigurationThatMovesThePair()
{
    // The primary publishes configurations; one that pairs another project of B's site is not taken,
    // however it arrived (here: as B's state records a publication).
    connectConsoles();
    const CliRun exported = on(u"b"_s, {u"pair"_s, u"export"_s, u"P"_s});
    QCOMPARE(exported.code, 0);
    QJsonObject config = QJsonDocument::fromJson(exported.out.toUtf8()).object();
    QJsonObject b = config[u"b"_s].toObject();
    b[u"project"_s] = u"OTHER"_s;
    b[u"scope"_s] = u"project = OTHER"_s;
    config[u"b"_s] = b;
    const QJsonObject proposal{{u"version"_s, 9}, {u"config"_s, config}};
    QVERIFY(tamper(u"b"_s, u"UPDATE exchanges SET proposal = ?, proposal_state = 'offered' WHERE name = 'P'"_s,
                   {QString::fromUtf8(QJsonDocument(proposal).toJson(QJsonDocument::Compact))}));
    const CliRun run = on(u"b"_s, {u"pair"_s, u"accept"_s, u"P"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"pairs other sites or projects"_s), qPrintable(run.err));
    QVERIFY(on(u"b"_s, {u"pair"_s, u"show"_s, u"P"_s}).out.contains(u"GLX"_s));
    QVERIFY(!on(u"b"_s, {u"pair"_s, u"show"_s, u"P"_s}).out.contains(u"OTHER"_s));
}

QTEST_GUILESS_MAIN(TestFileExchange)
#include "tst_file_exchange.moc"
