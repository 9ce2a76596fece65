#include "engine/applier.h"

#include "core/logcategories.h"
#include "core/merge.h"
#include "engine/statuswalker.h"
#include "jira/jiraclient.h"
#include "store/blobstore.h"
#include "store/channel.h"
#include "store/conflictrepository.h"
#include "store/issueerrors.h"
#include "store/itemlinks.h"
#include "store/journal.h"
#include "store/statestore.h"

#include <QFile>
#include <QJsonArray>
#include <QLocale>

#include <algorithm>

namespace ferry {

namespace {

/// Sets the status in a snapshot of common values; a status the pair does not map is left out.
void holdStatus(QJsonObject *snapshot, const QJsonValue &status)
{
    if (status.isUndefined())
        snapshot->remove(FieldTranslator::statusKey());
    else
        snapshot->insert(FieldTranslator::statusKey(), status);
}

} // namespace

Applier::Applier(JiraClient &client, const PairConfig &config, const FieldTranslator &translator, StateStore &store,
                 qint64 pairId, const QString &side, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_config(config)
    , m_translator(translator)
    , m_items(translator)
    , m_store(store)
    , m_pairId(pairId)
    , m_side(side)
{
}

void Applier::apply(const QList<Op> &ops)
{
    Channel channel(m_store, m_pairId);
    QString error;
    if (!channel.receive(m_side, ops, &error)) {
        Outcome outcome;
        outcome.error = QStringLiteral("could not record the arriving ops: %1").arg(error);
        Q_EMIT finished(outcome);
        return;
    }
    // Every op not applied yet, whether it is new or came again after a failed attempt.
    for (const Op &op : ops) {
        const std::optional<bool> applied = channel.isApplied(m_side, op.id, &error);
        if (applied && !*applied && op.side == otherSide())
            m_queue << op;
    }
    m_outcome = {};
    m_projectValues.clear();
    m_bulkCreated.clear();
    m_single.clear();
    m_held.clear();
    m_parked.clear();
    m_synced.clear();
    IssueErrors errors(m_store, m_pairId);
    const auto parked = errors.all(&error);
    const auto waiting = parked ? errors.waiting(QDateTime::currentDateTimeUtc(), &error) : std::nullopt;
    if (!waiting) {
        m_queue.clear();
        m_outcome.error = QStringLiteral("could not read the parked issues: %1").arg(error);
        Q_EMIT finished(m_outcome);
        return;
    }
    for (const IssueErrors::Parked &issue : *parked)
        m_parked << issue.side + u':' + issue.issueId;
    for (const IssueErrors::Parked &issue : *waiting)
        m_held << issue.side + u':' + issue.issueId;
    next();
}

void Applier::next()
{
    if (m_queue.isEmpty()) {
        unpark();
        m_busy = false;
        Q_EMIT finished(m_outcome);
        return;
    }
    m_busy = true;
    const Op op = m_queue.takeFirst();
    if (m_held.contains(issueOf(op)))
        return hold(op);
    m_synced << issueOf(op);
    if (op.kind == QStringLiteral("create-issue") && !m_single.contains(op.id) && bulkCreate(op))
        return;
    if (op.kind == QStringLiteral("create-issue"))
        applyCreate(op);
    else if (op.kind == QStringLiteral("set-field") || op.kind == QStringLiteral("resync-field"))
        applySetField(op);
    else if (op.kind == QStringLiteral("set-epic"))
        applySetEpic(op);
    else if (op.kind == QStringLiteral("set-parent"))
        applySetParent(op);
    else if (op.kind == QStringLiteral("add-version") || op.kind == QStringLiteral("edit-version"))
        applyVersion(op);
    else if (op.kind == QStringLiteral("add-link"))
        applyAddLink(op);
    else if (const auto item = IssueItems::actionOf(op.kind);
             item && item->second == IssueItems::remoteLink() && item->first != QStringLiteral("delete"))
        applyRemoteLink(op);
    else if (item && item->first == QStringLiteral("add"))
        applyAddItem(op, item->second);
    else if (item && item->first == QStringLiteral("edit"))
        applyEditItem(op, item->second);
    else if (item && item->first == QStringLiteral("resync"))
        applyResyncItem(op, item->second);
    else if (item)
        applyDeleteItem(op, item->second);
    else
        refuse(op, QStringLiteral("ops of kind '%1' are not something Ferry applies").arg(op.kind));
}

void Applier::refuse(const Op &op, const QString &why)
{
    ++m_outcome.refused;
    m_outcome.problems << QStringLiteral("%1 (%2): refused: %3").arg(op.issueKey, op.kind, why);
    qCWarning(lcEngine).noquote() << "pair" << m_config.name << "side" << m_side << ": op" << op.id << "refused -"
                                  << m_outcome.problems.last() << "- it is rejected, not tried again";
    QString error;
    const bool recorded
        = Channel(m_store, m_pairId).markApplied(m_side, op.id, {{QStringLiteral("refused"), why}}, &error)
        && Journal(m_store, m_pairId)
               .record(
                   {{},
                    m_side,
                    op.issueKey,
                    QStringLiteral("op-refused"),
                    {{QStringLiteral("op"), op.id}, {QStringLiteral("kind"), op.kind}, {QStringLiteral("why"), why}}},
                   &error);
    if (!recorded)
        m_outcome.error = error;
    QMetaObject::invokeMethod(this, &Applier::next, Qt::QueuedConnection);
}

bool Applier::outsidePair(const Op &op, const JiraReply *reply)
{
    if (!reply->ok())
        return false;
    const QJsonObject issue = reply->object();
    const QString key = issue.value(QStringLiteral("key")).toString();
    const QString type = issue.value(QStringLiteral("fields"))
                             .toObject()
                             .value(QStringLiteral("issuetype"))
                             .toObject()
                             .value(QStringLiteral("id"))
                             .toString();
    if (!key.isEmpty() && !ownSide().ownsKey(key))
        refuse(op,
               QStringLiteral("Jira answers for issue %1, which is not in project %2 (moved away?); the pair "
                              "reads and writes only its projects")
                   .arg(key, ownSide().project));
    else if (!type.isEmpty() && !m_config.mapsIssueType(m_side, type))
        refuse(op,
               QStringLiteral("issue %1 is of issue type %2, which the pair does not map; the pair reads and "
                              "writes only the issue types it maps")
                   .arg(key, type));
    else
        return false;
    return true;
}

void Applier::leave(const Op &op, const QString &why)
{
    m_outcome.problems << QStringLiteral("%1 (%2): %3").arg(op.issueKey, op.kind, why);
    m_outcome.left << op.id;
    m_held << issueOf(op);
    m_synced.remove(issueOf(op));
    QString error;
    const bool parked = IssueErrors(m_store, m_pairId).park(op.side, op.issueId, op.issueKey, why, &error);
    qCWarning(lcEngine).noquote() << "pair" << m_config.name << "side" << m_side << ":" << m_outcome.problems.last()
                                  << (parked
                                          ? QStringLiteral("- parked; retried later, the other issues go on")
                                          : QStringLiteral("- could not park it (%1); retried next round").arg(error));
    QMetaObject::invokeMethod(this, &Applier::next, Qt::QueuedConnection);
}

void Applier::hold(const Op &op)
{
    ++m_outcome.waiting;
    m_outcome.left << op.id;
    QMetaObject::invokeMethod(this, &Applier::next, Qt::QueuedConnection);
}

void Applier::unpark()
{
    const QSet<QString> unparked = m_synced & m_parked;
    if (unparked.isEmpty())
        return;
    IssueErrors errors(m_store, m_pairId);
    QString error;
    const bool ok = m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            for (const QString &issue : unparked) {
                const qsizetype colon = issue.indexOf(u':');
                if (!errors.clear(db, issue.left(colon), issue.mid(colon + 1), problem))
                    return false;
            }
            return true;
        },
        &error);
    if (!ok)
        qCWarning(lcEngine).noquote() << "pair" << m_config.name
                                      << ": could not unpark the issues that synced:" << error;
}

std::optional<Applier::PreparedCreate> Applier::prepareCreate(const Op &op, QString *why)
{
    const QJsonObject value = op.value.toObject();
    const QString sourceType = value.value(QStringLiteral("issueType")).toString();
    PreparedCreate prepared;
    prepared.targetType = m_config.issueTypeFor(op.side, sourceType);
    if (prepared.targetType.isEmpty()) {
        *why = QStringLiteral("issue type %1 has no mapping to side %2; add one to the pair's issueTypes")
                   .arg(sourceType, m_side);
        return std::nullopt;
    }
    const QJsonObject common = value.value(QStringLiteral("fields")).toObject();
    FieldTranslator::Result fields = m_translator.toSide(m_side, common);
    prepared.problems = fields.problems;
    const PairSide &target = m_side == QStringLiteral("a") ? m_config.a : m_config.b;
    fields.values.insert(QStringLiteral("project"), QJsonObject{{QStringLiteral("key"), target.project}});
    fields.values.insert(QStringLiteral("issuetype"), QJsonObject{{QStringLiteral("id"), prepared.targetType}});
    if (const QString parent = value.value(QStringLiteral("parent")).toString(); !parent.isEmpty()) {
        // A sub-task goes under its parent's partner, which exists once the parent is synced.
        std::optional<LinkRepository::Link> parentLink;
        if (!LinkRepository(m_store, m_pairId).find(op.side, parent, &parentLink, why))
            return std::nullopt;
        if (!parentLink) {
            *why = QStringLiteral("its parent is not synced (yet, or it is outside the pair's scope)");
            return std::nullopt;
        }
        fields.values.insert(
            QStringLiteral("parent"),
            QJsonObject{{QStringLiteral("key"), m_side == QStringLiteral("a") ? parentLink->aKey : parentLink->bKey}});
    }
    // Data Center wants a name for an epic; its summary is the natural one.
    if (value.value(QStringLiteral("isEpic")).toBool() && !m_translator.epicNameField(m_side).isEmpty()
        && !fields.values.contains(m_translator.epicNameField(m_side)))
        fields.values.insert(m_translator.epicNameField(m_side),
                             fields.values.value(QStringLiteral("summary")).toString(op.issueKey));
    if (const QString epic = value.value(QStringLiteral("epic")).toString();
        !epic.isEmpty() && !m_translator.epicField(m_side).isEmpty()) {
        const std::optional<QString> epicHere = partnerKeyOf(epic, QStringLiteral("epic"), why);
        if (!epicHere)
            return std::nullopt;
        fields.values.insert(m_translator.epicField(m_side), m_translator.epicValue(m_side, *epicHere));
    }
    prepared.fields = fields.values;
    return prepared;
}

QJsonArray Applier::originOf(const Op &op) const
{
    return {QJsonObject{{QStringLiteral("key"), originProperty()},
                        {QStringLiteral("value"),
                         QJsonObject{{QStringLiteral("pair"), m_config.name},
                                     {QStringLiteral("op"), op.id},
                                     {QStringLiteral("source"), op.issueKey}}}}};
}

void Applier::applyCreate(const Op &op)
{
    LinkRepository links(m_store, m_pairId);
    std::optional<LinkRepository::Link> existing;
    QString error;
    if (!links.find(op.side, op.issueId, &existing, &error))
        return leave(op, error);
    if (existing) {
        if (!m_config.match.isEmpty()) {
            // The other side's create may have matched this issue to its partner already.
            const std::optional<bool> tried = attemptedBefore(op, &error);
            if (!tried)
                return leave(op, error);
            if (!*tried) {
                const QString partner = m_side == QStringLiteral("a") ? existing->aKey : existing->bKey;
                if (!Channel(m_store, m_pairId)
                         .markApplied(m_side, op.id, {{QStringLiteral("matched"), partner}}, &error))
                    m_outcome.error = error;
                ++m_outcome.unchanged;
                return next();
            }
        }
        return resumeCreate(op, *existing);
    }
    const std::optional<PreparedCreate> prepared = prepareCreate(op, &error);
    if (!prepared)
        return leave(op, error);
    if (!prepared->problems.isEmpty())
        m_outcome.problems << QStringLiteral("%1: %2").arg(op.issueKey, prepared->problems.join(QStringLiteral("; ")));
    if (const auto made = m_bulkCreated.constFind(op.id); made != m_bulkCreated.cend())
        return created(op, prepared->targetType, made->first, made->second);
    ensureProjectValues(
        prepared->fields,
        [this, op, targetType = prepared->targetType, values = prepared->fields](const QString &problem) {
            if (!problem.isEmpty())
                return leave(op, problem);
            // A create whose answer never came (a crash, a lost connection) may have reached Jira: the
            // journal remembers the attempt, and the origin marker finds the issue.
            Journal journal(m_store, m_pairId);
            QString failure;
            const std::optional<Journal::Entry> attempt
                = journal.first(QStringLiteral("create-attempt"), QStringLiteral("op"), op.id, &failure);
            if (!attempt)
                return leave(op, failure);
            if (attempt->time.isValid())
                return findCreated(op, targetType, values, attempt->time);
            if (!m_config.match.isEmpty())
                return findMatch(op, targetType, values);
            createNew(op, targetType, values);
        });
}

void Applier::createNew(const Op &op, const QString &targetType, const QJsonObject &fields)
{
    QString failure;
    if (!Journal(m_store, m_pairId)
             .record({{}, m_side, op.issueKey, QStringLiteral("create-attempt"), {{QStringLiteral("op"), op.id}}},
                     &failure))
        return leave(op, failure);
    sendCreate(op, targetType, fields);
}

std::optional<bool> Applier::attemptedBefore(const Op &op, QString *error)
{
    Journal journal(m_store, m_pairId);
    for (const QString &kind : {QStringLiteral("create-attempt"), QStringLiteral("match-attempt")}) {
        const std::optional<Journal::Entry> attempt = journal.first(kind, QStringLiteral("op"), op.id, error);
        if (!attempt)
            return std::nullopt;
        if (attempt->time.isValid())
            return true;
    }
    return false;
}

void Applier::findMatch(const Op &op, const QString &targetType, const QJsonObject &fields)
{
    const MatchRule &rule = m_config.match;
    const PairSide &target = ownSide();
    const MatchRule::Lookup lookup
        = rule.lookupFor(op.side, op.issueKey, op.value.toObject().value(QStringLiteral("matchValue")).toString());
    const QString &field = lookup.field;
    const QString &value = lookup.value;
    const QString mapped = lookup.byKeyMap ? value : QString();
    if (field.isEmpty() || value.isEmpty())
        return createNew(op, targetType, fields);
    QStringList read = m_translator.fieldsToRead(m_side);
    read << QStringLiteral("status") << QStringLiteral("issuetype") << QStringLiteral("project") << field;
    const auto judge = [this, op, targetType, fields, lookup, mapped, target, rule](JiraReply *reply,
                                                                                    QList<QJsonObject> found) {
        reply->deleteLater();
        if (!reply->ok() && !(lookup.field == QStringLiteral("key") && reply->error().httpStatus == 404))
            return leave(op,
                         QStringLiteral("could not look for the issue it matches: %1").arg(reply->error().sentence()));
        found.removeIf([&](const QJsonObject &issue) {
            const QJsonObject project
                = issue.value(QStringLiteral("fields")).toObject().value(QStringLiteral("project")).toObject();
            return project.value(QStringLiteral("key")).toString() != target.project
                || !lookup.finds(matchValueOf(issue, lookup.field));
        });
        if (found.isEmpty() && !mapped.isEmpty())
            return leave(op,
                         QStringLiteral("the pair's key map gives it the partner %1, which project %2 does not hold "
                                        "(or the sync user cannot see); correct match.keys")
                             .arg(mapped, target.project));
        if (found.isEmpty())
            return createNew(op, targetType, fields);
        std::sort(found.begin(), found.end(), [](const QJsonObject &x, const QJsonObject &y) {
            return x.value(QStringLiteral("id")).toString().toLongLong()
                < y.value(QStringLiteral("id")).toString().toLongLong();
        });
        QStringList free;
        QStringList taken;
        LinkRepository links(m_store, m_pairId);
        QString error;
        for (const QJsonObject &issue : std::as_const(found)) {
            std::optional<LinkRepository::Link> link;
            if (!links.find(m_side, issue.value(QStringLiteral("id")).toString(), &link, &error))
                return leave(op, error);
            const QString key = issue.value(QStringLiteral("key")).toString();
            if (link)
                taken << QStringLiteral("%1 (linked to %2)")
                             .arg(key, m_side == QStringLiteral("a") ? link->bKey : link->aKey);
            else
                free << key;
        }
        const QStringList twins = op.value.toObject().value(QStringLiteral("matchTwins")).toVariant().toStringList();
        if (!twins.isEmpty() && mapped.isEmpty())
            return leave(op,
                         QStringLiteral("it matches %1 on side %2, and so do %3 of side %4 (the same value of "
                                        "%5): pair them in match.keys (ferry-cli pair match)")
                             .arg((free + taken).join(QStringLiteral(", ")), m_side.toUpper(),
                                  twins.join(QStringLiteral(", ")), op.side.toUpper(), rule.fieldOn(op.side)));
        if (free.size() > 1)
            return leave(op,
                         QStringLiteral("it matches %1 on side %2: make the values of %3 unique, or pair the "
                                        "issues in match.keys")
                             .arg(free.join(QStringLiteral(", ")), m_side.toUpper(), lookup.field));
        if (free.isEmpty())
            return leave(op,
                         QStringLiteral("it matches %1, linked to another issue already; correct the values of "
                                        "%2 or match.keys, then retry")
                             .arg(taken.join(QStringLiteral(", ")), lookup.field));
        const auto match = std::find_if(found.cbegin(), found.cend(), [&](const QJsonObject &issue) {
            return issue.value(QStringLiteral("key")).toString() == free.first();
        });
        adoptMatch(op, fields, *match);
    };
    if (field == QStringLiteral("key")) {
        if (!ownSide().ownsKey(value))
            return refuse(op,
                          QStringLiteral("the match pairs it with %1, which is not an issue of project %2")
                              .arg(value, target.project));
        JiraReply *reply = m_client.getIssue(value, read);
        connect(reply, &JiraReply::finished, this, [reply, judge] {
            judge(reply, reply->ok() ? QList<QJsonObject>{reply->object()} : QList<QJsonObject>{});
        });
        return;
    }
    // An exact phrase: Jira's text search would take a bare value's signs for operators.
    QString phrase = value;
    phrase.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    const QString clause
        = field.startsWith(QStringLiteral("customfield_")) ? QStringLiteral("cf[%1]").arg(field.mid(12)) : field;
    SearchReply *search = m_client.search(
        QStringLiteral("project = \"%1\" AND %2 ~ \"\\\"%3\\\"\"").arg(target.project, clause, phrase), read);
    connect(search, &JiraReply::finished, this, [search, judge] { judge(search, search->issues()); });
}

void Applier::adoptMatch(const Op &op, const QJsonObject &fields, const QJsonObject &match)
{
    const QString id = match.value(QStringLiteral("id")).toString();
    const QString key = match.value(QStringLiteral("key")).toString();
    const QJsonObject raw = match.value(QStringLiteral("fields")).toObject();
    QString error;
    if (!Journal(m_store, m_pairId)
             .record({{},
                      m_side,
                      op.issueKey,
                      QStringLiteral("match-attempt"),
                      {{QStringLiteral("op"), op.id}, {QStringLiteral("key"), key}}},
                     &error))
        return leave(op, error);
    qCInfo(lcEngine).noquote() << "pair" << m_config.name << ":" << op.issueKey << "matches" << key << "on side"
                               << m_side.toUpper() << "- linking them, side" << m_config.match.prefer.toUpper()
                               << "'s content wins";
    if (m_config.match.prefer == op.side) {
        // The source's content goes over the match, as a create would have written it.
        QJsonObject write = fields;
        for (const QString &fixed : {QStringLiteral("project"), QStringLiteral("issuetype"), QStringLiteral("parent")})
            write.remove(fixed);
        JiraReply *edit = m_client.editIssue(key, write);
        connect(edit, &JiraReply::finished, this, [this, edit, op, id, key, raw] {
            edit->deleteLater();
            if (!edit->ok())
                return leave(op,
                             QStringLiteral("it matches %1, but writing its content there failed: %2")
                                 .arg(key, edit->error().sentence()));
            recordCreated(op, id, key, fieldId(raw, QStringLiteral("issuetype")),
                          fieldId(raw, QStringLiteral("status")));
        });
        return;
    }
    // The match's content goes back over the source: what it holds is the base, and this side's
    // next poll sends it again (a resync).
    const QJsonObject holds = m_translator.toCommon(m_side, raw).values;
    const bool fromA = op.side == QStringLiteral("a");
    const LinkRepository::Link link{fromA ? op.issueId : id, fromA ? op.issueKey : key, fromA ? id : op.issueId,
                                    fromA ? key : op.issueKey};
    LinkRepository links(m_store, m_pairId);
    const bool ok = m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            return links.link(db, link, holds, problem) && links.setObserved(db, m_side, id, key, holds, problem)
                && links.request(db, m_side, key, QStringLiteral("resync"), problem)
                && Channel(m_store, m_pairId)
                       .markApplied(db, m_side, op.id, {{QStringLiteral("matched"), key}}, problem);
        },
        &error);
    if (!ok)
        return leave(op, QStringLiteral("it matches %1, but recording the link failed: %2").arg(key, error));
    ++m_outcome.written;
    next();
}

bool Applier::bulkCreate(const Op &first)
{
    // New issues go to Jira 50 at a time. Each is then recorded as if made alone; one Jira
    // refused, or one with something to settle first, takes the path of a single create.
    if (!m_config.createMissing.isEmpty() || !m_config.match.isEmpty())
        return false;
    // The creates further on come forward: each is its issue's first op, and the ops of other
    // issues do not depend on it (links come after every create of a poll).
    QList<Op> batch{first};
    for (qsizetype i = 0; i < m_queue.size() && batch.size() < 50;) {
        const Op &op = m_queue.at(i);
        if (op.kind == QStringLiteral("create-issue") && !m_held.contains(issueOf(op)) && !m_single.contains(op.id))
            batch << m_queue.takeAt(i);
        else
            ++i;
    }
    for (const Op &op : batch)
        m_single << op.id; // whatever happens below, each goes its own way next
    QList<Op> sent;
    QList<QJsonObject> updates;
    Journal journal(m_store, m_pairId);
    LinkRepository links(m_store, m_pairId);
    for (const Op &op : std::as_const(batch)) {
        QString why;
        std::optional<LinkRepository::Link> existing;
        const std::optional<Journal::Entry> attempt
            = journal.first(QStringLiteral("create-attempt"), QStringLiteral("op"), op.id, &why);
        if (!links.find(op.side, op.issueId, &existing, &why) || existing || !attempt || attempt->time.isValid())
            continue;
        const std::optional<PreparedCreate> prepared = prepareCreate(op, &why);
        if (!prepared)
            continue;
        sent << op;
        updates << QJsonObject{{QStringLiteral("fields"), prepared->fields},
                               {QStringLiteral("properties"), originOf(op)}};
    }
    const auto again = [this, batch] {
        for (qsizetype i = batch.size() - 1; i >= 0; --i)
            m_queue.prepend(batch.at(i));
        next();
    };
    if (sent.size() < 2) {
        again();
        return true;
    }
    for (const Op &op : std::as_const(sent)) {
        QString failure;
        if (!journal.record(
                {{}, m_side, op.issueKey, QStringLiteral("create-attempt"), {{QStringLiteral("op"), op.id}}},
                &failure)) {
            m_outcome.error = failure;
            again();
            return true;
        }
    }
    JiraReply *reply = m_client.createIssues(updates);
    connect(reply, &JiraReply::finished, this, [this, reply, sent, again] {
        reply->deleteLater();
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

void Applier::ensureProjectValues(const QJsonObject &fields, const std::function<void(const QString &)> &then)
{
    QList<std::pair<QString, QString>> wanted; ///< "versions" or "components", name
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QString kind = m_translator.kindOn(m_side, it.key());
        const QString what = kind == QStringLiteral("array:version") ? QStringLiteral("versions")
            : kind == QStringLiteral("array:component")              ? QStringLiteral("components")
                                                                     : QString();
        if (what.isEmpty() || !m_config.createMissing.contains(what))
            continue;
        for (const QJsonValue &item : it.value().toArray())
            wanted << std::pair{what, item.toObject().value(QStringLiteral("name")).toString()};
    }
    ensureNext(wanted, then);
}

void Applier::ensureNext(QList<std::pair<QString, QString>> wanted, const std::function<void(const QString &)> &then)
{
    if (wanted.isEmpty())
        return then({});
    const auto [what, name] = wanted.first();
    const QString project = (m_side == QStringLiteral("a") ? m_config.a : m_config.b).project;
    if (!m_projectValues.contains(what)) {
        // What the project has, read once per apply step.
        JiraReply *read = m_client.get(m_client.api(QStringLiteral("/project/%1/%2").arg(project, what)));
        connect(read, &JiraReply::finished, this, [this, read, what, wanted, then] {
            read->deleteLater();
            if (!read->ok())
                return then(QStringLiteral("could not read the project's %1: %2").arg(what, read->error().sentence()));
            QSet<QString> names;
            for (const QJsonValue &item : read->json().array())
                names << item.toObject().value(QStringLiteral("name")).toString().toCaseFolded();
            m_projectValues.insert(what, names);
            ensureNext(wanted, then);
        });
        return;
    }
    wanted.removeFirst();
    if (m_projectValues.value(what).contains(name.toCaseFolded()))
        return ensureNext(wanted, then);
    const QString resource
        = what == QStringLiteral("versions") ? QStringLiteral("/version") : QStringLiteral("/component");
    JiraReply *made = m_client.post(m_client.api(resource),
                                    QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("project"), project}});
    connect(made, &JiraReply::finished, this, [this, made, what, name, wanted, then] {
        made->deleteLater();
        if (!made->ok())
            return then(
                QStringLiteral("could not create %1 '%2' on the target project: %3")
                    .arg(what == QStringLiteral("versions") ? QStringLiteral("version") : QStringLiteral("component"),
                         name, made->error().sentence()));
        qCInfo(lcEngine).noquote() << "pair" << m_config.name << ": created" << what.chopped(1) << name << "on side"
                                   << m_side.toUpper();
        m_projectValues[what] << name.toCaseFolded();
        ensureNext(wanted, then);
    });
}

void Applier::findCreated(const Op &op, const QString &issueType, const QJsonObject &fields, const QDateTime &since)
{
    // Relative to Jira's clock and zone; a few minutes more for clocks that differ.
    const qint64 minutes = since.secsTo(QDateTime::currentDateTimeUtc()) / 60 + 5;
    const PairSide &target = m_side == QStringLiteral("a") ? m_config.a : m_config.b;
    SearchReply *search
        = m_client.search(QStringLiteral("project = \"%1\" AND created >= -%2m").arg(target.project).arg(minutes),
                          {QStringLiteral("status")}, {}, {originProperty()});
    connect(search, &JiraReply::finished, this, [this, search, op, issueType, fields] {
        search->deleteLater();
        if (!search->ok())
            return leave(op,
                         QStringLiteral("could not look for the issue an earlier attempt may have created: %1")
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
        std::sort(made.begin(), made.end(), [](const QJsonObject &x, const QJsonObject &y) {
            return x.value(QStringLiteral("id")).toString().toLongLong()
                < y.value(QStringLiteral("id")).toString().toLongLong();
        });
        if (!made.isEmpty()) {
            const QString key = made.first().value(QStringLiteral("key")).toString();
            qCInfo(lcEngine).noquote() << "pair" << m_config.name << ":" << op.issueKey << "was created as" << key
                                       << "by an earlier attempt; linking it";
            for (const QJsonObject &duplicate : made.mid(1))
                removeDuplicate(duplicate.value(QStringLiteral("key")).toString(), key);
            return recordCreated(
                op, made.first().value(QStringLiteral("id")).toString(), key, issueType,
                fieldId(made.first().value(QStringLiteral("fields")).toObject(), QStringLiteral("status")));
        }
        sendCreate(op, issueType, fields);
    });
}

void Applier::removeDuplicate(const QString &duplicateKey, const QString &keptKey)
{
    JiraReply *reply = m_client.deleteIssue(duplicateKey);
    connect(reply, &JiraReply::finished, this, [this, reply, duplicateKey, keptKey] {
        reply->deleteLater();
        if (reply->ok())
            qCInfo(lcEngine).noquote() << "pair" << m_config.name << ": removed" << duplicateKey << ", a duplicate of"
                                       << keptKey << "made by a create sent twice";
        else
            qCWarning(lcEngine).noquote() << "pair" << m_config.name << ":" << duplicateKey << "is a duplicate of"
                                          << keptKey << "made by a create sent twice, and could not be removed ("
                                          << reply->error().sentence() << "); delete it in Jira";
    });
}

void Applier::sendCreate(const Op &op, const QString &targetType, const QJsonObject &fields)
{
    JiraReply *reply = m_client.createIssue(fields, originOf(op));
    connect(reply, &JiraReply::finished, this, [this, reply, op, targetType] {
        reply->deleteLater();
        if (!reply->ok())
            return leave(op, reply->error().sentence());
        created(op, targetType, reply->object().value(QStringLiteral("id")).toString(),
                reply->object().value(QStringLiteral("key")).toString());
    });
}

void Applier::created(const Op &op, const QString &targetType, const QString &id, const QString &key)
{
    const bool readsStatus
        = op.value.toObject().value(QStringLiteral("fields")).toObject().contains(FieldTranslator::statusKey());
    const QString initial = m_initialStatus.value(targetType);
    if (!readsStatus || !initial.isEmpty())
        return recordCreated(op, id, key, targetType, initial);
    // The status a new issue starts in is the workflow's, the same for every issue of a type.
    JiraReply *read = m_client.getIssue(key, {QStringLiteral("status")});
    connect(read, &JiraReply::finished, this, [this, read, op, id, key, targetType] {
        read->deleteLater();
        const QString status
            = fieldId(read->object().value(QStringLiteral("fields")).toObject(), QStringLiteral("status"));
        if (read->ok() && !status.isEmpty())
            m_initialStatus.insert(targetType, status);
        recordCreated(op, id, key, targetType, status);
    });
}

void Applier::recordCreated(const Op &op, const QString &id, const QString &key, const QString &issueType,
                            const QString &initialStatus)
{
    const QJsonObject common = op.value.toObject().value(QStringLiteral("fields")).toObject();
    const QJsonValue goal = common.value(FieldTranslator::statusKey());
    const QJsonValue now = commonStatus(initialStatus);
    const bool walks = !goal.isUndefined() && goal != now;
    QJsonObject holds = common;
    if (!goal.isUndefined())
        holdStatus(&holds, now);
    const bool fromA = op.side == QStringLiteral("a");
    const LinkRepository::Link link{fromA ? op.issueId : id, fromA ? op.issueKey : key, fromA ? id : op.issueId,
                                    fromA ? key : op.issueKey};
    LinkRepository links(m_store, m_pairId);
    Channel channel(m_store, m_pairId);
    QString error;
    const bool ok = m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            return links.link(db, link, common, problem) && links.setObserved(db, m_side, id, key, holds, problem)
                && (walks || channel.markApplied(db, m_side, op.id, {{QStringLiteral("created"), key}}, problem));
        },
        &error);
    if (!ok) {
        m_outcome.error = QStringLiteral("%1 was created as %2, but recording it failed: %3; its origin marker "
                                         "lets the next run find it")
                              .arg(op.issueKey, key, error);
        return next();
    }
    ++m_outcome.written;
    if (!walks)
        return next();
    if (initialStatus.isEmpty())
        return leave(op, QStringLiteral("created as %1, but its status could not be read").arg(key));
    walkStatus(id, key, issueType, initialStatus, goal, [this, op, link, id, key, goal](const QString &problem) {
        if (!problem.isEmpty())
            return leave(op, QStringLiteral("created as %1, but its status did not follow: %2").arg(key, problem));
        commit(op, link.aId, id, key, {{FieldTranslator::statusKey(), goal}}, true, {},
               {{QStringLiteral("created"), key}});
        next();
    });
}

void Applier::resumeCreate(const Op &op, const LinkRepository::Link &link)
{
    const bool here = m_side == QStringLiteral("a");
    const QString targetId = here ? link.aId : link.bId;
    const QString targetKey = here ? link.aKey : link.bKey;
    const QJsonValue goal
        = op.value.toObject().value(QStringLiteral("fields")).toObject().value(FieldTranslator::statusKey());
    if (goal.isUndefined()) {
        QString error;
        if (!Channel(m_store, m_pairId).markApplied(m_side, op.id, {{QStringLiteral("created"), targetKey}}, &error))
            m_outcome.error = error;
        return next();
    }
    JiraReply *read = m_client.getIssue(targetKey, {QStringLiteral("status"), QStringLiteral("issuetype")});
    connect(read, &JiraReply::finished, this, [=, this] {
        read->deleteLater();
        if (partnerGone(op, read) || outsidePair(op, read))
            return;
        if (!read->ok())
            return leave(op, read->error().sentence());
        const QJsonObject fields = read->object().value(QStringLiteral("fields")).toObject();
        walkStatus(targetId, targetKey, fieldId(fields, QStringLiteral("issuetype")),
                   fieldId(fields, QStringLiteral("status")), goal, [=, this](const QString &problem) {
                       if (!problem.isEmpty())
                           return leave(op, QStringLiteral("its status did not follow: %1").arg(problem));
                       commit(op, link.aId, targetId, targetKey, {{FieldTranslator::statusKey(), goal}}, true, {},
                              {{QStringLiteral("created"), targetKey}});
                       next();
                   });
    });
}

QJsonValue Applier::commonStatus(const QString &status) const
{
    if (status.isEmpty())
        return QJsonValue::Undefined;
    const FieldTranslator::Result common
        = m_translator.toCommon(m_side, {{FieldTranslator::statusKey(), QJsonObject{{QStringLiteral("id"), status}}}});
    return common.values.value(FieldTranslator::statusKey());
}

void Applier::walkStatus(const QString &targetId, const QString &targetKey, const QString &issueType,
                         const QString &from, const QJsonValue &goal,
                         const std::function<void(const QString &error)> &done)
{
    QString problem;
    const QString to = m_translator.statusOn(m_side, goal, &problem);
    if (!problem.isEmpty())
        return done(problem);
    auto *walker = new StatusWalker(m_client, *m_workflows, this);
    connect(walker, &StatusWalker::moved, this, [this, targetId, targetKey](const QString &status) {
        // Recorded as it happens: a run stopped halfway must not take the step for a change.
        LinkRepository links(m_store, m_pairId);
        QString error;
        const bool ok = m_store.transaction(
            [&](QSqlDatabase &db, QString *failure) {
                std::optional<QJsonObject> holds = links.observed(m_side, targetId, failure);
                if (!holds)
                    return false;
                holdStatus(&*holds, commonStatus(status));
                return links.setObserved(db, m_side, targetId, targetKey, *holds, failure);
            },
            &error);
        if (!ok)
            qCWarning(lcEngine).noquote()
                << "pair" << m_config.name << ":" << targetKey << "moved, but recording its status failed:" << error;
    });
    connect(walker, &StatusWalker::finished, this, [walker, done](const QString &error) {
        walker->deleteLater();
        done(error);
    });
    walker->walk(targetKey, issueType, from, to);
}

std::optional<LinkRepository::Link> Applier::linkOf(const Op &op)
{
    std::optional<LinkRepository::Link> link;
    QString error;
    if (!LinkRepository(m_store, m_pairId).find(op.side, op.issueId, &link, &error))
        leave(op, error);
    else if (!link)
        leave(op, QStringLiteral("the issue is not linked yet"));
    else if (const QString target = targetOf(*link).key; !ownSide().ownsKey(target)) {
        refuse(op,
               QStringLiteral("it is linked to %1, which is not an issue of project %2; the pair reads and "
                              "writes only its projects")
                   .arg(target, ownSide().project));
        return std::nullopt;
    } else if (link->state == QStringLiteral("ignored") || link->state == QStringLiteral("missing-") + m_side) {
        // Nothing to write to: the op is done, set aside, until an admin relinks or recreates.
        if (!Channel(m_store, m_pairId).markApplied(m_side, op.id, {{QStringLiteral("setAside"), link->state}}, &error))
            m_outcome.error = error;
        ++m_outcome.skipped;
        QMetaObject::invokeMethod(this, &Applier::next, Qt::QueuedConnection);
        return std::nullopt;
    }
    return link;
}

std::optional<QString> Applier::partnerKeyOf(const QString &sourceKey, const QString &role, QString *error)
{
    const std::optional<LinkRepository::Located> located = LinkRepository(m_store, m_pairId).locate(sourceKey, error);
    if (!located || !located->link) {
        if (error->isEmpty())
            *error = QStringLiteral("its %1 %2 is not synced (yet, or it is outside the pair's scope)")
                         .arg(role, sourceKey);
        return std::nullopt;
    }
    const QString here = targetOf(*located->link).key;
    if (!ownSide().ownsKey(here)) {
        *error = QStringLiteral("its %1 %2 is linked to %3, outside project %4")
                     .arg(role, sourceKey, here, ownSide().project);
        return std::nullopt;
    }
    return here;
}

void Applier::applySetEpic(const Op &op)
{
    const std::optional<LinkRepository::Link> link = linkOf(op);
    if (!link)
        return;
    const QString field = m_translator.epicField(m_side);
    if (field.isEmpty()) { // this site has no epics to set
        QString error;
        if (!Channel(m_store, m_pairId).markApplied(m_side, op.id, {{QStringLiteral("skipped"), true}}, &error))
            m_outcome.error = error;
        ++m_outcome.skipped;
        return next();
    }
    QString epic;
    if (op.value.isString()) {
        QString error;
        const std::optional<QString> epicHere = partnerKeyOf(op.value.toString(), QStringLiteral("epic"), &error);
        if (!epicHere)
            return leave(op, error);
        epic = *epicHere;
    }
    const bool here = m_side == QStringLiteral("a");
    const QString targetId = here ? link->aId : link->bId;
    const QString targetKey = here ? link->aKey : link->bKey;
    JiraReply *read = m_client.getIssue(targetKey, {field, QStringLiteral("issuetype")});
    connect(read, &JiraReply::finished, this, [this, read, op, field, epic, targetId, targetKey] {
        read->deleteLater();
        if (partnerGone(op, read) || outsidePair(op, read))
            return;
        if (!read->ok())
            return leave(op, read->error().sentence());
        const auto settleEpic = [this, op, epic, targetId, targetKey](const QString &result) {
            settleHierarchy(op, epicKey(), epic, {targetId, targetKey}, result);
        };
        if (m_translator.epicOf(m_side, read->object().value(QStringLiteral("fields")).toObject()) == epic)
            return settleEpic(QStringLiteral("unchanged"));
        JiraReply *write = m_client.editIssue(targetKey, {{field, m_translator.epicValue(m_side, epic)}});
        connect(write, &JiraReply::finished, this, [this, write, op, settleEpic] {
            write->deleteLater();
            if (!write->ok())
                return leave(op, write->error().sentence());
            settleEpic(QStringLiteral("written"));
        });
    });
}

void Applier::settleHierarchy(const Op &op, const QString &snapshotKey, const QString &value, const Target &target,
                              const QString &result)
{
    // Recorded as what this side holds, so its poll does not send it back.
    LinkRepository links(m_store, m_pairId);
    QString error;
    const bool recorded = m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            std::optional<QJsonObject> holds = links.observed(m_side, target.id, problem);
            if (!holds)
                return false;
            holds->insert(snapshotKey, value);
            return links.setObserved(db, m_side, target.id, target.key, *holds, problem)
                && Channel(m_store, m_pairId).markApplied(db, m_side, op.id, {{result, value}}, problem);
        },
        &error);
    if (!recorded)
        m_outcome.error = error;
    else
        tally(result);
    next();
}

void Applier::applyVersion(const Op &op)
{
    const QJsonObject value = op.value.toObject();
    const QString sourceId = value.value(QStringLiteral("versionId")).toString();
    const QJsonObject content = value.value(QStringLiteral("content")).toObject();
    ItemLinks versions(m_store, m_pairId, projectVersionKind());
    QString error;
    const std::optional<ItemLinks::Known> source = versions.find(op.side, sourceId, &error);
    const std::optional<QString> partner = source ? versions.partnerOn(m_side, sourceId, &error) : std::nullopt;
    if (!partner)
        return leave(op, error);
    // Written over on its side since the op left (the other way's op won there): nothing to carry.
    if (source->exists && !source->digest.isEmpty() && source->digest != ItemLinks::digestOf(content))
        return recordVersion(op, sourceId, *partner, false, std::nullopt, QStringLiteral("superseded"));
    const QString project = ownSide().project;
    // The target's versions: the partner as it is now, or one of the same name to pair it with.
    JiraReply *read = m_client.get(m_client.api(QStringLiteral("/project/%1/versions").arg(project)));
    connect(read, &JiraReply::finished, this, [this, read, op, sourceId, content, partner = *partner, project] {
        read->deleteLater();
        if (!read->ok())
            return leave(
                op,
                QStringLiteral("could not read the versions of project %1: %2").arg(project, read->error().sentence()));
        // The partner first; else, met for the first time, one of the same name.
        const QJsonArray answer = read->json().array();
        const auto firstWhere = [&answer](const auto &same) {
            for (const QJsonValue &v : answer) {
                if (same(v.toObject()))
                    return v.toObject();
            }
            return QJsonObject();
        };
        const QString name = content.value(QStringLiteral("name")).toString();
        QJsonObject found
            = firstWhere([&](const QJsonObject &v) { return v.value(QStringLiteral("id")).toString() == partner; });
        if (found.isEmpty())
            found = firstWhere([&](const QJsonObject &v) {
                return v.value(QStringLiteral("name")).toString().compare(name, Qt::CaseInsensitive) == 0;
            });
        if (found.isEmpty())
            return createVersion(op, sourceId, content, project);
        const QString targetId = found.value(QStringLiteral("id")).toString();
        const QJsonObject now = versionContent(found);
        const bool firstContact = partner != targetId;
        QString failure;
        const std::optional<ItemLinks::Known> here
            = ItemLinks(m_store, m_pairId, projectVersionKind()).find(m_side, targetId, &failure);
        if (!here)
            return leave(op, failure);
        // Changed here since this side last read it: its own op is on its way the other way.
        const bool changedHere = here->exists && here->digest != ItemLinks::digestOf(now);
        const QString winner
            = m_config.conflictPolicy == ConflictPolicy::BWins ? QStringLiteral("b") : QStringLiteral("a");
        if (now == content)
            return recordVersion(op, sourceId, targetId, firstContact, ItemLinks::digestOf(now),
                                 QStringLiteral("unchanged"));
        if ((changedHere || firstContact) && op.side != winner) {
            // Kept as it is. Met for the first time, its content must still go across: an empty
            // digest makes this side's next poll send it; changed here, it is on its way already.
            return recordVersion(op, sourceId, targetId, firstContact,
                                 firstContact ? std::optional<QString>(QString()) : std::nullopt,
                                 QStringLiteral("kept"));
        }
        QJsonObject body = content;
        if (body.value(QStringLiteral("releaseDate")).toString().isEmpty())
            body.insert(QStringLiteral("releaseDate"), QJsonValue::Null);
        JiraReply *write = m_client.put(m_client.api(QStringLiteral("/version/%1").arg(targetId)), body);
        connect(write, &JiraReply::finished, this, [this, write, op, sourceId, targetId, firstContact, content] {
            write->deleteLater();
            if (!write->ok())
                return leave(op, write->error().sentence());
            recordVersion(op, sourceId, targetId, firstContact, ItemLinks::digestOf(content),
                          QStringLiteral("written"));
        });
    });
}

void Applier::createVersion(const Op &op, const QString &sourceId, const QJsonObject &content, const QString &project)
{
    QJsonObject body = content;
    body.insert(QStringLiteral("project"), project);
    if (body.value(QStringLiteral("releaseDate")).toString().isEmpty())
        body.remove(QStringLiteral("releaseDate"));
    JiraReply *made = m_client.post(m_client.api(QStringLiteral("/version")), body);
    connect(made, &JiraReply::finished, this, [this, made, op, sourceId, content, project] {
        made->deleteLater();
        if (!made->ok())
            return leave(op,
                         QStringLiteral("could not create version %1 in project %2: %3")
                             .arg(content.value(QStringLiteral("name")).toString(), project, made->error().sentence()));
        recordVersion(op, sourceId, made->object().value(QStringLiteral("id")).toString(), true,
                      ItemLinks::digestOf(content), QStringLiteral("created"));
    });
}

void Applier::recordVersion(const Op &op, const QString &sourceId, const QString &targetId, bool link,
                            const std::optional<QString> &digest, const QString &result)
{
    ItemLinks versions(m_store, m_pairId, projectVersionKind());
    QString error;
    const bool ok = m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            const QString project = projectIssueId(ownSide().project);
            return (link ? versions.link(db, op.side, sourceId, project, targetId, digest.value_or(QString()), problem)
                         : !digest || versions.setDigest(db, m_side, targetId, *digest, problem))
                && Channel(m_store, m_pairId).markApplied(db, m_side, op.id, {{result, targetId}}, problem);
        },
        &error);
    if (!ok)
        m_outcome.error = QStringLiteral("version %1 %2 as %3, but recording it failed: %4")
                              .arg(op.value.toObject()
                                       .value(QStringLiteral("content"))
                                       .toObject()
                                       .value(QStringLiteral("name"))
                                       .toString(),
                                   result, targetId, error);
    else
        tally(result);
    next();
}

void Applier::applySetParent(const Op &op)
{
    const std::optional<LinkRepository::Link> link = linkOf(op);
    if (!link)
        return;
    QString error;
    const std::optional<QString> parent = partnerKeyOf(op.value.toString(), QStringLiteral("new parent"), &error);
    if (!parent)
        return leave(op, error);
    const Target target = targetOf(*link);
    JiraReply *read = m_client.getIssue(target.key, {QStringLiteral("parent")});
    connect(read, &JiraReply::finished, this, [this, read, op, target, parent = *parent] {
        read->deleteLater();
        if (partnerGone(op, read) || outsidePair(op, read))
            return;
        if (!read->ok())
            return leave(op, read->error().sentence());
        const QString now = read->object()
                                .value(QStringLiteral("fields"))
                                .toObject()
                                .value(QStringLiteral("parent"))
                                .toObject()
                                .value(QStringLiteral("key"))
                                .toString();
        if (now == parent)
            return settleHierarchy(op, parentKey(), parent, target, QStringLiteral("unchanged"));
        if (!m_translator.isCloud(m_side)) {
            // Jira Data Center moves a sub-task only in its Move wizard. Taken as done, so that the
            // move made by hand is not sent back; the rest of the issue goes on meanwhile.
            m_outcome.problems << QStringLiteral("%1 (set-parent): Jira Data Center's REST API cannot move a sub-task "
                                                 "to another parent; move %2 under %3 by hand (More > Move)")
                                      .arg(op.issueKey, target.key, parent);
            qCWarning(lcEngine).noquote()
                << "pair" << m_config.name << "side" << m_side << ":" << m_outcome.problems.last();
            return settleHierarchy(op, parentKey(), parent, target, QStringLiteral("by-hand"));
        }
        JiraReply *write = m_client.editIssue(
            target.key, {{QStringLiteral("parent"), QJsonObject{{QStringLiteral("key"), parent}}}});
        connect(write, &JiraReply::finished, this, [this, write, op, target, parent] {
            write->deleteLater();
            if (!write->ok())
                return leave(op, write->error().sentence());
            settleHierarchy(op, parentKey(), parent, target, QStringLiteral("written"));
        });
    });
}

const PairSide &Applier::ownSide() const
{
    return m_side == QStringLiteral("a") ? m_config.a : m_config.b;
}

Applier::Target Applier::targetOf(const LinkRepository::Link &link) const
{
    const bool here = m_side == QStringLiteral("a");
    return {here ? link.aId : link.bId, here ? link.aKey : link.bKey};
}

bool Applier::partnerGone(const Op &op, const JiraReply *reply)
{
    if (reply->httpStatus() != 404)
        return false;
    std::optional<LinkRepository::Link> link;
    QString error;
    LinkRepository links(m_store, m_pairId);
    if (!links.find(op.side, op.issueId, &link, &error) || !link) {
        leave(op, error.isEmpty() ? reply->error().sentence() : error);
        return true;
    }
    const QString targetKey = m_side == QStringLiteral("a") ? link->aKey : link->bKey;
    const QString why
        = QStringLiteral("%1: its partner %2 is gone (deleted, or no longer visible to Ferry's account); "
                         "its changes are set aside. Relink, recreate or ignore it: ferry-cli issue %3 %1")
              .arg(op.issueKey, targetKey, m_config.name);
    const bool recorded = m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            return links.setState(db, link->aId, QStringLiteral("missing-") + m_side, problem)
                && Channel(m_store, m_pairId)
                       .markApplied(db, m_side, op.id, {{QStringLiteral("partnerMissing"), targetKey}}, problem);
        },
        &error);
    if (!recorded) {
        leave(op, error);
        return true;
    }
    Journal(m_store, m_pairId)
        .record({{}, m_side, targetKey, QStringLiteral("partner-missing"), {{QStringLiteral("source"), op.issueKey}}},
                &error);
    m_outcome.problems << why;
    qCWarning(lcEngine).noquote() << "pair" << m_config.name << ":" << why;
    next();
    return true;
}

bool Applier::itemOf(const Op &op, const QString &kind, std::optional<LinkRepository::Link> *link,
                     std::optional<ItemLinks::Known> *known)
{
    *link = linkOf(op);
    if (!*link)
        return false;
    QString error;
    *known = ItemLinks(m_store, m_pairId, kind).find(op.side, itemIdOf(op, kind), &error);
    if (!*known)
        leave(op, error);
    return known->has_value();
}

QString Applier::itemIdOf(const Op &op, const QString &kind)
{
    return op.value.toObject().value(IssueItems::idKey(kind)).toString();
}

void Applier::applyAddItem(const Op &op, const QString &kind)
{
    std::optional<LinkRepository::Link> link;
    std::optional<ItemLinks::Known> known;
    if (!itemOf(op, kind, &link, &known))
        return;
    QString error;
    if (!known->partner.isEmpty()) { // an earlier attempt copied it and was recorded
        return settleCopiedBefore(op, known->partner);
    }
    copyAnew(op, kind, targetOf(*link));
}

void Applier::settleCopiedBefore(const Op &op, const QString &copyId)
{
    QString error;
    if (!Channel(m_store, m_pairId).markApplied(m_side, op.id, {{QStringLiteral("copied"), copyId}}, &error))
        m_outcome.error = error;
    ++m_outcome.unchanged;
    next();
}

void Applier::copyAnew(const Op &op, const QString &kind, const Target &target)
{
    QString error;
    const QString copyKind = asKindOf(kind);
    const QJsonObject copy
        = copyKind == kind ? m_items.copyOf(kind, op) : IssueItems::outsideLinkLine(m_items.copyOf(kind, op));
    // A copy whose answer never came may exist: the journal remembers the attempt.
    Journal journal(m_store, m_pairId);
    const QString attemptKind = kind + QStringLiteral("-attempt");
    const std::optional<Journal::Entry> attempt = journal.first(attemptKind, QStringLiteral("op"), op.id, &error);
    if (!attempt)
        return leave(op, error);
    if (!attempt->time.isValid()) {
        QJsonObject detail{{QStringLiteral("op"), op.id}};
        if (kind == IssueItems::attachment())
            detail.insert(QStringLiteral("signature"), IssueItems::attachmentSignature(target.id, copy));
        if (!journal.record({{}, m_side, op.issueKey, attemptKind, detail}, &error))
            return leave(op, error);
        return postItem(op, kind, target, copy);
    }
    JiraReply *existing = copyKind == IssueItems::worklog() ? m_client.worklogs(target.key)
        : copyKind == IssueItems::comment()                 ? m_client.comments(target.key)
                                                            : m_client.getIssue(target.key, {copyKind});
    connect(existing, &JiraReply::finished, this, [this, existing, op, kind, copyKind, target, copy] {
        existing->deleteLater();
        if (partnerGone(op, existing))
            return;
        if (!existing->ok())
            return leave(op, existing->error().sentence());
        // Oldest first; a second copy is one Qt sent twice (see JiraClient), and goes.
        const QJsonObject answer = existing->object();
        const QJsonArray entries = copyKind == IssueItems::attachment()
            ? answer.value(QStringLiteral("fields")).toObject().value(copyKind).toArray()
            : answer.value(copyKind + u's').toArray();
        withFiles(target.key, copy, std::nullopt,
                  [this, op, kind, copyKind, target, copy, entries](const AttachedFiles *files, const QString &why) {
                      if (!why.isEmpty())
                          return leave(op, why);
                      QStringList copies;
                      for (const QString &id : copiesAmong(entries, copyKind, target, copy, files))
                          copies << (copyKind == kind ? id : lineCopyId(id));
                      settleCopies(op, kind, target, copy, copies);
                  });
    });
}

QString Applier::asKindOf(const QString &kind) const
{
    return kind == IssueItems::remoteLink() && m_config.links.outside == QStringLiteral("text") ? IssueItems::comment()
                                                                                                : kind;
}

QString Applier::lineCopyId(const QString &commentId)
{
    return QStringLiteral("comment:") + commentId;
}

std::optional<QString> Applier::commentOfLine(const QString &copyId)
{
    if (!copyId.startsWith(lineCopyId({})))
        return std::nullopt;
    return copyId.mid(lineCopyId({}).size());
}

QStringList Applier::copiesAmong(const QJsonArray &entries, const QString &kind, const Target &target,
                                 const QJsonObject &copy, const AttachedFiles *files)
{
    ItemLinks items(m_store, m_pairId, kind);
    QStringList copies;
    for (const QJsonValue &entry : entries) {
        QString problem;
        const std::optional<IssueItems::Entry> found
            = m_items.fromSide(kind, m_side, target.id, entry.toObject(), &problem, files);
        if (!found || !IssueItems::isCopyOf(kind, found->content, copy))
            continue;
        const std::optional<ItemLinks::Known> recorded = items.find(m_side, found->id, &problem);
        if (recorded && !recorded->exists) // not the copy of another original
            copies << found->id;
    }
    return copies;
}

void Applier::settleCopies(const Op &op, const QString &kind, const Target &target, const QJsonObject &copy,
                           const QStringList &copies)
{
    if (copies.isEmpty())
        return postItem(op, kind, target, copy);
    for (const QString &duplicate : copies.mid(1)) {
        JiraReply *removal = deleteItem(kind, target.key, duplicate);
        connect(removal, &JiraReply::finished, this, [this, removal, kind, target, duplicate] {
            removal->deleteLater();
            if (!removal->ok())
                qCWarning(lcEngine).noquote() << "pair" << m_config.name << ":" << target.key << kind << duplicate
                                              << "is a copy made twice and could not be removed ("
                                              << removal->error().sentence() << "); delete it in Jira";
        });
    }
    recordItem(op, kind, target, copies.first(), copy);
}

void Applier::postItem(const Op &op, const QString &kind, const Target &target, const QJsonObject &copy)
{
    if (kind == IssueItems::attachment())
        return uploadAttachment(op, target, copy);
    withFiles(target.key, copy, std::nullopt,
              [this, op, kind, target, copy](const AttachedFiles *files, const QString &error) {
                  QString problem = error;
                  const std::optional<QJsonObject> body = problem.isEmpty()
                      ? m_items.toSide(asKindOf(kind), m_side, copy, &problem, files)
                      : std::nullopt;
                  if (!body)
                      return leave(op, problem);
                  JiraReply *reply = kind == IssueItems::worklog()
                      ? m_client.addWorklog(target.key, *body, m_config.worklogs.estimate)
                      : m_client.addComment(target.key, body->value(QStringLiteral("body")),
                                            body->value(QStringLiteral("visibility")).toObject(),
                                            body->value(QStringLiteral("properties")).toArray());
                  connect(reply, &JiraReply::finished, this, [this, reply, op, kind, target, copy] {
                      reply->deleteLater();
                      if (partnerGone(op, reply))
                          return;
                      if (!reply->ok())
                          return leave(op, reply->error().sentence());
                      const QString id = reply->object().value(QStringLiteral("id")).toString();
                      recordItem(op, kind, target, asKindOf(kind) == kind ? id : lineCopyId(id), copy);
                  });
              });
}

void Applier::uploadAttachment(const Op &op, const Target &target, const QJsonObject &copy)
{
    const QString fileName = copy.value(QStringLiteral("filename")).toString();
    const QString path = BlobStore(m_store.directory(), m_pairId).path(copy.value(QStringLiteral("sha256")).toString());
    auto file = std::make_shared<QFile>(path);
    if (path.isEmpty() || !file->open(QIODevice::ReadOnly))
        return leave(op,
                     QStringLiteral("the content of attachment %1 is missing from the state folder; resync the "
                                    "issue to read it again")
                         .arg(fileName));
    JiraReply *reply = m_client.uploadAttachment(target.key, file.get(), fileName,
                                                 copy.value(QStringLiteral("mimeType")).toString());
    connect(reply, &JiraReply::finished, this, [this, reply, file, op, target, copy, fileName] {
        reply->deleteLater();
        if (reply->httpStatus() == 413) {
            // Too large for the target site: no retry changes that, so the op is done with a reason.
            const QString why = QStringLiteral("%1 (%2): attachment %3 is larger than %4 accepts; it stays on its side")
                                    .arg(op.issueKey, op.kind, fileName, m_client.site().name);
            m_outcome.problems << why;
            qCWarning(lcEngine).noquote() << "pair" << m_config.name << ":" << why;
            QString error;
            if (!Channel(m_store, m_pairId).markApplied(m_side, op.id, {{QStringLiteral("refused"), why}}, &error))
                m_outcome.error = error;
            return next();
        }
        if (partnerGone(op, reply))
            return;
        if (!reply->ok())
            return leave(op, reply->error().sentence());
        const QString copyId = reply->json().array().first().toObject().value(QStringLiteral("id")).toString();
        pointAtCopy(target, fileName, [this, op, target, copyId, copy] {
            recordItem(op, IssueItems::attachment(), target, copyId, copy);
        });
    });
}

void Applier::applyAddLink(const Op &op)
{
    const QString kind = IssueItems::link();
    std::optional<LinkRepository::Link> link;
    std::optional<ItemLinks::Known> known;
    if (!itemOf(op, kind, &link, &known))
        return;
    QString error;
    if (!known->partner.isEmpty()) { // copied, or found equal, by an earlier attempt
        return settleCopiedBefore(op, known->partner);
    }
    const QJsonObject content = m_items.copyOf(kind, op);
    // Both ends on this side: the partners of the source issues.
    QStringList ends;
    LinkRepository links(m_store, m_pairId);
    for (const QString &end : {QStringLiteral("inward"), QStringLiteral("outward")}) {
        std::optional<LinkRepository::Link> endLink;
        if (!links.find(op.side, content.value(end).toString(), &endLink, &error))
            return leave(op, error);
        if (!endLink)
            return leave(op, QStringLiteral("the issue at the other end of the link is not linked yet"));
        const Target here = targetOf(*endLink);
        if (!ownSide().ownsKey(here.key))
            return refuse(op,
                          QStringLiteral("an end of the link is linked to %1, outside project %2")
                              .arg(here.key, ownSide().project));
        ends << here.id << here.key;
    }
    const QString type = m_items.linkTypeOn(m_side, content.value(QStringLiteral("type")).toString());
    const Target target{ends.at(0), ends.at(1)};
    const QString outwardId = ends.at(2);
    const QString outwardKey = ends.at(3);
    // Jira answers a new link without its id, and takes the same link twice as one: the link is
    // looked for before and after it is made.
    const auto findLink
        = [this, target, outwardId, type](const std::function<void(const QString &id, JiraReply *)> &then) {
              JiraReply *read = m_client.getIssue(target.key, {IssueItems::fieldOf(IssueItems::link())});
              connect(read, &JiraReply::finished, this, [this, read, target, outwardId, type, then] {
                  read->deleteLater();
                  QString found;
                  for (const QJsonValue &entry : read->object()
                                                     .value(QStringLiteral("fields"))
                                                     .toObject()
                                                     .value(QStringLiteral("issuelinks"))
                                                     .toArray()) {
                      const QJsonObject o = entry.toObject();
                      if (o.value(QStringLiteral("type")).toObject().value(QStringLiteral("name")).toString() == type
                          && o.value(QStringLiteral("outwardIssue")).toObject().value(QStringLiteral("id")).toString()
                              == outwardId)
                          found = o.value(QStringLiteral("id")).toString();
                  }
                  then(found, read);
              });
          };
    findLink([this, op, kind, target, type, outwardKey, content, findLink](const QString &existing, JiraReply *read) {
        if (partnerGone(op, read) || outsidePair(op, read))
            return;
        if (!read->ok())
            return leave(op, read->error().sentence());
        if (!existing.isEmpty())
            return recordItem(op, kind, target, existing, content);
        JiraReply *made = m_client.createLink(type, target.key, outwardKey);
        connect(made, &JiraReply::finished, this, [this, made, op, kind, target, content, findLink] {
            made->deleteLater();
            if (!made->ok())
                return leave(op, made->error().sentence());
            findLink([this, op, kind, target, content](const QString &id, JiraReply *again) {
                if (!again->ok() || id.isEmpty())
                    return leave(op,
                                 again->ok() ? QStringLiteral("Jira made the link but does not show it")
                                             : again->error().sentence());
                recordItem(op, kind, target, id, content);
            });
        });
    });
}

void Applier::applyRemoteLink(const Op &op)
{
    const QString kind = IssueItems::remoteLink();
    std::optional<LinkRepository::Link> link;
    std::optional<ItemLinks::Known> known;
    if (!itemOf(op, kind, &link, &known))
        return;
    const Target target = targetOf(*link);
    const QJsonObject content = m_items.copyOf(kind, op);
    if (commentOfLine(known->partner))
        return applyEditItem(op, kind);
    if (known->partner.isEmpty() && asKindOf(kind) != kind)
        return applyAddItem(op, kind);
    // The global id names the original: a second attempt, or an edit, updates the one remote link.
    const QJsonObject remoteLink{
        {QStringLiteral("globalId"), QStringLiteral("ferry:%1:%2:%3").arg(m_config.name, op.side, itemIdOf(op, kind))},
        {QStringLiteral("relationship"), content.value(QStringLiteral("relationship"))},
        {QStringLiteral("object"),
         QJsonObject{{QStringLiteral("url"), content.value(QStringLiteral("url"))},
                     {QStringLiteral("title"), content.value(QStringLiteral("key"))},
                     {QStringLiteral("summary"), content.value(QStringLiteral("summary"))}}}};
    JiraReply *reply = m_client.putRemoteLink(target.key, remoteLink);
    connect(reply, &JiraReply::finished, this,
            [this, reply, op, kind, target, content, first = known->partner.isEmpty()] {
                reply->deleteLater();
                if (partnerGone(op, reply))
                    return;
                if (!reply->ok())
                    return leave(op, reply->error().sentence());
                const QString copyId = QString::number(reply->object().value(QStringLiteral("id")).toInteger());
                if (first)
                    return recordItem(op, kind, target, copyId, content);
                settleItem(op, kind, copyId, IssueItems::digestOf(kind, content), QStringLiteral("edited"));
            });
}

JiraReply *Applier::deleteItem(const QString &kind, const QString &targetKey, const QString &id)
{
    if (kind == IssueItems::link())
        return m_client.deleteLink(id);
    if (const std::optional<QString> comment = commentOfLine(id); kind == IssueItems::remoteLink() && comment)
        return m_client.deleteComment(targetKey, *comment);
    if (kind == IssueItems::remoteLink())
        return m_client.deleteRemoteLink(targetKey, id);
    if (kind == IssueItems::attachment())
        return m_client.deleteAttachment(id);
    return kind == IssueItems::worklog() ? m_client.deleteWorklog(targetKey, id, m_config.worklogs.estimate)
                                         : m_client.deleteComment(targetKey, id);
}

void Applier::recordItem(const Op &op, const QString &kind, const Target &target, const QString &copyId,
                         const QJsonObject &copy)
{
    const QString id = itemIdOf(op, kind);
    ItemLinks items(m_store, m_pairId, kind);
    Channel channel(m_store, m_pairId);
    QString error;
    if (m_store.transaction(
            [&](QSqlDatabase &db, QString *problem) {
                return items.link(db, op.side, id, target.id, copyId, IssueItems::digestOf(kind, copy), problem)
                    && channel.markApplied(db, m_side, op.id, {{QStringLiteral("copied"), copyId}}, problem);
            },
            &error))
        ++m_outcome.written;
    else
        m_outcome.error = QStringLiteral("%1: %2 %3 was copied as %4, but recording it failed: %5")
                              .arg(op.issueKey, kind, id, copyId, error);
    next();
}

void Applier::applyEditItem(const Op &op, const QString &kind)
{
    std::optional<LinkRepository::Link> link;
    std::optional<ItemLinks::Known> known;
    if (!itemOf(op, kind, &link, &known))
        return;
    const QString id = itemIdOf(op, kind);
    if (known->partner.isEmpty())
        return leave(op, QStringLiteral("%1 %2 is not copied yet").arg(kind, id));
    // A link to an outside issue kept as a line of text: its comment is what is edited.
    const std::optional<QString> line = commentOfLine(known->partner);
    const QString copyKind = line ? IssueItems::comment() : kind;
    const QJsonObject copy = line ? IssueItems::outsideLinkLine(m_items.copyOf(kind, op)) : m_items.copyOf(kind, op);
    // Writing the same text again is harmless: an edit needs no journal.
    const QString targetKey = targetOf(*link).key;
    withFiles(targetKey, copy, std::nullopt,
              [this, op, kind, copyKind, targetKey, copyId = known->partner, editedId = line.value_or(known->partner),
               copy](const AttachedFiles *files, const QString &error) {
                  QString problem = error;
                  const std::optional<QJsonObject> body
                      = problem.isEmpty() ? m_items.toSide(copyKind, m_side, copy, &problem, files) : std::nullopt;
                  if (!body)
                      return leave(op, problem);
                  JiraReply *reply = kind == IssueItems::worklog()
                      ? m_client.editWorklog(targetKey, editedId, *body, m_config.worklogs.estimate)
                      : m_client.editComment(targetKey, editedId, body->value(QStringLiteral("body")),
                                             body->value(QStringLiteral("visibility")).toObject(),
                                             body->value(QStringLiteral("properties")).toArray());
                  connect(reply, &JiraReply::finished, this, [this, reply, op, kind, copyId, copy] {
                      reply->deleteLater();
                      if (reply->httpStatus() == 404)
                          return settleItem(op, kind, copyId, std::nullopt, QStringLiteral("gone"));
                      if (!reply->ok())
                          return leave(op, reply->error().sentence());
                      settleItem(op, kind, copyId, IssueItems::digestOf(kind, copy), QStringLiteral("edited"));
                  });
              });
}

void Applier::applyResyncItem(const Op &op, const QString &kind)
{
    std::optional<LinkRepository::Link> link;
    std::optional<ItemLinks::Known> known;
    if (!itemOf(op, kind, &link, &known))
        return;
    const Target target = targetOf(*link);
    if (known->partner.isEmpty())
        return copyAnew(op, kind, target);
    JiraReply *read = m_client.get(m_client.api(
        kind == IssueItems::attachment() ? QStringLiteral("/attachment/%1").arg(known->partner)
                                         : QStringLiteral("/issue/%1/%2/%3").arg(target.key, kind, known->partner)));
    connect(read, &JiraReply::finished, this, [this, read, op, kind, target, copyId = known->partner] {
        read->deleteLater();
        // The copy was deleted: a new one (should the issue be gone instead, making it says so).
        if (read->httpStatus() == 404)
            return copyAnew(op, kind, target);
        if (!read->ok())
            return leave(op, read->error().sentence());
        const QJsonObject copy = m_items.copyOf(kind, op);
        withFiles(
            target.key, copy, std::nullopt,
            [this, op, kind, target, copyId, copy, found = read->object()](const AttachedFiles *files,
                                                                           const QString &why) {
                if (!why.isEmpty())
                    return leave(op, why);
                QString problem;
                const std::optional<IssueItems::Entry> entry
                    = m_items.fromSide(kind, m_side, target.id, found, &problem, files);
                // (An attachment cannot be edited: one there is the copy.)
                if (kind == IssueItems::attachment() || (entry && IssueItems::isCopyOf(kind, entry->content, copy)))
                    return settleItem(op, kind, copyId, IssueItems::digestOf(kind, copy), QStringLiteral("unchanged"));
                applyEditItem(op, kind); // set right
            });
    });
}

void Applier::applyDeleteItem(const Op &op, const QString &kind)
{
    const std::optional<LinkRepository::Link> link = linkOf(op);
    if (!link)
        return;
    QString error;
    const std::optional<QString> copyId = ItemLinks(m_store, m_pairId, kind).copyOf(m_side, itemIdOf(op, kind), &error);
    if (!copyId)
        return leave(op, error);
    if (copyId->isEmpty()) // never copied: nothing to remove
        return settleItem(op, kind, QString(), std::nullopt, QStringLiteral("gone"));
    JiraReply *reply = deleteItem(kind, m_side == QStringLiteral("a") ? link->aKey : link->bKey, *copyId);
    connect(reply, &JiraReply::finished, this, [this, reply, op, kind, copyId = *copyId] {
        reply->deleteLater();
        if (!reply->ok() && reply->httpStatus() != 404)
            return leave(op, reply->error().sentence());
        settleItem(op, kind, copyId, std::nullopt, QStringLiteral("deleted"));
    });
}

void Applier::settleItem(const Op &op, const QString &kind, const QString &copyId, const std::optional<QString> &digest,
                         const QString &what)
{
    ItemLinks items(m_store, m_pairId, kind);
    Channel channel(m_store, m_pairId);
    QString error;
    const bool recorded = m_store.transaction(
        [&](QSqlDatabase &db, QString *why) {
            if (digest ? !items.setDigest(db, m_side, copyId, *digest, why)
                       : !copyId.isEmpty() && !items.forget(db, m_side, copyId, why))
                return false;
            return channel.markApplied(db, m_side, op.id, {{what, copyId}}, why);
        },
        &error);
    if (!recorded)
        m_outcome.error = QStringLiteral("%1: %2 %3 was %4, but recording it failed: %5")
                              .arg(op.issueKey, kind, copyId, what, error);
    else
        tally(what);
    next();
}

void Applier::tally(const QString &result)
{
    static const QSet<QString> writes{QStringLiteral("written"), QStringLiteral("created"), QStringLiteral("edited"),
                                      QStringLiteral("deleted")};
    if (writes.contains(result))
        ++m_outcome.written;
    else if (result == QStringLiteral("by-hand"))
        ++m_outcome.skipped;
    else
        ++m_outcome.unchanged;
}

void Applier::applySetField(const Op &op)
{
    const std::optional<LinkRepository::Link> link = linkOf(op);
    if (!link)
        return;
    QString error;
    const bool here = m_side == QStringLiteral("a");
    const QString targetId = here ? link->aId : link->bId;
    const QString targetKey = here ? link->aKey : link->bKey;
    const QString attachments = IssueItems::fieldOf(IssueItems::attachment());
    QStringList fields = m_translator.fieldsToRead(m_side) << QStringLiteral("issuetype") << QStringLiteral("updated");
    if (m_translator.isCloud(m_side) && m_translator.isRichText(op.field))
        fields << attachments; // rich text there names attached files by their media ids
    JiraReply *reply = m_client.getIssue(targetKey, fields);
    connect(reply, &JiraReply::finished, this, [this, reply, op, aId = link->aId, targetId, targetKey, attachments] {
        reply->deleteLater();
        if (partnerGone(op, reply) || outsidePair(op, reply))
            return;
        if (!reply->ok())
            return leave(op, reply->error().sentence());
        m_target = reply->object().value(QStringLiteral("fields")).toObject();
        const QJsonValue richText = m_translator.isRichText(op.field)
            ? QJsonArray{op.value, op.base, m_target.value(m_translator.fieldOn(m_side, op.field))}
            : QJsonValue();
        withFiles(targetKey, richText, m_target.value(attachments).toArray(),
                  [this, op, aId, targetId, targetKey](const AttachedFiles *files, const QString &why) {
                      if (!why.isEmpty())
                          return leave(op, why);
                      const FieldTranslator::Result current = m_translator.toCommon(m_side, m_target, files);
                      if (!current.values.contains(op.field))
                          return leave(op,
                                       current.problems.isEmpty()
                                           ? QStringLiteral("field %1 is not mapped").arg(op.field)
                                           : current.problems.join(QStringLiteral("; ")));
                      // A value written for another (a stand-in user) is still the value the op expects.
                      const QJsonValue now = current.values.value(op.field);
                      settle(op, aId, targetId, targetKey,
                             m_translator.sameOnSide(m_side, op.field, op.base, now) ? op.base : now, files);
                  });
    });
}

void Applier::withFiles(const QString &targetKey, const QJsonValue &richText,
                        const std::optional<QJsonArray> &attachments, const FilesThen &then)
{
    if (!m_translator.isCloud(m_side) || AttachedFiles::referencesIn(richText).isEmpty())
        return then(nullptr, {});
    const auto resolve = [this, then](const QJsonArray &known) {
        AttachedFiles::resolve(m_client, m_store, m_pairId, m_side, known, this,
                               [then](const AttachedFiles &files, const QString &error) { then(&files, error); });
    };
    if (attachments)
        return resolve(*attachments);
    const QString field = IssueItems::fieldOf(IssueItems::attachment());
    JiraReply *reply = m_client.getIssue(targetKey, {field});
    connect(reply, &JiraReply::finished, this, [reply, then, resolve, field] {
        reply->deleteLater();
        if (!reply->ok())
            return then(nullptr, reply->error().sentence());
        resolve(reply->object().value(QStringLiteral("fields")).toObject().value(field).toArray());
    });
}

void Applier::pointAtCopy(const Target &target, const QString &fileName, const std::function<void()> &then)
{
    if (!m_translator.isCloud(m_side))
        return then();
    // The fields as both sides agreed on them, in common terms (files by name).
    LinkRepository links(m_store, m_pairId);
    std::optional<LinkRepository::Link> link;
    QString error;
    std::optional<QJsonObject> agreed;
    if (links.find(m_side, target.id, &link, &error) && link)
        agreed = links.base(link->aId, &error);
    QJsonObject showing;
    for (const QString &key : agreed ? agreed->keys() : QStringList()) {
        if (m_translator.isRichText(key) && AttachedFiles::referencesIn(agreed->value(key)).contains(fileName))
            showing.insert(key, agreed->value(key));
    }
    if (showing.isEmpty())
        return then();
    withFiles(target.key, QJsonValue(showing), std::nullopt,
              [this, target, fileName, showing, then](const AttachedFiles *files, const QString &why) {
                  const FieldTranslator::Result fields = m_translator.toSide(m_side, showing, files);
                  const QString problem = !why.isEmpty() ? why : fields.problems.join(QStringLiteral("; "));
                  const auto warn = [this, target, fileName](const QString &reason) {
                      qCWarning(lcEngine).noquote()
                          << "pair" << m_config.name << ":" << target.key << "shows" << fileName
                          << "as it was before the file arrived (" << reason << "); it points at the copy after the "
                          << "next edit of that text";
                  };
                  if (!problem.isEmpty()) {
                      warn(problem);
                      return then();
                  }
                  JiraReply *reply = m_client.editIssue(target.key, fields.values);
                  connect(reply, &JiraReply::finished, this, [reply, warn, then] {
                      reply->deleteLater();
                      if (!reply->ok())
                          warn(reply->error().sentence());
                      then();
                  });
              });
}

void Applier::settle(const Op &op, const QString &aId, const QString &targetId, const QString &targetKey,
                     const QJsonValue &current, const AttachedFiles *files)
{
    const bool fromA = op.side == QStringLiteral("a");
    FieldState state;
    // A field sent again on an admin's request is written over whatever the target holds.
    state.base = op.kind == QStringLiteral("resync-field") ? current : op.base;
    (fromA ? state.a : state.b) = op.value;
    (fromA ? state.b : state.a) = current;
    (fromA ? state.aChangedAtMs : state.bChangedAtMs) = op.changedAtMs;
    // When the target last changed: its issue's last update, as near as Jira tells without its history.
    (fromA ? state.bChangedAtMs : state.aChangedAtMs)
        = parseJiraDateTime(m_target.value(QStringLiteral("updated")).toString()).toMSecsSinceEpoch();
    const MergeDecision decision
        = mergeField(state, m_translator.shape(op.field), m_translator.direction(op.field), m_config.conflictPolicy);
    using Action = MergeDecision::Action;
    const Action writeHere = fromA ? Action::WriteB : Action::WriteA;
    const Action writeThere = fromA ? Action::WriteA : Action::WriteB;
    const QJsonObject agreed{{op.field, decision.value}};
    const auto backOp = [&] {
        Op back = Op::make(QStringLiteral("set-field"), m_side, targetId, targetKey);
        back.field = op.field;
        back.base = op.value;
        back.value = decision.value;
        return QList<Op>{back};
    };

    if (decision.action == Action::Nothing) {
        ++m_outcome.skipped;
        commit(op, aId, targetId, targetKey, {}, false, {}, {{QStringLiteral("skipped"), decision.reason}});
        return next();
    }
    if (decision.action == Action::Converged
        || (decision.action == writeHere && m_translator.sameOnSide(m_side, op.field, decision.value, current))) {
        ++m_outcome.unchanged;
        commit(op, aId, targetId, targetKey, agreed, false, {}, {{QStringLiteral("unchanged"), true}});
        return next();
    }
    if (decision.action == Action::Conflict) {
        ConflictRepository conflicts(m_store, m_pairId);
        Channel channel(m_store, m_pairId);
        QString error;
        const ConflictRepository::Conflict conflict{0,
                                                    aId,
                                                    op.field,
                                                    op.base,
                                                    fromA ? op.value : current,
                                                    fromA ? current : op.value,
                                                    fromA ? op.id : QString(),
                                                    fromA ? QString() : op.id};
        qCWarning(lcEngine).noquote() << "pair" << m_config.name << ": conflict on" << op.issueKey << op.field
                                      << "- changed on both sides; see the conflicts";
        if (m_store.transaction(
                [&](QSqlDatabase &db, QString *problem) {
                    return conflicts.add(db, conflict, problem)
                        && channel.markApplied(db, m_side, op.id, {{QStringLiteral("conflict"), true}}, problem);
                },
                &error))
            ++m_outcome.conflicts;
        else
            m_outcome.error = error;
        return next();
    }
    if (decision.action == writeThere) {
        ++m_outcome.sentBack;
        commit(op, aId, targetId, targetKey, agreed, false, backOp(), {{QStringLiteral("sentBack"), decision.reason}});
        return next();
    }
    // writeHere, or a merged set that goes to both sides.
    const QList<Op> back = decision.action == Action::WriteBoth ? backOp() : QList<Op>{};
    const auto written = [=, this](const QString &problem) {
        if (!problem.isEmpty())
            return leave(op, problem);
        ++m_outcome.written;
        m_outcome.sentBack += int(back.size());
        commit(op, aId, targetId, targetKey, agreed, true, back, {{QStringLiteral("written"), decision.reason}});
        next();
    };
    if (op.field == FieldTranslator::statusKey())
        return walkStatus(targetId, targetKey, fieldId(m_target, QStringLiteral("issuetype")),
                          fieldId(m_target, QStringLiteral("status")), decision.value, written);
    const FieldTranslator::Result fields = m_translator.toSide(m_side, agreed, files);
    if (!fields.problems.isEmpty())
        return leave(op, fields.problems.join(QStringLiteral("; ")));
    ensureProjectValues(fields.values, [this, targetKey, values = fields.values, written](const QString &problem) {
        if (!problem.isEmpty())
            return written(problem);
        JiraReply *reply = m_client.editIssue(targetKey, values);
        connect(reply, &JiraReply::finished, this, [reply, written] {
            reply->deleteLater();
            written(reply->ok() ? QString() : reply->error().sentence());
        });
    });
}

bool Applier::commit(const Op &op, const QString &aId, const QString &targetId, const QString &targetKey,
                     const QJsonObject &agreed, bool writtenHere, const QList<Op> &back, const QJsonObject &result)
{
    LinkRepository links(m_store, m_pairId);
    Channel channel(m_store, m_pairId);
    QString error;
    const bool ok = m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            if (!agreed.isEmpty()) {
                std::optional<QJsonObject> base = links.base(aId, problem);
                if (!base)
                    return false;
                ConflictRepository conflicts(m_store, m_pairId);
                for (auto it = agreed.begin(); it != agreed.end(); ++it) {
                    base->insert(it.key(), it.value());
                    if (!conflicts.settle(db, aId, it.key(), QStringLiteral("both sides agree"), problem))
                        return false;
                }
                if (!links.setBase(db, aId, *base, problem))
                    return false;
            }
            if (writtenHere) {
                // What this side now holds, so its detector does not send the value back.
                std::optional<QJsonObject> seen = links.observed(m_side, targetId, problem);
                if (!seen)
                    return false;
                for (auto it = agreed.begin(); it != agreed.end(); ++it)
                    seen->insert(it.key(), it.value());
                if (!links.setObserved(db, m_side, targetId, targetKey, *seen, problem))
                    return false;
            }
            return channel.send(db, m_side, back, problem) && channel.markApplied(db, m_side, op.id, result, problem);
        },
        &error);
    if (!ok)
        m_outcome.error = QStringLiteral("%1: recording the applied op failed: %2").arg(op.issueKey, error);
    return ok;
}

} // namespace ferry
