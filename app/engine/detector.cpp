#include "engine/detector.h"

#include "core/logcategories.h"
#include "engine/workflowmap.h"
#include "jira/jiraclient.h"
#include "store/channel.h"
#include "store/commentlinks.h"
#include "store/linkrepository.h"
#include "store/statestore.h"

#include <QDateTime>
#include <QHash>
#include <QRegularExpression>

namespace ferry {

Detector::Detector(JiraClient &client, const FieldTranslator &translator, StateStore &store, qint64 pairId,
                   const QString &side, const QString &scopeJql, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_translator(translator)
    , m_store(store)
    , m_pairId(pairId)
    , m_side(side)
    , m_scope(scopeJql)
{
}

QString Detector::pollJql(const QString &scopeJql, const QString &checkpoint, int overlapMinutes)
{
    const QString scope = QStringLiteral("(%1)").arg(scopeJql);
    const QDateTime at = parseJiraDateTime(checkpoint);
    if (!at.isValid())
        return scope + QStringLiteral(" ORDER BY updated ASC");
    // JQL reads times in the user's zone; Jira answers in it too, so the checkpoint's offset is it.
    const QDateTime since = at.addSecs(-60LL * overlapMinutes).toOffsetFromUtc(at.offsetFromUtc());
    return scope
        + QStringLiteral(" AND updated >= \"%1\" ORDER BY updated ASC")
              .arg(since.toString(QStringLiteral("yyyy/MM/dd HH:mm")));
}

void Detector::poll()
{
    if (m_polling)
        return;
    m_polling = true;
    LinkRepository links(m_store, m_pairId);
    QString error;
    const std::optional<QString> checkpoint = links.checkpoint(m_side, &error);
    if (!checkpoint)
        return fail(QStringLiteral("could not read the checkpoint: %1").arg(error));
    QStringList fields = m_translator.fieldsToRead(m_side);
    fields << QStringLiteral("updated") << QStringLiteral("issuetype") << QStringLiteral("status")
           << QStringLiteral("comment");
    fields.removeDuplicates();
    const QStringList expand = m_workflows ? QStringList{QStringLiteral("transitions")} : QStringList{};
    SearchReply *search
        = m_client.search(pollJql(m_scope, *checkpoint, m_overlapMinutes), fields, expand, {originProperty()});
    connect(search, &JiraReply::finished, this, [this, search] {
        search->deleteLater();
        if (!search->ok())
            return fail(search->error().sentence());
        record(search->issues());
    });
}

void Detector::record(const QList<QJsonObject> &issues)
{
    LinkRepository links(m_store, m_pairId);
    Channel channel(m_store, m_pairId);
    Outcome outcome;
    outcome.issuesRead = int(issues.size());
    QString error;
    outcome.checkpoint = links.checkpoint(m_side, &error).value_or(QString());
    QDateTime newest = parseJiraDateTime(outcome.checkpoint);

    struct Observation {
        QString id;
        QString key;
        QJsonObject snapshot;
    };
    QList<Op> ops;
    QList<Observation> observations;
    CommentLinks comments(m_store, m_pairId);
    QHash<QString, QString> commentDigests; ///< comment id → what it says now, for the ones sent or changed
    for (const QJsonObject &issue : issues) {
        const QString id = issue.value(QStringLiteral("id")).toString();
        const QString key = issue.value(QStringLiteral("key")).toString();
        const QJsonObject raw = issue.value(QStringLiteral("fields")).toObject();
        const QString updated = raw.value(QStringLiteral("updated")).toString();
        if (const QDateTime at = parseJiraDateTime(updated); at.isValid() && (!newest.isValid() || at > newest)) {
            newest = at;
            outcome.checkpoint = updated;
        }
        if (m_workflows && issue.contains(QStringLiteral("transitions")))
            m_workflows->learn(fieldId(raw, QStringLiteral("issuetype")), fieldId(raw, QStringLiteral("status")),
                               issue.value(QStringLiteral("transitions")).toArray());
        const FieldTranslator::Result common = m_translator.toCommon(m_side, raw);
        for (const QString &problem : common.problems) {
            outcome.problems << QStringLiteral("%1 %2").arg(key, problem);
            qCWarning(lcEngine).noquote() << "side" << m_side << ":" << outcome.problems.last();
        }

        QJsonObject holds = common.values; ///< what this side now holds, in common terms
        std::optional<QJsonObject> seen = links.observed(m_side, id, &error);
        std::optional<LinkRepository::Link> link;
        if (!seen || !links.find(m_side, id, &link, &error))
            return fail(error);
        if (seen->isEmpty() && !link) {
            if (const auto made = madeByPendingCreate(issue, &error); !made || *made) {
                if (!made)
                    return fail(error);
                continue; // the apply step that made it links it, or removes it as a duplicate
            }
            Op op = Op::make(QStringLiteral("create-issue"), m_side, id, key);
            op.value = QJsonObject{{QStringLiteral("fields"), common.values},
                                   {QStringLiteral("issueType"), fieldId(raw, QStringLiteral("issuetype"))},
                                   {QStringLiteral("status"), fieldId(raw, QStringLiteral("status"))}};
            op.changedAtMs = parseJiraDateTime(updated).toMSecsSinceEpoch();
            ops << op;
        } else {
            std::optional<QJsonObject> base = link ? links.base(link->aId, &error) : QJsonObject();
            if (!base)
                return fail(error);
            for (auto it = common.values.begin(); it != common.values.end(); ++it) {
                // What this side last reported, else what both sides agreed on.
                const QJsonValue before = seen->contains(it.key()) ? seen->value(it.key()) : base->value(it.key());
                if (before == it.value())
                    continue;
                // The same on this side (a stand-in user, a value two map to): no change, and
                // what it stands for stays what this side holds.
                if (m_translator.sameOnSide(m_side, it.key(), before, it.value())) {
                    holds.insert(it.key(), before);
                    continue;
                }
                Op op = Op::make(QStringLiteral("set-field"), m_side, id, key);
                op.field = it.key();
                op.base = base->contains(it.key()) ? base->value(it.key()) : before;
                op.value = it.value();
                op.changedAtMs = parseJiraDateTime(updated).toMSecsSinceEpoch();
                ops << op;
            }
        }
        observations << Observation{id, key, holds};

        // Comments: each new one once, each edit of an original once; the copies Ferry made are
        // known and never sent back (an edit of a copy stays on its side).
        for (const QJsonValue &value :
             raw.value(QStringLiteral("comment")).toObject().value(QStringLiteral("comments")).toArray()) {
            const QJsonObject comment = value.toObject();
            const QString commentId = comment.value(QStringLiteral("id")).toString();
            const std::optional<CommentLinks::Known> known = comments.find(m_side, commentId, &error);
            if (!known)
                return fail(error);
            QString problem;
            const QJsonValue body
                = m_translator.richTextToCommon(m_side, comment.value(QStringLiteral("body")), &problem);
            if (!problem.isEmpty()) {
                outcome.problems << QStringLiteral("%1 comment %2: %3").arg(key, commentId, problem);
                continue;
            }
            const QString digest = CommentLinks::digestOf(body);
            if (known->exists && known->digest == digest)
                continue;
            // A copy this side's apply step made but has not recorded yet (its answer was lost, or
            // the run stopped): it becomes known when that step finds it again.
            if (!known->exists && isCopyInFlight(body.toObject()))
                continue;
            commentDigests.insert(commentId, digest);
            if (known->copy)
                continue;
            Op op = Op::make(known->exists ? QStringLiteral("edit-comment") : QStringLiteral("add-comment"), m_side, id,
                             key);
            op.value = QJsonObject{
                {QStringLiteral("commentId"), commentId},
                {QStringLiteral("author"),
                 comment.value(QStringLiteral("author")).toObject().value(QStringLiteral("displayName")).toString()},
                {QStringLiteral("created"), comment.value(QStringLiteral("created")).toString()},
                {QStringLiteral("body"), body}};
            op.changedAtMs = parseJiraDateTime(comment.value(QStringLiteral("created")).toString()).toMSecsSinceEpoch();
            ops << op;
        }
    }

    const bool committed = m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            if (!channel.send(db, m_side, ops, problem))
                return false;
            for (auto it = commentDigests.cbegin(); it != commentDigests.cend(); ++it) {
                if (!comments.markSent(db, m_side, it.key(), it.value(), problem)
                    || !comments.setDigest(db, m_side, it.key(), it.value(), problem))
                    return false;
            }
            for (const Observation &o : observations) {
                if (!links.setObserved(db, m_side, o.id, o.key, o.snapshot, problem))
                    return false;
            }
            return outcome.checkpoint.isEmpty() || links.setCheckpoint(db, m_side, outcome.checkpoint, problem);
        },
        &error);
    if (!committed)
        return fail(QStringLiteral("could not record the poll: %1").arg(error));
    outcome.opsSent = int(ops.size());
    finish(outcome);
}

bool Detector::isCopyInFlight(const QJsonObject &body) const
{
    // The attribution Applier writes: "Alice Smith wrote on GLX-12, 28 Nov 2026 14:05 UTC:".
    static const QRegularExpression attribution(
        QStringLiteral("^.+ wrote on [A-Z][A-Z0-9_]*-\\d+, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d UTC:$"));
    const QJsonObject first = body.value(QStringLiteral("content")).toArray().first().toObject();
    const QJsonArray runs = first.value(QStringLiteral("content")).toArray();
    return runs.size() == 1
        && attribution.match(runs.first().toObject().value(QStringLiteral("text")).toString()).hasMatch();
}

std::optional<bool> Detector::madeByPendingCreate(const QJsonObject &issue, QString *error)
{
    const QString opId = issue.value(QStringLiteral("properties"))
                             .toObject()
                             .value(originProperty())
                             .toObject()
                             .value(QStringLiteral("op"))
                             .toString();
    if (opId.isEmpty())
        return false;
    return Channel(m_store, m_pairId).isReceivedUnapplied(m_side, opId, error);
}

void Detector::fail(const QString &error)
{
    qCWarning(lcEngine).noquote() << "side" << m_side << ": the poll failed:" << error;
    Outcome outcome;
    outcome.error = error;
    finish(outcome);
}

void Detector::finish(Outcome outcome)
{
    m_polling = false;
    Q_EMIT finished(outcome);
}

} // namespace ferry
