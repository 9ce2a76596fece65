#include "store/itemlinks.h"

#include "store/sqlhelpers.h"
#include "store/statestore.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace ferry {

using namespace ferry::sql;

ItemLinks::ItemLinks(StateStore &store, qint64 pairId, const QString &kind)
    : m_store(store)
    , m_pairId(pairId)
    , m_kind(kind)
{
}

QString ItemLinks::digestOf(const QJsonValue &content)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(QJsonArray{content}).toJson(QJsonDocument::Compact),
                                 QCryptographicHash::Sha256)
            .toHex());
}

Result<ItemLinks::Known> ItemLinks::find(Side side, const QString &itemId)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT partner_id, digest, copy, issue_id FROM item_links WHERE pair_id = ? AND "
                                 "kind = ? AND side = ? AND item_id = ?"));
    if (auto ran = run(query, {m_pairId, m_kind, sideName(side), itemId}); !ran)
        return ran.error();
    if (!query.next())
        return Known{};
    return Known{true, query.value(0).toString(), query.value(1).toString(), query.value(2).toBool(),
                 query.value(3).toString()};
}

Result<QString> ItemLinks::copyOf(Side side, const QString &originalId)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT item_id FROM item_links WHERE pair_id = ? AND kind = ? AND side = ? AND "
                                 "partner_id = ? AND copy = 1"));
    if (auto ran = run(query, {m_pairId, m_kind, sideName(side), originalId}); !ran)
        return ran.error();
    return query.next() ? query.value(0).toString() : QString();
}

Result<QString> ItemLinks::partnerOn(Side side, const QString &otherId)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT item_id FROM item_links WHERE pair_id = ? AND kind = ? AND side = ? AND partner_id = ?"));
    if (auto ran = run(query, {m_pairId, m_kind, sideName(side), otherId}); !ran)
        return ran.error();
    return query.next() ? query.value(0).toString() : QString();
}

Result<QList<QString>> ItemLinks::onIssue(Side side, const QString &issueId)
{
    QSqlQuery query(m_store.database());
    query.prepare(
        QStringLiteral("SELECT item_id FROM item_links WHERE pair_id = ? AND kind = ? AND side = ? AND issue_id = ?"));
    if (auto ran = run(query, {m_pairId, m_kind, sideName(side), issueId}); !ran)
        return ran.error();
    QList<QString> items;
    while (query.next())
        items << query.value(0).toString();
    return items;
}

Result<void> ItemLinks::noteSeen(QSqlDatabase &db, Side side, const QString &issueId, const QString &itemId,
                                 const QString &digest)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT INTO item_links (pair_id, kind, side, item_id, issue_id, digest, updated) VALUES (?, ?, ?, ?, ?, ?, "
        "?) ON CONFLICT (pair_id, kind, side, item_id) DO UPDATE SET issue_id = excluded.issue_id, digest = "
        "excluded.digest, updated = excluded.updated"));
    return run(query, {m_pairId, m_kind, sideName(side), itemId, issueId, digest, now()});
}

Result<void> ItemLinks::setDigest(QSqlDatabase &db, Side side, const QString &itemId, const QString &digest)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE item_links SET digest = ?, updated = ? WHERE pair_id = ? AND kind = ? AND "
                                 "side = ? AND item_id = ?"));
    return run(query, {digest, now(), m_pairId, m_kind, sideName(side), itemId});
}

Result<void> ItemLinks::link(QSqlDatabase &db, Side side, const QString &itemId, const QString &copyIssueId,
                             const QString &copyId, const QString &copyDigest)
{
    QSqlQuery original(db);
    original.prepare(QStringLiteral("UPDATE item_links SET partner_id = ?, updated = ? WHERE pair_id = ? AND kind = "
                                    "? AND side = ? AND item_id = ?"));
    QSqlQuery copy(db);
    copy.prepare(QStringLiteral("INSERT OR REPLACE INTO item_links (pair_id, kind, side, item_id, issue_id, "
                                "partner_id, digest, copy, updated) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)"));
    if (auto ran = run(original, {copyId, now(), m_pairId, m_kind, sideName(side), itemId}); !ran)
        return ran;
    return run(copy, {m_pairId, m_kind, sideName(otherSide(side)), copyId, copyIssueId, itemId, copyDigest, now()});
}

Result<void> ItemLinks::forget(QSqlDatabase &db, Side side, const QString &itemId)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM item_links WHERE pair_id = ? AND kind = ? AND side = ? AND item_id = ?"));
    return run(query, {m_pairId, m_kind, sideName(side), itemId});
}

} // namespace ferry
