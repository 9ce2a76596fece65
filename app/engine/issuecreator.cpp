#include "engine/issuecreator.h"

#include "core/logcategories.h"
#include "engine/applystep.h"
#include "jira/jiraclient.h"
#include "store/journal.h"
#include "store/statestore.h"

#include <algorithm>

namespace ferry {

namespace {

/// Jira's issue ids grow: the oldest issue first.
void sortByAge(QList<QJsonObject> *issues)
{
    std::sort(issues->begin(), issues->end(), [](const QJsonObject &x, const QJsonObject &y) {
        return x.value(QStringLiteral("id")).toString().toLongLong()
            < y.value(QStringLiteral("id")).toString().toLongLong();
    });
}

} // namespace

IssueCreator::IssueCreator(ApplyStep &step)
    : m_step(step)
{
}

void IssueCreator::begin()
{
    m_bulkCreated.clear();
    m_single.clear();
}

void IssueCreator::apply(const Op &op)
{
    if (!m_single.contains(op.id) && bulkCreate(op))
        return;
    applyCreate(op);
}

Result<IssueCreator::PreparedCreate> IssueCreator::prepareCreate(const Op &op)
{
    const FieldTranslator &translator = m_step.translator();
    Side side = m_step.side();
    const QJsonObject value = op.value.toObject();
    const QString sourceType = value.value(QStringLiteral("issueType")).toString();
    PreparedCreate prepared;
    prepared.targetType = m_step.config().issueTypeFor(op.side, sourceType);
    if (prepared.targetType.isEmpty())
        return Error(QStringLiteral("issue type %1 has no mapping to side %2; add one to the pair's issueTypes")
                         .arg(sourceType, sideLetter(side)));
    const QJsonObject common = value.value(QStringLiteral("fields")).toObject();
    FieldTranslator::Translated fields = translator.toSide(side, common);
    prepared.problems = fields.problems;
    fields.values.insert(QStringLiteral("project"), QJsonObject{{QStringLiteral("key"), m_step.ownSide().project}});
    fields.values.insert(QStringLiteral("issuetype"), QJsonObject{{QStringLiteral("id"), prepared.targetType}});
    m_step.keepToScreen(prepared.targetType, &fields.values);
    if (const QString parent = value.value(QStringLiteral("parent")).toString(); !parent.isEmpty()) {
        // A sub-task goes under its parent's partner, which exists once the parent is synced.
        const Result<std::optional<LinkRepository::Link>> parentLink
            = LinkRepository(m_step.store(), m_step.pairId()).find(op.side, parent);
        if (!parentLink)
            return parentLink.error();
        if (!*parentLink)
            return Error(QStringLiteral("its parent is not synced (yet, or it is outside the pair's scope)"));
        fields.values.insert(QStringLiteral("parent"),
                             QJsonObject{{QStringLiteral("key"), m_step.targetOf(**parentLink).key}});
    }
    // Data Center wants a name for an epic; its summary is the natural one.
    if (value.value(QStringLiteral("isEpic")).toBool() && !translator.epicNameField(side).isEmpty()
        && !fields.values.contains(translator.epicNameField(side)))
        fields.values.insert(translator.epicNameField(side),
                             fields.values.value(QStringLiteral("summary")).toString(op.issueKey));
    if (const QString epic = value.value(QStringLiteral("epic")).toString();
        !epic.isEmpty() && !translator.epicField(side).isEmpty()) {
        const Result<QString> epicHere = m_step.partnerKeyOf(epic, QStringLiteral("epic"));
        if (!epicHere)
            return epicHere.error();
        fields.values.insert(translator.epicField(side), translator.epicValue(side, *epicHere));
    }
    prepared.fields = fields.values;
    return prepared;
}

QJsonArray IssueCreator::originOf(const Op &op) const
{
    return {QJsonObject{{QStringLiteral("key"), originProperty()},
                        {QStringLiteral("value"),
                         QJsonObject{{QStringLiteral("pair"), m_step.config().name},
                                     {QStringLiteral("op"), op.id},
                                     {QStringLiteral("source"), op.issueKey}}}}};
}

void IssueCreator::applyCreate(const Op &op)
{
    LinkRepository links(m_step.store(), m_step.pairId());
    const Result<std::optional<LinkRepository::Link>> existing = links.find(op.side, op.issueId);
    if (!existing)
        return m_step.leave(op, existing.error().message());
    if (*existing) {
        if (!m_step.config().match.isEmpty()) {
            // The other side's create may have matched this issue to its partner already.
            const Result<bool> tried = attemptedBefore(op);
            if (!tried)
                return m_step.leave(op, tried.error().message());
            if (!*tried) {
                m_step.markApplied(op, {{QStringLiteral("matched"), m_step.targetOf(**existing).key}});
                ++m_step.outcome().unchanged;
                return m_step.next();
            }
        }
        return resumeCreate(op, **existing);
    }
    const Result<PreparedCreate> prepared = prepareCreate(op);
    if (!prepared)
        return m_step.leave(op, prepared.error().message());
    if (!prepared->problems.isEmpty())
        m_step.outcome().problems << QStringLiteral("%1: %2").arg(op.issueKey,
                                                                  prepared->problems.join(QStringLiteral("; ")));
    if (const auto made = m_bulkCreated.constFind(op.id); made != m_bulkCreated.cend())
        return created(op, prepared->targetType, made->first, made->second);
    m_step.ensureProjectValues(
        prepared->fields,
        [this, op, targetType = prepared->targetType, values = prepared->fields](const QString &problem) {
            if (!problem.isEmpty())
                return m_step.leave(op, problem);
            // A create whose answer never came (a crash, a lost connection) may have reached Jira: the
            // journal remembers the attempt, and the origin marker finds the issue.
            const Result<Journal::Entry> attempt
                = Journal(m_step.store(), m_step.pairId())
                      .first(QStringLiteral("create-attempt"), QStringLiteral("op"), op.id);
            if (!attempt)
                return m_step.leave(op, attempt.error().message());
            if (attempt->time.isValid())
                return findCreated(op, targetType, values, attempt->time);
            if (!m_step.config().match.isEmpty())
                return findMatch(op, targetType, values);
            createNew(op, targetType, values);
        });
}

void IssueCreator::createNew(const Op &op, const QString &targetType, const QJsonObject &fields)
{
    if (auto journaled
        = Journal(m_step.store(), m_step.pairId())
              .record(
                  {{}, m_step.side(), op.issueKey, QStringLiteral("create-attempt"), {{QStringLiteral("op"), op.id}}});
        !journaled)
        return m_step.leave(op, journaled.error().message());
    sendCreate(op, targetType, fields);
}

Result<bool> IssueCreator::attemptedBefore(const Op &op)
{
    Journal journal(m_step.store(), m_step.pairId());
    for (const QString &kind : {QStringLiteral("create-attempt"), QStringLiteral("match-attempt")}) {
        const Result<Journal::Entry> attempt = journal.first(kind, QStringLiteral("op"), op.id);
        if (!attempt)
            return attempt.error();
        if (attempt->time.isValid())
            return true;
    }
    return false;
}

void IssueCreator::findMatch(const Op &op, const QString &targetType, const QJsonObject &fields)
{
    const MatchRule::Lookup lookup = m_step.config().match.lookupFor(
        op.side, op.issueKey, op.value.toObject().value(QStringLiteral("matchValue")).toString());
    if (lookup.field.isEmpty() || lookup.value.isEmpty())
        return createNew(op, targetType, fields);
    const QString &project = m_step.ownSide().project;
    QStringList read = m_step.translator().fieldsToRead(m_step.side());
    read << QStringLiteral("status") << QStringLiteral("issuetype") << QStringLiteral("project") << lookup.field;
    if (lookup.field == QStringLiteral("key")) {
        if (!m_step.ownSide().ownsKey(lookup.value))
            return m_step.refuse(op,
                                 QStringLiteral("the match pairs it with %1, which is not an issue of project %2")
                                     .arg(lookup.value, project));
        then(m_step.client().getIssue(lookup.value, read), &m_step, [this, op, targetType, fields](JiraReply *reply) {
            if (!reply->ok() && reply->error().httpStatus != 404)
                return m_step.leave(
                    op, QStringLiteral("could not look for the issue it matches: %1").arg(reply->error().sentence()));
            judgeMatches(op, targetType, fields,
                         reply->ok() ? QList<QJsonObject>{reply->object()} : QList<QJsonObject>{});
        });
        return;
    }
    // An exact phrase: Jira's text search would take a bare value's signs for operators.
    QString phrase = lookup.value;
    phrase.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    const QString clause = lookup.field.startsWith(QStringLiteral("customfield_"))
        ? QStringLiteral("cf[%1]").arg(lookup.field.mid(12))
        : lookup.field;
    then(m_step.client().search(QStringLiteral("project = \"%1\" AND %2 ~ \"\\\"%3\\\"\"").arg(project, clause, phrase),
                                read),
         &m_step, [this, op, targetType, fields](SearchReply *search) {
             if (!search->ok())
                 return m_step.leave(
                     op, QStringLiteral("could not look for the issue it matches: %1").arg(search->error().sentence()));
             judgeMatches(op, targetType, fields, search->issues());
         });
}

void IssueCreator::judgeMatches(const Op &op, const QString &targetType, const QJsonObject &fields,
                                QList<QJsonObject> found)
{
    const MatchRule &rule = m_step.config().match;
    const MatchRule::Lookup lookup
        = rule.lookupFor(op.side, op.issueKey, op.value.toObject().value(QStringLiteral("matchValue")).toString());
    const QString mapped = lookup.byKeyMap ? lookup.value : QString();
    Side side = m_step.side();
    const QString &project = m_step.ownSide().project;
    found.removeIf([&](const QJsonObject &issue) {
        const QJsonObject issueProject
            = issue.value(QStringLiteral("fields")).toObject().value(QStringLiteral("project")).toObject();
        return issueProject.value(QStringLiteral("key")).toString() != project
            || !lookup.finds(matchValueOf(issue, lookup.field));
    });
    if (found.isEmpty() && !mapped.isEmpty())
        return m_step.leave(op,
                            QStringLiteral("the pair's key map gives it the partner %1, which project %2 does not "
                                           "hold (or the sync user cannot see); correct match.keys")
                                .arg(mapped, project));
    if (found.isEmpty())
        return createNew(op, targetType, fields);
    sortByAge(&found);
    QStringList free;
    QStringList taken;
    LinkRepository links(m_step.store(), m_step.pairId());
    for (const QJsonObject &issue : std::as_const(found)) {
        const Result<std::optional<LinkRepository::Link>> link
            = links.find(side, issue.value(QStringLiteral("id")).toString());
        if (!link)
            return m_step.leave(op, link.error().message());
        const QString key = issue.value(QStringLiteral("key")).toString();
        if (*link)
            taken << QStringLiteral("%1 (linked to %2)").arg(key, (*link)->keyOn(otherSide(side)));
        else
            free << key;
    }
    const QStringList twins = op.value.toObject().value(QStringLiteral("matchTwins")).toVariant().toStringList();
    if (!twins.isEmpty() && mapped.isEmpty())
        return m_step.leave(op,
                            QStringLiteral("it matches %1 on side %2, and so do %3 of side %4 (the same value of "
                                           "%5): pair them in match.keys (ferry-cli pair match)")
                                .arg((free + taken).join(QStringLiteral(", ")), sideLetter(side),
                                     twins.join(QStringLiteral(", ")), sideLetter(op.side), rule.fieldOn(op.side)));
    if (free.size() > 1)
        return m_step.leave(op,
                            QStringLiteral("it matches %1 on side %2: make the values of %3 unique, or pair the "
                                           "issues in match.keys")
                                .arg(free.join(QStringLiteral(", ")), sideLetter(side), lookup.field));
    if (free.isEmpty())
        return m_step.leave(op,
                            QStringLiteral("it matches %1, linked to another issue already; correct the values of "
                                           "%2 or match.keys, then retry")
                                .arg(taken.join(QStringLiteral(", ")), lookup.field));
    const auto match = std::find_if(found.cbegin(), found.cend(), [&](const QJsonObject &issue) {
        return issue.value(QStringLiteral("key")).toString() == free.first();
    });
    adoptMatch(op, fields, *match);
}

LinkRepository::Link IssueCreator::linkFor(const Op &op, const QString &id, const QString &key) const
{
    const bool fromA = op.side == Side::A;
    return {fromA ? op.issueId : id, fromA ? op.issueKey : key, fromA ? id : op.issueId, fromA ? key : op.issueKey};
}

void IssueCreator::adoptMatch(const Op &op, const QJsonObject &fields, const QJsonObject &match)
{
    Side side = m_step.side();
    const QString id = match.value(QStringLiteral("id")).toString();
    const QString key = match.value(QStringLiteral("key")).toString();
    const QJsonObject raw = match.value(QStringLiteral("fields")).toObject();
    if (auto journaled = Journal(m_step.store(), m_step.pairId())
                             .record({{},
                                      side,
                                      op.issueKey,
                                      QStringLiteral("match-attempt"),
                                      {{QStringLiteral("op"), op.id}, {QStringLiteral("key"), key}}});
        !journaled)
        return m_step.leave(op, journaled.error().message());
    const MatchRule &rule = m_step.config().match;
    qCInfo(lcEngine).noquote() << "pair" << m_step.config().name << ":" << op.issueKey << "matches" << key << "on side"
                               << sideLetter(side) << "- linking them, side" << sideLetter(rule.prefer)
                               << "'s content wins";
    if (rule.prefer == op.side) {
        // The source's content goes over the match, as a create would have written it.
        QJsonObject write = fields;
        for (const QString &fixed : {QStringLiteral("project"), QStringLiteral("issuetype"), QStringLiteral("parent")})
            write.remove(fixed);
        then(m_step.client().editIssue(key, write), &m_step, [this, op, id, key, raw](JiraReply *edit) {
            if (!edit->ok())
                return m_step.leave(op,
                                    QStringLiteral("it matches %1, but writing its content there failed: %2")
                                        .arg(key, edit->error().sentence()));
            recordCreated(op, id, key, fieldId(raw, QStringLiteral("issuetype")),
                          fieldId(raw, QStringLiteral("status")));
        });
        return;
    }
    // The match's content goes back over the source: what it holds is the base, and this side's
    // next poll sends it again (a resync).
    const QJsonObject holds = m_step.translator().toCommon(side, raw).values;
    LinkRepository links(m_step.store(), m_step.pairId());
    const Result<void> recorded = m_step.store().transaction([&](QSqlDatabase &db) -> Result<void> {
        if (auto linked = links.link(db, linkFor(op, id, key), holds); !linked)
            return linked;
        if (auto set = links.setObserved(db, side, id, key, holds); !set)
            return set;
        if (auto requested = links.request(db, side, key, QStringLiteral("resync")); !requested)
            return requested;
        return m_step.markApplied(db, op, {{QStringLiteral("matched"), key}});
    });
    if (!recorded)
        return m_step.leave(
            op,
            QStringLiteral("it matches %1, but recording the link failed: %2").arg(key, recorded.error().message()));
    ++m_step.outcome().written;
    m_step.next();
}

bool IssueCreator::bulkCreate(const Op &first)
{
    // New issues go to Jira 50 at a time. Each is then recorded as if made alone; one Jira
    // refused, or one with something to settle first, takes the path of a single create.
    if (!m_step.config().createMissing.isEmpty() || !m_step.config().match.isEmpty())
        return false;
    // The creates further on come forward: each is its issue's first op, and the ops of other
    // issues do not depend on it (links come after every create of a poll).
    QList<Op> batch{first};
    QList<Op> &queue = m_step.queue;
    for (qsizetype i = 0; i < queue.size() && batch.size() < 50;) {
        const Op &op = queue.at(i);
        if (op.kind == OpKind::CreateIssue && !m_step.held.contains(ApplyStep::issueOf(op))
            && !m_single.contains(op.id))
            batch << queue.takeAt(i);
        else
            ++i;
    }
    for (const Op &op : batch)
        m_single << op.id; // whatever happens below, each goes its own way next
    QList<Op> sent;
    QList<QJsonObject> updates;
    Journal journal(m_step.store(), m_step.pairId());
    LinkRepository links(m_step.store(), m_step.pairId());
    for (const Op &op : std::as_const(batch)) {
        // An op this cannot vouch for goes alone, which says why.
        const Result<Journal::Entry> attempt
            = journal.first(QStringLiteral("create-attempt"), QStringLiteral("op"), op.id);
        const Result<std::optional<LinkRepository::Link>> existing = links.find(op.side, op.issueId);
        if (!attempt || attempt->time.isValid() || !existing || *existing)
            continue;
        const Result<PreparedCreate> prepared = prepareCreate(op);
        if (!prepared)
            continue;
        sent << op;
        updates << QJsonObject{{QStringLiteral("fields"), prepared->fields},
                               {QStringLiteral("properties"), originOf(op)}};
    }
    const auto again = [this, batch] {
        for (qsizetype i = batch.size() - 1; i >= 0; --i)
            m_step.queue.prepend(batch.at(i));
        m_step.next();
    };
    if (sent.size() < 2) {
        again();
        return true;
    }
    for (const Op &op : std::as_const(sent)) {
        if (auto journaled = journal.record(
                {{}, m_step.side(), op.issueKey, QStringLiteral("create-attempt"), {{QStringLiteral("op"), op.id}}});
            !journaled) {
            m_step.outcome().error = journaled.error().message();
            again();
            return true;
        }
    }
    then(m_step.client().createIssues(updates), &m_step, [this, sent, again](JiraReply *reply) {
        // The issues Jira made, in the order asked, skipping the ones it refused.
        QSet<int> refused;
        for (const QJsonValue &failure : reply->object().value(QStringLiteral("errors")).toArray())
            refused << failure.toObject().value(QStringLiteral("failedElementNumber")).toInt();
        const QJsonArray made = reply->object().value(QStringLiteral("issues")).toArray();
        qsizetype next = 0;
        for (int i = 0; i < sent.size() && next < made.size(); ++i) {
            if (refused.contains(i))
                continue;
            const QJsonObject issue = made.at(next++).toObject();
            m_bulkCreated.insert(
                sent.at(i).id,
                {issue.value(QStringLiteral("id")).toString(), issue.value(QStringLiteral("key")).toString()});
        }
        again();
    });
    return true;
}

void IssueCreator::findCreated(const Op &op, const QString &issueType, const QJsonObject &fields,
                               const QDateTime &since)
{
    // Relative to Jira's clock and zone; a few minutes more for clocks that differ.
    const qint64 minutes = since.secsTo(QDateTime::currentDateTimeUtc()) / 60 + 5;
    SearchReply *recent = m_step.client().search(
        QStringLiteral("project = \"%1\" AND created >= -%2m").arg(m_step.ownSide().project).arg(minutes),
        {QStringLiteral("status")}, {}, {originProperty()});
    then(recent, &m_step, [this, op, issueType, fields](SearchReply *search) {
        if (!search->ok())
            return m_step.leave(op,
                                QStringLiteral("could not look for the issue an earlier attempt may have "
                                               "created: %1")
                                    .arg(search->error().sentence()));
        // Qt may have sent the create twice (see JiraClient): the first issue is the one, the
        // others are duplicates this pair made a moment ago and are removed.
        QList<QJsonObject> made;
        for (const QJsonObject &issue : search->issues()) {
            const QJsonObject origin
                = issue.value(QStringLiteral("properties")).toObject().value(originProperty()).toObject();
            if (origin.value(QStringLiteral("op")).toString() == op.id)
                made << issue;
        }
        sortByAge(&made);
        if (made.isEmpty())
            return sendCreate(op, issueType, fields);
        const QString key = made.first().value(QStringLiteral("key")).toString();
        qCInfo(lcEngine).noquote() << "pair" << m_step.config().name << ":" << op.issueKey << "was created as" << key
                                   << "by an earlier attempt; linking it";
        for (const QJsonObject &duplicate : made.mid(1))
            removeDuplicate(duplicate.value(QStringLiteral("key")).toString(), key);
        recordCreated(op, made.first().value(QStringLiteral("id")).toString(), key, issueType,
                      fieldId(made.first().value(QStringLiteral("fields")).toObject(), QStringLiteral("status")));
    });
}

void IssueCreator::removeDuplicate(const QString &duplicateKey, const QString &keptKey)
{
    then(m_step.client().deleteIssue(duplicateKey), &m_step, [this, duplicateKey, keptKey](JiraReply *reply) {
        if (reply->ok())
            qCInfo(lcEngine).noquote() << "pair" << m_step.config().name << ": removed" << duplicateKey
                                       << ", a duplicate of" << keptKey << "made by a create sent twice";
        else
            qCWarning(lcEngine).noquote()
                << "pair" << m_step.config().name << ":" << duplicateKey << "is a duplicate of" << keptKey
                << "made by a create sent twice, and could not be removed (" << reply->error().sentence()
                << "); delete it in Jira";
    });
}

void IssueCreator::sendCreate(const Op &op, const QString &targetType, const QJsonObject &fields)
{
    then(m_step.client().createIssue(fields, originOf(op)), &m_step, [this, op, targetType](JiraReply *reply) {
        if (!reply->ok())
            return m_step.leave(op, reply->error().sentence());
        created(op, targetType, reply->object().value(QStringLiteral("id")).toString(),
                reply->object().value(QStringLiteral("key")).toString());
    });
}

void IssueCreator::created(const Op &op, const QString &targetType, const QString &id, const QString &key)
{
    const bool readsStatus
        = op.value.toObject().value(QStringLiteral("fields")).toObject().contains(FieldTranslator::statusKey());
    const QString initial = m_initialStatus.value(targetType);
    if (!readsStatus || !initial.isEmpty())
        return recordCreated(op, id, key, targetType, initial);
    // The status a new issue starts in is the workflow's, the same for every issue of a type.
    then(m_step.client().getIssue(key, {QStringLiteral("status")}), &m_step,
         [this, op, id, key, targetType](JiraReply *read) {
             const QString status
                 = fieldId(read->object().value(QStringLiteral("fields")).toObject(), QStringLiteral("status"));
             if (read->ok() && !status.isEmpty())
                 m_initialStatus.insert(targetType, status);
             recordCreated(op, id, key, targetType, status);
         });
}

void IssueCreator::recordCreated(const Op &op, const QString &id, const QString &key, const QString &issueType,
                                 const QString &initialStatus)
{
    Side side = m_step.side();
    const QJsonObject common = op.value.toObject().value(QStringLiteral("fields")).toObject();
    const QJsonValue goal = common.value(FieldTranslator::statusKey());
    const QJsonValue now = m_step.commonStatus(initialStatus);
    const bool walks = !goal.isUndefined() && goal != now;
    QJsonObject holds = common;
    if (!goal.isUndefined())
        holdStatus(&holds, now);
    const LinkRepository::Link link = linkFor(op, id, key);
    LinkRepository links(m_step.store(), m_step.pairId());
    const Result<void> recorded = m_step.store().transaction([&](QSqlDatabase &db) -> Result<void> {
        if (auto linked = links.link(db, link, common); !linked)
            return linked;
        if (auto set = links.setObserved(db, side, id, key, holds); !set)
            return set;
        return walks ? Result<void>() : m_step.markApplied(db, op, {{QStringLiteral("created"), key}});
    });
    if (!recorded) {
        m_step.outcome().error = QStringLiteral("%1 was created as %2, but recording it failed: %3; its origin "
                                                "marker lets the next run find it")
                                     .arg(op.issueKey, key, recorded.error().message());
        return m_step.next();
    }
    ++m_step.outcome().written;
    if (!walks)
        return m_step.next();
    if (initialStatus.isEmpty())
        return m_step.leave(op, QStringLiteral("created as %1, but its status could not be read").arg(key));
    const ApplyTarget target{id, key};
    m_step.walkStatus(target, issueType, initialStatus, goal, [this, op, link, target, goal](const QString &problem) {
        if (!problem.isEmpty())
            return m_step.leave(
                op, QStringLiteral("created as %1, but its status did not follow: %2").arg(target.key, problem));
        m_step.commit(op, link.aId, target, {{FieldTranslator::statusKey(), goal}}, true, {},
                      {{QStringLiteral("created"), target.key}});
        m_step.next();
    });
}

void IssueCreator::resumeCreate(const Op &op, const LinkRepository::Link &link)
{
    const ApplyTarget target = m_step.targetOf(link);
    const QJsonValue goal
        = op.value.toObject().value(QStringLiteral("fields")).toObject().value(FieldTranslator::statusKey());
    if (goal.isUndefined()) {
        m_step.markApplied(op, {{QStringLiteral("created"), target.key}});
        return m_step.next();
    }
    then(m_step.client().getIssue(target.key, {QStringLiteral("status"), QStringLiteral("issuetype")}), &m_step,
         [this, op, link, target, goal](JiraReply *read) {
             if (m_step.partnerGone(op, read) || m_step.outsidePair(op, read))
                 return;
             if (!read->ok())
                 return m_step.leave(op, read->error().sentence());
             const QJsonObject fields = read->object().value(QStringLiteral("fields")).toObject();
             m_step.walkStatus(
                 target, fieldId(fields, QStringLiteral("issuetype")), fieldId(fields, QStringLiteral("status")), goal,
                 [this, op, link, target, goal](const QString &problem) {
                     if (!problem.isEmpty())
                         return m_step.leave(op, QStringLiteral("its status did not follow: %1").arg(problem));
                     m_step.commit(op, link.aId, target, {{FieldTranslator::statusKey(), goal}}, true, {},
                                   {{QStringLiteral("created"), target.key}});
                     m_step.next();
                 });
         });
}

} // namespace ferry
