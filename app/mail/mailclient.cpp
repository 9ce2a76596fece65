#include "mail/mailclient.h"

#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QRegularExpression>
#include <QUrl>

#include <curl/curl.h>

#include <mutex>

namespace ferry {

namespace {

size_t collect(char *data, size_t size, size_t count, void *target)
{
    static_cast<QByteArray *>(target)->append(data, qsizetype(size * count));
    return size * count;
}

/// An attachment read from its file as libcurl sends it, so a large bundle never sits whole in
/// memory.
struct FileSlice {
    QFile file;
    qint64 start = 0;
    qint64 size = 0;
    qint64 position = 0;
};

size_t readSlice(char *buffer, size_t size, size_t count, void *arg)
{
    auto *slice = static_cast<FileSlice *>(arg);
    const qint64 wanted = qMin(qint64(size * count), slice->size - slice->position);
    if (wanted <= 0)
        return 0;
    if (!slice->file.seek(slice->start + slice->position))
        return CURL_READFUNC_ABORT;
    const qint64 read = slice->file.read(buffer, wanted);
    if (read <= 0)
        return CURL_READFUNC_ABORT;
    slice->position += read;
    return size_t(read);
}

int seekSlice(void *arg, curl_off_t offset, int origin)
{
    auto *slice = static_cast<FileSlice *>(arg);
    if (origin != SEEK_SET || offset < 0 || offset > slice->size)
        return CURL_SEEKFUNC_FAIL;
    slice->position = offset;
    return CURL_SEEKFUNC_OK;
}

QByteArray rfc2822Date(const QDateTime &when)
{
    return QLocale::c().toString(when.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss")).toLatin1() + " +0000";
}

/// A header value with non-ASCII text, as RFC 2047 encoded words.
QByteArray encodedHeader(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    bool ascii = true;
    for (const char c : utf8)
        ascii = ascii && uchar(c) >= 0x20 && uchar(c) < 0x7f;
    return ascii ? utf8 : "=?UTF-8?B?" + utf8.toBase64() + "?=";
}

} // namespace

struct MailClient::Session {
    Session(const MailServer &server, const QString &protocol, const QString &password, const QString &caFile)
        : server(server)
        , protocol(protocol)
        , password(password)
        , caFile(caFile)
        , curl(curl_easy_init())
    {
    }
    ~Session() { curl_easy_cleanup(curl); }

    /// Sets what every request to this server has; the caller adds the rest and calls perform().
    void prepare(const QString &path)
    {
        curl_easy_reset(curl);
        response.clear();
        serverLines.clear();
        errorBuffer[0] = 0;
        const QByteArray url = (server.url(protocol) + path).toUtf8();
        curl_easy_setopt(curl, CURLOPT_URL, url.constData());
        curl_easy_setopt(curl, CURLOPT_USERNAME, server.user.toUtf8().constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.toUtf8().constData());
        curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
        if (!caFile.isEmpty())
            curl_easy_setopt(curl, CURLOPT_CAINFO, QFile::encodeName(caFile).constData());
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 20L);
        curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, 120L);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 120L);
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
        curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, keepServerLines);
        curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &serverLines);
        curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
    }

    bool perform(MailFailure *failure, const QString &recipient = {})
    {
        const CURLcode code = curl_easy_perform(curl);
        if (code == CURLE_OK)
            return true;
        *failure = describe(code, recipient);
        return false;
    }

    /// What the server said last, the line that explains a refusal.
    QString lastServerLine() const
    {
        for (qsizetype i = serverLines.size() - 1; i >= 0; --i) {
            const QString line = QString::fromUtf8(serverLines.at(i)).trimmed();
            if (!line.isEmpty() && !line.startsWith(u'*'))
                return line;
        }
        return {};
    }

    MailFailure describe(CURLcode code, const QString &recipient) const
    {
        const QString name = QStringLiteral("%1 server %2").arg(protocol.toUpper(), server.address());
        const QString said = lastServerLine();
        const QString detail = QString::fromUtf8(errorBuffer).trimmed().isEmpty()
            ? QString::fromUtf8(curl_easy_strerror(code))
            : QString::fromUtf8(errorBuffer).trimmed();
        const QString saying = said.isEmpty() ? QString() : QStringLiteral(" (it said: %1)").arg(said);
        static const QRegularExpression tooLarge(QStringLiteral("\\b(552[ -]5\\.3\\.4|5\\.3\\.4|size exceeds|too "
                                                                "(big|large))"),
                                                 QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression full(QStringLiteral("\\b([45]\\.2\\.2|over ?quota|mailbox (is )?full|"
                                                            "quota exceeded)"),
                                             QRegularExpression::CaseInsensitiveOption);
        switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_GOT_NOTHING:
            return {MailFailure::Kind::Unreachable,
                    QStringLiteral("cannot reach the %1: %2. Is it running, and may this machine reach it? "
                                   "Nothing is lost: what waits to go is sent at the next exchange.")
                        .arg(name, detail)};
        case CURLE_PEER_FAILED_VERIFICATION:
            return {MailFailure::Kind::Tls,
                    QStringLiteral("the %1 shows a TLS certificate this machine does not trust (%2). If your "
                                   "organisation signs its own certificates, give its CA certificate with "
                                   "--ca-file; otherwise ask the mail admin.")
                        .arg(name, detail)};
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_USE_SSL_FAILED:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CACERT_BADFILE:
            return {MailFailure::Kind::Tls,
                    QStringLiteral("could not set up TLS with the %1: %2. Check the port and whether it wants "
                                   "TLS from the start (%3s://) or STARTTLS (%3://).")
                        .arg(name, detail, protocol)};
        case CURLE_FILESIZE_EXCEEDED:
            return {
                MailFailure::Kind::TooLarge,
                QStringLiteral("a message on the %1 is larger than Ferry reads from a mailbox: left there").arg(name)};
        case CURLE_LOGIN_DENIED:
            return {MailFailure::Kind::Login,
                    QStringLiteral("the %1 refused the login of %2%3: wrong user or password? Set the password "
                                   "again with ferry-cli mail set.")
                        .arg(name, server.user, saying)};
        default:
            break;
        }
        if (tooLarge.match(said).hasMatch())
            return {MailFailure::Kind::TooLarge,
                    QStringLiteral("the %1 does not take a message this large%2: lower the largest message "
                                   "(--max-mb) below its limit.")
                        .arg(name, saying)};
        if (full.match(said).hasMatch())
            return {MailFailure::Kind::MailboxFull,
                    QStringLiteral("the mailbox is full%1: make room in it; the message goes again at the next "
                                   "exchange.")
                        .arg(saying)};
        if (said.contains(QStringLiteral("NONEXISTENT")) || said.contains(QStringLiteral("doesn't exist"))
            || said.contains(QStringLiteral("does not exist")))
            return {MailFailure::Kind::NoFolder, QStringLiteral("the %1 has no such folder%2").arg(name, saying)};
        if (!recipient.isEmpty() && (detail.contains(QStringLiteral("RCPT")) || said.startsWith(u'5')))
            return {MailFailure::Kind::RecipientRefused,
                    QStringLiteral("the %1 refuses to deliver to %2%3: check the partner's address.")
                        .arg(name, recipient, saying)};
        return {MailFailure::Kind::Server, QStringLiteral("the %1 failed: %2%3").arg(name, detail, saying)};
    }

    static int keepServerLines(CURL *, curl_infotype type, char *data, size_t size, void *target)
    {
        if (type == CURLINFO_HEADER_IN) {
            auto *lines = static_cast<QList<QByteArray> *>(target);
            lines->append(QByteArray(data, qsizetype(size)));
            if (lines->size() > 20)
                lines->removeFirst();
        }
        return 0;
    }

    MailServer server;
    QString protocol;
    QString password;
    QString caFile;
    CURL *curl;
    QByteArray response;
    QList<QByteArray> serverLines;
    char errorBuffer[CURL_ERROR_SIZE] = {};
};

MailClient::MailClient(const MailSettings &settings, const QString &smtpPassword, const QString &imapPassword)
    : m_settings(settings)
{
    static std::once_flag initialised;
    std::call_once(initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_smtp = std::make_unique<Session>(settings.smtp, QStringLiteral("smtp"), smtpPassword, settings.caFile);
    m_imap = std::make_unique<Session>(settings.imap, QStringLiteral("imap"), imapPassword, settings.caFile);
}

MailClient::~MailClient() = default;

bool MailClient::send(const Message &message, MailFailure *failure)
{
    Session &smtp = *m_smtp;
    smtp.prepare({});
    CURL *curl = smtp.curl;
    const QByteArray from = '<' + m_settings.from.toUtf8() + '>';
    const QByteArray to = '<' + message.to.toUtf8() + '>';
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
    curl_slist *recipients = curl_slist_append(nullptr, to.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);

    // libcurl builds the MIME structure (boundaries, base64 of the attachment, line lengths) as it
    // sends: the message is never assembled in memory, and its encoding is libcurl's, not ours.
    QList<QByteArray> lines{"Date: " + rfc2822Date(QDateTime::currentDateTimeUtc()),
                            "From: " + from,
                            "To: " + to,
                            "Subject: " + encodedHeader(message.subject),
                            "Message-ID: <" + message.messageId + '>',
                            "Auto-Submitted: auto-generated",
                            "X-Auto-Response-Suppress: All"};
    for (const auto &[name, value] : message.headers)
        lines << name + ": " + value;
    curl_slist *headers = nullptr;
    for (const QByteArray &line : lines)
        headers = curl_slist_append(headers, line.constData());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

    curl_mime *mime = curl_mime_init(curl);
    curl_mimepart *text = curl_mime_addpart(mime);
    const QByteArray body = message.body.toUtf8();
    curl_mime_data(text, body.constData(), size_t(body.size()));
    curl_mime_type(text, "text/plain; charset=utf-8");
    curl_mime_encoder(text, "quoted-printable");
    FileSlice slice;
    if (message.attachment) {
        const Attachment &attachment = *message.attachment;
        slice.file.setFileName(attachment.path);
        if (!slice.file.open(QIODevice::ReadOnly)) {
            *failure = {MailFailure::Kind::Server,
                        QStringLiteral("cannot read %1: %2").arg(attachment.path, slice.file.errorString())};
            curl_mime_free(mime);
            curl_slist_free_all(headers);
            curl_slist_free_all(recipients);
            return false;
        }
        slice.start = attachment.offset;
        slice.size = attachment.size;
        curl_mimepart *part = curl_mime_addpart(mime);
        curl_mime_data_cb(part, curl_off_t(attachment.size), readSlice, seekSlice, nullptr, &slice);
        curl_mime_type(part, attachment.contentType.constData());
        curl_mime_filename(part, attachment.fileName.toUtf8().constData());
        curl_mime_encoder(part, "base64");
    }
    curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    const bool sent = smtp.perform(failure, message.to);
    curl_mime_free(mime);
    curl_slist_free_all(headers);
    curl_slist_free_all(recipients);
    return sent;
}

bool MailClient::checkSmtp(MailFailure *failure)
{
    m_smtp->prepare({});
    curl_easy_setopt(m_smtp->curl, CURLOPT_CUSTOMREQUEST, "NOOP");
    curl_easy_setopt(m_smtp->curl, CURLOPT_NOBODY, 1L);
    return m_smtp->perform(failure);
}

QString MailClient::quoted(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    return u'"' + escaped + u'"';
}

std::optional<QByteArray> MailClient::imapCommand(const QString &folder, const QString &command, MailFailure *failure)
{
    // A folder in the URL is selected before the command runs; none: the command stands alone.
    m_imap->prepare(folder.isEmpty() ? QString() : u'/' + QString::fromLatin1(QUrl::toPercentEncoding(folder)));
    const QByteArray request = command.toUtf8();
    curl_easy_setopt(m_imap->curl, CURLOPT_CUSTOMREQUEST, request.constData());
    if (!m_imap->perform(failure))
        return std::nullopt;
    return m_imap->response;
}

std::optional<MailClient::FolderState> MailClient::examine(const QString &folder, MailFailure *failure)
{
    const std::optional<QByteArray> response = imapCommand({}, QStringLiteral("EXAMINE ") + quoted(folder), failure);
    if (!response)
        return std::nullopt;
    FolderState state;
    static const QRegularExpression validity(QStringLiteral("\\[UIDVALIDITY (\\d+)\\]"));
    static const QRegularExpression next(QStringLiteral("\\[UIDNEXT (\\d+)\\]"));
    static const QRegularExpression exists(QStringLiteral("^\\* (\\d+) EXISTS"), QRegularExpression::MultilineOption);
    const QString text = QString::fromUtf8(*response);
    state.uidValidity = validity.match(text).captured(1).toLongLong();
    state.uidNext = next.match(text).captured(1).toLongLong();
    state.messages = exists.match(text).captured(1).toLongLong();
    return state;
}

std::optional<QList<qint64>> MailClient::search(const QString &folder, const QString &criteria, MailFailure *failure)
{
    const std::optional<QByteArray> response = imapCommand(folder, QStringLiteral("UID SEARCH ") + criteria, failure);
    if (!response)
        return std::nullopt;
    QList<qint64> uids;
    for (const QByteArray &line : response->split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (!trimmed.startsWith("* SEARCH"))
            continue;
        for (const QByteArray &word : trimmed.mid(8).split(' '))
            if (const qint64 uid = word.toLongLong(); uid > 0)
                uids << uid;
    }
    std::sort(uids.begin(), uids.end());
    return uids;
}

std::optional<QByteArray> MailClient::fetch(const QString &folder, qint64 uid, qint64 maxBytes, MailFailure *failure)
{
    m_imap->prepare(QStringLiteral("/%1/;UID=%2").arg(QString::fromLatin1(QUrl::toPercentEncoding(folder))).arg(uid));
    // libcurl knows a FETCH's size from its literal and refuses it before reading it.
    curl_easy_setopt(m_imap->curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxBytes));
    if (!m_imap->perform(failure))
        return std::nullopt;
    if (m_imap->response.size() > maxBytes) {
        failure->kind = MailFailure::Kind::TooLarge;
        failure->message = QStringLiteral("message %1 in %2 is larger than the %3 bytes Ferry reads")
                               .arg(uid)
                               .arg(folder)
                               .arg(maxBytes);
        return std::nullopt;
    }
    return m_imap->response;
}

std::optional<MailClient::Envelope> MailClient::envelope(const QString &folder, qint64 uid, MailFailure *failure)
{
    const std::optional<QByteArray> sized
        = imapCommand(folder, QStringLiteral("UID FETCH %1 (RFC822.SIZE)").arg(uid), failure);
    if (!sized)
        return std::nullopt;
    static const QRegularExpression size(QStringLiteral("RFC822\\.SIZE (\\d+)"));
    const QRegularExpressionMatch found = size.match(QString::fromLatin1(*sized));
    if (!found.hasMatch()) {
        failure->kind = MailFailure::Kind::Server;
        failure->message
            = QStringLiteral("the IMAP server %1 tells no size of message %2").arg(m_settings.imap.address()).arg(uid);
        return std::nullopt;
    }
    Envelope envelope;
    envelope.size = found.captured(1).toLongLong();
    m_imap->prepare(QStringLiteral("/%1/;UID=%2;SECTION=HEADER")
                        .arg(QString::fromLatin1(QUrl::toPercentEncoding(folder)))
                        .arg(uid));
    curl_easy_setopt(m_imap->curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(256 * 1024));
    if (!m_imap->perform(failure))
        return std::nullopt;
    envelope.header = m_imap->response;
    return envelope;
}

bool MailClient::move(const QString &folder, qint64 uid, const QString &target, MailFailure *failure)
{
    if (!m_folderMade.contains(target)) {
        // CREATE fails when the folder exists; that is the usual case and no error.
        MailFailure exists;
        imapCommand({}, QStringLiteral("CREATE ") + quoted(target), &exists);
        m_folderMade.insert(target);
    }
    if (!m_canMove) {
        const std::optional<QByteArray> capabilities = imapCommand({}, QStringLiteral("CAPABILITY"), failure);
        if (!capabilities)
            return false;
        m_canMove = capabilities->contains(" MOVE");
    }
    if (*m_canMove)
        return imapCommand(folder, QStringLiteral("UID MOVE %1 %2").arg(uid).arg(quoted(target)), failure).has_value();
    // Servers without MOVE (RFC 6851): copy, then delete the original.
    return imapCommand(folder, QStringLiteral("UID COPY %1 %2").arg(uid).arg(quoted(target)), failure).has_value()
        && remove(folder, uid, failure);
}

bool MailClient::addFlag(const QString &folder, qint64 uid, const QString &flag, MailFailure *failure)
{
    return imapCommand(folder, QStringLiteral("UID STORE %1 +FLAGS (%2)").arg(uid).arg(flag), failure).has_value();
}

bool MailClient::remove(const QString &folder, qint64 uid, MailFailure *failure)
{
    return addFlag(folder, uid, QStringLiteral("\\Deleted"), failure)
        && imapCommand(folder, QStringLiteral("UID EXPUNGE %1").arg(uid), failure).has_value();
}

} // namespace ferry
