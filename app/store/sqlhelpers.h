#pragma once

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

#include "core/result.h"
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

/// Runs a prepared statement with its values bound in order; the database's error text on failure.
inline Result<void> run(QSqlQuery &query, const QVariantList &values)
{
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (query.exec())
        return {};
    return Error(query.lastError().text());
}

/// Runs a statement that yields a row (a count, a maximum) and moves onto that row.
inline Result<void> runOne(QSqlQuery &query, const QVariantList &values)
{
    if (auto ran = run(query, values); !ran)
        return ran;
    if (!query.next())
        return Error(QStringLiteral("the state database returned no row for: %1").arg(query.lastQuery().left(80)));
    return {};
}

/// A statement's failure in the admin's terms when the database names a constraint ("UNIQUE",
/// "FOREIGN KEY"); any other failure as the database said it.
inline Error explained(const Error &error, QStringView constraint, const QString &sentence)
{
    return error.message().contains(constraint) ? Error(sentence) : error;
}

} // namespace ferry::sql
