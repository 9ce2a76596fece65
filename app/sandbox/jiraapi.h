#pragma once

#include "sandbox/http.h"
#include "sandbox/render.h"

#include <functional>

namespace ferry::sandbox {

/// The Jira REST resources the sandbox serves, for the store's flavor: Cloud serves v2 and
/// v3 with `search/jql`; Data Center serves v2 with `search`.
class JiraApi {
public:
    JiraApi(Store &store, std::function<QString()> baseUrl);

    void registerRoutes(Router &router);
    /// The largest attachment accepted, in bytes (Jira Data Center's default: 10 MB).
    void setAttachmentLimit(qint64 bytes) { m_attachmentLimit = bytes; }

private:
    Renderer renderer(const Request &request) const;
    Issue *findIssue(const Request &request, Response *notFound) const;
    bool mayWrite(const Request &request, const QString &what, Response *forbidden) const;
    /// The issue of the request when it exists (else 404) and the user may change it (else 403).
    Issue *writableIssue(const Request &request, const QString &what, Response *refusal) const;

    // Metadata
    Response serverInfo(Request &request);
    Response myself(Request &request);
    Response projects(Request &request);
    Response projectSearch(Request &request);
    Response project(Request &request);
    Response projectStatuses(Request &request);
    Response projectComponents(Request &request);
    Response createComponent(Request &request);
    Response createVersion(Request &request);
    Response createProjectItem(Request &request, bool version);
    Response projectVersions(Request &request);
    Response issueTypes(Request &request);
    Response statuses(Request &request);
    Response status(Request &request);
    Response statusCategories(Request &request);
    Response priorities(Request &request);
    Response resolutions(Request &request);
    Response fields(Request &request);
    Response linkTypes(Request &request);
    Response user(Request &request);
    Response userSearch(Request &request);
    Response allUsers(Request &request);
    /// One page of users, as startAt and maxResults (at most 1,000) ask.
    QJsonArray userPage(const Renderer &renderer, const QList<const User *> &users, const Request &request) const;
    Response myPermissions(Request &request);
    Response createMetaTypes(Request &request);
    Response createMetaFields(Request &request);
    Response editMeta(Request &request);

    // Issues
    Response getIssue(Request &request);
    Response createIssue(Request &request);
    Response createIssues(Request &request);
    Response editIssue(Request &request);
    Response deleteIssue(Request &request);
    Response getTransitions(Request &request);
    Response doTransition(Request &request);
    Response changelog(Request &request);

    // Search
    Response searchPaged(Request &request);
    Response searchTokens(Request &request);
    Response searchRemoved(Request &request);
    Response approximateCount(Request &request);
    Response bulkFetch(Request &request);

    // Comments, worklogs, attachments, links, properties
    Response listComments(Request &request);
    Response addComment(Request &request);
    Response getComment(Request &request);
    Response updateComment(Request &request);
    Response deleteComment(Request &request);
    Response listWorklogs(Request &request);
    Response addWorklog(Request &request);
    Response getWorklog(Request &request);
    Response updateWorklog(Request &request);
    Response deleteWorklog(Request &request);
    Response addAttachments(Request &request);
    Response getAttachment(Request &request);
    Response deleteAttachment(Request &request);
    Response attachmentContent(Request &request);
    Response mediaContent(Request &request);
    Response attachmentBody(const Attachment &attachment);
    Response createLink(Request &request);
    Response getLink(Request &request);
    Response deleteLink(Request &request);
    Response getVersion(Request &request);
    Response updateVersion(Request &request);
    Response listRemoteLinks(Request &request);
    Response getRemoteLink(Request &request);
    /// Creates a remote link, or updates the one with the same globalId.
    Response putRemoteLink(Request &request);
    /// By id, or every one with the globalId of the query.
    Response deleteRemoteLinks(Request &request);
    Response listProperties(Request &request);
    Response getProperty(Request &request);
    Response setProperty(Request &request);
    Response deleteProperty(Request &request);

    /// Creates one issue from a create request body; on failure fills errors and returns null.
    Issue *create(const Request &request, const QJsonObject &body, QJsonObject *errors, QStringList *messages);
    /// Runs a JQL query: the matching issues in order, or an error response.
    bool runQuery(const Request &request, const QString &jql, QList<Issue *> *issues, Response *error);
    /// Reads the fields/expand/properties of a search from a GET query or a POST body.
    struct SearchParameters {
        QString jql;
        int startAt = 0;
        int maxResults = 50;
        QString nextPageToken;
        FieldSelection fields;
        QStringList expand;
        QStringList properties; ///< issue properties to include, by key
    };
    bool searchParameters(const Request &request, SearchParameters *parameters, Response *error) const;
    Response changeWorklog(Request &request, Issue &issue, Worklog &worklog, const QJsonObject &body);

    Response tenantInfo(Request &request);

    Store &m_store;
    std::function<QString()> m_baseUrl;
    /// The site's identity as Jira reports it, the same for the sandbox's lifetime: Cloud's cloud
    /// id (/_edge/tenant_info), Data Center's server id (serverInfo).
    QString m_siteId;
    qint64 m_attachmentLimit = 10 * 1024 * 1024;
};

} // namespace ferry::sandbox
