#include "engine/applystep.h"

#include "core/logcategories.h"
#include "engine/statuswalker.h"
#include "jira/jiraclient.h"
#include "store/channel.h"
#include "store/conflictrepository.h"
#include "store/issueerrors.h"
#include "store/journal.h"
#include "store/statestore.h"

#include <QJsonArray>

namespace ferry {

void holdStatus(QJsonObject *snapshot, const QJsonValue &status)
{
    if (status.isUndefined())
        snapshot->remove(FieldTranslator::statusKey());
    else
        snapshot->insert(FieldTranslator::statusKey(), status);
}

ApplyStep::ApplyStep(JiraClient &client, const PairConfig &config, const FieldTranslator &translator, StateStore &store,
                     qint64 pairId, Side side, std::function<void()> next, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_config(config)
    , m_translator(translator)
    , m_items(translator)
    , m_store(store)
    , m_pairId(pairId)
    , m_side(side)
    , m_next(std::move(next))
{
}

const PairSide &ApplyStep::ownSide() const
{
    return m_side == Side::A ? m_config.a : m_config.b;
}

void ApplyStep::begin()
{
    m_outcome = {};
    m_projectValues.clear();
    held.clear();
    parked.clear();
    synced.clear();
}

void ApplyStep::nextLater()
{
    QMetaObject::invokeMethod(this, m_next, Qt::QueuedConnection);
}

void ApplyStep::refuse(const Op &op, const QString &why)
{
    ++m_outcome.refused;
    m_outcome.problems << QStringLiteral("%1 (%2): refused: %3").arg(op.issueKey, opKindName(op.kind), why);
    qCWarning(lcEngine).noquote() << "pair" << m_config.name << "side" << m_side << ": op" << op.id << "refused -"
                                  << m_outcome.problems.last() << "- it is rejected, not tried again";
    Result<void> recorded = Channel(m_store, m_pairId).markApplied(m_side, op.id, {{QStringLiteral("refused"), why}});
    if (recorded)
        recorded = Journal(m_store, m_pairId)
                       .record({{},
                                m_side,
                                op.issueKey,
                                QStringLiteral("op-refused"),
                                {{QStringLiteral("op"), op.id},
                                 {QStringLiteral("kind"), opKindName(op.kind)},
                                 {QStringLiteral("why"), why}}});
    if (!recorded)
        m_outcome.error = recorded.error().message();
    nextLater();
}

void ApplyStep::leave(const Op &op, const QString &why)
{
    m_outcome.problems << QStringLiteral("%1 (%2): %3").arg(op.issueKey, opKindName(op.kind), why);
    m_outcome.left << op.id;
    held << issueOf(op);
    synced.remove(issueOf(op));
    const Result<void> parked = IssueErrors(m_store, m_pairId).park(op.side, op.issueId, op.issueKey, why);
    qCWarning(lcEngine).noquote()
        << "pair" << m_config.name << "side" << m_side << ":" << m_outcome.problems.last()
        << (parked ? QStringLiteral("- parked; retried later, the other issues go on")
                   : QStringLiteral("- could not park it (%1); retried next round").arg(parked.error().message()));
    nextLater();
}

void ApplyStep::markApplied(const Op &op, const QJsonObject &result)
{
    if (auto marked = Channel(m_store, m_pairId).markApplied(m_side, op.id, result); !marked)
        m_outcome.error = marked.error().message();
}

Result<void> ApplyStep::markApplied(QSqlDatabase &db, const Op &op, const QJsonObject &result)
{
    return Channel(m_store, m_pairId).markApplied(db, m_side, op.id, result);
}

void ApplyStep::tally(const QString &result)
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

bool ApplyStep::outsidePair(const Op &op, const JiraReply *reply)
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

std::optional<LinkRepository::Link> ApplyStep::linkOf(const Op &op)
{
    const Result<std::optional<LinkRepository::Link>> found
        = LinkRepository(m_store, m_pairId).find(op.side, op.issueId);
    const std::optional<LinkRepository::Link> link = found.valueOr(std::nullopt);
    if (!found)
        leave(op, found.error().message());
    else if (!link)
        leave(op, QStringLiteral("the issue is not linked yet"));
    else if (const QString target = targetOf(*link).key; !ownSide().ownsKey(target)) {
        refuse(op,
               QStringLiteral("it is linked to %1, which is not an issue of project %2; the pair reads and "
                              "writes only its projects")
                   .arg(target, ownSide().project));
        return std::nullopt;
    } else if (link->state == LinkState::Ignored || link->state == missingOn(m_side)) {
        // Nothing to write to: the op is done, set aside, until an admin relinks or recreates.
        markApplied(op, {{QStringLiteral("setAside"), linkStateName(link->state)}});
        ++m_outcome.skipped;
        nextLater();
        return std::nullopt;
    }
    return link;
}

ApplyTarget ApplyStep::targetOf(const LinkRepository::Link &link) const
{
    return {link.idOn(m_side), link.keyOn(m_side)};
}

Result<QString> ApplyStep::partnerKeyOf(const QString &sourceKey, const QString &role)
{
    const Result<std::optional<LinkRepository::Located>> located = LinkRepository(m_store, m_pairId).locate(sourceKey);
    if (!located)
        return located.error();
    if (!*located || !(*located)->link)
        return Error(
            QStringLiteral("its %1 %2 is not synced (yet, or it is outside the pair's scope)").arg(role, sourceKey));
    const QString here = targetOf(*(*located)->link).key;
    if (!ownSide().ownsKey(here))
        return Error(QStringLiteral("its %1 %2 is linked to %3, outside project %4")
                         .arg(role, sourceKey, here, ownSide().project));
    return here;
}

bool ApplyStep::partnerGone(const Op &op, const JiraReply *reply)
{
    if (reply->httpStatus() != 404)
        return false;
    LinkRepository links(m_store, m_pairId);
    const Result<std::optional<LinkRepository::Link>> found = links.find(op.side, op.issueId);
    if (!found || !*found) {
        leave(op, found ? reply->error().sentence() : found.error().message());
        return true;
    }
    const LinkRepository::Link &link = **found;
    const QString targetKey = targetOf(link).key;
    const QString why
        = QStringLiteral("%1: its partner %2 is gone (deleted, or no longer visible to Ferry's account); "
                         "its changes are set aside. Relink, recreate or ignore it: ferry-cli issue %3 %1")
              .arg(op.issueKey, targetKey, m_config.name);
    const Result<void> recorded = m_store.transaction([&](QSqlDatabase &db) -> Result<void> {
        if (auto set = links.setState(db, link.aId, missingOn(m_side)); !set)
            return set;
        return markApplied(db, op, {{QStringLiteral("partnerMissing"), targetKey}});
    });
    if (!recorded) {
        leave(op, recorded.error().message());
        return true;
    }
    if (auto journaled = Journal(m_store, m_pairId)
                             .record({{},
                                      m_side,
                                      targetKey,
                                      QStringLiteral("partner-missing"),
                                      {{QStringLiteral("source"), op.issueKey}}});
        !journaled)
        qCWarning(lcEngine).noquote() << "could not record the missing partner in the journal:"
                                      << journaled.error().message();
    m_outcome.problems << why;
    qCWarning(lcEngine).noquote() << "pair" << m_config.name << ":" << why;
    next();
    return true;
}

bool ApplyStep::commit(const Op &op, const QString &aId, const ApplyTarget &target, const QJsonObject &agreed,
                       bool writtenHere, const QList<Op> &back, const QJsonObject &result)
{
    LinkRepository links(m_store, m_pairId);
    Channel channel(m_store, m_pairId);
    const Result<void> committed = m_store.transaction([&](QSqlDatabase &db) -> Result<void> {
        if (!agreed.isEmpty()) {
            Result<QJsonObject> base = links.base(aId);
            if (!base)
                return base.error();
            ConflictRepository conflicts(m_store, m_pairId);
            for (auto it = agreed.begin(); it != agreed.end(); ++it) {
                base->insert(it.key(), it.value());
                if (auto settled = conflicts.settle(db, aId, it.key(), QStringLiteral("both sides agree")); !settled)
                    return settled;
            }
            if (auto set = links.setBase(db, aId, *base); !set)
                return set;
        }
        if (writtenHere) {
            // What this side now holds, so its detector does not send the value back.
            Result<QJsonObject> seen = links.observed(m_side, target.id);
            if (!seen)
                return seen.error();
            for (auto it = agreed.begin(); it != agreed.end(); ++it)
                seen->insert(it.key(), it.value());
            if (auto set = links.setObserved(db, m_side, target.id, target.key, *seen); !set)
                return set;
        }
        if (auto sent = channel.send(db, m_side, back); !sent)
            return sent;
        return markApplied(db, op, result);
    });
    if (!committed)
        m_outcome.error
            = QStringLiteral("%1: recording the applied op failed: %2").arg(op.issueKey, committed.error().message());
    return committed.ok();
}

void ApplyStep::withFiles(const QString &targetKey, const QJsonValue &richText,
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
    ferry::then(m_client.getIssue(targetKey, {field}), this, [then, resolve, field](JiraReply *reply) {
        if (!reply->ok())
            return then(nullptr, reply->error().sentence());
        resolve(reply->object().value(QStringLiteral("fields")).toObject().value(field).toArray());
    });
}

QJsonValue ApplyStep::commonStatus(const QString &status) const
{
    if (status.isEmpty())
        return QJsonValue::Undefined;
    const FieldTranslator::Translated common
        = m_translator.toCommon(m_side, {{FieldTranslator::statusKey(), QJsonObject{{QStringLiteral("id"), status}}}});
    return common.values.value(FieldTranslator::statusKey());
}

void ApplyStep::walkStatus(const ApplyTarget &target, const QString &issueType, const QString &from,
                           const QJsonValue &goal, const std::function<void(const QString &error)> &done)
{
    const Result<QString> to = m_translator.statusOn(m_side, goal);
    if (!to)
        return done(to.error().message());
    auto *walker = new StatusWalker(m_client, *m_workflows, this);
    connect(walker, &StatusWalker::moved, this, [this, target](const QString &status) {
        // Recorded as it happens: a run stopped halfway must not take the step for a change.
        LinkRepository links(m_store, m_pairId);
        const Result<void> recorded = m_store.transaction([&](QSqlDatabase &db) -> Result<void> {
            Result<QJsonObject> holds = links.observed(m_side, target.id);
            if (!holds)
                return holds.error();
            holdStatus(&*holds, commonStatus(status));
            return links.setObserved(db, m_side, target.id, target.key, *holds);
        });
        if (!recorded)
            qCWarning(lcEngine).noquote() << "pair" << m_config.name << ":" << target.key
                                          << "moved, but recording its status failed:" << recorded.error().message();
    });
    connect(walker, &StatusWalker::finished, this, [walker, done](const QString &error) {
        walker->deleteLater();
        done(error);
    });
    walker->walk(target.key, issueType, from, *to);
}

QStringList ApplyStep::keepToScreen(const QString &issueTypeId, QJsonObject *fields)
{
    const QStringList left = m_translator.keepToScreen(m_side, issueTypeId, fields);
    for (const QString &field : left) {
        if (m_screenGapsSaid.contains(issueTypeId + u'/' + field))
            continue;
        m_screenGapsSaid << issueTypeId + u'/' + field;
        m_outcome.problems << m_translator.screenGap(m_side, issueTypeId, field);
        qCWarning(lcEngine).noquote() << "side" << sideLetter(m_side) << ":" << m_outcome.problems.last();
    }
    return left;
}

void ApplyStep::ensureProjectValues(const QJsonObject &fields, const std::function<void(const QString &)> &then)
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

void ApplyStep::ensureNext(QList<std::pair<QString, QString>> wanted, const std::function<void(const QString &)> &then)
{
    if (wanted.isEmpty())
        return then({});
    const auto [what, name] = wanted.first();
    const QString project = ownSide().project;
    if (!m_projectValues.contains(what)) {
        // What the project has, read once per apply step.
        ferry::then(
            m_client.get(m_client.api(QStringLiteral("/project/%1/%2").arg(project, what))), this,
            [this, what, wanted, then](JiraReply *read) {
                if (!read->ok())
                    return then(
                        QStringLiteral("could not read the project's %1: %2").arg(what, read->error().sentence()));
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
    const bool version = what == QStringLiteral("versions");
    const QJsonObject body{{QStringLiteral("name"), name}, {QStringLiteral("project"), project}};
    ferry::then(m_client.post(m_client.api(version ? QStringLiteral("/version") : QStringLiteral("/component")), body),
                this, [this, what, version, name, wanted, then](JiraReply *made) {
                    if (!made->ok())
                        return then(QStringLiteral("could not create %1 '%2' on the target project: %3")
                                        .arg(version ? QStringLiteral("version") : QStringLiteral("component"), name,
                                             made->error().sentence()));
                    qCInfo(lcEngine).noquote() << "pair" << m_config.name << ": created" << what.chopped(1) << name
                                               << "on side" << sideLetter(m_side);
                    m_projectValues[what] << name.toCaseFolded();
                    ensureNext(wanted, then);
                });
}

} // namespace ferry
