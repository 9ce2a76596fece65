#pragma once

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

#include "core/side.h"

/// What the store's repositories share: how times and JSON are written, how a prepared statement runs.
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

/// A side read from a column; the schema's CHECK holds every side column to 'a' or 'b'.
inline Side sideOf(const QVariant &column)
{
    return sideNamed(column.toString()).value_or(Side::A);
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
