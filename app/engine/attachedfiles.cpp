#include "engine/attachedfiles.h"

#include "jira/jiraclient.h"
#include "store/mediafiles.h"

#include <QJsonObject>

#include <algorithm>
#include <memory>

namespace ferry {

namespace {

QString idOf(const QJsonValue &attachment)
{
    const QJsonValue id = attachment.toObject().value(QStringLiteral("id"));
    return id.isString() ? id.toString() : QString::number(id.toInteger());
}

} // namespace

AttachedFiles AttachedFiles::of(const QJsonArray &attachments, const QHash<QString, QString> &mediaIds)
{
    QList<QJsonObject> oldestFirst;
    for (const QJsonValue &attachment : attachments)
        oldestFirst << attachment.toObject();
    std::stable_sort(oldestFirst.begin(), oldestFirst.end(), [](const QJsonObject &x, const QJsonObject &y) {
        return idOf(x).toLongLong() < idOf(y).toLongLong();
    });
    AttachedFiles files;
    for (const QJsonObject &attachment : std::as_const(oldestFirst)) {
        const QString mediaId = mediaIds.value(idOf(attachment));
        if (mediaId.isEmpty())
            continue;
        const QString name = attachment.value(QStringLiteral("filename")).toString();
        files.m_nameOfMedia.insert(mediaId, name);
        files.m_mediaOfName.insert(name, mediaId);
    }
    return files;
}

QSet<QString> AttachedFiles::referencesIn(const QJsonValue &value)
{
    QSet<QString> ids;
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            ids.unite(referencesIn(item));
        return ids;
    }
    if (!value.isObject())
        return ids;
    const QJsonObject node = value.toObject();
    const QString type = node.value(QStringLiteral("type")).toString();
    const QJsonObject attrs = node.value(QStringLiteral("attrs")).toObject();
    if ((type == QStringLiteral("media") || type == QStringLiteral("mediaInline"))
        && attrs.value(QStringLiteral("type")).toString(QStringLiteral("file")) == QStringLiteral("file"))
        ids << attrs.value(QStringLiteral("id")).toString();
    for (const QJsonValue &child : node)
        ids.unite(referencesIn(child));
    return ids;
}

void AttachedFiles::resolve(JiraClient &client, StateStore &store, qint64 pairId, Side side,
                            const QJsonArray &attachments, QObject *context, const Then &then)
{
    QStringList ids;
    for (const QJsonValue &attachment : attachments)
        ids << idOf(attachment);
    const Result<QHash<QString, QString>> known = MediaFiles(store, pairId).known(side, ids);
    if (!known)
        return then({}, known.error().message());
    struct Learning {
        QHash<QString, QString> mediaIds;
        int waiting = 0;
        QString error;
    };
    auto learning = std::make_shared<Learning>(Learning{*known, 0, {}});
    for (const QString &id : std::as_const(ids)) {
        if (!known->contains(id))
            ++learning->waiting;
    }
    if (learning->waiting == 0)
        return then(of(attachments, *known), {});
    for (const QString &id : std::as_const(ids)) {
        if (known->contains(id))
            continue;
        ferry::then(client.attachmentLocation(id), context,
                    [&store, pairId, side, attachments, then, learning, id](JiraReply *reply) {
                        if (reply->ok()) {
                            // No redirect: the site keeps the file itself, and rich text cannot refer to it by id.
                            const QString mediaId
                                = JiraClient::mediaFileIdIn(QUrl::fromEncoded(reply->header("location")));
                            if (auto remembered = MediaFiles(store, pairId).remember(side, id, mediaId))
                                learning->mediaIds.insert(id, mediaId);
                            else if (learning->error.isEmpty())
                                learning->error = remembered.error().message();
                        } else if (reply->httpStatus() == 404 || reply->httpStatus() == 403) {
                            // Deleted meanwhile, or not Ferry's to read: rich text keeps its id for the file.
                        } else if (learning->error.isEmpty()) {
                            learning->error = QStringLiteral("could not learn the media id of attachment %1: %2")
                                                  .arg(id, reply->error().sentence());
                        }
                        if (--learning->waiting == 0)
                            then(of(attachments, learning->mediaIds), learning->error);
                    });
    }
}

} // namespace ferry
