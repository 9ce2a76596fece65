// ferry-cli's site commands end to end: the real program, real sandboxes over loopback HTTP(S),
// the real Secret Service of the test session (dbus-run-session + gnome-keyring, as the README's
// test command runs it).

#include "clirunner.h"
#include "sandboxfixture.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

using Run = CliRun;

class TestCliSites : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void addsListsChecksAndRemoves();
    void explainsWhatFails();
    void trustsAPinnedCertificate();
    void refusesBadInput();
    void keepsSecretsInTheKeychain();
    void refusesToStoreWithoutAKeychain();
    void neverWritesSecrets();
    void suggestsCreatesShowsAndRemovesPairs();
    void listsExportsAndImportsTheUsers();
    void runsTheDemoWithoutKeychain();

private:
    /// Adds the sandboxes as sites acme (Cloud) and glx (Data Center), as an admin would.
    bool addSites(const SandboxFixture &cloud, const SandboxFixture &dc);
    Run cli(const QStringList &arguments, const QByteArray &input = QByteArray(),
            const QProcessEnvironment &extra = QProcessEnvironment());

    QTemporaryDir m_home;
    QString m_state;
    CliRunner m_runner{QStringLiteral(FERRY_CLI), QString()};
};

void TestCliSites::initTestCase()
{
    isolateUserFolders();
    m_runner.useTestHome(m_home.path());
    m_runner.environment().insert(u"WRONG_TOKEN"_s, u"wrong-token-123"_s);
}

void TestCliSites::init()
{
    m_state = m_home.filePath(u"state-%1"_s.arg(QString::fromLatin1(QTest::currentTestFunction())));
}

bool TestCliSites::addSites(const SandboxFixture &cloud, const SandboxFixture &dc)
{
    return cli({u"site"_s, u"add"_s, u"acme"_s, u"--url"_s, cloud.baseUrl(), u"--user"_s, u"admin@example.com"_s,
                u"--secret"_s, u"env:CLOUD_TOKEN"_s})
               .code
        == 0
        && cli({u"site"_s, u"add"_s, u"glx"_s, u"--url"_s, dc.baseUrl(), u"--user"_s, u"admin"_s, u"--secret"_s,
                u"env:DC_PASSWORD"_s})
               .code
        == 0;
}

Run TestCliSites::cli(const QStringList &arguments, const QByteArray &input, const QProcessEnvironment &extra)
{
    m_runner.setStateDirectory(m_state);
    return m_runner.run(arguments, input, extra);
}

void TestCliSites::addsListsChecksAndRemoves()
{
    SandboxFixture cloud(Flavor::Cloud);
    SandboxFixture dc(Flavor::DataCenter);
    QVERIFY(cloud.start());
    QVERIFY(dc.start());
    cloud.server().seedProject(u"ACME"_s, u"Acme"_s, 1);
    dc.server().seedProject(u"GLX"_s, u"Galaxy"_s, 1);

    Run run = cli({u"site"_s, u"add"_s, u"acme"_s, u"--url"_s, cloud.baseUrl(), u"--user"_s, u"admin@example.com"_s,
                   u"--secret"_s, u"env:CLOUD_TOKEN"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(run.out.contains(u"Added site acme"_s));
    run = cli({u"site"_s, u"add"_s, u"galaxy"_s, u"--url"_s, dc.baseUrl(), u"--user"_s, u"admin"_s, u"--secret"_s,
               u"env:DC_PASSWORD"_s});
    QCOMPARE(run.code, 0);

    run = cli({u"site"_s, u"list"_s});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(u"acme"_s) && run.out.contains(u"galaxy"_s) && run.out.contains(u"env:CLOUD_TOKEN"_s));
    run = cli({u"site"_s, u"list"_s, u"--json"_s});
    QCOMPARE(QJsonDocument::fromJson(run.out.toUtf8()).array().size(), 2);

    run = cli({u"site"_s, u"check"_s, u"acme"_s, u"--project"_s, u"ACME"_s});
    QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
    QVERIFY(run.out.contains(u"PASS  deployment: Jira Cloud"_s));
    QVERIFY(run.out.contains(u"PASS  authentication: as Ada Admin"_s));
    QVERIFY(run.out.contains(u"PASS  permission: Link Issues"_s));
    run = cli({u"site"_s, u"check"_s, u"galaxy"_s, u"--project"_s, u"GLX"_s, u"--json"_s});
    QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
    const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QVERIFY(report.value(u"passed"_s).toBool());
    QVERIFY(report.value(u"checks"_s).toArray().size() >= 12);

    run = cli({u"site"_s, u"remove"_s, u"acme"_s});
    QCOMPARE(run.code, 0);
    run = cli({u"site"_s, u"check"_s, u"acme"_s});
    QCOMPARE(run.code, 1);
    QVERIFY(run.err.contains(u"there is no site named 'acme'. Configured: galaxy."_s));
}

void TestCliSites::explainsWhatFails()
{
    SandboxFixture cloud(Flavor::Cloud);
    QVERIFY(cloud.start());
    cloud.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    QCOMPARE(cli({u"site"_s, u"add"_s, u"wrong-token"_s, u"--url"_s, cloud.baseUrl(), u"--user"_s,
                  u"admin@example.com"_s, u"--secret"_s, u"env:WRONG_TOKEN"_s})
                 .code,
             0);
    QCOMPARE(cli({u"site"_s, u"add"_s, u"wrong-url"_s, u"--url"_s, cloud.baseUrl() + u"/not-jira"_s, u"--user"_s,
                  u"admin@example.com"_s, u"--secret"_s, u"env:CLOUD_TOKEN"_s})
                 .code,
             0);
    QCOMPARE(cli({u"site"_s, u"add"_s, u"gone"_s, u"--url"_s, u"http://127.0.0.1:1"_s, u"--user"_s, u"x"_s,
                  u"--secret"_s, u"env:CLOUD_TOKEN"_s})
                 .code,
             0);
    QCOMPARE(cli({u"site"_s, u"add"_s, u"no-project"_s, u"--url"_s, cloud.baseUrl(), u"--user"_s,
                  u"admin@example.com"_s, u"--secret"_s, u"env:CLOUD_TOKEN"_s})
                 .code,
             0);

    Run run = cli({u"site"_s, u"check"_s, u"wrong-token"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"FAIL  authentication: HTTP 401"_s), qPrintable(run.out));
    QVERIFY(run.out.contains(u"fix: On Jira Cloud use the account's e-mail and an API token"_s));
    run = cli({u"site"_s, u"check"_s, u"wrong-url"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"FAIL  reachable: HTTP 404"_s), qPrintable(run.out));
    QVERIFY(run.out.contains(u"The URL does not lead to a Jira site"_s));
    run = cli({u"site"_s, u"check"_s, u"gone"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"FAIL  reachable: Cannot reach 127.0.0.1: Connection refused"_s), qPrintable(run.out));
    run = cli({u"site"_s, u"check"_s, u"no-project"_s, u"--project"_s, u"NOPE"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"FAIL  project: HTTP 404: No project could be found with key 'NOPE'."_s),
             qPrintable(run.out));
    QCOMPARE(cli({u"site"_s, u"add"_s, u"unset"_s, u"--url"_s, cloud.baseUrl(), u"--user"_s, u"a"_s, u"--secret"_s,
                  u"env:NOT_SET_ANYWHERE"_s})
                 .code,
             0);
    run = cli({u"site"_s, u"check"_s, u"unset"_s});
    QCOMPARE(run.code, 1);
    QVERIFY(run.out.contains(u"FAIL  secret: The environment variable NOT_SET_ANYWHERE is not set or empty."_s));
}

void TestCliSites::trustsAPinnedCertificate()
{
    QTemporaryDir dir;
    QString cert, key;
    QVERIFY(makeCertificate(dir.path(), u"127.0.0.1"_s, 2, &cert, &key));
    const sandbox::SandboxServer::Options options = tlsOptions(Flavor::DataCenter, cert, key);
    SandboxFixture tls(options);
    QVERIFY(tls.start());

    QCOMPARE(cli({u"site"_s, u"add"_s, u"secure"_s, u"--url"_s, tls.baseUrl(), u"--user"_s, u"admin"_s, u"--secret"_s,
                  u"env:DC_PASSWORD"_s})
                 .code,
             0);
    Run run = cli({u"site"_s, u"check"_s, u"secure"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"is not trusted"_s), qPrintable(run.out));
    QVERIFY(run.out.contains(u"fix: Give the certificate's CA with --ca-file"_s));
    const qsizetype at = run.out.indexOf(u"sha256/"_s);
    QVERIFY(at > 0);
    const QString pin = run.out.mid(at, 7 + 44); // the key the site presents, as the check shows it

    QCOMPARE(cli({u"site"_s, u"add"_s, u"secure"_s, u"--url"_s, tls.baseUrl(), u"--user"_s, u"admin"_s, u"--secret"_s,
                  u"env:DC_PASSWORD"_s, u"--pin"_s, pin})
                 .code,
             0);
    run = cli({u"site"_s, u"check"_s, u"secure"_s});
    QVERIFY2(run.code == 0, qPrintable(run.out));
    QVERIFY(run.out.contains(u"PASS  tls: certificate matches a pinned key"_s));
}

void TestCliSites::refusesBadInput()
{
    Run run = cli({u"site"_s, u"add"_s, u"bad name"_s, u"--url"_s, u"ftp://x"_s, u"--secret"_s, u"nowhere"_s});
    QCOMPARE(run.code, 2);
    QVERIFY(run.err.contains(u"is not a secret reference"_s));
    run = cli({u"site"_s, u"add"_s, u"bad name"_s, u"--url"_s, u"ftp://x"_s, u"--secret"_s, u"env:X"_s});
    QCOMPARE(run.code, 2);
    QVERIFY(run.err.contains(u"The site name 'bad name'"_s));
    QVERIFY(run.err.contains(u"is not an http(s) address"_s));
    QVERIFY(run.err.contains(u"Basic authentication needs a user"_s));
    run = cli({u"site"_s, u"add"_s, u"x"_s, u"--url"_s, u"https://x.example"_s, u"--auth"_s, u"pat"_s, u"--secret"_s,
               u"env:X"_s, u"--pin"_s, u"md5/abc"_s});
    QCOMPARE(run.code, 2);
    QVERIFY(run.err.contains(u"The pinned key 'md5/abc'"_s));
    QCOMPARE(cli({u"site"_s, u"frobnicate"_s}).code, 2);
    QCOMPARE(cli({u"site"_s, u"add"_s, u"x"_s}).code, 2);

    // A damaged sites.json is reported and left as it is.
    QDir().mkpath(m_state);
    QFile broken(m_state + u"/sites.json"_s);
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"sites\": [ broken");
    broken.close();
    run = cli({u"site"_s, u"add"_s, u"x"_s, u"--url"_s, u"https://x.example"_s, u"--user"_s, u"u"_s, u"--secret"_s,
               u"env:X"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"is not valid JSON"_s), qPrintable(run.err));
    QCOMPARE(readTextFile(m_state + u"/sites.json"_s), u"{\"sites\": [ broken"_s);
}

void TestCliSites::keepsSecretsInTheKeychain()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("No session bus: run the suite with the README's test command (dbus-run-session + gnome-keyring).");
    SandboxFixture cloud(Flavor::Cloud);
    QVERIFY(cloud.start());
    Run run = cli({u"site"_s, u"add"_s, u"kc"_s, u"--url"_s, cloud.baseUrl(), u"--user"_s, u"admin@example.com"_s,
                   u"--secret"_s, u"keychain"_s},
                  "sandbox-token\n");
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(!readTextFile(m_state + u"/sites.json"_s).contains(u"sandbox-token"_s));
    run = cli({u"site"_s, u"check"_s, u"kc"_s});
    QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
    QVERIFY(run.out.contains(u"PASS  authentication"_s));

    QCOMPARE(cli({u"site"_s, u"add"_s, u"empty"_s, u"--url"_s, cloud.baseUrl(), u"--user"_s, u"a"_s, u"--secret"_s,
                  u"keychain"_s},
                 "\n")
                 .code,
             2);

    QCOMPARE(cli({u"site"_s, u"remove"_s, u"kc"_s}).code, 0);
    // Added again without a secret in the keychain, its check says where the secret is missing.
    QCOMPARE(cli({u"site"_s, u"add"_s, u"kc"_s, u"--url"_s, cloud.baseUrl(), u"--user"_s, u"a"_s, u"--secret"_s,
                  u"env:CLOUD_TOKEN"_s})
                 .code,
             0);
}

void TestCliSites::refusesToStoreWithoutAKeychain()
{
    QProcessEnvironment noKeychain;
    noKeychain.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/bus"_s);
    noKeychain.insert(u"DISPLAY"_s, QString());
    const Run run = cli({u"site"_s, u"add"_s, u"nokc"_s, u"--url"_s, u"https://jira.example.com"_s, u"--user"_s, u"a"_s,
                         u"--secret"_s, u"keychain"_s},
                        "some-secret-value\n", noKeychain);
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"the site was not added"_s), qPrintable(run.err));
    QVERIFY(run.err.contains(u"give the secret as env:NAME or file:PATH"_s));
    QVERIFY(!readTextFile(m_state + u"/sites.json"_s).contains(u"nokc"_s));
    QVERIFY(!run.err.contains(u"some-secret-value"_s));
}

void TestCliSites::neverWritesSecrets()
{
    SandboxFixture cloud(Flavor::Cloud);
    QVERIFY(cloud.start());
    QCOMPARE(cli({u"--verbose"_s, u"site"_s, u"add"_s, u"s"_s, u"--url"_s, cloud.baseUrl(), u"--user"_s,
                  u"admin@example.com"_s, u"--secret"_s, u"env:CLOUD_TOKEN"_s})
                 .code,
             0);
    const Run run = cli({u"--verbose"_s, u"site"_s, u"check"_s, u"s"_s});
    QCOMPARE(run.code, 0);
    const QString basic = QString::fromLatin1("admin@example.com:sandbox-token"_ba.toBase64());
    QStringList places{run.out, run.err, readTextFile(m_state + u"/sites.json"_s)};
    QDirIterator logs(m_home.filePath(u"data"_s), {u"*.log"_s}, QDir::Files, QDirIterator::Subdirectories);
    int logFiles = 0;
    while (logs.hasNext()) {
        places << readTextFile(logs.next());
        ++logFiles;
    }
    QVERIFY(logFiles > 0);
    for (const QString &text : std::as_const(places)) {
        QVERIFY(!text.contains(u"sandbox-token"_s));
        QVERIFY(!text.contains(basic));
    }
}

void TestCliSites::listsExportsAndImportsTheUsers()
{
    SandboxFixture cloud(Flavor::Cloud);
    SandboxFixture dc(Flavor::DataCenter);
    QVERIFY(cloud.start());
    QVERIFY(dc.start());
    cloud.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    dc.server().seedProject(u"GLX"_s, u"Galaxy"_s, 0);
    // One person, two names: Cloud hides her address, so nothing but an admin pairs her.
    QCOMPARE(cloud.send("POST", u"/sandbox/v1/users"_s, R"({"displayName":"Erin Example","email":"erin@example.com"})")
                 .status,
             201);
    QCOMPARE(dc.send("POST", u"/sandbox/v1/users"_s,
                     R"({"displayName":"Erin E.","email":"erin@example.com","name":"erin","password":"erin"})")
                 .status,
             201);
    QVERIFY(addSites(cloud, dc));
    Run run
        = cli({u"pair"_s, u"suggest"_s, u"--name"_s, u"acme-glx"_s, u"--a"_s, u"acme:ACME"_s, u"--b"_s, u"glx:GLX"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QFile file(m_home.filePath(u"users-pair.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(run.out.toUtf8());
    file.close();
    QCOMPARE(cli({u"pair"_s, u"create"_s, u"--file"_s, file.fileName()}).code, 0);

    // The seeded people share their names; Erin is listed first, without a partner on either side.
    run = cli({u"pair"_s, u"users"_s, u"acme-glx"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(u"A Alice Smith (712020:00000000-0000-4000-8000-000000000002)  ->  B Alice Smith "
                              u"(alice), by displayName"_s),
             qPrintable(run.out));
    QVERIFY2(run.out.startsWith(u"A Erin Example"_s), qPrintable(run.out));
    QVERIFY(run.out.contains(u"12 user(s) of sites acme (A) and glx (B), 2 without a partner."_s));
    run = cli({u"pair"_s, u"users"_s, u"acme-glx"_s, u"--unmatched"_s, u"--json"_s});
    const QJsonArray unmatched = QJsonDocument::fromJson(run.out.toUtf8()).array();
    QCOMPARE(unmatched.size(), 2);
    const QString erinOnCloud = unmatched.at(0).toObject().value(u"id"_s).toString();
    QCOMPARE(unmatched.at(1).toObject().value(u"id"_s).toString(), u"erin"_s);

    // The table as CSV; an admin pairs Erin in it; a line naming nobody is refused with its number.
    const QString csv = m_home.filePath(u"users.csv"_s);
    run = cli({u"pair"_s, u"users"_s, u"acme-glx"_s, u"--export"_s, csv});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QFile table(csv);
    QVERIFY(table.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(table.readAll());
    table.close();
    QVERIFY2(text.contains(u"# Erin Example ("_s + erinOnCloud + u") has no partner on side B:\n# "_s + erinOnCloud
                           + u",\n"_s),
             qPrintable(text));
    QVERIFY(text.contains(u"712020:00000000-0000-4000-8000-000000000002,alice\n"_s));
    QVERIFY(table.open(QIODevice::WriteOnly | QIODevice::Truncate));
    table.write((text + erinOnCloud + u",erin\nnobody,bob\n"_s).toUtf8());
    table.close();
    run = cli({u"pair"_s, u"users"_s, u"acme-glx"_s, u"--import"_s, csv});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u": side A lists no user nobody"_s) && run.err.contains(u"nothing was stored"_s),
             qPrintable(run.err));
    QVERIFY(table.open(QIODevice::WriteOnly | QIODevice::Truncate));
    table.write((text + erinOnCloud + u",erin\n"_s).toUtf8());
    table.close();
    run = cli({u"pair"_s, u"users"_s, u"acme-glx"_s, u"--import"_s, csv});
    QVERIFY2(run.code == 0 && run.out.contains(u"Version 2 of pair acme-glx's configuration is in force"_s)
                 && run.out.contains(u"pairs 6 user(s)"_s),
             qPrintable(run.out + run.err));
    run = cli({u"pair"_s, u"users"_s, u"acme-glx"_s, u"--unmatched"_s});
    QVERIFY2(run.out.contains(u"0 without a partner"_s), qPrintable(run.out));
    run = cli({u"pair"_s, u"users"_s, u"acme-glx"_s, u"--json"_s});
    bool erinByTable = false;
    for (const QJsonValue &row : QJsonDocument::fromJson(run.out.toUtf8()).array())
        erinByTable = erinByTable
            || (row.toObject().value(u"id"_s).toString() == u"erin"_s
                && row.toObject().value(u"matchedBy"_s).toString() == u"table"_s);
    QVERIFY(erinByTable);
}

void TestCliSites::suggestsCreatesShowsAndRemovesPairs()
{
    SandboxFixture cloud(Flavor::Cloud);
    SandboxFixture dc(Flavor::DataCenter);
    QVERIFY(cloud.start());
    QVERIFY(dc.start());
    cloud.server().seedProject(u"ACME"_s, u"Acme"_s, 1);
    dc.server().seedProject(u"GLX"_s, u"Galaxy"_s, 1);
    QVERIFY(addSites(cloud, dc));
    QVERIFY(licenseSandboxes(m_state, dc, {&cloud, &dc}));

    Run run
        = cli({u"pair"_s, u"suggest"_s, u"--name"_s, u"acme-glx"_s, u"--a"_s, u"acme:ACME"_s, u"--b"_s, u"glx:GLX"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonObject suggested = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(suggested.value(u"name"_s).toString(), u"acme-glx"_s);
    QVERIFY(run.err.contains(u"check status: To Do <-> Open"_s));
    QVERIFY(run.err.contains(u"entries to check"_s));
    QFile file(m_home.filePath(u"pair.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(run.out.toUtf8());
    file.close();

    run = cli({u"pair"_s, u"create"_s, u"--file"_s, file.fileName()});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(cli({u"pair"_s, u"create"_s, u"--file"_s, file.fileName()}).code, 1); // the name is taken
    run = cli({u"pair"_s, u"list"_s});
    QVERIFY(run.out.contains(u"acme-glx"_s) && run.out.contains(u"acme:ACME"_s) && run.out.contains(u"glx:GLX"_s));
    run = cli({u"pair"_s, u"show"_s, u"acme-glx"_s});
    QVERIFY(run.out.contains(u"Subtask <-> Sub-task  (check)"_s));
    run = cli({u"pair"_s, u"export"_s, u"acme-glx"_s});
    QCOMPARE(QJsonDocument::fromJson(run.out.toUtf8()).object(), suggested);

    // A broken document: every problem at its entry, nothing stored.
    QJsonObject broken = suggested;
    broken.insert(u"name"_s, u"other"_s);
    broken.insert(u"conflictPolicy"_s, u"coin-flip"_s);
    broken.insert(u"a"_s, QJsonObject{{u"site"_s, u"acme"_s}});
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(broken).toJson());
    file.close();
    run = cli({u"pair"_s, u"create"_s, u"--file"_s, file.fileName()});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"/conflictPolicy: must be manual"_s), qPrintable(run.err));
    QVERIFY(run.err.contains(u"/a/project: is missing"_s));
    QVERIFY(run.err.contains(u"nothing was stored"_s));

    // An updated configuration is version 2; the sides of a pair stay as they are.
    QJsonObject updated = suggested;
    updated.insert(u"pollIntervalSeconds"_s, 42);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(updated).toJson());
    file.close();
    run = cli({u"pair"_s, u"update"_s, u"acme-glx"_s, u"--file"_s, file.fileName()});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(u"Version 2 of pair acme-glx's configuration is in force"_s), qPrintable(run.out));
    run = cli({u"pair"_s, u"export"_s, u"acme-glx"_s});
    QCOMPARE(QJsonDocument::fromJson(run.out.toUtf8()).object().value(u"pollIntervalSeconds"_s).toInt(), 42);
    updated.insert(u"b"_s,
                   QJsonObject{{u"site"_s, u"glx"_s}, {u"project"_s, u"OTHER"_s}, {u"scope"_s, u"project = OTHER"_s}});
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(updated).toJson());
    file.close();
    run = cli({u"pair"_s, u"update"_s, u"acme-glx"_s, u"--file"_s, file.fileName()});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"the sites and projects of a pair stay as they are"_s), qPrintable(run.err));
    QVERIFY(cli({u"pair"_s, u"show"_s, u"acme-glx"_s}).out.contains(u"(configuration version 2)"_s));

    // A key map: every line it cannot read refused with its number, nothing stored; then one that reads.
    QFile keyMap(m_home.filePath(u"keys.csv"_s));
    QVERIFY(keyMap.open(QIODevice::WriteOnly));
    keyMap.write("ACME key,GLX key\nACME-90,GLX-90\nACME-91 GLX-90\nACME-92\n");
    keyMap.close();
    run = cli({u"pair"_s, u"match"_s, u"acme-glx"_s, u"--key-map"_s, keyMap.fileName()});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"line 3: GLX-90 is paired on line 2 already"_s)
                 && run.err.contains(u"line 4: 'ACME-92' is not two issue keys"_s)
                 && run.err.contains(u"nothing was stored"_s),
             qPrintable(run.err));
    QCOMPARE(cli({u"pair"_s, u"match"_s, u"acme-glx"_s, u"--fields"_s, u"key"_s}).code, 2);
    QVERIFY(keyMap.open(QIODevice::WriteOnly | QIODevice::Truncate));
    keyMap.write("# moved by hand in 2025\nACME-90;GLX-90\nacme-91\tglx-93\n");
    keyMap.close();
    run = cli({u"pair"_s, u"match"_s, u"acme-glx"_s, u"--key-map"_s, keyMap.fileName(), u"--prefer"_s, u"b"_s});
    QVERIFY2(run.code == 0 && run.out.contains(u"Version 3 of pair acme-glx's configuration is in force"_s)
                 && run.out.contains(u"The 2 issue(s) of the key map are matched before they are created; side B's "
                                     u"content is written over the other's."_s),
             qPrintable(run.out + run.err));
    run = cli({u"pair"_s, u"export"_s, u"acme-glx"_s});
    QCOMPARE(QJsonDocument::fromJson(run.out.toUtf8()).object().value(u"match"_s).toObject(),
             (QJsonObject{{u"prefer"_s, u"b"_s},
                          {u"keys"_s, QJsonObject{{u"ACME-90"_s, u"GLX-90"_s}, {u"ACME-91"_s, u"GLX-93"_s}}}}));

    // Both seeded issues go across, each to the other site with its comments (every change found is written);
    // a second round finds nothing new.
    run = cli({u"sync"_s, u"acme-glx"_s, u"--once"_s});
    QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.out.contains(QRegularExpression(u"A to B: (\\d+) changes found in 1 issues read; \\1 written"_s)),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(QRegularExpression(u"B to A: (\\d+) changes found in 2 issues read; \\1 written"_s)),
             qPrintable(run.out));
    QCOMPARE(cloud.get(cloud.api() + u"/search/jql?jql=project%3DACME"_s).object().value(u"issues"_s).toArray().size(),
             2);
    run = cli({u"sync"_s, u"acme-glx"_s, u"--rounds"_s, u"1"_s});
    QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.out.contains(u"A to B: 0 changes found"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"B to A: 0 changes found"_s), qPrintable(run.out));
    run = cli({u"conflicts"_s, u"acme-glx"_s});
    QVERIFY2(run.code == 0 && run.out.contains(u"No open conflicts"_s), qPrintable(run.out + run.err));
    run = cli({u"status"_s, u"acme-glx"_s});
    QVERIFY2(run.code == 0 && run.out.contains(u"pair acme-glx: in step"_s)
                 && run.out.contains(u"linked issues:   2"_s),
             qPrintable(run.out + run.err));
    // The same summary changed on both sites: a conflict, listed with both values.
    const QJsonArray cloudIssues
        = cloud.get(cloud.api() + u"/search/jql?jql=project%3DACME%20ORDER%20BY%20key&fields=summary"_s)
              .object()
              .value(u"issues"_s)
              .toArray();
    const QString seeded = cloudIssues.first().toObject().value(u"key"_s).toString();
    QCOMPARE(cloud
                 .put(cloud.api() + u"/issue/"_s + seeded,
                      QJsonObject{{u"fields"_s, QJsonObject{{u"summary"_s, u"Changed on Cloud"_s}}}})
                 .status,
             204);
    const QJsonArray dcIssues
        = dc.get(dc.api() + u"/search?jql=project%3DGLX%20AND%20summary%20~%20%22"_s
                 + QString::fromUtf8(QUrl::toPercentEncoding(
                     cloudIssues.first().toObject().value(u"fields"_s).toObject().value(u"summary"_s).toString()))
                 + u"%22&fields=summary"_s)
              .object()
              .value(u"issues"_s)
              .toArray();
    QCOMPARE(dcIssues.size(), 1);
    QCOMPARE(dc.put(dc.api() + u"/issue/"_s + dcIssues.first().toObject().value(u"key"_s).toString(),
                    QJsonObject{{u"fields"_s, QJsonObject{{u"summary"_s, u"Changed on DC"_s}}}})
                 .status,
             204);
    QCOMPARE(cli({u"sync"_s, u"acme-glx"_s, u"--once"_s}).code, 0);
    run = cli({u"conflicts"_s, u"acme-glx"_s});
    QVERIFY2(run.out.contains(seeded + u" <-> GLX-"_s) && run.out.contains(u"summary"_s)
                 && run.out.contains(u"A:      Changed on Cloud"_s) && run.out.contains(u"B:      Changed on DC"_s),
             qPrintable(run.out));
    run = cli({u"conflicts"_s, u"acme-glx"_s, u"--json"_s});
    const QJsonArray conflicts = QJsonDocument::fromJson(run.out.toUtf8()).array();
    QCOMPARE(conflicts.size(), 1);
    run = cli({u"status"_s, u"acme-glx"_s, u"--json"_s});
    QCOMPARE(run.code, 1); // not in step while a conflict is open
    const QJsonObject status = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(status.value(u"openConflicts"_s).toInt(), 1);
    QCOMPARE(status.value(u"linkedIssues"_s).toInt(), 2);
    QVERIFY(status.value(u"requests"_s)[u"a"_s].toInt() > 0 && status.value(u"requests"_s)[u"b"_s].toInt() > 0);
    QVERIFY(!status.value(u"checkpoints"_s)[u"a"_s].toString().isEmpty());

    const QString partner = dcIssues.first()[u"key"_s].toString();
    run = cli({u"issue"_s, u"acme-glx"_s, seeded});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(seeded + u" (side A) in pair acme-glx: conflict"_s)
                 && run.out.contains(u"partner:        "_s + partner + u" (side B)"_s)
                 && run.out.contains(u"summary (ferry-cli conflicts acme-glx)"_s)
                 && run.out.contains(u"A to B  set-field summary = Changed on Cloud"_s),
             qPrintable(run.out + run.err));
    run = cli({u"issue"_s, u"acme-glx"_s, partner.toLower(), u"--json"_s});
    const QJsonObject issue = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(issue[u"side"_s].toString(), u"b"_s);
    QCOMPARE(issue[u"partner"_s].toString(), seeded);
    QCOMPARE(issue[u"state"_s].toString(), u"conflict"_s);
    QVERIFY(!issue[u"lastSent"_s].toString().isEmpty() && !issue[u"lastReceived"_s].toString().isEmpty());
    QCOMPARE(issue[u"recent"_s][0][u"kind"_s].toString(), u"set-field"_s);
    run = cli({u"issue"_s, u"acme-glx"_s, u"ACME-999"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"has not seen an issue ACME-999 on either site"_s), qPrintable(run.err));
    QCOMPARE(cli({u"issue"_s, u"acme-glx"_s}).code, 2);

    // Resolved with Cloud's value: the next round writes it on Data Center, and the pair is in step.
    const QString id = QString::number(conflicts.first()[u"id"_s].toInteger());
    QCOMPARE(cli({u"conflicts"_s, u"resolve"_s, u"acme-glx"_s, id, u"--take"_s, u"c"_s}).code, 2);
    run = cli({u"conflicts"_s, u"resolve"_s, u"acme-glx"_s, id, u"--take"_s, u"a"_s});
    QVERIFY2(run.code == 0 && run.out.contains(u"next sync round writes it on side B"_s),
             qPrintable(run.out + run.err));
    run = cli({u"conflicts"_s, u"resolve"_s, u"acme-glx"_s, id, u"--take"_s, u"b"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"was settled already"_s) && run.err.contains(u"nothing more was written"_s),
             qPrintable(run.err));
    run = cli({u"sync"_s, u"acme-glx"_s, u"--once"_s});
    QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
    QCOMPARE(dc.get(dc.api() + u"/issue/"_s + dcIssues.first()[u"key"_s].toString() + u"?fields=summary"_s)
                 .object()[u"fields"_s][u"summary"_s]
                 .toString(),
             u"Changed on Cloud"_s);
    run = cli({u"status"_s, u"acme-glx"_s});
    QVERIFY2(run.code == 0 && run.out.contains(u"in step"_s), qPrintable(run.out + run.err));
    run = cli({u"issue"_s, u"acme-glx"_s, partner});
    QVERIFY2(run.code == 0 && run.out.contains(partner + u" (side B) in pair acme-glx: up to date"_s),
             qPrintable(run.out + run.err));

    // The admin's actions on an issue: ignore, relink, recreate (only for a missing partner).
    run = cli({u"issue"_s, u"acme-glx"_s, seeded, u"--recreate"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"recreating is for an issue whose partner is missing"_s), qPrintable(run.err));
    run = cli({u"issue"_s, u"acme-glx"_s, seeded, u"--ignore"_s});
    QVERIFY2(run.code == 0 && run.out.contains(u"are left alone from now on"_s), qPrintable(run.out + run.err));
    QCOMPARE(cloud
                 .put(cloud.api() + u"/issue/"_s + seeded,
                      QJsonObject{{u"fields"_s, QJsonObject{{u"summary"_s, u"Not carried"_s}}}})
                 .status,
             204);
    QCOMPARE(cli({u"sync"_s, u"acme-glx"_s, u"--once"_s}).code, 0);
    QCOMPARE(
        dc.get(dc.api() + u"/issue/"_s + partner + u"?fields=summary"_s).object()[u"fields"_s][u"summary"_s].toString(),
        u"Changed on Cloud"_s);
    run = cli({u"issue"_s, u"acme-glx"_s, seeded});
    QVERIFY2(run.code == 1 && run.out.contains(u": ignored"_s), qPrintable(run.out));
    run = cli({u"issue"_s, u"acme-glx"_s, seeded, u"--relink"_s, seeded});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"is on the same site"_s), qPrintable(run.err));
    run = cli({u"issue"_s, u"acme-glx"_s, seeded, u"--relink"_s, u"GLX-404"_s});
    QVERIFY2(run.code == 1 && run.err.contains(u"has not seen an issue GLX-404"_s), qPrintable(run.err));
    run = cli({u"issue"_s, u"acme-glx"_s, seeded, u"--relink"_s, partner});
    QVERIFY2(run.code == 0 && run.out.contains(u"is linked to "_s + partner), qPrintable(run.out + run.err));
    QCOMPARE(cloud
                 .put(cloud.api() + u"/issue/"_s + seeded,
                      QJsonObject{
                          {u"fields"_s,
                           QJsonObject{{u"summary"_s, u"Carried again"_s}, {u"labels"_s, QJsonArray{u"relinked"_s}}}}})
                 .status,
             204);
    QCOMPARE(cli({u"sync"_s, u"acme-glx"_s, u"--once"_s}).code, 0);
    // The labels both held alike travel; the summaries differed when relinked: a conflict for the admin.
    const QJsonObject relinked = dc.get(dc.api() + u"/issue/"_s + partner + u"?fields=summary,labels"_s).object();
    QCOMPARE(relinked[u"fields"_s][u"labels"_s].toArray(), QJsonArray{u"relinked"_s});
    QCOMPARE(relinked[u"fields"_s][u"summary"_s].toString(), u"Changed on Cloud"_s);
    run = cli({u"conflicts"_s, u"acme-glx"_s});
    QVERIFY2(run.out.contains(u"A:      Carried again"_s), qPrintable(run.out));
    // Resynced: its fields go over the partner's, its conflict settled its way.
    run = cli({u"issue"_s, u"acme-glx"_s, seeded, u"--resync"_s});
    QVERIFY2(run.code == 0 && run.out.contains(u"sends %1 again"_s.arg(seeded)), qPrintable(run.out + run.err));
    QCOMPARE(cli({u"sync"_s, u"acme-glx"_s, u"--once"_s}).code, 0);
    QCOMPARE(
        dc.get(dc.api() + u"/issue/"_s + partner + u"?fields=summary"_s).object()[u"fields"_s][u"summary"_s].toString(),
        u"Carried again"_s);
    QVERIFY(cli({u"conflicts"_s, u"acme-glx"_s}).out.contains(u"No open conflicts"_s));
    // A JQL selection, asked of the site.
    run = cli({u"resync"_s, u"acme-glx"_s, u"--side"_s, u"b"_s, u"--jql"_s, u"key = "_s + partner});
    QVERIFY2(run.code == 0 && run.out.contains(partner + u": resynced at the next round"_s)
                 && run.out.contains(u"1 of 1 issue selected"_s),
             qPrintable(run.out + run.err));
    QCOMPARE(cli({u"resync"_s, u"acme-glx"_s, u"--side"_s, u"c"_s, u"--jql"_s, u"key = X"_s}).code, 2);
    QCOMPARE(cli({u"sync"_s, u"acme-glx"_s, u"--once"_s}).code, 0);
    QCOMPARE(cli({u"issue"_s, u"acme-glx"_s, seeded, u"--ignore"_s, u"--recreate"_s}).code, 2);
    run = cli({u"retry"_s, u"acme-glx"_s});
    QVERIFY2(run.code == 0 && run.out.contains(u"0 parked issues"_s), qPrintable(run.out + run.err));
    QCOMPARE(cli({u"status"_s, u"nope"_s}).code, 1);
    QCOMPARE(cli({u"status"_s}).code, 2);

    // Running until stopped: SIGTERM ends it cleanly, after the step it is in.
    QProcess running;
    running.setProcessEnvironment(m_runner.environment());
    running.start(QStringLiteral(FERRY_CLI), {u"--state"_s, m_state, u"sync"_s, u"acme-glx"_s});
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += running.readAllStandardOutput()).contains("round 1 of pair acme-glx"), 30'000);
    running.terminate();
    QVERIFY(running.waitForFinished(30'000));
    QCOMPARE(running.exitStatus(), QProcess::NormalExit);
    QCOMPARE(running.exitCode(), 0);
    QVERIFY(running.readAllStandardError().contains("stopping after the current step"));
    QVERIFY2(cli({u"sync"_s, u"acme-glx"_s, u"--once"_s}).code == 0, "the pair's lock was not let go");
    QCOMPARE(cli({u"sync"_s, u"nope"_s, u"--once"_s}).code, 1);
    QCOMPARE(cli({u"sync"_s, u"acme-glx"_s, u"--rounds"_s, u"many"_s}).code, 2);

    // Its history, dated back as a pair that ran for months has it, is compacted to the retention.
    run = cli({u"pair"_s, u"compact"_s, u"acme-glx"_s});
    QVERIFY2(run.code == 0 && run.out.contains(u" 0 settled changes and "_s), qPrintable(run.out + run.err));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"aging"_s);
        db.setDatabaseName(QDir(m_state).filePath(u"ferry.db"_s));
        QVERIFY(db.open());
        QSqlQuery age(db);
        for (const QString &statement :
             {u"UPDATE outbox SET acknowledged = '2026-01-02T00:00:00.000Z' WHERE acknowledged IS NOT NULL"_s,
              u"UPDATE inbox SET applied = '2026-01-02T00:00:00.000Z' WHERE applied IS NOT NULL"_s,
              u"UPDATE journal SET time = '2026-01-02T00:00:00.000Z'"_s})
            QVERIFY2(age.exec(statement), qPrintable(age.lastError().text()));
        age.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"aging"_s);
    run = cli({u"pair"_s, u"compact"_s, u"acme-glx"_s});
    QVERIFY2(
        run.code == 0
            && run.out.contains(QRegularExpression(u"history before \\S+ is compacted: [1-9]\\d* settled changes"_s)),
        qPrintable(run.out + run.err));
    run = cli({u"issue"_s, u"acme-glx"_s, seeded});
    QVERIFY2(run.out.contains(u"history:        changes before "_s), qPrintable(run.out + run.err));
    QVERIFY2(cli({u"status"_s, u"acme-glx"_s}).code == 0, "compacting lost what keeps the pair in step");
    QCOMPARE(cli({u"pair"_s, u"compact"_s, u"acme-glx"_s, u"--days"_s, u"0"_s}).code, 2);
    QCOMPARE(cli({u"pair"_s, u"compact"_s, u"nope"_s}).code, 1);

    run = cli({u"pair"_s, u"suggest"_s, u"--name"_s, u"x"_s, u"--a"_s, u"acme:NOPE"_s, u"--b"_s, u"glx:GLX"_s});
    QCOMPARE(run.code, 1);
    QVERIFY(run.err.contains(u"No project could be found with key 'NOPE'"_s));
    QCOMPARE(cli({u"pair"_s, u"remove"_s, u"acme-glx"_s}).code, 0);
    run = cli({u"pair"_s, u"show"_s, u"acme-glx"_s});
    QCOMPARE(run.code, 1);
    QVERIFY(run.err.contains(u"There is no pair named 'acme-glx'"_s));
}

void TestCliSites::runsTheDemoWithoutKeychain()
{
    QProcessEnvironment noKeychain;
    noKeychain.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/bus"_s);
    const Run run = cli({u"demo"_s}, {}, noKeychain);
    QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.out.contains(u"acme-glx              1        acme:ACME"_s), qPrintable(run.out));
    QVERIFY(run.out.contains(u"A to B: 3 changes found in 3 issues read; 3 written"_s));
    QVERIFY(run.out.contains(u"round 2 of pair acme-glx"_s));
    QVERIFY2(run.out.contains(u"A to B: 0 changes found in 4 issues read; 0 written"_s), qPrintable(run.out));
    QVERIFY(run.out.contains(u"#1  ACME-3 <-> GLX-4  summary"_s));
    QVERIFY2(run.out.contains(QRegularExpression(
                 u"the comment on GLX-2: Ada Admin wrote on ACME-1, .* UTC: The reader in hall B is dead too\\. "
                 "!floor-plan\\.png!\n"_s)),
             qPrintable(run.out));
    QVERIFY(run.out.contains(u"the worklog on ACME-1: 1h 30m, by Ada Admin"_s));
    QVERIFY(run.out.contains(u"the attachments of GLX-2: floor-plan.png (40000 bytes)"_s));
    QVERIFY(run.out.contains(u"linked issues:   4"_s));
    QVERIFY(run.out.contains(u"open conflicts:  1"_s));
    // Nothing of it stays behind in the state folder the command was given.
    QVERIFY(!QFile::exists(m_state + u"/ferry.db"_s));
    QCOMPARE(cli({u"demo"_s, u"extra"_s}).code, 2);
}

QTEST_GUILESS_MAIN(TestCliSites)
#include "tst_cli_sites.moc"
