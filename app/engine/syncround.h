#pragma once

#include "engine/applier.h"
#include "engine/detector.h"

#include <QObject>

#include <memory>

namespace ferry {

class JiraClient;
class StateStore;

/// One round of a pair. In a direct mode, where one Ferry reaches both sites, side A's changes
/// are detected and applied on side B, then side B's on side A; what was applied leaves the
/// outbox. In the bundle modes a console reaches one site: the round detects that side's changes
/// (they wait in its outbox for the next bundle) and applies the ops that bundles brought (from
/// its inbox). Each round is recorded in the pair's journal ("round": what was done, requests).
/// Both halves keep to their own rules (see Detector and Applier); the round only joins them
/// through the channel.
class SyncRound : public QObject {
    Q_OBJECT
public:
    struct Report {
        Detector::Outcome detectedA;
        Detector::Outcome detectedB;
        Applier::Outcome appliedOnA;
        Applier::Outcome appliedOnB;
        qint64 requestsA = 0; ///< sent to each site during the round
        qint64 requestsB = 0;
        /// An outbox held more ops than one round delivers (a large initial sync): the next
        /// round should follow at once.
        bool more = false;
        /// A bundle mode: the one side this console runs; empty in a direct mode.
        std::optional<Side> side;
        /// A failure that stopped the round; what was done before it is recorded.
        QString error() const;
    };

    /// A direct mode: both sites.
    SyncRound(JiraClient &a, JiraClient &b, const PairConfig &config, const FieldTranslator &translator,
              StateStore &store, qint64 pairId, QObject *parent = nullptr);
    /// A bundle mode: this console's side only.
    SyncRound(Side side, JiraClient &client, const PairConfig &config, const FieldTranslator &translator,
              StateStore &store, qint64 pairId, QObject *parent = nullptr);

    /// Ops handed to an apply step at once; the rest follow in the next round. Every round polls
    /// both sides, and right after a bulk sync a poll re-reads each issue written in the last
    /// minutes (the overlap): fewer, larger rounds re-read less (2,000 issues: 4 rounds and 87
    /// search pages on Cloud instead of 11 and 162 at 500). A round of this size takes about 20 s
    /// at Cloud's rate limits, which bounds how long the other side's changes wait meanwhile.
    static constexpr int defaultBatchSize = 2000;
    void setBatchSize(int ops) { m_batchSize = ops; }

    void run();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void finished(const ferry::SyncRound::Report &report);

private:
    SyncRound(JiraClient *a, JiraClient *b, const PairConfig &config, const FieldTranslator &translator,
              StateStore &store, qint64 pairId, QObject *parent);
    void detect(Side side);
    /// After a side's changes are found: a direct mode applies them on the other side, a bundle
    /// mode applies what its inbox holds.
    void detected(Side side);
    void deliver(Side fromSide);
    void deliverInbox(Side toSide);
    /// The ops delivered from a side leave its outbox, but for those the apply step left.
    bool acknowledge(Side fromSide, Applier::Outcome *outcome);
    void end();
    /// Removes the attachment contents no op on its way carries any more.
    void pruneAttachments();

    JiraClient *m_a; ///< null in a bundle mode on side B's console
    JiraClient *m_b; ///< null in a bundle mode on side A's console
    StateStore &m_store;
    qint64 m_pairId;
    WorkflowMap m_workflowsA; ///< what each side's workflows offer, learned by both its halves
    WorkflowMap m_workflowsB;
    std::unique_ptr<Detector> m_detectA;
    std::unique_ptr<Detector> m_detectB;
    std::unique_ptr<Applier> m_applyA;
    std::unique_ptr<Applier> m_applyB;
    Report m_report;
    int m_batchSize = defaultBatchSize;
    bool m_running = false;
    qint64 m_deliveredUpTo = 0;
    qint64 m_requestsAtStartA = 0;
    qint64 m_requestsAtStartB = 0;
};

} // namespace ferry
