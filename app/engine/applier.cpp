#include "engine/applier.h"

#include "core/logcategories.h"
#include "store/channel.h"
#include "store/issueerrors.h"
#include "store/statestore.h"

namespace ferry {

Applier::Applier(JiraClient &client, const PairConfig &config, const FieldTranslator &translator, StateStore &store,
                 qint64 pairId, Side side, QObject *parent)
    : QObject(parent)
    , m_step(client, config, translator, store, pairId, side, [this] { next(); })
{
}

void Applier::apply(const QList<Op> &ops)
{
    Side side = m_step.side();
    Channel channel(m_step.store(), m_step.pairId());
    if (auto received = channel.receive(side, ops); !received) {
        Outcome outcome;
        outcome.error = QStringLiteral("could not record the arriving ops: %1").arg(received.error().message());
        Q_EMIT finished(outcome);
        return;
    }
    m_step.begin();
    m_creator.begin();
    // Every op not applied yet, whether it is new or came again after a failed attempt.
    for (const Op &op : ops) {
        // One whose state cannot be read is left for the next round.
        const Result<bool> applied = channel.isApplied(side, op.id);
        if (applied && !*applied && op.side == m_step.otherSide())
            m_step.queue << op;
    }
    IssueErrors errors(m_step.store(), m_step.pairId());
    const auto parked = errors.all();
    const auto waiting = parked ? errors.waiting(QDateTime::currentDateTimeUtc()) : parked.error();
    if (!waiting) {
        m_step.queue.clear();
        m_step.outcome().error = QStringLiteral("could not read the parked issues: %1").arg(waiting.error().message());
        Q_EMIT finished(m_step.outcome());
        return;
    }
    for (const IssueErrors::Parked &issue : *parked)
        m_step.parked << SideIssue{issue.side, issue.issueId};
    for (const IssueErrors::Parked &issue : *waiting)
        m_step.held << SideIssue{issue.side, issue.issueId};
    next();
}

void Applier::next()
{
    if (m_step.queue.isEmpty()) {
        unpark();
        m_busy = false;
        Q_EMIT finished(m_step.outcome());
        return;
    }
    m_busy = true;
    const Op op = m_step.queue.takeFirst();
    if (m_step.held.contains(ApplyStep::issueOf(op)))
        return hold(op);
    m_step.synced << ApplyStep::issueOf(op);
    dispatch(op);
}

void Applier::dispatch(const Op &op)
{
    switch (op.kind) {
    case OpKind::CreateIssue:
        return m_creator.apply(op);
    case OpKind::SetField:
    case OpKind::ResyncField:
    case OpKind::SetEpic:
    case OpKind::SetParent:
        return m_fields.apply(op);
    case OpKind::AddVersion:
    case OpKind::EditVersion:
        return m_versions.apply(op);
    case OpKind::AddLink:
    case OpKind::AddRemoteLink:
    case OpKind::EditRemoteLink:
    case OpKind::ResyncRemoteLink:
        return m_links.apply(op);
    case OpKind::Unknown:
        return m_step.refuse(op, QStringLiteral("ops of this kind are not something Ferry applies"));
    default:
        break;
    }
    if (const std::optional<ItemOp> item = itemOpOf(op.kind))
        return m_items.apply(op, *item);
    m_step.refuse(op, QStringLiteral("ops of kind %1 are not something Ferry applies").arg(opKindName(op.kind)));
}

void Applier::hold(const Op &op)
{
    ++m_step.outcome().waiting;
    m_step.outcome().left << op.id;
    m_step.nextLater();
}

void Applier::unpark()
{
    const QSet<SideIssue> unparked = m_step.synced & m_step.parked;
    if (unparked.isEmpty())
        return;
    IssueErrors errors(m_step.store(), m_step.pairId());
    const Result<void> cleared = m_step.store().transaction([&](QSqlDatabase &db) -> Result<void> {
        for (const SideIssue &issue : unparked) {
            if (auto one = errors.clear(db, issue.side, issue.id); !one)
                return one;
        }
        return {};
    });
    if (!cleared)
        qCWarning(lcEngine).noquote() << "pair" << m_step.config().name
                                      << ": could not unpark the issues that synced:" << cleared.error().message();
}

} // namespace ferry
