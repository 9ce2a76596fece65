#include "engine/detector.h"

#include "core/logcategories.h"
#include "engine/workflowmap.h"
#include "jira/jiraclient.h"
#include "store/blobstore.h"
#include "store/channel.h"
#include "store/itemlinks.h"
#include "store/journal.h"
#include "store/linkrepository.h"
#include "store/mediafiles.h"
#include "store/statestore.h"

#include <QDateTime>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace ferry {

Detector::Detector(JiraClient &client, const FieldTranslator &translator, StateStore &store, qint64 pairId, Side side,
                   const QString &scopeJql, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_translator(translator)
    , m_items(translator)
    , m_store(store)
    , m_pairId(pairId)
    , m_side(side)
    , m_scope(scopeJql)
{
}

QString Detector::pollJql(const QString &scopeJql, const QString &checkpoint, bool settled)
{
    const QString scope = QStringLiteral("(%1)").arg(scopeJql);
    const QDateTime at = parseJiraDateTime(checkpoint);
    if (!at.isValid())
        return scope + QStringLiteral(" ORDER BY updated ASC");
    // JQL reads times in the user's zone; Jira answers in it too, so the checkpoint's offset is it.
    // Written to the minute: from a settled checkpoint, the next minute is the first one that can
    // hold a change not read yet.
    const QDateTime since
        = (settled ? at.addSecs(60) : at.addSecs(-60LL * overlapMinutes)).toOffsetFromUtc(at.offsetFromUtc());
    return scope
        + QStringLiteral(" AND updated >= \"%1\" ORDER BY updated ASC")
              .arg(since.toString(QStringLiteral("yyyy/MM/dd HH:mm")));
}

bool Detector::settles(const LinkRepository::PollPosition &position, const QDateTime &pollStarted)
{
    return !position.checkpoint.isEmpty() && !position.settled && position.reached.isValid()
        && pollStarted >= position.reached.addSecs(60 + 60LL * overlapMinutes);
}

void Detector::poll()
{
    if (m_polling)
        return;
    m_polling = true;
    LinkRepository links(m_store, m_pairId);
    const Result<LinkRepository::PollPosition> position = links.pollPosition(m_side);
    if (!position)
        return fail(QStringLiteral("could not read the checkpoint: %1").arg(position.error().message()));
    m_position = *position;
    m_pollStarted = QDateTime::currentDateTimeUtc();
    QStringList fields = m_translator.fieldsToRead(m_side);
    fields << QStringLiteral("updated") << QStringLiteral("issuetype") << QStringLiteral("status")
           << QStringLiteral("parent");
    if (const QString epic = m_translator.epicField(m_side); !epic.isEmpty())
        fields << epic;
    if (const QString match = m_translator.config().match.fieldOn(m_side);
        !match.isEmpty() && match != QStringLiteral("key"))
        fields << match;
    for (const QString &kind : IssueItems::kinds()) {
        if (m_items.options(kind).carriesFrom(m_side))
            fields << IssueItems::fieldOf(kind);
    }
    if (m_translator.isCloud(m_side)) // rich text refers to attached files by their media id
        fields << IssueItems::fieldOf(IssueItems::attachment());
    fields.removeDuplicates();
    const QStringList expand = m_workflows ? QStringList{QStringLiteral("transitions")} : QStringList{};
    const Result<QHash<QString, QString>> requested = links.requested(m_side);
    if (!requested)
        return fail(QStringLiteral("could not read the requests of an admin: %1").arg(requested.error().message()));
    m_requested = *requested;
    QStringList keys = m_requested.keys();
    keys.sort();
    const QString jql = pollJql(m_scope, position->checkpoint, position->settled);
    const auto searchIssues = [this, jql, fields, expand, keys] {
        if (m_requested.isEmpty())
            return search(jql, fields, expand, [this](const QList<QJsonObject> &issues) { received(issues, {}); });
        // The issues an admin asked about are read too, whether they changed or not.
        const QString asked = QStringLiteral("(%1) AND key in (%2)").arg(m_scope, keys.join(QStringLiteral(", ")));
        search(asked, fields, expand, [this, jql, fields, expand](const QList<QJsonObject> &requestedIssues) {
            search(jql, fields, expand,
                   [this, requestedIssues](const QList<QJsonObject> &issues) { received(issues, requestedIssues); });
        });
    };
    m_versions.reset();
    const auto readVersions = [this, searchIssues] {
        if (!m_translator.config().versions.carriesFrom(m_side))
            return searchIssues();
        // The project's versions first: their ops go before the issues' that name them.
        then(m_client.get(m_client.api(QStringLiteral("/project/%1/versions").arg(projectKey()))), this,
             [this, searchIssues](JiraReply *read) {
                 if (!read->ok())
                     return fail(
                         QStringLiteral("could not read the project's versions: %1").arg(read->error().sentence()));
                 m_versions = read->json().array();
                 searchIssues();
             });
    };
    if (m_projectType || m_translator.isCloud(m_side) || !m_items.options(IssueItems::comment()).carriesFrom(m_side))
        return readVersions();
    // Data Center tells a service project's internal notes only with each comment's properties.
    then(m_client.get(m_client.api(QStringLiteral("/project/%1").arg(projectKey()))), this,
         [this, readVersions](JiraReply *project) {
             if (!project->ok())
                 return fail(
                     QStringLiteral("could not read project %1: %2").arg(projectKey(), project->error().sentence()));
             m_projectType = project->object().value(QStringLiteral("projectTypeKey")).toString();
             readVersions();
         });
}

QString Detector::projectKey() const
{
    return m_translator.config().side(m_side).project;
}

Result<void> Detector::scanVersions(QList<Op> *ops, QList<SeenItem> *seen)
{
    if (!m_versions)
        return {};
    ItemLinks versions(m_store, m_pairId, projectVersionKind());
    const QString project = projectIssueId(projectKey());
    for (const QJsonValue &value : std::as_const(*m_versions)) {
        const QString id = value.toObject().value(QStringLiteral("id")).toString();
        const QJsonObject content = versionContent(value.toObject());
        const QString digest = ItemLinks::digestOf(content);
        const Result<ItemLinks::Known> known = versions.find(m_side, id);
        if (!known)
            return known.error();
        if (known->exists && known->digest == digest)
            continue;
        Op op = Op::make(known->exists ? OpKind::EditVersion : OpKind::AddVersion, m_side, project, projectKey());
        op.value = QJsonObject{{QStringLiteral("versionId"), id}, {QStringLiteral("content"), content}};
        op.changedAtMs = QDateTime::currentMSecsSinceEpoch();
        *ops << op;
        *seen << SeenItem{projectVersionKind(), project, id, digest};
    }
    return {};
}

void Detector::search(const QString &jql, const QStringList &fields, const QStringList &expand,
                      const std::function<void(const QList<QJsonObject> &)> &then)
{
    ferry::then(m_client.search(jql, fields, expand, {originProperty()}), this, [this, then](SearchReply *reply) {
        if (!reply->ok())
            return fail(reply->error().sentence());
        then(reply->issues());
    });
}

void Detector::received(QList<QJsonObject> issues, const QList<QJsonObject> &requested)
{
    QSet<QString> polled;
    for (const QJsonObject &issue : std::as_const(issues))
        polled << issue.value(QStringLiteral("id")).toString();
    for (const QJsonObject &issue : requested) {
        if (!polled.contains(issue.value(QStringLiteral("id")).toString()))
            issues << issue;
    }
    if (!requested.isEmpty() && !forgetRecreated(requested))
        return;
    // On a Data Center service project every comment is read with its properties (internal or not).
    const bool readNotes = m_projectType == QStringLiteral("service_desk");
    QList<Partial> partial;
    for (qsizetype i = 0; i < issues.size(); ++i) {
        for (const QString &kind : {IssueItems::comment(), IssueItems::worklog()}) {
            const QJsonObject field = issues.at(i).value(QStringLiteral("fields")).toObject().value(kind).toObject();
            const int total = field.value(QStringLiteral("total")).toInt();
            if (total > field.value(kind + u's').toArray().size()
                || (readNotes && kind == IssueItems::comment() && total > 0))
                partial << Partial{i, kind, {}};
        }
    }
    completeItems(issues, partial);
}

bool Detector::forgetRecreated(const QList<QJsonObject> &requested)
{
    // Its own transaction, before the issues are compared: should the run stop before the poll is
    // recorded, the request is still there and the next poll takes the issue for a new one again.
    LinkRepository links(m_store, m_pairId);
    const Result<void> forgotten = m_store.transaction([&](QSqlDatabase &db) -> Result<void> {
        for (const QJsonObject &issue : requested) {
            if (m_requested.value(issue.value(QStringLiteral("key")).toString()) != QStringLiteral("recreate"))
                continue;
            if (auto forgot = links.forgetIssue(db, m_side, issue.value(QStringLiteral("id")).toString()); !forgot)
                return forgot;
        }
        return {};
    });
    if (!forgotten)
        fail(QStringLiteral("could not prepare the issues to recreate: %1").arg(forgotten.error().message()));
    return forgotten.ok();
}

void Detector::completeItems(QList<QJsonObject> issues, QList<Partial> partial)
{
    if (partial.isEmpty())
        return fetchAttachments(issues);
    const Partial &first = partial.first();
    const QString key = issues.at(first.issue).value(QStringLiteral("key")).toString();
    const qsizetype startAt = first.entries.size();
    then(first.kind == IssueItems::worklog() ? m_client.worklogs(key, int(startAt))
                                             : m_client.comments(key, int(startAt)),
         this, [this, issues, partial, key](JiraReply *page) mutable {
             Partial &reading = partial.first();
             if (!page->ok())
                 return fail(QStringLiteral("could not read the %1s of %2: %3")
                                 .arg(reading.kind, key, page->error().sentence()));
             const QJsonObject answer = page->object();
             const QJsonArray entries = answer.value(reading.kind + u's').toArray();
             for (const QJsonValue &entry : entries)
                 reading.entries << entry;
             if (!entries.isEmpty() && reading.entries.size() < answer.value(QStringLiteral("total")).toInt())
                 return completeItems(issues, partial);
             // The whole list: an entry missing from it is one deleted.
             QJsonObject &issue = issues[reading.issue];
             QJsonObject fields = issue.value(QStringLiteral("fields")).toObject();
             QJsonObject field = fields.value(reading.kind).toObject();
             field.insert(reading.kind + u's', reading.entries);
             field.insert(QStringLiteral("total"), reading.entries.size());
             fields.insert(reading.kind, field);
             issue.insert(QStringLiteral("fields"), fields);
             partial.removeFirst();
             completeItems(issues, partial);
         });
}

QJsonArray Detector::entriesOf(const QJsonObject &issue, const QString &kind)
{
    const QJsonValue field = issue.value(QStringLiteral("fields")).toObject().value(IssueItems::fieldOf(kind));
    if (field.isArray()) // attachments and links; comments and worklogs come as a page
        return field.toArray();
    return field.toObject().value(kind + u's').toArray();
}

Result<bool> Detector::isCopyInFlight(const QString &kind, const QString &issueId, const QJsonObject &content)
{
    if (kind != IssueItems::attachment())
        return IssueItems::looksLikeCopy(kind, content);
    const Result<QList<Journal::Entry>> attempts
        = Journal(m_store, m_pairId)
              .matching(QStringLiteral("attachment-attempt"), QStringLiteral("signature"),
                        IssueItems::attachmentSignature(issueId, content));
    if (!attempts)
        return attempts.error();
    for (const Journal::Entry &attempt : *attempts) {
        const Result<bool> pending
            = Channel(m_store, m_pairId)
                  .isReceivedUnapplied(m_side, attempt.detail.value(QStringLiteral("op")).toString());
        if (!pending || *pending)
            return pending;
    }
    return false;
}

void Detector::fetchAttachments(const QList<QJsonObject> &issues)
{
    m_kept.clear();
    const QString kind = IssueItems::attachment();
    if (!m_items.options(kind).carriesFrom(m_side))
        return resolveFiles(issues, 0);
    ItemLinks links(m_store, m_pairId, kind);
    QList<Download> wanted;
    for (const QJsonObject &issue : issues) {
        const QString issueId = issue.value(QStringLiteral("id")).toString();
        for (const QJsonValue &value : entriesOf(issue, kind)) {
            QString problem;
            const std::optional<IssueItems::Entry> entry
                = m_items.fromSide(kind, m_side, issueId, value.toObject(), &problem);
            if (!entry || entry->withheld)
                continue;
            const Result<ItemLinks::Known> known = links.find(m_side, entry->id);
            if (!known)
                return fail(known.error().message());
            const Result<bool> inFlight = known->exists ? false : isCopyInFlight(kind, issueId, entry->content);
            if (!inFlight)
                return fail(inFlight.error().message());
            // New ones; and, when an admin asked to send the issue again, the originals with a copy
            // (the copy may be gone: its content must be at hand).
            const bool resent = isResynced(issue) && known->exists && !known->copy;
            if ((!known->exists && !*inFlight) || resent)
                wanted << Download{issue.value(QStringLiteral("key")).toString(), entry->id,
                                   QUrl(value.toObject().value(QStringLiteral("content")).toString()),
                                   entry->content.value(QStringLiteral("size")).toInteger()};
        }
    }
    downloadNext(issues, wanted);
}

void Detector::downloadNext(const QList<QJsonObject> &issues, QList<Download> wanted)
{
    if (wanted.isEmpty())
        return resolveFiles(issues, 0);
    const Download next = wanted.takeFirst();
    const BlobStore blobs(m_store.directory(), m_pairId);
    Result<std::unique_ptr<QTemporaryFile>> incoming = blobs.incoming();
    if (!incoming)
        return fail(incoming.error().message());
    std::shared_ptr<QTemporaryFile> file = std::move(*incoming);
    then(m_client.downloadAttachment(next.url, file.get()), this, [this, file, next, issues, wanted](JiraReply *reply) {
        if (reply->httpStatus() == 404) // deleted since the poll read it
            return downloadNext(issues, wanted);
        if (!reply->ok())
            return fail(QStringLiteral("could not download attachment %1 of %2: %3")
                            .arg(next.id, next.issueKey, reply->error().sentence()));
        if (file->size() != next.size)
            return fail(QStringLiteral("attachment %1 of %2 came with %3 bytes instead of %4; it is read again next "
                                       "time")
                            .arg(next.id, next.issueKey)
                            .arg(file->size())
                            .arg(next.size));
        const Result<QString> sha256 = BlobStore(m_store.directory(), m_pairId).keep(*file);
        if (!sha256)
            return fail(sha256.error().message());
        m_kept.insert(next.id, *sha256);
        // Cloud sent the download on to its media service: where it went names the file.
        if (const QString mediaId = JiraClient::mediaFileIdIn(reply->redirects().value(0)); !mediaId.isEmpty()) {
            if (auto remembered = MediaFiles(m_store, m_pairId).remember(m_side, next.id, mediaId); !remembered)
                return fail(remembered.error().message());
        }
        downloadNext(issues, wanted);
    });
}

bool Detector::isResynced(const QJsonObject &issue) const
{
    return m_requested.value(issue.value(QStringLiteral("key")).toString()) == QStringLiteral("resync");
}

const AttachedFiles *Detector::filesOf(const QString &issueId) const
{
    const auto files = m_files.constFind(issueId);
    return files == m_files.constEnd() ? nullptr : &*files;
}

void Detector::resolveFiles(const QList<QJsonObject> &issues, qsizetype index)
{
    if (index == 0)
        m_files.clear();
    for (; index < issues.size() && m_translator.isCloud(m_side); ++index) {
        const QJsonObject fields = issues.at(index).value(QStringLiteral("fields")).toObject();
        if (AttachedFiles::referencesIn(fields).isEmpty())
            continue;
        const QString issueId = issues.at(index).value(QStringLiteral("id")).toString();
        AttachedFiles::resolve(m_client, m_store, m_pairId, m_side,
                               entriesOf(issues.at(index), IssueItems::attachment()), this,
                               [this, issues, index, issueId](const AttachedFiles &files, const QString &error) {
                                   if (!error.isEmpty())
                                       return fail(error);
                                   m_files.insert(issueId, files);
                                   resolveFiles(issues, index + 1);
                               });
        return;
    }
    record(issues);
}

bool Detector::isSubtask(const QJsonObject &issue)
{
    return issue.value(QStringLiteral("fields"))
        .toObject()
        .value(QStringLiteral("issuetype"))
        .toObject()
        .value(QStringLiteral("subtask"))
        .toBool();
}

int Detector::hierarchyRank(const QJsonObject &issue)
{
    const QJsonObject type
        = issue.value(QStringLiteral("fields")).toObject().value(QStringLiteral("issuetype")).toObject();
    if (type.value(QStringLiteral("subtask")).toBool())
        return 2;
    // Cloud says the level; Data Center's epics are of the type Jira Software names Epic.
    const bool epic = type.contains(QStringLiteral("hierarchyLevel"))
        ? type.value(QStringLiteral("hierarchyLevel")).toInt() == 1
        : type.value(QStringLiteral("name")).toString() == QStringLiteral("Epic");
    return epic ? 0 : 1;
}

void Detector::record(const QList<QJsonObject> &polled)
{
    // Epics first, sub-tasks last: an epic or parent new in this poll is created before what it holds.
    QList<QJsonObject> issues = polled;
    std::stable_sort(issues.begin(), issues.end(),
                     [](const QJsonObject &x, const QJsonObject &y) { return hierarchyRank(x) < hierarchyRank(y); });
    LinkRepository links(m_store, m_pairId);
    Channel channel(m_store, m_pairId);
    Outcome outcome;
    outcome.issuesRead = int(issues.size());
    m_polledIds.clear();
    for (const QJsonObject &issue : issues)
        m_polledIds << issue.value(QStringLiteral("id")).toString();
    for (auto it = m_requested.cbegin(); it != m_requested.cend(); ++it) {
        const bool found = std::any_of(issues.cbegin(), issues.cend(), [&](const QJsonObject &issue) {
            return issue.value(QStringLiteral("key")).toString() == it.key();
        });
        if (!found)
            outcome.problems << QStringLiteral("%1 is not in the pair's scope on side %2 (deleted, or moved out of "
                                               "it): the request to %3 it is dropped")
                                    .arg(it.key(), sideLetter(m_side), it.value());
    }
    outcome.checkpoint = m_position.checkpoint; // read when the poll began
    QDateTime newest = parseJiraDateTime(outcome.checkpoint);

    struct Observation {
        QString id;
        QString key;
        QJsonObject snapshot;
    };
    QList<Op> ops;
    QList<Observation> observations;
    QList<SeenItem> itemsSeen;
    if (auto scanned = scanVersions(&ops, &itemsSeen); !scanned)
        return fail(scanned.error().message());
    QList<std::pair<QString, QString>> itemsGone; ///< kind, id
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
        const FieldTranslator::Translated common = m_translator.toCommon(m_side, raw, filesOf(id));
        for (const QString &problem : common.problems) {
            outcome.problems << QStringLiteral("%1 %2").arg(key, problem);
            qCWarning(lcEngine).noquote() << "side" << m_side << ":" << outcome.problems.last();
        }

        QJsonObject holds = common.values; ///< what this side now holds, in common terms
        const Result<QJsonObject> seen = links.observed(m_side, id);
        if (!seen)
            return fail(seen.error().message());
        const Result<std::optional<LinkRepository::Link>> linked = links.find(m_side, id);
        if (!linked)
            return fail(linked.error().message());
        const std::optional<LinkRepository::Link> &link = *linked;
        if (seen->isEmpty() && !link) {
            const Result<bool> made = madeByPendingCreate(issue);
            if (!made)
                return fail(made.error().message());
            if (*made)
                continue; // the apply step that made it links it, or removes it as a duplicate
            Op op = Op::make(OpKind::CreateIssue, m_side, id, key);
            QJsonObject created{{QStringLiteral("fields"), common.values},
                                {QStringLiteral("issueType"), fieldId(raw, QStringLiteral("issuetype"))},
                                {QStringLiteral("status"), fieldId(raw, QStringLiteral("status"))}};
            if (isSubtask(issue))
                created.insert(QStringLiteral("parent"), fieldId(raw, QStringLiteral("parent")));
            if (const QString epic = m_translator.epicOf(m_side, raw); !epic.isEmpty())
                created.insert(QStringLiteral("epic"), epic);
            if (hierarchyRank(issue) == 0)
                created.insert(QStringLiteral("isEpic"), true);
            if (const QString match = m_translator.config().match.fieldOn(m_side); !match.isEmpty())
                created.insert(QStringLiteral("matchValue"), matchValueOf(issue, match));
            op.value = created;
            op.changedAtMs = parseJiraDateTime(updated).toMSecsSinceEpoch();
            ops << op;
        } else {
            const Result<QJsonObject> base = link ? links.base(link->aId) : QJsonObject();
            if (!base)
                return fail(base.error().message());
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
                Op op = Op::make(OpKind::SetField, m_side, id, key);
                op.field = it.key();
                // What the other side holds unless it changed too: what this side last reported
                // (its previous change may not have arrived yet, in the bundle modes often so).
                op.base = before;
                op.value = it.value();
                op.changedAtMs = parseJiraDateTime(updated).toMSecsSinceEpoch();
                ops << op;
            }
            if (link && isResynced(issue)) {
                // Every field again, to be written over the partner's whatever it holds.
                for (auto it = common.values.begin(); it != common.values.end(); ++it) {
                    Op op = Op::make(OpKind::ResyncField, m_side, id, key);
                    op.field = it.key();
                    op.base = base->value(it.key());
                    op.value = it.value();
                    op.changedAtMs = parseJiraDateTime(updated).toMSecsSinceEpoch();
                    ops << op;
                }
            }
        }
        if (!m_translator.epicField(m_side).isEmpty()) {
            // The epic, in this side's terms: a change of a linked issue's epic travels on its own.
            const QString epic = m_translator.epicOf(m_side, raw);
            if (link && seen->contains(epicKey()) && seen->value(epicKey()).toString() != epic) {
                Op op = Op::make(OpKind::SetEpic, m_side, id, key);
                op.value = epic.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(epic);
                op.changedAtMs = parseJiraDateTime(updated).toMSecsSinceEpoch();
                ops << op;
            }
            holds.insert(epicKey(), epic);
        }
        if (isSubtask(issue)) {
            // A sub-task moved to another parent: the move travels on its own.
            const QString parent
                = raw.value(QStringLiteral("parent")).toObject().value(QStringLiteral("key")).toString();
            if (link && seen->contains(parentKey()) && seen->value(parentKey()).toString() != parent) {
                Op op = Op::make(OpKind::SetParent, m_side, id, key);
                op.value = parent;
                op.changedAtMs = parseJiraDateTime(updated).toMSecsSinceEpoch();
                ops << op;
            }
            holds.insert(parentKey(), parent);
        }
        observations << Observation{id, key, holds};

        for (const QString &kind : IssueItems::kinds()) {
            if (auto scanned = scanItems(kind, issue, &ops, &itemsSeen, &itemsGone, &outcome); !scanned)
                return fail(scanned.error().message());
        }
    }

    markMatchTwins(&ops);
    // Links after every create of this poll: both their ends must be linked when they apply.
    std::stable_partition(ops.begin(), ops.end(), [](const Op &op) {
        const std::optional<ItemOp> item = itemOpOf(op.kind);
        return !item || (item->item != IssueItems::link() && item->item != IssueItems::remoteLink());
    });
    const Result<void> committed = m_store.transaction([&](QSqlDatabase &db) -> Result<void> {
        if (auto sent = channel.send(db, m_side, ops); !sent)
            return sent;
        for (const SeenItem &item : std::as_const(itemsSeen)) {
            if (auto noted
                = ItemLinks(m_store, m_pairId, item.kind).noteSeen(db, m_side, item.issueId, item.id, item.digest);
                !noted)
                return noted;
        }
        for (const auto &[kind, id] : std::as_const(itemsGone)) {
            if (auto forgot = ItemLinks(m_store, m_pairId, kind).forget(db, m_side, id); !forgot)
                return forgot;
        }
        for (const Observation &o : observations) {
            if (auto set = links.setObserved(db, m_side, o.id, o.key, o.snapshot); !set)
                return set;
        }
        for (const QString &key : m_requested.keys()) {
            if (auto cleared = links.clearRequest(db, m_side, key); !cleared)
                return cleared;
        }
        if (outcome.checkpoint.isEmpty())
            return {};
        if (auto set = links.setCheckpoint(db, m_side, outcome.checkpoint); !set)
            return set;
        const bool settled = outcome.checkpoint == m_position.checkpoint && settles(m_position, m_pollStarted);
        return settled ? links.settleCheckpoint(db, m_side, outcome.checkpoint) : Result<void>();
    });
    if (!committed)
        return fail(QStringLiteral("could not record the poll: %1").arg(committed.error().message()));
    outcome.opsSent = int(ops.size());
    finish(outcome);
}

Result<void> Detector::scanItems(const QString &kind, const QJsonObject &issue, QList<Op> *ops, QList<SeenItem> *seen,
                                 QList<std::pair<QString, QString>> *gone, Outcome *outcome)
{
    const ItemOptions &options = m_items.options(kind);
    if (!options.carriesFrom(m_side))
        return {};
    const QString issueId = issue.value(QStringLiteral("id")).toString();
    const QString key = issue.value(QStringLiteral("key")).toString();
    const QJsonArray entries = entriesOf(issue, kind);
    ItemLinks links(m_store, m_pairId, kind);
    auto makeOp = [&](ItemAction action, const QString &id) {
        Op op = Op::make(itemOpKind(action, kind), m_side, issueId, key);
        op.value = QJsonObject{{IssueItems::idKey(kind), id}};
        return op;
    };
    QSet<QString> present;
    for (const QJsonValue &value : entries) {
        QString problem;
        const std::optional<IssueItems::Entry> entry
            = m_items.fromSide(kind, m_side, issueId, value.toObject(), &problem, filesOf(issueId));
        const QString id = value.toObject().value(QStringLiteral("id")).toString();
        present << id;
        if (!entry) {
            outcome->problems << QStringLiteral("%1 %2 %3: %4").arg(key, kind, id, problem);
            continue;
        }
        // A link shows on both its issues: it is taken once.
        if (std::any_of(seen->cbegin(), seen->cend(),
                        [&](const SeenItem &item) { return item.kind == kind && item.id == id; }))
            continue;
        const Result<ItemLinks::Known> known = links.find(m_side, id);
        if (!known)
            return known.error();
        if (entry->withheld) {
            // A comment restricted now: a copy made while it was open goes, whatever the pair says of
            // deletions. (An attachment filtered out now keeps the copies it has.)
            if (kind == IssueItems::comment() && known->exists && !known->copy) {
                *ops << makeOp(ItemAction::Delete, id);
                *gone << std::pair{kind, id};
            }
            continue;
        }
        if ((kind == IssueItems::link() && !known->exists) || kind == IssueItems::remoteLink()) {
            // A link between two issues of the pair is recreated between their partners: its other
            // end must be linked, or new in this poll (its create op goes first). A link to an
            // issue outside the pair becomes a remote link, until that issue joins the pair.
            const QString other = kind == IssueItems::remoteLink()
                ? entry->content.value(QStringLiteral("other")).toString()
                : entry->content.value(QStringLiteral("inward")).toString() == issueId
                ? entry->content.value(QStringLiteral("outward")).toString()
                : entry->content.value(QStringLiteral("inward")).toString();
            const Result<std::optional<LinkRepository::Link>> otherLink
                = LinkRepository(m_store, m_pairId).find(m_side, other);
            if (!otherLink)
                return otherLink.error();
            const bool inPair = *otherLink || m_polledIds.contains(other);
            if (kind == IssueItems::link() && !inPair)
                continue;
            if (kind == IssueItems::remoteLink() && inPair) {
                if (known->exists && !known->copy) {
                    *ops << makeOp(ItemAction::Delete, id);
                    *gone << std::pair{kind, id};
                }
                continue;
            }
        }
        const QString digest = IssueItems::digestOf(kind, entry->content);
        // An admin asked to send the issue again: each comment, worklog and attachment too, so that a
        // copy deleted or edited on the other side is made again or set right.
        const bool resync = isResynced(issue) && known->exists && !known->copy && kind != IssueItems::link()
            && kind != IssueItems::remoteLink() && (kind != IssueItems::attachment() || m_kept.contains(id));
        if (known->exists && known->digest == digest && !known->issueId.isEmpty() && !resync)
            continue;
        // A copy this side's apply step made but has not recorded yet (its answer was lost, or the
        // run stopped): it becomes known when that step finds it again.
        if (!known->exists) {
            const Result<bool> inFlight = isCopyInFlight(kind, issueId, entry->content);
            if (!inFlight)
                return inFlight.error();
            // A new attachment travels once its content is kept (one deleted meanwhile is not).
            if (*inFlight || (kind == IssueItems::attachment() && !m_kept.contains(id)))
                continue;
        }
        *seen << SeenItem{kind, issueId, id, digest};
        if (known->copy || (known->exists && known->digest == digest && !resync))
            continue; // an edit of a copy stays on its side; or only its issue was not recorded
        Op op = makeOp(resync ? ItemAction::Resync : known->exists ? ItemAction::Edit : ItemAction::Add, id);
        QJsonObject content = entry->content;
        if (kind == IssueItems::attachment())
            content.insert(QStringLiteral("sha256"), m_kept.value(id));
        QJsonObject what = op.value.toObject();
        what.insert(QStringLiteral("author"), entry->author);
        what.insert(QStringLiteral("created"), entry->created);
        what.insert(QStringLiteral("content"), content);
        op.value = what;
        op.changedAtMs = parseJiraDateTime(entry->created).toMSecsSinceEpoch();
        *ops << op;
    }
    const Result<QList<QString>> recorded = links.onIssue(m_side, issueId);
    if (!recorded)
        return recorded.error();
    for (const QString &id : *recorded) {
        if (present.contains(id))
            continue;
        const Result<ItemLinks::Known> known = links.find(m_side, id);
        if (!known)
            return known.error();
        if (kind == IssueItems::remoteLink() && known->copy)
            continue; // a remote link Ferry made: Jira does not list it among the issue's links
        if (!known->copy && options.deletions)
            *ops << makeOp(ItemAction::Delete, id);
        *gone << std::pair{kind, id};
    }
    return {};
}

void Detector::markMatchTwins(QList<Op> *ops)
{
    QHash<QString, QStringList> keysByValue;
    for (const Op &op : std::as_const(*ops)) {
        if (const QString value = op.value.toObject().value(QStringLiteral("matchValue")).toString(); !value.isEmpty())
            keysByValue[value] << op.issueKey;
    }
    for (Op &op : *ops) {
        QJsonObject value = op.value.toObject();
        QStringList twins = keysByValue.value(value.value(QStringLiteral("matchValue")).toString());
        if (twins.size() < 2)
            continue;
        twins.removeOne(op.issueKey);
        value.insert(QStringLiteral("matchTwins"), QJsonArray::fromStringList(twins));
        op.value = value;
    }
}

Result<bool> Detector::madeByPendingCreate(const QJsonObject &issue)
{
    const QString opId = issue.value(QStringLiteral("properties"))
                             .toObject()
                             .value(originProperty())
                             .toObject()
                             .value(QStringLiteral("op"))
                             .toString();
    if (opId.isEmpty())
        return false;
    return Channel(m_store, m_pairId).isReceivedUnapplied(m_side, opId);
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
