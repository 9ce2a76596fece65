#include "store/linkrepository.h"

#include "store/statestore.h"

#include "store/sqlhelpers.h"

namespace ferry {

using namespace sql;

LinkRepository::LinkRepository(StateStore &store, qint64 pairId)
    : m_store(store)
    , m_pairId(pairId)
{
}

namespace {

// How a link's state is stored.
constexpr std::pair<LinkState, QStringView> linkStateNames[] = {{LinkState::Linked, u"linked"},
                                                                {LinkState::MissingA, u"missing-a"},
                                                                {LinkState::MissingB, u"missing-b"},
                                                                {LinkState::Ignored, u"ignored"}};

/// A stored state; one this Ferry does not know keeps the link aside, as ignored.
LinkState linkStateNamed(const QString &name)
{
    for (const auto &[value, text] : linkStateNames) {
        if (text == name)
            return value;
    }
    return LinkState::Ignored;
}

/// A link from a row of a_id, a_key, b_id, b_key, state.
LinkRepository::Link linkOf(const QSqlQuery &query)
{
    return {query.value(0).toString(), query.value(1).toString(), query.value(2).toString(), query.value(3).toString(),
            linkStateNamed(query.value(4).toString())};
}

} // namespace

QString linkStateName(LinkState state)
{
    return linkStateNames[int(state)].second.toString(); // in the enum's order
}

bool LinkRepository::link(QSqlDatabase &db, const Link &link, const QJsonObject &base, QString *error)
{
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral("INSERT INTO links (pair_id, a_id, a_key, b_id, b_key, created) VALUES (?, ?, ?, ?, ?, ?)"));
    if (!run(query, {m_pairId, link.aId, link.aKey, link.bId, link.bKey, now()}, error)) {
        if (error->contains(QStringLiteral("UNIQUE")))
            *error = QStringLiteral("%1 or %2 is linked to another issue already").arg(link.aKey, link.bKey);
        return false;
    }
    return setBase(db, link.aId, base, error);
}

bool LinkRepository::find(Side side, const QString &issueId, std::optional<Link> *found, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(
        side == Side::A
            ? QStringLiteral("SELECT a_id, a_key, b_id, b_key, state FROM links WHERE pair_id = ? AND a_id = ?")
            : QStringLiteral("SELECT a_id, a_key, b_id, b_key, state FROM links WHERE pair_id = ? AND b_id = ?"));
    if (!run(query, {m_pairId, issueId}, error))
        return false;
    found->reset();
    if (query.next())
        *found = linkOf(query);
    return true;
}

std::optional<LinkRepository::Located> LinkRepository::locate(const QString &key, QString *error)
{
    error->clear();
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT a_id, a_key, b_id, b_key, state FROM links WHERE pair_id = ? AND (a_key = ? "
                                 "OR b_key = ?)"));
    if (!run(query, {m_pairId, key, key}, error))
        return std::nullopt;
    if (query.next()) {
        const Link link = linkOf(query);
        const bool onA = link.aKey == key;
        const Side side = onA ? Side::A : Side::B;
        return Located{side, link.idOn(side), link};
    }
    QSqlQuery seen(m_store.database());
    seen.prepare(QStringLiteral("SELECT side, issue_id FROM observed WHERE pair_id = ? AND issue_key = ?"));
    if (!run(seen, {m_pairId, key}, error) || !seen.next())
        return std::nullopt;
    return Located{sideOf(seen.value(0)), seen.value(1).toString(), std::nullopt};
}

bool LinkRepository::rekey(QSqlDatabase &db, Side side, const QString &issueId, const QString &key, QString *error)
{
    QSqlQuery query(db);
    query.prepare(side == Side::A ? QStringLiteral("UPDATE links SET a_key = ? WHERE pair_id = ? AND a_id = ?")
                                  : QStringLiteral("UPDATE links SET b_key = ? WHERE pair_id = ? AND b_id = ?"));
    if (!run(query, {key, m_pairId, issueId}, error))
        return false;
    if (query.numRowsAffected() == 1)
        return true;
    *error = QStringLiteral("issue %1 on side %2 is not linked").arg(issueId, sideLetter(side));
    return false;
}

bool LinkRepository::setState(QSqlDatabase &db, const QString &aId, LinkState state, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE links SET state = ? WHERE pair_id = ? AND a_id = ?"));
    return run(query, {linkStateName(state), m_pairId, aId}, error);
}

bool LinkRepository::unlink(QSqlDatabase &db, const QString &aId, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM links WHERE pair_id = ? AND a_id = ?"));
    return run(query, {m_pairId, aId}, error);
}

std::optional<int> LinkRepository::count(QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM links WHERE pair_id = ?"));
    if (!run(query, {m_pairId}, error) || !query.next())
        return std::nullopt;
    return query.value(0).toInt();
}

std::optional<QList<LinkRepository::Link>> LinkRepository::linksWhere(const QString &condition, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT a_id, a_key, b_id, b_key, state FROM links WHERE pair_id = ? AND %1 ORDER "
                                 "BY a_key")
                      .arg(condition));
    if (!run(query, {m_pairId}, error))
        return std::nullopt;
    QList<Link> links;
    while (query.next())
        links << linkOf(query);
    return links;
}

std::optional<QList<LinkRepository::Link>> LinkRepository::all(QString *error)
{
    return linksWhere(QStringLiteral("1"), error);
}

std::optional<QList<LinkRepository::Link>> LinkRepository::setAside(QString *error)
{
    return linksWhere(QStringLiteral("state <> 'linked'"), error);
}

bool LinkRepository::request(QSqlDatabase &db, Side side, const QString &issueKey, const QString &what, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO issue_requests (pair_id, side, issue_key, request, requested) "
                                 "VALUES (?, ?, ?, ?, ?)"));
    return run(query, {m_pairId, sideName(side), issueKey, what, now()}, error);
}

std::optional<QHash<QString, QString>> LinkRepository::requested(Side side, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT issue_key, request FROM issue_requests WHERE pair_id = ? AND side = ?"));
    if (!run(query, {m_pairId, sideName(side)}, error))
        return std::nullopt;
    QHash<QString, QString> requests;
    while (query.next())
        requests.insert(query.value(0).toString(), query.value(1).toString());
    return requests;
}

bool LinkRepository::clearRequest(QSqlDatabase &db, Side side, const QString &issueKey, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM issue_requests WHERE pair_id = ? AND side = ? AND issue_key = ?"));
    return run(query, {m_pairId, sideName(side), issueKey}, error);
}

bool LinkRepository::forgetIssue(QSqlDatabase &db, Side side, const QString &issueId, QString *error)
{
    QSqlQuery link(db);
    link.prepare(side == Side::A ? QStringLiteral("DELETE FROM links WHERE pair_id = ? AND a_id = ?")
                                 : QStringLiteral("DELETE FROM links WHERE pair_id = ? AND b_id = ?"));
    QSqlQuery observed(db);
    observed.prepare(QStringLiteral("DELETE FROM observed WHERE pair_id = ? AND side = ? AND issue_id = ?"));
    QSqlQuery items(db);
    items.prepare(QStringLiteral("DELETE FROM item_links WHERE pair_id = ? AND side = ? AND issue_id = ?"));
    return run(link, {m_pairId, issueId}, error) && run(observed, {m_pairId, sideName(side), issueId}, error)
        && run(items, {m_pairId, sideName(side), issueId}, error);
}

std::optional<QJsonObject> LinkRepository::base(const QString &aId, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT snapshot FROM bases WHERE pair_id = ? AND a_id = ?"));
    if (!run(query, {m_pairId, aId}, error))
        return std::nullopt;
    if (!query.next()) {
        *error = QStringLiteral("issue %1 has no base: it is not linked").arg(aId);
        return std::nullopt;
    }
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(query.value(0).toByteArray(), &parse);
    if (!document.isObject()) {
        *error = QStringLiteral("the base of issue %1 is damaged (%2)").arg(aId, parse.errorString());
        return std::nullopt;
    }
    return document.object();
}

bool LinkRepository::setBase(QSqlDatabase &db, const QString &aId, const QJsonObject &base, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO bases (pair_id, a_id, snapshot, updated) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (pair_id, a_id) DO UPDATE SET snapshot = excluded.snapshot, "
                                 "updated = excluded.updated"));
    if (run(query, {m_pairId, aId, compactJson(base), now()}, error))
        return true;
    if (error->contains(QStringLiteral("FOREIGN KEY")))
        *error = QStringLiteral("issue %1 is not linked, so it cannot have a base").arg(aId);
    return false;
}

std::optional<QString> LinkRepository::checkpoint(Side side, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT value FROM checkpoints WHERE pair_id = ? AND side = ?"));
    if (!run(query, {m_pairId, sideName(side)}, error))
        return std::nullopt;
    return query.next() ? query.value(0).toString() : QString();
}

std::optional<LinkRepository::PollPosition> LinkRepository::pollPosition(Side side, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT value, updated, settled FROM checkpoints WHERE pair_id = ? AND side = ?"));
    if (!run(query, {m_pairId, sideName(side)}, error))
        return std::nullopt;
    if (!query.next())
        return PollPosition{};
    return PollPosition{query.value(0).toString(), QDateTime::fromString(query.value(1).toString(), Qt::ISODateWithMs),
                        query.value(2).toBool()};
}

bool LinkRepository::setCheckpoint(QSqlDatabase &db, Side side, const QString &value, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO checkpoints (pair_id, side, value, updated) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (pair_id, side) DO UPDATE SET value = excluded.value, "
                                 "updated = excluded.updated, settled = 0 WHERE value <> excluded.value"));
    return run(query, {m_pairId, sideName(side), value, now()}, error);
}

bool LinkRepository::settleCheckpoint(QSqlDatabase &db, Side side, const QString &value, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE checkpoints SET settled = 1 WHERE pair_id = ? AND side = ? AND value = ?"));
    return run(query, {m_pairId, sideName(side), value}, error);
}

std::optional<QJsonObject> LinkRepository::observed(Side side, const QString &issueId, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT snapshot FROM observed WHERE pair_id = ? AND side = ? AND issue_id = ?"));
    if (!run(query, {m_pairId, sideName(side), issueId}, error))
        return std::nullopt;
    if (!query.next())
        return QJsonObject();
    return QJsonDocument::fromJson(query.value(0).toByteArray()).object();
}

bool LinkRepository::setObserved(QSqlDatabase &db, Side side, const QString &issueId, const QString &issueKey,
                                 const QJsonObject &snapshot, QString *error)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO observed (pair_id, side, issue_id, issue_key, snapshot, updated) "
                                 "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (pair_id, side, issue_id) DO UPDATE SET "
                                 "issue_key = excluded.issue_key, snapshot = excluded.snapshot, "
                                 "updated = excluded.updated"));
    return run(query, {m_pairId, sideName(side), issueId, issueKey, compactJson(snapshot), now()}, error);
}

} // namespace ferry
