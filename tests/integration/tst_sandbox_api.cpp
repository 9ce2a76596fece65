#include "sandboxfixture.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

namespace {

QStringList keysOf(const QJsonArray &issues)
{
    QStringList keys;
    for (const QJsonValue &issue : issues)
        keys << issue.toObject().value(u"key"_s).toString();
    return keys;
}

QString firstError(const SandboxFixture::Reply &reply)
{
    const QJsonObject o = reply.object();
    const QJsonArray messages = o.value(u"errorMessages"_s).toArray();
    if (!messages.isEmpty())
        return messages.first().toString();
    const QJsonObject errors = o.value(u"errors"_s).toObject();
    return errors.isEmpty() ? QString() : errors.begin().key() + u": "_s + errors.begin().value().toString();
}

QString encode(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

} // namespace

class TestSandboxApi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { isolateUserFolders(); }
    void authenticates_data() { addFlavors(); }
    void authenticates();
    void createsEditsAndRecordsChangelog_data() { addFlavors(); }
    void createsEditsAndRecordsChangelog();
    void rejectsInvalidFieldsWithJiraErrors_data() { addFlavors(); }
    void rejectsInvalidFieldsWithJiraErrors();
    void enforcesTheDataCenterWorkflow();
    void offersCloudGlobalTransitions();
    void pagesDataCenterSearchToTheEnd();
    void pagesCloudSearchWithTokens();
    void evaluatesJql_data();
    void evaluatesJql();
    void rejectsBadJql_data();
    void rejectsBadJql();
    void keepsCommentsAndMovesUpdated_data() { addFlavors(); }
    void keepsCommentsAndMovesUpdated();
    void roundTripsAttachments_data() { addFlavors(); }
    void roundTripsAttachments();
    void storesIssueProperties_data() { addFlavors(); }
    void storesIssueProperties();
    void createsComponents_data() { addFlavors(); }
    void createsComponents();
    void linksIssuesBothWays_data() { addFlavors(); }
    void linksIssuesBothWays();
    void logsWorkAndAdjustsEstimates_data() { addFlavors(); }
    void logsWorkAndAdjustsEstimates();
    void servesRichTextPerApiVersion();
    void refusesWritesWithoutPermission_data() { addFlavors(); }
    void refusesWritesWithoutPermission();
    void persistsToItsDataFile();
    void createsSubtasksUnderParents_data() { addFlavors(); }
    void createsSubtasksUnderParents();
    void adminApiResetsSeedsAndCounts();
    void injectsFaults();
    void delaysResponses();
    void enforcesCloudBurstLimits();
    void enforcesCloudPerIssueWriteLimits();
    void servesHttps();
};

void TestSandboxApi::authenticates()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    const auto info = sb.send("GET", sb.api() + u"/serverInfo"_s, {}, {}, {}, QByteArray());
    QCOMPARE(info.status, 200);
    QCOMPARE(info.object().value(u"deploymentType"_s).toString(), flavor == Flavor::Cloud ? u"Cloud"_s : u"Server"_s);

    QCOMPARE(sb.send("GET", sb.api() + u"/myself"_s, {}, {}, {}, QByteArray()).status, 401);
    const auto wrong
        = sb.send("GET", sb.api() + u"/myself"_s, {}, {}, {}, SandboxFixture::basic(u"admin"_s, u"nope"_s));
    QCOMPARE(wrong.status, 401);
    QVERIFY(firstError(wrong).contains(u"not authenticated"_s));
    const auto me = sb.get(sb.api() + u"/myself"_s);
    QCOMPARE(me.status, 200);
    QCOMPARE(me.object().value(u"emailAddress"_s).toString(), u"admin@example.com"_s);

    const auto bearer = sb.send("GET", sb.api() + u"/myself"_s, {}, {}, {}, QByteArray("Bearer sandbox-pat"));
    if (flavor == Flavor::DataCenter) {
        QCOMPARE(bearer.status, 200);
        QCOMPARE(bearer.object().value(u"name"_s).toString(), u"admin"_s);
        QCOMPARE(sb.get(u"/rest/api/3/myself"_s).status, 404); // Data Center has no v3
    } else {
        QCOMPARE(bearer.status, 401); // Cloud takes e-mail + API token only
        QVERIFY(sb.get(u"/rest/api/3/myself"_s).object().contains(u"accountId"_s));
    }
}

void TestSandboxApi::createsEditsAndRecordsChangelog()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    const QString key = sb.createIssue(
        u"ACME"_s,
        {{u"summary"_s, u"First"_s}, {u"description"_s, sb.richText(u"Body"_s)}, {u"labels"_s, QJsonArray{u"a"_s}}});
    QCOMPARE(key, u"ACME-1"_s);
    const auto created = sb.get(sb.api() + u"/issue/ACME-1"_s);
    QCOMPARE(created.status, 200);
    const QJsonObject fields = created.object().value(u"fields"_s).toObject();
    QCOMPARE(fields.value(u"summary"_s).toString(), u"First"_s);
    QCOMPARE(fields.value(u"status"_s).toObject().value(u"statusCategory"_s).toObject().value(u"key"_s).toString(),
             u"new"_s);
    QCOMPARE(fields.value(u"created"_s).toString(), fields.value(u"updated"_s).toString());

    const QString priority = flavor == Flavor::Cloud ? u"High"_s : u"Critical"_s;
    const auto edit = sb.put(
        sb.api() + u"/issue/ACME-1"_s,
        QJsonObject{{u"fields"_s,
                     QJsonObject{{u"summary"_s, u"Second"_s}, {u"priority"_s, QJsonObject{{u"name"_s, priority}}}}},
                    {u"update"_s,
                     QJsonObject{{u"labels"_s,
                                  QJsonArray{QJsonObject{{u"add"_s, u"b"_s}}, QJsonObject{{u"remove"_s, u"a"_s}}}}}}});
    QCOMPARE(edit.status, 204);
    const auto after = sb.get(sb.api() + u"/issue/ACME-1?expand=changelog&fields=summary,labels,updated,created"_s);
    const QJsonObject afterFields = after.object().value(u"fields"_s).toObject();
    QCOMPARE(afterFields.value(u"labels"_s).toArray(), (QJsonArray{u"b"_s}));
    QVERIFY(afterFields.value(u"updated"_s).toString() > afterFields.value(u"created"_s).toString());
    QCOMPARE(after.object().value(u"fields"_s).toObject().size(), 4); // exactly the fields asked for

    const QJsonArray histories = after.object().value(u"changelog"_s).toObject().value(u"histories"_s).toArray();
    QCOMPARE(histories.size(), 1);
    QMap<QString, QJsonObject> items;
    for (const QJsonValue &item : histories.first().toObject().value(u"items"_s).toArray())
        items.insert(item.toObject().value(u"field"_s).toString(), item.toObject());
    QCOMPARE(items.value(u"summary"_s).value(u"fromString"_s).toString(), u"First"_s);
    QCOMPARE(items.value(u"summary"_s).value(u"toString"_s).toString(), u"Second"_s);
    QCOMPARE(items.value(u"priority"_s).value(u"toString"_s).toString(), priority);
    QCOMPARE(items.value(u"labels"_s).value(u"fromString"_s).toString(), u"a"_s);
    QCOMPARE(items.value(u"labels"_s).value(u"toString"_s).toString(), u"b"_s);
    QVERIFY(histories.first().toObject().value(u"author"_s).toObject().value(u"displayName"_s).toString()
            == u"Ada Admin"_s);

    // An edit that changes nothing records nothing.
    QCOMPARE(sb.put(sb.api() + u"/issue/ACME-1"_s, QJsonObject{{u"fields"_s, QJsonObject{{u"summary"_s, u"Second"_s}}}})
                 .status,
             204);
    QCOMPARE(sb.get(sb.api() + u"/issue/ACME-1?expand=changelog"_s)
                 .object()
                 .value(u"changelog"_s)
                 .toObject()
                 .value(u"total"_s)
                 .toInt(),
             1);

    QCOMPARE(sb.del(sb.api() + u"/issue/ACME-1"_s).status, 204);
    const auto gone = sb.get(sb.api() + u"/issue/ACME-1"_s);
    QCOMPARE(gone.status, 404);
    QVERIFY(firstError(gone).contains(u"does not exist"_s));
}

void TestSandboxApi::rejectsInvalidFieldsWithJiraErrors()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    const auto create = [&](const QJsonObject &fields) {
        QJsonObject all = fields;
        all.insert(u"project"_s, QJsonObject{{u"key"_s, u"ACME"_s}});
        all.insert(u"issuetype"_s, QJsonObject{{u"name"_s, u"Task"_s}});
        return sb.post(sb.api() + u"/issue"_s, QJsonObject{{u"fields"_s, all}});
    };
    auto reply = create({});
    QCOMPARE(reply.status, 400);
    QCOMPARE(firstError(reply), u"summary: You must specify a summary of the issue."_s);
    // Real Jira refuses a summary over two lines; a kinder sandbox let one reach both sites (#28).
    reply = create({{u"summary"_s, u"Line one\nline two"_s}});
    QCOMPARE(reply.status, 400);
    QCOMPARE(firstError(reply), u"summary: The summary is invalid because it contains newline characters."_s);
    reply = create({{u"summary"_s, u"x"_s}, {u"nosuchfield"_s, 1}});
    QCOMPARE(firstError(reply),
             u"nosuchfield: Field 'nosuchfield' cannot be set. It is not on the appropriate screen, or unknown."_s);
    reply = create({{u"summary"_s, u"x"_s}, {u"priority"_s, QJsonObject{{u"name"_s, u"Urgent"_s}}}});
    QCOMPARE(firstError(reply), u"priority: Priority name 'Urgent' is not valid"_s);
    // Screens per issue type: a story's leave Severity out, on create, edit and in their metadata.
    const QString severity = flavor == Flavor::Cloud ? u"customfield_10040"_s : u"customfield_10200"_s;
    const QString story = flavor == Flavor::Cloud ? u"10003"_s : u"10001"_s;
    const QString task = create({{u"summary"_s, u"A task"_s}}).object().value(u"key"_s).toString();
    reply = sb.post(sb.api() + u"/issue"_s,
                    QJsonObject{{u"fields"_s,
                                 QJsonObject{{u"project"_s, QJsonObject{{u"key"_s, u"ACME"_s}}},
                                             {u"issuetype"_s, QJsonObject{{u"id"_s, story}}},
                                             {u"summary"_s, u"A story"_s},
                                             {severity, QJsonValue::Null}}}});
    QCOMPARE(reply.status, 400);
    QCOMPARE(firstError(reply),
             severity + u": Field '"_s + severity
                 + u"' cannot be set. It is not on the appropriate screen, or unknown."_s);
    const auto fieldIdsOf = [](const QJsonArray &fields) {
        QStringList ids;
        for (const QJsonValue &field : fields)
            ids << field.toObject().value(u"fieldId"_s).toString();
        return ids;
    };
    const QJsonObject storyMeta = sb.get(sb.api() + u"/issue/createmeta/ACME/issuetypes/"_s + story).object();
    QVERIFY(
        !fieldIdsOf(storyMeta.value(flavor == Flavor::Cloud ? u"fields"_s : u"values"_s).toArray()).contains(severity));
    QVERIFY(fieldIdsOf(storyMeta.value(flavor == Flavor::Cloud ? u"fields"_s : u"values"_s).toArray())
                .contains(u"summary"_s));
    QVERIFY(sb.get(sb.api() + u"/issue/"_s + task + u"/editmeta"_s)
                .object()
                .value(u"fields"_s)
                .toObject()
                .contains(severity));
    QCOMPARE(sb.put(sb.api() + u"/issue/"_s + task,
                    QJsonObject{
                        {u"fields"_s,
                         QJsonObject{{u"issuetype"_s, QJsonObject{{u"id"_s, story}}}, {severity, QJsonValue::Null}}}})
                 .status,
             400); // a task becoming a story sheds the field first
    reply = create({{u"summary"_s, u"x"_s}, {u"labels"_s, QJsonArray{u"two words"_s}}});
    QCOMPARE(firstError(reply), u"labels: The label 'two words' contains spaces which is invalid."_s);
    reply = create({{u"summary"_s, u"x"_s}, {u"duedate"_s, u"28/11/2026"_s}});
    QCOMPARE(firstError(reply), u"duedate: Error parsing date string: 28/11/2026"_s);
    reply = sb.post(sb.api() + u"/issue"_s,
                    QJsonObject{{u"fields"_s, QJsonObject{{u"project"_s, QJsonObject{{u"key"_s, u"NOPE"_s}}}}}});
    QCOMPARE(firstError(reply), u"project: Specify a valid project ID or key"_s);
    reply = sb.send("POST", sb.api() + u"/issue"_s, "{not json");
    QCOMPARE(reply.status, 400);
    QVERIFY(reply.object().contains(u"errorMessages"_s));
    QCOMPARE(sb.get(sb.api() + u"/issue/ACME-99"_s).status, 404);
    QCOMPARE(sb.send("PATCH", sb.api() + u"/issue/ACME-1"_s, "{}").status, 405);
}

void TestSandboxApi::enforcesTheDataCenterWorkflow()
{
    SandboxFixture sb(Flavor::DataCenter);
    QVERIFY(sb.start());
    sb.server().seedProject(u"GLX"_s, u"Galaxy"_s, 0);
    const QString key = sb.createIssue(u"GLX"_s, {{u"summary"_s, u"Flow"_s}});
    const auto names = [&] {
        QStringList list;
        for (const QJsonValue &t :
             sb.get(u"/rest/api/2/issue/"_s + key + u"/transitions"_s).object().value(u"transitions"_s).toArray())
            list << t.toObject().value(u"name"_s).toString();
        return list;
    };
    QCOMPARE(names(), (QStringList{u"Start Progress"_s, u"Resolve Issue"_s, u"Close Issue"_s}));
    const auto transition = [&](const QString &id, const QJsonObject &fields = {}) {
        QJsonObject body{{u"transition"_s, QJsonObject{{u"id"_s, id}}}};
        if (!fields.isEmpty())
            body.insert(u"fields"_s, fields);
        return sb.post(u"/rest/api/2/issue/"_s + key + u"/transitions"_s, body);
    };
    const auto reopen = transition(u"3"_s);
    QCOMPARE(reopen.status, 400);
    QCOMPARE(firstError(reopen), u"Transition id '3' is not valid for this issue."_s);
    QCOMPARE(transition(u"5"_s, {{u"resolution"_s, QJsonObject{{u"name"_s, u"Won't Fix"_s}}}}).status, 204);
    auto fields = sb.get(u"/rest/api/2/issue/"_s + key).object().value(u"fields"_s).toObject();
    QCOMPARE(fields.value(u"status"_s).toObject().value(u"name"_s).toString(), u"Resolved"_s);
    QCOMPARE(fields.value(u"resolution"_s).toObject().value(u"name"_s).toString(), u"Won't Fix"_s);
    QVERIFY(!fields.value(u"resolutiondate"_s).isNull());
    QCOMPARE(names(), (QStringList{u"Close Issue"_s, u"Reopen Issue"_s}));
    QCOMPARE(transition(u"3"_s).status, 204);
    fields = sb.get(u"/rest/api/2/issue/"_s + key).object().value(u"fields"_s).toObject();
    QCOMPARE(fields.value(u"status"_s).toObject().value(u"name"_s).toString(), u"Reopened"_s);
    QVERIFY(fields.value(u"resolution"_s).isNull());
    QVERIFY(fields.value(u"resolutiondate"_s).isNull());
    // A resolution on a transition without the resolution screen is refused.
    QCOMPARE(transition(u"4"_s, {{u"resolution"_s, QJsonObject{{u"name"_s, u"Fixed"_s}}}}).status, 400);
}

void TestSandboxApi::offersCloudGlobalTransitions()
{
    SandboxFixture sb(Flavor::Cloud);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    const QString key = sb.createIssue(u"ACME"_s, {{u"summary"_s, u"Flow"_s}});
    const QJsonArray transitions
        = sb.get(u"/rest/api/3/issue/"_s + key + u"/transitions"_s).object().value(u"transitions"_s).toArray();
    QCOMPARE(transitions.size(), 2); // to the other two statuses
    QVERIFY(transitions.first().toObject().value(u"isGlobal"_s).toBool());
    QCOMPARE(sb.post(u"/rest/api/3/issue/"_s + key + u"/transitions"_s,
                     QJsonObject{{u"transition"_s, QJsonObject{{u"id"_s, 31}}}})
                 .status,
             204);
    const auto fields = sb.get(u"/rest/api/3/issue/"_s + key).object().value(u"fields"_s).toObject();
    QCOMPARE(fields.value(u"status"_s).toObject().value(u"name"_s).toString(), u"Done"_s);
    QCOMPARE(fields.value(u"resolution"_s).toObject().value(u"name"_s).toString(), u"Done"_s);
}

void TestSandboxApi::pagesDataCenterSearchToTheEnd()
{
    SandboxFixture sb(Flavor::DataCenter);
    QVERIFY(sb.start());
    sb.server().seedProject(u"GLX"_s, u"Galaxy"_s, 120);
    QSet<QString> seen;
    int startAt = 0;
    int pages = 0;
    while (true) {
        const auto page
            = sb.get(u"/rest/api/2/search?jql=project%3DGLX%20ORDER%20BY%20key&maxResults=50&fields=summary&startAt="_s
                     + QString::number(startAt));
        QCOMPARE(page.status, 200);
        const QJsonObject o = page.object();
        QCOMPARE(o.value(u"total"_s).toInt(), 120);
        QCOMPARE(o.value(u"startAt"_s).toInt(), startAt);
        const QJsonArray issues = o.value(u"issues"_s).toArray();
        for (const QString &key : keysOf(issues))
            seen.insert(key);
        ++pages;
        startAt += int(issues.size());
        if (issues.isEmpty() || startAt >= o.value(u"total"_s).toInt())
            break;
    }
    QCOMPARE(pages, 3);
    QCOMPARE(seen.size(), 120);
    // ORDER BY key sorts by number, not text: GLX-2 before GLX-10.
    const auto first
        = sb.get(u"/rest/api/2/search?jql=project%3DGLX%20ORDER%20BY%20key%20ASC&maxResults=11&fields=summary"_s);
    QCOMPARE(keysOf(first.object().value(u"issues"_s).toArray()).at(10), u"GLX-11"_s);
    // POST takes the same query in its body; maxResults is capped at 1000.
    const auto posted = sb.post(
        u"/rest/api/2/search"_s,
        QJsonObject{{u"jql"_s, u"project = GLX"_s}, {u"maxResults"_s, 5000}, {u"fields"_s, QJsonArray{u"summary"_s}}});
    QCOMPARE(posted.object().value(u"maxResults"_s).toInt(), 1000);
    QCOMPARE(posted.object().value(u"issues"_s).toArray().size(), 120);
}

void TestSandboxApi::pagesCloudSearchWithTokens()
{
    SandboxFixture sb(Flavor::Cloud);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 130);
    const QString jql = u"project = ACME ORDER BY created ASC"_s;
    QStringList ids;
    QString token;
    QSet<QString> tokens;
    int pages = 0;
    while (true) {
        QJsonObject body{{u"jql"_s, jql}, {u"maxResults"_s, 50}};
        if (!token.isEmpty())
            body.insert(u"nextPageToken"_s, token);
        const auto page = sb.post(u"/rest/api/3/search/jql"_s, body);
        QCOMPARE(page.status, 200);
        const QJsonObject o = page.object();
        QVERIFY(!o.contains(u"total"_s));
        for (const QJsonValue &issue : o.value(u"issues"_s).toArray()) {
            QCOMPARE(issue.toObject().keys(), QStringList{u"id"_s}); // fields default to the id only
            ids << issue.toObject().value(u"id"_s).toString();
        }
        ++pages;
        if (o.value(u"isLast"_s).toBool()) {
            QVERIFY(!o.contains(u"nextPageToken"_s));
            break;
        }
        token = o.value(u"nextPageToken"_s).toString();
        QVERIFY(!token.isEmpty());
        QVERIFY(!tokens.contains(token));
        tokens.insert(token);
    }
    QCOMPARE(pages, 3);
    QCOMPARE(ids.size(), 130);
    QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), 130);

    // A token belongs to its query.
    const auto foreign = sb.get(u"/rest/api/3/search/jql?jql="_s + encode(u"project = ACME"_s) + u"&nextPageToken="_s
                                + *tokens.begin());
    QCOMPARE(foreign.status, 400);
    const auto garbage = sb.get(u"/rest/api/3/search/jql?jql="_s + encode(jql) + u"&nextPageToken=%%%"_s);
    QCOMPARE(garbage.status, 400);
    // Fields make full issues; with fields a page holds at most 100.
    const auto full
        = sb.get(u"/rest/api/3/search/jql?jql="_s + encode(jql) + u"&fields=summary,status&maxResults=500"_s);
    QCOMPARE(full.object().value(u"issues"_s).toArray().size(), 100);
    QVERIFY(full.object()
                .value(u"issues"_s)
                .toArray()
                .first()
                .toObject()
                .value(u"fields"_s)
                .toObject()
                .contains(u"status"_s));
    // Unbounded queries are refused, and the old endpoint is gone.
    QCOMPARE(sb.get(u"/rest/api/3/search/jql?jql="_s).status, 400);
    const auto removed = sb.get(u"/rest/api/3/search?jql=project%3DACME"_s);
    QCOMPARE(removed.status, 410);
    QVERIFY(firstError(removed).contains(u"/rest/api/3/search/jql"_s));
    QCOMPARE(sb.get(u"/rest/api/2/search?jql=project%3DACME"_s).status, 410);
    const auto count = sb.post(u"/rest/api/3/search/approximate-count"_s, QJsonObject{{u"jql"_s, u"project = ACME"_s}});
    QCOMPARE(count.object().value(u"count"_s).toInt(), 130);
}

void TestSandboxApi::evaluatesJql_data()
{
    QTest::addColumn<Flavor>("flavor");
    QTest::addColumn<QString>("jql");
    QTest::addColumn<QStringList>("expected");
    const auto both = [](const char *name, const QString &jql, const QStringList &expected) {
        QTest::newRow((u"cloud: "_s + QString::fromLatin1(name)).toUtf8().constData())
            << Flavor::Cloud << jql << expected;
        QTest::newRow((u"dc: "_s + QString::fromLatin1(name)).toUtf8().constData())
            << Flavor::DataCenter << jql << expected;
    };
    // The data set: T-1 "Alpha login" labels a,b; T-2 "Beta export" labels b, assigned to Alice, property
    // sync.origin = "x"; T-3 "Gamma login page" no labels, due 2026-12-24; U-1 in another project.
    both("project", u"project = T ORDER BY key"_s, {u"T-1"_s, u"T-2"_s, u"T-3"_s});
    both("project in", u"project in (T, U) ORDER BY key DESC"_s, {u"U-1"_s, u"T-3"_s, u"T-2"_s, u"T-1"_s});
    both("key", u"key = T-2"_s, {u"T-2"_s});
    both("key range", u"project = T AND key > T-1 ORDER BY key"_s, {u"T-2"_s, u"T-3"_s});
    both("labels", u"labels = b ORDER BY key"_s, {u"T-1"_s, u"T-2"_s});
    both("labels not in", u"labels not in (a) ORDER BY key"_s, {u"T-2"_s});
    both("labels empty", u"project = T AND labels is EMPTY"_s, {u"T-3"_s});
    both("text", u"summary ~ \"login\" ORDER BY key"_s, {u"T-1"_s, u"T-3"_s});
    both("text words", u"summary ~ \"page login\""_s, {u"T-3"_s});
    both("not text", u"project = T AND summary !~ login"_s, {u"T-2"_s});
    both("and or precedence", u"project = U OR labels = a AND labels = b ORDER BY key"_s, {u"T-1"_s, u"U-1"_s});
    both("parentheses", u"(project = U OR labels = a) AND summary ~ alpha"_s, {u"T-1"_s});
    both("not", u"project = T AND NOT labels = a ORDER BY key"_s, {u"T-2"_s, u"T-3"_s});
    both("status category", u"project = T AND statusCategory = \"To Do\" ORDER BY key"_s,
         {u"T-1"_s, u"T-2"_s, u"T-3"_s});
    both("unassigned", u"project = T AND assignee is EMPTY ORDER BY key"_s, {u"T-1"_s, u"T-3"_s});
    both("assignee by name", u"assignee = \"Alice Smith\""_s, {u"T-2"_s});
    both("current user reporter", u"reporter = currentUser() AND project = U"_s, {u"U-1"_s});
    both("due date", u"due >= \"2026/12/01\""_s, {u"T-3"_s});
    both("due date dashes", u"duedate < \"2026-12-24 10:00\" AND project = T"_s, {u"T-3"_s});
    both("relative updated", u"project = T AND updated >= -5m ORDER BY key"_s, {u"T-1"_s, u"T-2"_s, u"T-3"_s});
    both("relative past", u"project = T AND created <= -1d"_s, {});
    both("property", u"issue.property[sync].origin = x"_s, {u"T-2"_s});
    both("issuetype", u"project = T AND issuetype = Bug"_s, {u"T-3"_s});
    both("order by two fields", u"project = T ORDER BY labels ASC, key DESC"_s, {u"T-1"_s, u"T-2"_s, u"T-3"_s});
    QTest::newRow("cloud: custom field by cf") << Flavor::Cloud << u"cf[10016] > 3"_s << QStringList{u"T-2"_s};
    QTest::newRow("cloud: custom field by name")
        << Flavor::Cloud << u"\"Story point estimate\" = 5"_s << QStringList{u"T-2"_s};
    QTest::newRow("dc: custom field by cf") << Flavor::DataCenter << u"cf[10106] > 3"_s << QStringList{u"T-2"_s};
    QTest::newRow("dc: custom field by name")
        << Flavor::DataCenter << u"\"Story Points\" = 5"_s << QStringList{u"T-2"_s};
    QTest::newRow("dc: status") << Flavor::DataCenter << u"status = Open AND project = U"_s << QStringList{u"U-1"_s};
    QTest::newRow("cloud: status") << Flavor::Cloud << u"status = \"To Do\" AND project = U"_s << QStringList{u"U-1"_s};
}

void TestSandboxApi::evaluatesJql()
{
    QFETCH(Flavor, flavor);
    QFETCH(QString, jql);
    QFETCH(QStringList, expected);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"T"_s, u"Test"_s, 0);
    sb.server().seedProject(u"U"_s, u"Other"_s, 0);
    const bool cloud = flavor == Flavor::Cloud;
    const QString points = cloud ? u"customfield_10016"_s : u"customfield_10106"_s;
    QCOMPARE(sb.createIssue(u"T"_s,
                            {{u"summary"_s, u"Alpha login"_s}, {u"labels"_s, QJsonArray{u"a"_s, u"b"_s}}, {points, 2}}),
             u"T-1"_s);
    const QJsonObject alice = cloud ? QJsonObject{{u"accountId"_s, u"712020:00000000-0000-4000-8000-000000000002"_s}}
                                    : QJsonObject{{u"name"_s, u"alice"_s}};
    QCOMPARE(
        sb.createIssue(
            u"T"_s,
            {{u"summary"_s, u"Beta export"_s}, {u"labels"_s, QJsonArray{u"b"_s}}, {u"assignee"_s, alice}, {points, 5}}),
        u"T-2"_s);
    QCOMPARE(sb.createIssue(u"T"_s,
                            {{u"summary"_s, u"Gamma login page"_s},
                             {u"duedate"_s, u"2026-12-24"_s},
                             {u"issuetype"_s, QJsonObject{{u"name"_s, u"Bug"_s}}}}),
             u"T-3"_s);
    QCOMPARE(sb.createIssue(u"U"_s, {{u"summary"_s, u"Elsewhere"_s}}), u"U-1"_s);
    QCOMPARE(sb.put(sb.api() + u"/issue/T-2/properties/sync"_s, QJsonObject{{u"origin"_s, u"x"_s}}).status, 201);

    const auto reply = sb.post(cloud ? u"/rest/api/3/search/jql"_s : u"/rest/api/2/search"_s,
                               QJsonObject{{u"jql"_s, jql}, {u"fields"_s, QJsonArray{u"summary"_s}}});
    QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
    QStringList keys = keysOf(reply.object().value(u"issues"_s).toArray());
    if (!jql.contains(u"ORDER BY"_s, Qt::CaseInsensitive)) {
        keys.sort();
        expected.sort();
    }
    QCOMPARE(keys, expected);
}

void TestSandboxApi::rejectsBadJql_data()
{
    QTest::addColumn<QString>("jql");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown field") << u"colour = red"_s
                                   << u"Field 'colour' does not exist or you do not have permission to view it."_s;
    QTest::newRow("unknown project") << u"project = NOPE"_s
                                     << u"The value 'NOPE' does not exist for the field 'project'."_s;
    QTest::newRow("missing key") << u"key = T-99"_s << u"An issue with key 'T-99' does not exist for field 'key'."_s;
    QTest::newRow("bad key") << u"key = 12-X"_s << u"The issue key '12-X' for field 'key' is invalid."_s;
    QTest::newRow("equals on text") << u"summary = login"_s
                                    << u"The operator '=' is not supported by the 'summary' field."_s;
    QTest::newRow("like on status") << u"status ~ Open"_s
                                    << u"The operator '~' is not supported by the 'status' field."_s;
    QTest::newRow("bad date") << u"updated > yesterday"_s
                              << u"Date value 'yesterday' for field 'updated' is invalid."_s;
    QTest::newRow("dangling and") << u"project = T AND"_s << u"Expecting a field name but got 'EOF'."_s;
    QTest::newRow("missing operator") << u"project T"_s << u"Expecting operator but got 'T'."_s;
    QTest::newRow("unclosed paren") << u"(project = T"_s << u"Expecting ')' but got 'EOF'."_s;
    QTest::newRow("unclosed string") << u"summary ~ \"open"_s << u"has not been completed"_s;
    QTest::newRow("unknown function") << u"assignee = someoneElse()"_s
                                      << u"Unable to find JQL function 'someoneElse()'."_s;
    QTest::newRow("was") << u"status WAS Open"_s << u"not supported by the sandbox"_s;
    QTest::newRow("is with value") << u"labels IS a"_s << u"can only be used with the values 'EMPTY' or 'NULL'"_s;
    QTest::newRow("order by unknown") << u"project = T ORDER BY colour"_s << u"Field 'colour' does not exist"_s;
    QTest::newRow("trailing garbage") << u"project = T foo"_s << u"Expecting either 'OR' or 'AND' but got 'foo'."_s;
}

void TestSandboxApi::rejectsBadJql()
{
    QFETCH(QString, jql);
    QFETCH(QString, message);
    SandboxFixture sb(Flavor::DataCenter);
    QVERIFY(sb.start());
    sb.server().seedProject(u"T"_s, u"Test"_s, 1);
    const auto reply = sb.get(u"/rest/api/2/search?jql="_s + encode(jql));
    QCOMPARE(reply.status, 400);
    QVERIFY2(firstError(reply).contains(message), qPrintable(firstError(reply)));
}

void TestSandboxApi::keepsCommentsAndMovesUpdated()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    const QString key = sb.createIssue(u"ACME"_s, {{u"summary"_s, u"Talk"_s}});
    const QString before
        = sb.get(sb.api() + u"/issue/"_s + key).object().value(u"fields"_s).toObject().value(u"updated"_s).toString();
    QTest::qWait(5);
    const auto added
        = sb.post(sb.api() + u"/issue/"_s + key + u"/comment"_s,
                  QJsonObject{{u"body"_s, sb.richText(u"First remark"_s)},
                              {u"visibility"_s, QJsonObject{{u"type"_s, u"role"_s}, {u"value"_s, u"Developers"_s}}}});
    QCOMPARE(added.status, 201);
    const QString id = added.object().value(u"id"_s).toString();
    QCOMPARE(added.object().value(u"visibility"_s).toObject().value(u"value"_s).toString(), u"Developers"_s);
    const QString after
        = sb.get(sb.api() + u"/issue/"_s + key).object().value(u"fields"_s).toObject().value(u"updated"_s).toString();
    QVERIFY2(after > before, qPrintable(before + u" "_s + after));

    for (int i = 2; i <= 4; ++i)
        QCOMPARE(sb.post(sb.api() + u"/issue/"_s + key + u"/comment"_s,
                         QJsonObject{{u"body"_s, sb.richText(u"Remark %1"_s.arg(i))}})
                     .status,
                 201);
    const auto page = sb.get(sb.api() + u"/issue/"_s + key + u"/comment?startAt=1&maxResults=2"_s).object();
    QCOMPARE(page.value(u"total"_s).toInt(), 4);
    QCOMPARE(page.value(u"comments"_s).toArray().size(), 2);

    const auto edited = sb.put(sb.api() + u"/issue/"_s + key + u"/comment/"_s + id,
                               QJsonObject{{u"body"_s, sb.richText(u"Changed"_s)}});
    QCOMPARE(edited.status, 200);
    QVERIFY(edited.object().value(u"updated"_s).toString() >= edited.object().value(u"created"_s).toString());
    const auto empty
        = sb.post(sb.api() + u"/issue/"_s + key + u"/comment"_s,
                  QJsonObject{{u"body"_s, flavor == Flavor::Cloud ? QJsonValue(QJsonValue::Null) : QJsonValue(u""_s)}});
    QCOMPARE(empty.status, 400);
    QCOMPARE(sb.del(sb.api() + u"/issue/"_s + key + u"/comment/"_s + id).status, 204);
    QCOMPARE(sb.get(sb.api() + u"/issue/"_s + key + u"/comment/"_s + id).status, 404);
}

void TestSandboxApi::roundTripsAttachments()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    const QString key = sb.createIssue(u"ACME"_s, {{u"summary"_s, u"Files"_s}});
    QByteArray content;
    for (int i = 0; i < 70'000; ++i)
        content.append(char(i * 7 % 256)); // binary, with CR LF and NUL bytes
    const QByteArray boundary = "----ferryBoundary42";
    const QByteArray body = "--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r\xc3\xa9sum\xc3\xa9.bin\"\r\n"
          "Content-Type: application/octet-stream\r\n\r\n"
        + content + "\r\n--" + boundary + "--\r\n";
    const QByteArray type = "multipart/form-data; boundary=" + boundary;
    const auto refused = sb.send("POST", sb.api() + u"/issue/"_s + key + u"/attachments"_s, body, type);
    QCOMPARE(refused.status, 403); // no X-Atlassian-Token
    const auto uploaded = sb.send("POST", sb.api() + u"/issue/"_s + key + u"/attachments"_s, body, type,
                                  {{"X-Atlassian-Token", "no-check"}});
    QCOMPARE(uploaded.status, 200);
    const QJsonObject attachment = uploaded.array().first().toObject();
    QCOMPARE(attachment.value(u"filename"_s).toString(), u"résumé.bin"_s);
    QCOMPARE(attachment.value(u"size"_s).toInteger(), content.size());
    const QString contentUrl = attachment.value(u"content"_s).toString();
    const auto downloaded = sb.get(contentUrl.mid(sb.baseUrl().size()));
    QCOMPARE(downloaded.status, 200);
    QCOMPARE(downloaded.body, content);

    const auto issue = sb.get(sb.api() + u"/issue/"_s + key + u"?expand=changelog"_s).object();
    QCOMPARE(issue.value(u"fields"_s).toObject().value(u"attachment"_s).toArray().size(), 1);
    const QJsonObject item = issue.value(u"changelog"_s)
                                 .toObject()
                                 .value(u"histories"_s)
                                 .toArray()
                                 .last()
                                 .toObject()
                                 .value(u"items"_s)
                                 .toArray()
                                 .first()
                                 .toObject();
    QCOMPARE(item.value(u"field"_s).toString(), u"Attachment"_s);
    QCOMPARE(item.value(u"toString"_s).toString(), u"résumé.bin"_s);

    const QString id = attachment.value(u"id"_s).toString();
    QCOMPARE(sb.del(sb.api() + u"/attachment/"_s + id).status, 204);
    QCOMPARE(sb.get(sb.api() + u"/attachment/"_s + id).status, 404);
    QCOMPARE(sb.get(contentUrl.mid(sb.baseUrl().size())).status, 404);
    const auto noFile = sb.send("POST", sb.api() + u"/issue/"_s + key + u"/attachments"_s, "--" + boundary + "--\r\n",
                                type, {{"X-Atlassian-Token", "nocheck"}});
    QCOMPARE(noFile.status, 400);
}

void TestSandboxApi::storesIssueProperties()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    const QString key = sb.createIssue(u"ACME"_s, {{u"summary"_s, u"Props"_s}});
    const QString path = sb.api() + u"/issue/"_s + key + u"/properties/ferry.origin"_s;
    const QJsonObject marker{{u"pair"_s, u"p1"_s}, {u"op"_s, u"op-7"_s}};
    QCOMPARE(sb.put(path, marker).status, 201);
    QCOMPARE(sb.put(path, marker).status, 200);
    QCOMPARE(sb.get(path).object().value(u"value"_s).toObject(), marker);
    const QJsonArray keys
        = sb.get(sb.api() + u"/issue/"_s + key + u"/properties"_s).object().value(u"keys"_s).toArray();
    QCOMPARE(keys.size(), 1);
    QCOMPARE(keys.first().toObject().value(u"key"_s).toString(), u"ferry.origin"_s);
    QCOMPARE(sb.get(sb.api() + u"/issue/"_s + key + u"?properties=ferry.origin&fields=summary"_s)
                 .object()
                 .value(u"properties"_s)
                 .toObject()
                 .value(u"ferry.origin"_s)
                 .toObject(),
             marker);
    QCOMPARE(sb.send("PUT", path, "{broken").status, 400);
    QCOMPARE(sb.del(path).status, 204);
    QCOMPARE(sb.get(path).status, 404);
    QCOMPARE(sb.del(path).status, 404);
}

void TestSandboxApi::createsComponents()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    const SandboxFixture::Reply made
        = sb.post(sb.api() + u"/component"_s, QJsonObject{{u"name"_s, u"Firmware"_s}, {u"project"_s, u"ACME"_s}});
    QCOMPARE(made.status, 201);
    QCOMPARE(made.object().value(u"name"_s).toString(), u"Firmware"_s);
    QVERIFY(!made.object().value(u"id"_s).toString().isEmpty());
    const QJsonArray all = sb.get(sb.api() + u"/project/ACME/components"_s).array();
    QCOMPARE(all.last().toObject().value(u"name"_s).toString(), u"Firmware"_s);
    const QString key = sb.createIssue(
        u"ACME"_s,
        {{u"summary"_s, u"Uses it"_s}, {u"components"_s, QJsonArray{QJsonObject{{u"name"_s, u"Firmware"_s}}}}});
    QVERIFY(!key.isEmpty());
    QCOMPARE(
        sb.post(sb.api() + u"/component"_s, QJsonObject{{u"name"_s, u"firmware"_s}, {u"project"_s, u"ACME"_s}}).status,
        400);
    QCOMPARE(sb.post(sb.api() + u"/component"_s, QJsonObject{{u"name"_s, u"X"_s}, {u"project"_s, u"NOPE"_s}}).status,
             400);
    QCOMPARE(sb.send("POST", sb.api() + u"/component"_s, R"({"name":"Y","project":"ACME"})", "application/json", {},
                     sb.viewerAuthorization())
                 .status,
             403);
}

void TestSandboxApi::linksIssuesBothWays()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    const QString a = sb.createIssue(u"ACME"_s, {{u"summary"_s, u"Blocker"_s}});
    const QString b = sb.createIssue(u"ACME"_s, {{u"summary"_s, u"Blocked"_s}});
    const auto created = sb.post(sb.api() + u"/issueLink"_s,
                                 QJsonObject{{u"type"_s, QJsonObject{{u"name"_s, u"Blocks"_s}}},
                                             {u"inwardIssue"_s, QJsonObject{{u"key"_s, a}}},
                                             {u"outwardIssue"_s, QJsonObject{{u"key"_s, b}}}});
    QCOMPARE(created.status, 201);
    const QJsonArray fromA
        = sb.get(sb.api() + u"/issue/"_s + a).object().value(u"fields"_s).toObject().value(u"issuelinks"_s).toArray();
    const QJsonArray fromB
        = sb.get(sb.api() + u"/issue/"_s + b).object().value(u"fields"_s).toObject().value(u"issuelinks"_s).toArray();
    QCOMPARE(fromA.size(), 1);
    QCOMPARE(fromA.first().toObject().value(u"outwardIssue"_s).toObject().value(u"key"_s).toString(), b);
    QVERIFY(!fromA.first().toObject().contains(u"inwardIssue"_s));
    QCOMPARE(fromB.first().toObject().value(u"inwardIssue"_s).toObject().value(u"key"_s).toString(), a);
    const QString id = fromA.first().toObject().value(u"id"_s).toString();
    QCOMPARE(
        sb.get(sb.api() + u"/issueLink/"_s + id).object().value(u"type"_s).toObject().value(u"outward"_s).toString(),
        u"blocks"_s);
    QCOMPARE(sb.post(sb.api() + u"/issueLink"_s,
                     QJsonObject{{u"type"_s, QJsonObject{{u"name"_s, u"Nope"_s}}},
                                 {u"inwardIssue"_s, QJsonObject{{u"key"_s, a}}},
                                 {u"outwardIssue"_s, QJsonObject{{u"key"_s, b}}}})
                 .status,
             404);
    QCOMPARE(sb.del(sb.api() + u"/issueLink/"_s + id).status, 204);
    QVERIFY(sb.get(sb.api() + u"/issue/"_s + a)
                .object()
                .value(u"fields"_s)
                .toObject()
                .value(u"issuelinks"_s)
                .toArray()
                .isEmpty());
    const QJsonArray types = sb.get(sb.api() + u"/issueLinkType"_s).object().value(u"issueLinkTypes"_s).toArray();
    QCOMPARE(types.size(), 4);
}

void TestSandboxApi::logsWorkAndAdjustsEstimates()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    const QString key = sb.createIssue(
        u"ACME"_s,
        {{u"summary"_s, u"Work"_s},
         {u"timetracking"_s, QJsonObject{{u"originalEstimate"_s, u"1d"_s}, {u"remainingEstimate"_s, u"1d"_s}}}});
    const auto logged = sb.post(sb.api() + u"/issue/"_s + key + u"/worklog"_s,
                                QJsonObject{{u"timeSpent"_s, u"2h 30m"_s},
                                            {u"started"_s, u"2026-11-28T10:00:00.000+0000"_s},
                                            {u"comment"_s, sb.richText(u"Pairing"_s)}});
    QCOMPARE(logged.status, 201);
    QCOMPARE(logged.object().value(u"timeSpentSeconds"_s).toInt(), 9000);
    QCOMPARE(logged.object().value(u"timeSpent"_s).toString(), u"2h 30m"_s);
    QCOMPARE(logged.object().value(u"started"_s).toString(), u"2026-11-28T10:00:00.000+0000"_s);
    const QJsonObject tracking = sb.get(sb.api() + u"/issue/"_s + key)
                                     .object()
                                     .value(u"fields"_s)
                                     .toObject()
                                     .value(u"timetracking"_s)
                                     .toObject();
    QCOMPARE(tracking.value(u"originalEstimateSeconds"_s).toInt(), 8 * 3600);
    QCOMPARE(tracking.value(u"remainingEstimateSeconds"_s).toInt(), 8 * 3600 - 9000);
    QCOMPARE(tracking.value(u"timeSpentSeconds"_s).toInt(), 9000);
    const QString id = logged.object().value(u"id"_s).toString();
    QCOMPARE(sb.put(sb.api() + u"/issue/"_s + key + u"/worklog/"_s + id + u"?adjustEstimate=leave"_s,
                    QJsonObject{{u"timeSpentSeconds"_s, 3600}})
                 .object()
                 .value(u"timeSpent"_s)
                 .toString(),
             u"1h"_s);
    QCOMPARE(
        sb.post(sb.api() + u"/issue/"_s + key + u"/worklog"_s, QJsonObject{{u"comment"_s, sb.richText(u"x"_s)}}).status,
        400);
    QCOMPARE(sb.get(sb.api() + u"/issue/"_s + key + u"/worklog"_s).object().value(u"total"_s).toInt(), 1);
    QCOMPARE(sb.del(sb.api() + u"/issue/"_s + key + u"/worklog/"_s + id).status, 204);
    QCOMPARE(sb.get(sb.api() + u"/issue/"_s + key + u"/worklog"_s).object().value(u"total"_s).toInt(), 0);
}

void TestSandboxApi::servesRichTextPerApiVersion()
{
    SandboxFixture sb(Flavor::Cloud);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    const QString key = sb.createIssue(
        u"ACME"_s, {{u"summary"_s, u"Rich"_s}, {u"description"_s, sb.richText(u"Line one\nLine two\n\nNext"_s)}});
    const QJsonValue v3
        = sb.get(u"/rest/api/3/issue/"_s + key).object().value(u"fields"_s).toObject().value(u"description"_s);
    QCOMPARE(v3.toObject().value(u"type"_s).toString(), u"doc"_s);
    const QJsonValue v2
        = sb.get(u"/rest/api/2/issue/"_s + key).object().value(u"fields"_s).toObject().value(u"description"_s);
    QCOMPARE(v2.toString(), u"Line one\nLine two\n\nNext"_s);
    // v3 wants ADF, and ADF as real Jira checks it.
    auto reply = sb.put(u"/rest/api/3/issue/"_s + key,
                        QJsonObject{{u"fields"_s, QJsonObject{{u"description"_s, u"plain"_s}}}});
    QCOMPARE(reply.status, 400);
    QVERIFY(firstError(reply).contains(u"Atlassian Document"_s));
    const QJsonObject emptyText{
        {u"type"_s, u"doc"_s},
        {u"version"_s, 1},
        {u"content"_s,
         QJsonArray{QJsonObject{{u"type"_s, u"paragraph"_s},
                                {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u""_s}}}}}}}};
    reply
        = sb.put(u"/rest/api/3/issue/"_s + key, QJsonObject{{u"fields"_s, QJsonObject{{u"description"_s, emptyText}}}});
    QCOMPARE(reply.status, 400);
    QVERIFY(firstError(reply).contains(u"must not be empty"_s));
    const auto colored = [](const QString &color) {
        const QJsonObject mark{{u"type"_s, u"textColor"_s}, {u"attrs"_s, QJsonObject{{u"color"_s, color}}}};
        const QJsonObject text{{u"type"_s, u"text"_s}, {u"text"_s, u"alarm"_s}, {u"marks"_s, QJsonArray{mark}}};
        return QJsonObject{
            {u"type"_s, u"doc"_s},
            {u"version"_s, 1},
            {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"paragraph"_s}, {u"content"_s, QJsonArray{text}}}}}};
    };
    reply = sb.put(u"/rest/api/3/issue/"_s + key,
                   QJsonObject{{u"fields"_s, QJsonObject{{u"description"_s, colored(u"red"_s)}}}});
    QCOMPARE(reply.status, 400); // a colour is #rrggbb in ADF, never a name
    QVERIFY(firstError(reply).contains(u"textColor"_s));
    QCOMPARE(sb.put(u"/rest/api/3/issue/"_s + key,
                    QJsonObject{{u"fields"_s, QJsonObject{{u"description"_s, colored(u"#ff0000"_s)}}}})
                 .status,
             204);
    // A code block keeps its lines in one text node: that is valid ADF.
    const QJsonObject code{
        {u"type"_s, u"doc"_s},
        {u"version"_s, 1},
        {u"content"_s,
         QJsonArray{
             QJsonObject{{u"type"_s, u"codeBlock"_s},
                         {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"a\nb"_s}}}}}}}};
    QCOMPARE(
        sb.put(u"/rest/api/3/issue/"_s + key, QJsonObject{{u"fields"_s, QJsonObject{{u"description"_s, code}}}}).status,
        204);
    // v2 takes text and stores it as ADF.
    QCOMPARE(
        sb.put(u"/rest/api/2/issue/"_s + key, QJsonObject{{u"fields"_s, QJsonObject{{u"description"_s, u"From v2"_s}}}})
            .status,
        204);
    QCOMPARE(sb.get(u"/rest/api/3/issue/"_s + key)
                 .object()
                 .value(u"fields"_s)
                 .toObject()
                 .value(u"description"_s)
                 .toObject()
                 .value(u"content"_s)
                 .toArray()
                 .size(),
             1);
}

void TestSandboxApi::refusesWritesWithoutPermission()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 1);
    const QByteArray viewer = sb.viewerAuthorization();
    QCOMPARE(sb.send("GET", sb.api() + u"/issue/ACME-1"_s, {}, {}, {}, viewer).status, 200);
    const auto edit = sb.send("PUT", sb.api() + u"/issue/ACME-1"_s, R"({"fields":{"summary":"x"}})", "application/json",
                              {}, viewer);
    QCOMPARE(edit.status, 403);
    QVERIFY(firstError(edit).contains(u"permission"_s));
    const auto perms
        = sb.send("GET", sb.api() + u"/mypermissions?projectKey=ACME&permissions=BROWSE_PROJECTS,EDIT_ISSUES"_s, {}, {},
                  {}, viewer)
              .object()
              .value(u"permissions"_s)
              .toObject();
    QVERIFY(perms.value(u"BROWSE_PROJECTS"_s).toObject().value(u"havePermission"_s).toBool());
    QVERIFY(!perms.value(u"EDIT_ISSUES"_s).toObject().value(u"havePermission"_s).toBool());
    QCOMPARE(sb.get(sb.api() + u"/mypermissions?projectKey=NOPE&permissions=EDIT_ISSUES"_s).status, 404);
}

void TestSandboxApi::persistsToItsDataFile()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"sandbox.db"_s);
    {
        SandboxFixture sb(Flavor::DataCenter, file);
        QVERIFY(sb.start());
        sb.server().seedProject(u"GLX"_s, u"Galaxy"_s, 3);
        QCOMPARE(sb.createIssue(u"GLX"_s, {{u"summary"_s, u"Survives a restart"_s}}), u"GLX-4"_s);
        QCOMPARE(sb.post(u"/rest/api/2/issue/GLX-4/comment"_s, QJsonObject{{u"body"_s, u"kept"_s}}).status, 201);
    }
    {
        SandboxFixture sb(Flavor::DataCenter, file);
        QVERIFY(sb.start());
        const auto issue = sb.get(u"/rest/api/2/issue/GLX-4"_s).object();
        QCOMPARE(issue.value(u"fields"_s).toObject().value(u"summary"_s).toString(), u"Survives a restart"_s);
        QCOMPARE(issue.value(u"fields"_s).toObject().value(u"comment"_s).toObject().value(u"total"_s).toInt(), 1);
        QCOMPARE(sb.createIssue(u"GLX"_s, {{u"summary"_s, u"Next number"_s}}), u"GLX-5"_s);
    }
    SandboxFixture cloud(Flavor::Cloud, file);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"holds a 'dc' site"_s));
    QVERIFY(!cloud.start());
}

void TestSandboxApi::createsSubtasksUnderParents()
{
    QFETCH(Flavor, flavor);
    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 0);
    const QString parent = sb.createIssue(u"ACME"_s, {{u"summary"_s, u"Parent"_s}});
    const QString subtaskType = flavor == Flavor::Cloud ? u"Subtask"_s : u"Sub-task"_s;
    const auto orphan = sb.post(sb.api() + u"/issue"_s,
                                QJsonObject{{u"fields"_s,
                                             QJsonObject{{u"project"_s, QJsonObject{{u"key"_s, u"ACME"_s}}},
                                                         {u"summary"_s, u"Orphan"_s},
                                                         {u"issuetype"_s, QJsonObject{{u"name"_s, subtaskType}}}}}});
    QCOMPARE(orphan.status, 400);
    QCOMPARE(firstError(orphan), u"parent: Issue type is a sub-task but parent issue key or id not specified."_s);
    const QString child = sb.createIssue(u"ACME"_s,
                                         {{u"summary"_s, u"Child"_s},
                                          {u"issuetype"_s, QJsonObject{{u"name"_s, subtaskType}}},
                                          {u"parent"_s, QJsonObject{{u"key"_s, parent}}}});
    QVERIFY(!child.isEmpty());
    const QJsonArray subtasks = sb.get(sb.api() + u"/issue/"_s + parent)
                                    .object()
                                    .value(u"fields"_s)
                                    .toObject()
                                    .value(u"subtasks"_s)
                                    .toArray();
    QCOMPARE(subtasks.size(), 1);
    QCOMPARE(subtasks.first().toObject().value(u"key"_s).toString(), child);
    QCOMPARE(sb.get(sb.api() + u"/issue/"_s + child)
                 .object()
                 .value(u"fields"_s)
                 .toObject()
                 .value(u"parent"_s)
                 .toObject()
                 .value(u"key"_s)
                 .toString(),
             parent);
    QCOMPARE(sb.del(sb.api() + u"/issue/"_s + parent).status, 400);
    QCOMPARE(sb.del(sb.api() + u"/issue/"_s + parent + u"?deleteSubtasks=true"_s).status, 204);
    QCOMPARE(sb.get(sb.api() + u"/issue/"_s + child).status, 404);
}

void TestSandboxApi::adminApiResetsSeedsAndCounts()
{
    SandboxFixture sb(Flavor::Cloud);
    QVERIFY(sb.start());
    QCOMPARE(sb.send("POST", u"/sandbox/v1/reset"_s, R"({"seedProject":"ZED","seedIssues":12})", "application/json", {},
                     QByteArray())
                 .status,
             204);
    QCOMPARE(sb.post(u"/rest/api/3/search/approximate-count"_s, QJsonObject{{u"jql"_s, u"project = ZED"_s}})
                 .object()
                 .value(u"count"_s)
                 .toInt(),
             12);
    const auto user = sb.send("POST", u"/sandbox/v1/users"_s,
                              R"({"displayName":"Dan Dev","email":"dan@example.com","apiToken":"dan-token"})");
    QCOMPARE(user.status, 201);
    QCOMPARE(
        sb.send("GET", u"/rest/api/3/myself"_s, {}, {}, {}, SandboxFixture::basic(u"dan@example.com"_s, u"dan-token"_s))
            .status,
        200);
    QCOMPARE(sb.send("POST", u"/sandbox/v1/users"_s, R"({"displayName":"Dan Dev","email":"dan@example.com"})").status,
             409);
    // Cloud shows an address to its owner and where the profile makes it public; not otherwise.
    QCOMPARE(sb.send("POST", u"/sandbox/v1/users"_s,
                     R"({"displayName":"Pat Public","email":"pat@example.com","emailVisible":true})")
                 .status,
             201);
    QCOMPARE(sb.send("POST", u"/sandbox/v1/users"_s,
                     R"({"displayName":"Fred Former","email":"fred@example.com","active":false})")
                 .status,
             201);
    QHash<QString, QJsonObject> byName;
    for (const QJsonValue &listed : sb.get(u"/rest/api/3/users/search?maxResults=100"_s).array())
        byName.insert(listed.toObject().value(u"displayName"_s).toString(), listed.toObject());
    QCOMPARE(byName.value(u"Ada Admin"_s).value(u"emailAddress"_s).toString(), u"admin@example.com"_s); // the caller
    QVERIFY(!byName.value(u"Alice Smith"_s).contains(u"emailAddress"_s));
    QCOMPARE(byName.value(u"Pat Public"_s).value(u"emailAddress"_s).toString(), u"pat@example.com"_s);
    QCOMPARE(byName.value(u"Fred Former"_s).value(u"active"_s).toBool(true), false);
    const auto danSees = sb.send("GET", u"/rest/api/3/myself"_s, {}, {}, {},
                                 SandboxFixture::basic(u"dan@example.com"_s, u"dan-token"_s));
    QCOMPARE(danSees.object().value(u"emailAddress"_s).toString(), u"dan@example.com"_s);
    QCOMPARE(sb.post(u"/sandbox/v1/projects"_s, QJsonObject{{u"key"_s, u"new"_s}, {u"seedIssues"_s, 2}}).status, 201);
    QCOMPARE(sb.post(u"/sandbox/v1/projects"_s, QJsonObject{{u"key"_s, u"1bad"_s}}).status, 400);
    QCOMPARE(sb.del(u"/sandbox/v1/stats"_s).status, 204);
    sb.get(u"/rest/api/3/issue/ZED-1"_s);
    sb.get(u"/rest/api/3/issue/ZED-2"_s);
    const QJsonObject stats = sb.get(u"/sandbox/v1/stats"_s).object();
    QCOMPARE(stats.value(u"byRoute"_s).toObject().value(u"GET /rest/api/{v}/issue/{key}"_s).toInt(), 2);
    QVERIFY(stats.value(u"bytesSent"_s).toInteger() > 0);
}

void TestSandboxApi::injectsFaults()
{
    SandboxFixture sb(Flavor::Cloud);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 1);
    const auto setFaults = [&](const QByteArray &json) {
        return sb.send("PUT", u"/sandbox/v1/faults"_s, json, "application/json", {}, QByteArray());
    };
    QCOMPARE(setFaults(R"({"storm":{"count":2,"retryAfter":3,"reason":"jira-quota-global-based"}})").status, 200);
    for (int i = 0; i < 2; ++i) {
        const auto storm = sb.get(u"/rest/api/3/issue/ACME-1"_s);
        QCOMPARE(storm.status, 429);
        QCOMPARE(storm.headers.value("retry-after"), QByteArray("3"));
        QCOMPARE(storm.headers.value("ratelimit-reason"), QByteArray("jira-quota-global-based"));
        QVERIFY(storm.headers.contains("x-ratelimit-reset"));
    }
    QCOMPARE(sb.get(u"/rest/api/3/issue/ACME-1"_s).status, 200); // the storm is over
    QCOMPARE(sb.get(u"/sandbox/v1/stats"_s).object().value(u"tooManyRequests"_s).toInt(), 2);

    QCOMPARE(setFaults(R"({"errorRate":1,"errorStatus":502,"routes":"^GET /rest/api/3/issue/"})").status, 200);
    QCOMPARE(sb.get(u"/rest/api/3/issue/ACME-1"_s).status, 502);
    QCOMPARE(sb.get(u"/rest/api/3/myself"_s).status, 200); // outside the routes filter

    QCOMPARE(setFaults(R"({"resetRate":1})").status, 200);
    const auto reset = sb.get(u"/rest/api/3/myself"_s);
    QCOMPARE(reset.status, 0);
    QVERIFY2(!reset.networkError.isEmpty(), qPrintable(reset.describe()));

    QCOMPARE(setFaults(R"({"hangRate":1})").status, 200);
    sb.setTimeout(300);
    const auto hung = sb.get(u"/rest/api/3/myself"_s);
    QCOMPARE(hung.status, 0);
    QVERIFY(!hung.networkError.isEmpty());
    sb.setTimeout(15'000);

    // A lost answer: the work is done, the connection is reset instead of answering.
    QCOMPARE(setFaults(R"({"lostAnswerRate":1,"routes":"^PUT /rest/api/3/issue/"})").status, 200);
    const auto lost
        = sb.put(u"/rest/api/3/issue/ACME-1"_s, QJsonObject{{u"fields"_s, QJsonObject{{u"summary"_s, u"Lost"_s}}}});
    QCOMPARE(lost.status, 0);
    QCOMPARE(sb.get(u"/rest/api/3/issue/ACME-1?fields=summary"_s).object()[u"fields"_s][u"summary"_s].toString(),
             u"Lost"_s);

    QCOMPARE(sb.send("DELETE", u"/sandbox/v1/faults"_s, {}, {}, {}, QByteArray()).status, 204);
    QCOMPARE(sb.get(u"/rest/api/3/myself"_s).status, 200);
    QCOMPARE(setFaults(R"({"errorRate":2})").status, 400);
    QCOMPARE(setFaults(R"({"surprise":1})").status, 400);
    QCOMPARE(setFaults("{\"routes\":\"[\"}").status, 400); // an invalid regular expression
}

void TestSandboxApi::delaysResponses()
{
    sandbox::SandboxServer::Options options;
    options.flavor = Flavor::DataCenter;
    options.latencyMs = 150;
    SandboxFixture sb(options);
    QVERIFY(sb.start());
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(sb.get(u"/rest/api/2/myself"_s).status, 200);
    QVERIFY(timer.elapsed() >= 150); // a lower bound only: the delay is the feature
}

void TestSandboxApi::enforcesCloudBurstLimits()
{
    sandbox::SandboxServer::Options options;
    options.flavor = Flavor::Cloud;
    options.cloudRateLimits = true;
    SandboxFixture sb(options);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 1);

    const auto first = sb.get(u"/rest/api/3/issue/ACME-1"_s);
    QCOMPARE(first.status, 200);
    QCOMPARE(first.headers.value("x-ratelimit-limit"), QByteArray("100"));
    QCOMPARE(first.headers.value("x-ratelimit-remaining"), QByteArray("99"));

    // Far more than the bucket holds: some are refused with Cloud's headers.
    SandboxFixture::Reply refused;
    int sent = 1;
    for (; sent < 400 && refused.status != 429; ++sent) {
        const auto reply = sb.get(u"/rest/api/3/issue/ACME-1"_s);
        if (reply.status == 429)
            refused = reply;
        else
            QCOMPARE(reply.status, 200);
    }
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.headers.value("ratelimit-reason"), QByteArray("jira-burst-based"));
    QCOMPARE(refused.headers.value("retry-after"), QByteArray("1"));
    QCOMPARE(refused.headers.value("x-ratelimit-remaining"), QByteArray("0"));
    QVERIFY(sent > 100);
    // Another endpoint has its own bucket.
    QCOMPARE(sb.get(u"/rest/api/3/myself"_s).status, 200);
    // A client that waits as Retry-After says gets through.
    QTest::qWait(refused.headers.value("retry-after").toInt() * 1000);
    QCOMPARE(sb.get(u"/rest/api/3/issue/ACME-1"_s).status, 200);
}

void TestSandboxApi::enforcesCloudPerIssueWriteLimits()
{
    sandbox::SandboxServer::Options options;
    options.flavor = Flavor::Cloud;
    options.cloudRateLimits = true;
    SandboxFixture sb(options);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 2);
    int accepted = 0;
    SandboxFixture::Reply refused;
    for (int i = 0; i < 30 && refused.status != 429; ++i) {
        const auto reply = sb.put(u"/rest/api/3/issue/ACME-1"_s,
                                  QJsonObject{{u"fields"_s, QJsonObject{{u"summary"_s, u"Edit %1"_s.arg(i)}}}});
        if (reply.status == 204)
            ++accepted;
        else
            refused = reply;
    }
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.headers.value("ratelimit-reason"), QByteArray("jira-per-issue-on-write"));
    QVERIFY(accepted >= 20);
    QVERIFY(refused.headers.value("retry-after").toInt() >= 1);
    // Writes to another issue are not held back.
    QCOMPARE(sb.put(u"/rest/api/3/issue/ACME-2"_s, QJsonObject{{u"fields"_s, QJsonObject{{u"summary"_s, u"Other"_s}}}})
                 .status,
             204);
}

void TestSandboxApi::servesHttps()
{
    QTemporaryDir dir;
    QString cert, key;
    QVERIFY(makeCertificate(dir.path(), u"127.0.0.1"_s, 2, &cert, &key));
    sandbox::SandboxServer::Options options = tlsOptions(Flavor::DataCenter, cert, key);
    SandboxFixture sb(options);
    QVERIFY(sb.start());
    QVERIFY(sb.baseUrl().startsWith(u"https://"_s));
    const auto untrusted = sb.get(u"/rest/api/2/serverInfo"_s);
    QCOMPARE(untrusted.status, 0); // a self-signed certificate fails closed
    QFile pem(cert);
    QVERIFY(pem.open(QIODevice::ReadOnly));
    sb.trustCertificate(QSslCertificate(&pem, QSsl::Pem));
    const auto trusted = sb.get(u"/rest/api/2/serverInfo"_s);
    QVERIFY2(trusted.status == 200, qPrintable(trusted.describe()));
    QCOMPARE(trusted.object().value(u"baseUrl"_s).toString(), sb.baseUrl());

    sandbox::SandboxServer::Options broken = options;
    broken.tlsKeyPath = dir.filePath(u"missing.pem"_s);
    SandboxFixture missing(broken);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Cannot read the TLS certificate"_s));
    QVERIFY(!missing.start());
}

QTEST_GUILESS_MAIN(TestSandboxApi)
#include "tst_sandbox_api.moc"
