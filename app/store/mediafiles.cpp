#include "store/mediafiles.h"

#include "store/sqlhelpers.h"
#include "store/statestore.h"

namespace ferry {

using namespace ferry::sql;

MediaFiles::MediaFiles(StateStore &store, qint64 pairId)
    : m_store(store)
    , m_pairId(pairId)
{
}

Result<QHash<QString, QString>> MediaFiles::known(Side side, const QStringList &attachmentIds)
{
    QHash<QString, QString> found;
    QSqlQuery query(m_store.database());
    query.prepare(
        QStringLiteral("SELECT media_id FROM media_files WHERE pair_id = ? AND side = ? AND attachment_id = ?"));
    for (const QString &id : attachmentIds) {
        if (auto ran = run(query, {m_pairId, sideName(side), id}); !ran)
            return ran.error();
        if (query.next())
            found.insert(id, query.value(0).toString());
    }
    return found;
}

Result<void> MediaFiles::remember(Side side, const QString &attachmentId, const QString &mediaId)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO media_files (pair_id, side, attachment_id, media_id) VALUES (?, ?, ?, ?)"));
    return run(query, {m_pairId, sideName(side), attachmentId, mediaId});
}

} // namespace ferry
