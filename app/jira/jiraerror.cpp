#include "jira/jiraerror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ferry {

void JiraError::readBody(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    for (const QJsonValue &message : o.value(QStringLiteral("errorMessages")).toArray())
        errorMessages << message.toString();
    const QJsonObject errors = o.value(QStringLiteral("errors")).toObject();
    for (auto it = errors.begin(); it != errors.end(); ++it)
        fieldErrors.insert(it.key(), it.value().toString());
    if (errorMessages.isEmpty() && fieldErrors.isEmpty() && o.contains(QStringLiteral("message")))
        errorMessages << o.value(QStringLiteral("message")).toString();
}

QString JiraError::sentence() const
{
    QStringList parts;
    parts << errorMessages;
    for (auto it = fieldErrors.begin(); it != fieldErrors.end(); ++it) {
        // Jira's field messages often name the field already; say which one when they do not.
        parts << (it.value().contains(it.key()) ? it.value() : QStringLiteral("%1: %2").arg(it.key(), it.value()));
    }
    if (!detail.isEmpty())
        parts << detail;
    const QString text = parts.join(u' ');
    switch (kind) {
    case Kind::None:
        return QString();
    case Kind::Http:
    case Kind::RateLimited:
        return QStringLiteral("HTTP %1: %2")
            .arg(httpStatus)
            .arg(text.isEmpty() ? QStringLiteral("no details given") : text);
    default:
        return text;
    }
}

} // namespace ferry
