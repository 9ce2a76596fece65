#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include "core/result.h"
#include "core/side.h"

#include <optional>

namespace ferry {

class StateStore;

/// The ids Cloud's media service gives a pair's attached files. ADF refers to an attached
/// image by that id, and Jira's REST API tells it only where an attachment's content redirects
/// to; an attachment's file never changes, so each is learned once.
class MediaFiles {
public:
    MediaFiles(StateStore &store, qint64 pairId);

    /// The media ids known of these attachments of a side, by attachment id; an empty id: the
    /// site named none.
    Result<QHash<QString, QString>> known(Side side, const QStringList &attachmentIds);
    Result<void> remember(Side side, const QString &attachmentId, const QString &mediaId);

private:
    StateStore &m_store;
    qint64 m_pairId;
};

} // namespace ferry
