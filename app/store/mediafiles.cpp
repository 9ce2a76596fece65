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

std::optional<QHash<QString, QString>> MediaFiles::known(Side side, const QStringList &attachmentIds, QString *error)
{
    QHash<QString, QString> found;
    QSqlQuery query(m_store.database());
    query.prepare(
        QStringLiteral("SELECT media_id FROM media_files WHERE pair_id = ? AND side = ? AND attachment_id = ?"));
    for (const QString &id : attachmentIds) {
        if (!run(query, {m_pairId, sideName(side), id}, error))
            return std::nullopt;
        if (query.next())
            found.insert(id, query.value(0).toString());
    }
    return found;
}

bool MediaFiles::remember(Side side, const QString &attachmentId, const QString &mediaId, QString *error)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO media_files (pair_id, side, attachment_id, media_id) VALUES (?, ?, ?, ?)"));
    return run(query, {m_pairId, sideName(side), attachmentId, mediaId}, error);
}

} // namespace ferry
