#pragma once

#include <QJsonArray>
#include <QList>
#include <QString>

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
    bool keep(Side side, const QString &issueType, const QString &fromStatus, const QJsonArray &transitions,
              QString *error);
    std::optional<QList<Entry>> load(Side side, QString *error);

private:
    StateStore &m_store;
    qint64 m_pairId;
};

} // namespace ferry
