#include "mailservers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUuid>

#include <unistd.h>

namespace ferry::test {

namespace {

int freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

bool writeText(const QString &path, const QString &text, QString *error)
{
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text.toUtf8()) >= 0)
        return true;
    *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return false;
}

bool runTool(const QString &program, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        return true;
    *error
        = QStringLiteral("%1 %2 failed: %3").arg(program, arguments.join(u' '), QString::fromUtf8(process.readAll()));
    return false;
}

bool waitForPort(int port, QString *error)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 15000) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(port));
        if (socket.waitForConnected(500))
            return true;
        QThread::msleep(100);
    }
    *error = QStringLiteral("nothing listens on port %1 after 15 s").arg(port);
    return false;
}

bool waitForPortClosed(int port, const QString &server, QString *error)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 15000) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(port));
        if (!socket.waitForConnected(300))
            return true;
        socket.abort();
        QThread::msleep(100);
    }
    *error = QStringLiteral("%1 still listens on port %2 after it was stopped").arg(server).arg(port);
    return false;
}

const QString users[] = {QStringLiteral("a@ferry.test"), QStringLiteral("b@ferry.test")};

} // namespace

MailServers::MailServers() = default;

MailServers::~MailServers()
{
    stop();
}

QString MailServers::unavailable()
{
    if (geteuid() != 0)
        return QStringLiteral("the mail servers start as root (CI runs as root)");
    for (const QString &tool : {QStringLiteral("/usr/sbin/postfix"), QStringLiteral("/usr/sbin/dovecot")})
        if (!QFile::exists(tool))
            return QStringLiteral("%1 is missing: tools/dev installs postfix and dovecot-imapd").arg(tool);
    return {};
}

QString MailServers::password(const QString &address)
{
    return QStringLiteral("secret-") + address.left(1);
}

QString MailServers::smtpUrl() const
{
    return QStringLiteral("smtp://127.0.0.1:%1").arg(m_smtpPort);
}

QString MailServers::smtpsUrl() const
{
    return QStringLiteral("smtps://127.0.0.1:%1").arg(m_smtpsPort);
}

QString MailServers::imapsUrl() const
{
    return QStringLiteral("imaps://127.0.0.1:%1").arg(m_imapsPort);
}

QString MailServers::caFile() const
{
    return m_dir.filePath(QStringLiteral("cert.pem"));
}

QString MailServers::mailbox(const QString &address) const
{
    return m_dir.filePath(QStringLiteral("mail/ferry.test/") + address.section(u'@', 0, 0));
}

bool MailServers::writeConfiguration(QString *error)
{
    const QString d = m_dir.path();
    // The servers' own users must reach their folders.
    QFile::setPermissions(d,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                              | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                              | QFileDevice::ExeOther);
    for (const QString &sub : {QStringLiteral("postfix/etc"), QStringLiteral("postfix/queue"),
                               QStringLiteral("postfix/data"), QStringLiteral("dovecot"), QStringLiteral("mail")})
        QDir(d).mkpath(sub);
    QFile::setPermissions(d + QStringLiteral("/mail"), QFileDevice::Permissions(0x7777));
    if (!runTool(QStringLiteral("chown"), {QStringLiteral("postfix"), d + QStringLiteral("/postfix/data")}, error)
        || !runTool(QStringLiteral("openssl"),
                    {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                     QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                     d + QStringLiteral("/key.pem"), QStringLiteral("-out"), caFile(), QStringLiteral("-days"),
                     QStringLiteral("30"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                     QStringLiteral("-addext"), QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1")},
                    error))
        return false;
    QFile::setPermissions(d + QStringLiteral("/key.pem"),
                          QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    m_smtpPort = freePort();
    m_smtpsPort = freePort();
    m_imapsPort = freePort();
    QString vmailbox;
    QString passwd;
    for (const QString &user : users) {
        vmailbox += QStringLiteral("%1 ferry.test/%2/\n").arg(user, user.section(u'@', 0, 0));
        passwd += QStringLiteral("%1:{PLAIN}%2\n").arg(user, password(user));
    }
    // Accepted, then bounced: a partner address that no longer works.
    vmailbox += QStringLiteral("gone@ferry.test ferry.test/gone/\n");
    const QString main = QStringLiteral(R"(compatibility_level = 3.6
queue_directory = %1/postfix/queue
data_directory = %1/postfix/data
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mail.ferry.test
mydomain = ferry.test
mydestination =
local_transport = error:no local delivery here
alias_maps =
alias_database =
virtual_mailbox_domains = ferry.test
virtual_mailbox_base = %1/mail
virtual_mailbox_maps = texthash:%1/postfix/etc/vmailbox
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
virtual_minimum_uid = 100
virtual_mailbox_limit = 0
transport_maps = texthash:%1/postfix/etc/transport
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = %1/dovecot/run/auth-client
smtpd_tls_cert_file = %1/cert.pem
smtpd_tls_key_file = %1/key.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
message_size_limit = %2
maillog_file = %1/postfix/maillog
maillog_file_prefixes = %1
smtputf8_enable = no
biff = no
)")
                             .arg(d)
                             .arg(m_sizeLimit);
    const QString master = QStringLiteral(R"(127.0.0.1:%1 inet n - n - - smtpd
127.0.0.1:%2 inet n - n - - smtpd -o smtpd_tls_wrappermode=yes
pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
tlsmgr unix - - n 1000? 1 tlsmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
smtp unix - - n - - smtp
relay unix - - n - - smtp
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
local unix - n n - - local
virtual unix - n n - - virtual
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
gone unix - n n - - pipe user=nobody argv=/usr/bin/false
)")
                               .arg(m_smtpPort)
                               .arg(m_smtpsPort);
    const QString dovecot = QStringLiteral(R"(base_dir = %1/dovecot/run
state_dir = %1/dovecot/state
log_path = %1/dovecot/log
protocols = imap
listen = 127.0.0.1
default_login_user = dovenull
default_internal_user = dovecot
ssl = yes
ssl_cert = <%1/cert.pem
ssl_key = <%1/key.pem
auth_mechanisms = plain login
disable_plaintext_auth = yes
mail_location = maildir:%1/mail/%d/%n
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = %2
    ssl = yes
  }
}
service auth {
  unix_listener auth-client {
    mode = 0666
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u %1/dovecot/users
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=%1/mail/%d/%n
}
)")
                                .arg(d)
                                .arg(m_imapsPort);
    return writeText(d + QStringLiteral("/postfix/etc/main.cf"), main, error)
        && writeText(d + QStringLiteral("/postfix/etc/master.cf"), master, error)
        && writeText(d + QStringLiteral("/postfix/etc/vmailbox"), vmailbox, error)
        && writeText(d + QStringLiteral("/postfix/etc/transport"), QStringLiteral("gone@ferry.test gone:\n"), error)
        && writeText(d + QStringLiteral("/dovecot/dovecot.conf"), dovecot, error)
        && writeText(d + QStringLiteral("/dovecot/users"), passwd, error);
}

bool MailServers::postfix(const QString &command, QString *error)
{
    return runTool(QStringLiteral("/usr/sbin/postfix"),
                   {QStringLiteral("-c"), m_dir.filePath(QStringLiteral("postfix/etc")), command}, error);
}

bool MailServers::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary folder");
        return false;
    }
    if (!writeConfiguration(error))
        return false;
    return startImap(error) && startSmtp(error);
}

bool MailServers::startImap(QString *error)
{
    m_dovecot.setProcessChannelMode(QProcess::MergedChannels);
    m_dovecot.start(
        QStringLiteral("/usr/sbin/dovecot"),
        {QStringLiteral("-F"), QStringLiteral("-c"), m_dir.filePath(QStringLiteral("dovecot/dovecot.conf"))});
    if (!m_dovecot.waitForStarted(10000) || !waitForPort(m_imapsPort, error)) {
        *error = QStringLiteral("Dovecot did not start: %1 %2").arg(*error, QString::fromUtf8(m_dovecot.readAll()));
        return false;
    }
    return true;
}

bool MailServers::withoutImapMove(QString *error)
{
    m_dovecot.terminate();
    if (!m_dovecot.waitForFinished(10000)) {
        *error = QStringLiteral("Dovecot did not stop");
        return false;
    }
    QFile config(m_dir.filePath(QStringLiteral("dovecot/dovecot.conf")));
    if (!config.open(QIODevice::Append)
        || config.write("imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE UIDPLUS "
                        "NAMESPACE CHILDREN UNSELECT ESEARCH SPECIAL-USE\n")
            < 0) {
        *error = config.errorString();
        return false;
    }
    config.close();
    // The old listener may linger a moment after the master has gone.
    return waitForPortClosed(m_imapsPort, QStringLiteral("Dovecot"), error) && startImap(error);
}

bool MailServers::startSmtp(QString *error)
{
    if (!postfix(QStringLiteral("start"), error) || !waitForPort(m_smtpPort, error))
        return false;
    m_postfixRunning = true;
    return true;
}

bool MailServers::stopSmtp(QString *error)
{
    if (!m_postfixRunning)
        return true;
    m_postfixRunning = false;
    if (!postfix(QStringLiteral("stop"), error))
        return false;
    // "postfix stop" returns before the master has let go of its ports.
    return waitForPortClosed(m_smtpPort, QStringLiteral("Postfix"), error);
}

bool MailServers::setMessageSizeLimit(qint64 bytes, QString *error)
{
    m_sizeLimit = bytes;
    return runTool(QStringLiteral("/usr/sbin/postconf"),
                   {QStringLiteral("-c"), m_dir.filePath(QStringLiteral("postfix/etc")),
                    QStringLiteral("message_size_limit=%1").arg(bytes)},
                   error)
        && postfix(QStringLiteral("reload"), error);
}

void MailServers::stop()
{
    QString ignored;
    stopSmtp(&ignored);
    if (m_dovecot.state() != QProcess::NotRunning) {
        m_dovecot.terminate();
        if (!m_dovecot.waitForFinished(10000))
            m_dovecot.kill();
    }
}

bool MailServers::deliver(const QString &address, const QByteArray &message, QString *error)
{
    const QString folder = mailbox(address);
    QDir().mkpath(folder + QStringLiteral("/tmp"));
    QDir().mkpath(folder + QStringLiteral("/new"));
    const QString name = QStringLiteral("%1.%2.test")
                             .arg(QDateTime::currentSecsSinceEpoch())
                             .arg(QUuid::createUuid().toString(QUuid::Id128));
    QFile file(folder + QStringLiteral("/tmp/") + name);
    if (!file.open(QIODevice::WriteOnly) || file.write(message) != message.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    file.close();
    // The mailbox may be new: its folders too must be the mail servers' to write.
    return runTool(QStringLiteral("chown"), {QStringLiteral("-R"), QStringLiteral("65534:65534"), folder}, error)
        && QFile::rename(file.fileName(), folder + QStringLiteral("/new/") + name);
}

QStringList MailServers::messages(const QString &address, const QString &folder) const
{
    const QString root
        = folder == QStringLiteral("INBOX") ? mailbox(address) : mailbox(address) + QStringLiteral("/.") + folder;
    QStringList files;
    for (const QString &sub : {QStringLiteral("/new"), QStringLiteral("/cur")})
        for (const QString &name : QDir(root + sub).entryList(QDir::Files))
            files << root + sub + u'/' + name;
    return files;
}

} // namespace ferry::test
