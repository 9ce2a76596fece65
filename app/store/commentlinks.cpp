#include "store/commentlinks.h"

#include "store/sqlhelpers.h"
#include "store/statestore.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace ferry {

using namespace ferry::sql;

CommentLinks::CommentLinks(StateStore &store, qint64 pairId)
    : m_store(store)
    , m_pairId(pairId)
{
}

QString CommentLinks::digestOf(const QJsonValue &body)
{
    return QString::fromLatin1(QCryptographicHash::hash(QJsonDocument(QJsonArray{body}).toJson(QJsonDocument::Compact),
                                                        QCryptographicHash::Sha256)
                                   .toHex());
}

std::optional<CommentLinks::Known> CommentLinks::find(const QString &side, const QString &commentId, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT partner_id, digest, copy FROM comment_links WHERE pair_id = ? AND side = ? "
                                 "AND comment_id = ?"));
    if (!validSide(side, error) || !run(query, {m_pairId, side, commentId}, error))
        return std::nullopt;
    if (!query.next())
        return Known{};
    return Known{true, query.value(0).toString(), query.value(1).toString(), query.value(2).toBool()};
}

bool CommentLinks::markSent(QSqlDatabase &db, const QString &side, const QString &commentId, const QString &digest,
                            QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT OR IGNORE INTO comment_links (pair_id, side, comment_id, digest, updated) "
                                 "VALUES (?, ?, ?, ?, ?)"));
    return validSide(side, error) && run(query, {m_pairId, side, commentId, digest, now()}, error);
}

bool CommentLinks::setDigest(QSqlDatabase &db, const QString &side, const QString &commentId, const QString &digest,
                             QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "UPDATE comment_links SET digest = ?, updated = ? WHERE pair_id = ? AND side = ? AND comment_id = ?"));
    return validSide(side, error) && run(query, {digest, now(), m_pairId, side, commentId}, error);
}

bool CommentLinks::link(QSqlDatabase &db, const QString &side, const QString &commentId, const QString &copyId,
                        const QString &copyDigest, QString *error)
{
    if (!validSide(side, error))
        return false;
    const QString other = side == QStringLiteral("a") ? QStringLiteral("b") : QStringLiteral("a");
    QSqlQuery original(db);
    original.prepare(QStringLiteral("UPDATE comment_links SET partner_id = ?, updated = ? WHERE pair_id = ? AND "
                                    "side = ? AND comment_id = ?"));
    QSqlQuery copy(db);
    copy.prepare(QStringLiteral("INSERT OR REPLACE INTO comment_links (pair_id, side, comment_id, partner_id, "
                                "digest, copy, updated) VALUES (?, ?, ?, ?, ?, 1, ?)"));
    return run(original, {copyId, now(), m_pairId, side, commentId}, error)
        && run(copy, {m_pairId, other, copyId, commentId, copyDigest, now()}, error);
}

} // namespace ferry
