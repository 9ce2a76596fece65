#include "store/issueerrors.h"

#include "store/sqlhelpers.h"
#include "store/statestore.h"

#include <algorithm>

namespace ferry {

using namespace sql;

IssueErrors::IssueErrors(StateStore &store, qint64 pairId)
    : m_store(store)
    , m_pairId(pairId)
{
}

qint64 IssueErrors::backoffMs(int attempts)
{
    constexpr qint64 first = 30'000;
    constexpr qint64 longest = 3'600'000;
    return std::min(longest, first << std::clamp(attempts - 1, 0, 20));
}

Result<void> IssueErrors::park(Side side, const QString &issueId, const QString &issueKey, const QString &why)
{
    return m_store.transaction([&](QSqlDatabase &db) -> Result<void> {
        QSqlQuery read(db);
        read.prepare(
            QStringLiteral("SELECT attempts FROM issue_errors WHERE pair_id = ? AND side = ? AND issue_id = ?"));
        if (auto ran = run(read, {m_pairId, sideName(side), issueId}); !ran)
            return ran.error();
        const int attempts = read.next() ? read.value(0).toInt() + 1 : 1;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString next = now.addMSecs(backoffMs(attempts)).toString(Qt::ISODateWithMs);
        QSqlQuery write(db);
        write.prepare(QStringLiteral(
            "INSERT INTO issue_errors (pair_id, side, issue_id, issue_key, error, attempts, next_attempt, "
            "first_failed) VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (pair_id, side, issue_id) DO UPDATE SET "
            "issue_key = excluded.issue_key, error = excluded.error, attempts = attempts + 1, "
            "next_attempt = excluded.next_attempt"));
        return run(write, {m_pairId, sideName(side), issueId, issueKey, why, next, now.toString(Qt::ISODateWithMs)});
    });
}

Result<void> IssueErrors::clear(QSqlDatabase &db, Side side, const QString &issueId)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM issue_errors WHERE pair_id = ? AND side = ? AND issue_id = ?"));
    return run(query, {m_pairId, sideName(side), issueId});
}

Result<QList<IssueErrors::Parked>> IssueErrors::waiting(const QDateTime &now)
{
    return select(QStringLiteral("AND next_attempt > ?"), {now.toUTC().toString(Qt::ISODateWithMs)});
}

Result<QList<IssueErrors::Parked>> IssueErrors::all()
{
    return select(QString(), {});
}

Result<void> IssueErrors::retryNow()
{
    return m_store.transaction([&](QSqlDatabase &db) {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("UPDATE issue_errors SET next_attempt = ? WHERE pair_id = ?"));
        return run(query, {now(), m_pairId});
    });
}

Result<QList<IssueErrors::Parked>> IssueErrors::select(const QString &condition, const QVariantList &values)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT side, issue_id, issue_key, error, attempts, first_failed, next_attempt "
                                 "FROM issue_errors WHERE pair_id = ? %1 ORDER BY first_failed")
                      .arg(condition));
    if (auto ran = run(query, QVariantList{m_pairId} + values); !ran)
        return ran.error();
    QList<Parked> out;
    while (query.next())
        out << Parked{sideOf(query.value(0)),
                      query.value(1).toString(),
                      query.value(2).toString(),
                      query.value(3).toString(),
                      query.value(4).toInt(),
                      QDateTime::fromString(query.value(5).toString(), Qt::ISODateWithMs),
                      QDateTime::fromString(query.value(6).toString(), Qt::ISODateWithMs)};
    return out;
}

} // namespace ferry
