#include "core/secretredactor.h"

#include <QByteArray>
#include <QRegularExpression>
#include <QUrl>

namespace ferry {

namespace {

const QRegularExpression &authorizationHeader()
{
    static const QRegularExpression re(
        QStringLiteral(
            R"re(\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?\s*)(?:(basic|bearer|token|digest|negotiate)\s+)?([^\s"',;]+))re"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &schemeCredential()
{
    static const QRegularExpression re(QStringLiteral(R"re(\b(basic|bearer)\s+([A-Za-z0-9+/_.~-]{8,}=*))re"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &secretKeyValue()
{
    static const QRegularExpression re(
        QStringLiteral(R"re((["']?)\b(password|passwd|pwd|passphrase|secret|client[_-]?secret|secret[_-]?key|)re"
                       R"re(private[_-]?key|api[_-]?token|api[_-]?key|apikey|auth[_-]?token|access[_-]?token|)re"
                       R"re(refresh[_-]?token|token|pat)\1(\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;&}\]]+))re"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &atlassianApiToken()
{
    static const QRegularExpression re(QStringLiteral(R"re(\bATATT[A-Za-z0-9_=-]{20,})re"));
    return re;
}

bool isBase64Char(QChar c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'+' || c == u'/'
        || c == u'-' || c == u'_';
}

/// True when text is base64 of "user:password": printable, no blanks, a colon inside.
bool decodesToCredential(QStringView text)
{
    const auto options = QByteArray::AbortOnBase64DecodingErrors;
    auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::Base64Encoding | options);
    if (!decoded)
        decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::Base64UrlEncoding | options);
    if (!decoded)
        return false;
    const QByteArray &bytes = decoded.decoded;
    const qsizetype colon = bytes.indexOf(':');
    if (colon <= 0 || colon == bytes.size() - 1)
        return false;
    for (const char byte : bytes) {
        const auto c = static_cast<unsigned char>(byte);
        if (c <= 0x20 || c == 0x7f)
            return false;
    }
    return QString::fromUtf8(bytes).toUtf8() == bytes; // valid UTF-8
}

QString maskBase64Credentials(const QString &text)
{
    constexpr qsizetype minimumRun = 8;
    QString out;
    qsizetype copied = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        if (!isBase64Char(text.at(i))) {
            ++i;
            continue;
        }
        qsizetype end = i;
        while (end < text.size() && isBase64Char(text.at(end)))
            ++end;
        while (end < text.size() && text.at(end) == u'=' && end - i < 4096)
            ++end;
        if (end - i >= minimumRun && decodesToCredential(QStringView(text).mid(i, end - i))) {
            out += QStringView(text).mid(copied, i - copied);
            out += SecretRedactor::mask;
            copied = end;
        }
        i = end;
    }
    if (copied == 0)
        return text;
    out += QStringView(text).mid(copied);
    return out;
}

/// Replaces every match of re by what build() makes of it.
template <typename Build> QString replaceMatches(const QString &text, const QRegularExpression &re, Build build)
{
    QString out;
    qsizetype copied = 0;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        out += QStringView(text).mid(copied, match.capturedStart() - copied);
        out += build(match);
        copied = match.capturedEnd();
    }
    if (copied == 0)
        return text;
    out += QStringView(text).mid(copied);
    return out;
}

bool looksLikeBearerToken(QStringView token)
{
    if (token.size() >= 20)
        return true;
    for (const QChar c : token) {
        if (c.isDigit())
            return true;
    }
    return false;
}

} // namespace

void SecretRedactor::addSecret(const QString &secret, const QString &user)
{
    if (secret.size() < minimumLiteralLength && user.isEmpty())
        return;
    QStringList forms;
    if (secret.size() >= minimumLiteralLength) {
        forms << secret;
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
        if (encoded != secret)
            forms << encoded;
    }
    if (!user.isEmpty()) {
        const QByteArray basic = (user + u':' + secret).toUtf8();
        forms << QString::fromLatin1(basic.toBase64())
              << QString::fromLatin1(basic.toBase64(QByteArray::Base64UrlEncoding));
    }
    const QWriteLocker locker(&m_lock);
    for (const QString &form : std::as_const(forms)) {
        if (!m_literals.contains(form))
            m_literals << form;
    }
    // Longest first, so a secret that contains another is masked whole.
    std::sort(m_literals.begin(), m_literals.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

QString SecretRedactor::redact(const QString &text) const
{
    QString out = text;
    {
        const QReadLocker locker(&m_lock);
        for (const QString &literal : m_literals)
            out.replace(literal, mask.toString());
    }
    out = replaceMatches(out, authorizationHeader(), [](const QRegularExpressionMatch &m) -> QString {
        QString kept = m.captured(1) + m.captured(2);
        if (m.hasCaptured(3))
            kept += m.captured(3) + u' ';
        return kept + mask;
    });
    out = replaceMatches(out, schemeCredential(), [](const QRegularExpressionMatch &m) -> QString {
        const QStringView token = m.capturedView(2);
        const bool basic = m.capturedView(1).compare(u"basic", Qt::CaseInsensitive) == 0;
        const bool credential = basic ? decodesToCredential(token) : looksLikeBearerToken(token);
        return credential ? m.captured(1) + u' ' + mask : m.captured(0);
    });
    out = replaceMatches(out, secretKeyValue(), [](const QRegularExpressionMatch &m) -> QString {
        const QString value = m.captured(4);
        if (value.startsWith(mask.left(mask.size() - 1))) // masked by an earlier rule
            return m.captured(0);
        const QString masked = value.startsWith(u'"') ? u'"' + mask + u'"'
            : value.startsWith(u'\'')                 ? u'\'' + mask + u'\''
                                                      : mask.toString();
        return m.captured(1) + m.captured(2) + m.captured(1) + m.captured(3) + masked;
    });
    out = replaceMatches(out, atlassianApiToken(),
                         [](const QRegularExpressionMatch &) -> QString { return mask.toString(); });
    return maskBase64Credentials(out);
}

} // namespace ferry
