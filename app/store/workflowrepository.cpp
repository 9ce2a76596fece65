#include "store/workflowrepository.h"

#include "store/sqlhelpers.h"
#include "store/statestore.h"

namespace ferry {

using namespace ferry::sql;

WorkflowRepository::WorkflowRepository(StateStore &store, qint64 pairId)
    : m_store(store)
    , m_pairId(pairId)
{
}

Result<void> WorkflowRepository::keep(Side side, const QString &issueType, const QString &fromStatus,
                                      const QJsonArray &transitions)
{
    return m_store.transaction([&](QSqlDatabase &db) {
        QSqlQuery query(db);
        if (transitions.isEmpty()) {
            query.prepare(QStringLiteral("DELETE FROM workflow_steps WHERE pair_id = ? AND side = ? AND "
                                         "issue_type = ? AND from_status = ?"));
            return run(query, {m_pairId, sideName(side), issueType, fromStatus});
        }
        query.prepare(QStringLiteral("INSERT OR REPLACE INTO workflow_steps (pair_id, side, issue_type, "
                                     "from_status, transitions, updated) VALUES (?, ?, ?, ?, ?, ?)"));
        return run(query,
                   {m_pairId, sideName(side), issueType, fromStatus,
                    QString::fromUtf8(QJsonDocument(transitions).toJson(QJsonDocument::Compact)), now()});
    });
}

Result<QList<WorkflowRepository::Entry>> WorkflowRepository::load(Side side)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT issue_type, from_status, transitions FROM workflow_steps WHERE pair_id = ? AND side = ?"));
    if (auto ran = run(query, {m_pairId, sideName(side)}); !ran)
        return ran.error();
    QList<Entry> entries;
    while (query.next())
        entries << Entry{query.value(0).toString(), query.value(1).toString(),
                         QJsonDocument::fromJson(query.value(2).toByteArray()).array()};
    return entries;
}

} // namespace ferry
