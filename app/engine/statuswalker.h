#pragma once

#include "engine/workflowmap.h"

#include <QObject>

namespace ferry {

class JiraClient;

/// Moves one issue to a status through the transitions its workflow offers, the shortest path
/// the WorkflowMap knows. Where the map knows no path yet, the walker asks Jira what the
/// current status offers and, if that is not enough, explores: it moves the issue on to the
/// nearest status whose transitions are unknown, and learns there; when the status proves
/// unreachable, the issue goes back to where it was. Each status reached is reported by
/// moved() as it happens, so the caller can record it before the next move.
class StatusWalker : public QObject {
    Q_OBJECT
public:
    StatusWalker(JiraClient &client, WorkflowMap &workflows, QObject *parent = nullptr);

    /// Starts a walk; finished() reports it. from is the issue's status now.
    void walk(const QString &issueKey, const QString &issueType, const QString &from, const QString &to);

    /// Transitions a walk may make before it gives up.
    static constexpr int maxMoves = 12;

Q_SIGNALS:
    /// The issue is now in status (a step of the walk, the last one included).
    void moved(const QString &status);
    /// error is empty when the issue reached the status.
    void finished(const QString &error);

private:
    void next();
    void fetchTransitions();
    void move(const WorkflowMap::Step &step);
    void finish(const QString &error);

    JiraClient &m_client;
    WorkflowMap &m_workflows;
    QString m_key;
    QString m_type;
    QString m_current;
    QString m_start;
    QString m_goal;
    QString m_failure; ///< set when the goal proved unreachable and the walk goes back to the start
    QStringList m_asked; ///< statuses whose transitions Jira told this walk
    int m_moves = 0;
};

} // namespace ferry
