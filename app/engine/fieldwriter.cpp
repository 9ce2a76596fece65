#include "engine/fieldwriter.h"

#include "core/logcategories.h"
#include "core/merge.h"
#include "jira/jiraclient.h"
#include "store/conflictrepository.h"
#include "store/statestore.h"

#include <QJsonArray>

namespace ferry {

FieldWriter::FieldWriter(ApplyStep &step)
    : m_step(step)
{
}

void FieldWriter::apply(const Op &op)
{
    switch (op.kind) {
    case OpKind::SetEpic:
        return applySetEpic(op);
    case OpKind::SetParent:
        return applySetParent(op);
    default: // set-field, resync-field
        return applySetField(op);
    }
}

void FieldWriter::applySetField(const Op &op)
{
    const std::optional<LinkRepository::Link> link = m_step.linkOf(op);
    if (!link)
        return;
    const FieldTranslator &translator = m_step.translator();
    Side side = m_step.side();
    const ApplyTarget target = m_step.targetOf(*link);
    const QString attachments = IssueItems::fieldOf(IssueItems::attachment());
    QStringList fields = translator.fieldsToRead(side) << QStringLiteral("issuetype") << QStringLiteral("updated");
    if (translator.isCloud(side) && translator.isRichText(op.field))
        fields << attachments; // rich text there names attached files by their media ids
    then(m_step.client().getIssue(target.key, fields), &m_step,
         [this, op, aId = link->aId, target, attachments](JiraReply *reply) {
             if (m_step.partnerGone(op, reply) || m_step.outsidePair(op, reply))
                 return;
             if (!reply->ok())
                 return m_step.leave(op, reply->error().sentence());
             const FieldTranslator &fieldTranslator = m_step.translator();
             m_target = reply->object().value(QStringLiteral("fields")).toObject();
             const QJsonValue richText = fieldTranslator.isRichText(op.field)
                 ? QJsonArray{op.value, op.base, m_target.value(fieldTranslator.fieldOn(m_step.side(), op.field))}
                 : QJsonValue();
             m_step.withFiles(target.key, richText, m_target.value(attachments).toArray(),
                              [this, op, aId, target](const AttachedFiles *files, const QString &why) {
                                  if (!why.isEmpty())
                                      return m_step.leave(op, why);
                                  const FieldTranslator &here = m_step.translator();
                                  const FieldTranslator::Translated current
                                      = here.toCommon(m_step.side(), m_target, files);
                                  if (!current.values.contains(op.field))
                                      return m_step.leave(op,
                                                          current.problems.isEmpty()
                                                              ? QStringLiteral("field %1 is not mapped").arg(op.field)
                                                              : current.problems.join(QStringLiteral("; ")));
                                  // A value written for another (a stand-in user) is still the value the op expects.
                                  const QJsonValue now = current.values.value(op.field);
                                  settle(op, aId, target,
                                         here.sameOnSide(m_step.side(), op.field, op.base, now) ? op.base : now, files);
                              });
         });
}

void FieldWriter::settle(const Op &op, const QString &aId, const ApplyTarget &target, const QJsonValue &current,
                         const AttachedFiles *files)
{
    const FieldTranslator &translator = m_step.translator();
    Side side = m_step.side();
    ApplyOutcome &outcome = m_step.outcome();
    const bool fromA = op.side == Side::A;
    FieldState state;
    // A field sent again on an admin's request is written over whatever the target holds.
    state.base = op.kind == OpKind::ResyncField ? current : op.base;
    (fromA ? state.a : state.b) = op.value;
    (fromA ? state.b : state.a) = current;
    (fromA ? state.aChangedAtMs : state.bChangedAtMs) = op.changedAtMs;
    // When the target last changed: its issue's last update, as near as Jira tells without its history.
    (fromA ? state.bChangedAtMs : state.aChangedAtMs)
        = parseJiraDateTime(m_target.value(QStringLiteral("updated")).toString()).toMSecsSinceEpoch();
    const MergeDecision decision
        = mergeField(state, translator.shape(op.field), translator.direction(op.field), m_step.config().conflictPolicy);
    using Action = MergeDecision::Action;
    const Action writeHere = fromA ? Action::WriteB : Action::WriteA;
    const Action writeThere = fromA ? Action::WriteA : Action::WriteB;
    const QJsonObject agreed{{op.field, decision.value}};
    const auto backOp = [&] {
        Op back = Op::make(OpKind::SetField, side, target.id, target.key);
        back.field = op.field;
        back.base = op.value;
        back.value = decision.value;
        return QList<Op>{back};
    };

    if (decision.action == Action::Nothing) {
        ++outcome.skipped;
        m_step.commit(op, aId, target, {}, false, {}, {{QStringLiteral("skipped"), decision.reason}});
        return m_step.next();
    }
    if (decision.action == Action::Converged
        || (decision.action == writeHere && translator.sameOnSide(side, op.field, decision.value, current))) {
        ++outcome.unchanged;
        m_step.commit(op, aId, target, agreed, false, {}, {{QStringLiteral("unchanged"), true}});
        return m_step.next();
    }
    if (decision.action == Action::Conflict) {
        ConflictRepository conflicts(m_step.store(), m_step.pairId());
        bool opened = false;
        const ConflictRepository::Conflict conflict{0,
                                                    aId,
                                                    op.field,
                                                    op.base,
                                                    fromA ? op.value : current,
                                                    fromA ? current : op.value,
                                                    fromA ? op.id : QString(),
                                                    fromA ? QString() : op.id};
        qCWarning(lcEngine).noquote() << "pair" << m_step.config().name << ": conflict on" << op.issueKey << op.field
                                      << "- changed on both sides; see the conflicts";
        const Result<void> recorded = m_step.store().transaction([&](QSqlDatabase &db) -> Result<void> {
            const Result<bool> added = conflicts.add(db, conflict);
            if (!added)
                return added.error();
            opened = *added;
            return m_step.markApplied(db, op, {{QStringLiteral("conflict"), true}});
        });
        if (recorded) {
            ++outcome.conflicts;
            outcome.conflictsOpened += int(opened);
        } else
            outcome.error = recorded.error().message();
        return m_step.next();
    }
    if (decision.action == writeThere) {
        ++outcome.sentBack;
        m_step.commit(op, aId, target, agreed, false, backOp(), {{QStringLiteral("sentBack"), decision.reason}});
        return m_step.next();
    }
    // writeHere, or a merged set that goes to both sides.
    const QList<Op> back = decision.action == Action::WriteBoth ? backOp() : QList<Op>{};
    const auto written = [this, op, aId, target, agreed, back, reason = decision.reason](const QString &problem) {
        if (!problem.isEmpty())
            return m_step.leave(op, problem);
        ++m_step.outcome().written;
        m_step.outcome().sentBack += int(back.size());
        m_step.commit(op, aId, target, agreed, true, back, {{QStringLiteral("written"), reason}});
        m_step.next();
    };
    if (op.field == FieldTranslator::statusKey())
        return m_step.walkStatus(target, fieldId(m_target, QStringLiteral("issuetype")),
                                 fieldId(m_target, QStringLiteral("status")), decision.value, written);
    FieldTranslator::Translated fields = translator.toSide(side, agreed, files);
    if (!fields.problems.isEmpty())
        return m_step.leave(op, fields.problems.join(QStringLiteral("; ")));
    const QStringList offScreen = m_step.keepToScreen(fieldId(m_target, QStringLiteral("issuetype")), &fields.values);
    if (!offScreen.isEmpty() && fields.values.isEmpty()) { // off this type's screens here: said once, not written
        m_step.markApplied(op, {{QStringLiteral("skipped"), QStringLiteral("not on the issue type's screens")}});
        ++m_step.outcome().skipped;
        return m_step.next();
    }
    m_step.ensureProjectValues(fields.values, [this, target, values = fields.values, written](const QString &problem) {
        if (!problem.isEmpty())
            return written(problem);
        then(m_step.client().editIssue(target.key, values), &m_step,
             [written](JiraReply *reply) { written(reply->ok() ? QString() : reply->error().sentence()); });
    });
}

void FieldWriter::applySetEpic(const Op &op)
{
    const std::optional<LinkRepository::Link> link = m_step.linkOf(op);
    if (!link)
        return;
    const QString field = m_step.translator().epicField(m_step.side());
    if (field.isEmpty()) { // this site has no epics to set
        m_step.markApplied(op, {{QStringLiteral("skipped"), true}});
        ++m_step.outcome().skipped;
        return m_step.next();
    }
    QString epic;
    if (op.value.isString()) {
        const Result<QString> epicHere = m_step.partnerKeyOf(op.value.toString(), QStringLiteral("epic"));
        if (!epicHere)
            return m_step.leave(op, epicHere.error().message());
        epic = *epicHere;
    }
    const ApplyTarget target = m_step.targetOf(*link);
    then(m_step.client().getIssue(target.key, {field, QStringLiteral("issuetype")}), &m_step,
         [this, op, field, epic, target](JiraReply *read) {
             if (m_step.partnerGone(op, read) || m_step.outsidePair(op, read))
                 return;
             if (!read->ok())
                 return m_step.leave(op, read->error().sentence());
             const FieldTranslator &translator = m_step.translator();
             Side side = m_step.side();
             if (translator.epicOf(side, read->object().value(QStringLiteral("fields")).toObject()) == epic)
                 return settleHierarchy(op, epicKey(), epic, target, QStringLiteral("unchanged"));
             then(m_step.client().editIssue(target.key, {{field, translator.epicValue(side, epic)}}), &m_step,
                  [this, op, epic, target](JiraReply *write) {
                      if (!write->ok())
                          return m_step.leave(op, write->error().sentence());
                      settleHierarchy(op, epicKey(), epic, target, QStringLiteral("written"));
                  });
         });
}

void FieldWriter::applySetParent(const Op &op)
{
    const std::optional<LinkRepository::Link> link = m_step.linkOf(op);
    if (!link)
        return;
    const Result<QString> parent = m_step.partnerKeyOf(op.value.toString(), QStringLiteral("new parent"));
    if (!parent)
        return m_step.leave(op, parent.error().message());
    const ApplyTarget target = m_step.targetOf(*link);
    then(m_step.client().getIssue(target.key, {QStringLiteral("parent")}), &m_step,
         [this, op, target, parent = *parent](JiraReply *read) {
             if (m_step.partnerGone(op, read) || m_step.outsidePair(op, read))
                 return;
             if (!read->ok())
                 return m_step.leave(op, read->error().sentence());
             const QString now = read->object()
                                     .value(QStringLiteral("fields"))
                                     .toObject()
                                     .value(QStringLiteral("parent"))
                                     .toObject()
                                     .value(QStringLiteral("key"))
                                     .toString();
             if (now == parent)
                 return settleHierarchy(op, parentKey(), parent, target, QStringLiteral("unchanged"));
             if (!m_step.translator().isCloud(m_step.side())) {
                 // Jira Data Center moves a sub-task only in its Move wizard. Taken as done, so that the
                 // move made by hand is not sent back; the rest of the issue goes on meanwhile.
                 ApplyOutcome &outcome = m_step.outcome();
                 outcome.problems << QStringLiteral("%1 (%2): Jira Data Center's REST API cannot move a sub-task to "
                                                    "another parent; move %3 under %4 by hand (More > Move)")
                                         .arg(op.issueKey, opKindName(op.kind), target.key, parent);
                 qCWarning(lcEngine).noquote()
                     << "pair" << m_step.config().name << "side" << m_step.side() << ":" << outcome.problems.last();
                 return settleHierarchy(op, parentKey(), parent, target, QStringLiteral("by-hand"));
             }
             then(m_step.client().editIssue(target.key,
                                            {{QStringLiteral("parent"), QJsonObject{{QStringLiteral("key"), parent}}}}),
                  &m_step, [this, op, target, parent](JiraReply *write) {
                      if (!write->ok())
                          return m_step.leave(op, write->error().sentence());
                      settleHierarchy(op, parentKey(), parent, target, QStringLiteral("written"));
                  });
         });
}

void FieldWriter::settleHierarchy(const Op &op, const QString &snapshotKey, const QString &value,
                                  const ApplyTarget &target, const QString &result)
{
    // Recorded as what this side holds, so its poll does not send it back.
    Side side = m_step.side();
    LinkRepository links(m_step.store(), m_step.pairId());
    const Result<void> recorded = m_step.store().transaction([&](QSqlDatabase &db) -> Result<void> {
        Result<QJsonObject> holds = links.observed(side, target.id);
        if (!holds)
            return holds.error();
        holds->insert(snapshotKey, value);
        if (auto set = links.setObserved(db, side, target.id, target.key, *holds); !set)
            return set;
        return m_step.markApplied(db, op, {{result, value}});
    });
    if (!recorded)
        m_step.outcome().error = recorded.error().message();
    else
        m_step.tally(result);
    m_step.next();
}

} // namespace ferry
