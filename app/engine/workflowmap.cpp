#include "engine/workflowmap.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QQueue>

namespace ferry {

void WorkflowMap::learn(const QString &issueType, const QString &fromStatus, const QJsonArray &transitions)
{
    QList<Step> steps;
    for (const QJsonValue &value : transitions) {
        const QJsonObject transition = value.toObject();
        const QJsonObject status = transition.value(QStringLiteral("to")).toObject();
        const QString to = status.value(QStringLiteral("id")).toString();
        if (!to.isEmpty())
            m_statusNames.insert(to, status.value(QStringLiteral("name")).toString(to));
        if (!to.isEmpty() && to != fromStatus)
            steps << Step{transition.value(QStringLiteral("id")).toString(),
                          transition.value(QStringLiteral("name")).toString(), to};
    }
    m_graphs[issueType].insert(fromStatus, steps);
    // Polls offer the same transitions again and again: the keeper hears only of changes.
    const QByteArray kept = QJsonDocument(transitions).toJson(QJsonDocument::Compact);
    const QString key = issueType + u'/' + fromStatus;
    if (m_kept.value(key) == kept)
        return;
    m_kept.insert(key, kept);
    if (m_keeper)
        m_keeper(issueType, fromStatus, transitions);
}

void WorkflowMap::forget(const QString &issueType, const QString &fromStatus)
{
    m_graphs[issueType].remove(fromStatus);
    m_kept.remove(issueType + u'/' + fromStatus);
    if (m_keeper)
        m_keeper(issueType, fromStatus, {});
}

bool WorkflowMap::knows(const QString &issueType, const QString &status) const
{
    return m_graphs.value(issueType).contains(status);
}

template <typename Done>
std::optional<QList<WorkflowMap::Step>> WorkflowMap::search(const Graph &graph, const QString &from, Done done) const
{
    QHash<QString, QList<Step>> pathTo{{from, {}}};
    QQueue<QString> queue;
    queue.enqueue(from);
    while (!queue.isEmpty()) {
        const QString status = queue.dequeue();
        if (done(status))
            return pathTo.value(status);
        for (const Step &step : graph.value(status)) {
            if (pathTo.contains(step.to))
                continue;
            pathTo.insert(step.to, pathTo.value(status) << step);
            queue.enqueue(step.to);
        }
    }
    return std::nullopt;
}

std::optional<QList<WorkflowMap::Step>> WorkflowMap::path(const QString &issueType, const QString &from,
                                                          const QString &to) const
{
    return search(m_graphs.value(issueType), from, [&](const QString &status) { return status == to; });
}

std::optional<QList<WorkflowMap::Step>> WorkflowMap::pathToUnknown(const QString &issueType, const QString &from) const
{
    const Graph graph = m_graphs.value(issueType);
    return search(graph, from, [&](const QString &status) { return !graph.contains(status); });
}

QStringList WorkflowMap::reachable(const QString &issueType, const QString &from) const
{
    QStringList statuses;
    search(m_graphs.value(issueType), from, [&](const QString &status) {
        statuses << statusName(status);
        return false;
    });
    return statuses;
}

} // namespace ferry
