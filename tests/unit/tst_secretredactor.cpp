#include "core/secretredactor.h"

#include <QTest>
#include <QUrl>

using ferry::SecretRedactor;
using namespace Qt::StringLiterals;

class TestSecretRedactor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void masksCredentialForms_data();
    void masksCredentialForms();
    void leavesOrdinaryTextAlone_data();
    void leavesOrdinaryTextAlone();
    void masksRegisteredSecretsInEveryForm();
    void ignoresTooShortLiterals();
    void redactingTwiceChangesNothing();
};

void TestSecretRedactor::masksCredentialForms_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("secret");

    // dXNlckBleGFtcGxlLmNvbTpzM2NyZXQtdG9rZW4= is base64 of "user@example.com:s3cret-token".
    QTest::newRow("basic header") << u"Authorization: Basic dXNlckBleGFtcGxlLmNvbTpzM2NyZXQtdG9rZW4="_s
                                  << u"Authorization: Basic [redacted]"_s
                                  << u"dXNlckBleGFtcGxlLmNvbTpzM2NyZXQtdG9rZW4"_s;
    QTest::newRow("bearer header") << u"authorization: Bearer NjM0ODc1MzQ5ODc2OkZ3N2p"_s
                                   << u"authorization: Bearer [redacted]"_s << u"NjM0ODc1MzQ5ODc2OkZ3N2p"_s;
    QTest::newRow("header in json") << u"{\"Authorization\": \"Bearer abc123def456\"}"_s
                                    << u"{\"Authorization\": \"Bearer [redacted]\"}"_s << u"abc123def456"_s;
    QTest::newRow("proxy header") << u"Proxy-Authorization: Basic YWRtaW46YWRtaW4="_s
                                  << u"Proxy-Authorization: Basic [redacted]"_s << u"YWRtaW46YWRtaW4"_s;
    QTest::newRow("header without scheme")
        << u"Authorization=opaque-value-42 sent"_s << u"Authorization=[redacted] sent"_s << u"opaque-value-42"_s;
    QTest::newRow("bearer in prose") << u"retrying with Bearer 9f8e7d6c5b4a3f2e1d0c"_s
                                     << u"retrying with Bearer [redacted]"_s << u"9f8e7d6c5b4a3f2e1d0c"_s;
    QTest::newRow("basic in prose") << u"sent Basic YWRtaW46YWRtaW4= to the site"_s
                                    << u"sent Basic [redacted] to the site"_s << u"YWRtaW46YWRtaW4"_s;
    QTest::newRow("bare base64 user:token") << u"credentials YWRtaW46c2FuZGJveC10b2tlbg== rejected"_s
                                            << u"credentials [redacted] rejected"_s << u"YWRtaW46c2FuZGJveC10b2tlbg"_s;
    QTest::newRow("password query") << u"GET /login?user=bob&password=hunter22&x=1"_s
                                    << u"GET /login?user=bob&password=[redacted]&x=1"_s << u"hunter22"_s;
    QTest::newRow("json api token") << u"{\"apiToken\":\"abcd efgh\",\"site\":\"x\"}"_s
                                    << u"{\"apiToken\":\"[redacted]\",\"site\":\"x\"}"_s << u"abcd efgh"_s;
    QTest::newRow("yaml-like pat") << u"pat: ZmVycnktcGF0LXZhbHVl"_s << u"pat: [redacted]"_s
                                   << u"ZmVycnktcGF0LXZhbHVl"_s;
    QTest::newRow("secret quoted") << u"secret='top secret value'"_s << u"secret='[redacted]'"_s
                                   << u"top secret value"_s;
    QTest::newRow("access_token") << u"access_token=eyJhbGciOi.J9.abc"_s << u"access_token=[redacted]"_s
                                  << u"eyJhbGciOi.J9.abc"_s;
    QTest::newRow("cloud api token") << u"token ATATT3xFfGF0T2xJ9kq_b-Zx=ABCDEF12 in use"_s
                                     << u"token [redacted] in use"_s << u"ATATT3xFfGF0T2xJ9kq_b-Zx"_s;
}

void TestSecretRedactor::masksCredentialForms()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, secret);
    const SecretRedactor redactor;
    const QString output = redactor.redact(input);
    QCOMPARE(output, expected);
    QVERIFY2(!output.contains(secret), qPrintable(output));
}

void TestSecretRedactor::leavesOrdinaryTextAlone_data()
{
    QTest::addColumn<QString>("input");
    QTest::newRow("basic auth prose") << u"Basic authentication failed for admin@example.com"_s;
    QTest::newRow("authorization prose") << u"Authorization failed: the token has expired"_s;
    QTest::newRow("page token") << u"next page: nextPageToken=CAEaAggD, isLast=false"_s;
    QTest::newRow("rest path") << u"GET /rest/api/2/issue/ACME-12?fields=summary,status 200"_s;
    QTest::newRow("issue keys") << u"linked ACME-12 to GLX-7 (blocks)"_s;
    QTest::newRow("bearer word") << u"Bearer authentication is used for personal access tokens"_s;
    QTest::newRow("timestamps") << u"updated >= \"2026/11/28 14:05\" ORDER BY updated"_s;
    QTest::newRow("uuid") << u"op 3f2b9c1e-8d4a-4e6b-9a7c-1b2d3e4f5a6b applied"_s;
}

void TestSecretRedactor::leavesOrdinaryTextAlone()
{
    QFETCH(QString, input);
    QCOMPARE(SecretRedactor().redact(input), input);
}

void TestSecretRedactor::masksRegisteredSecretsInEveryForm()
{
    SecretRedactor redactor;
    const QString token = u"pl41n/t0ken+with=specials"_s;
    redactor.addSecret(token, u"admin@example.com"_s);
    const QString basic = QString::fromLatin1((u"admin@example.com:"_s + token).toUtf8().toBase64());
    const QString percent = QString::fromLatin1(QUrl::toPercentEncoding(token));

    for (const QString &form : {token, percent, basic}) {
        const QString output = redactor.redact(u"value <"_s + form + u"> seen"_s);
        QCOMPARE(output, u"value <[redacted]> seen"_s);
    }
}

void TestSecretRedactor::ignoresTooShortLiterals()
{
    SecretRedactor redactor;
    redactor.addSecret(u"admin"_s);
    QCOMPARE(redactor.redact(u"user admin logged in"_s), u"user admin logged in"_s);
    // With its user, the Basic form of a short password is still masked.
    redactor.addSecret(u"admin"_s, u"admin"_s);
    QCOMPARE(redactor.redact(u"header YWRtaW46YWRtaW4= sent"_s), u"header [redacted] sent"_s);
}

void TestSecretRedactor::redactingTwiceChangesNothing()
{
    const SecretRedactor redactor;
    const QString once = redactor.redact(u"password=hunter22 Authorization: Basic YWRtaW46YWRtaW4="_s);
    QCOMPARE(redactor.redact(once), once);
    QCOMPARE(once, u"password=[redacted] Authorization: Basic [redacted]"_s);
}

QTEST_GUILESS_MAIN(TestSecretRedactor)
#include "tst_secretredactor.moc"
