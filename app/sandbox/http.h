#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <functional>

namespace ferry::sandbox {

struct User;

/// One request as the handlers see it.
struct Request {
    QString method; ///< "GET", "POST", …
    QString path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; ///< names lower-cased
    QByteArray body;
    QStringList args; ///< the route's captured path parts
    int apiVersion = 2; ///< 2 or 3 for /rest/api routes
    const User *user = nullptr;

    QString param(const QString &name, const QString &fallback = QString()) const;
    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
};

/// One response: status, headers and body.
struct Response {
    int status = 200;
    QByteArray contentType = "application/json;charset=UTF-8";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    void addHeader(const QByteArray &name, const QByteArray &value) { headers.append({name, value}); }

    static Response json(const QJsonValue &value, int status = 200);
    static Response noContent() { return Response{204, QByteArray(), {}, QByteArray()}; }
    /// Jira's error body: {"errorMessages": [...], "errors": {...}}.
    static Response error(int status, const QStringList &messages, const QJsonObject &errors = {});
    static Response fieldErrors(const QJsonObject &errors) { return error(400, {}, errors); }
};

/// An id as Jira accepts it in request bodies: "10001" or 10001.
QString jsonId(const QJsonValue &value);

/// Parses the request body as a JSON object; on failure, sets response to Jira's 400.
bool parseJsonObject(const Request &request, QJsonObject *object, Response *response);

using Handler = std::function<Response(Request &)>;

/// Maps method and path to a handler. Patterns are regular expressions on the path whose
/// capture groups become Request::args; `{v}` stands for the REST API version.
class Router {
public:
    struct Route {
        QString method;
        QString pattern; ///< as registered, for statistics: "/rest/api/{v}/issue/{key}"
        QRegularExpression re;
        Handler handler;
        bool anonymous = false;
    };
    enum class Match { Found, NoRoute, WrongMethod };

    /// pattern uses {v} for the API version and {name} for a path segment.
    void add(const QString &method, const QString &pattern, Handler handler, bool anonymous = false);
    Match find(const QString &method, const QString &path, const Route **route, QStringList *args,
               int *apiVersion) const;
    void setApiVersions(const QStringList &versions) { m_versions = versions; }

private:
    QList<Route> m_routes;
    QStringList m_versions{QStringLiteral("2")};
};

} // namespace ferry::sandbox
