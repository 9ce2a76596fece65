#include "sandbox/http.h"

#include <QJsonArray>

namespace ferry::sandbox {

QString Request::param(const QString &name, const QString &fallback) const
{
    return query.hasQueryItem(name) ? query.queryItemValue(name, QUrl::FullyDecoded) : fallback;
}

Response Response::json(const QJsonValue &value, int status)
{
    Response r;
    r.status = status;
    r.body = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                             : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return r;
}

Response Response::error(int status, const QStringList &messages, const QJsonObject &errors)
{
    return json(QJsonObject{{QStringLiteral("errorMessages"), QJsonArray::fromStringList(messages)},
                            {QStringLiteral("errors"), errors}},
                status);
}

QString jsonId(const QJsonValue &value)
{
    return value.isDouble() ? QString::number(value.toInteger()) : value.toString();
}

bool parseJsonObject(const Request &request, QJsonObject *object, Response *response)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        *response = Response::error(
            400,
            {request.body.trimmed().isEmpty()
                 ? QStringLiteral("No content to map to Object due to end of input")
                 : QStringLiteral("Unexpected character in the request body at offset %1: %2.")
                       .arg(error.offset)
                       .arg(error.error == QJsonParseError::NoError ? QStringLiteral("a JSON object is expected")
                                                                    : error.errorString())});
        return false;
    }
    *object = document.object();
    return true;
}

void Router::add(const QString &method, const QString &pattern, Handler handler, bool anonymous)
{
    QString re = QRegularExpression::escape(pattern);
    re.replace(QStringLiteral("\\{v\\}"), QStringLiteral("(?<v>2|3|latest)"));
    static const QRegularExpression placeholder(QStringLiteral(R"(\\\{[a-zA-Z]+\\\})"));
    re.replace(placeholder, QStringLiteral("([^/]+)"));
    m_routes.append({method, pattern, QRegularExpression(u'^' + re + u'$'), std::move(handler), anonymous});
}

Router::Match Router::find(const QString &method, const QString &path, const Route **route, QStringList *args,
                           int *apiVersion) const
{
    bool pathKnown = false;
    for (const Route &r : m_routes) {
        const QRegularExpressionMatch m = r.re.match(path);
        if (!m.hasMatch())
            continue;
        const QString version = m.captured(QStringLiteral("v"));
        if (!version.isEmpty() && version != QStringLiteral("latest") && !m_versions.contains(version))
            continue;
        pathKnown = true;
        if (r.method != method)
            continue;
        *route = &r;
        args->clear();
        for (int i = 1; i <= m.lastCapturedIndex(); ++i) {
            if (m.capturedStart(i) != m.capturedStart(QStringLiteral("v")) || version.isEmpty())
                args->append(QUrl::fromPercentEncoding(m.captured(i).toUtf8()));
        }
        *apiVersion = version == QStringLiteral("3") ? 3 : 2;
        return Match::Found;
    }
    return pathKnown ? Match::WrongMethod : Match::NoRoute;
}

} // namespace ferry::sandbox
