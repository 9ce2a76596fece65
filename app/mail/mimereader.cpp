#include "mail/mimereader.h"

namespace ferry {

MimeReader::MimeReader(const QByteArray &message)
    : m_message(parse(message))
{
}

QByteArray MimeReader::header(const QByteArray &name) const
{
    return m_message.header(name);
}

std::optional<MimeReader::Part> MimeReader::attachment(const QByteArray &contentType) const
{
    return find(m_message, contentType.toLower(), 0);
}

QByteArray MimeReader::Entity::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

MimeReader::Entity MimeReader::parse(const QByteArray &bytes)
{
    Entity entity;
    qsizetype position = 0;
    while (position < bytes.size()) {
        qsizetype end = bytes.indexOf('\n', position);
        if (end < 0)
            end = bytes.size();
        QByteArray line = bytes.mid(position, end - position);
        if (line.endsWith('\r'))
            line.chop(1);
        position = end + 1;
        if (line.isEmpty())
            break; // the blank line: the body follows
        if ((line.startsWith(' ') || line.startsWith('\t')) && !entity.headers.isEmpty()) {
            entity.headers.last().second += ' ' + line.trimmed(); // a folded header goes on
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            entity.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    entity.body = position < bytes.size() ? bytes.mid(position) : QByteArray();
    return entity;
}

QByteArray MimeReader::parameter(const QByteArray &value, const QByteArray &name)
{
    for (const QByteArray &piece : value.split(';')) {
        const qsizetype equals = piece.indexOf('=');
        if (equals < 0 || piece.left(equals).trimmed().compare(name, Qt::CaseInsensitive) != 0)
            continue;
        QByteArray parameterValue = piece.mid(equals + 1).trimmed();
        if (parameterValue.size() >= 2 && parameterValue.startsWith('"') && parameterValue.endsWith('"'))
            parameterValue = parameterValue.mid(1, parameterValue.size() - 2);
        return parameterValue;
    }
    return {};
}

std::optional<MimeReader::Part> MimeReader::find(const Entity &entity, const QByteArray &contentType, int depth)
{
    const QByteArray type = entity.header("Content-Type");
    const QByteArray mediaType = type.split(';').first().trimmed().toLower();
    if (mediaType == contentType) {
        const QByteArray encoding = entity.header("Content-Transfer-Encoding").trimmed().toLower();
        Part part;
        part.data = encoding == "base64" ? QByteArray::fromBase64(entity.body) : entity.body;
        part.fileName = QString::fromUtf8(parameter(entity.header("Content-Disposition"), "filename"));
        return part;
    }
    const QByteArray boundary = parameter(type, "boundary");
    if (!mediaType.startsWith("multipart/") || boundary.isEmpty() || depth > 4)
        return std::nullopt;
    const QByteArray delimiter = "--" + boundary;
    qsizetype start = entity.body.indexOf(delimiter);
    while (start >= 0) {
        qsizetype contentStart = entity.body.indexOf('\n', start);
        if (contentStart < 0 || entity.body.mid(start + delimiter.size(), 2) == "--")
            break;
        ++contentStart;
        const qsizetype next = entity.body.indexOf(QByteArray("\n" + delimiter), contentStart);
        if (next < 0)
            break;
        qsizetype contentEnd = next;
        if (contentEnd > contentStart && entity.body.at(contentEnd - 1) == '\r')
            --contentEnd;
        if (std::optional<Part> part
            = find(parse(entity.body.mid(contentStart, contentEnd - contentStart)), contentType, depth + 1))
            return part;
        start = next + 1;
    }
    return std::nullopt;
}

} // namespace ferry
