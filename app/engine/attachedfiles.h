#pragma once

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QString>

#include "core/side.h"

#include <functional>

class QObject;

namespace ferry {

class JiraClient;
class StateStore;

/// The files attached to one issue as its rich text refers to them. Data Center's wiki markup
/// names an attached image by its file name, Cloud's ADF by the id of its file in Cloud's media
/// service; in common terms a reference names the file, so that it points at the copy on the
/// other side. Of several files with one name, a reference means the newest, as Jira reads it.
class AttachedFiles {
public:
    /// From an issue's "attachment" field as Jira answers it and the media ids of its attachments.
    static AttachedFiles of(const QJsonArray &attachments, const QHash<QString, QString> &mediaIds);

    /// Empty when no attachment of the issue has that media id (or that name).
    QString nameOf(const QString &mediaId) const { return m_nameOfMedia.value(mediaId); }
    QString mediaIdOf(const QString &fileName) const { return m_mediaOfName.value(fileName); }

    /// The ids of the files rich text refers to (media and mediaInline nodes) anywhere in a value.
    static QSet<QString> referencesIn(const QJsonValue &value);

    using Then = std::function<void(const AttachedFiles &files, const QString &error)>;
    /// Learns what a Cloud side's media service calls an issue's attachments ("attachment" as
    /// answered), asking Jira only about those not known yet (one request each), then calls then
    /// in context. An attachment deleted meanwhile, or one Ferry's account may not read, is left
    /// out; any other failure is the error (the caller tries again later).
    static void resolve(JiraClient &client, StateStore &store, qint64 pairId, Side side, const QJsonArray &attachments,
                        QObject *context, const Then &then);

private:
    QHash<QString, QString> m_nameOfMedia;
    QHash<QString, QString> m_mediaOfName;
};

} // namespace ferry
