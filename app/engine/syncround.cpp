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

namespace {
/// Ops handed to an apply step at once; the rest follow in the next round.
constexpr int batchSize = 500;
} // namespace

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
    : QObject(parent)
    , m_a(a)
    , m_b(b)
    , m_store(store)
    , m_pairId(pairId)
    , m_detectA(std::make_unique<Detector>(a, translator, store, pairId, QStringLiteral("a"), config.a.scope))
    , m_detectB(std::make_unique<Detector>(b, translator, store, pairId, QStringLiteral("b"), config.b.scope))
    , m_applyA(std::make_unique<Applier>(a, config, translator, store, pairId, QStringLiteral("a")))
    , m_applyB(std::make_unique<Applier>(b, config, translator, store, pairId, QStringLiteral("b")))
{
    if (!config.statuses.isEmpty()) {
        m_detectA->setWorkflowMap(&m_workflowsA);
        m_detectB->setWorkflowMap(&m_workflowsB);
    }
    m_applyA->setWorkflowMap(&m_workflowsA);
    m_applyB->setWorkflowMap(&m_workflowsB);
    // What earlier runs learned of the workflows, and what this one learns, is kept in the state.
    for (const QString &side : {QStringLiteral("a"), QStringLiteral("b")}) {
        WorkflowMap &map = side == QStringLiteral("a") ? m_workflowsA : m_workflowsB;
        QString error;
        WorkflowRepository workflows(m_store, m_pairId);
        if (const auto entries = workflows.load(side, &error)) {
            for (const WorkflowRepository::Entry &entry : *entries)
                map.learn(entry.issueType, entry.fromStatus, entry.transitions);
        } else {
            qCWarning(lcEngine).noquote() << "side" << side << ": what the workflows offer could not be read:" << error;
        }
        map.setKeeper([this, side](const QString &type, const QString &status, const QJsonArray &transitions) {
            QString problem;
            if (!WorkflowRepository(m_store, m_pairId).keep(side, type, status, transitions, &problem))
                qCWarning(lcEngine).noquote()
                    << "side" << side << ": could not keep what the workflow offers:" << problem;
        });
    }
    connect(m_detectA.get(), &Detector::finished, this, [this](const Detector::Outcome &outcome) {
        m_report.detectedA = outcome;
        outcome.error.isEmpty() ? deliver(QStringLiteral("a")) : end();
    });
    connect(m_detectB.get(), &Detector::finished, this, [this](const Detector::Outcome &outcome) {
        m_report.detectedB = outcome;
        outcome.error.isEmpty() ? deliver(QStringLiteral("b")) : end();
    });
    connect(m_applyB.get(), &Applier::finished, this, [this](const Applier::Outcome &outcome) {
        m_report.appliedOnB = outcome;
        acknowledge(QStringLiteral("a"), &m_report.appliedOnB) ? detect(QStringLiteral("b")) : end();
    });
    connect(m_applyA.get(), &Applier::finished, this, [this](const Applier::Outcome &outcome) {
        m_report.appliedOnA = outcome;
        acknowledge(QStringLiteral("b"), &m_report.appliedOnA);
        end();
    });
}

bool SyncRound::acknowledge(const QString &fromSide, Applier::Outcome *outcome)
{
    if (!outcome->error.isEmpty())
        return false;
    QString error;
    if (m_deliveredUpTo > 0
        && !Channel(m_store, m_pairId).acknowledge(fromSide, m_deliveredUpTo, &error, outcome->left)) {
        outcome->error = QStringLiteral("could not acknowledge the applied ops: %1").arg(error);
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
    m_requestsAtStartA = m_a.statistics().requests();
    m_requestsAtStartB = m_b.statistics().requests();
    detect(QStringLiteral("a"));
}

void SyncRound::detect(const QString &side)
{
    (side == QStringLiteral("a") ? m_detectA : m_detectB)->poll();
}

void SyncRound::deliver(const QString &fromSide)
{
    Channel channel(m_store, m_pairId);
    QString error;
    const auto pending = channel.pending(fromSide, 0, batchSize, &error);
    Applier &target = fromSide == QStringLiteral("a") ? *m_applyB : *m_applyA;
    if (!pending) {
        (fromSide == QStringLiteral("a") ? m_report.appliedOnB : m_report.appliedOnA).error
            = QStringLiteral("could not read the outbox: %1").arg(error);
        return end();
    }
    QList<Op> ops;
    for (const Channel::Sent &sent : *pending)
        ops << sent.op;
    m_report.more = m_report.more || pending->size() == batchSize;
    m_deliveredUpTo = ops.isEmpty() ? 0 : pending->last().seq;
    target.apply(ops);
}

void SyncRound::pruneAttachments()
{
    const BlobStore blobs(m_store.directory(), m_pairId);
    if (!blobs.holdsAny())
        return;
    QSet<QString> wanted;
    Channel channel(m_store, m_pairId);
    for (const QString &side : {QStringLiteral("a"), QStringLiteral("b")}) {
        QString error;
        const auto pending = channel.pending(side, 0, std::numeric_limits<int>::max(), &error);
        if (!pending) {
            qCWarning(lcEngine).noquote() << "could not read the outbox to tidy the attachments on their way:" << error;
            return;
        }
        for (const Channel::Sent &sent : *pending) {
            if (sent.op.kind == QStringLiteral("add-attachment"))
                wanted << sent.op.value.toObject()
                              .value(QStringLiteral("content"))
                              .toObject()
                              .value(QStringLiteral("sha256"))
                              .toString();
        }
    }
    blobs.keepOnly(wanted);
}

void SyncRound::end()
{
    m_report.requestsA = m_a.statistics().requests() - m_requestsAtStartA;
    m_report.requestsB = m_b.statistics().requests() - m_requestsAtStartB;
    const auto applied = [](const Applier::Outcome &o) {
        return QJsonObject{{QStringLiteral("written"), o.written},
                           {QStringLiteral("conflicts"), o.conflicts},
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
    QString error;
    if (!Journal(m_store, m_pairId).record({{}, {}, {}, QStringLiteral("round"), detail}, &error))
        qCWarning(lcEngine).noquote() << "could not record the round in the journal:" << error;
    pruneAttachments();
    m_running = false;
    Q_EMIT finished(m_report);
}

} // namespace ferry
