// The parts of e-mail mode that stand alone: how mail settings are read and checked, and what
// the MIME reader takes out of a message.
#include "mail/mailsettings.h"
#include "mail/mimereader.h"

#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;

class TestMail : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsServerUrls_data();
    void readsServerUrls();
    void namesWhatIsWrongWithSettings();
    void settingsSurviveJson();
    void findsTheAttachmentInNestedParts();
    void unfoldsHeadersAndToleratesBareNewlines();
    void leavesAloneWhatItDoesNotUnderstand();
};

void TestMail::readsServerUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("implicitTls");
    QTest::newRow("smtps default port") << u"smtps://mail.example"_s << u"smtp"_s << true << 465 << true;
    QTest::newRow("smtp submission") << u"smtp://mail.example"_s << u"smtp"_s << true << 587 << false;
    QTest::newRow("imaps port") << u"imaps://mail.example:10993"_s << u"imap"_s << true << 10993 << true;
    QTest::newRow("imap starttls") << u"imap://mail.example"_s << u"imap"_s << true << 143 << false;
    QTest::newRow("wrong protocol") << u"imaps://mail.example"_s << u"smtp"_s << false << 0 << false;
    QTest::newRow("http") << u"http://mail.example"_s << u"smtp"_s << false << 0 << false;
    QTest::newRow("no host") << u"smtp://"_s << u"smtp"_s << false << 0 << false;
    QTest::newRow("a path") << u"imaps://mail.example/INBOX"_s << u"imap"_s << false << 0 << false;
}

void TestMail::readsServerUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, protocol);
    QFETCH(bool, valid);
    QString error;
    const std::optional<MailServer> server = MailServer::fromUrl(url, protocol, &error);
    QCOMPARE(server.has_value(), valid);
    if (!valid) {
        QVERIFY2(error.contains(u"is not an %1 server"_s.arg(protocol.toUpper())), qPrintable(error));
        return;
    }
    QTEST(server->port, "port");
    QTEST(server->implicitTls, "implicitTls");
    QCOMPARE(MailServer::fromUrl(server->url(protocol), protocol, &error)->port, server->port);
}

void TestMail::namesWhatIsWrongWithSettings()
{
    MailSettings settings;
    settings.from = u"ferry-a@a.example"_s;
    settings.to = u"ferry-b@b.example"_s;
    settings.smtp.user = settings.imap.user = u"ferry-a"_s;
    QVERIFY(settings.problems().isEmpty());
    settings.to = u"Ferry B <ferry-b@b.example>"_s;
    settings.maxMessageBytes = 1000;
    settings.processedFolder = settings.folder;
    settings.caFile = u"/no/such/ca.pem"_s;
    const QString problems = settings.problems().join(u'\n');
    QVERIFY(problems.contains(u"is not an e-mail address"_s));
    QVERIFY(problems.contains(u"at least 64 KiB"_s));
    QVERIFY(problems.contains(u"must be two folders"_s));
    QVERIFY(problems.contains(u"/no/such/ca.pem cannot be read"_s));
    settings = MailSettings();
    settings.from = settings.to = u"same@a.example"_s;
    settings.smtp.user = settings.imap.user = u"x"_s;
    QVERIFY(settings.problems().join(u'\n').contains(u"must differ"_s));
}

void TestMail::settingsSurviveJson()
{
    MailSettings settings;
    settings.smtp = *MailServer::fromUrl(u"smtp://mail.a.example:2587"_s, u"smtp"_s, nullptr);
    settings.imap = *MailServer::fromUrl(u"imaps://imap.a.example"_s, u"imap"_s, nullptr);
    settings.smtp.user = u"s"_s;
    settings.imap.user = u"i"_s;
    settings.imap.passwordRef = u"env:IMAP_PASSWORD"_s;
    settings.from = u"a@a.example"_s;
    settings.to = u"b@b.example"_s;
    settings.processedFolder = u"Done"_s;
    settings.maxMessageBytes = 5 * 1024 * 1024;
    settings.interval = 60;
    QString error;
    const std::optional<MailSettings> back = MailSettings::fromJson(settings.toJson(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->toJson(), settings.toJson());
    QCOMPARE(back->smtp.port, 2587);
    QVERIFY(!back->smtp.implicitTls);
    QCOMPARE(back->imap.passwordRef, u"env:IMAP_PASSWORD"_s);
}

void TestMail::findsTheAttachmentInNestedParts()
{
    const QByteArray payload("\x00\x01 bundle bytes \xff", 18);
    const QByteArray message = "From: a@a.example\r\n"
                               "Subject: Ferry: pair P, bundle 1 from side A\r\n"
                               "X-Ferry-Pair: 1234\r\n"
                               "MIME-Version: 1.0\r\n"
                               "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
                               "\r\n"
                               "preamble\r\n"
                               "--outer\r\n"
                               "Content-Type: multipart/alternative; boundary=inner\r\n"
                               "\r\n"
                               "--inner\r\n"
                               "Content-Type: text/plain\r\n"
                               "\r\n"
                               "text\r\n"
                               "--inner--\r\n"
                               "--outer\r\n"
                               "Content-Type: application/vnd.ferry.bundle\r\n"
                               "Content-Disposition: attachment; filename=\"P-a-000001.ferry\"\r\n"
                               "Content-Transfer-Encoding: base64\r\n"
                               "\r\n"
        + payload.toBase64() + "\r\n--outer--\r\n";
    const MimeReader reader(message);
    QCOMPARE(reader.header("x-ferry-pair"), QByteArray("1234"));
    const std::optional<MimeReader::Part> part = reader.attachment("Application/Vnd.Ferry.Bundle");
    QVERIFY(part);
    QCOMPARE(part->data, payload);
    QCOMPARE(part->fileName, u"P-a-000001.ferry"_s);
}

void TestMail::unfoldsHeadersAndToleratesBareNewlines()
{
    const MimeReader reader("Subject: a long\n subject\n\tline\nContent-Type: multipart/mixed;\n"
                            " boundary=b\n\n--b\nContent-Type: application/vnd.ferry.bundle\n\nplain\n--b--\n");
    QCOMPARE(reader.header("Subject"), QByteArray("a long subject line"));
    QCOMPARE(reader.attachment("application/vnd.ferry.bundle")->data, QByteArray("plain"));
}

void TestMail::leavesAloneWhatItDoesNotUnderstand()
{
    QVERIFY(!MimeReader("Subject: hi\r\n\r\nplain text\r\n").attachment("application/vnd.ferry.bundle"));
    QVERIFY(!MimeReader("Content-Type: multipart/mixed\r\n\r\n--x\r\n").attachment("application/vnd.ferry.bundle"));
    QVERIFY(!MimeReader("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: "
                        "application/vnd.ferry.bundle\r\n\r\ncut short")
                 .attachment("application/vnd.ferry.bundle"));
    QVERIFY(!MimeReader(QByteArray()).attachment("application/vnd.ferry.bundle"));
    // Nesting deeper than any message Ferry writes is not followed.
    QByteArray deep = "Content-Type: application/vnd.ferry.bundle\r\n\r\nx\r\n";
    for (int i = 0; i < 8; ++i)
        deep = "Content-Type: multipart/mixed; boundary=b" + QByteArray::number(i) + "\r\n\r\n--b"
            + QByteArray::number(i) + "\r\n" + deep + "\r\n--b" + QByteArray::number(i) + "--\r\n";
    QVERIFY(!MimeReader(deep).attachment("application/vnd.ferry.bundle"));
}

QTEST_GUILESS_MAIN(TestMail)
#include "tst_mail.moc"
