// JiraClient's typed operations: thin, documented shapes over the request pipeline.

#include "jira/jiraclient.h"

#include <QFileInfo>
#include <QHttpMultiPart>
#include <QIODevice>
#include <QMimeDatabase>
#include <QRegularExpression>

namespace ferry {

namespace {

QString joined(const QStringList &items)
{
    return items.join(u',');
}

QUrlQuery issueQuery(const QStringList &fields, const QStringList &expand, const QStringList &properties)
{
    QUrlQuery query;
    if (!fields.isEmpty())
        query.addQueryItem(QStringLiteral("fields"), joined(fields));
    if (!expand.isEmpty())
        query.addQueryItem(QStringLiteral("expand"), joined(expand));
    if (!properties.isEmpty())
        query.addQueryItem(QStringLiteral("properties"), joined(properties));
    return query;
}

QString encoded(const QString &segment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

} // namespace

JiraReply *JiraClient::metadata(bool refresh)
{
    auto *result = new JiraReply(this);
    if (!refresh && !m_metadata.isEmpty()) {
        QMetaObject::invokeMethod(
            result, [this, result] { result->finish(200, compact(m_metadata), {}, {}); }, Qt::QueuedConnection);
        return result;
    }
    struct Part {
        QString name;
        QString path;
        QString arrayKey; // when the answer wraps the list in an object
    };
    const QList<Part> parts = {
        {QStringLiteral("fields"), api(QStringLiteral("/field")), QString()},
        {QStringLiteral("issueTypes"), api(QStringLiteral("/issuetype")), QString()},
        {QStringLiteral("statuses"), api(QStringLiteral("/status")), QString()},
        {QStringLiteral("priorities"), api(QStringLiteral("/priority")), QString()},
        {QStringLiteral("resolutions"), api(QStringLiteral("/resolution")), QString()},
        {QStringLiteral("linkTypes"), api(QStringLiteral("/issueLinkType")), QStringLiteral("issueLinkTypes")},
    };
    auto collected = std::make_shared<QJsonObject>();
    auto pending = std::make_shared<int>(int(parts.size()));
    for (const Part &part : parts) {
        then(get(part.path), this, [this, result, part, collected, pending](JiraReply *reply) {
            if (result->isFinished())
                return;
            if (!reply->ok())
                return result->finish(reply->httpStatus(), reply->body(), {}, reply->error());
            const QJsonDocument document = reply->json();
            collected->insert(part.name,
                              part.arrayKey.isEmpty() ? QJsonValue(document.array())
                                                      : document.object().value(part.arrayKey));
            if (--*pending == 0) {
                m_metadata = *collected;
                result->finish(200, compact(m_metadata), {}, {});
            }
        });
    }
    return result;
}

JiraReply *JiraClient::countIssues(const QString &jql)
{
    const bool cloud = m_deployment == Deployment::Cloud;
    JiraReply *request = cloud
        ? post(api(QStringLiteral("/search/approximate-count")), QJsonObject{{QStringLiteral("jql"), jql}})
        : get(api(QStringLiteral("/search")),
              QUrlQuery{{QStringLiteral("jql"), jql},
                        {QStringLiteral("maxResults"), QStringLiteral("0")},
                        {QStringLiteral("fields"), QStringLiteral("id")}});
    auto *result = new JiraReply(this);
    then(request, this, [result, cloud](JiraReply *asked) {
        if (!asked->ok())
            return result->finish(asked->httpStatus(), asked->body(), {}, asked->error());
        const int count = asked->object().value(cloud ? QStringLiteral("count") : QStringLiteral("total")).toInt();
        result->finish(200, QJsonDocument(QJsonObject{{QStringLiteral("count"), count}}).toJson(QJsonDocument::Compact),
                       {}, {});
    });
    return result;
}

JiraReply *JiraClient::projects()
{
    return get(api(QStringLiteral("/project")));
}

JiraReply *JiraClient::createMeta(const QString &projectKey, const QString &issueTypeId)
{
    return get(
        api(QStringLiteral("/issue/createmeta/%1/issuetypes/%2").arg(encoded(projectKey), encoded(issueTypeId))));
}

JiraReply *JiraClient::editMeta(const QString &issueKey)
{
    return get(api(QStringLiteral("/issue/%1/editmeta").arg(encoded(issueKey))));
}

JiraReply *JiraClient::findUsers(const QString &query)
{
    QUrlQuery q;
    q.addQueryItem(m_deployment == Deployment::Cloud ? QStringLiteral("query") : QStringLiteral("username"), query);
    return get(api(QStringLiteral("/user/search")), q);
}

JiraReply *JiraClient::users(int startAt, int maxResults)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("startAt"), QString::number(startAt));
    q.addQueryItem(QStringLiteral("maxResults"), QString::number(maxResults));
    if (m_deployment == Deployment::Cloud)
        return get(api(QStringLiteral("/users/search")), q);
    q.addQueryItem(QStringLiteral("username"), QStringLiteral("."));
    return get(api(QStringLiteral("/user/search")), q);
}

JiraReply *JiraClient::getIssue(const QString &key, const QStringList &fields, const QStringList &expand,
                                const QStringList &properties)
{
    return get(api(QStringLiteral("/issue/") + encoded(key)), issueQuery(fields, expand, properties));
}

SearchReply *JiraClient::fetchIssues(const QStringList &keys, const QStringList &fields)
{
    auto *result = new SearchReply(this);
    QList<QStringList> batches;
    for (qsizetype i = 0; i < keys.size(); i += 100)
        batches << keys.mid(i, 100);
    auto next = std::make_shared<std::function<void(qsizetype)>>();
    *next = [this, result, batches, fields, next](qsizetype index) {
        if (index >= batches.size())
            return result->finish(200, {}, {}, {});
        const QStringList &batch = batches.at(index);
        JiraReply *page = nullptr;
        if (m_deployment == Deployment::Cloud) {
            page = post(api(QStringLiteral("/issue/bulkfetch")),
                        QJsonObject{{QStringLiteral("issueIdsOrKeys"), QJsonArray::fromStringList(batch)},
                                    {QStringLiteral("fields"), QJsonArray::fromStringList(fields)}});
        } else {
            // Data Center has no bulk fetch: a key search; keys that no longer exist would fail
            // the whole query, so the batch holds keys the caller knows.
            page = post(api(QStringLiteral("/search")),
                        QJsonObject{{QStringLiteral("jql"), QStringLiteral("key in (%1)").arg(batch.join(u','))},
                                    {QStringLiteral("fields"), QJsonArray::fromStringList(fields)},
                                    {QStringLiteral("maxResults"), 100}});
        }
        then(page, this, [result, index, next](JiraReply *reply) {
            if (!reply->ok())
                return result->finish(reply->httpStatus(), reply->body(), {}, reply->error());
            for (const QJsonValue &issue : reply->object().value(QStringLiteral("issues")).toArray())
                result->m_issues << issue.toObject();
            ++result->m_pages;
            Q_EMIT result->progress(int(result->m_issues.size()));
            (*next)(index + 1);
        });
    };
    QMetaObject::invokeMethod(
        this, [next] { (*next)(0); }, Qt::QueuedConnection);
    return result;
}

JiraReply *JiraClient::createIssue(const QJsonObject &fields, const QJsonArray &properties)
{
    QJsonObject body{{QStringLiteral("fields"), fields}};
    if (!properties.isEmpty())
        body.insert(QStringLiteral("properties"), properties);
    return post(api(QStringLiteral("/issue")), body);
}

JiraReply *JiraClient::deleteIssue(const QString &key)
{
    return del(api(QStringLiteral("/issue/") + encoded(key)));
}

JiraReply *JiraClient::createIssues(const QList<QJsonObject> &issueUpdates)
{
    QJsonArray updates;
    for (const QJsonObject &update : issueUpdates)
        updates.append(update);
    return post(api(QStringLiteral("/issue/bulk")), QJsonObject{{QStringLiteral("issueUpdates"), updates}});
}

JiraReply *JiraClient::editIssue(const QString &key, const QJsonObject &fields, const QJsonObject &update)
{
    QJsonObject body;
    if (!fields.isEmpty())
        body.insert(QStringLiteral("fields"), fields);
    if (!update.isEmpty())
        body.insert(QStringLiteral("update"), update);
    return put(api(QStringLiteral("/issue/") + encoded(key)), body);
}

JiraReply *JiraClient::transitions(const QString &key)
{
    return get(api(QStringLiteral("/issue/%1/transitions").arg(encoded(key))));
}

JiraReply *JiraClient::transition(const QString &key, const QString &transitionId, const QJsonObject &fields)
{
    QJsonObject body{{QStringLiteral("transition"), QJsonObject{{QStringLiteral("id"), transitionId}}}};
    if (!fields.isEmpty())
        body.insert(QStringLiteral("fields"), fields);
    return post(api(QStringLiteral("/issue/%1/transitions").arg(encoded(key))), body);
}

JiraReply *JiraClient::comments(const QString &key, int startAt)
{
    return get(api(QStringLiteral("/issue/%1/comment").arg(encoded(key))),
               QUrlQuery(QStringLiteral("maxResults=5000&orderBy=created&expand=properties&startAt=%1").arg(startAt)));
}

namespace {

QJsonObject commentRequest(const QJsonValue &body, const QJsonObject &visibility, const QJsonArray &properties)
{
    QJsonObject comment{{QStringLiteral("body"), body}};
    if (!visibility.isEmpty())
        comment.insert(QStringLiteral("visibility"), visibility);
    if (!properties.isEmpty())
        comment.insert(QStringLiteral("properties"), properties);
    return comment;
}

} // namespace

JiraReply *JiraClient::addComment(const QString &key, const QJsonValue &body, const QJsonObject &visibility,
                                  const QJsonArray &properties)
{
    return post(api(QStringLiteral("/issue/%1/comment").arg(encoded(key))),
                commentRequest(body, visibility, properties));
}

JiraReply *JiraClient::editComment(const QString &key, const QString &commentId, const QJsonValue &body,
                                   const QJsonObject &visibility, const QJsonArray &properties)
{
    return put(api(QStringLiteral("/issue/%1/comment/%2").arg(encoded(key), encoded(commentId))),
               commentRequest(body, visibility, properties));
}

JiraReply *JiraClient::deleteComment(const QString &key, const QString &commentId)
{
    return del(api(QStringLiteral("/issue/%1/comment/%2").arg(encoded(key), encoded(commentId))));
}

JiraReply *JiraClient::worklogs(const QString &key, int startAt)
{
    return get(api(QStringLiteral("/issue/%1/worklog").arg(encoded(key))),
               QUrlQuery{{QStringLiteral("startAt"), QString::number(startAt)}});
}

JiraReply *JiraClient::editWorklog(const QString &key, const QString &worklogId, const QJsonObject &worklog,
                                   const QString &adjustEstimate)
{
    return enqueue("PUT", api(QStringLiteral("/issue/%1/worklog/%2").arg(encoded(key), encoded(worklogId))),
                   QUrlQuery{{QStringLiteral("adjustEstimate"), adjustEstimate}},
                   QJsonDocument(worklog).toJson(QJsonDocument::Compact));
}

JiraReply *JiraClient::deleteWorklog(const QString &key, const QString &worklogId, const QString &adjustEstimate)
{
    return del(api(QStringLiteral("/issue/%1/worklog/%2").arg(encoded(key), encoded(worklogId))),
               QUrlQuery{{QStringLiteral("adjustEstimate"), adjustEstimate}});
}

JiraReply *JiraClient::addWorklog(const QString &key, const QJsonObject &worklog, const QString &adjustEstimate)
{
    return enqueue("POST", api(QStringLiteral("/issue/%1/worklog").arg(encoded(key))),
                   QUrlQuery{{QStringLiteral("adjustEstimate"), adjustEstimate}},
                   QJsonDocument(worklog).toJson(QJsonDocument::Compact));
}

JiraReply *JiraClient::createLink(const QString &typeName, const QString &inwardKey, const QString &outwardKey)
{
    return post(api(QStringLiteral("/issueLink")),
                QJsonObject{{QStringLiteral("type"), QJsonObject{{QStringLiteral("name"), typeName}}},
                            {QStringLiteral("inwardIssue"), QJsonObject{{QStringLiteral("key"), inwardKey}}},
                            {QStringLiteral("outwardIssue"), QJsonObject{{QStringLiteral("key"), outwardKey}}}});
}

JiraReply *JiraClient::deleteLink(const QString &linkId)
{
    return del(api(QStringLiteral("/issueLink/") + encoded(linkId)));
}

JiraReply *JiraClient::putRemoteLink(const QString &key, const QJsonObject &remoteLink)
{
    return post(api(QStringLiteral("/issue/%1/remotelink").arg(encoded(key))), remoteLink);
}

JiraReply *JiraClient::deleteRemoteLink(const QString &key, const QString &remoteLinkId)
{
    return del(api(QStringLiteral("/issue/%1/remotelink/%2").arg(encoded(key), encoded(remoteLinkId))));
}

JiraReply *JiraClient::property(const QString &key, const QString &name)
{
    return get(api(QStringLiteral("/issue/%1/properties/%2").arg(encoded(key), encoded(name))));
}

JiraReply *JiraClient::setProperty(const QString &key, const QString &name, const QJsonValue &value)
{
    // An entity property's body is the JSON value itself; a bare string or number is valid JSON too.
    const QByteArray body = value.isObject() || value.isArray()
        ? compact(value)
        : QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    return enqueue("PUT", api(QStringLiteral("/issue/%1/properties/%2").arg(encoded(key), encoded(name))), {}, body);
}

JiraReply *JiraClient::deleteProperty(const QString &key, const QString &name)
{
    return del(api(QStringLiteral("/issue/%1/properties/%2").arg(encoded(key), encoded(name))));
}

JiraReply *JiraClient::uploadAttachment(const QString &key, QIODevice *source, const QString &fileName,
                                        const QString &mimeType)
{
    const QString type = mimeType.isEmpty()
        ? QMimeDatabase().mimeTypeForFile(fileName, QMimeDatabase::MatchExtension).name()
        : mimeType;
    QPointer<QIODevice> device(source);
    return submitUpload(api(QStringLiteral("/issue/%1/attachments").arg(encoded(key))),
                        [device, fileName, type]() -> QHttpMultiPart * {
                            auto *parts = new QHttpMultiPart(QHttpMultiPart::FormDataType);
                            QHttpPart file;
                            file.setHeader(QNetworkRequest::ContentTypeHeader, type.toLatin1());
                            // RFC 5987 keeps names like "résumé.pdf" intact.
                            file.setHeader(QNetworkRequest::ContentDispositionHeader,
                                           QByteArray("form-data; name=\"file\"; filename*=UTF-8''"
                                                      + QUrl::toPercentEncoding(fileName)));
                            if (device) {
                                device->seek(0); // every attempt sends the whole file again
                                file.setBodyDevice(device);
                            }
                            parts->append(file);
                            return parts;
                        });
}

JiraReply *JiraClient::downloadAttachment(const QUrl &contentUrl, QIODevice *target)
{
    QString path = contentUrl.path();
    const QString base = m_site.url.path().chopped(m_site.url.path().endsWith(u'/') ? 1 : 0);
    if (!base.isEmpty() && path.startsWith(base))
        path = path.mid(base.size());
    return submitDownload(path, QUrlQuery(contentUrl), target);
}

JiraReply *JiraClient::deleteAttachment(const QString &attachmentId)
{
    return del(api(QStringLiteral("/attachment/") + encoded(attachmentId)));
}

JiraReply *JiraClient::attachmentLocation(const QString &attachmentId)
{
    return submitLocation(api(QStringLiteral("/attachment/content/") + encoded(attachmentId)));
}

QString JiraClient::mediaFileIdIn(const QUrl &url)
{
    static const QRegularExpression file(QStringLiteral(R"(/file/([0-9A-Fa-f-]{36})(?:/|$))"));
    const auto m = file.match(url.path());
    return m.hasMatch() ? m.captured(1).toLower() : QString();
}

} // namespace ferry
