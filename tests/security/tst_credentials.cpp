// Security findings 3, 9 and 10 (docs/security.md): credentials never travel in clear, a secret
// typed into the console never reaches a log, and a server that names no account is no sign-in.
// Each test reproduces the attack against the real parts (ferry-cli, the Jira client, a server
// on loopback) and fails without the fix.

#include "clirunner.h"
#include "core/secretredactor.h"
#include "engine/pairsetup.h"
#include "jira/jiraclient.h"
#include "jira/sitecheck.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

/// A server that speaks just enough HTTP to pass for a Jira Data Center site, but whose /myself
/// answer names no account: a proxy's or a phishing page's "200 OK".
class AnonymousJira : public QTcpServer {
public:
    AnonymousJira()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    const QByteArray request = socket->readAll();
                    const QByteArray body = request.contains("/serverInfo")
                        ? R"({"baseUrl":"http://127.0.0.1","version":"9.12.0","deploymentType":"Server"})"
                        : R"({"self":"http://127.0.0.1/rest/api/2/user","active":true})";
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                  + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
};

} // namespace

class TestCredentials : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void plainHttpIsForThisMachineOnly_data();
    void plainHttpIsForThisMachineOnly();
    void refusesPlainHttpAtSiteAddAndInSitesJson();
    void sendsNothingInClearWhateverLetTheSiteIn();
    void registersSecretsTypedIntoTheConsole();
    void failsASignInThatNamesNoAccount();

private:
    QTemporaryDir m_home;
    CliRunner m_runner{QStringLiteral(FERRY_CLI), QString()};
};

void TestCredentials::initTestCase()
{
    isolateUserFolders();
    m_runner.useTestHome(m_home.path());
}

void TestCredentials::plainHttpIsForThisMachineOnly_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("https anywhere") << u"https://acme.atlassian.net"_s << true;
    QTest::newRow("localhost") << u"http://localhost:8080"_s << true;
    QTest::newRow("127.0.0.1") << u"http://127.0.0.1:8080/jira"_s << true;
    QTest::newRow("127.8.9.10") << u"http://127.8.9.10"_s << true;
    QTest::newRow("::1") << u"http://[::1]:8080"_s << true;
    QTest::newRow("a public host") << u"http://jira.example.com"_s << false;
    QTest::newRow("a host named like loopback") << u"http://127.evil.example"_s << false;
    QTest::newRow("localhost as a subdomain") << u"http://localhost.evil.example"_s << false;
    QTest::newRow("a private address") << u"http://10.1.2.3"_s << false;
}

void TestCredentials::plainHttpIsForThisMachineOnly()
{
    QFETCH(QString, url);
    QFETCH(bool, allowed);
    Site site;
    site.name = u"s"_s;
    site.url = QUrl(url);
    site.user = u"admin"_s;
    const QStringList problems = site.problems();
    QCOMPARE(problems.isEmpty(), allowed);
    if (!allowed)
        QVERIFY2(problems.join(u' ').contains(u"plain http"_s), qPrintable(problems.join(u' ')));
}

void TestCredentials::refusesPlainHttpAtSiteAddAndInSitesJson()
{
    const QString state = m_home.filePath(u"state-add"_s);
    m_runner.setStateDirectory(state);
    CliRun run = m_runner.run({u"site"_s, u"add"_s, u"remote"_s, u"--url"_s, u"http://jira.example.com"_s, u"--user"_s,
                               u"admin"_s, u"--secret"_s, u"env:DC_PASSWORD"_s});
    QVERIFY2(run.code != 0, qPrintable(run.out));
    QVERIFY2(run.err.contains(u"plain http"_s), qPrintable(run.err));
    QVERIFY(!QFile::exists(state + u"/sites.json"_s));

    // A sites.json edited by hand is refused as a whole, with the site named.
    QDir().mkpath(state);
    QFile sites(state + u"/sites.json"_s);
    QVERIFY(sites.open(QIODevice::WriteOnly));
    sites.write(R"({"version":1,"sites":[{"name":"remote","url":"http://jira.example.com","auth":"basic",
                   "user":"admin","secret":"env:DC_PASSWORD"}]})");
    sites.close();
    run = m_runner.run({u"site"_s, u"check"_s, u"remote"_s});
    QVERIFY(run.code != 0);
    QVERIFY2(run.err.contains(u"site 'remote'"_s) && run.err.contains(u"plain http"_s), qPrintable(run.err));
}

void TestCredentials::sendsNothingInClearWhateverLetTheSiteIn()
{
    // A site that got past every check (an older Ferry's sites.json, a bug): the client itself
    // refuses to send, before any byte with the credentials leaves.
    Site site;
    site.name = u"remote"_s;
    site.url = QUrl(u"http://jira.example.com"_s);
    site.user = u"admin"_s;
    QNetworkAccessManager network;
    JiraClient client(site, u"s3cret-token"_s, &network);
    JiraReply *reply = client.get(u"/rest/api/2/myself"_s);
    QSignalSpy finished(reply, &JiraReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(reply->error().kind, JiraError::Kind::Tls);
    QVERIFY2(reply->error().sentence().contains(u"plain http"_s), qPrintable(reply->error().sentence()));
    QCOMPARE(client.statistics().requests(), 0);
    QCOMPARE(client.statistics().bytesSent, 0);

    SiteCheck check(&client, QString());
    QSignalSpy checked(&check, &SiteCheck::finished);
    check.start();
    QVERIFY(checked.count() == 1 || checked.wait(5000));
    QVERIFY(!check.passed());
    QCOMPARE(check.lines().first().check, u"tls"_s);
    QCOMPARE(client.statistics().requests(), 0);
}

void TestCredentials::registersSecretsTypedIntoTheConsole()
{
    SecretRedactor redactor;
    PairSetup setup(m_home.filePath(u"state-wizard"_s), &redactor);
    SetupSide side;
    side.isNew = true;
    side.site.name = u"typed"_s;
    side.site.url = QUrl(u"http://127.0.0.1:1"_s);
    side.site.user = u"admin"_s;
    side.secret = u"typed-in-the-wizard-9f2c"_s;
    setup.checkSite(0, side);
    QVERIFY2(!redactor.redact(u"token typed-in-the-wizard-9f2c"_s).contains(u"9f2c"_s),
             "a site secret typed into the wizard is not registered with the redactor");

    MailSettings mail;
    mail.smtp.user = u"ferry@example.com"_s;
    setup.checkMail(mail, u"mail-password-7d41"_s);
    QVERIFY2(!redactor.redact(u"password mail-password-7d41"_s).contains(u"7d41"_s),
             "a mail password typed into the wizard is not registered with the redactor");
}

void TestCredentials::failsASignInThatNamesNoAccount()
{
    AnonymousJira server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    Site site;
    site.name = u"anonymous"_s;
    site.url = QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort()));
    site.user = u"admin"_s;
    QNetworkAccessManager network;
    JiraClient client(site, u"secret"_s, &network);
    SiteCheck check(&client, QString());
    QSignalSpy finished(&check, &SiteCheck::finished);
    check.start();
    QVERIFY(finished.wait(10000));
    QVERIFY(!check.passed());
    const auto authentication
        = std::find_if(check.lines().cbegin(), check.lines().cend(),
                       [](const SiteCheck::Line &line) { return line.check == u"authentication"_s; });
    QVERIFY(authentication != check.lines().cend());
    QVERIFY(!authentication->passed);
    QVERIFY2(authentication->detail.contains(u"names no account"_s), qPrintable(authentication->detail));
}

QTEST_GUILESS_MAIN(TestCredentials)
#include "tst_credentials.moc"
