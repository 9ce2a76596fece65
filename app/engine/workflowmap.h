#pragma once

#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace ferry {

/// What Ferry knows of one site's workflows: for an issue type and a status, the transitions
/// Jira offers from it. Jira has no workflow graph an ordinary user may read, so the map learns
/// from what Jira answers: the transitions each polled issue offers, and those offered during
/// a walk. From it the engine plans the shortest transition path to a status.
class WorkflowMap {
public:
    struct Step {
        QString id; ///< transition id
        QString name;
        QString to; ///< status id
    };

    /// Called with what the map learns (transitions) or forgets (an empty array), to keep it.
    using Keeper = std::function<void(const QString &issueType, const QString &fromStatus, const QJsonArray &)>;
    void setKeeper(Keeper keeper) { m_keeper = std::move(keeper); }

    /// Records the transitions ("transitions" as Jira answers them) offered from a status.
    void learn(const QString &issueType, const QString &fromStatus, const QJsonArray &transitions);
    /// Forgets what a status offers (Jira refused a transition the map knew).
    void forget(const QString &issueType, const QString &fromStatus);
    bool knows(const QString &issueType, const QString &status) const;

    /// The shortest known path; an empty list when from is to; nullopt when none is known.
    std::optional<QList<Step>> path(const QString &issueType, const QString &from, const QString &to) const;
    /// The shortest known path from a status to the nearest status whose transitions are not
    /// known yet (from itself when it is one); nullopt when every reachable status is known.
    std::optional<QList<Step>> pathToUnknown(const QString &issueType, const QString &from) const;
    /// The statuses known to be reachable from a status, for telling an admin why a path fails.
    QStringList reachable(const QString &issueType, const QString &from) const;
    /// A status's name as Jira gave it in a transition, else its id.
    QString statusName(const QString &id) const { return m_statusNames.value(id, id); }

private:
    using Graph = QHash<QString, QList<Step>>; ///< status → transitions from it
    /// Breadth-first search from a status until done(status) holds; the path there.
    template <typename Done>
    std::optional<QList<Step>> search(const Graph &graph, const QString &from, Done done) const;

    QHash<QString, Graph> m_graphs; ///< by issue type
    QHash<QString, QString> m_statusNames;
    QHash<QString, QByteArray> m_kept; ///< "type/status" → what the keeper was last given
    Keeper m_keeper;
};

} // namespace ferry
