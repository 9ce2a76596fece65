// Checks the sandbox's responses against Atlassian's published OpenAPI specs (tests/data/specs) and every
// ADF document it serves against the ADF JSON schema. Each row is one endpoint Ferry uses.

#include "jsonschema.h"
#include "sandboxfixture.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

namespace {

/// The spec's response schema for a concrete request, or an empty object with the reason.
QJsonObject responseSchema(const QJsonObject &spec, const QString &specPath, const QString &method, int status,
                           QString *why)
{
    const QJsonObject paths = spec.value(u"paths"_s).toObject();
    QString best;
    int bestParameters = INT_MAX;
    for (auto it = paths.begin(); it != paths.end(); ++it) {
        QString pattern = QRegularExpression::escape(it.key());
        pattern.replace(QRegularExpression(uR"(\\\{[^}]+\\\})"_s), u"[^/]+"_s);
        if (!QRegularExpression(u'^' + pattern + u'$').match(specPath).hasMatch())
            continue;
        const int parameters = int(it.key().count(u'{'));
        if (parameters < bestParameters) {
            best = it.key();
            bestParameters = parameters;
        }
    }
    if (best.isEmpty()) {
        *why = u"no path in the spec matches "_s + specPath;
        return {};
    }
    const QJsonObject operation = paths.value(best).toObject().value(method.toLower()).toObject();
    if (operation.isEmpty()) {
        *why = u"the spec has no %1 on %2"_s.arg(method, best);
        return {};
    }
    const QJsonObject responses = operation.value(u"responses"_s).toObject();
    const QJsonObject response = responses.value(QString::number(status)).toObject();
    if (response.isEmpty()) {
        *why = u"the spec lists no %1 response for %2 %3 (it lists %4)"_s.arg(QString::number(status), method, best,
                                                                              responses.keys().join(u", "_s));
        return {};
    }
    const QJsonObject schema
        = response.value(u"content"_s).toObject().value(u"application/json"_s).toObject().value(u"schema"_s).toObject();
    if (schema.isEmpty())
        *why = u"the spec gives no schema for %1 %2 %3"_s.arg(QString::number(status), method, best);
    return schema;
}

/// Every ADF document in a v3 response: values of rich text fields and comment/worklog bodies.
void collectAdf(const QJsonValue &value, const QString &path, QList<QPair<QString, QJsonObject>> *documents)
{
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        if (o.value(u"type"_s).toString() == u"doc"_s && o.contains(u"version"_s)) {
            documents->append({path, o});
            return;
        }
        for (auto it = o.begin(); it != o.end(); ++it)
            collectAdf(it.value(), path + u'.' + it.key(), documents);
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            collectAdf(a.at(i), path + u"[%1]"_s.arg(i), documents);
    }
}

struct Case {
    QByteArray method;
    QString path; ///< after the API prefix; {issue}, {comment}, {worklog}, {attachment}, {link} are filled in
    QJsonValue body;
    int status;
};

} // namespace

class TestSandboxContract : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void matchesTheSpec_data();
    void matchesTheSpec();
    void cleanupTestCase();

private:
    QJsonObject m_cloudSpec;
    QJsonObject m_dcSpec;
    QJsonObject m_adfSchema;
    int m_validated = 0;
    int m_adfDocuments = 0;
};

void TestSandboxContract::initTestCase()
{
    isolateUserFolders();
    m_cloudSpec = JsonSchemaValidator::loadDocument(specsDir() + u"/jira-cloud-platform-v3.openapi.json"_s);
    m_dcSpec = JsonSchemaValidator::loadDocument(specsDir() + u"/jira-datacenter-10.3.openapi.json"_s);
    m_adfSchema = JsonSchemaValidator::loadDocument(specsDir() + u"/adf-schema-v1-full.json"_s);
    QVERIFY(!m_cloudSpec.isEmpty());
    QVERIFY(!m_dcSpec.isEmpty());
    QVERIFY(!m_adfSchema.isEmpty());
}

void TestSandboxContract::matchesTheSpec_data()
{
    QTest::addColumn<Flavor>("flavor");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonValue>("body");
    QTest::addColumn<int>("status");

    const QJsonObject newIssue{{u"fields"_s,
                                QJsonObject{{u"project"_s, QJsonObject{{u"key"_s, u"ACME"_s}}},
                                            {u"summary"_s, u"Contract"_s},
                                            {u"issuetype"_s, QJsonObject{{u"name"_s, u"Task"_s}}}}}};
    const QList<Case> common = {
        {"GET", u"/serverInfo"_s, {}, 200},
        {"GET", u"/myself"_s, {}, 200},
        {"GET", u"/project"_s, {}, 200},
        {"GET", u"/project/ACME"_s, {}, 200},
        {"GET", u"/project/ACME/statuses"_s, {}, 200},
        {"GET", u"/project/ACME/components"_s, {}, 200},
        {"GET", u"/project/ACME/versions"_s, {}, 200},
        {"GET", u"/issuetype"_s, {}, 200},
        {"GET", u"/status"_s, {}, 200},
        {"GET", u"/statuscategory"_s, {}, 200},
        {"GET", u"/priority"_s, {}, 200},
        {"GET", u"/resolution"_s, {}, 200},
        {"GET", u"/field"_s, {}, 200},
        {"GET", u"/issueLinkType"_s, {}, 200},
        {"GET", u"/mypermissions?projectKey=ACME&permissions=EDIT_ISSUES,BROWSE_PROJECTS"_s, {}, 200},
        {"GET", u"/issue/createmeta/ACME/issuetypes"_s, {}, 200},
        {"GET", u"/issue/createmeta/ACME/issuetypes/{type}"_s, {}, 200},
        {"GET", u"/issue/{issue}?expand=changelog,names,renderedFields,transitions"_s, {}, 200},
        {"GET", u"/issue/{issue}/editmeta"_s, {}, 200},
        {"POST", u"/issue"_s, newIssue, 201},
        {"POST", u"/issue/bulk"_s, QJsonObject{{u"issueUpdates"_s, QJsonArray{newIssue, newIssue}}}, 201},
        {"GET", u"/issue/{issue}/transitions"_s, {}, 200},
        {"GET", u"/issue/{issue}/comment"_s, {}, 200},
        {"POST", u"/issue/{issue}/comment"_s, QJsonObject{{u"body"_s, u"{richtext}"_s}}, 201},
        {"GET", u"/issue/{issue}/comment/{comment}"_s, {}, 200},
        {"PUT", u"/issue/{issue}/comment/{comment}"_s, QJsonObject{{u"body"_s, u"{richtext}"_s}}, 200},
        {"GET", u"/issue/{issue}/worklog"_s, {}, 200},
        {"POST", u"/issue/{issue}/worklog"_s, QJsonObject{{u"timeSpentSeconds"_s, 600}}, 201},
        {"GET", u"/issue/{issue}/worklog/{worklog}"_s, {}, 200},
        {"POST", u"/issue/{issue}/attachments"_s, u"{multipart}"_s, 200},
        {"GET", u"/attachment/{attachment}"_s, {}, 200},
        {"GET", u"/issueLink/{link}"_s, {}, 200},
        {"GET", u"/issue/{issue}/properties"_s, {}, 200},
        {"GET", u"/issue/{issue}/properties/ferry.origin"_s, {}, 200},
    };
    const QList<Case> cloudOnly = {
        {"GET", u"/project/search"_s, {}, 200},
        {"GET", u"/user?accountId=712020:00000000-0000-4000-8000-000000000002"_s, {}, 200},
        {"GET", u"/user/search?query=ali"_s, {}, 200},
        {"GET", u"/issue/{issue}/changelog"_s, {}, 200},
        {"GET", u"/search/jql?jql=project%3DACME&fields=*navigable&expand=names"_s, {}, 200},
        {"POST", u"/search/jql"_s, QJsonObject{{u"jql"_s, u"project = ACME"_s}, {u"fields"_s, QJsonArray{u"*all"_s}}},
         200},
        {"POST", u"/search/approximate-count"_s, QJsonObject{{u"jql"_s, u"project = ACME"_s}}, 200},
        {"POST", u"/issue/bulkfetch"_s, QJsonObject{{u"issueIdsOrKeys"_s, QJsonArray{u"ACME-1"_s, u"ACME-2"_s}}}, 200},
    };
    const QList<Case> dcOnly = {
        {"GET", u"/user?username=alice"_s, {}, 200},
        {"GET", u"/user/search?username=ali"_s, {}, 200},
        {"GET", u"/search?jql=project%3DACME&fields=*all&expand=changelog"_s, {}, 200},
        {"POST", u"/search"_s, QJsonObject{{u"jql"_s, u"project = ACME"_s}}, 200},
    };
    for (const Flavor flavor : {Flavor::Cloud, Flavor::DataCenter}) {
        const QString name = flavor == Flavor::Cloud ? u"cloud"_s : u"dc"_s;
        for (const Case &c : common + (flavor == Flavor::Cloud ? cloudOnly : dcOnly))
            QTest::newRow(qPrintable(name + u' ' + QString::fromLatin1(c.method) + u' ' + c.path))
                << flavor << c.method << c.path << c.body << c.status;
    }
}

void TestSandboxContract::matchesTheSpec()
{
    QFETCH(Flavor, flavor);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QJsonValue, body);
    QFETCH(int, status);

    SandboxFixture sb(flavor);
    QVERIFY(sb.start());
    sb.server().seedProject(u"ACME"_s, u"Acme"_s, 6);
    const QString issue = u"ACME-2"_s;
    auto comment = sb.post(sb.api() + u"/issue/ACME-2/comment"_s, QJsonObject{{u"body"_s, sb.richText(u"Hello"_s)}});
    auto worklog = sb.post(sb.api() + u"/issue/ACME-2/worklog"_s, QJsonObject{{u"timeSpent"_s, u"1h"_s}});
    const QByteArray boundary = "b0undary";
    const QByteArray multipart = "--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
          "Content-Type: text/plain\r\n\r\nhello\r\n--"
        + boundary + "--\r\n";
    auto attachment = sb.send("POST", sb.api() + u"/issue/ACME-2/attachments"_s, multipart,
                              "multipart/form-data; boundary=" + boundary, {{"X-Atlassian-Token", "no-check"}});
    QCOMPARE(sb.post(sb.api() + u"/issueLink"_s,
                     QJsonObject{{u"type"_s, QJsonObject{{u"name"_s, u"Relates"_s}}},
                                 {u"inwardIssue"_s, QJsonObject{{u"key"_s, u"ACME-2"_s}}},
                                 {u"outwardIssue"_s, QJsonObject{{u"key"_s, u"ACME-3"_s}}}})
                 .status,
             201);
    QCOMPARE(sb.put(sb.api() + u"/issue/ACME-2/properties/ferry.origin"_s, QJsonObject{{u"pair"_s, u"p"_s}}).status,
             201);
    const QString link = sb.get(sb.api() + u"/issue/ACME-2"_s)
                             .object()
                             .value(u"fields"_s)
                             .toObject()
                             .value(u"issuelinks"_s)
                             .toArray()
                             .first()
                             .toObject()
                             .value(u"id"_s)
                             .toString();

    path.replace(u"{issue}"_s, issue)
        .replace(u"{comment}"_s, comment.object().value(u"id"_s).toString())
        .replace(u"{worklog}"_s, worklog.object().value(u"id"_s).toString())
        .replace(u"{attachment}"_s, attachment.array().first().toObject().value(u"id"_s).toString())
        .replace(u"{link}"_s, link)
        .replace(u"{type}"_s, flavor == Flavor::Cloud ? u"10001"_s : u"3"_s);

    SandboxFixture::Reply reply;
    if (body == QJsonValue(u"{multipart}"_s)) {
        reply = sb.send(method, sb.api() + path, multipart, "multipart/form-data; boundary=" + boundary,
                        {{"X-Atlassian-Token", "no-check"}});
    } else if (body.isObject()) {
        QJsonObject o = body.toObject();
        if (o.value(u"body"_s) == QJsonValue(u"{richtext}"_s))
            o.insert(u"body"_s, sb.richText(u"Changed text"_s));
        reply = sb.send(method, sb.api() + path, QJsonDocument(o).toJson());
    } else {
        reply = sb.send(method, sb.api() + path);
    }
    QVERIFY2(reply.status == status, qPrintable(reply.describe()));
    const QJsonDocument document = QJsonDocument::fromJson(reply.body);
    QVERIFY2(!document.isNull(), "the body is not JSON");
    const QJsonValue value = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());

    const bool cloud = flavor == Flavor::Cloud;
    const QString specPath = (cloud ? sb.api() : u"/api/2"_s) + path.section(u'?', 0, 0);
    QString why;
    QJsonObject schema
        = responseSchema(cloud ? m_cloudSpec : m_dcSpec, specPath, QString::fromLatin1(method), status, &why);
    QVERIFY2(!schema.isEmpty() || !why.startsWith(u"no path"_s), qPrintable(why));
    if (!schema.isEmpty()) {
        const JsonSchemaValidator validator(cloud ? m_cloudSpec : m_dcSpec);
        // The Data Center spec declares the item schema for several endpoints that answer with a list.
        if (!cloud && value.isArray()
            && validator.resolve(schema.value(u"$ref"_s).toString()).value(u"type"_s) != u"array"_s
            && schema.value(u"type"_s) != u"array"_s)
            schema = QJsonObject{{u"type"_s, u"array"_s}, {u"items"_s, schema}};
        QStringList problems = validator.validate(value, schema);
        // Known imperfections of the specs (see tests/data/specs/README.md), allowed narrowly:
        // - they rarely mark values nullable, while Jira answers null for empty ones (assignee,
        //   changelog from/to, resolution, …);
        // - the Data Center spec types every IssueBean.fields (and renderedFields) value, and entity property values,
        //   as a plain object or string.
        static const QRegularExpression nullValue(uR"(: expected \S+, got null$)"_s);
        static const QRegularExpression dcFieldValue(
            uR"(\.(?:fields|renderedFields)\.[A-Za-z0-9_]+: expected object, got \w+$)"_s);
        static const QRegularExpression dcPropertyValue(uR"(^\$\.value: expected string, got \w+$)"_s);
        problems.removeIf([&](const QString &problem) {
            return nullValue.match(problem).hasMatch()
                || (!cloud && (dcFieldValue.match(problem).hasMatch() || dcPropertyValue.match(problem).hasMatch()));
        });
        QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 8).join(u"\n"_s)));
        ++m_validated;
    } else {
        qInfo("not checked against the spec: %s", qPrintable(why));
    }

    QList<QPair<QString, QJsonObject>> documents;
    collectAdf(value, u"$"_s, &documents);
    const JsonSchemaValidator adf(m_adfSchema);
    for (const auto &[where, doc] : std::as_const(documents)) {
        const QStringList problems = adf.validate(doc, m_adfSchema.value(u"$ref"_s).toString());
        QVERIFY2(problems.isEmpty(), qPrintable(where + u": "_s + problems.mid(0, 5).join(u"\n"_s)));
        ++m_adfDocuments;
    }
    if (flavor == Flavor::Cloud && path.contains(u"issue/"_s) && method == "GET" && !path.contains(u"properties"_s)
        && !path.contains(u"transitions"_s) && !path.contains(u"editmeta"_s) && !path.contains(u"changelog"_s)
        && !path.contains(u"worklog"_s) && !path.contains(u"createmeta"_s))
        QVERIFY2(!documents.isEmpty(), "a v3 issue response without any ADF document");
}

void TestSandboxContract::cleanupTestCase()
{
    qInfo("responses validated against the OpenAPI specs: %d; ADF documents validated: %d", m_validated,
          m_adfDocuments);
}

QTEST_GUILESS_MAIN(TestSandboxContract)
#include "tst_sandbox_contract.moc"
