#include "engine/fieldtranslator.h"

#include "engine/attachedfiles.h"

#include <QJsonArray>
#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;

namespace {

QJsonObject field(const QString &id, const QString &name, const QJsonObject &schema)
{
    return {{u"id"_s, id}, {u"name"_s, name}, {u"custom"_s, id.startsWith(u"customfield_"_s)}, {u"schema"_s, schema}};
}

SiteMetadata site(const QString &deployment, const QString &severityId, const QString &dueId)
{
    const QJsonArray fields = {
        field(u"summary"_s, u"Summary"_s, {{u"type"_s, u"string"_s}, {u"system"_s, u"summary"_s}}),
        field(u"description"_s, u"Description"_s, {{u"type"_s, u"string"_s}, {u"system"_s, u"description"_s}}),
        field(u"priority"_s, u"Priority"_s, {{u"type"_s, u"priority"_s}, {u"system"_s, u"priority"_s}}),
        field(u"labels"_s, u"Labels"_s, {{u"type"_s, u"array"_s}, {u"items"_s, u"string"_s}}),
        field(u"components"_s, u"Component/s"_s, {{u"type"_s, u"array"_s}, {u"items"_s, u"component"_s}}),
        field(u"assignee"_s, u"Assignee"_s, {{u"type"_s, u"user"_s}, {u"system"_s, u"assignee"_s}}),
        field(severityId, u"Severity"_s,
              {{u"type"_s, u"option"_s}, {u"custom"_s, u"com.atlassian.jira.plugin.system.customfieldtypes:select"_s}}),
        field(dueId, u"Go-live"_s, {{u"type"_s, u"datetime"_s}}),
        field(u"customfield_10500"_s, u"Approvers"_s, {{u"type"_s, u"array"_s}, {u"items"_s, u"user"_s}}),
    };
    const bool cloud = deployment == u"cloud"_s;
    const QJsonArray users{QJsonObject{{cloud ? u"accountId"_s : u"name"_s, cloud ? u"acc-ann"_s : u"ann"_s},
                                       {u"displayName"_s, u"Ann Lee"_s},
                                       {u"emailAddress"_s, u"ann@example.com"_s}}};
    return {QJsonObject{{u"fields"_s, fields}}, deployment, users, {}};
}

FieldMapping mapping(const QString &a, const QString &b, const QString &name, QList<ValueMapping> values = {})
{
    return {a, b, name, name, Direction::Both, values, false, {}};
}

PairConfig config()
{
    PairConfig c;
    c.name = u"acme-glx"_s;
    c.fields = {
        mapping(u"summary"_s, u"summary"_s, u"Summary"_s),
        mapping(u"description"_s, u"description"_s, u"Description"_s),
        mapping(u"priority"_s, u"priority"_s, u"Priority"_s,
                {{u"1"_s, u"10"_s, u"Highest"_s, u"Blocker"_s, Direction::Both, false, {}},
                 {u"3"_s, u"30"_s, u"Medium"_s, u"Major"_s, Direction::Both, false, {}}}),
        mapping(u"labels"_s, u"labels"_s, u"Labels"_s),
        mapping(u"components"_s, u"components"_s, u"Component/s"_s),
        mapping(u"assignee"_s, u"assignee"_s, u"Assignee"_s),
        mapping(u"customfield_10020"_s, u"customfield_11000"_s, u"Severity"_s),
        mapping(u"customfield_10030"_s, u"customfield_11010"_s, u"Go-live"_s),
        mapping(u"customfield_10500"_s, u"customfield_10500"_s, u"Approvers"_s),
    };
    return c;
}

FieldTranslator translator()
{
    return FieldTranslator(config(), site(u"cloud"_s, u"customfield_10020"_s, u"customfield_10030"_s),
                           site(u"dc"_s, u"customfield_11000"_s, u"customfield_11010"_s));
}

const QJsonObject adfHello{
    {u"type"_s, u"doc"_s},
    {u"version"_s, 1},
    {u"content"_s,
     QJsonArray{
         QJsonObject{{u"type"_s, u"paragraph"_s},
                     {u"content"_s,
                      QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"Hello "_s}},
                                 QJsonObject{{u"type"_s, u"text"_s},
                                             {u"text"_s, u"world"_s},
                                             {u"marks"_s, QJsonArray{QJsonObject{{u"type"_s, u"strong"_s}}}}}}}}}}};

} // namespace

class TestFieldTranslator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsOnlyMappedSupportedFields();
    void namesWhatItCannotCarry();
    void mapsUsersBetweenSides();
    void pointsMentionsAndFilesAtTheOtherSide();
    void bringsBothSidesToTheSameCommonTerms();
    void writesEachSidesTerms();
    void reportsAnUnmappedValueAndKeepsTheRest();
    void clearsEmptyValues();
    void knowsShapesAndDirections();
};

void TestFieldTranslator::readsOnlyMappedSupportedFields()
{
    const FieldTranslator t = translator();
    QCOMPARE(t.fieldsToRead(Side::A),
             (QStringList{u"summary"_s, u"description"_s, u"priority"_s, u"labels"_s, u"components"_s, u"assignee"_s,
                          u"customfield_10020"_s, u"customfield_10030"_s}));
    QVERIFY(t.fieldsToRead(Side::B).contains(u"customfield_11000"_s));
    QVERIFY(!t.fieldsToRead(Side::B).contains(u"customfield_10500"_s));
}

void TestFieldTranslator::namesWhatItCannotCarry()
{
    QCOMPARE(translator().unsupported(), QStringList{u"Approvers: fields of kind 'array:user' are not synced yet"_s});
}

void TestFieldTranslator::mapsUsersBetweenSides()
{
    const FieldTranslator t = translator();
    // Common terms: side A's id; matched by e-mail.
    const auto fromB = t.toCommon(
        Side::B,
        {{u"assignee"_s,
          QJsonObject{
              {u"name"_s, u"ann"_s}, {u"displayName"_s, u"Ann Lee"_s}, {u"emailAddress"_s, u"ann@example.com"_s}}}});
    QCOMPARE(fromB.values.value(u"assignee"_s).toString(), u"acc-ann"_s);
    QCOMPARE(t.toCommon(Side::A, {{u"assignee"_s, QJsonObject{{u"accountId"_s, u"acc-ann"_s}}}})
                 .values.value(u"assignee"_s)
                 .toString(),
             u"acc-ann"_s);
    QCOMPARE(t.toSide(Side::B, {{u"assignee"_s, u"acc-ann"_s}}).values.value(u"assignee"_s).toObject(),
             (QJsonObject{{u"name"_s, u"ann"_s}}));
    QCOMPARE(t.toSide(Side::A, {{u"assignee"_s, u"acc-ann"_s}}).values.value(u"assignee"_s).toObject(),
             (QJsonObject{{u"accountId"_s, u"acc-ann"_s}}));
    QVERIFY(t.toSide(Side::B, {{u"assignee"_s, QJsonValue::Null}}).values.value(u"assignee"_s).isNull());
    // Someone side A does not have: named, and the rest of the issue still translates.
    const auto stranger = t.toCommon(
        Side::B,
        {{u"assignee"_s,
          QJsonObject{{u"name"_s, u"zed"_s}, {u"displayName"_s, u"Zed"_s}, {u"emailAddress"_s, u"zed@example.com"_s}}},
         {u"summary"_s, u"Still here"_s}});
    QVERIFY(!stranger.values.contains(u"assignee"_s));
    QCOMPARE(stranger.values.value(u"summary"_s).toString(), u"Still here"_s);
    QCOMPARE(stranger.problems,
             QStringList{u"Assignee: no user on side A matches Zed (zed@example.com); add them to "
                         "users.table or name users.fallback.a"_s});

    // With a stand-in on side B, a stranger and the stand-in are the same value there, not on A.
    PairConfig lenient = config();
    lenient.users.fallbackB = u"ann"_s;
    const FieldTranslator withFallback(lenient, site(u"cloud"_s, u"customfield_10020"_s, u"customfield_10030"_s),
                                       site(u"dc"_s, u"customfield_11000"_s, u"customfield_11010"_s));
    QVERIFY(withFallback.sameOnSide(Side::B, u"assignee"_s, u"acc-zed"_s, u"acc-ann"_s));
    QVERIFY(!withFallback.sameOnSide(Side::A, u"assignee"_s, u"acc-zed"_s, u"acc-ann"_s));
    QVERIFY(!t.sameOnSide(Side::B, u"assignee"_s, u"acc-zed"_s, u"acc-ann"_s)); // no stand-in: no equality
}

void TestFieldTranslator::pointsMentionsAndFilesAtTheOtherSide()
{
    const FieldTranslator t = translator();
    QString problem;
    // Data Center names users and files by name; in common terms a mention is side A's user.
    const QJsonValue common = t.richTextToCommon(Side::B, u"[~ann] and [~zed] saw it:\n!shot.png!"_s, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QJsonArray inlines = common[u"content"_s][0][u"content"_s].toArray();
    QCOMPARE(inlines.at(0)[u"attrs"_s].toObject(), (QJsonObject{{u"id"_s, u"acc-ann"_s}, {u"text"_s, u"@Ann Lee"_s}}));
    QCOMPARE(inlines.at(1)[u"text"_s].toString(), u" and @zed saw it:"_s); // no partner: text
    const QJsonObject media = common[u"content"_s][1][u"content"_s][0][u"attrs"_s].toObject();
    QCOMPARE(media[u"id"_s].toString(), u"shot.png"_s);

    // Cloud names a file by its media id, known per issue.
    const AttachedFiles files = AttachedFiles::of(
        {QJsonObject{{u"id"_s, u"10"_s}, {u"filename"_s, u"shot.png"_s}},
         QJsonObject{{u"id"_s, u"12"_s}, {u"filename"_s, u"shot.png"_s}}, // the newest of the name counts
         QJsonObject{{u"id"_s, u"11"_s}, {u"filename"_s, u"other.png"_s}}},
        {{u"10"_s, u"media-old"_s}, {u"12"_s, u"media-new"_s}, {u"11"_s, u"media-other"_s}});
    const QJsonValue onCloud = t.richTextToSide(Side::A, common, &problem, &files);
    QCOMPARE(onCloud[u"content"_s][1][u"content"_s][0][u"attrs"_s][u"id"_s].toString(), u"media-new"_s);
    QCOMPARE(onCloud[u"content"_s][0][u"content"_s][0][u"attrs"_s][u"id"_s].toString(), u"acc-ann"_s);
    QCOMPARE(t.richTextToCommon(Side::A, onCloud, &problem, &files), common);
    QCOMPARE(AttachedFiles::referencesIn(onCloud), (QSet<QString>{u"media-new"_s}));
    // Without the files a reference keeps what it names.
    QCOMPARE(t.richTextToSide(Side::A, common, &problem)[u"content"_s][1][u"content"_s][0][u"attrs"_s][u"id"_s],
             u"shot.png"_s);

    // Back to Data Center by name; a stand-in user is never mentioned in someone's place.
    QCOMPARE(t.richTextToSide(Side::B, common, &problem).toString(), u"[~ann] and @zed saw it:\n\n!shot.png!"_s);
    PairConfig lenient = config();
    lenient.users.fallbackB = u"ann"_s;
    const FieldTranslator withFallback(lenient, site(u"cloud"_s, u"customfield_10020"_s, u"customfield_10030"_s),
                                       site(u"dc"_s, u"customfield_11000"_s, u"customfield_11010"_s));
    const QJsonObject askZed{
        {u"type"_s, u"doc"_s},
        {u"version"_s, 1},
        {u"content"_s,
         QJsonArray{QJsonObject{
             {u"type"_s, u"paragraph"_s},
             {u"content"_s,
              QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"ask "_s}},
                         QJsonObject{{u"type"_s, u"mention"_s},
                                     {u"attrs"_s, QJsonObject{{u"id"_s, u"acc-zed"_s}, {u"text"_s, u"@Zed"_s}}}}}}}}}};
    QCOMPARE(withFallback.richTextToSide(Side::B, askZed, &problem).toString(), u"ask @Zed"_s);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestFieldTranslator::bringsBothSidesToTheSameCommonTerms()
{
    const FieldTranslator t = translator();
    const QJsonObject cloud{
        {u"summary"_s, u"Printer on fire"_s},
        {u"description"_s, adfHello},
        {u"priority"_s, QJsonObject{{u"id"_s, u"1"_s}, {u"name"_s, u"Highest"_s}}},
        {u"labels"_s, QJsonArray{u"hw"_s, u"floor-2"_s}},
        {u"components"_s,
         QJsonArray{QJsonObject{{u"id"_s, u"5"_s}, {u"name"_s, u"Printing"_s}},
                    QJsonObject{{u"id"_s, u"4"_s}, {u"name"_s, u"Facilities"_s}}}},
        {u"customfield_10020"_s, QJsonObject{{u"id"_s, u"101"_s}, {u"value"_s, u"Critical"_s}}},
        {u"customfield_10030"_s, u"2026-12-01T09:30:00.000+0100"_s},
    };
    const QJsonObject dc{
        {u"summary"_s, u"Printer on fire"_s},
        {u"description"_s, u"Hello *world*"_s},
        {u"priority"_s, QJsonObject{{u"id"_s, u"10"_s}, {u"name"_s, u"Blocker"_s}}},
        {u"labels"_s, QJsonArray{u"floor-2"_s, u"hw"_s}},
        {u"components"_s,
         QJsonArray{QJsonObject{{u"id"_s, u"77"_s}, {u"name"_s, u"Facilities"_s}},
                    QJsonObject{{u"id"_s, u"78"_s}, {u"name"_s, u"Printing"_s}}}},
        {u"customfield_11000"_s, QJsonObject{{u"id"_s, u"9001"_s}, {u"value"_s, u"Critical"_s}}},
        {u"customfield_11010"_s, u"2026-12-01T08:30:00.000+0000"_s},
    };
    const auto a = t.toCommon(Side::A, cloud);
    const auto b = t.toCommon(Side::B, dc);
    QVERIFY2(a.problems.isEmpty(), qPrintable(a.problems.join(u"; "_s)));
    QVERIFY2(b.problems.isEmpty(), qPrintable(b.problems.join(u"; "_s)));
    QCOMPARE(a.values, b.values);
    QCOMPARE(a.values.value(u"priority"_s).toString(), u"1"_s);
    QCOMPARE(a.values.value(u"labels"_s).toArray(), (QJsonArray{u"floor-2"_s, u"hw"_s}));
    QCOMPARE(a.values.value(u"customfield_10020"_s).toString(), u"Critical"_s);
    QCOMPARE(a.values.value(u"customfield_10030"_s).toString(), u"2026-12-01T08:30:00.000Z"_s);
}

void TestFieldTranslator::writesEachSidesTerms()
{
    const FieldTranslator t = translator();
    const QJsonObject common = t.toCommon(Side::B,
                                          {{u"summary"_s, u"Printer on fire"_s},
                                           {u"description"_s, u"Hello *world*"_s},
                                           {u"priority"_s, QJsonObject{{u"id"_s, u"30"_s}}},
                                           {u"labels"_s, QJsonArray{u"hw"_s}},
                                           {u"components"_s, QJsonArray{QJsonObject{{u"name"_s, u"Printing"_s}}}},
                                           {u"customfield_11000"_s, QJsonObject{{u"value"_s, u"Minor"_s}}},
                                           {u"customfield_11010"_s, u"2026-12-01T08:30:00.000+0000"_s}})
                                   .values;
    const auto toA = t.toSide(Side::A, common);
    QVERIFY(toA.problems.isEmpty());
    QCOMPARE(toA.values.value(u"priority"_s).toObject(), (QJsonObject{{u"id"_s, u"3"_s}}));
    QCOMPARE(toA.values.value(u"description"_s).toObject().value(u"type"_s).toString(), u"doc"_s);
    QCOMPARE(toA.values.value(u"components"_s).toArray(), (QJsonArray{QJsonObject{{u"name"_s, u"Printing"_s}}}));
    QCOMPARE(toA.values.value(u"customfield_10020"_s).toObject(), (QJsonObject{{u"value"_s, u"Minor"_s}}));
    QCOMPARE(toA.values.value(u"customfield_10030"_s).toString(), u"2026-12-01T08:30:00.000+0000"_s);
    QVERIFY(!toA.values.contains(u"customfield_11000"_s));

    const auto toB = t.toSide(Side::B, common);
    QCOMPARE(toB.values.value(u"priority"_s).toObject(), (QJsonObject{{u"id"_s, u"30"_s}}));
    QCOMPARE(toB.values.value(u"description"_s).toString(), u"Hello *world*"_s);
    QCOMPARE(toB.values.value(u"customfield_11000"_s).toObject(), (QJsonObject{{u"value"_s, u"Minor"_s}}));
    // What is written reads back as the same common values: no echo.
    QCOMPARE(t.toCommon(Side::B, toB.values).values, common);
}

void TestFieldTranslator::reportsAnUnmappedValueAndKeepsTheRest()
{
    const FieldTranslator t = translator();
    const auto b = t.toCommon(
        Side::B,
        {{u"summary"_s, u"x"_s}, {u"priority"_s, QJsonObject{{u"id"_s, u"20"_s}, {u"name"_s, u"Critical"_s}}}});
    QCOMPARE(b.problems, QStringList{u"Priority: side B's value 'Critical' (20) has no mapping to side A"_s});
    QCOMPARE(b.values.value(u"summary"_s).toString(), u"x"_s);
    QVERIFY(!b.values.contains(u"priority"_s));
    const auto toB = t.toSide(Side::B, {{u"priority"_s, u"2"_s}});
    QCOMPARE(toB.problems, QStringList{u"Priority: side A's value 2 has no mapping to side B"_s});
    const auto bad = t.toCommon(Side::A, {{u"customfield_10030"_s, u"next Tuesday"_s}});
    QCOMPARE(bad.problems, QStringList{u"Go-live: 'next Tuesday' is not a date-time"_s});
}

void TestFieldTranslator::clearsEmptyValues()
{
    const FieldTranslator t = translator();
    const auto b = t.toCommon(Side::B, {{u"description"_s, u""_s}, {u"labels"_s, QJsonValue::Null}});
    QCOMPARE(b.values.value(u"description"_s), QJsonValue(QJsonValue::Null));
    QCOMPARE(b.values.value(u"labels"_s), QJsonValue(QJsonArray()));
    QCOMPARE(b.values.value(u"priority"_s), QJsonValue(QJsonValue::Null));
    QCOMPARE(t.toSide(Side::A, {{u"priority"_s, QJsonValue::Null}}).values.value(u"priority"_s),
             QJsonValue(QJsonValue::Null));
}

void TestFieldTranslator::knowsShapesAndDirections()
{
    PairConfig c = config();
    c.fields[0].direction = Direction::AToB;
    const FieldTranslator t(c, site(u"cloud"_s, u"customfield_10020"_s, u"customfield_10030"_s),
                            site(u"dc"_s, u"customfield_11000"_s, u"customfield_11010"_s));
    QCOMPARE(t.shape(u"labels"_s), FieldShape::Set);
    QCOMPARE(t.shape(u"components"_s), FieldShape::Set);
    QCOMPARE(t.shape(u"summary"_s), FieldShape::Scalar);
    QCOMPARE(t.direction(u"summary"_s), Direction::AToB);
    QCOMPARE(t.direction(u"labels"_s), Direction::Both);
}

QTEST_GUILESS_MAIN(TestFieldTranslator)
#include "tst_fieldtranslator.moc"
