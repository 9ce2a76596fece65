// License documents: what is signed is what is read, by a key Ferry believes, on a day it holds.
#include "license/license.h"
#include "license/licenseclient.h"

#include <QJsonDocument>
#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;

class TestLicense : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void acceptsWhatATrustedKeySigned();
    void refusesWhatWasAltered();
    void refusesAStrangersKeyUntilTrusted();
    void believesTheSandboxKeyOnlyForThisMachine();
    void holdsOnlyBetweenItsDates();
    void refusesWhatIsNotALicense();
    void normalisesSiteUrls();
    void countsDownTheGracePeriod();

private:
    static License sample(const QString &site = u"http://127.0.0.1:8802"_s);
    static QByteArray signedBy(const License &license, const QByteArray &secretKey);
};

License TestLicense::sample(const QString &site)
{
    License license;
    license.id = u"L-1"_s;
    license.licensee = u"Galaxy Corp"_s;
    license.kind = u"site"_s;
    license.siteUrl = normalisedSiteUrl(site);
    license.deployment = u"dc"_s;
    license.userTier = 50;
    license.issued = QDate(2026, 1, 1);
    license.expires = QDate(2026, 12, 31);
    return license;
}

QByteArray TestLicense::signedBy(const License &license, const QByteArray &secretKey)
{
    return SignedDocument::sign(QJsonDocument(license.toJson()).toJson(QJsonDocument::Compact), secretKey).toJson();
}

void TestLicense::acceptsWhatATrustedKeySigned()
{
    const LicenseCheck check
        = verifyLicense(signedBy(sample(), LicenseTrust::sandboxSecretKey()), LicenseTrust(), QDate(2026, 6, 1));
    QVERIFY2(check.isValid(), qPrintable(check.why));
    QCOMPARE(check.license->licensee, u"Galaxy Corp"_s);
    QVERIFY(check.license->covers(u"HTTP://127.0.0.1:8802/"_s));
    QVERIFY(!check.license->covers(u"http://127.0.0.1:8801"_s));
}

void TestLicense::refusesWhatWasAltered()
{
    const QByteArray file = signedBy(sample(), LicenseTrust::sandboxSecretKey());
    QString error;
    SignedDocument document = *SignedDocument::fromJson(file, &error);
    License more = sample();
    more.userTier = 10000;
    document.payload = QJsonDocument(more.toJson()).toJson(QJsonDocument::Compact);
    LicenseCheck check = verifyLicense(document.toJson(), LicenseTrust(), QDate(2026, 6, 1));
    QCOMPARE(check.status, LicenseCheck::Status::Tampered);
    QVERIFY(!check.license); // nothing of an altered payload is read
    document = *SignedDocument::fromJson(file, &error);
    document.signature[3] = char(document.signature[3] ^ 1);
    QCOMPARE(verifyLicense(document.toJson(), LicenseTrust(), QDate(2026, 6, 1)).status,
             LicenseCheck::Status::Tampered);
}

void TestLicense::refusesAStrangersKeyUntilTrusted()
{
    const QByteArray stranger = LicenseTrust::secretKeyFromSeed(QByteArray(32, 'x'));
    const QByteArray file = signedBy(sample(u"https://jira.galaxy.example"_s), stranger);
    LicenseCheck check = verifyLicense(file, LicenseTrust(), QDate(2026, 6, 1));
    QCOMPARE(check.status, LicenseCheck::Status::UnknownSigner);
    QVERIFY2(check.why.contains(u"ferry-cli license trust"_s), qPrintable(check.why));

    // A self-hosted service's key is believed through a delegation its vendor signed: one signed
    // by anyone else, or ended, is not taken (a unit test's own "vendor" signs here).
    const QByteArray vendor = LicenseTrust::secretKeyFromSeed(QByteArray(32, 'v'));
    const QByteArray vendorPublic = LicenseTrust::publicKeyOf(vendor);
    const QByteArray payload
        = Delegation::payloadFor(LicenseTrust::publicKeyOf(stranger), u"Galaxy"_s, QDate(2026, 12, 31));
    QString why;
    const std::optional<Delegation> delegation
        = Delegation::verify(SignedDocument::sign(payload, vendor).toJson(), vendorPublic, QDate(2026, 6, 1), &why);
    QVERIFY2(delegation && !delegation->thisMachineOnly, qPrintable(why));
    check = verifyLicense(file, LicenseTrust({*delegation}, vendorPublic), QDate(2026, 6, 1));
    QVERIFY2(check.isValid(), qPrintable(check.why));
    QVERIFY(
        !Delegation::verify(SignedDocument::sign(payload, stranger).toJson(), vendorPublic, QDate(2026, 6, 1), &why));
    QVERIFY2(why.contains(u"only the vendor delegates"_s), qPrintable(why));
    QVERIFY(!Delegation::verify(SignedDocument::sign(payload, vendor).toJson(), vendorPublic, QDate(2027, 1, 1), &why));
    QVERIFY2(why.contains(u"ended on 2026-12-31"_s), qPrintable(why));

    // The sandbox's delegations vouch for sites on this machine only.
    const std::optional<Delegation> bySandbox
        = Delegation::verify(SignedDocument::sign(payload, LicenseTrust::sandboxSecretKey()).toJson(), vendorPublic,
                             QDate(2026, 6, 1), &why);
    QVERIFY2(bySandbox && bySandbox->thisMachineOnly, qPrintable(why));
    check = verifyLicense(file, LicenseTrust({*bySandbox}, vendorPublic), QDate(2026, 6, 1));
    QCOMPARE(check.status, LicenseCheck::Status::UnknownSigner);
    check = verifyLicense(signedBy(sample(u"http://127.0.0.1:8080"_s), stranger), LicenseTrust({*bySandbox}),
                          QDate(2026, 6, 1));
    QVERIFY2(check.isValid(), qPrintable(check.why));
}

void TestLicense::believesTheSandboxKeyOnlyForThisMachine()
{
    const LicenseCheck check
        = verifyLicense(signedBy(sample(u"https://jira.galaxy.example"_s), LicenseTrust::sandboxSecretKey()),
                        LicenseTrust(), QDate(2026, 6, 1));
    QCOMPARE(check.status, LicenseCheck::Status::UnknownSigner);
    QVERIFY2(check.why.contains(u"only for sites on this machine"_s), qPrintable(check.why));
    QString why;
    QVERIFY(LicenseTrust().believes(LicenseTrust::sandboxKey(), u"http://localhost:8080"_s, &why));
    QVERIFY(!LicenseTrust().believes(LicenseTrust::sandboxKey(), u"http://10.0.0.5"_s, &why));
    // Finding 5a: a host whose name merely starts like a loopback address is somewhere else.
    QVERIFY(!LicenseTrust().believes(LicenseTrust::sandboxKey(), u"https://127.evil.example"_s, &why));
    QVERIFY(!LicenseTrust().believes(LicenseTrust::sandboxKey(), u"https://localhost.evil.example"_s, &why));
    QVERIFY(LicenseTrust().believes(LicenseTrust::sandboxKey(), u"http://[::1]:8080"_s, &why));
    QVERIFY(LicenseTrust().believes(LicenseTrust::vendorKey(), u"https://jira.galaxy.example"_s, &why));
}

void TestLicense::holdsOnlyBetweenItsDates()
{
    const QByteArray file = signedBy(sample(), LicenseTrust::sandboxSecretKey());
    QCOMPARE(verifyLicense(file, LicenseTrust(), QDate(2025, 12, 31)).status, LicenseCheck::Status::NotYetValid);
    QVERIFY(verifyLicense(file, LicenseTrust(), QDate(2026, 1, 1)).isValid());
    QVERIFY(verifyLicense(file, LicenseTrust(), QDate(2026, 12, 31)).isValid());
    const LicenseCheck expired = verifyLicense(file, LicenseTrust(), QDate(2027, 1, 1));
    QCOMPARE(expired.status, LicenseCheck::Status::Expired);
    QCOMPARE(expired.why, u"it expired on 2026-12-31"_s);
}

void TestLicense::refusesWhatIsNotALicense()
{
    QCOMPARE(verifyLicense("not json", LicenseTrust(), QDate(2026, 6, 1)).status, LicenseCheck::Status::Malformed);
    License remote = sample();
    remote.kind = u"remote"_s; // without endpoints
    const LicenseCheck check
        = verifyLicense(signedBy(remote, LicenseTrust::sandboxSecretKey()), LicenseTrust(), QDate(2026, 6, 1));
    QCOMPARE(check.status, LicenseCheck::Status::Malformed);
    QVERIFY2(check.why.contains(u"without remote endpoints"_s), qPrintable(check.why));
    SignedDocument unsigned_;
    unsigned_.payload = QJsonDocument(sample().toJson()).toJson();
    QCOMPARE(verifyLicense(unsigned_.toJson(), LicenseTrust(), QDate(2026, 6, 1)).status,
             LicenseCheck::Status::Malformed);
}

void TestLicense::normalisesSiteUrls()
{
    QCOMPARE(normalisedSiteUrl(u"HTTPS://Acme.Atlassian.NET:443/"_s), u"https://acme.atlassian.net"_s);
    QCOMPARE(normalisedSiteUrl(u"https://jira.example/jira//"_s), u"https://jira.example/jira"_s);
    QCOMPARE(normalisedSiteUrl(u"http://127.0.0.1:8080"_s), u"http://127.0.0.1:8080"_s);
}

void TestLicense::countsDownTheGracePeriod()
{
    const QDateTime now(QDate(2026, 6, 10), QTime(12, 0), Qt::UTC);
    OnlineStanding standing = onlineStanding(u"valid"_s, now.addSecs(-600), now);
    QVERIFY(standing.good);
    QCOMPARE(standing.graceDaysLeft, 7);
    standing = onlineStanding(u"valid"_s, now.addDays(-2), now);
    QVERIFY(standing.good);
    QCOMPARE(standing.graceDaysLeft, 5);
    QVERIFY2(standing.text.contains(u"validated online 2 days ago; good for 5 more day(s)"_s),
             qPrintable(standing.text));
    standing = onlineStanding(u"valid"_s, now.addDays(-8), now);
    QVERIFY(!standing.good);
    QVERIFY2(standing.text.contains(u"grace period is over"_s), qPrintable(standing.text));
    standing = onlineStanding(u"revoked"_s, now.addDays(-1), now);
    QVERIFY(!standing.good);
    QVERIFY(standing.revoked);
    QVERIFY(!onlineStanding(QString(), QDateTime(), now).good);
}

QTEST_GUILESS_MAIN(TestLicense)
#include "tst_license.moc"
