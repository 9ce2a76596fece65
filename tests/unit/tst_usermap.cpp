#include "engine/usermap.h"

#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;

/// Who is who between a Cloud side (accountIds) and a Data Center side (user names).
class TestUserMap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesByEmailFirst();
    void takesTheTableBeforeAnyRule();
    void triesTheRulesInOrderAndNeedsOneCandidate();
    void fallsBackOrSaysWhoIsMissing();
    void matchesByNameWhereCloudHidesTheAddress();
    void neverStandsInWithAnInactiveUser();
    void matchesAUserTheDirectoryDoesNotList();
    void matchesByTheHashOfAnAddressFromAcrossAFirewall();
};

namespace {

QJsonObject cloudUser(const QString &id, const QString &name, const QString &email)
{
    return {{u"accountId"_s, id}, {u"displayName"_s, name}, {u"emailAddress"_s, email}};
}

QJsonObject dcUser(const QString &login, const QString &name, const QString &email)
{
    return {{u"name"_s, login},
            {u"key"_s, QString(u"JIRAUSER-"_s + login)},
            {u"displayName"_s, name},
            {u"emailAddress"_s, email}};
}

const QJsonArray cloudUsers{cloudUser(u"acc-ada"_s, u"Ada Admin"_s, u"ada@example.com"_s),
                            cloudUser(u"acc-bob"_s, u"Bob Jones"_s, u"Bob@Example.com"_s),
                            cloudUser(u"acc-bob2"_s, u"Bob Jones"_s, u"bob.jones@other.example"_s),
                            cloudUser(u"acc-eve"_s, u"Eve Hidden"_s, QString())};
const QJsonArray dcUsers{dcUser(u"ada"_s, u"Ada Admin"_s, u"ada@example.com"_s),
                         dcUser(u"bob"_s, u"Bob Jones"_s, u"bob@example.com"_s),
                         dcUser(u"eve"_s, u"Eve Hidden"_s, u"eve@example.com"_s)};

} // namespace

void TestUserMap::matchesByEmailFirst()
{
    const UserMap map(UserMapping{}, cloudUsers, true, dcUsers, false);
    QString problem;
    QCOMPARE(map.toA(dcUsers.at(1).toObject(), &problem), u"acc-bob"_s); // e-mail, whatever its case
    QCOMPARE(map.toB(u"acc-ada"_s, &problem), u"ada"_s);
    QVERIFY(problem.isEmpty());
    QCOMPARE(UserMap::idOf(cloudUsers.at(0).toObject(), true), u"acc-ada"_s);
    QCOMPARE(UserMap::idOf(dcUsers.at(0).toObject(), false), u"ada"_s);
}

void TestUserMap::takesTheTableBeforeAnyRule()
{
    UserMapping config;
    config.table = {{u"acc-bob2"_s, u"bob"_s, {}, {}, Direction::Both, false, {}}};
    const UserMap map(config, cloudUsers, true, dcUsers, false);
    QString problem;
    QCOMPARE(map.toA(dcUsers.at(1).toObject(), &problem), u"acc-bob2"_s);
    QCOMPARE(map.toB(u"acc-bob2"_s, &problem), u"bob"_s);
    QCOMPARE(map.toB(u"acc-bob"_s, &problem), u"bob"_s); // by e-mail
}

void TestUserMap::triesTheRulesInOrderAndNeedsOneCandidate()
{
    UserMapping byName;
    byName.match = {u"displayName"_s};
    const UserMap map(byName, cloudUsers, true, dcUsers, false);
    QString problem;
    // Two Bob Joneses on Cloud: the display name does not single one out.
    QVERIFY(map.toA(dcUsers.at(1).toObject(), &problem).isEmpty());
    QVERIFY2(problem.contains(u"Bob Jones (bob@example.com)"_s), qPrintable(problem));
    problem.clear();
    // Eve's e-mail is hidden on Cloud; her name finds her.
    UserMapping emailThenName;
    emailThenName.match = {u"email"_s, u"displayName"_s};
    const UserMap both(emailThenName, cloudUsers, true, dcUsers, false);
    QCOMPARE(both.toA(dcUsers.at(2).toObject(), &problem), u"acc-eve"_s);
}

void TestUserMap::fallsBackOrSaysWhoIsMissing()
{
    const QJsonObject dave = dcUser(u"dave"_s, u"Dave Doe"_s, u"dave@example.com"_s);
    QString problem;
    const UserMap strict(UserMapping{}, cloudUsers, true, dcUsers, false);
    QVERIFY(strict.toA(dave, &problem).isEmpty());
    QCOMPARE(problem,
             u"no user on side A matches Dave Doe (dave@example.com); add them to users.table or name "
             "users.fallback.a"_s);
    problem.clear();
    QVERIFY(strict.toB(u"acc-unknown"_s, &problem).isEmpty());
    QVERIFY2(problem.contains(u"acc-unknown"_s), qPrintable(problem));

    UserMapping lenient;
    lenient.fallbackA = u"acc-ada"_s;
    lenient.fallbackB = u"ada"_s;
    const UserMap map(lenient, cloudUsers, true, dcUsers, false);
    problem.clear();
    QCOMPARE(map.toA(dave, &problem), u"acc-ada"_s);
    QCOMPARE(map.toB(u"acc-unknown"_s, &problem), u"ada"_s);
    QVERIFY(problem.isEmpty());
}

void TestUserMap::matchesByNameWhereCloudHidesTheAddress()
{
    // The default rules: e-mail where shown, then a display name that singles out one user.
    const UserMap map(UserMapping{}, cloudUsers, true, dcUsers, false);
    QCOMPARE(map.partnerOf(Side::A, u"acc-eve"_s).id, u"eve"_s);
    QCOMPARE(map.partnerOf(Side::A, u"acc-eve"_s).how, u"displayName"_s);
    QCOMPARE(map.partnerOf(Side::A, u"acc-ada"_s).how, u"email"_s);
    // Two Bob Joneses on Cloud: the name singles out nobody, the address one of them.
    QCOMPARE(map.partnerOf(Side::B, u"bob"_s).id, u"acc-bob"_s);
    QCOMPARE(map.partnerOf(Side::B, u"bob"_s).how, u"email"_s);
    QCOMPARE(map.partnerOf(Side::A, u"acc-bob2"_s).id, QString());
    UserMapping table;
    table.table << ValueMapping{u"acc-bob2"_s, u"ada"_s, {}, {}, Direction::Both, false, {}};
    QCOMPARE(UserMap(table, cloudUsers, true, dcUsers, false).partnerOf(Side::A, u"acc-bob2"_s).how, u"table"_s);
}

void TestUserMap::neverStandsInWithAnInactiveUser()
{
    QJsonArray withFormer = dcUsers;
    QJsonObject former = dcUser(u"old"_s, u"Old Timer"_s, u"old@example.com"_s);
    former.insert(u"active"_s, false);
    withFormer << former;
    UserMapping mapping;
    mapping.fallbackB = u"old"_s;
    const UserMap map(mapping, cloudUsers, true, withFormer, false);
    QString problem;
    QVERIFY(map.toB(u"acc-bob2"_s, &problem).isEmpty());
    QVERIFY2(problem.contains(u"users.fallback.b names old, who is inactive"_s), qPrintable(problem));
    QCOMPARE(map.partnerOf(Side::A, u"acc-bob2"_s).id, QString());
    QVERIFY(map.isInactive(Side::B, u"old"_s));
    // An inactive user keeps their partner.
    QJsonArray cloudWithFormer = cloudUsers;
    cloudWithFormer << cloudUser(u"acc-old"_s, u"Old Timer"_s, QString());
    QCOMPARE(UserMap(mapping, cloudWithFormer, true, withFormer, false).partnerOf(Side::B, u"old"_s).id, u"acc-old"_s);
}

void TestUserMap::matchesAUserTheDirectoryDoesNotList()
{
    // A Data Center user who joined after the pair connected is matched by what the issue shows.
    const UserMap map(UserMapping{}, cloudUsers, true, QJsonArray{}, false);
    QString problem;
    QCOMPARE(map.toA(dcUser(u"bob"_s, u"Bob Jones"_s, u"bob@example.com"_s), &problem), u"acc-bob"_s);
}

void TestUserMap::matchesByTheHashOfAnAddressFromAcrossAFirewall()
{
    // Side B's users as a handshake carries them: addresses replaced by their hashes.
    SiteMetadata dc;
    dc.users = dcUsers;
    const QJsonArray shared = dc.withHashedEmails().users;
    for (const QJsonValue &user : shared)
        QVERIFY(!user.toObject().contains(u"emailAddress"_s));
    const UserMap map(UserMapping{}, cloudUsers, true, shared, false);
    QString problem;
    QCOMPARE(map.toB(u"acc-bob"_s, &problem), dcUsers.at(1)[u"name"_s].toString());
    QCOMPARE(map.toA(shared.at(1).toObject(), &problem), u"acc-bob"_s);
    QCOMPARE(emailHash(QJsonObject{{u"emailAddress"_s, u" Bob@Example.com"_s}}),
             emailHash(QJsonObject{{u"emailAddress"_s, u"bob@example.com"_s}}));
}

QTEST_GUILESS_MAIN(TestUserMap)
#include "tst_usermap.moc"
