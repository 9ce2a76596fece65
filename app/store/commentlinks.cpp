#include "store/commentlinks.h"

#include "store/sqlhelpers.h"
#include "store/statestore.h"

namespace ferry {

using namespace ferry::sql;

CommentLinks::CommentLinks(StateStore &store, qint64 pairId)
    : m_store(store)
    , m_pairId(pairId)
{
}

std::optional<bool> CommentLinks::known(const QString &side, const QString &commentId, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT 1 FROM comment_links WHERE pair_id = ? AND side = ? AND comment_id = ?"));
    if (!validSide(side, error) || !run(query, {m_pairId, side, commentId}, error))
        return std::nullopt;
    return query.next();
}

std::optional<QString> CommentLinks::partner(const QString &side, const QString &commentId, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(
        QStringLiteral("SELECT partner_id FROM comment_links WHERE pair_id = ? AND side = ? AND comment_id = ?"));
    if (!validSide(side, error) || !run(query, {m_pairId, side, commentId}, error))
        return std::nullopt;
    return query.next() ? query.value(0).toString() : QString();
}

bool CommentLinks::markSent(QSqlDatabase &db, const QString &side, const QString &commentId, QString *error)
{
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral("INSERT OR IGNORE INTO comment_links (pair_id, side, comment_id, updated) VALUES (?, ?, ?, ?)"));
    return validSide(side, error) && run(query, {m_pairId, side, commentId, now()}, error);
}

bool CommentLinks::link(QSqlDatabase &db, const QString &side, const QString &commentId, const QString &copyId,
                        QString *error)
{
    if (!validSide(side, error))
        return false;
    const QString other = side == QStringLiteral("a") ? QStringLiteral("b") : QStringLiteral("a");
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO comment_links (pair_id, side, comment_id, partner_id, "
                                 "updated) VALUES (?, ?, ?, ?, ?)"));
    return run(query, {m_pairId, side, commentId, copyId, now()}, error)
        && run(query, {m_pairId, other, copyId, commentId, now()}, error);
}

} // namespace ferry
