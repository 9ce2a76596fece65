#include "sandbox/multipart.h"

#include <QRegularExpression>
#include <QUrl>

namespace ferry::sandbox {

namespace {

QByteArray parameter(const QByteArray &header, const QByteArray &name)
{
    const QRegularExpression re(
        QStringLiteral(R"((?:^|;)\s*%1\*?=\s*("(?:[^"\\]|\\.)*"|[^;]*))").arg(QString::fromLatin1(name)),
        QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(QString::fromUtf8(header));
    if (!m.hasMatch())
        return QByteArray();
    QString value = m.captured(1).trimmed();
    if (value.startsWith(u'"'))
        value = value.mid(1, value.size() - 2).replace(QStringLiteral("\\\""), QStringLiteral("\""));
    if (value.startsWith(QStringLiteral("UTF-8''"), Qt::CaseInsensitive)) // RFC 5987
        value = QUrl::fromPercentEncoding(value.mid(7).toLatin1());
    return value.toUtf8();
}

} // namespace

bool parseMultipart(const QByteArray &contentType, const QByteArray &body, QList<MultipartPart> *parts, QString *error)
{
    if (!contentType.toLower().startsWith("multipart/form-data")) {
        *error = QStringLiteral("The request must be multipart/form-data.");
        return false;
    }
    const QByteArray boundary = parameter(contentType, "boundary");
    if (boundary.isEmpty()) {
        *error = QStringLiteral("The multipart content type has no boundary.");
        return false;
    }
    const QByteArray delimiter = "--" + boundary;
    qsizetype pos = body.indexOf(delimiter);
    if (pos < 0) {
        *error = QStringLiteral("The multipart body does not contain its boundary.");
        return false;
    }
    while (true) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            return true;
        if (body.mid(pos, 2) == "\r\n")
            pos += 2;
        const qsizetype headersEnd = body.indexOf("\r\n\r\n", pos);
        const qsizetype next = body.indexOf(QByteArray("\r\n" + delimiter), pos);
        if (headersEnd < 0 || next < 0 || headersEnd > next) {
            *error = QStringLiteral("The multipart body is truncated or malformed.");
            return false;
        }
        MultipartPart part;
        for (const QByteArray &line : body.mid(pos, headersEnd - pos).split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-disposition") {
                part.name = parameter(value, "name");
                part.filename = QString::fromUtf8(parameter(value, "filename"));
            } else if (name == "content-type") {
                part.contentType = value;
            }
        }
        part.data = body.mid(headersEnd + 4, next - headersEnd - 4);
        parts->append(part);
        pos = next + 2;
    }
}

} // namespace ferry::sandbox
