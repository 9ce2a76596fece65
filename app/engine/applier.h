#pragma once

#include "core/op.h"
#include "core/pairconfig.h"
#include "engine/applystep.h"
#include "engine/attachmentcopier.h"
#include "engine/fieldwriter.h"
#include "engine/issuecreator.h"
#include "engine/itemcopier.h"
#include "engine/linkcopier.h"
#include "engine/versionwriter.h"

#include <QObject>

namespace ferry {

class FieldTranslator;
class JiraClient;
class StateStore;
class WorkflowMap;

/// The apply step of one half-engine, for one side of a pair: takes the ops the other side
/// sent, records their arrival, and applies each not applied yet, in order, handing it to the
/// family of its kind (IssueCreator, FieldWriter, VersionWriter, ItemCopier with
/// AttachmentCopier and LinkCopier); what they share is ApplyStep. See docs/architecture.md.
///
/// An op that cannot be applied now (Jira refused it, its issue is not linked yet) stays
/// unapplied and its issue is parked (IssueErrors): the issue's ops wait, in order, for a retry
/// with backoff, while the other issues go on. An op of a kind Ferry does not know is refused.
class Applier : public QObject {
    Q_OBJECT
public:
    using Outcome = ApplyOutcome;

    Applier(JiraClient &client, const PairConfig &config, const FieldTranslator &translator, StateStore &store,
            qint64 pairId, Side side, QObject *parent = nullptr);

    /// What this side's workflows are known to offer, shared with its detector; the applier
    /// keeps its own when none is given.
    void setWorkflowMap(WorkflowMap *workflows) { m_step.setWorkflowMap(workflows); }

    void apply(const QList<Op> &ops);
    bool isApplying() const { return !m_step.queue.isEmpty() || m_busy; }

Q_SIGNALS:
    void finished(const ferry::ApplyOutcome &outcome);

private:
    /// Takes the next op of the queue, or finishes the step.
    void next();
    /// Hands an op to the family of its kind.
    void dispatch(const Op &op);
    /// Keeps an op pending without trying it: its issue waits for a retry, or behind a left op.
    void hold(const Op &op);
    /// The issues that synced in this apply step are parked no more.
    void unpark();

    ApplyStep m_step;
    IssueCreator m_creator{m_step};
    FieldWriter m_fields{m_step};
    VersionWriter m_versions{m_step};
    AttachmentCopier m_attachments{m_step};
    ItemCopier m_items{m_step, m_attachments};
    LinkCopier m_links{m_step, m_items};
    bool m_busy = false;
};

} // namespace ferry
