#pragma once

#include <QJsonArray>
#include <QList>
#include <QString>

#include "core/result.h"
#include "core/side.h"

#include <optional>

namespace ferry {

class StateStore;

/// What a pair's sides' workflows offer, as the engine learned it: per issue type and status,
/// the transitions Jira listed.
class WorkflowRepository {
public:
    struct Entry {
        QString issueType;
        QString fromStatus;
        QJsonArray transitions;
    };

    WorkflowRepository(StateStore &store, qint64 pairId);

    /// Keeps what a status offers; an empty list forgets it.
    Result<void> keep(Side side, const QString &issueType, const QString &fromStatus, const QJsonArray &transitions);
    Result<QList<Entry>> load(Side side);

private:
    StateStore &m_store;
    qint64 m_pairId;
};

} // namespace ferry
