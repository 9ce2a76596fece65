#include "engine/statuswalker.h"

#include "jira/jiraclient.h"

namespace ferry {

StatusWalker::StatusWalker(JiraClient &client, WorkflowMap &workflows, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_workflows(workflows)
{
}

void StatusWalker::walk(const QString &issueKey, const QString &issueType, const QString &from, const QString &to)
{
    m_key = issueKey;
    m_type = issueType;
    m_current = from;
    m_start = from;
    m_goal = to;
    m_failure.clear();
    m_asked.clear();
    m_moves = 0;
    next();
}

void StatusWalker::next()
{
    if (m_current == m_goal)
        return finish(m_failure);
    if (m_moves >= maxMoves)
        return finish(QStringLiteral("gave up after %1 transitions on the way from %2 to %3")
                          .arg(maxMoves)
                          .arg(m_workflows.statusName(m_current), m_workflows.statusName(m_goal)));
    if (const auto path = m_workflows.path(m_type, m_current, m_goal))
        return move(path->first());
    if (!m_workflows.knows(m_type, m_current))
        return fetchTransitions();
    if (const auto explore = m_workflows.pathToUnknown(m_type, m_current); explore && !explore->isEmpty())
        return move(explore->first());
    const QString failure
        = QStringLiteral("the workflow offers no way from %1 to %2 (reachable: %3); add the transition to the "
                         "workflow or map the status to one that is reachable")
              .arg(m_workflows.statusName(m_start), m_workflows.statusName(m_goal),
                   m_workflows.reachable(m_type, m_start).join(QStringLiteral(", ")));
    // Exploring moved the issue: it goes back to where it was before it is left.
    if (m_failure.isEmpty() && m_current != m_start && m_workflows.path(m_type, m_current, m_start)) {
        m_failure = failure;
        m_goal = m_start;
        m_moves = 0;
        return next();
    }
    finish(m_failure.isEmpty() ? failure : m_failure);
}

void StatusWalker::fetchTransitions()
{
    m_asked << m_current;
    then(m_client.transitions(m_key), this, [this](JiraReply *reply) {
        if (!reply->ok())
            return finish(reply->error().sentence());
        m_workflows.learn(m_type, m_current, reply->object().value(QStringLiteral("transitions")).toArray());
        next();
    });
}

void StatusWalker::move(const WorkflowMap::Step &step)
{
    ++m_moves;
    then(m_client.transition(m_key, step.id), this, [this, step](JiraReply *reply) {
        if (reply->ok()) {
            m_current = step.to;
            Q_EMIT moved(m_current);
            return next();
        }
        // What the map knew of this status is stale (the workflow changed): ask Jira once.
        if (reply->error().httpStatus == 400 && !m_asked.contains(m_current)) {
            m_workflows.forget(m_type, m_current);
            return fetchTransitions();
        }
        finish(QStringLiteral("transition '%1' failed: %2").arg(step.name, reply->error().sentence()));
    });
}

void StatusWalker::finish(const QString &error)
{
    Q_EMIT finished(error);
}

} // namespace ferry
