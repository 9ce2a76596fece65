#include "engine/attachmentcopier.h"

#include "core/logcategories.h"
#include "jira/jiraclient.h"
#include "store/blobstore.h"
#include "store/statestore.h"

#include <QFile>

#include <memory>

namespace ferry {

AttachmentCopier::AttachmentCopier(ApplyStep &step)
    : m_step(step)
{
}

void AttachmentCopier::upload(const Op &op, const ApplyTarget &target, const QJsonObject &copy,
                              const std::function<void(const QString &copyId)> &uploaded)
{
    const QString fileName = copy.value(QStringLiteral("filename")).toString();
    const QString path
        = BlobStore(m_step.store().directory(), m_step.pairId()).path(copy.value(QStringLiteral("sha256")).toString());
    auto file = std::make_shared<QFile>(path);
    if (path.isEmpty() || !file->open(QIODevice::ReadOnly))
        return m_step.leave(op,
                            QStringLiteral("the content of attachment %1 is missing from the state folder; resync "
                                           "the issue to read it again")
                                .arg(fileName));
    JiraReply *sending = m_step.client().uploadAttachment(target.key, file.get(), fileName,
                                                          copy.value(QStringLiteral("mimeType")).toString());
    then(sending, &m_step, [this, file, op, target, fileName, uploaded](JiraReply *reply) {
        if (reply->httpStatus() == 413) {
            // Too large for the target site: no retry changes that, so the op is done with a reason.
            const QString why = QStringLiteral("%1 (%2): attachment %3 is larger than %4 accepts; it stays on its side")
                                    .arg(op.issueKey, opKindName(op.kind), fileName, m_step.client().site().name);
            m_step.outcome().problems << why;
            qCWarning(lcEngine).noquote() << "pair" << m_step.config().name << ":" << why;
            m_step.markApplied(op, {{QStringLiteral("refused"), why}});
            return m_step.next();
        }
        if (m_step.partnerGone(op, reply))
            return;
        if (!reply->ok())
            return m_step.leave(op, reply->error().sentence());
        const QString copyId = reply->json().array().first().toObject().value(QStringLiteral("id")).toString();
        pointAtCopy(target, fileName, [uploaded, copyId] { uploaded(copyId); });
    });
}

void AttachmentCopier::pointAtCopy(const ApplyTarget &target, const QString &fileName,
                                   const std::function<void()> &then)
{
    const FieldTranslator &translator = m_step.translator();
    if (!translator.isCloud(m_step.side()))
        return then();
    // The fields as both sides agreed on them, in common terms (files by name).
    LinkRepository links(m_step.store(), m_step.pairId());
    // What cannot be read of it (no link, no base) shows no file: the copy goes without a note.
    std::optional<QJsonObject> agreed;
    if (const Result<std::optional<LinkRepository::Link>> link = links.find(m_step.side(), target.id); link && *link) {
        if (const Result<QJsonObject> base = links.base((*link)->aId))
            agreed = *base;
    }
    QJsonObject showing;
    for (const QString &key : agreed ? agreed->keys() : QStringList()) {
        if (translator.isRichText(key) && AttachedFiles::referencesIn(agreed->value(key)).contains(fileName))
            showing.insert(key, agreed->value(key));
    }
    if (showing.isEmpty())
        return then();
    m_step.withFiles(
        target.key, QJsonValue(showing), std::nullopt,
        [this, target, fileName, showing, then](const AttachedFiles *files, const QString &why) {
            const FieldTranslator::Translated fields = m_step.translator().toSide(m_step.side(), showing, files);
            const QString problem = !why.isEmpty() ? why : fields.problems.join(QStringLiteral("; "));
            const auto warn = [this, target, fileName](const QString &reason) {
                qCWarning(lcEngine).noquote()
                    << "pair" << m_step.config().name << ":" << target.key << "shows" << fileName
                    << "as it was before the file arrived (" << reason << "); it points at the copy after the "
                    << "next edit of that text";
            };
            if (!problem.isEmpty()) {
                warn(problem);
                return then();
            }
            ferry::then(m_step.client().editIssue(target.key, fields.values), &m_step, [warn, then](JiraReply *reply) {
                if (!reply->ok())
                    warn(reply->error().sentence());
                then();
            });
        });
}

} // namespace ferry
