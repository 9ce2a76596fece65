#include "clientsupport.h"
#include "core/pairconfig.h"
#include "engine/fieldtranslator.h"
#include "jira/jiraclient.h"
#include "sandboxfixture.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

namespace {

const ValueMapping *find(const QList<ValueMapping> &list, const QString &aName, Direction direction = Direction::Both)
{
    for (const ValueMapping &m : list) {
        if (m.aName == aName && m.direction == direction)
            return &m;
    }
    return nullptr;
}

const FieldMapping *findField(const QList<FieldMapping> &list, const QString &aName)
{
    for (const FieldMapping &f : list) {
        if (f.aName == aName)
            return &f;
    }
    return nullptr;
}

} // namespace

class TestPairConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void suggestsAFullConfiguration();
    void roundTripsThroughJson();
    void reportsEveryProblemAtItsEntry();
    void readsTheOptionsOfCommentsWorklogsAndAttachments();
    void checksIdsAgainstTheSites();
    void carriesARealIssueBetweenCloudAndDataCenter();

private:
    std::unique_ptr<SandboxFixture> m_cloud;
    std::unique_ptr<SandboxFixture> m_dc;
    QNetworkAccessManager m_network;
    SiteMetadata m_cloudMeta;
    SiteMetadata m_dcMeta;
    PairConfig m_suggested;
};

void TestPairConfig::initTestCase()
{
    isolateUserFolders();
    m_cloud = std::make_unique<SandboxFixture>(Flavor::Cloud);
    m_dc = std::make_unique<SandboxFixture>(Flavor::DataCenter);
    QVERIFY(m_cloud->start());
    QVERIFY(m_dc->start());
    m_cloudMeta = metadataOf(*m_cloud, &m_network);
    m_dcMeta = metadataOf(*m_dc, &m_network);
    QVERIFY(!m_cloudMeta.metadata.value(u"statuses"_s).toArray().isEmpty());
    QVERIFY(!m_dcMeta.metadata.value(u"fields"_s).toArray().isEmpty());
    m_suggested = suggestPairConfig(u"acme-glx"_s, {u"acme"_s, u"ACME"_s, u"project = ACME"_s}, m_cloudMeta,
                                    {u"glx"_s, u"GLX"_s, u"project = GLX"_s}, m_dcMeta);
}

void TestPairConfig::suggestsAFullConfiguration()
{
    const PairConfig &c = m_suggested;
    // Issue types: names first, then kinds.
    for (const QString &same : {u"Task"_s, u"Bug"_s, u"Story"_s, u"Epic"_s}) {
        const ValueMapping *m = find(c.issueTypes, same);
        QVERIFY2(m, qPrintable(same));
        QCOMPARE(m->bName, same);
        QVERIFY(!m->doubtful);
    }
    const ValueMapping *subtask = find(c.issueTypes, u"Subtask"_s);
    QVERIFY(subtask);
    QCOMPARE(subtask->bName, u"Sub-task"_s);
    QVERIFY(subtask->doubtful);
    QVERIFY(subtask->why.contains(u"sub-task type"_s));

    // Statuses: names first, then categories; Data Center's extra statuses map back.
    QCOMPARE(find(c.statuses, u"In Progress"_s)->bName, u"In Progress"_s);
    QVERIFY(!find(c.statuses, u"In Progress"_s)->doubtful);
    QCOMPARE(find(c.statuses, u"To Do"_s)->bName, u"Open"_s);
    QVERIFY(find(c.statuses, u"To Do"_s)->doubtful);
    QCOMPARE(find(c.statuses, u"Done"_s)->bName, u"Resolved"_s);
    QStringList backwards;
    for (const ValueMapping &m : c.statuses) {
        if (m.direction == Direction::BToA)
            backwards << m.bName + u"->"_s + m.aName;
    }
    backwards.sort();
    QCOMPARE(backwards, (QStringList{u"Closed->Done"_s, u"Reopened->To Do"_s}));

    // Priorities by rank.
    const FieldMapping *priority = findField(c.fields, u"Priority"_s);
    QVERIFY(priority);
    QStringList pairs;
    for (const ValueMapping &m : priority->values)
        pairs << m.aName + u"->"_s + m.bName;
    QCOMPARE(pairs,
             (QStringList{u"Highest->Blocker"_s, u"High->Critical"_s, u"Medium->Major"_s, u"Low->Minor"_s,
                          u"Lowest->Trivial"_s}));

    // Fields: system ones by id, custom ones by kind and a resembling name.
    for (const QString &system : {u"Summary"_s, u"Description"_s, u"Labels"_s, u"Assignee"_s, u"Component/s"_s})
        QVERIFY2(findField(c.fields, system), qPrintable(system));
    const auto custom = [&](const QString &a, const QString &b, bool doubtful) {
        const FieldMapping *f = findField(c.fields, a);
        QVERIFY2(f, qPrintable(a));
        QCOMPARE(f->bName, b);
        QCOMPARE(f->doubtful, doubtful);
    };
    custom(u"Severity"_s, u"Severity"_s, false);
    custom(u"Release notes"_s, u"Release Notes"_s, false);
    custom(u"Story point estimate"_s, u"Story Points"_s, true);
    custom(u"Affected platforms"_s, u"Platforms"_s, true);
    custom(u"Reviewer"_s, u"Code Reviewer"_s, true);
    custom(u"Target date"_s, u"Review Date"_s, true);
    QCOMPARE(c.conflictPolicy, ConflictPolicy::Manual);
    QCOMPARE(c.pollIntervalSeconds, 5);
    QVERIFY(checkAgainstSites(c, m_cloudMeta, m_dcMeta).isEmpty());
}

void TestPairConfig::roundTripsThroughJson()
{
    const QJsonObject json = m_suggested.toJson();
    PairConfig back;
    QList<PairConfig::Problem> problems;
    QVERIFY(PairConfig::fromJson(json, &back, &problems));
    QVERIFY(problems.isEmpty());
    QCOMPARE(back.toJson(), json);
    QCOMPARE(json.value(u"format"_s).toInt(), 1);
}

void TestPairConfig::reportsEveryProblemAtItsEntry()
{
    QJsonObject json = m_suggested.toJson();
    json.insert(u"pollInterval"_s, 5); // a typo
    json.insert(u"conflictPolicy"_s, u"loudest"_s);
    json.insert(u"pollIntervalSeconds"_s, 0);
    QJsonArray fields = json.value(u"fields"_s).toArray();
    QJsonObject first = fields.at(0).toObject();
    first.insert(u"direction"_s, u"sideways"_s);
    fields[0] = first;
    fields.append(QJsonObject{{u"a"_s, u"summary"_s}, {u"b"_s, u"description"_s}});
    json.insert(u"fields"_s, fields);
    QJsonObject b = json.value(u"b"_s).toObject();
    b.remove(u"scope"_s);
    json.insert(u"b"_s, b);

    PairConfig config;
    QList<PairConfig::Problem> problems;
    QVERIFY(!PairConfig::fromJson(json, &config, &problems));
    QStringList found;
    for (const auto &p : problems)
        found << p.path + u": "_s + p.message;
    const QString text = found.join(u'\n');
    QVERIFY2(text.contains(u"/pollInterval: is not a setting of a pair (a typo?)"_s), qPrintable(text));
    QVERIFY(text.contains(u"/conflictPolicy: must be manual, a-wins, b-wins or newest, not 'loudest'"_s));
    QVERIFY(text.contains(u"/pollIntervalSeconds: must be a whole number of seconds from 1 to 86400"_s));
    QVERIFY(text.contains(u"/fields/0/direction: must be both, a-to-b or b-to-a, not 'sideways'"_s));
    QVERIFY(
        text.contains(u"/fields/%1/a: field 'summary' is mapped twice (also at /fields/0)"_s.arg(fields.size() - 1)));
    QVERIFY(text.contains(u"/b/scope: is missing"_s));
    QCOMPARE(problems.size(), 6);

    problems.clear();
    QVERIFY(!PairConfig::fromJson(QJsonObject{{u"format"_s, 2}}, &config, &problems));
    QVERIFY(problems.first().message.contains(u"this Ferry reads format 1"_s));
}

void TestPairConfig::readsTheOptionsOfCommentsWorklogsAndAttachments()
{
    QJsonObject json = m_suggested.toJson();
    json.insert(
        u"comments"_s,
        QJsonObject{{u"direction"_s, u"a-to-b"_s},
                    {u"deletions"_s, true},
                    {u"restricted"_s, u"map"_s},
                    {u"visibility"_s, QJsonArray{QJsonObject{{u"a"_s, u"Developers"_s}, {u"b"_s, u"developers"_s}}}}});
    json.insert(u"worklogs"_s, QJsonObject{{u"sync"_s, false}, {u"estimate"_s, u"auto"_s}});
    json.insert(u"attachments"_s,
                QJsonObject{{u"maxSizeMb"_s, 20},
                            {u"filter"_s, u"allow"_s},
                            {u"types"_s, QJsonArray{u"image/*"_s}},
                            {u"names"_s, QJsonArray{u"*.pdf"_s}}});
    PairConfig c;
    QList<PairConfig::Problem> problems;
    QVERIFY(PairConfig::fromJson(json, &c, &problems));
    QVERIFY(c.comments.carriesFrom(Side::A) && !c.comments.carriesFrom(Side::B));
    QVERIFY(c.comments.deletions);
    QCOMPARE(c.comments.restricted, Restricted::Map);
    QCOMPARE(c.comments.visibility.first().b, u"developers"_s);
    QVERIFY(!c.worklogs.carriesFrom(Side::A) && !c.worklogs.carriesFrom(Side::B));
    QCOMPARE(c.worklogs.estimate, u"auto"_s);
    QVERIFY(c.attachments.deletions); // attachments' default
    QString why;
    QVERIFY(c.attachments.admits(u"plan.PDF"_s, u"application/pdf"_s, 1000, &why));
    QVERIFY(c.attachments.admits(u"shot"_s, u"image/png"_s, 1000, &why));
    QVERIFY(!c.attachments.admits(u"notes.txt"_s, u"text/plain"_s, 1000, &why));
    QCOMPARE(why, u"not in the pair's allowed types and names"_s);
    QVERIFY(!c.attachments.admits(u"big.pdf"_s, u"application/pdf"_s, 21LL * 1024 * 1024, &why));
    QCOMPARE(why, u"larger than the pair's 20 MB"_s);
    PairConfig again;
    QVERIFY(PairConfig::fromJson(c.toJson(), &again, &problems));
    QCOMPARE(again.toJson(), c.toJson());

    json.insert(u"comments"_s, QJsonObject{{u"delete"_s, true}, {u"restricted"_s, u"show"_s}});
    json.insert(u"worklogs"_s, QJsonObject{{u"sync"_s, u"yes"_s}});
    json.insert(u"attachments"_s, QJsonObject{{u"maxSizeMb"_s, -1}, {u"filter"_s, u"allow"_s}, {u"names"_s, 3}});
    problems.clear();
    QVERIFY(!PairConfig::fromJson(json, &c, &problems));
    QStringList found;
    for (const auto &p : problems)
        found << p.path + u": "_s + p.message;
    const QString text = found.join(u'\n');
    QVERIFY2(text.contains(u"/comments/delete: is not a setting of comments (a typo?)"_s), qPrintable(text));
    QVERIFY(text.contains(u"/comments/restricted: must be withhold or map, not 'show'"_s));
    QVERIFY(text.contains(u"/worklogs/sync: must be true or false"_s));
    QVERIFY(text.contains(u"/attachments/maxSizeMb: must be a whole number of megabytes, 0 for no limit"_s));
    QVERIFY(text.contains(u"/attachments/names: must be a list of strings"_s));
    QVERIFY(text.contains(u"/attachments/filter: 'allow' needs types or names to allow"_s));
    QCOMPARE(problems.size(), 6);
}

void TestPairConfig::checksIdsAgainstTheSites()
{
    PairConfig c = m_suggested;
    c.statuses.first().b = u"999"_s;
    c.fields.first().a = u"customfield_99999"_s;
    const QList<PairConfig::Problem> problems = checkAgainstSites(c, m_cloudMeta, m_dcMeta);
    QCOMPARE(problems.size(), 2);
    QCOMPARE(problems.at(0).path, u"/statuses/0/b"_s);
    QCOMPARE(problems.at(0).message, u"the site has no status with id '999'"_s);
    QCOMPARE(problems.at(1).path, u"/fields/0/a"_s);
}

namespace {

QJsonObject readFields(SandboxFixture &sb, const QString &key, const QStringList &fields)
{
    const SandboxFixture::Reply reply = sb.get(sb.api() + u"/issue/"_s + key + u"?fields="_s + fields.join(u','));
    return reply.status == 200 ? reply.object().value(u"fields"_s).toObject() : QJsonObject();
}

} // namespace

const QJsonObject sinceTheFirmwareUpdate{
    {u"type"_s, u"doc"_s},
    {u"version"_s, 1},
    {u"content"_s,
     QJsonArray{QJsonObject{{u"type"_s, u"paragraph"_s},
                            {u"content"_s,
                             QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"Since the "_s}},
                                        QJsonObject{{u"type"_s, u"text"_s},
                                                    {u"text"_s, u"firmware"_s},
                                                    {u"marks"_s, QJsonArray{QJsonObject{{u"type"_s, u"strong"_s}}}}},
                                        QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u" update."_s}}}}}}}};

// An issue made on Cloud, read, carried to Data Center and read back there has the same
// common values: what the engine compares is what both Jiras really hold.
void TestPairConfig::carriesARealIssueBetweenCloudAndDataCenter()
{
    PairConfig config = m_suggested;
    for (FieldMapping &field : config.fields) {
        if (field.aName == u"Severity"_s) // option names differ between the sites: an admin's table
            field.values = {{u"10100"_s, u"10300"_s, u"Critical"_s, u"S1 - Critical"_s, Direction::Both, false, {}},
                            {u"10101"_s, u"10301"_s, u"Major"_s, u"S2 - Major"_s, Direction::Both, false, {}}};
    }
    const FieldTranslator translator(config, m_cloudMeta, m_dcMeta);
    m_cloud->server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    m_dc->server().seedProject(u"GLX"_s, u"Galaxy"_s, 0);
    QVERIFY(translator.fieldsToRead(Side::A).contains(u"customfield_10040"_s));

    const QString cloudKey = m_cloud->createIssue(
        u"ACME"_s,
        {{u"summary"_s, u"Badge reader rejects new cards"_s},
         {u"issuetype"_s, QJsonObject{{u"name"_s, u"Bug"_s}}},
         {u"description"_s, sinceTheFirmwareUpdate},
         {u"labels"_s, QJsonArray{u"security"_s, u"hardware"_s}},
         {u"priority"_s, QJsonObject{{u"name"_s, u"High"_s}}},
         {u"duedate"_s, u"2026-12-24"_s},
         {u"customfield_10040"_s, QJsonObject{{u"id"_s, u"10101"_s}}},
         {u"customfield_10041"_s, QJsonArray{QJsonObject{{u"id"_s, u"10112"_s}}, QJsonObject{{u"id"_s, u"10110"_s}}}}});
    QVERIFY(!cloudKey.isEmpty());
    const auto fromCloud
        = translator.toCommon(Side::A, readFields(*m_cloud, cloudKey, translator.fieldsToRead(Side::A)));
    QVERIFY2(fromCloud.problems.isEmpty(), qPrintable(fromCloud.problems.join(u"; "_s)));
    QCOMPARE(fromCloud.values.value(u"summary"_s).toString(), u"Badge reader rejects new cards"_s);
    QCOMPARE(fromCloud.values.value(u"customfield_10041"_s).toArray(), (QJsonArray{u"Android"_s, u"Web"_s}));

    const auto toDc = translator.toSide(Side::B, fromCloud.values);
    QVERIFY2(toDc.problems.isEmpty(), qPrintable(toDc.problems.join(u"; "_s)));
    QJsonObject create = toDc.values;
    create.insert(u"issuetype"_s, QJsonObject{{u"name"_s, u"Bug"_s}});
    const QString dcKey = m_dc->createIssue(u"GLX"_s, create);
    QVERIFY2(!dcKey.isEmpty(), QJsonDocument(create).toJson().constData());
    const QJsonObject dcFields = readFields(*m_dc, dcKey, translator.fieldsToRead(Side::B));
    QCOMPARE(dcFields.value(u"customfield_10200"_s).toObject().value(u"value"_s).toString(), u"S2 - Major"_s);
    QCOMPARE(dcFields.value(u"description"_s).toString(), u"Since the *firmware* update."_s);
    const auto fromDc = translator.toCommon(Side::B, dcFields);
    QVERIFY2(fromDc.problems.isEmpty(), qPrintable(fromDc.problems.join(u"; "_s)));
    QCOMPARE(fromDc.values, fromCloud.values);
}

QTEST_GUILESS_MAIN(TestPairConfig)
#include "tst_pairconfig.moc"
