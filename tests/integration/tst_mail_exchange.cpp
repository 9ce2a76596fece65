// Two consoles joined by e-mail through real mail servers: a private Postfix (SMTP, STARTTLS,
// SASL) delivering into Maildirs that a private Dovecot serves over IMAPS, both on loopback.
// Console A reaches only the Cloud sandbox (ACME) and mails as a@ferry.test; console B reaches
// only the Data Center one (GLX) and mails as b@ferry.test.
#include "clirunner.h"
#include "enginerig.h"
#include "mailservers.h"
#include "sandboxfixture.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

class TestMailExchange : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void checksTheServersAndNamesEachFailure();
    void handshakeAndChangesTravelByMail();
    void aServerDownOrAWrongPasswordLosesNothing();
    void largeBundlesGoInPartsWithinTheServersLimit();
    void worksWithAnImapServerWithoutMove();
    // Security (docs/security.md, label security).
    void readsTheMailboxWithCare();

private:
    CliRun on(const QString &console, const QStringList &arguments, const QByteArray &input = {});
    /// Mail settings of pair P on a console, the password from env:MAIL_PASSWORD_<console>.
    void setMail(const QString &console, const QStringList &extra = {});
    /// Mail settings on both consoles, and A's handshake of pair P mailed to B: its code, or empty.
    QString mailHandshake();
    void connectConsoles();
    /// Waits until address has count messages in its INBOX.
    bool waitForMail(const QString &address, int count);
    QString folder(const QString &name);
    static QString address(const QString &console) { return console + u"@ferry.test"_s; }
    /// A message as Ferry's would read, from B to A, carrying content as its bundle attachment.
    static QByteArray ferryMessage(const QString &pair, const QByteArray &kind, const QByteArray &content,
                                   const QByteArray &id);
    /// Everything a run printed, where the exchange's notes go with its results.
    static QString said(const CliRun &run) { return run.out + run.err; }

    QTemporaryDir m_dir;
    CliRunner m_runner{QStringLiteral(FERRY_CLI), QString()};
    std::unique_ptr<MailServers> m_mail;
    EngineRig::Side m_a;
    EngineRig::Side m_b;
};

void TestMailExchange::initTestCase()
{
    if (const QString why = MailServers::unavailable(); !why.isEmpty())
        QSKIP(qPrintable(why));
    isolateUserFolders();
    m_runner.useTestHome(m_dir.path());
    m_runner.environment().insert(u"MAIL_PASSWORD_a"_s, MailServers::password(address(u"a"_s)));
    m_runner.environment().insert(u"MAIL_PASSWORD_b"_s, MailServers::password(address(u"b"_s)));
}

QString TestMailExchange::folder(const QString &name)
{
    const QString path = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u'/' + name);
    QDir().mkpath(path);
    return path;
}

void TestMailExchange::init()
{
    m_mail = std::make_unique<MailServers>();
    QString error;
    QVERIFY2(m_mail->start(&error), qPrintable(error));
    QVERIFY(startConsolesBehindFirewalls(
        m_a, m_b, [this](const QString &console, const QStringList &arguments) { return on(console, arguments).code; },
        [this](const QString &console) { return folder(u"state-"_s + console); }));
}

void TestMailExchange::cleanup()
{
    m_a.sb.reset();
    m_b.sb.reset();
    m_mail.reset();
}

CliRun TestMailExchange::on(const QString &console, const QStringList &arguments, const QByteArray &input)
{
    m_runner.setStateDirectory(folder(u"state-"_s + console));
    const CliRun run = m_runner.run(arguments, input, QProcessEnvironment(), 120'000);
    if (run.code != 0)
        qWarning().noquote() << "console" << console << arguments.join(u' ') << "->" << run.code << run.out << run.err;
    return run;
}

void TestMailExchange::setMail(const QString &console, const QStringList &extra)
{
    const QString partner = console == u"a"_s ? u"b"_s : u"a"_s;
    const CliRun run
        = on(console,
             QStringList{u"mail"_s, u"set"_s, u"P"_s, u"--smtp"_s, m_mail->smtpUrl(), u"--imap"_s, m_mail->imapsUrl(),
                         u"--from"_s, address(console), u"--to"_s, address(partner), u"--user"_s, address(console),
                         u"--password"_s, u"env:MAIL_PASSWORD_"_s + console, u"--ca-file"_s, m_mail->caFile()}
                 + extra);
    QCOMPARE(run.code, 0);
}

bool TestMailExchange::waitForMail(const QString &address, int count)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 30'000) {
        if (m_mail->messages(address).size() >= count)
            return true;
        QTest::qWait(100);
    }
    qWarning() << address << "has" << m_mail->messages(address).size() << "messages, not" << count;
    return false;
}

QString TestMailExchange::mailHandshake()
{
    setMail(u"a"_s);
    setMail(u"b"_s);
    const CliRun run = on(u"a"_s,
                          {u"handshake"_s, u"export"_s, u"P"_s, u"--site"_s, u"acme"_s, u"--project"_s, u"ACME"_s,
                           u"--key"_s, u"file:"_s + folder(u"keys"_s) + u"/a.key"_s, u"--mail"_s});
    if (run.code != 0 || !run.out.contains(u"sent by mail to b@ferry.test"_s) || !waitForMail(address(u"b"_s), 1))
        return {};
    return QRegularExpression(u"Code: (\\S+)"_s).match(run.out).captured(1);
}

void TestMailExchange::connectConsoles()
{
    const QString code = mailHandshake();
    QVERIFY(!code.isEmpty());
    // A wrong code opens nothing and leaves the handshake where it is.
    CliRun run
        = on(u"b"_s,
             {u"handshake"_s, u"import"_s, u"--mail"_s, u"P"_s, u"--code"_s, u"AAAA-BBBB-CCCC-DDDD-EEEE"_s, u"--site"_s,
              u"galaxy"_s, u"--project"_s, u"GLX"_s, u"--key"_s, u"file:"_s + folder(u"keys"_s) + u"/b.key"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"none of the 1 handshake(s) in INBOX opens with this code"_s), qPrintable(run.err));
    run = on(u"b"_s,
             {u"handshake"_s, u"import"_s, u"--mail"_s, u"P"_s, u"--code"_s, code, u"--site"_s, u"galaxy"_s,
              u"--project"_s, u"GLX"_s, u"--key"_s, u"file:"_s + folder(u"keys"_s) + u"/b.key"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"Answer sent by mail to a@ferry.test"_s), qPrintable(run.out));
    QCOMPARE(m_mail->messages(address(u"b"_s)).size(), 0); // the handshake moved to the processed folder
    QCOMPARE(m_mail->messages(address(u"b"_s), u"Ferry"_s).size(), 1);
    QVERIFY(waitForMail(address(u"a"_s), 1));
    run = on(u"a"_s, {u"handshake"_s, u"import"_s, u"--mail"_s, u"P"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"Pair P is connected"_s), qPrintable(run.out));
}

void TestMailExchange::checksTheServersAndNamesEachFailure()
{
    setMail(u"a"_s);
    CliRun run = on(u"a"_s, {u"mail"_s, u"check"_s, u"P"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"ok    SMTP server 127.0.0.1:"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"ok    IMAP server 127.0.0.1:"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"ok    a test message to a@ferry.test arrived in INBOX"_s), qPrintable(run.out));
    QCOMPARE(m_mail->messages(address(u"a"_s)).size(), 0); // the test message is deleted once found

    // The password in the keychain (the test session's Secret Service), typed on stdin.
    run = on(u"a"_s,
             {u"mail"_s, u"set"_s, u"P"_s, u"--smtp"_s, m_mail->smtpsUrl(), u"--imap"_s, m_mail->imapsUrl(),
              u"--from"_s, address(u"a"_s), u"--to"_s, address(u"b"_s), u"--user"_s, address(u"a"_s), u"--ca-file"_s,
              m_mail->caFile()},
             "secret-a\n");
    QCOMPARE(run.code, 0);
    run = on(u"a"_s, {u"mail"_s, u"check"_s, u"P"_s, u"--no-send"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(!run.out.contains(u"FAIL"_s), qPrintable(run.out));

    setMail(u"a"_s, {u"--password"_s, u"env:NO_SUCH_PASSWORD_SET"_s});
    QCOMPARE(on(u"a"_s, {u"mail"_s, u"check"_s, u"P"_s}).code, 1);
    m_runner.environment().insert(u"WRONG_PASSWORD"_s, u"not-it"_s);
    setMail(u"a"_s, {u"--password"_s, u"env:WRONG_PASSWORD"_s});
    run = on(u"a"_s, {u"mail"_s, u"check"_s, u"P"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"refused the login of a@ferry.test"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"wrong user or password?"_s), qPrintable(run.out));

    // Without the organisation's CA the servers' certificate is not trusted.
    run = on(u"a"_s,
             {u"mail"_s, u"set"_s, u"P"_s, u"--smtp"_s, m_mail->smtpUrl(), u"--imap"_s, m_mail->imapsUrl(), u"--from"_s,
              address(u"a"_s), u"--to"_s, address(u"b"_s), u"--user"_s, address(u"a"_s), u"--password"_s,
              u"env:MAIL_PASSWORD_a"_s});
    QCOMPARE(run.code, 0);
    run = on(u"a"_s, {u"mail"_s, u"check"_s, u"P"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"shows a TLS certificate this machine does not trust"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"--ca-file"_s), qPrintable(run.out));

    setMail(u"a"_s);
    QString error;
    QVERIFY2(m_mail->stopSmtp(&error), qPrintable(error));
    run = on(u"a"_s, {u"mail"_s, u"check"_s, u"P"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"FAIL  cannot reach the SMTP server"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"ok    IMAP server"_s), qPrintable(run.out));

    run = on(u"a"_s,
             {u"mail"_s, u"set"_s, u"P"_s, u"--smtp"_s, u"http://x"_s, u"--imap"_s, m_mail->imapsUrl(), u"--from"_s,
              u"a"_s, u"--to"_s, address(u"b"_s)});
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(u"is not an SMTP server"_s), qPrintable(run.err));
}

void TestMailExchange::handshakeAndChangesTravelByMail()
{
    connectConsoles();
    const QString aKey = m_a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Boiler pressure drops"_s}});
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QVERIFY(waitForMail(address(u"b"_s), 1));

    // A copy of A's bundle delivered a second time, and a stranger's message.
    QFile bundleMail(m_mail->messages(address(u"b"_s)).first());
    QVERIFY(bundleMail.open(QIODevice::ReadOnly));
    const QByteArray copy = bundleMail.readAll();
    QString error;
    QVERIFY(m_mail->deliver(address(u"b"_s), copy, &error));
    QVERIFY(m_mail->deliver(address(u"b"_s),
                            "From: someone@example.com\r\nTo: b@ferry.test\r\nSubject: lunch?\r\n"
                            "Message-ID: <lunch@example.com>\r\n\r\nAre you free at noon?\r\n",
                            &error));
    QVERIFY(copy.contains("X-Ferry-Kind: bundle"));
    QVERIFY(copy.contains("Subject: Ferry: pair P, bundle 1 from side A"));
    QVERIFY(copy.contains("do not reply"));

    CliRun run = on(u"b"_s, {u"sync"_s, u"P"_s, u"--rounds"_s, u"2"_s});
    QCOMPARE(run.code, 0);
    const QString bKey = m_b.keyOf(u"Boiler pressure drops"_s);
    QVERIFY(!bKey.isEmpty());
    QCOMPARE(m_b.sb->get(u"/rest/api/2/search?jql=project%20%3D%20GLX"_s).object()[u"total"_s].toInt(), 1);
    // The stranger's message stays; both copies of the bundle went to the processed folder.
    const QStringList left = m_mail->messages(address(u"b"_s));
    QCOMPARE(left.size(), 1);
    QFile stranger(left.first());
    QVERIFY(stranger.open(QIODevice::ReadOnly));
    QVERIFY(stranger.readAll().contains("lunch?"));
    QCOMPARE(m_mail->messages(address(u"b"_s), u"Ferry"_s).size(), 3); // the handshake and both copies

    // B's receipts come back; A links the issue.
    QVERIFY(waitForMail(address(u"a"_s), 1));
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QVERIFY(on(u"a"_s, {u"issue"_s, u"P"_s, aKey}).out.contains(bKey));

    // An edit on B travels to A.
    QCOMPARE(m_b.sb
                 ->put(u"/rest/api/2/issue/"_s + bKey,
                       QJsonObject{{u"fields"_s, QJsonObject{{u"summary"_s, u"Boiler pressure drops at night"_s}}}})
                 .status,
             204);
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QVERIFY(waitForMail(address(u"a"_s), 1));
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--rounds"_s, u"2"_s}).code, 0);
    QCOMPARE(m_a.sb->get(u"/rest/api/3/issue/"_s + aKey).object()[u"fields"_s].toObject()[u"summary"_s].toString(),
             u"Boiler pressure drops at night"_s);
    run = on(u"b"_s, {u"pair"_s, u"check"_s, u"P"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.startsWith(u"Pair P: behind firewalls, by e-mail"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"PASS  mail: SMTP server"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"PASS  license: galaxy"_s), qPrintable(run.out));
    run = on(u"b"_s, {u"mail"_s, u"show"_s, u"P"_s});
    QVERIFY2(QRegularExpression(u"Read up to [1-9]"_s).match(run.out).hasMatch(), qPrintable(run.out));

    // Removing the pair takes its mail settings along.
    QCOMPARE(on(u"b"_s, {u"pair"_s, u"remove"_s, u"P"_s}).code, 0);
    run = on(u"b"_s, {u"mail"_s, u"show"_s, u"P"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"pair P has no mail settings"_s), qPrintable(run.err));
}

void TestMailExchange::aServerDownOrAWrongPasswordLosesNothing()
{
    connectConsoles();
    QString error;
    QVERIFY2(m_mail->stopSmtp(&error), qPrintable(error));
    m_a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Window cracked"_s}});
    CliRun run = on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(said(run).contains(u"cannot reach the SMTP server"_s), qPrintable(said(run)));
    const QDir outbox(folder(u"state-a"_s) + u"/mail/P/outbox"_s);
    QCOMPARE(outbox.entryList({u"*.ferry"_s}, QDir::Files).size(), 1);

    // Back up, but the password was changed on the server side: still nothing lost.
    QVERIFY2(m_mail->startSmtp(&error), qPrintable(error));
    m_runner.environment().insert(u"WRONG_PASSWORD"_s, u"not-it"_s);
    setMail(u"a"_s, {u"--password"_s, u"env:WRONG_PASSWORD"_s});
    run = on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s});
    QVERIFY2(said(run).contains(u"refused the login of a@ferry.test"_s), qPrintable(said(run)));
    QCOMPARE(outbox.entryList({u"*.ferry"_s}, QDir::Files).size(), 1);

    setMail(u"a"_s);
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QCOMPARE(outbox.entryList({u"*.ferry"_s}, QDir::Files).size(), 0);
    QVERIFY(waitForMail(address(u"b"_s), 1));
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--rounds"_s, u"2"_s}).code, 0);
    QVERIFY(!m_b.keyOf(u"Window cracked"_s).isEmpty());

    // A partner address the server does not know.
    setMail(u"b"_s, {u"--to"_s, u"nobody@ferry.test"_s});
    m_b.sb->put(u"/rest/api/2/issue/"_s + m_b.keyOf(u"Window cracked"_s),
                QJsonObject{{u"fields"_s, QJsonObject{{u"summary"_s, u"Window cracked twice"_s}}}});
    run = on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s});
    QVERIFY2(said(run).contains(u"refuses to deliver to nobody@ferry.test"_s), qPrintable(said(run)));
    QVERIFY2(said(run).contains(u"check the partner's address"_s), qPrintable(said(run)));

    // One the server takes, then bounces: the bounce comes back to B's mailbox and is told.
    setMail(u"b"_s, {u"--to"_s, u"gone@ferry.test"_s});
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QVERIFY(waitForMail(address(u"b"_s), 1));
    run = on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s});
    QVERIFY2(said(run).contains(u"a message to the partner's address gone@ferry.test bounced"_s),
             qPrintable(said(run)));
    QVERIFY2(said(run).contains(u"unknown mail system error 1"_s), qPrintable(said(run)));
}

void TestMailExchange::largeBundlesGoInPartsWithinTheServersLimit()
{
    connectConsoles();
    // 64 KiB messages: an issue with a 300 KB attachment needs several.
    setMail(u"a"_s, {u"--max-mb"_s, u"0.0625"_s});
    const QString aKey = m_a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Wiring diagram"_s}});
    QByteArray drawing(300 * 1024, Qt::Uninitialized); // random: it does not compress
    QRandomGenerator random(42);
    random.fillRange(reinterpret_cast<quint32 *>(drawing.data()), drawing.size() / 4);
    QVERIFY(!m_a.sb->attach(aKey, u"diagram.txt"_s, drawing).isEmpty());
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QVERIFY(waitForMail(address(u"b"_s), 8)); // 48 KiB of bundle in each
    const int parts = int(m_mail->messages(address(u"b"_s)).size());
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--rounds"_s, u"2"_s}).code, 0);
    const QString bKey = m_b.keyOf(u"Wiring diagram"_s);
    QVERIFY(!bKey.isEmpty());
    const QJsonArray attachments
        = m_b.sb->get(u"/rest/api/2/issue/"_s + bKey).object()[u"fields"_s].toObject()[u"attachment"_s].toArray();
    QCOMPARE(attachments.size(), 1);
    QCOMPARE(m_b.sb->download(attachments.first().toObject()[u"content"_s].toString()), drawing);
    QCOMPARE(m_mail->messages(address(u"b"_s), u"Ferry"_s).size(), parts + 1);

    // A server that takes less than the settings say: the error names the limit to lower.
    QString error;
    QVERIFY2(m_mail->setMessageSizeLimit(100 * 1024, &error), qPrintable(error));
    setMail(u"a"_s, {u"--max-mb"_s, u"1"_s});
    m_a.sb->attach(aKey, u"second.txt"_s, drawing);
    const CliRun run = on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s});
    QVERIFY2(said(run).contains(u"does not take a message this large"_s), qPrintable(said(run)));
    QVERIFY2(said(run).contains(u"--max-mb"_s), qPrintable(said(run)));
}

void TestMailExchange::worksWithAnImapServerWithoutMove()
{
    QString error;
    QVERIFY2(m_mail->withoutImapMove(&error), qPrintable(error));
    connectConsoles(); // the handshake and its answer leave the inboxes by copy and delete
    m_a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Fan rattles"_s}});
    QCOMPARE(on(u"a"_s, {u"sync"_s, u"P"_s, u"--once"_s}).code, 0);
    QVERIFY(waitForMail(address(u"b"_s), 1));
    QCOMPARE(on(u"b"_s, {u"sync"_s, u"P"_s, u"--rounds"_s, u"2"_s}).code, 0);
    QVERIFY(!m_b.keyOf(u"Fan rattles"_s).isEmpty());
    QCOMPARE(m_mail->messages(address(u"b"_s)).size(), 0);
    QCOMPARE(m_mail->messages(address(u"b"_s), u"Ferry"_s).size(), 2); // the handshake and the bundle
}

QByteArray TestMailExchange::ferryMessage(const QString &pair, const QByteArray &kind, const QByteArray &content,
                                          const QByteArray &id)
{
    return "From: b@ferry.test\r\nTo: a@ferry.test\r\nSubject: Ferry: pair P\r\nMessage-ID: <" + id
        + ">\r\nX-Ferry-Pair: " + pair.toLatin1() + "\r\nX-Ferry-Kind: " + kind
        + "\r\nX-Ferry-Bundle: " + QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex()
        + "\r\nX-Ferry-Part: 1/1\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
          "--b1\r\nContent-Type: text/plain\r\n\r\nA Ferry bundle.\r\n--b1\r\nContent-Type: "
          "application/vnd.ferry.bundle; name=\"x.ferry\"\r\nContent-Disposition: attachment; "
          "filename=\"x.ferry\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + content.toBase64() + "\r\n--b1--\r\n";
}

void TestMailExchange::readsTheMailboxWithCare()
{
    // Finding 8: the mailbox is anyone's to write to.
    const QString code = mailHandshake();
    QVERIFY(!code.isEmpty());
    QFile handshake(m_mail->messages(address(u"b"_s)).first());
    QVERIFY(handshake.open(QIODevice::ReadOnly));
    const QString pair
        = QRegularExpression(u"X-Ferry-Pair: (\\S+)"_s).match(QString::fromLatin1(handshake.readAll())).captured(1);
    QVERIFY(!pair.isEmpty());

    // A forged answer is not taken out of the inbox before it proves itself (it never does).
    QString error;
    QVERIFY(
        m_mail->deliver(address(u"a"_s), ferryMessage(pair, "answer", "not a bundle", "forged@ferry.test"), &error));
    CliRun run = on(u"a"_s, {u"handshake"_s, u"import"_s, u"--mail"_s, u"P"_s});
    QCOMPARE(run.code, 1);
    QCOMPARE(m_mail->messages(address(u"a"_s)).size(), 1);
    QCOMPARE(m_mail->messages(address(u"a"_s), u"Ferry"_s).size(), 0);

    // The real answer comes; it is taken, and proves itself.
    run = on(u"b"_s,
             {u"handshake"_s, u"import"_s, u"--mail"_s, u"P"_s, u"--code"_s, code, u"--site"_s, u"galaxy"_s,
              u"--project"_s, u"GLX"_s, u"--key"_s, u"file:"_s + folder(u"keys"_s) + u"/b.key"_s});
    QCOMPARE(run.code, 0);
    QVERIFY(waitForMail(address(u"a"_s), 2));
    run = on(u"a"_s, {u"handshake"_s, u"import"_s, u"--mail"_s, u"P"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(m_mail->messages(address(u"a"_s), u"Ferry"_s).size(), 1);

    // A message of this pair's larger than Ferry reads is left where it is, unread; parts of a
    // bundle whose others never came are dropped after a week.
    QVERIFY(m_mail->deliver(address(u"b"_s), ferryMessage(pair, "bundle", QByteArray(40 << 20, 'x'), "big@ferry.test"),
                            &error));
    QDirIterator mail(folder(u"state-b"_s), {u"mail"_s}, QDir::Dirs, QDirIterator::Subdirectories);
    QVERIFY(mail.hasNext());
    const QString stale = mail.next() + u"/P/parts/%1"_s.arg(QString(64, u'0'));
    QVERIFY(QDir().mkpath(stale));
    QFile part(stale + u"/00001.part"_s);
    QVERIFY(part.open(QIODevice::WriteOnly));
    part.write("half a bundle");
    part.close(); // written out first: the write would set the time anew
    QVERIFY(part.open(QIODevice::ReadOnly));
    QVERIFY(part.setFileTime(QDateTime::currentDateTime().addDays(-8), QFileDevice::FileModificationTime));
    part.close();
    run = on(u"b"_s, {u"sync"_s, u"P"_s, u"--once"_s});
    QVERIFY2(said(run).contains(u"more than the 32 MB Ferry reads from a mailbox"_s), qPrintable(said(run)));
    QVERIFY2(said(run).contains(u"whose other parts did not arrive within 7 days"_s), qPrintable(said(run)));
    QVERIFY(!QFileInfo::exists(stale));
    QCOMPARE(m_mail->messages(address(u"b"_s)).size(), 1);
}

QTEST_GUILESS_MAIN(TestMailExchange)
#include "tst_mail_exchange.moc"
