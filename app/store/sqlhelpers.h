#pragma once

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

/// What the store's repositories share: how times and JSON are written, how sides are named,
/// how a prepared statement runs.
namespace ferry::sql {

/// The time stamps the store writes: UTC, ISO 8601 with milliseconds.
inline QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

inline QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

inline bool validSide(const QString &side, QString *error)
{
    if (side == QStringLiteral("a") || side == QStringLiteral("b"))
        return true;
    *error = QStringLiteral("a side is 'a' or 'b', not '%1'").arg(side);
    return false;
}

/// Runs a prepared statement with its values bound in order; the error text on failure.
inline bool run(QSqlQuery &query, const QVariantList &values, QString *error)
{
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (query.exec())
        return true;
    *error = query.lastError().text();
    return false;
}

} // namespace ferry::sql
