// Licenses through ferry-cli against the sandbox's license service over loopback HTTP, the state
// in a real SQLite file: installing, refusing, validating online, revocation, the grace period
// when the service cannot be reached, and trials.
#include "clirunner.h"
#include "license/license.h"
#include "sandboxfixture.h"
#include "testsupport.h"

#include "engine/pairrunner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

class TestLicenses : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void installsAndValidatesOnlineUntilRevoked();
    void refusesWhatItCannotBelieve();
    void aCachedVerdictHoldsForTheGracePeriod();
    void issuesOneTrialPerSite();
    void aDirectPairRunsOnlyWithItsLicenses();
    void cloudToCloudNeedsBothLicensesOnline();
    void aRemoteLicenseCountsItsEndpoints();
    void aSlowLicenseServiceOnlyDelaysTheStart();
    void refusesAVerdictEditedInTheState();

private:
    CliRun cli(const QStringList &arguments);
    /// A license the sandbox issues (fields as /sandbox/v1/licenses takes them), saved to a file.
    QString issue(const QJsonObject &fields);
    QString writeFile(const QString &name, const QByteArray &content);
    QString idOf(const QString &file);
    /// A site of this console for a sandbox, named name.
    void addSite(const QString &name, SandboxFixture &site);
    /// A suggested pair between two sites of this console.
    void createPair(const QString &pair, const QString &a, const QString &aProject, const QString &b,
                    const QString &bProject);
    /// A license of a Cloud site on this machine, installed and validated by the sandbox's license
    /// service: its id, or empty when a step failed.
    QString installValidatedCloudLicense();
    /// Sets the last verdict on a license to days ago, as the service would have signed it.
    void ageVerdict(const QString &id, int days);
    /// Runs SQL on the state database, as someone who edits it by hand would: the rows it
    /// changed, -1 when it failed.
    int editState(const QString &sql, const QVariantList &values);

    QTemporaryDir m_dir;
    CliRunner m_runner{QStringLiteral(FERRY_CLI), QString()};
    std::unique_ptr<SandboxFixture> m_sb;
    int m_files = 0;
};

void TestLicenses::initTestCase()
{
    isolateUserFolders();
    m_runner.useTestHome(m_dir.path());
}

void TestLicenses::init()
{
    m_sb = std::make_unique<SandboxFixture>(Flavor::DataCenter);
    QVERIFY(m_sb->start());
    m_runner.setStateDirectory(m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction())));
}

void TestLicenses::cleanup()
{
    m_sb.reset();
}

CliRun TestLicenses::cli(const QStringList &arguments)
{
    const CliRun run = m_runner.run(arguments);
    if (run.code != 0)
        qWarning().noquote() << arguments.join(u' ') << "->" << run.code << run.out << run.err;
    return run;
}

QString TestLicenses::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(u"%1-%2"_s.arg(++m_files).arg(name));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return path;
}

QString TestLicenses::issue(const QJsonObject &fields)
{
    const SandboxFixture::Reply reply = m_sb->post(u"/sandbox/v1/licenses"_s, fields);
    if (reply.status != 201) {
        qWarning().noquote() << reply.describe();
        return {};
    }
    return writeFile(u"license.json"_s, reply.body);
}

QString TestLicenses::idOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QString error;
    const std::optional<SignedDocument> document = SignedDocument::fromJson(file.readAll(), &error);
    return document ? QJsonDocument::fromJson(document->payload).object()[u"id"_s].toString() : QString();
}

void TestLicenses::installsAndValidatesOnlineUntilRevoked()
{
    const QString file
        = issue({{u"site"_s, m_sb->baseUrl()}, {u"deployment"_s, u"dc"_s}, {u"licensee"_s, u"Galaxy"_s}});
    const QString id = idOf(file);
    CliRun run = cli({u"license"_s, u"install"_s, file});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"License %1 installed: a site license for %2 (Data Center)"_s.arg(id, m_sb->baseUrl())),
             qPrintable(run.out));
    run = cli({u"license"_s, u"list"_s});
    QVERIFY2(run.out.startsWith(id + u"  valid  "_s), qPrintable(run.out));

    // Offline only, until the installation has a service.
    run = cli({u"license"_s, u"check"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"no license service is set"_s), qPrintable(run.out));
    QCOMPARE(cli({u"license"_s, u"service"_s, m_sb->baseUrl()}).code, 0);
    run = cli({u"license"_s, u"check"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"PASS  online: validated online just now"_s), qPrintable(run.out));
    run = cli({u"license"_s, u"check"_s, u"--json"_s});
    const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QVERIFY(json[u"good"_s].toBool());
    QCOMPARE(json[u"licenses"_s].toArray().first()[u"graceDaysLeft"_s].toInt(), 7);

    QCOMPARE(m_sb->post(u"/sandbox/v1/licenses/%1/revoke"_s.arg(id), QJsonObject()).status, 204);
    run = cli({u"license"_s, u"check"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"FAIL  online: the license service revoked it"_s), qPrintable(run.out));
    run = cli({u"license"_s, u"show"_s, id});
    QVERIFY2(run.out.contains(u"Online     the license service revoked it"_s), qPrintable(run.out));
}

void TestLicenses::refusesWhatItCannotBelieve()
{
    // Altered after signing: more users than were paid for.
    QFile original(issue({{u"site"_s, m_sb->baseUrl()}, {u"deployment"_s, u"dc"_s}}));
    QVERIFY(original.open(QIODevice::ReadOnly));
    QString error;
    SignedDocument document = *SignedDocument::fromJson(original.readAll(), &error);
    document.payload.replace("\"userTier\":50", "\"userTier\":5000");
    CliRun run = cli({u"license"_s, u"install"_s, writeFile(u"tampered.json"_s, document.toJson())});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"it was altered after it was signed"_s), qPrintable(run.err));

    // Signed by a stranger: believed once the admin adds the delegation that vouches for its key (a
    // self-hosted service), never on the strength of a bare key. The sandbox's delegations vouch for
    // sites on this machine only, as its own key does.
    const QByteArray stranger = LicenseTrust::secretKeyFromSeed(QByteArray(32, 's'));
    const QString strangerKey = QString::fromLatin1(LicenseTrust::publicKeyOf(stranger).toBase64());
    License license;
    license.id = u"L-OWN-1"_s;
    license.licensee = u"Galaxy"_s;
    license.kind = u"remote"_s;
    license.siteUrl = normalisedSiteUrl(m_sb->baseUrl());
    license.deployment = u"dc"_s;
    license.userTier = 100;
    license.remoteEndpoints = 2;
    license.issued = QDate::currentDate().addDays(-1);
    license.expires = QDate::currentDate().addDays(30);
    const QString own = writeFile(
        u"own.json"_s,
        SignedDocument::sign(QJsonDocument(license.toJson()).toJson(QJsonDocument::Compact), stranger).toJson());
    run = cli({u"license"_s, u"install"_s, own});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"signed by a key Ferry does not trust"_s), qPrintable(run.err));
    run = cli({u"license"_s, u"trust"_s, strangerKey});
    QVERIFY(run.code != 0);
    QVERIFY2(run.err.contains(u"not as a bare key"_s), qPrintable(run.err));
    const QString selfSigned
        = writeFile(u"self-signed-delegation.json"_s,
                    SignedDocument::sign(Delegation::payloadFor(LicenseTrust::publicKeyOf(stranger), u"Galaxy"_s,
                                                                QDate::currentDate().addYears(1)),
                                         stranger)
                        .toJson());
    run = cli({u"license"_s, u"trust"_s, selfSigned});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"only the vendor delegates"_s), qPrintable(run.err));
    const SandboxFixture::Reply delegation
        = m_sb->post(u"/sandbox/v1/delegations"_s, QJsonObject{{u"key"_s, strangerKey}, {u"licensee"_s, u"Galaxy"_s}});
    QCOMPARE(delegation.status, 201);
    run = cli({u"license"_s, u"trust"_s, writeFile(u"delegation.json"_s, delegation.body), u"--note"_s,
               u"Galaxy's own service"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"believed for sites on this machine"_s), qPrintable(run.out));
    run = cli({u"license"_s, u"install"_s, own});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(
                 u"a remote license for %1 (Data Center), 100 users, 2 remote endpoint(s)"_s.arg(license.siteUrl)),
             qPrintable(run.out));

    // The sandbox's key vouches for sites on this machine only.
    run = cli({u"license"_s, u"install"_s,
               issue({{u"site"_s, u"https://jira.galaxy.example"_s}, {u"deployment"_s, u"dc"_s}})});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"vouches only for sites on this machine"_s), qPrintable(run.err));

    // Expired: refused. Not valid yet (a renewal): kept, not in force.
    run = cli({u"license"_s, u"install"_s,
               issue({{u"site"_s, m_sb->baseUrl()},
                      {u"issued"_s, QDate::currentDate().addYears(-1).toString(Qt::ISODate)},
                      {u"expires"_s, QDate::currentDate().addDays(-1).toString(Qt::ISODate)}})});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"it expired on %1"_s.arg(QDate::currentDate().addDays(-1).toString(Qt::ISODate))),
             qPrintable(run.err));
    run = cli({u"license"_s, u"install"_s,
               issue({{u"site"_s, m_sb->baseUrl()},
                      {u"issued"_s, QDate::currentDate().addDays(10).toString(Qt::ISODate)},
                      {u"expires"_s, QDate::currentDate().addYears(1).toString(Qt::ISODate)}})});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"It is not in force yet: it is valid from"_s), qPrintable(run.out));
    QCOMPARE(cli({u"license"_s, u"check"_s}).code, 1);

    run = cli({u"license"_s, u"install"_s, writeFile(u"junk.json"_s, "{\"hello\": 1}")});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"it is not a Ferry license"_s), qPrintable(run.err));
}

QString TestLicenses::installValidatedCloudLicense()
{
    const QString file = issue({{u"site"_s, u"http://127.0.0.1:9"_s}, {u"deployment"_s, u"cloud"_s}});
    const bool done = cli({u"license"_s, u"install"_s, file}).code == 0
        && cli({u"license"_s, u"service"_s, m_sb->baseUrl()}).code == 0 && cli({u"license"_s, u"check"_s}).code == 0;
    return done ? idOf(file) : QString();
}

void TestLicenses::aCachedVerdictHoldsForTheGracePeriod()
{
    // A Cloud site's license lives by the service's word.
    const QString id = installValidatedCloudLicense();
    QVERIFY(!id.isEmpty());

    // The service goes away: the verdict of a moment ago holds, and says for how long.
    m_sb.reset();
    CliRun run = cli({u"license"_s, u"check"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"PASS  online: validated online just now; good for 7 more day(s)"_s),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(u"cannot be reached"_s), qPrintable(run.out));

    // Five days later, then eight: the grace period runs out.
    ageVerdict(id, 5);
    run = cli({u"license"_s, u"check"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"validated online 5 days ago; good for 2 more day(s)"_s), qPrintable(run.out));
    ageVerdict(id, 8);
    run = cli({u"license"_s, u"check"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"FAIL  online: last validated online 8 days ago: the 7-day grace period is over"_s),
             qPrintable(run.out));
}

void TestLicenses::issuesOneTrialPerSite()
{
    addSite(u"galaxy"_s, *m_sb);
    CliRun run = cli({u"license"_s, u"trial"_s, u"galaxy"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"no license service is set"_s), qPrintable(run.err));
    QCOMPARE(cli({u"license"_s, u"service"_s, m_sb->baseUrl()}).code, 0);
    run = cli({u"license"_s, u"trial"_s, u"galaxy"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"Trial license L-"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"a trial site license for %1 (Data Center)"_s.arg(m_sb->baseUrl())),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(u"valid %1 to %2"_s.arg(QDate::currentDate().toString(Qt::ISODate),
                                                      QDate::currentDate().addDays(29).toString(Qt::ISODate))),
             qPrintable(run.out));
    run = cli({u"license"_s, u"trial"_s, u"galaxy"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"answered 409: A trial was issued for"_s), qPrintable(run.err));
    QCOMPARE(cli({u"license"_s, u"check"_s}).code, 0);

    // Finding 5d: the same site under another spelling of its address is the same site: trials go
    // by the identity Jira reports (Data Center's server id here), not by the address text.
    const QString localhost = QString(m_sb->baseUrl()).replace(u"127.0.0.1"_s, u"localhost"_s);
    QVERIFY(localhost != m_sb->baseUrl());
    QCOMPARE(cli({u"site"_s, u"add"_s, u"galaxy-again"_s, u"--url"_s, localhost, u"--user"_s, u"admin"_s, u"--secret"_s,
                  u"env:DC_PASSWORD"_s})
                 .code,
             0);
    run = cli({u"license"_s, u"trial"_s, u"galaxy-again"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"answered 409: A trial was issued for this site"_s), qPrintable(run.err));
    QCOMPARE(normalisedSiteUrl(localhost), normalisedSiteUrl(m_sb->baseUrl()));
}

void TestLicenses::addSite(const QString &name, SandboxFixture &site)
{
    QCOMPARE(cli(siteAddArguments(name, site)).code, 0);
}

void TestLicenses::createPair(const QString &pair, const QString &a, const QString &aProject, const QString &b,
                              const QString &bProject)
{
    const CliRun suggested = cli(
        {u"pair"_s, u"suggest"_s, u"--name"_s, pair, u"--a"_s, a + u':' + aProject, u"--b"_s, b + u':' + bProject});
    QCOMPARE(suggested.code, 0);
    QCOMPARE(cli({u"pair"_s, u"create"_s, u"--file"_s, writeFile(u"pair.json"_s, suggested.out.toUtf8())}).code, 0);
}

void TestLicenses::ageVerdict(const QString &id, int days)
{
    // The verdict the sandbox's license service would have signed days ago: Ferry verifies what it
    // reads back, so an edited date alone would be refused (finding 5c).
    const QString then = QDateTime::currentDateTimeUtc().addDays(-days).toString(Qt::ISODateWithMs);
    const QByteArray verdict = SignedDocument::sign(QJsonDocument(QJsonObject{{u"license"_s, id},
                                                                              {u"status"_s, u"valid"_s},
                                                                              {u"sites"_s, QJsonArray()},
                                                                              {u"nonce"_s, u"aged"_s},
                                                                              {u"checked"_s, then}})
                                                        .toJson(QJsonDocument::Compact),
                                                    LicenseTrust::sandboxSecretKey())
                                   .toJson();
    QCOMPARE(editState(u"UPDATE license_verdicts SET last_valid = ?, checked = ?, document = ?, valid_document = ? "
                       "WHERE license_id = ?"_s,
                       {then, then, verdict, verdict, id}),
             1);
}

int TestLicenses::editState(const QString &sql, const QVariantList &values)
{
    int rows = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"editing"_s);
        db.setDatabaseName(m_runner.stateDirectory() + u"/ferry.db"_s);
        QSqlQuery query(db);
        if (db.open() && query.prepare(sql)) {
            for (const QVariant &value : values)
                query.addBindValue(value);
            if (query.exec())
                rows = query.numRowsAffected();
        }
    }
    QSqlDatabase::removeDatabase(u"editing"_s);
    return rows;
}

void TestLicenses::refusesAVerdictEditedInTheState()
{
    // Finding 5c: the grace period counts from a signed verdict, not from a date in a column.
    const QString id = installValidatedCloudLicense();
    QVERIFY(!id.isEmpty());
    m_sb.reset();
    ageVerdict(id, 30);
    QCOMPARE(cli({u"license"_s, u"check"_s}).code, 1);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QCOMPARE(editState(u"UPDATE license_verdicts SET last_valid = ?, checked = ?, status = 'valid' "
                       "WHERE license_id = ?"_s,
                       {now, now, id}),
             1);
    const CliRun run = cli({u"license"_s, u"check"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"the 7-day grace period is over"_s), qPrintable(run.out));
}

void TestLicenses::aDirectPairRunsOnlyWithItsLicenses()
{
    SandboxFixture cloud(Flavor::Cloud);
    QVERIFY(cloud.start());
    cloud.server().seedProject(u"ACME"_s, u"Acme"_s, 1);
    m_sb->server().seedProject(u"GLX"_s, u"Galaxy"_s, 0);
    addSite(u"acme"_s, cloud);
    addSite(u"galaxy"_s, *m_sb);
    createPair(u"P"_s, u"acme"_s, u"ACME"_s, u"galaxy"_s, u"GLX"_s);

    CliRun run = cli({u"sync"_s, u"P"_s, u"--once"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"the pair cannot run in mode \"Data Center to Data Center or Cloud\""_s),
             qPrintable(run.err));
    QVERIFY2(run.err.contains(u"no license for %1 is installed"_s.arg(cloud.baseUrl())), qPrintable(run.err));
    QCOMPARE(cloud.writesSinceReset(), QStringList());

    QVERIFY(licenseSandboxes(m_runner.stateDirectory(), *m_sb, {&cloud, m_sb.get()}));
    run = cli({u"pair"_s, u"check"_s, u"P"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"PASS  license service: %1 answered"_s.arg(m_sb->baseUrl())), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"PASS  license: acme: license L-"_s), qPrintable(run.out));
    QCOMPARE(cli({u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(m_sb->get(u"/rest/api/2/search?jql=project%20%3D%20GLX"_s).object()[u"total"_s].toInt(), 1);

    // The license service goes away: a Data Center console syncing with Cloud goes on within the
    // grace period, and stops after it.
    QCOMPARE(cli({u"license"_s, u"service"_s, u"http://127.0.0.1:9"_s}).code, 0);
    run = cli({u"pair"_s, u"check"_s, u"P"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"FAIL  license service: the license service http://127.0.0.1:9 cannot be reached"_s),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(u"PASS  license: galaxy: "_s), qPrintable(run.out));
    run = cli({u"sync"_s, u"P"_s, u"--once"_s});
    QCOMPARE(run.code, 0);
    const QJsonArray licenses = QJsonDocument::fromJson(cli({u"license"_s, u"check"_s, u"--json"_s}).out.toUtf8())
                                    .object()[u"licenses"_s]
                                    .toArray();
    QCOMPARE(licenses.size(), 2);
    for (const QJsonValue &license : licenses)
        ageVerdict(license[u"license"_s].toString(), 8);
    run = cli({u"sync"_s, u"P"_s, u"--once"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"the 7-day grace period is over"_s), qPrintable(run.err));
    QVERIFY2(run.err.contains(u"let this machine reach the license service"_s), qPrintable(run.err));
}

void TestLicenses::cloudToCloudNeedsBothLicensesOnline()
{
    SandboxFixture acme(Flavor::Cloud);
    SandboxFixture beta(Flavor::Cloud);
    QVERIFY(acme.start() && beta.start());
    acme.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    beta.server().seedProject(u"BETA"_s, u"Beta"_s, 0);
    addSite(u"acme"_s, acme);
    addSite(u"beta"_s, beta);
    createPair(u"C"_s, u"acme"_s, u"ACME"_s, u"beta"_s, u"BETA"_s);
    QVERIFY(licenseSandboxes(m_runner.stateDirectory(), *m_sb, {&acme}));
    CliRun run = cli({u"pair"_s, u"check"_s, u"C"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.startsWith(u"Pair C: Cloud to Cloud"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"PASS  deployment: both sites are Jira Cloud"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"PASS  license: acme"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"FAIL  license: beta: no license for %1"_s.arg(beta.baseUrl())), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"fix: install one (ferry-cli license install FILE), or ask for a trial (ferry-cli "
                              "license trial beta)"_s),
             qPrintable(run.out));
    QVERIFY(licenseSandboxes(m_runner.stateDirectory(), *m_sb, {&beta}));
    QCOMPARE(cli({u"pair"_s, u"check"_s, u"C"_s}).code, 0);
    QCOMPARE(cli({u"sync"_s, u"C"_s, u"--once"_s}).code, 0);
}

void TestLicenses::aRemoteLicenseCountsItsEndpoints()
{
    // galaxy (Data Center) holds a remote license for one endpoint; two Cloud sites have none.
    SandboxFixture acme(Flavor::Cloud);
    SandboxFixture beta(Flavor::Cloud);
    QVERIFY(acme.start() && beta.start());
    acme.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    beta.server().seedProject(u"BETA"_s, u"Beta"_s, 0);
    m_sb->server().seedProject(u"GLX"_s, u"Galaxy"_s, 0);
    m_sb->server().seedProject(u"GLY"_s, u"Galaxy Two"_s, 0);
    addSite(u"galaxy"_s, *m_sb);
    addSite(u"acme"_s, acme);
    addSite(u"beta"_s, beta);
    createPair(u"R1"_s, u"galaxy"_s, u"GLX"_s, u"acme"_s, u"ACME"_s);
    createPair(u"R2"_s, u"galaxy"_s, u"GLY"_s, u"beta"_s, u"BETA"_s);
    QCOMPARE(cli({u"license"_s, u"install"_s,
                  issue({{u"site"_s, m_sb->baseUrl()},
                         {u"kind"_s, u"remote"_s},
                         {u"deployment"_s, u"dc"_s},
                         {u"remoteEndpoints"_s, 1}})})
                 .code,
             0);
    CliRun run = cli({u"pair"_s, u"check"_s, u"R1"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.startsWith(u"Pair R1: remote license"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"allows 1 remote endpoint(s); in use: none"_s), qPrintable(run.out));

    // R1 runs (in this process) and holds the endpoint: R2 cannot start, and says who holds it.
    qputenv("CLOUD_TOKEN", m_runner.environment().value(u"CLOUD_TOKEN"_s).toUtf8());
    qputenv("DC_PASSWORD", m_runner.environment().value(u"DC_PASSWORD"_s).toUtf8());
    auto runner
        = std::make_unique<PairRunner>(PairRunner::Options{m_runner.stateDirectory(), u"R1"_s, nullptr, 0, true});
    QSignalSpy rounds(runner.get(), &PairRunner::roundFinished);
    runner->start();
    QVERIFY(rounds.wait(30'000));
    run = cli({u"pair"_s, u"check"_s, u"R2"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"FAIL  endpoint: remote license L-"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"in use: R1 (%1)"_s.arg(acme.baseUrl())), qPrintable(run.out));
    run = cli({u"sync"_s, u"R2"_s, u"--once"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"remove a pair that holds an endpoint"_s), qPrintable(run.err));

    // Finding 5e: R1 stops, and still holds its endpoint: pairs run in turn (a cron job alternating
    // `sync --once`) must not use more endpoints than the license has.
    QSignalSpy stopped(runner.get(), &PairRunner::stopped);
    runner->stop();
    QVERIFY(stopped.wait(30'000));
    runner.reset();
    QCOMPARE(cli({u"sync"_s, u"R1"_s, u"--once"_s}).code, 0);
    run = cli({u"sync"_s, u"R2"_s, u"--once"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"in use: R1"_s), qPrintable(run.err));

    // Removing R1 frees its endpoint for R2, which then holds it.
    QCOMPARE(cli({u"pair"_s, u"remove"_s, u"R1"_s}).code, 0);
    QCOMPARE(cli({u"pair"_s, u"check"_s, u"R2"_s}).code, 0);
    QCOMPARE(cli({u"sync"_s, u"R2"_s, u"--once"_s}).code, 0);
    createPair(u"R3"_s, u"galaxy"_s, u"GLX"_s, u"acme"_s, u"ACME"_s);
    run = cli({u"sync"_s, u"R3"_s, u"--once"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"in use: R2"_s), qPrintable(run.err));
}

void TestLicenses::aSlowLicenseServiceOnlyDelaysTheStart()
{
    // The license service is a sandbox of its own that answers after 20 s, past the client's
    // 15 s: the pair starts on the verdict of a moment ago, and says the service did not answer.
    SandboxFixture cloud(Flavor::Cloud);
    SandboxFixture service(Flavor::DataCenter);
    QVERIFY(cloud.start() && service.start());
    cloud.server().seedProject(u"ACME"_s, u"Acme"_s, 1);
    m_sb->server().seedProject(u"GLX"_s, u"Galaxy"_s, 0);
    addSite(u"acme"_s, cloud);
    addSite(u"galaxy"_s, *m_sb);
    createPair(u"P"_s, u"acme"_s, u"ACME"_s, u"galaxy"_s, u"GLX"_s);
    QVERIFY(licenseSandboxes(m_runner.stateDirectory(), service, {&cloud, m_sb.get()}));
    QCOMPARE(cli({u"license"_s, u"check"_s}).code, 0);
    QCOMPARE(service.send("PUT", u"/sandbox/v1/faults"_s, R"({"latencyMs": 20000})").status, 200);
    const CliRun run = cli({u"sync"_s, u"P"_s, u"--once"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.err.contains(u"no answer within 15 s"_s), qPrintable(run.err));
    QCOMPARE(m_sb->get(u"/rest/api/2/search?jql=project%20%3D%20GLX"_s).object()[u"total"_s].toInt(), 1);
}

QTEST_GUILESS_MAIN(TestLicenses)
#include "tst_licenses.moc"
