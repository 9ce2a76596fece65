#include "clientsupport.h"
#include "jira/jiraclient.h"
#include "sandboxfixture.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

namespace {

/// A bare HTTP server that records each request as text and answers with a fixed response.
class RawServer : public QTcpServer {
public:
    QByteArray response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    QList<QByteArray> requests;

    RawServer() { listen(QHostAddress::LocalHost); }
    QString url() const { return u"http://127.0.0.1:%1"_s.arg(serverPort()); }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        socket->setSocketDescriptor(descriptor);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            const QByteArray request = socket->readAll();
            requests << request;
            socket->write(response);
            socket->flush();
            socket->disconnectFromHost();
        });
    }
};

} // namespace

class TestJiraClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void detectsTheDeployment_data() { addFlavors(); }
    void detectsTheDeployment();
    void pagesSearchesToTheEnd_data() { addFlavors(); }
    void pagesSearchesToTheEnd();
    void explainsJiraErrors_data() { addFlavors(); }
    void explainsJiraErrors();
    void waitsAsRetryAfterSays_data();
    void waitsAsRetryAfterSays();
    void waitsOutASpentQuota();
    void staysPoliteUnderCloudRateLimits();
    void retriesReadsButNotCreatesAfterResets();
    void givesUpOnAHungServer();
    void failsClosedOnUntrustedCertificates();
    void followsRedirectsSafely();
    void cancelsRequests();
    void runsTypedOperations_data() { addFlavors(); }
    void runsTypedOperations();
    void worksOnAWorkerThread();
    void cleanupTestCase();

private:
    std::unique_ptr<InstalledLogSink> m_log;
    QNetworkAccessManager m_network;
};

void TestJiraClient::initTestCase()
{
    isolateUserFolders();
    QLoggingCategory::setFilterRules(u"ferry.*.debug=true"_s);
    m_log = std::make_unique<InstalledLogSink>();
}

void TestJiraClient::detectsTheDeployment()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    JiraClient client(siteFor(sb), secretFor(flavor), &m_network);
    QCOMPARE(client.deployment(), JiraClient::Deployment::Unknown);
    JiraReply *reply = client.detectDeployment();
    QVERIFY(waitFor(reply));
    QVERIFY2(reply->ok(), qPrintable(reply->error().sentence()));
    QCOMPARE(client.deployment(),
             flavor == Flavor::Cloud ? JiraClient::Deployment::Cloud : JiraClient::Deployment::DataCenter);
    QCOMPARE(client.api(u"/myself"_s), flavor == Flavor::Cloud ? u"/rest/api/3/myself"_s : u"/rest/api/2/myself"_s);
    JiraReply *me = client.get(client.api(u"/myself"_s));
    QVERIFY(waitFor(me));
    QCOMPARE(me->object().value(u"emailAddress"_s).toString(), u"admin@example.com"_s);
    QCOMPARE(client.statistics().requests(), 2);
    QCOMPARE(client.statistics().byResource.value(u"myself"_s), 1);

    if (flavor == Flavor::DataCenter) { // a personal access token works as Bearer
        Site pat = siteFor(sb);
        pat.auth = Site::Auth::PersonalAccessToken;
        pat.user.clear();
        JiraClient bearer(pat, u"sandbox-pat"_s, &m_network);
        JiraReply *viaPat = bearer.get(u"/rest/api/2/myself"_s);
        QVERIFY(waitFor(viaPat));
        QCOMPARE(viaPat->object().value(u"name"_s).toString(), u"admin"_s);
    }
}

void TestJiraClient::pagesSearchesToTheEnd()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"PG"_s, u"Paging"_s, 250);
    JiraClient client(siteFor(sb), secretFor(flavor), &m_network);
    QVERIFY(waitFor(client.detectDeployment()));
    SearchReply *all = client.search(u"project = PG ORDER BY key"_s, {u"summary"_s, u"updated"_s});
    QSignalSpy progress(all, &JiraReply::progress);
    QVERIFY(waitFor(all));
    QVERIFY2(all->ok(), qPrintable(all->error().sentence()));
    QCOMPARE(all->issues().size(), 250);
    QCOMPARE(all->pages(), 3); // pages of 100: the floor
    QCOMPARE(progress.count(), 3);
    QSet<QString> keys;
    for (const QJsonObject &issue : all->issues())
        keys.insert(issue.value(u"key"_s).toString());
    QCOMPARE(keys.size(), 250);
    QVERIFY(all->issues().first().value(u"fields"_s).toObject().contains(u"updated"_s));
    QCOMPARE(client.statistics().byResource.value(u"search"_s), 3);

    SearchReply *ids = client.search(u"project = PG"_s, {u"id"_s});
    QVERIFY(waitFor(ids));
    QCOMPARE(ids->issues().size(), 250);
    QCOMPARE(ids->pages(), 1); // ids travel 1,000 (Data Center) or 5,000 (Cloud) a page

    SearchReply *bad = client.search(u"colour = red"_s, {u"summary"_s});
    QVERIFY(waitFor(bad));
    QCOMPARE(bad->error().kind, JiraError::Kind::Http);
    QVERIFY(bad->error().sentence().contains(u"Field 'colour' does not exist"_s));
}

void TestJiraClient::explainsJiraErrors()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ER"_s, u"Errors"_s, 1);
    JiraClient client(siteFor(sb), secretFor(flavor), &m_network);
    QVERIFY(waitFor(client.detectDeployment()));
    JiraReply *create = client.post(client.api(u"/issue"_s),
                                    QJsonObject{{u"fields"_s,
                                                 QJsonObject{{u"project"_s, QJsonObject{{u"key"_s, u"ER"_s}}},
                                                             {u"issuetype"_s, QJsonObject{{u"name"_s, u"Task"_s}}},
                                                             {u"summary"_s, u"x"_s},
                                                             {u"bogus"_s, 1}}}});
    QVERIFY(waitFor(create));
    QCOMPARE(create->error().kind, JiraError::Kind::Http);
    QCOMPARE(create->error().httpStatus, 400);
    QCOMPARE(create->error().fieldErrors.value(u"bogus"_s),
             u"Field 'bogus' cannot be set. It is not on the appropriate screen, or unknown."_s);
    QCOMPARE(create->error().sentence(),
             u"HTTP 400: Field 'bogus' cannot be set. It is not on the appropriate screen, or unknown."_s);

    JiraReply *missing = client.get(client.api(u"/issue/ER-404"_s));
    QVERIFY(waitFor(missing));
    QCOMPARE(missing->error().sentence(), u"HTTP 404: Issue does not exist or you do not have permission to see it."_s);

    JiraClient wrong(siteFor(sb), u"not-the-secret"_s, &m_network);
    JiraReply *refused = wrong.get(u"/rest/api/2/myself"_s);
    QVERIFY(waitFor(refused));
    QCOMPARE(refused->error().httpStatus, 401);
    QVERIFY(refused->error().sentence().contains(u"refused the credentials"_s));
}

void TestJiraClient::waitsAsRetryAfterSays_data()
{
    QTest::addColumn<QString>("reason");
    QTest::newRow("burst") << u"jira-burst-based"_s;
    QTest::newRow("per issue") << u"jira-per-issue-on-write"_s;
    QTest::newRow("tenant quota") << u"jira-quota-tenant-based"_s;
}

void TestJiraClient::waitsAsRetryAfterSays()
{
    QFETCH(QString, reason);
    SandboxFixture sb(Flavor::Cloud);
    QVERIFY(sb.start());
    sb.server().seedProject(u"RL"_s, u"Limits"_s, 2);
    JiraClient client(siteFor(sb), secretFor(Flavor::Cloud), &m_network);
    QSignalSpy throttled(&client, &JiraClient::throttled);
    sandbox::SandboxServer::Faults faults;
    faults.stormCount = 2;
    faults.stormRetryAfter = 1;
    faults.stormReason = reason;
    sb.server().setFaults(faults);
    QElapsedTimer clock;
    clock.start();
    JiraReply *edit
        = client.put(u"/rest/api/3/issue/RL-1"_s, QJsonObject{{u"fields"_s, QJsonObject{{u"summary"_s, u"Edited"_s}}}});
    QVERIFY(waitFor(edit));
    QVERIFY2(edit->ok(), qPrintable(edit->error().sentence()));
    QVERIFY(clock.elapsed() >= 2000); // it waited as long as the site asked, twice
    QCOMPARE(client.statistics().tooManyRequests, 2);
    QCOMPARE(client.statistics().requests(), 3); // two refusals and one success: nothing more
    QCOMPARE(throttled.count(), 2);
    QCOMPARE(throttled.first().at(0).toString(), reason);
    QCOMPARE(throttled.first().at(1).toInt(), 1000);
    QCOMPARE(sb.get(u"/rest/api/3/issue/RL-1?fields=summary"_s)
                 .object()
                 .value(u"fields"_s)
                 .toObject()
                 .value(u"summary"_s)
                 .toString(),
             u"Edited"_s);
}

void TestJiraClient::waitsOutASpentQuota()
{
    // Cloud's hourly quota: Retry-After up to an hour, for every request to the site. Here 2 s
    // stand for the hour, and a 300 ms cap for the one that bounds other waits.
    SandboxFixture sb(Flavor::Cloud);
    QVERIFY(sb.start());
    sb.server().seedProject(u"QU"_s, u"Quota"_s, 8);
    JiraClient client(siteFor(sb), secretFor(Flavor::Cloud), &m_network);
    JiraClient::Options options;
    options.maxWaitMs = 300;
    client.setOptions(options);
    QSignalSpy throttled(&client, &JiraClient::throttled);
    sandbox::SandboxServer::Faults faults;
    faults.stormCount = 8; // the first requests in flight, then one probe after each wait
    faults.stormRetryAfter = 2;
    faults.stormReason = u"jira-quota-global-based"_s;
    sb.server().setFaults(faults);
    QElapsedTimer clock;
    clock.start();
    QList<JiraReply *> replies;
    for (int i = 1; i <= 8; ++i)
        replies << client.get(u"/rest/api/3/issue/QU-%1"_s.arg(i), QUrlQuery(u"fields=summary"_s));
    for (JiraReply *reply : replies) {
        QVERIFY(waitFor(reply, 60'000));
        QVERIFY2(reply->ok(), qPrintable(reply->error().sentence()));
    }
    const int firstBurst = options.maxConcurrency; // refused together
    const int probes = 8 - firstBurst; // each refused alone, one wait apart
    QCOMPARE(client.statistics().tooManyRequests, 8);
    QCOMPARE(client.statistics().requests(), 8 + 8); // nothing sent in a wait but the one probe
    QVERIFY2(clock.elapsed() >= 2000 * (probes + 1), qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(throttled.last().at(0).toString(), u"jira-quota-global-based"_s);
    QCOMPARE(throttled.last().at(1).toInt(), 2000); // as long as Jira asked, not the 300 ms cap
}

void TestJiraClient::staysPoliteUnderCloudRateLimits()
{
    sandbox::SandboxServer::Options options;
    options.flavor = Flavor::Cloud;
    options.cloudRateLimits = true;
    SandboxFixture sb(options);
    QVERIFY(sb.start());
    sb.server().seedProject(u"BU"_s, u"Burst"_s, 20);
    JiraClient client(siteFor(sb), secretFor(Flavor::Cloud), &m_network);
    QList<JiraReply *> replies;
    for (int i = 0; i < 250; ++i)
        replies << client.get(u"/rest/api/3/issue/BU-%1"_s.arg(i % 20 + 1), QUrlQuery(u"fields=summary"_s));
    for (JiraReply *reply : replies) {
        QVERIFY(waitFor(reply, 60'000));
        QVERIFY2(reply->ok(), qPrintable(reply->error().sentence()));
    }
    const auto &stats = client.statistics();
    QVERIFY(stats.tooManyRequests > 0); // the burst met the limit...
    QCOMPARE(stats.requests(), 250 + stats.tooManyRequests); // ...and nothing was lost or sent twice
    QVERIFY(stats.tooManyRequests < 60); // backing off kept the refusals few
}

void TestJiraClient::retriesReadsButNotCreatesAfterResets()
{
    SandboxFixture sb(Flavor::DataCenter);
    QVERIFY(sb.start());
    sb.server().seedProject(u"RS"_s, u"Resets"_s, 1);
    JiraClient client(siteFor(sb), secretFor(Flavor::DataCenter), &m_network);
    JiraClient::Options options;
    options.backoffBaseMs = 20;
    client.setOptions(options);

    sandbox::SandboxServer::Faults faults;
    faults.resetRate = 1;
    faults.routes = QRegularExpression(u"^GET"_s);
    sb.server().setFaults(faults);
    JiraReply *read = client.get(u"/rest/api/2/issue/RS-1"_s);
    QTimer::singleShot(150, this, [&] { sb.server().setFaults({}); }); // the network heals
    QVERIFY(waitFor(read));
    QVERIFY2(read->ok(), qPrintable(read->error().sentence()));
    QVERIFY(client.statistics().retries >= 1);

    faults.routes = QRegularExpression(u"^POST /rest/api/2/issue$"_s);
    sb.server().setFaults(faults);
    const qint64 before = sb.server().statistics().byRoute.value(u"unknown"_s);
    JiraReply *create = client.post(u"/rest/api/2/issue"_s,
                                    QJsonObject{{u"fields"_s,
                                                 QJsonObject{{u"project"_s, QJsonObject{{u"key"_s, u"RS"_s}}},
                                                             {u"issuetype"_s, QJsonObject{{u"name"_s, u"Task"_s}}},
                                                             {u"summary"_s, u"Once"_s}}}});
    QVERIFY(waitFor(create));
    QCOMPARE(create->error().kind, JiraError::Kind::OutcomeUnknown);
    QVERIFY(create->error().sentence().contains(u"may or may not have been applied"_s));
    QCOMPARE(client.statistics().byMethod.value(u"POST"_s), 1); // Ferry did not send it again...
    // ...but Qt's HTTP layer resends once by itself when a connection closes before any answer, whatever
    // the method. The engine's origin marker (an issue property) is what finds a create that went twice.
    QVERIFY(sb.server().statistics().byRoute.value(u"unknown"_s) - before <= 2);
}

void TestJiraClient::givesUpOnAHungServer()
{
    SandboxFixture sb(Flavor::DataCenter);
    QVERIFY(sb.start());
    sandbox::SandboxServer::Faults faults;
    faults.hangRate = 1;
    sb.server().setFaults(faults);
    JiraClient client(siteFor(sb), secretFor(Flavor::DataCenter), &m_network);
    JiraClient::Options options;
    options.transferTimeoutMs = 300;
    options.maxAttempts = 2;
    options.backoffBaseMs = 10;
    client.setOptions(options);
    JiraReply *reply = client.get(u"/rest/api/2/myself"_s);
    QVERIFY(waitFor(reply, 10'000));
    QCOMPARE(reply->error().kind, JiraError::Kind::Timeout);
    QCOMPARE(client.statistics().requests(), 2);
}

void TestJiraClient::failsClosedOnUntrustedCertificates()
{
    QTemporaryDir dir;
    QString cert, key;
    QVERIFY(makeCertificate(dir.path(), u"127.0.0.1"_s, 2, &cert, &key));
    sandbox::SandboxServer::Options options;
    options.flavor = Flavor::DataCenter;
    options.tlsCertificatePath = cert;
    options.tlsKeyPath = key;
    SandboxFixture sb(options);
    QVERIFY(sb.start());

    Site site = siteFor(sb);
    {
        QNetworkAccessManager network; // fresh connections for each trust setting
        JiraClient untrusted(site, u"admin"_s, &network);
        JiraReply *reply = untrusted.get(u"/rest/api/2/myself"_s);
        QVERIFY(waitFor(reply));
        QCOMPARE(reply->error().kind, JiraError::Kind::Tls);
        QVERIFY2(reply->error().sentence().contains(publicKeyPin(cert)), qPrintable(reply->error().sentence()));
        QCOMPARE(sb.server().statistics().requests, 0); // nothing, credentials included, went through
    }
    {
        QNetworkAccessManager network;
        site.pinnedKeys = {publicKeyPin(cert)};
        JiraClient pinned(site, u"admin"_s, &network);
        JiraReply *reply = pinned.get(u"/rest/api/2/myself"_s);
        QVERIFY(waitFor(reply));
        QVERIFY2(reply->ok(), qPrintable(reply->error().sentence()));
    }
    {
        QNetworkAccessManager network;
        site.pinnedKeys.clear();
        site.caFile = cert; // a self-signed certificate is its own CA
        JiraClient withCa(site, u"admin"_s, &network);
        JiraReply *reply = withCa.get(u"/rest/api/2/myself"_s);
        QVERIFY(waitFor(reply));
        QVERIFY2(reply->ok(), qPrintable(reply->error().sentence()));
    }
    {
        QNetworkAccessManager network; // a pin that does not match fails even with a trusted chain
        site.pinnedKeys = {u"sha256/"_s + QString::fromLatin1(QByteArray(32, 'x').toBase64())};
        JiraClient wrongPin(site, u"admin"_s, &network);
        JiraReply *reply = wrongPin.get(u"/rest/api/2/myself"_s);
        QVERIFY(waitFor(reply));
        QCOMPARE(reply->error().kind, JiraError::Kind::Tls);
        QVERIFY(reply->error().sentence().contains(u"does not carry any pinned key"_s));
    }

    // A certificate for another host name fails, pinned or not.
    QString otherCert, otherKey;
    QVERIFY(makeCertificate(dir.path(), u"jira.example.com"_s, 2, &otherCert, &otherKey));
    options.tlsCertificatePath = otherCert;
    options.tlsKeyPath = otherKey;
    SandboxFixture other(options);
    QVERIFY(other.start());
    Site otherSite = siteFor(other);
    otherSite.pinnedKeys = {publicKeyPin(otherCert)};
    {
        QNetworkAccessManager network;
        JiraClient client(otherSite, u"admin"_s, &network);
        JiraReply *reply = client.get(u"/rest/api/2/myself"_s);
        QVERIFY(waitFor(reply));
        QCOMPARE(reply->error().kind, JiraError::Kind::Tls);
        QVERIFY2(reply->error().sentence().contains(u"host"_s, Qt::CaseInsensitive),
                 qPrintable(reply->error().sentence()));
    }

    // An expired certificate fails, pinned or not.
    QTemporaryDir expiredDir;
    QString expiredCert, expiredKey;
    QVERIFY(makeCertificate(expiredDir.path(), u"127.0.0.1"_s, 0, &expiredCert, &expiredKey));
    options.tlsCertificatePath = expiredCert;
    options.tlsKeyPath = expiredKey;
    SandboxFixture expired(options);
    QVERIFY(expired.start());
    Site expiredSite = siteFor(expired);
    expiredSite.pinnedKeys = {publicKeyPin(expiredCert)};
    {
        QNetworkAccessManager network;
        JiraClient client(expiredSite, u"admin"_s, &network);
        JiraReply *reply = client.get(u"/rest/api/2/myself"_s);
        QVERIFY(waitFor(reply));
        QCOMPARE(reply->error().kind, JiraError::Kind::Tls);
        QVERIFY2(reply->error().sentence().contains(u"expired"_s, Qt::CaseInsensitive),
                 qPrintable(reply->error().sentence()));
    }
}

void TestJiraClient::followsRedirectsSafely()
{
    RawServer target;
    RawServer redirector;
    redirector.response
        = "HTTP/1.1 302 Found\r\nLocation: " + target.url().toLatin1() + "/elsewhere\r\nContent-Length: 0\r\n\r\n";
    Site site;
    site.name = u"redirecting"_s;
    site.url = QUrl(redirector.url());
    site.user = u"admin"_s;
    JiraClient client(site, u"very-secret-password"_s, &m_network);
    JiraReply *reply = client.get(u"/rest/api/2/serverInfo"_s);
    QVERIFY(waitFor(reply));
    QVERIFY2(reply->ok(), qPrintable(reply->error().sentence()));
    QCOMPARE(redirector.requests.size(), 1);
    QVERIFY(redirector.requests.first().contains("Authorization: Basic"));
    QCOMPARE(target.requests.size(), 1);
    QVERIFY(target.requests.first().startsWith("GET /elsewhere"));
    QVERIFY2(!target.requests.first().contains("Authorization"),
             target.requests.first().constData()); // not carried to another host

    // A write is not resent to another host.
    JiraReply *write = client.put(u"/rest/api/2/issue/X-1"_s, QJsonObject{});
    QVERIFY(waitFor(write));
    QCOMPARE(write->error().kind, JiraError::Kind::Redirect);
    QCOMPARE(target.requests.size(), 1);

    // https never goes down to http.
    site.url = QUrl(u"https://127.0.0.1:%1"_s.arg(redirector.serverPort()));
    RawServer loop;
    loop.response = "HTTP/1.1 301 Moved\r\nLocation: " + loop.url().toLatin1() + "/again\r\nContent-Length: 0\r\n\r\n";
    Site looping = site;
    looping.url = QUrl(loop.url());
    JiraClient loopClient(looping, u"x-secret-x"_s, &m_network);
    JiraReply *endless = loopClient.get(u"/start"_s);
    QVERIFY(waitFor(endless));
    QCOMPARE(endless->error().kind, JiraError::Kind::Redirect);
    QVERIFY(endless->error().sentence().contains(u"Too many redirects"_s));
}

void TestJiraClient::cancelsRequests()
{
    SandboxFixture sb(Flavor::DataCenter);
    QVERIFY(sb.start());
    sandbox::SandboxServer::Faults faults;
    faults.latencyMs = 2000;
    sb.server().setFaults(faults);
    JiraClient client(siteFor(sb), secretFor(Flavor::DataCenter), &m_network);
    JiraReply *inFlight = client.get(u"/rest/api/2/myself"_s);
    QTimer::singleShot(100, inFlight, &JiraReply::abort);
    QVERIFY(waitFor(inFlight));
    QCOMPARE(inFlight->error().kind, JiraError::Kind::Aborted);
    JiraReply *queued = client.get(u"/rest/api/2/myself"_s);
    queued->abort(); // before it even started
    QVERIFY(waitFor(queued));
    QCOMPARE(queued->error().kind, JiraError::Kind::Aborted);
}

void TestJiraClient::runsTypedOperations()
{
    QFETCH(Flavor, flavor);
    const bool cloud = flavor == Flavor::Cloud;
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"OPS"_s, u"Operations"_s, 150);
    JiraClient client(siteFor(sb), secretFor(flavor), &m_network);
    QVERIFY(waitFor(client.detectDeployment()));
    const auto ok = [](JiraReply *reply) {
        const bool finished = waitFor(reply);
        if (!finished || !reply->ok())
            qWarning("%s", qPrintable(reply->error().sentence()));
        return finished && reply->ok();
    };

    // Metadata is fetched once, then served from the cache until refreshed.
    JiraReply *metadata = client.metadata();
    QVERIFY(ok(metadata));
    QCOMPARE(metadata->object().value(u"priorities"_s).toArray().size(), 5);
    QCOMPARE(metadata->object().value(u"linkTypes"_s).toArray().size(), 4);
    QVERIFY(metadata->object().value(u"fields"_s).toArray().size() > 20);
    const qint64 afterFirst = client.statistics().requests();
    QVERIFY(ok(client.metadata()));
    QCOMPARE(client.statistics().requests(), afterFirst);
    QVERIFY(ok(client.metadata(true)));
    QCOMPARE(client.statistics().requests(), afterFirst + 6);

    QVERIFY(ok(client.projects()));
    JiraReply *meta = client.createMeta(u"OPS"_s, cloud ? u"10001"_s : u"3"_s);
    QVERIFY(ok(meta));
    QVERIFY(!meta->object().value(cloud ? u"fields"_s : u"values"_s).toArray().isEmpty());
    JiraReply *users = client.findUsers(u"ali"_s);
    QVERIFY(ok(users));
    QCOMPARE(users->json().array().first().toObject().value(u"displayName"_s).toString(), u"Alice Smith"_s);

    // Create with the origin marker in the same request, read it back.
    const QJsonObject fields{{u"project"_s, QJsonObject{{u"key"_s, u"OPS"_s}}},
                             {u"issuetype"_s, QJsonObject{{u"name"_s, u"Task"_s}}},
                             {u"summary"_s, u"Typed"_s}};
    const QJsonArray marker{
        QJsonObject{{u"key"_s, u"ferry.origin"_s}, {u"value"_s, QJsonObject{{u"op"_s, u"op-1"_s}}}}};
    JiraReply *created = client.createIssue(fields, marker);
    QVERIFY(ok(created));
    const QString key = created->object().value(u"key"_s).toString();
    JiraReply *issue = client.getIssue(key, {u"summary"_s}, {u"changelog"_s}, {u"ferry.origin"_s});
    QVERIFY(ok(issue));
    QCOMPARE(
        issue->object().value(u"properties"_s).toObject().value(u"ferry.origin"_s).toObject().value(u"op"_s).toString(),
        u"op-1"_s);
    QCOMPARE(issue->object().value(u"fields"_s).toObject().keys(), QStringList{u"summary"_s});

    QVERIFY(ok(client.editIssue(key, {{u"summary"_s, u"Typed and edited"_s}},
                                {{u"labels"_s, QJsonArray{QJsonObject{{u"add"_s, u"typed"_s}}}}})));
    JiraReply *transitions = client.transitions(key);
    QVERIFY(ok(transitions));
    const QString toId
        = transitions->object().value(u"transitions"_s).toArray().first().toObject().value(u"id"_s).toString();
    QVERIFY(ok(client.transition(key, toId)));

    JiraReply *comment = client.addComment(key, sb.richText(u"Typed comment"_s));
    QVERIFY(ok(comment));
    const QString commentId = comment->object().value(u"id"_s).toString();
    QVERIFY(ok(client.editComment(key, commentId, sb.richText(u"Edited comment"_s))));
    JiraReply *comments = client.comments(key);
    QVERIFY(ok(comments));
    QCOMPARE(comments->object().value(u"total"_s).toInt(), 1);
    QVERIFY(ok(client.deleteComment(key, commentId)));

    QVERIFY(
        ok(client.addWorklog(key, {{u"timeSpentSeconds"_s, 1800}, {u"started"_s, u"2026-11-28T09:00:00.000+0000"_s}})));
    JiraReply *worklogs = client.worklogs(key);
    QVERIFY(ok(worklogs));
    QCOMPARE(worklogs->object().value(u"total"_s).toInt(), 1);

    QVERIFY(ok(client.createLink(u"Relates"_s, key, u"OPS-1"_s)));
    JiraReply *linked = client.getIssue(key, {u"issuelinks"_s});
    QVERIFY(ok(linked));
    const QString linkId = linked->object()
                               .value(u"fields"_s)
                               .toObject()
                               .value(u"issuelinks"_s)
                               .toArray()
                               .first()
                               .toObject()
                               .value(u"id"_s)
                               .toString();
    QVERIFY(ok(client.deleteLink(linkId)));

    QVERIFY(ok(client.setProperty(key, u"ferry.state"_s, u"synced"_s)));
    JiraReply *property = client.property(key, u"ferry.state"_s);
    QVERIFY(ok(property));
    QCOMPARE(property->object().value(u"value"_s).toString(), u"synced"_s);
    QVERIFY(ok(client.deleteProperty(key, u"ferry.state"_s)));
    JiraReply *gone = client.property(key, u"ferry.state"_s);
    QVERIFY(waitFor(gone));
    QCOMPARE(gone->httpStatus(), 404);

    JiraReply *bulk = client.createIssues({QJsonObject{{u"fields"_s, fields}}, QJsonObject{{u"fields"_s, fields}}});
    QVERIFY(ok(bulk));
    QCOMPARE(bulk->object().value(u"issues"_s).toArray().size(), 2);

    QStringList keys;
    for (int i = 1; i <= 150; ++i)
        keys << u"OPS-%1"_s.arg(i);
    SearchReply *fetched = client.fetchIssues(keys, {u"summary"_s});
    QVERIFY(ok(fetched));
    QCOMPARE(fetched->issues().size(), 150);
    QCOMPARE(fetched->pages(), 2); // a hundred per request

    // Attachments stream from a file and back into one.
    QTemporaryDir dir;
    QFile upload(dir.filePath(u"big.bin"_s));
    QVERIFY(upload.open(QIODevice::ReadWrite));
    QByteArray chunk(64 * 1024, Qt::Uninitialized);
    for (int i = 0; i < 48; ++i) {
        for (qsizetype j = 0; j < chunk.size(); ++j)
            chunk[j] = char((i * 131 + j * 7) % 256);
        upload.write(chunk);
    }
    JiraReply *attached = client.uploadAttachment(key, &upload, u"résumé.bin"_s);
    QVERIFY(ok(attached));
    const QJsonObject attachment = attached->json().array().first().toObject();
    QCOMPARE(attachment.value(u"filename"_s).toString(), u"résumé.bin"_s);
    QCOMPARE(attachment.value(u"size"_s).toInteger(), upload.size());
    QFile download(dir.filePath(u"copy.bin"_s));
    QVERIFY(download.open(QIODevice::WriteOnly));
    JiraReply *fetchedFile = client.downloadAttachment(QUrl(attachment.value(u"content"_s).toString()), &download);
    QVERIFY(ok(fetchedFile));
    QVERIFY(fetchedFile->body().isEmpty()); // streamed to the file, not kept
    download.close();
    upload.seek(0);
    QVERIFY(download.open(QIODevice::ReadOnly));
    QCOMPARE(download.size(), upload.size());
    QVERIFY(download.readAll() == upload.readAll());
    // Cloud sends a download on to its media service, whose address names the file rich text refers to.
    const QString attachmentId = attachment.value(u"id"_s).toVariant().toString();
    if (cloud) {
        JiraReply *location = client.attachmentLocation(attachmentId);
        QVERIFY(ok(location));
        QCOMPARE(location->httpStatus(), 303);
        const QString mediaId = JiraClient::mediaFileIdIn(QUrl::fromEncoded(location->header("location")));
        QVERIFY(!mediaId.isEmpty());
        QCOMPARE(JiraClient::mediaFileIdIn(fetchedFile->redirects().value(0)), mediaId);
    } else {
        QVERIFY(fetchedFile->redirects().isEmpty());
    }
    QCOMPARE(JiraClient::mediaFileIdIn(QUrl(u"https://media.example/file/not-a-file/binary"_s)), QString());
    QVERIFY(ok(client.deleteAttachment(attachmentId)));
}

void TestJiraClient::worksOnAWorkerThread()
{
    SandboxFixture sb(Flavor::DataCenter);
    QVERIFY(sb.start());
    sb.server().seedProject(u"TH"_s, u"Threads"_s, 120);
    // As the engine runs it: a worker thread with its own network access manager and client;
    // the result comes back to this thread through a queued call.
    QThread worker;
    worker.start();
    auto *home = new QObject;
    home->moveToThread(&worker);
    QObject receiver;
    qsizetype found = -1;
    QThread *ranOn = nullptr;
    const Site site = siteFor(sb);
    QMetaObject::invokeMethod(home, [home, site, &receiver, &found, &ranOn] {
        auto *network = new QNetworkAccessManager(home);
        auto *client = new JiraClient(site, u"admin"_s, network, home);
        JiraReply *detect = client->detectDeployment();
        QObject::connect(detect, &JiraReply::finished, home, [client, &receiver, &found, &ranOn] {
            SearchReply *all = client->search(u"project = TH"_s, {u"summary"_s});
            QObject::connect(all, &JiraReply::finished, client, [all, &receiver, &found, &ranOn] {
                const qsizetype count = all->issues().size();
                QThread *thread = QThread::currentThread();
                QMetaObject::invokeMethod(&receiver, [count, thread, &found, &ranOn] {
                    found = count;
                    ranOn = thread;
                });
            });
        });
    });
    QTRY_COMPARE_WITH_TIMEOUT(found, 120, 30'000);
    QCOMPARE(ranOn, &worker);
    QMetaObject::invokeMethod(home, &QObject::deleteLater);
    worker.quit();
    QVERIFY(worker.wait(10'000));
}

void TestJiraClient::cleanupTestCase()
{
    // No secret used by this test may appear in any log line it produced.
    const QString text = m_log->fileText();
    QVERIFY(text.contains(u"ferry.jira"_s)); // the client did log
    for (const QString &secret : {u"sandbox-token"_s, u"sandbox-pat"_s, u"very-secret-password"_s, u"not-the-secret"_s,
                                  u"YWRtaW46YWRtaW4="_s /* admin:admin */,
                                  QString::fromLatin1("admin@example.com:sandbox-token"_ba.toBase64())}) {
        QVERIFY2(!text.contains(secret), qPrintable(u"secret in the log: "_s + secret));
    }
    m_log.reset();
}

QTEST_GUILESS_MAIN(TestJiraClient)
#include "tst_jiraclient.moc"
