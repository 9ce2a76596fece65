#include "engine/syncround.h"

#include "core/logcategories.h"
#include "jira/jiraclient.h"
#include "store/blobstore.h"
#include "store/channel.h"
#include "store/journal.h"
#include "store/statestore.h"
#include "store/workflowrepository.h"

#include <QJsonObject>

#include <limits>

namespace ferry {

QString SyncRound::Report::error() const
{
    for (const QString &e : {detectedA.error, detectedB.error, appliedOnA.error, appliedOnB.error}) {
        if (!e.isEmpty())
            return e;
    }
    return {};
}

SyncRound::SyncRound(JiraClient &a, JiraClient &b, const PairConfig &config, const FieldTranslator &translator,
                     StateStore &store, qint64 pairId, QObject *parent)
    : SyncRound(&a, &b, config, translator, store, pairId, parent)
{
}

SyncRound::SyncRound(Side side, JiraClient &client, const PairConfig &config, const FieldTranslator &translator,
                     StateStore &store, qint64 pairId, QObject *parent)
    : SyncRound(side == Side::A ? &client : nullptr, side == Side::B ? &client : nullptr, config, translator, store,
                pairId, parent)
{
}

SyncRound::SyncRound(JiraClient *a, JiraClient *b, const PairConfig &config, const FieldTranslator &translator,
                     StateStore &store, qint64 pairId, QObject *parent)
    : QObject(parent)
    , m_a(a)
    , m_b(b)
    , m_store(store)
    , m_pairId(pairId)
{
    for (Side side : bothSides) {
        const bool isA = side == Side::A;
        JiraClient *client = isA ? a : b;
        if (!client)
            continue;
        auto &detector = isA ? m_detectA : m_detectB;
        auto &applier = isA ? m_applyA : m_applyB;
        WorkflowMap &map = isA ? m_workflowsA : m_workflowsB;
        detector = std::make_unique<Detector>(*client, translator, store, pairId, side,
                                              isA ? config.a.boundedScope() : config.b.boundedScope());
        applier = std::make_unique<Applier>(*client, config, translator, store, pairId, side);
        if (!config.statuses.isEmpty())
            detector->setWorkflowMap(&map);
        applier->setWorkflowMap(&map);
        // What earlier runs learned of the workflows, and what this one learns, is kept in the state.
        WorkflowRepository workflows(m_store, m_pairId);
        if (const auto entries = workflows.load(side)) {
            for (const WorkflowRepository::Entry &entry : *entries)
                map.learn(entry.issueType, entry.fromStatus, entry.transitions);
        } else {
            qCWarning(lcEngine).noquote()
                << "side" << sideLetter(side)
                << ": what the workflows offer could not be read:" << entries.error().message();
        }
        map.setKeeper([this, side](const QString &type, const QString &status, const QJsonArray &transitions) {
            if (auto kept = WorkflowRepository(m_store, m_pairId).keep(side, type, status, transitions); !kept)
                qCWarning(lcEngine).noquote() << "side" << sideLetter(side)
                                              << ": could not keep what the workflow offers:" << kept.error().message();
        });
        connect(detector.get(), &Detector::finished, this, [this, side](const Detector::Outcome &outcome) {
            (side == Side::A ? m_report.detectedA : m_report.detectedB) = outcome;
            outcome.error.isEmpty() ? detected(side) : end();
        });
    }
    const bool direct = a && b;
    if (m_applyB)
        connect(m_applyB.get(), &Applier::finished, this, [this, direct](const Applier::Outcome &outcome) {
            m_report.appliedOnB = outcome;
            if (!direct)
                return end();
            acknowledge(Side::A, &m_report.appliedOnB) ? detect(Side::B) : end();
        });
    if (m_applyA)
        connect(m_applyA.get(), &Applier::finished, this, [this, direct](const Applier::Outcome &outcome) {
            m_report.appliedOnA = outcome;
            if (direct)
                acknowledge(Side::B, &m_report.appliedOnA);
            end();
        });
}

void SyncRound::detected(Side side)
{
    if (m_a && m_b)
        return deliver(side);
    deliverInbox(side);
}

bool SyncRound::acknowledge(Side fromSide, Applier::Outcome *outcome)
{
    if (!outcome->error.isEmpty())
        return false;
    if (m_deliveredUpTo == 0)
        return true;
    if (auto acknowledged = Channel(m_store, m_pairId).acknowledge(fromSide, m_deliveredUpTo, outcome->left);
        !acknowledged) {
        outcome->error
            = QStringLiteral("could not acknowledge the applied ops: %1").arg(acknowledged.error().message());
        return false;
    }
    return true;
}

void SyncRound::run()
{
    if (m_running)
        return;
    m_running = true;
    m_report = {};
    if (!m_a || !m_b)
        m_report.side = m_a ? Side::A : Side::B;
    m_requestsAtStartA = m_a ? m_a->statistics().requests() : 0;
    m_requestsAtStartB = m_b ? m_b->statistics().requests() : 0;
    detect(m_a ? Side::A : Side::B);
}

void SyncRound::detect(Side side)
{
    (side == Side::A ? m_detectA : m_detectB)->poll();
}

void SyncRound::deliver(Side fromSide)
{
    Channel channel(m_store, m_pairId);
    const auto pending = channel.pending(fromSide, 0, m_batchSize);
    Applier &target = fromSide == Side::A ? *m_applyB : *m_applyA;
    if (!pending) {
        (fromSide == Side::A ? m_report.appliedOnB : m_report.appliedOnA).error
            = QStringLiteral("could not read the outbox: %1").arg(pending.error().message());
        return end();
    }
    QList<Op> ops;
    for (const Channel::Sent &sent : *pending)
        ops << sent.op;
    m_report.more = m_report.more || pending->size() == m_batchSize;
    m_deliveredUpTo = ops.isEmpty() ? 0 : pending->last().seq;
    target.apply(ops);
}

void SyncRound::deliverInbox(Side toSide)
{
    const auto ops = Channel(m_store, m_pairId).unapplied(toSide, m_batchSize);
    Applier &target = toSide == Side::A ? *m_applyA : *m_applyB;
    if (!ops) {
        (toSide == Side::A ? m_report.appliedOnA : m_report.appliedOnB).error
            = QStringLiteral("could not read the inbox: %1").arg(ops.error().message());
        return end();
    }
    m_report.more = m_report.more || ops->size() == m_batchSize;
    target.apply(*ops);
}

void SyncRound::pruneAttachments()
{
    const BlobStore blobs(m_store.directory(), m_pairId);
    if (!blobs.holdsAny())
        return;
    QSet<QString> wanted;
    Channel channel(m_store, m_pairId);
    for (Side side : bothSides) {
        const auto pending = channel.pending(side, 0, std::numeric_limits<int>::max());
        if (!pending) {
            qCWarning(lcEngine).noquote()
                << "could not read the outbox to tidy the attachments on their way:" << pending.error().message();
            return;
        }
        // What waits to be sent, and (in the bundle modes) what arrived and waits to be applied.
        const auto arrived = channel.unapplied(side, std::numeric_limits<int>::max());
        if (!arrived) {
            qCWarning(lcEngine).noquote()
                << "could not read the inbox to tidy the attachments on their way:" << arrived.error().message();
            return;
        }
        QList<Op> ops = *arrived;
        for (const Channel::Sent &sent : *pending)
            ops << sent.op;
        for (const Op &op : std::as_const(ops)) {
            if (const QString sha256 = attachmentContentOf(op); !sha256.isEmpty())
                wanted << sha256;
        }
    }
    blobs.keepOnly(wanted);
}

void SyncRound::end()
{
    m_report.requestsA = m_a ? m_a->statistics().requests() - m_requestsAtStartA : 0;
    m_report.requestsB = m_b ? m_b->statistics().requests() - m_requestsAtStartB : 0;
    const auto applied = [](const Applier::Outcome &o) {
        return QJsonObject{{QStringLiteral("written"), o.written},
                           {QStringLiteral("conflicts"), o.conflictsOpened},
                           {QStringLiteral("left"), int(o.left.size()) - o.waiting},
                           {QStringLiteral("waiting"), o.waiting}};
    };
    QJsonObject detail{
        {QStringLiteral("requests"),
         QJsonObject{{QStringLiteral("a"), m_report.requestsA}, {QStringLiteral("b"), m_report.requestsB}}},
        {QStringLiteral("found"),
         QJsonObject{{QStringLiteral("a"), m_report.detectedA.opsSent},
                     {QStringLiteral("b"), m_report.detectedB.opsSent}}},
        {QStringLiteral("appliedOnA"), applied(m_report.appliedOnA)},
        {QStringLiteral("appliedOnB"), applied(m_report.appliedOnB)}};
    if (!m_report.error().isEmpty())
        detail.insert(QStringLiteral("error"), m_report.error());
    if (auto recorded = Journal(m_store, m_pairId).record({{}, {}, {}, QStringLiteral("round"), detail}); !recorded)
        qCWarning(lcEngine).noquote() << "could not record the round in the journal:" << recorded.error().message();
    pruneAttachments();
    m_running = false;
    Q_EMIT finished(m_report);
}

} // namespace ferry
