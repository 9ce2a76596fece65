#include "engine/versionwriter.h"

#include "engine/applystep.h"
#include "jira/jiraclient.h"
#include "store/itemlinks.h"
#include "store/statestore.h"

#include <QJsonArray>

namespace ferry {

VersionWriter::VersionWriter(ApplyStep &step)
    : m_step(step)
{
}

void VersionWriter::apply(const Op &op)
{
    const QJsonObject value = op.value.toObject();
    const QString sourceId = value.value(QStringLiteral("versionId")).toString();
    const QJsonObject content = value.value(QStringLiteral("content")).toObject();
    ItemLinks versions(m_step.store(), m_step.pairId(), projectVersionKind());
    const Result<ItemLinks::Known> source = versions.find(op.side, sourceId);
    if (!source)
        return m_step.leave(op, source.error().message());
    const Result<QString> partner = versions.partnerOn(m_step.side(), sourceId);
    if (!partner)
        return m_step.leave(op, partner.error().message());
    // Written over on its side since the op left (the other way's op won there): nothing to carry.
    if (source->exists && !source->digest.isEmpty() && source->digest != ItemLinks::digestOf(content))
        return recordVersion(op, sourceId, *partner, false, std::nullopt, QStringLiteral("superseded"));
    const QString project = m_step.ownSide().project;
    // The target's versions: the partner as it is now, or one of the same name to pair it with.
    JiraReply *versionsRead
        = m_step.client().get(m_step.client().api(QStringLiteral("/project/%1/versions").arg(project)));
    then(versionsRead, &m_step, [this, op, sourceId, content, partner = *partner, project](JiraReply *read) {
        if (!read->ok())
            return m_step.leave(
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
        writeOver(op, sourceId, content, partner, found);
    });
}

void VersionWriter::writeOver(const Op &op, const QString &sourceId, const QJsonObject &content, const QString &partner,
                              const QJsonObject &found)
{
    const QString targetId = found.value(QStringLiteral("id")).toString();
    const QJsonObject now = versionContent(found);
    const bool firstContact = partner != targetId;
    const Result<ItemLinks::Known> here
        = ItemLinks(m_step.store(), m_step.pairId(), projectVersionKind()).find(m_step.side(), targetId);
    if (!here)
        return m_step.leave(op, here.error().message());
    // Changed here since this side last read it: its own op is on its way the other way.
    const bool changedHere = here->exists && here->digest != ItemLinks::digestOf(now);
    const Side winner = m_step.config().conflictPolicy == ConflictPolicy::BWins ? Side::B : Side::A;
    if (now == content)
        return recordVersion(op, sourceId, targetId, firstContact, ItemLinks::digestOf(now),
                             QStringLiteral("unchanged"));
    if ((changedHere || firstContact) && op.side != winner) {
        // Kept as it is. Met for the first time, its content must still go across: an empty
        // digest makes this side's next poll send it; changed here, it is on its way already.
        return recordVersion(op, sourceId, targetId, firstContact,
                             firstContact ? std::optional<QString>(QString()) : std::nullopt, QStringLiteral("kept"));
    }
    QJsonObject body = content;
    if (body.value(QStringLiteral("releaseDate")).toString().isEmpty())
        body.insert(QStringLiteral("releaseDate"), QJsonValue::Null);
    then(m_step.client().put(m_step.client().api(QStringLiteral("/version/%1").arg(targetId)), body), &m_step,
         [this, op, sourceId, targetId, firstContact, content](JiraReply *write) {
             if (!write->ok())
                 return m_step.leave(op, write->error().sentence());
             recordVersion(op, sourceId, targetId, firstContact, ItemLinks::digestOf(content),
                           QStringLiteral("written"));
         });
}

void VersionWriter::createVersion(const Op &op, const QString &sourceId, const QJsonObject &content,
                                  const QString &project)
{
    QJsonObject body = content;
    body.insert(QStringLiteral("project"), project);
    if (body.value(QStringLiteral("releaseDate")).toString().isEmpty())
        body.remove(QStringLiteral("releaseDate"));
    then(m_step.client().post(m_step.client().api(QStringLiteral("/version")), body), &m_step,
         [this, op, sourceId, content, project](JiraReply *made) {
             if (!made->ok())
                 return m_step.leave(
                     op,
                     QStringLiteral("could not create version %1 in project %2: %3")
                         .arg(content.value(QStringLiteral("name")).toString(), project, made->error().sentence()));
             recordVersion(op, sourceId, made->object().value(QStringLiteral("id")).toString(), true,
                           ItemLinks::digestOf(content), QStringLiteral("created"));
         });
}

void VersionWriter::recordVersion(const Op &op, const QString &sourceId, const QString &targetId, bool link,
                                  const std::optional<QString> &digest, const QString &result)
{
    Side side = m_step.side();
    ItemLinks versions(m_step.store(), m_step.pairId(), projectVersionKind());
    const Result<void> recorded = m_step.store().transaction([&](QSqlDatabase &db) -> Result<void> {
        const QString project = projectIssueId(m_step.ownSide().project);
        const Result<void> kept = link
            ? versions.link(db, op.side, sourceId, project, targetId, digest.value_or(QString()))
            : digest ? versions.setDigest(db, side, targetId, *digest)
                     : Result<void>();
        if (!kept)
            return kept;
        return m_step.markApplied(db, op, {{result, targetId}});
    });
    if (!recorded)
        m_step.outcome().error = QStringLiteral("version %1 %2 as %3, but recording it failed: %4")
                                     .arg(op.value.toObject()
                                              .value(QStringLiteral("content"))
                                              .toObject()
                                              .value(QStringLiteral("name"))
                                              .toString(),
                                          result, targetId, recorded.error().message());
    else
        m_step.tally(result);
    m_step.next();
}

} // namespace ferry
