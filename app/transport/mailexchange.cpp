#include "transport/mailexchange.h"

#include "core/logcategories.h"
#include "mail/mimereader.h"
#include "store/mailaccounts.h"
#include "store/statestore.h"
#include "transport/handshake.h"

#include "jira/secrets.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QThread>
#include <QUrl>
#include <QUuid>

namespace ferry {

namespace {

const QByteArray pairHeader = "X-Ferry-Pair";
const QByteArray kindHeader = "X-Ferry-Kind";
const QByteArray hashHeader = "X-Ferry-Bundle";
const QByteArray partHeader = "X-Ferry-Part";

/// base64 makes 4 bytes of 3 and the message has headers and a short text besides.
qint64 attachmentBytesPerMessage(qint64 maxMessageBytes)
{
    return (maxMessageBytes - 16 * 1024) / 4 * 3;
}

Result<QByteArray> sha256Of(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return Error(QStringLiteral("cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    return hash.result().toHex();
}

Result<void> writeFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.commit())
        return {};
    return Error(QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
}

/// The kind of message a bundle travels in ("ops" bundles are called "bundle" on the wire).
QString mailKind(const QString &bundleKind)
{
    return bundleKind == QStringLiteral("ops") ? QStringLiteral("bundle") : bundleKind;
}

/// A delivery status notification (RFC 3464) about one of this pair's messages: what the
/// server said of the failure; empty for any other message.
QString bounceOf(const QByteArray &message, const QString &pairId)
{
    const MimeReader mime(message);
    if (!mime.header("Content-Type").trimmed().toLower().startsWith("multipart/report")
        || !message.contains(QByteArray(pairHeader + ": " + pairId.toUtf8())))
        return {};
    static const QRegularExpression diagnostic(QStringLiteral("^Diagnostic-Code:\\s*[^;]*;\\s*(.+)$"),
                                               QRegularExpression::MultilineOption
                                                   | QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression status(QStringLiteral("^Status:\\s*(\\S+)"),
                                           QRegularExpression::MultilineOption
                                               | QRegularExpression::CaseInsensitiveOption);
    const QString text = QString::fromUtf8(message);
    const QString said = diagnostic.match(text).captured(1).trimmed();
    return said.isEmpty() ? QStringLiteral("status %1").arg(status.match(text).captured(1)) : said;
}

} // namespace

MailExchange::MailExchange(StateStore &store, const QString &name, const MailSettings &settings, MailClient &client)
    : m_store(store)
    , m_name(name)
    , m_settings(settings)
    , m_client(client)
{
}

QString MailExchange::folderOf(const QString &stateDirectory, const QString &name, const QString &sub)
{
    const QString path
        = QDir(stateDirectory)
              .filePath(QStringLiteral("mail/%1/%2").arg(QString::fromLatin1(QUrl::toPercentEncoding(name)), sub));
    QDir().mkpath(path);
    return path;
}

QString MailExchange::folder(const QString &name) const
{
    return folderOf(m_store.directory(), m_name, name);
}

QString MailExchange::outbox() const
{
    return folder(QStringLiteral("outbox"));
}

QString MailExchange::outboxOf(const QString &stateDirectory, const QString &name)
{
    return folderOf(stateDirectory, name, QStringLiteral("outbox"));
}

Result<void> MailExchange::sendFile(const QString &path)
{
    const Result<BundleHeader> header = BundleExchange::peek(path);
    if (!header)
        return header.error();
    const Result<QByteArray> hash = sha256Of(path);
    if (!hash)
        return hash.error();
    const qint64 size = QFileInfo(path).size();
    const qint64 partBytes = attachmentBytesPerMessage(m_settings.maxMessageBytes);
    const qint64 parts = qMax<qint64>(1, (size + partBytes - 1) / partBytes);
    const QString kind = mailKind(header->kind);
    const QString what = kind == QStringLiteral("bundle")
        ? QStringLiteral("bundle %1 from side %2").arg(header->number).arg(sideLetter(header->sender))
        : (kind == QStringLiteral("handshake") ? QStringLiteral("handshake") : QStringLiteral("handshake answer"));
    for (qint64 part = 1; part <= parts; ++part) {
        MailClient::Message message;
        message.to = m_settings.to;
        message.subject = QStringLiteral("Ferry: pair %1, %2").arg(m_name, what)
            + (parts > 1 ? QStringLiteral(" (part %1 of %2)").arg(part).arg(parts) : QString());
        message.body
            = QStringLiteral("This message carries Ferry sync data for pair %1 (%2). The Ferry console at %3 reads "
                             "it by itself: please do not reply to it, forward it or delete it.\r\n")
                  .arg(m_name, what, m_settings.to);
        message.messageId = "ferry." + hash->left(32) + '.' + QByteArray::number(part) + '@' + header->pair.toUtf8();
        message.headers = {{pairHeader, header->pair.toUtf8()},
                           {kindHeader, kind.toUtf8()},
                           {hashHeader, *hash},
                           {partHeader, QByteArray::number(part) + '/' + QByteArray::number(parts)}};
        const qint64 offset = (part - 1) * partBytes;
        message.attachment = MailClient::Attachment{
            path, offset, qMin(partBytes, size - offset),
            QFileInfo(path).fileName() + (parts > 1 ? QStringLiteral(".part%1").arg(part) : QString()), bundleType};
        MailFailure failure;
        if (!m_client.send(message, &failure)) {
            return Error(failure.message);
        }
    }
    qCInfo(lcTransport).noquote() << "pair" << m_name << ":" << what << "sent to" << m_settings.to << "in" << parts
                                  << (parts == 1 ? "message" : "messages");
    return {};
}

MailExchange::Received MailExchange::receive(const QByteArray &message)
{
    const MimeReader mime(message);
    const std::optional<MimeReader::Part> attachment = mime.attachment(bundleType);
    if (!attachment)
        return {{}, QStringLiteral("it has no Ferry bundle attached")};
    const QByteArray hash = mime.header(hashHeader).trimmed().toLower();
    static const QRegularExpression hexHash(QStringLiteral("^[0-9a-f]{64}$"));
    static const QRegularExpression partOf(QStringLiteral("^(\\d{1,5})/(\\d{1,5})$"));
    const QRegularExpressionMatch numbers = partOf.match(QString::fromLatin1(mime.header(partHeader).trimmed()));
    const int part = numbers.captured(1).toInt();
    const int parts = numbers.captured(2).toInt();
    if (!hexHash.match(QString::fromLatin1(hash)).hasMatch() || !numbers.hasMatch() || part < 1 || part > parts)
        return {{}, QStringLiteral("its Ferry headers are damaged")};
    const QString whole
        = QDir(folder(QStringLiteral("received"))).filePath(QString::fromLatin1(hash) + QStringLiteral(".ferry"));
    if (parts == 1) {
        if (QCryptographicHash::hash(attachment->data, QCryptographicHash::Sha256).toHex() != hash)
            return {{}, QStringLiteral("its attachment is damaged (not what was sent)")};
        if (auto written = writeFile(whole, attachment->data); !written)
            return {{}, written.error().message()};
        return {whole, {}};
    }
    // A part waits in the state folder for the others; the last one to arrive completes the bundle.
    const QDir waiting(folder(QStringLiteral("parts/") + QString::fromLatin1(hash)));
    if (auto written
        = writeFile(waiting.filePath(QStringLiteral("%1.part").arg(part, 5, 10, QLatin1Char('0'))), attachment->data);
        !written)
        return {{}, written.error().message()};
    const QStringList present = waiting.entryList({QStringLiteral("*.part")}, QDir::Files, QDir::Name);
    if (present.size() < parts)
        return {};
    QSaveFile assembled(whole);
    QCryptographicHash check(QCryptographicHash::Sha256);
    if (!assembled.open(QIODevice::WriteOnly))
        return {{}, QStringLiteral("cannot write %1: %2").arg(whole, assembled.errorString())};
    for (const QString &name : present) {
        QFile piece(waiting.filePath(name));
        if (!piece.open(QIODevice::ReadOnly))
            return {{}, QStringLiteral("cannot read %1: %2").arg(piece.fileName(), piece.errorString())};
        const QByteArray data = piece.readAll();
        check.addData(data);
        assembled.write(data);
    }
    if (check.result().toHex() != hash) {
        assembled.cancelWriting();
        QDir(waiting).removeRecursively();
        return {{}, QStringLiteral("its parts do not make the bundle that was sent")};
    }
    if (!assembled.commit())
        return {{}, QStringLiteral("cannot write %1: %2").arg(whole, assembled.errorString())};
    QDir(waiting).removeRecursively();
    return {whole, {}};
}

bool MailExchange::moveToProcessed(qint64 uid)
{
    MailFailure failure;
    if (m_client.move(m_settings.folder, uid, m_settings.processedFolder, &failure))
        return true;
    qCWarning(lcTransport).noquote() << "pair" << m_name << ": could not move message" << uid << "to"
                                     << m_settings.processedFolder << ":" << failure.message;
    return false;
}

BundleExchange::Run MailExchange::exchange(BundleExchange &bundles)
{
    BundleExchange::Run run;
    MailAccounts accounts(m_store);
    const Result<std::optional<MailAccounts::Account>> stored = accounts.byName(m_name);
    if (!stored || !*stored) {
        run.error = stored ? QStringLiteral("pair %1 has no mail settings").arg(m_name) : stored.error().message();
        return run;
    }
    const MailAccounts::Account &account = **stored;
    MailFailure failure;
    const std::optional<MailClient::FolderState> state = m_client.examine(m_settings.folder, &failure);
    if (!state)
        run.error = failure.message;
    // A new UIDVALIDITY means the server numbered the folder anew: every message is looked at
    // again, and what was imported before is recognised as such.
    qint64 lastUid = state && state->uidValidity == account.uidValidity ? account.lastUid : 0;
    const std::optional<QList<qint64>> uids = state
        ? m_client.search(m_settings.folder, QStringLiteral("UID %1:*").arg(lastUid + 1), &failure)
        : std::nullopt;
    if (state && !uids)
        run.error = failure.message;
    expireParts();
    for (const qint64 uid : uids.value_or(QList<qint64>())) {
        if (uid <= lastUid)
            continue; // "n:*" always matches the newest message
        // What a message is comes from its headers and size, read first: the mailbox is anyone's
        // to write to, and nothing is taken whole before it shows itself as this pair's.
        const std::optional<MailClient::Envelope> envelope = m_client.envelope(m_settings.folder, uid, &failure);
        if (!envelope) {
            run.error = failure.message;
            break;
        }
        const MimeReader head(envelope->header);
        const QString pair = QString::fromUtf8(head.header(pairHeader).trimmed());
        const QString name = QStringLiteral("message %1 in %2").arg(uid).arg(m_settings.folder);
        if (pair.isEmpty()) {
            // Not Ferry's, unless a server bounced one of this pair's back: a bounce is small, and
            // names the pair in the message it returns.
            std::optional<QByteArray> message;
            if (envelope->size <= maxBounceBytes)
                message = m_client.fetch(m_settings.folder, uid, maxBounceBytes, &failure);
            if (const QString bounce = message ? bounceOf(*message, bundles.exchange().id) : QString();
                !bounce.isEmpty()) {
                run.error = QStringLiteral("a message to the partner's address %1 bounced: %2. Check the address "
                                           "with ferry-cli mail show; what it carried goes again with the next "
                                           "bundle.")
                                .arg(m_settings.to, bounce);
                qCWarning(lcTransport).noquote() << "pair" << m_name << ":" << run.error;
                moveToProcessed(uid);
            } else {
                qCInfo(lcTransport).noquote()
                    << "pair" << m_name << ":" << name << "(subject" << QString::fromUtf8(head.header("Subject"))
                    << ") is not Ferry's; left alone";
            }
        } else if (pair == bundles.exchange().id && head.header(kindHeader).trimmed() == "bundle") {
            const std::optional<QByteArray> message = fetchOurs(uid, *envelope, &failure);
            const Received received = message ? receive(*message) : Received{{}, failure.message};
            if (!message && failure.kind != MailFailure::Kind::TooLarge) {
                run.error = failure.message;
                break;
            }
            if (!received.why.isEmpty()) {
                run.rejected << QStringLiteral("%1: %2").arg(name, received.why);
                qCWarning(lcTransport).noquote() << "pair" << m_name << ":" << name << "rejected:" << received.why;
                m_client.addFlag(m_settings.folder, uid, QStringLiteral("\\Flagged"), &failure);
            } else if (received.file.isEmpty()) {
                moveToProcessed(uid); // a part, kept until the rest arrives
            } else {
                const BundleExchange::Imported imported = bundles.importFile(received.file);
                bundles.account(imported, name, run);
                QFile::remove(received.file);
                if (imported.result == BundleExchange::Outcome::Rejected)
                    m_client.addFlag(m_settings.folder, uid, QStringLiteral("\\Flagged"), &failure);
                else
                    moveToProcessed(uid);
            }
        }
        lastUid = uid;
        if (auto seen = accounts.setSeen(m_name, state->uidValidity, lastUid); !seen) {
            run.error = seen.error().message();
            break;
        }
    }

    // What a failed send left goes first; then news, unless changes just came in (the round that
    // applies them comes first, and its receipts go with the next exchange).
    const QDir outgoing(outbox());
    for (int pass = 0; pass < 2; ++pass) {
        if (pass == 1)
            bundles.writeNews(outgoing.path(), run);
        for (const QString &file : outgoing.entryList({QStringLiteral("*.ferry")}, QDir::Files, QDir::Name)) {
            if (auto sent = sendFile(outgoing.filePath(file)); !sent) {
                run.error = QStringLiteral("%1 waits to be sent: %2").arg(file, sent.error().message());
                qCWarning(lcTransport).noquote() << "pair" << m_name << ":" << run.error;
                return run;
            }
            QFile::remove(outgoing.filePath(file));
        }
    }
    return run;
}

Result<QList<qint64>> MailExchange::find(const QString &kind, const QString &pairId)
{
    MailFailure failure;
    QString criteria = QStringLiteral("HEADER %1 %2").arg(QString::fromLatin1(kindHeader), kind);
    if (!pairId.isEmpty())
        criteria += QStringLiteral(" HEADER %1 %2").arg(QString::fromLatin1(pairHeader), MailClient::quoted(pairId));
    std::optional<QList<qint64>> uids = m_client.search(m_settings.folder, criteria, &failure);
    if (!uids)
        return Error(failure.message);
    std::reverse(uids->begin(), uids->end());
    return *uids;
}

Result<QString> MailExchange::takeHandshake(const QString &code)
{
    const Result<QList<qint64>> uids = find(QStringLiteral("handshake"), {});
    if (!uids)
        return uids.error();
    for (const qint64 uid : *uids) {
        MailFailure failure;
        const std::optional<MailClient::Envelope> envelope = m_client.envelope(m_settings.folder, uid, &failure);
        const std::optional<QByteArray> message
            = envelope ? fetchOurs(uid, *envelope, &failure) : std::optional<QByteArray>();
        if (!message && failure.kind == MailFailure::Kind::TooLarge)
            continue;
        if (!message)
            return Error(failure.message);
        const Received received = receive(*message);
        if (received.file.isEmpty())
            continue;
        if (handshake::read(received.file, code)) {
            moveToProcessed(uid);
            return received.file;
        }
        QFile::remove(received.file);
    }
    return Error(
        uids->isEmpty()
            ? QStringLiteral(
                  "no handshake has arrived in %1 of %2 yet: wait a little, or ask the other admin to send it")
                  .arg(m_settings.folder, m_settings.imap.user)
            : QStringLiteral("none of the %1 handshake(s) in %2 opens with this code: check the code with the other "
                             "admin (a handshake written anew has a new code)")
                  .arg(uids->size())
                  .arg(m_settings.folder));
}

Result<std::optional<MailExchange::Taken>> MailExchange::takeAnswer(const QString &pairId)
{
    const Result<QList<qint64>> uids = find(QStringLiteral("answer"), pairId);
    if (!uids)
        return uids.error();
    if (uids->isEmpty())
        return std::optional<Taken>();
    QStringList unusable;
    for (const qint64 uid : *uids) {
        MailFailure failure;
        const std::optional<MailClient::Envelope> envelope = m_client.envelope(m_settings.folder, uid, &failure);
        const std::optional<QByteArray> message
            = envelope ? fetchOurs(uid, *envelope, &failure) : std::optional<QByteArray>();
        if (!message && failure.kind != MailFailure::Kind::TooLarge)
            return Error(failure.message);
        const Received received = message ? receive(*message) : Received{{}, failure.message};
        if (!received.file.isEmpty())
            return std::optional(Taken{received.file, uid});
        unusable << QStringLiteral("message %1: %2").arg(uid).arg(received.why);
    }
    return Error(QStringLiteral("no answer's message can be used: %1").arg(unusable.join(QStringLiteral("; "))));
}

void MailExchange::settle(const Taken &taken, bool accepted)
{
    // Only an answer that proved itself (handshake::complete) leaves the inbox; one that did not
    // stays, flagged, for an admin to look at.
    QFile::remove(taken.file);
    if (accepted) {
        moveToProcessed(taken.uid);
        return;
    }
    MailFailure failure;
    m_client.addFlag(m_settings.folder, taken.uid, QStringLiteral("\\Flagged"), &failure);
}

std::optional<QByteArray> MailExchange::fetchOurs(qint64 uid, const MailClient::Envelope &envelope,
                                                  MailFailure *failure)
{
    const qint64 limit = maxMessageBytes();
    if (envelope.size > limit) {
        failure->kind = MailFailure::Kind::TooLarge;
        failure->message = QStringLiteral("it is %1 MB, more than the %2 MB Ferry reads from a mailbox (twice the "
                                          "pair's message size, 32 MB at least); left there")
                               .arg(double(envelope.size) / (1 << 20), 0, 'f', 1)
                               .arg(limit >> 20);
        return std::nullopt;
    }
    return m_client.fetch(m_settings.folder, uid, limit, failure);
}

qint64 MailExchange::maxMessageBytes() const
{
    return std::max<qint64>(2 * m_settings.maxMessageBytes, qint64(32) << 20);
}

void MailExchange::expireParts()
{
    // Parts of a bundle whose others never came would stay forever: they go after a week.
    const QDir parts(folder(QStringLiteral("parts")));
    const QDateTime before = QDateTime::currentDateTimeUtc().addDays(-partsKeptDays);
    for (const QFileInfo &bundle : parts.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QFileInfoList pieces = QDir(bundle.filePath()).entryInfoList(QDir::Files);
        const bool stale = std::all_of(pieces.cbegin(), pieces.cend(),
                                       [&](const QFileInfo &piece) { return piece.lastModified() < before; });
        if (!stale)
            continue;
        QDir(bundle.filePath()).removeRecursively();
        qCWarning(lcTransport).noquote() << "pair" << m_name << ": dropped" << pieces.size() << "part(s) of bundle"
                                         << bundle.fileName() << "whose other parts did not arrive within"
                                         << partsKeptDays << "days";
    }
}

QString mailKeychainAccount(const QString &name, const QString &protocol)
{
    return QStringLiteral("mail-%1:%2").arg(protocol, name);
}

void readMailPasswords(SecretStore &secrets, const QString &name, const MailSettings &settings,
                       const std::function<void(const QString &smtp, const QString &imap, const QString &error)> &done)
{
    SecretRef smtpRef;
    SecretRef imapRef;
    QString error;
    if (!SecretRef::parse(settings.smtp.passwordRef, &smtpRef, &error)
        || !SecretRef::parse(settings.imap.passwordRef, &imapRef, &error))
        return done({}, {}, QStringLiteral("pair %1: %2").arg(name));
    secrets.read(smtpRef, mailKeychainAccount(name, QStringLiteral("smtp")), settings.smtp.user,
                 [&secrets, name, imapRef, settings, done](const QString &smtp, const QString &smtpError) {
                     if (!smtpError.isEmpty())
                         return done({}, {}, QStringLiteral("the SMTP password of pair %1: %2").arg(name, smtpError));
                     secrets.read(
                         imapRef, mailKeychainAccount(name, QStringLiteral("imap")), settings.imap.user,
                         [name, smtp, done](const QString &imap, const QString &imapError) {
                             done(smtp, imap,
                                  imapError.isEmpty()
                                      ? QString()
                                      : QStringLiteral("the IMAP password of pair %1: %2").arg(name, imapError));
                         });
                 });
}

QList<MailCheck> checkMail(MailClient &client, const MailSettings &settings, bool sendTest, int waitSeconds)
{
    QList<MailCheck> lines;
    MailFailure failure;
    const bool smtp = client.checkSmtp(&failure);
    lines << MailCheck{smtp,
                       smtp ? QStringLiteral("SMTP server %1: connected over TLS, logged in as %2")
                                  .arg(settings.smtp.address(), settings.smtp.user)
                            : failure.message};
    const std::optional<MailClient::FolderState> state = client.examine(settings.folder, &failure);
    lines << MailCheck{state.has_value(),
                       state ? QStringLiteral("IMAP server %1: connected over TLS, logged in as %2; folder %3 holds %4 "
                                              "message(s)")
                                   .arg(settings.imap.address(), settings.imap.user, settings.folder)
                                   .arg(state->messages)
                             : failure.message};
    if (!sendTest || !smtp || !state)
        return lines;
    const QByteArray id = "ferry-check." + QUuid::createUuid().toByteArray(QUuid::Id128) + "@ferry";
    MailClient::Message message;
    message.to = settings.from;
    message.subject = QStringLiteral("Ferry mail check");
    message.body = QStringLiteral("Ferry sent this message to test its mail settings; it deletes it once it has "
                                  "arrived.\r\n");
    message.messageId = id;
    if (!client.send(message, &failure)) {
        lines << MailCheck{
            false, QStringLiteral("a test message to %1 could not be sent: %2").arg(settings.from, failure.message)};
        return lines;
    }
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < waitSeconds * 1000LL) {
        const std::optional<QList<qint64>> found = client.search(
            settings.folder, QStringLiteral("HEADER Message-ID %1").arg(MailClient::quoted(QString::fromLatin1(id))),
            &failure);
        if (!found) {
            lines << MailCheck{false, failure.message};
            return lines;
        }
        if (!found->isEmpty()) {
            for (const qint64 uid : *found)
                client.remove(settings.folder, uid, &failure);
            lines << MailCheck{true,
                               QStringLiteral("a test message to %1 arrived in %2 after %3 s")
                                   .arg(settings.from, settings.folder)
                                   .arg(double(clock.elapsed()) / 1000.0, 0, 'f', 1)};
            return lines;
        }
        QThread::msleep(250);
    }
    lines << MailCheck{false,
                       QStringLiteral("a test message to %1 was sent but did not arrive in %2 of %3 within %4 s: "
                                      "is %1 the address of that mailbox?")
                           .arg(settings.from, settings.folder, settings.imap.user)
                           .arg(waitSeconds)};
    return lines;
}

} // namespace ferry
