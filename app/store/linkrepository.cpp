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

Result<void> LinkRepository::link(QSqlDatabase &db, const Link &link, const QJsonObject &base)
{
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral("INSERT INTO links (pair_id, a_id, a_key, b_id, b_key, created) VALUES (?, ?, ?, ?, ?, ?)"));
    if (auto ran = run(query, {m_pairId, link.aId, link.aKey, link.bId, link.bKey, now()}); !ran)
        return explained(ran.error(), u"UNIQUE",
                         QStringLiteral("%1 or %2 is linked to another issue already").arg(link.aKey, link.bKey));
    return setBase(db, link.aId, base);
}

Result<std::optional<LinkRepository::Link>> LinkRepository::find(Side side, const QString &issueId)
{
    QSqlQuery query(m_store.database());
    query.prepare(
        side == Side::A
            ? QStringLiteral("SELECT a_id, a_key, b_id, b_key, state FROM links WHERE pair_id = ? AND a_id = ?")
            : QStringLiteral("SELECT a_id, a_key, b_id, b_key, state FROM links WHERE pair_id = ? AND b_id = ?"));
    if (auto ran = run(query, {m_pairId, issueId}); !ran)
        return ran.error();
    if (!query.next())
        return std::optional<Link>();
    return std::optional(linkOf(query));
}

Result<std::optional<LinkRepository::Located>> LinkRepository::locate(const QString &key)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT a_id, a_key, b_id, b_key, state FROM links WHERE pair_id = ? AND (a_key = ? "
                                 "OR b_key = ?)"));
    if (auto ran = run(query, {m_pairId, key, key}); !ran)
        return ran.error();
    if (query.next()) {
        const Link link = linkOf(query);
        const bool onA = link.aKey == key;
        const Side side = onA ? Side::A : Side::B;
        return std::optional(Located{side, link.idOn(side), link});
    }
    QSqlQuery seen(m_store.database());
    seen.prepare(QStringLiteral("SELECT side, issue_id FROM observed WHERE pair_id = ? AND issue_key = ?"));
    if (auto ran = run(seen, {m_pairId, key}); !ran)
        return ran.error();
    if (!seen.next())
        return std::optional<Located>();
    return std::optional(Located{sideOf(seen.value(0)), seen.value(1).toString(), std::nullopt});
}

Result<void> LinkRepository::rekey(QSqlDatabase &db, Side side, const QString &issueId, const QString &key)
{
    QSqlQuery query(db);
    query.prepare(side == Side::A ? QStringLiteral("UPDATE links SET a_key = ? WHERE pair_id = ? AND a_id = ?")
                                  : QStringLiteral("UPDATE links SET b_key = ? WHERE pair_id = ? AND b_id = ?"));
    if (auto ran = run(query, {key, m_pairId, issueId}); !ran)
        return ran.error();
    if (query.numRowsAffected() == 1)
        return {};
    return Error(QStringLiteral("issue %1 on side %2 is not linked").arg(issueId, sideLetter(side)));
}

Result<void> LinkRepository::setState(QSqlDatabase &db, const QString &aId, LinkState state)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE links SET state = ? WHERE pair_id = ? AND a_id = ?"));
    return run(query, {linkStateName(state), m_pairId, aId});
}

Result<void> LinkRepository::unlink(QSqlDatabase &db, const QString &aId)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM links WHERE pair_id = ? AND a_id = ?"));
    return run(query, {m_pairId, aId});
}

Result<int> LinkRepository::count()
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM links WHERE pair_id = ?"));
    if (auto ran = runOne(query, {m_pairId}); !ran)
        return ran.error();
    return query.value(0).toInt();
}

Result<QList<LinkRepository::Link>> LinkRepository::linksWhere(const QString &condition)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT a_id, a_key, b_id, b_key, state FROM links WHERE pair_id = ? AND %1 ORDER "
                                 "BY a_key")
                      .arg(condition));
    if (auto ran = run(query, {m_pairId}); !ran)
        return ran.error();
    QList<Link> links;
    while (query.next())
        links << linkOf(query);
    return links;
}

Result<QList<LinkRepository::Link>> LinkRepository::all()
{
    return linksWhere(QStringLiteral("1"));
}

Result<QList<LinkRepository::Link>> LinkRepository::setAside()
{
    return linksWhere(QStringLiteral("state <> 'linked'"));
}

Result<void> LinkRepository::request(QSqlDatabase &db, Side side, const QString &issueKey, const QString &what)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO issue_requests (pair_id, side, issue_key, request, requested) "
                                 "VALUES (?, ?, ?, ?, ?)"));
    return run(query, {m_pairId, sideName(side), issueKey, what, now()});
}

Result<QHash<QString, QString>> LinkRepository::requested(Side side)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT issue_key, request FROM issue_requests WHERE pair_id = ? AND side = ?"));
    if (auto ran = run(query, {m_pairId, sideName(side)}); !ran)
        return ran.error();
    QHash<QString, QString> requests;
    while (query.next())
        requests.insert(query.value(0).toString(), query.value(1).toString());
    return requests;
}

Result<void> LinkRepository::clearRequest(QSqlDatabase &db, Side side, const QString &issueKey)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM issue_requests WHERE pair_id = ? AND side = ? AND issue_key = ?"));
    return run(query, {m_pairId, sideName(side), issueKey});
}

Result<void> LinkRepository::forgetIssue(QSqlDatabase &db, Side side, const QString &issueId)
{
    QSqlQuery link(db);
    link.prepare(side == Side::A ? QStringLiteral("DELETE FROM links WHERE pair_id = ? AND a_id = ?")
                                 : QStringLiteral("DELETE FROM links WHERE pair_id = ? AND b_id = ?"));
    QSqlQuery observed(db);
    observed.prepare(QStringLiteral("DELETE FROM observed WHERE pair_id = ? AND side = ? AND issue_id = ?"));
    QSqlQuery items(db);
    items.prepare(QStringLiteral("DELETE FROM item_links WHERE pair_id = ? AND side = ? AND issue_id = ?"));
    if (auto ran = run(link, {m_pairId, issueId}); !ran)
        return ran;
    if (auto ran = run(observed, {m_pairId, sideName(side), issueId}); !ran)
        return ran;
    return run(items, {m_pairId, sideName(side), issueId});
}

Result<QJsonObject> LinkRepository::base(const QString &aId)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT snapshot FROM bases WHERE pair_id = ? AND a_id = ?"));
    if (auto ran = run(query, {m_pairId, aId}); !ran)
        return ran.error();
    if (!query.next())
        return Error(QStringLiteral("issue %1 has no base: it is not linked").arg(aId));
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(query.value(0).toByteArray(), &parse);
    if (!document.isObject())
        return Error(QStringLiteral("the base of issue %1 is damaged (%2)").arg(aId, parse.errorString()));
    return document.object();
}

Result<void> LinkRepository::setBase(QSqlDatabase &db, const QString &aId, const QJsonObject &base)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO bases (pair_id, a_id, snapshot, updated) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (pair_id, a_id) DO UPDATE SET snapshot = excluded.snapshot, "
                                 "updated = excluded.updated"));
    if (auto ran = run(query, {m_pairId, aId, compactJson(base), now()}); !ran)
        return explained(ran.error(), u"FOREIGN KEY",
                         QStringLiteral("issue %1 is not linked, so it cannot have a base").arg(aId));
    return {};
}

Result<QString> LinkRepository::checkpoint(Side side)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT value FROM checkpoints WHERE pair_id = ? AND side = ?"));
    if (auto ran = run(query, {m_pairId, sideName(side)}); !ran)
        return ran.error();
    return query.next() ? query.value(0).toString() : QString();
}

Result<LinkRepository::PollPosition> LinkRepository::pollPosition(Side side)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT value, updated, settled FROM checkpoints WHERE pair_id = ? AND side = ?"));
    if (auto ran = run(query, {m_pairId, sideName(side)}); !ran)
        return ran.error();
    if (!query.next())
        return PollPosition{};
    return PollPosition{query.value(0).toString(), QDateTime::fromString(query.value(1).toString(), Qt::ISODateWithMs),
                        query.value(2).toBool()};
}

Result<void> LinkRepository::setCheckpoint(QSqlDatabase &db, Side side, const QString &value)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO checkpoints (pair_id, side, value, updated) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (pair_id, side) DO UPDATE SET value = excluded.value, "
                                 "updated = excluded.updated, settled = 0 WHERE value <> excluded.value"));
    return run(query, {m_pairId, sideName(side), value, now()});
}

Result<void> LinkRepository::settleCheckpoint(QSqlDatabase &db, Side side, const QString &value)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE checkpoints SET settled = 1 WHERE pair_id = ? AND side = ? AND value = ?"));
    return run(query, {m_pairId, sideName(side), value});
}

Result<QJsonObject> LinkRepository::observed(Side side, const QString &issueId)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT snapshot FROM observed WHERE pair_id = ? AND side = ? AND issue_id = ?"));
    if (auto ran = run(query, {m_pairId, sideName(side), issueId}); !ran)
        return ran.error();
    if (!query.next())
        return QJsonObject();
    return QJsonDocument::fromJson(query.value(0).toByteArray()).object();
}

Result<void> LinkRepository::setObserved(QSqlDatabase &db, Side side, const QString &issueId, const QString &issueKey,
                                         const QJsonObject &snapshot)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO observed (pair_id, side, issue_id, issue_key, snapshot, updated) "
                                 "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (pair_id, side, issue_id) DO UPDATE SET "
                                 "issue_key = excluded.issue_key, snapshot = excluded.snapshot, "
                                 "updated = excluded.updated"));
    return run(query, {m_pairId, sideName(side), issueId, issueKey, compactJson(snapshot), now()});
}

} // namespace ferry
