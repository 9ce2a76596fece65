#include "sandbox/jiraapi.h"

#include "sandbox/fieldeditor.h"
#include "sandbox/jql.h"
#include "sandbox/multipart.h"

#include <QCryptographicHash>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QMimeDatabase>
#include <QUuid>

namespace ferry::sandbox {

namespace {

const QString notFoundIssue = QStringLiteral("Issue does not exist or you do not have permission to see it.");

using Method = Response (JiraApi::*)(Request &);

int boundedInt(const QString &text, int fallback, int minimum, int maximum)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    return ok ? qBound(minimum, value, maximum) : fallback;
}

QJsonObject pageOf(const QJsonArray &values, int startAt, int maxResults, const QString &arrayName)
{
    QJsonArray page;
    for (int i = startAt; i < values.size() && i < startAt + maxResults; ++i)
        page.append(values.at(i));
    return {{QStringLiteral("startAt"), startAt},
            {QStringLiteral("maxResults"), maxResults},
            {QStringLiteral("total"), values.size()},
            {arrayName, page}};
}

QJsonObject propertyOf(const QString &self, const QString &key)
{
    return {{QStringLiteral("self"), self}, {QStringLiteral("key"), key}};
}

/// A JSON array of every item, rendered.
template <typename Items, typename Render> Response listOf(const Items &items, Render render)
{
    QJsonArray list;
    for (const auto &item : items)
        list.append(render(item));
    return Response::json(list);
}

Response projectNotFound(const QString &key)
{
    return Response::error(404, {QStringLiteral("No project could be found with key '%1'.").arg(key)});
}

} // namespace

JiraApi::JiraApi(Store &store, std::function<QString()> baseUrl)
    : m_store(store)
    , m_baseUrl(std::move(baseUrl))
{
    const QString uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (m_store.flavor() == Flavor::Cloud) {
        m_siteId = uuid;
    } else { // "B6X2-…": four groups of four, as Data Center's server ids read
        const QString hex = uuid.toUpper().remove(u'-');
        m_siteId = QStringLiteral("%1-%2-%3-%4").arg(hex.mid(0, 4), hex.mid(4, 4), hex.mid(8, 4), hex.mid(12, 4));
    }
}

void JiraApi::registerRoutes(Router &router)
{
    const bool cloud = m_store.flavor() == Flavor::Cloud;
    router.setApiVersions(cloud ? QStringList{QStringLiteral("2"), QStringLiteral("3")}
                                : QStringList{QStringLiteral("2")});
    const auto add = [&](const char *method, const char *pattern, Method handler, bool anonymous = false) {
        router.add(
            QString::fromLatin1(method), QString::fromLatin1(pattern),
            [this, handler](Request &r) { return (this->*handler)(r); }, anonymous);
    };
    add("GET", "/rest/api/{v}/serverInfo", &JiraApi::serverInfo, true);
    if (cloud)
        add("GET", "/_edge/tenant_info", &JiraApi::tenantInfo, true);
    add("GET", "/rest/api/{v}/myself", &JiraApi::myself);
    add("GET", "/rest/api/{v}/project", &JiraApi::projects);
    if (cloud)
        add("GET", "/rest/api/{v}/project/search", &JiraApi::projectSearch);
    add("GET", "/rest/api/{v}/project/{key}", &JiraApi::project);
    add("GET", "/rest/api/{v}/project/{key}/statuses", &JiraApi::projectStatuses);
    add("GET", "/rest/api/{v}/project/{key}/components", &JiraApi::projectComponents);
    add("POST", "/rest/api/{v}/component", &JiraApi::createComponent);
    add("POST", "/rest/api/{v}/version", &JiraApi::createVersion);
    add("GET", "/rest/api/{v}/project/{key}/versions", &JiraApi::projectVersions);
    add("GET", "/rest/api/{v}/version/{id}", &JiraApi::getVersion);
    add("PUT", "/rest/api/{v}/version/{id}", &JiraApi::updateVersion);
    add("GET", "/rest/api/{v}/issuetype", &JiraApi::issueTypes);
    add("GET", "/rest/api/{v}/status", &JiraApi::statuses);
    add("GET", "/rest/api/{v}/status/{id}", &JiraApi::status);
    add("GET", "/rest/api/{v}/statuscategory", &JiraApi::statusCategories);
    add("GET", "/rest/api/{v}/priority", &JiraApi::priorities);
    add("GET", "/rest/api/{v}/resolution", &JiraApi::resolutions);
    add("GET", "/rest/api/{v}/field", &JiraApi::fields);
    add("GET", "/rest/api/{v}/issueLinkType", &JiraApi::linkTypes);
    add("GET", "/rest/api/{v}/user", &JiraApi::user);
    add("GET", "/rest/api/{v}/user/search", &JiraApi::userSearch);
    add("GET", "/rest/api/{v}/users/search", &JiraApi::allUsers);
    add("GET", "/rest/api/{v}/mypermissions", &JiraApi::myPermissions);
    add("GET", "/rest/api/{v}/issue/createmeta/{project}/issuetypes", &JiraApi::createMetaTypes);
    add("GET", "/rest/api/{v}/issue/createmeta/{project}/issuetypes/{type}", &JiraApi::createMetaFields);

    add("POST", "/rest/api/{v}/issue", &JiraApi::createIssue);
    add("POST", "/rest/api/{v}/issue/bulk", &JiraApi::createIssues);
    add("GET", "/rest/api/{v}/issue/{key}", &JiraApi::getIssue);
    add("PUT", "/rest/api/{v}/issue/{key}", &JiraApi::editIssue);
    add("DELETE", "/rest/api/{v}/issue/{key}", &JiraApi::deleteIssue);
    add("GET", "/rest/api/{v}/issue/{key}/editmeta", &JiraApi::editMeta);
    add("GET", "/rest/api/{v}/issue/{key}/transitions", &JiraApi::getTransitions);
    add("POST", "/rest/api/{v}/issue/{key}/transitions", &JiraApi::doTransition);
    if (cloud)
        add("GET", "/rest/api/{v}/issue/{key}/changelog", &JiraApi::changelog);

    if (cloud) {
        add("GET", "/rest/api/{v}/search/jql", &JiraApi::searchTokens);
        add("POST", "/rest/api/{v}/search/jql", &JiraApi::searchTokens);
        add("GET", "/rest/api/{v}/search", &JiraApi::searchRemoved);
        add("POST", "/rest/api/{v}/search", &JiraApi::searchRemoved);
        add("POST", "/rest/api/{v}/search/approximate-count", &JiraApi::approximateCount);
        add("POST", "/rest/api/{v}/issue/bulkfetch", &JiraApi::bulkFetch);
    } else {
        add("GET", "/rest/api/{v}/search", &JiraApi::searchPaged);
        add("POST", "/rest/api/{v}/search", &JiraApi::searchPaged);
    }

    add("GET", "/rest/api/{v}/issue/{key}/comment", &JiraApi::listComments);
    add("POST", "/rest/api/{v}/issue/{key}/comment", &JiraApi::addComment);
    add("GET", "/rest/api/{v}/issue/{key}/comment/{id}", &JiraApi::getComment);
    add("PUT", "/rest/api/{v}/issue/{key}/comment/{id}", &JiraApi::updateComment);
    add("DELETE", "/rest/api/{v}/issue/{key}/comment/{id}", &JiraApi::deleteComment);
    add("GET", "/rest/api/{v}/issue/{key}/worklog", &JiraApi::listWorklogs);
    add("POST", "/rest/api/{v}/issue/{key}/worklog", &JiraApi::addWorklog);
    add("GET", "/rest/api/{v}/issue/{key}/worklog/{id}", &JiraApi::getWorklog);
    add("PUT", "/rest/api/{v}/issue/{key}/worklog/{id}", &JiraApi::updateWorklog);
    add("DELETE", "/rest/api/{v}/issue/{key}/worklog/{id}", &JiraApi::deleteWorklog);
    add("POST", "/rest/api/{v}/issue/{key}/attachments", &JiraApi::addAttachments);
    add("GET", "/rest/api/{v}/attachment/{id}", &JiraApi::getAttachment);
    add("DELETE", "/rest/api/{v}/attachment/{id}", &JiraApi::deleteAttachment);
    if (cloud) {
        add("GET", "/rest/api/{v}/attachment/content/{id}", &JiraApi::attachmentContent);
        // Cloud keeps files in its media service; the token in the address stands for the login.
        add("GET", "/sandbox/media/file/{id}/binary", &JiraApi::mediaContent, true);
    } else
        add("GET", "/secure/attachment/{id}/{name}", &JiraApi::attachmentContent);
    add("POST", "/rest/api/{v}/issueLink", &JiraApi::createLink);
    add("GET", "/rest/api/{v}/issueLink/{id}", &JiraApi::getLink);
    add("DELETE", "/rest/api/{v}/issueLink/{id}", &JiraApi::deleteLink);
    add("GET", "/rest/api/{v}/issue/{key}/remotelink", &JiraApi::listRemoteLinks);
    add("POST", "/rest/api/{v}/issue/{key}/remotelink", &JiraApi::putRemoteLink);
    add("DELETE", "/rest/api/{v}/issue/{key}/remotelink", &JiraApi::deleteRemoteLinks);
    add("GET", "/rest/api/{v}/issue/{key}/remotelink/{id}", &JiraApi::getRemoteLink);
    add("DELETE", "/rest/api/{v}/issue/{key}/remotelink/{id}", &JiraApi::deleteRemoteLinks);
    add("GET", "/rest/api/{v}/issue/{key}/properties", &JiraApi::listProperties);
    add("GET", "/rest/api/{v}/issue/{key}/properties/{property}", &JiraApi::getProperty);
    add("PUT", "/rest/api/{v}/issue/{key}/properties/{property}", &JiraApi::setProperty);
    add("DELETE", "/rest/api/{v}/issue/{key}/properties/{property}", &JiraApi::deleteProperty);
}

Renderer JiraApi::renderer(const Request &request) const
{
    return Renderer(m_store, m_baseUrl(), request.apiVersion, request.user ? request.user->id : QString());
}

Issue *JiraApi::findIssue(const Request &request, Response *notFound) const
{
    Issue *issue = m_store.issue(request.args.value(0));
    if (!issue)
        *notFound = Response::error(404, {notFoundIssue});
    return issue;
}

Issue *JiraApi::writableIssue(const Request &request, const QString &what, Response *refusal) const
{
    Issue *issue = findIssue(request, refusal);
    return issue && mayWrite(request, what, refusal) ? issue : nullptr;
}

bool JiraApi::mayWrite(const Request &request, const QString &what, Response *forbidden) const
{
    if (request.user && request.user->canWrite)
        return true;
    *forbidden = Response::error(403, {QStringLiteral("You do not have permission to %1.").arg(what)});
    return false;
}

// ---------------------------------------------------------------------------------------
// Metadata

Response JiraApi::serverInfo(Request &request)
{
    const bool cloud = m_store.flavor() == Flavor::Cloud;
    QJsonObject o{{QStringLiteral("baseUrl"), m_baseUrl()},
                  {QStringLiteral("version"), cloud ? QStringLiteral("1001.0.0-SNAPSHOT") : QStringLiteral("10.3.12")},
                  {QStringLiteral("versionNumbers"), cloud ? QJsonArray{1001, 0, 0} : QJsonArray{10, 3, 12}},
                  {QStringLiteral("deploymentType"), cloud ? QStringLiteral("Cloud") : QStringLiteral("Server")},
                  {QStringLiteral("buildNumber"), cloud ? 100280 : 10030012},
                  {QStringLiteral("buildDate"), QStringLiteral("2026-10-01T00:00:00.000+0000")},
                  {QStringLiteral("serverTime"), isoTime(QDateTime::currentMSecsSinceEpoch())},
                  {QStringLiteral("scmInfo"), QStringLiteral("ferry-sandbox")},
                  {QStringLiteral("serverTitle"),
                   cloud ? QStringLiteral("Ferry Sandbox (Cloud)") : QStringLiteral("Ferry Sandbox (Data Center)")}};
    if (!cloud)
        o.insert(QStringLiteral("serverId"), m_siteId);
    Q_UNUSED(request)
    return Response::json(o);
}

Response JiraApi::tenantInfo(Request &request)
{
    Q_UNUSED(request)
    return Response::json(QJsonObject{{QStringLiteral("cloudId"), m_siteId}});
}

Response JiraApi::myself(Request &request)
{
    return Response::json(renderer(request).userObject(*request.user, true));
}

Response JiraApi::projects(Request &request)
{
    const Renderer r = renderer(request);
    QJsonArray list;
    for (const Project *p : m_store.projects())
        list.append(r.project(*p, false));
    return Response::json(list);
}

Response JiraApi::projectSearch(Request &request)
{
    const Renderer r = renderer(request);
    const QString query = request.param(QStringLiteral("query"));
    QJsonArray list;
    for (const Project *p : m_store.projects()) {
        if (query.isEmpty() || p->key.contains(query, Qt::CaseInsensitive)
            || p->name.contains(query, Qt::CaseInsensitive))
            list.append(r.project(*p, false));
    }
    const int startAt = boundedInt(request.param(QStringLiteral("startAt")), 0, 0, INT_MAX);
    const int maxResults = boundedInt(request.param(QStringLiteral("maxResults")), 50, 1, 100);
    QJsonObject page = pageOf(list, startAt, maxResults, QStringLiteral("values"));
    page.insert(QStringLiteral("isLast"), startAt + maxResults >= list.size());
    return Response::json(page);
}

Response JiraApi::project(Request &request)
{
    const Project *p = m_store.project(request.args.value(0));
    if (!p)
        return projectNotFound(request.args.value(0));
    return Response::json(renderer(request).project(*p, true));
}

Response JiraApi::projectStatuses(Request &request)
{
    if (!m_store.project(request.args.value(0)))
        return projectNotFound(request.args.value(0));
    const Renderer r = renderer(request);
    QJsonArray statuses;
    for (const Status &s : m_store.scheme().statuses)
        statuses.append(r.status(s.id));
    QJsonArray types;
    for (const IssueType &t : m_store.scheme().issueTypes)
        types.append(QJsonObject{{QStringLiteral("self"), r.self(QStringLiteral("/issuetype/") + t.id)},
                                 {QStringLiteral("id"), t.id},
                                 {QStringLiteral("name"), t.name},
                                 {QStringLiteral("subtask"), t.subtask},
                                 {QStringLiteral("statuses"), statuses}});
    return Response::json(types);
}

Response JiraApi::projectComponents(Request &request)
{
    const Project *p = m_store.project(request.args.value(0));
    if (!p)
        return projectNotFound(request.args.value(0));
    return Response::json(renderer(request).project(*p, true).value(QStringLiteral("components")));
}

Response JiraApi::createComponent(Request &request)
{
    return createProjectItem(request, false);
}

Response JiraApi::createVersion(Request &request)
{
    return createProjectItem(request, true);
}

Response JiraApi::createProjectItem(Request &request, bool version)
{
    QJsonObject body;
    Response error;
    const QString what = version ? QStringLiteral("version") : QStringLiteral("component");
    if (!mayWrite(request, QStringLiteral("create %1s").arg(what), &error) || !parseJsonObject(request, &body, &error))
        return error;
    const QString projectKey = body.contains(QStringLiteral("projectId"))
        ? jsonId(body.value(QStringLiteral("projectId")))
        : body.value(QStringLiteral("project")).toString();
    Project *p = m_store.project(projectKey);
    if (!p)
        return Response::fieldErrors({{QStringLiteral("project"), QStringLiteral("The project is not valid.")}});
    const QString name = body.value(QStringLiteral("name")).toString().trimmed();
    if (name.isEmpty())
        return Response::fieldErrors({{QStringLiteral("name"), QStringLiteral("The %1 name is required.").arg(what)}});
    for (const ProjectItem &existing : version ? p->versions : p->components) {
        if (existing.name.compare(name, Qt::CaseInsensitive) == 0)
            return Response::fieldErrors(
                {{QStringLiteral("name"),
                  QStringLiteral("A %1 with the name %2 already exists in this project.").arg(what, name)}});
    }
    m_store.addProjectItem(*p, version,
                           {{},
                            name,
                            body.value(QStringLiteral("description")).toString(),
                            body.value(QStringLiteral("released")).toBool(),
                            body.value(QStringLiteral("releaseDate")).toString(),
                            body.value(QStringLiteral("archived")).toBool()});
    const QJsonArray all = renderer(request)
                               .project(*p, true)
                               .value(version ? QStringLiteral("versions") : QStringLiteral("components"))
                               .toArray();
    return Response::json(all.last().toObject(), 201);
}

Response JiraApi::projectVersions(Request &request)
{
    const Project *p = m_store.project(request.args.value(0));
    if (!p)
        return projectNotFound(request.args.value(0));
    return Response::json(renderer(request).project(*p, true).value(QStringLiteral("versions")));
}

Response JiraApi::getVersion(Request &request)
{
    Project *project = nullptr;
    const ProjectItem *version = m_store.version(request.args.value(0), &project);
    if (!version)
        return Response::error(404, {QStringLiteral("Could not find version for id '%1'").arg(request.args.value(0))});
    for (const QJsonValue &v : renderer(request).project(*project, true).value(QStringLiteral("versions")).toArray()) {
        if (v.toObject().value(QStringLiteral("id")).toString() == version->id)
            return Response::json(v);
    }
    return Response::error(500, {QStringLiteral("the version vanished")});
}

Response JiraApi::updateVersion(Request &request)
{
    Response refusal;
    QJsonObject body;
    if (!mayWrite(request, QStringLiteral("edit versions"), &refusal) || !parseJsonObject(request, &body, &refusal))
        return refusal;
    Project *project = nullptr;
    ProjectItem *version = m_store.version(request.args.value(0), &project);
    if (!version)
        return Response::error(404, {QStringLiteral("Could not find version for id '%1'").arg(request.args.value(0))});
    if (body.contains(QStringLiteral("name"))) {
        const QString name = body.value(QStringLiteral("name")).toString().trimmed();
        if (name.isEmpty())
            return Response::fieldErrors({{QStringLiteral("name"), QStringLiteral("The version name is required.")}});
        for (const ProjectItem &other : std::as_const(project->versions)) {
            if (other.id != version->id && other.name.compare(name, Qt::CaseInsensitive) == 0)
                return Response::fieldErrors(
                    {{QStringLiteral("name"),
                      QStringLiteral("A version with the name %1 already exists in this project.").arg(name)}});
        }
        version->name = name;
    }
    if (body.contains(QStringLiteral("releaseDate"))) {
        const QString date = body.value(QStringLiteral("releaseDate")).toString();
        if (!date.isEmpty() && !QDate::fromString(date, Qt::ISODate).isValid())
            return Response::fieldErrors({{QStringLiteral("releaseDate"),
                                           QStringLiteral("The release date must be in the format yyyy-MM-dd.")}});
        version->releaseDate = date;
    }
    if (body.contains(QStringLiteral("description")))
        version->description = body.value(QStringLiteral("description")).toString();
    if (body.contains(QStringLiteral("released")))
        version->released = body.value(QStringLiteral("released")).toBool();
    if (body.contains(QStringLiteral("archived")))
        version->archived = body.value(QStringLiteral("archived")).toBool();
    m_store.saveProject(*project);
    return getVersion(request);
}

Response JiraApi::issueTypes(Request &request)
{
    const Renderer r = renderer(request);
    return listOf(m_store.scheme().issueTypes, [&](const IssueType &t) { return r.issueType(t.id); });
}

Response JiraApi::statuses(Request &request)
{
    const Renderer r = renderer(request);
    return listOf(m_store.scheme().statuses, [&](const Status &s) { return r.status(s.id); });
}

Response JiraApi::status(Request &request)
{
    const Status *s = m_store.scheme().status(request.args.value(0));
    if (!s)
        return Response::error(404,
                               {QStringLiteral("The status with id '%1' does not exist").arg(request.args.value(0))});
    return Response::json(renderer(request).status(s->id));
}

Response JiraApi::statusCategories(Request &request)
{
    const Renderer r = renderer(request);
    return listOf(m_store.scheme().categories, [&](const StatusCategory &c) { return r.statusCategory(c.key); });
}

Response JiraApi::priorities(Request &request)
{
    const Renderer r = renderer(request);
    return listOf(m_store.scheme().priorities, [&](const NamedItem &p) { return r.priority(p.id); });
}

Response JiraApi::resolutions(Request &request)
{
    const Renderer r = renderer(request);
    return listOf(m_store.scheme().resolutions, [&](const NamedItem &res) { return r.resolution(res.id); });
}

Response JiraApi::fields(Request &request)
{
    const Renderer r = renderer(request);
    return listOf(m_store.scheme().fields, [&](const FieldDefinition &f) { return r.field(f); });
}

Response JiraApi::linkTypes(Request &request)
{
    const Renderer r = renderer(request);
    QJsonArray list;
    for (const LinkType &t : m_store.scheme().linkTypes)
        list.append(r.linkType(t));
    return Response::json(QJsonObject{{QStringLiteral("issueLinkTypes"), list}});
}

Response JiraApi::user(Request &request)
{
    const bool cloud = m_store.flavor() == Flavor::Cloud;
    const QString reference = cloud ? request.param(QStringLiteral("accountId"))
                                    : request.param(QStringLiteral("username"), request.param(QStringLiteral("key")));
    if (reference.isEmpty())
        return Response::error(
            400,
            {cloud ? QStringLiteral("The query parameter 'accountId' is required.")
                   : QStringLiteral("Either the 'username' or the 'key' query parameter must be given.")});
    for (const User &u : m_store.users()) {
        if (u.id == reference || (!cloud && u.name == reference))
            return Response::json(renderer(request).userObject(u, true));
    }
    return Response::error(
        404,
        {cloud ? QStringLiteral("Specified user does not exist or you do not have required permissions")
               : QStringLiteral("The user named '%1' does not exist").arg(reference)});
}

Response JiraApi::userSearch(Request &request)
{
    const bool cloud = m_store.flavor() == Flavor::Cloud;
    const QString query = cloud ? request.param(QStringLiteral("query")) : request.param(QStringLiteral("username"));
    if (query.isEmpty() && request.param(QStringLiteral("accountId")).isEmpty())
        return Response::error(400,
                               {cloud
                                    ? QStringLiteral("One of 'query' or 'accountId' query parameters must be provided.")
                                    : QStringLiteral("The username query parameter was not provided")});
    const Renderer r = renderer(request);
    // Data Center reads "." as every user, as admins use it to list them.
    const bool everyone = !cloud && query == QStringLiteral(".");
    QList<const User *> matched;
    for (const User &u : m_store.users()) {
        const bool match = everyone
            || (!query.isEmpty()
                && (u.displayName.contains(query, Qt::CaseInsensitive) || u.email.startsWith(query, Qt::CaseInsensitive)
                    || (!cloud && u.name.startsWith(query, Qt::CaseInsensitive))))
            || u.id == request.param(QStringLiteral("accountId"));
        if (match)
            matched << &u;
    }
    return Response::json(userPage(r, matched, request));
}

Response JiraApi::allUsers(Request &request)
{
    if (m_store.flavor() != Flavor::Cloud)
        return Response::error(404, {QStringLiteral("null for uri: %1").arg(request.path)});
    QList<const User *> all;
    for (const User &u : m_store.users())
        all << &u;
    return Response::json(userPage(renderer(request), all, request));
}

QJsonArray JiraApi::userPage(const Renderer &renderer, const QList<const User *> &users, const Request &request) const
{
    const int startAt = qMax(0, request.param(QStringLiteral("startAt"), QStringLiteral("0")).toInt());
    const int maxResults = qBound(1, request.param(QStringLiteral("maxResults"), QStringLiteral("50")).toInt(), 1000);
    QJsonArray page;
    for (qsizetype i = startAt; i < users.size() && page.size() < maxResults; ++i)
        page.append(renderer.userObject(*users.at(i)));
    return page;
}

Response JiraApi::myPermissions(Request &request)
{
    static const QList<std::pair<QString, QString>> known = {
        {QStringLiteral("BROWSE_PROJECTS"), QStringLiteral("Browse Projects")},
        {QStringLiteral("CREATE_ISSUES"), QStringLiteral("Create Issues")},
        {QStringLiteral("EDIT_ISSUES"), QStringLiteral("Edit Issues")},
        {QStringLiteral("TRANSITION_ISSUES"), QStringLiteral("Transition Issues")},
        {QStringLiteral("ADD_COMMENTS"), QStringLiteral("Add Comments")},
        {QStringLiteral("EDIT_ALL_COMMENTS"), QStringLiteral("Edit All Comments")},
        {QStringLiteral("CREATE_ATTACHMENTS"), QStringLiteral("Create Attachments")},
        {QStringLiteral("WORK_ON_ISSUES"), QStringLiteral("Work On Issues")},
        {QStringLiteral("LINK_ISSUES"), QStringLiteral("Link Issues")},
        {QStringLiteral("DELETE_ISSUES"), QStringLiteral("Delete Issues")},
        {QStringLiteral("ASSIGN_ISSUES"), QStringLiteral("Assign Issues")},
        {QStringLiteral("RESOLVE_ISSUES"), QStringLiteral("Resolve Issues")},
        {QStringLiteral("ADMINISTER_PROJECTS"), QStringLiteral("Administer Projects")},
    };
    const QString projectKey = request.param(QStringLiteral("projectKey"));
    if (!projectKey.isEmpty() && !m_store.project(projectKey))
        return projectNotFound(projectKey);
    const QStringList wanted = request.param(QStringLiteral("permissions")).split(u',', Qt::SkipEmptyParts);
    if (wanted.isEmpty() && m_store.flavor() == Flavor::Cloud)
        return Response::error(400, {QStringLiteral("The 'permissions' query parameter is required.")});
    QJsonObject permissions;
    for (const auto &[key, name] : known) {
        if (!wanted.isEmpty() && !wanted.contains(key))
            continue;
        const bool have = key == QStringLiteral("BROWSE_PROJECTS") || request.user->canWrite;
        permissions.insert(key,
                           QJsonObject{{QStringLiteral("id"), QString::number(qHash(key) % 100)},
                                       {QStringLiteral("key"), key},
                                       {QStringLiteral("name"), name},
                                       {QStringLiteral("type"), QStringLiteral("PROJECT")},
                                       {QStringLiteral("description"), name},
                                       {QStringLiteral("havePermission"), have}});
    }
    for (const QString &key : wanted) {
        if (!permissions.contains(key))
            return Response::error(400, {QStringLiteral("The permission key '%1' is not valid.").arg(key)});
    }
    return Response::json(QJsonObject{{QStringLiteral("permissions"), permissions}});
}

Response JiraApi::createMetaTypes(Request &request)
{
    if (!m_store.project(request.args.value(0)))
        return projectNotFound(request.args.value(0));
    const Renderer r = renderer(request);
    QJsonArray types;
    for (const IssueType &t : m_store.scheme().issueTypes)
        types.append(r.issueType(t.id));
    QJsonObject page = pageOf(
        types, 0, 50, m_store.flavor() == Flavor::Cloud ? QStringLiteral("issueTypes") : QStringLiteral("values"));
    page.insert(QStringLiteral("isLast"), true);
    return Response::json(page);
}

namespace {

/// A field's create or edit metadata; only create metadata names the fieldId.
QJsonObject fieldMeta(const Renderer &r, const Project &project, const FieldDefinition &f, bool required,
                      bool forCreate)
{
    QJsonObject schema = r.field(f).value(QStringLiteral("schema")).toObject();
    QJsonObject o{{QStringLiteral("required"), required},
                  {QStringLiteral("schema"), schema},
                  {QStringLiteral("name"), f.name},
                  {QStringLiteral("key"), f.id},
                  {QStringLiteral("hasDefaultValue"), f.id == QStringLiteral("priority")}};
    if (forCreate)
        o.insert(QStringLiteral("fieldId"), f.id);
    QJsonArray operations{QStringLiteral("set")};
    if (f.kind == FieldKind::Labels || f.kind == FieldKind::Components || f.kind == FieldKind::Versions
        || f.kind == FieldKind::Options)
        operations = QJsonArray{QStringLiteral("add"), QStringLiteral("set"), QStringLiteral("remove")};
    o.insert(QStringLiteral("operations"), operations);
    QJsonArray allowed;
    const Scheme &scheme = r.store().scheme();
    if (f.kind == FieldKind::Priority)
        for (const NamedItem &p : scheme.priorities)
            allowed.append(r.priority(p.id));
    if (f.kind == FieldKind::Resolution)
        for (const NamedItem &res : scheme.resolutions)
            allowed.append(r.resolution(res.id));
    for (const OptionValue &option : f.options)
        allowed.append(QJsonObject{{QStringLiteral("self"), r.self(QStringLiteral("/customFieldOption/") + option.id)},
                                   {QStringLiteral("value"), option.value},
                                   {QStringLiteral("id"), option.id}});
    if (f.kind == FieldKind::Components || f.kind == FieldKind::Versions) {
        const QJsonObject full = r.project(project, true);
        allowed
            = full.value(f.kind == FieldKind::Components ? QStringLiteral("components") : QStringLiteral("versions"))
                  .toArray();
    }
    if (!allowed.isEmpty())
        o.insert(QStringLiteral("allowedValues"), allowed);
    return o;
}

} // namespace

Response JiraApi::createMetaFields(Request &request)
{
    const Project *project = m_store.project(request.args.value(0));
    const IssueType *type = m_store.scheme().issueType(request.args.value(1));
    if (!project || !type)
        return Response::error(404,
                               {QStringLiteral("Issue type with id '%1' does not exist or is not in project '%2'.")
                                    .arg(request.args.value(1), request.args.value(0))});
    const Renderer r = renderer(request);
    QJsonArray fields;
    for (const FieldDefinition &f : m_store.scheme().fields) {
        if (!f.orderable || (f.kind == FieldKind::Parent && !type->subtask && m_store.flavor() == Flavor::DataCenter)
            || type->offScreen.contains(f.id))
            continue;
        const bool required = f.required || f.kind == FieldKind::Project || f.kind == FieldKind::IssueType
            || (f.kind == FieldKind::Parent && type->subtask)
            || (f.id == QStringLiteral("customfield_10102") && type->hierarchyLevel == 1);
        fields.append(fieldMeta(r, *project, f, required, true));
    }
    const bool cloud = m_store.flavor() == Flavor::Cloud;
    QJsonObject page = pageOf(fields, 0, fields.size(), cloud ? QStringLiteral("fields") : QStringLiteral("values"));
    page.insert(QStringLiteral("isLast"), true);
    return Response::json(page);
}

Response JiraApi::editMeta(Request &request)
{
    Response notFound;
    Issue *issue = findIssue(request, &notFound);
    if (!issue)
        return notFound;
    const Renderer r = renderer(request);
    const Project *project = m_store.project(issue->projectId);
    const IssueType *type = m_store.scheme().issueType(issue->string(QStringLiteral("issuetype")));
    QJsonObject fields;
    for (const FieldDefinition &f : m_store.scheme().fields) {
        if (f.orderable && f.kind != FieldKind::Project
            && (f.kind != FieldKind::Parent || m_store.flavor() == Flavor::Cloud)
            && !(type && type->offScreen.contains(f.id)))
            fields.insert(f.id, fieldMeta(r, *project, f, f.required, false));
    }
    return Response::json(QJsonObject{{QStringLiteral("fields"), fields}});
}

// ---------------------------------------------------------------------------------------
// Issues

Response JiraApi::getIssue(Request &request)
{
    Response notFound;
    Issue *issue = findIssue(request, &notFound);
    if (!issue)
        return notFound;
    const FieldSelection fields
        = FieldSelection::parse(request.param(QStringLiteral("fields"), QStringLiteral("*all")));
    const QStringList expand = request.param(QStringLiteral("expand")).split(u',', Qt::SkipEmptyParts);
    const QStringList properties = request.param(QStringLiteral("properties")).split(u',', Qt::SkipEmptyParts);
    return Response::json(renderer(request).issue(*issue, fields, expand, properties));
}

Issue *JiraApi::create(const Request &request, const QJsonObject &body, QJsonObject *errors, QStringList *messages)
{
    if (!request.user->canWrite) {
        *messages << QStringLiteral("You do not have permission to create issues in this project.");
        return nullptr;
    }
    const Renderer r = renderer(request);
    Issue draft;
    draft.fields.insert(QStringLiteral("status"), m_store.scheme().initialStatusId);
    draft.fields.insert(QStringLiteral("priority"), m_store.scheme().defaultPriorityId);
    draft.fields.insert(QStringLiteral("reporter"), request.user->id);
    draft.fields.insert(QStringLiteral("creator"), request.user->id);
    FieldEditor editor(r, draft, true);
    editor.setFields(body.value(QStringLiteral("fields")).toObject());
    editor.applyUpdate(body.value(QStringLiteral("update")).toObject());
    editor.checkScreen();
    editor.checkComplete();
    if (editor.hasErrors()) {
        *errors = editor.errors();
        return nullptr;
    }
    for (const QJsonValue &property : body.value(QStringLiteral("properties")).toArray())
        draft.properties.insert(property.toObject().value(QStringLiteral("key")).toString(),
                                property.toObject().value(QStringLiteral("value")));
    return &m_store.addIssue(draft);
}

Response JiraApi::createIssue(Request &request)
{
    QJsonObject body;
    Response error;
    if (!parseJsonObject(request, &body, &error))
        return error;
    QJsonObject errors;
    QStringList messages;
    Issue *issue = create(request, body, &errors, &messages);
    if (!issue)
        return messages.isEmpty() ? Response::fieldErrors(errors) : Response::error(403, messages);
    return Response::json(
        QJsonObject{{QStringLiteral("id"), QString::number(issue->id)},
                    {QStringLiteral("key"), issue->key},
                    {QStringLiteral("self"), renderer(request).self(QStringLiteral("/issue/%1").arg(issue->id))}},
        201);
}

Response JiraApi::createIssues(Request &request)
{
    QJsonObject body;
    Response error;
    if (!parseJsonObject(request, &body, &error))
        return error;
    const QJsonArray updates = body.value(QStringLiteral("issueUpdates")).toArray();
    if (updates.size() > 50)
        return Response::error(400, {QStringLiteral("The number of issues to create exceeds the maximum of 50.")});
    QJsonArray issues;
    QJsonArray failures;
    for (qsizetype i = 0; i < updates.size(); ++i) {
        QJsonObject errors;
        QStringList messages;
        if (Issue *issue = create(request, updates.at(i).toObject(), &errors, &messages)) {
            issues.append(QJsonObject{
                {QStringLiteral("id"), QString::number(issue->id)},
                {QStringLiteral("key"), issue->key},
                {QStringLiteral("self"), renderer(request).self(QStringLiteral("/issue/%1").arg(issue->id))}});
        } else {
            failures.append(
                QJsonObject{{QStringLiteral("status"), messages.isEmpty() ? 400 : 403},
                            {QStringLiteral("elementErrors"),
                             QJsonObject{{QStringLiteral("errorMessages"), QJsonArray::fromStringList(messages)},
                                         {QStringLiteral("errors"), errors}}},
                            {QStringLiteral("failedElementNumber"), i}});
        }
    }
    return Response::json(QJsonObject{{QStringLiteral("issues"), issues}, {QStringLiteral("errors"), failures}},
                          issues.isEmpty() && !failures.isEmpty() ? 400 : 201);
}

Response JiraApi::editIssue(Request &request)
{
    Response response;
    Issue *issue = writableIssue(request, QStringLiteral("edit issues in this project"), &response);
    if (!issue)
        return response;
    QJsonObject body;
    if (!parseJsonObject(request, &body, &response))
        return response;
    Issue edited = *issue;
    const Renderer r = renderer(request);
    FieldEditor editor(r, edited, false);
    editor.setFields(body.value(QStringLiteral("fields")).toObject());
    editor.applyUpdate(body.value(QStringLiteral("update")).toObject());
    editor.checkScreen();
    if (editor.hasErrors())
        return Response::fieldErrors(editor.errors());
    const QList<ChangeItem> changes = editor.changes();
    for (const QJsonValue &property : body.value(QStringLiteral("properties")).toArray())
        edited.properties.insert(property.toObject().value(QStringLiteral("key")).toString(),
                                 property.toObject().value(QStringLiteral("value")));
    *issue = edited;
    if (!changes.isEmpty() || body.contains(QStringLiteral("properties")))
        m_store.recordChange(*issue, request.user->id, changes);
    if (request.param(QStringLiteral("returnIssue")) == QStringLiteral("true"))
        return Response::json(r.issue(*issue, FieldSelection::parse(QStringLiteral("*all")), {}));
    return Response::noContent();
}

Response JiraApi::deleteIssue(Request &request)
{
    Response response;
    Issue *issue = writableIssue(request, QStringLiteral("delete issues in this project"), &response);
    if (!issue)
        return response;
    QList<qint64> subtasks;
    for (Issue *other : m_store.issues()) {
        if (other->parentId() == issue->id)
            subtasks << other->id;
    }
    if (!subtasks.isEmpty() && request.param(QStringLiteral("deleteSubtasks")) != QStringLiteral("true"))
        return Response::error(
            400, {QStringLiteral("The issue has subtasks. Delete them first, or set deleteSubtasks=true.")});
    for (qint64 id : std::as_const(subtasks))
        m_store.removeIssue(id);
    m_store.removeIssue(issue->id);
    return Response::noContent();
}

Response JiraApi::getTransitions(Request &request)
{
    Response notFound;
    Issue *issue = findIssue(request, &notFound);
    if (!issue)
        return notFound;
    const Renderer r = renderer(request);
    QJsonArray list;
    const QString only = request.param(QStringLiteral("transitionId"));
    for (const Transition &t : m_store.scheme().transitionsFrom(issue->string(QStringLiteral("status")))) {
        if (only.isEmpty() || t.id == only)
            list.append(r.transition(t));
    }
    return Response::json(
        QJsonObject{{QStringLiteral("expand"), QStringLiteral("transitions")}, {QStringLiteral("transitions"), list}});
}

Response JiraApi::doTransition(Request &request)
{
    Response response;
    Issue *issue = writableIssue(request, QStringLiteral("transition this issue"), &response);
    if (!issue)
        return response;
    QJsonObject body;
    if (!parseJsonObject(request, &body, &response))
        return response;
    const QString id = jsonId(body.value(QStringLiteral("transition")).toObject().value(QStringLiteral("id")));
    const Transition *chosen = nullptr;
    const QList<Transition> available = m_store.scheme().transitionsFrom(issue->string(QStringLiteral("status")));
    for (const Transition &t : available) {
        if (t.id == id)
            chosen = &t;
    }
    if (!chosen)
        return Response::error(400, {QStringLiteral("Transition id '%1' is not valid for this issue.").arg(id)});
    Issue edited = *issue;
    const Renderer r = renderer(request);
    FieldEditor editor(r, edited, false);
    QJsonObject fields = body.value(QStringLiteral("fields")).toObject();
    const bool setsResolution = chosen->resolution == QStringLiteral("set");
    if (fields.contains(QStringLiteral("resolution")) && !setsResolution)
        return Response::fieldErrors(
            {{QStringLiteral("resolution"),
              QStringLiteral("Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.")}});
    editor.setFields(fields);
    editor.applyUpdate(body.value(QStringLiteral("update")).toObject());
    if (editor.hasErrors())
        return Response::fieldErrors(editor.errors());
    edited.fields.insert(QStringLiteral("status"), chosen->to);
    if (setsResolution && !edited.fields.contains(QStringLiteral("resolution")))
        edited.fields.insert(QStringLiteral("resolution"), m_store.scheme().defaultResolutionId);
    if (chosen->resolution == QStringLiteral("clear"))
        edited.fields.remove(QStringLiteral("resolution"));
    const QList<ChangeItem> changes = editor.changes();
    *issue = edited;
    const bool resolved = issue->fields.contains(QStringLiteral("resolution"));
    if (resolved && issue->resolutionDate == 0)
        issue->resolutionDate = m_store.now();
    if (!resolved)
        issue->resolutionDate = 0;
    m_store.recordChange(*issue, request.user->id, changes);
    return Response::noContent();
}

Response JiraApi::changelog(Request &request)
{
    Response notFound;
    Issue *issue = findIssue(request, &notFound);
    if (!issue)
        return notFound;
    const Renderer r = renderer(request);
    QJsonArray groups;
    for (const ChangeGroup &g : issue->changelog)
        groups.append(r.changeGroup(g));
    const int startAt = boundedInt(request.param(QStringLiteral("startAt")), 0, 0, INT_MAX);
    const int maxResults = boundedInt(request.param(QStringLiteral("maxResults")), 100, 1, 100);
    QJsonObject page = pageOf(groups, startAt, maxResults, QStringLiteral("values"));
    page.insert(QStringLiteral("isLast"), startAt + maxResults >= groups.size());
    page.insert(QStringLiteral("self"), r.self(QStringLiteral("/issue/%1/changelog").arg(issue->id)));
    return Response::json(page);
}

// ---------------------------------------------------------------------------------------
// Search

bool JiraApi::runQuery(const Request &request, const QString &jql, QList<Issue *> *issues, Response *error)
{
    QString problem;
    const auto query = JqlQuery::compile(jql, m_store, request.user, &problem);
    if (!query) {
        *error = Response::error(400, {problem});
        return false;
    }
    for (Issue *issue : m_store.issues()) {
        if (query->matches(*issue))
            issues->append(issue);
    }
    query->sort(*issues);
    return true;
}

bool JiraApi::searchParameters(const Request &request, SearchParameters *p, Response *error) const
{
    const bool cloud = m_store.flavor() == Flavor::Cloud;
    QStringList fields;
    QStringList expand;
    if (request.method == QStringLiteral("POST")) {
        QJsonObject body;
        if (!parseJsonObject(request, &body, error))
            return false;
        p->jql = body.value(QStringLiteral("jql")).toString();
        p->startAt = body.value(QStringLiteral("startAt")).toInt(0);
        p->maxResults = body.value(QStringLiteral("maxResults")).toInt(50);
        p->nextPageToken = body.value(QStringLiteral("nextPageToken")).toString();
        for (const QJsonValue &f : body.value(QStringLiteral("fields")).toArray())
            fields << f.toString();
        const QJsonValue e = body.value(QStringLiteral("expand"));
        expand = e.isArray() ? e.toVariant().toStringList() : e.toString().split(u',', Qt::SkipEmptyParts);
        p->properties = body.value(QStringLiteral("properties")).toVariant().toStringList();
        if (!body.contains(QStringLiteral("fields")) && !cloud)
            fields << QStringLiteral("*navigable");
    } else {
        p->jql = request.param(QStringLiteral("jql"));
        p->startAt = request.param(QStringLiteral("startAt"), QStringLiteral("0")).toInt();
        p->maxResults = request.param(QStringLiteral("maxResults"), QStringLiteral("50")).toInt();
        p->nextPageToken = request.param(QStringLiteral("nextPageToken"));
        fields = request.param(QStringLiteral("fields"), cloud ? QString() : QStringLiteral("*navigable"))
                     .split(u',', Qt::SkipEmptyParts);
        expand = request.param(QStringLiteral("expand")).split(u',', Qt::SkipEmptyParts);
        p->properties = request.param(QStringLiteral("properties")).split(u',', Qt::SkipEmptyParts);
    }
    if (p->startAt < 0 || p->maxResults < 0) {
        *error = Response::error(400, {QStringLiteral("startAt and maxResults must not be negative.")});
        return false;
    }
    p->fields = FieldSelection::parse(fields);
    p->expand = expand;
    // Cloud serves up to 5,000 ids per page, but at most 100 issues with fields; Data Center 1,000.
    const bool idsOnly = p->fields.isEmpty()
        || (p->fields.include - QSet<QString>{QStringLiteral("id"), QStringLiteral("key")}).isEmpty();
    p->maxResults = qMin(p->maxResults, cloud ? (idsOnly ? 5000 : 100) : 1000);
    return true;
}

Response JiraApi::searchPaged(Request &request)
{
    SearchParameters p;
    Response error;
    if (!searchParameters(request, &p, &error))
        return error;
    QList<Issue *> issues;
    if (!runQuery(request, p.jql, &issues, &error))
        return error;
    const Renderer r = renderer(request);
    QJsonArray page;
    for (qsizetype i = p.startAt; i < issues.size() && i < qsizetype(p.startAt) + p.maxResults; ++i)
        page.append(r.issue(*issues.at(i), p.fields, p.expand, p.properties));
    return Response::json(QJsonObject{{QStringLiteral("expand"), QStringLiteral("schema,names")},
                                      {QStringLiteral("startAt"), p.startAt},
                                      {QStringLiteral("maxResults"), p.maxResults},
                                      {QStringLiteral("total"), issues.size()},
                                      {QStringLiteral("issues"), page}});
}

namespace {

QString queryFingerprint(const QString &jql)
{
    return QString::fromLatin1(QCryptographicHash::hash(jql.toUtf8(), QCryptographicHash::Sha1).toHex().left(12));
}

QString pageToken(const QString &jql, qsizetype offset)
{
    const QByteArray raw = QStringLiteral("v1:%1:%2").arg(offset).arg(queryFingerprint(jql)).toUtf8();
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

qsizetype offsetOfToken(const QString &jql, const QString &token)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return -1;
    const QStringList parts = QString::fromUtf8(decoded.decoded).split(u':');
    if (parts.size() != 3 || parts.at(0) != QStringLiteral("v1") || parts.at(2) != queryFingerprint(jql))
        return -1;
    bool ok = false;
    const qsizetype offset = parts.at(1).toLongLong(&ok);
    return ok && offset >= 0 ? offset : -1;
}

} // namespace

Response JiraApi::searchTokens(Request &request)
{
    SearchParameters p;
    Response error;
    if (!searchParameters(request, &p, &error))
        return error;
    if (p.jql.trimmed().isEmpty() || p.jql.trimmed().startsWith(QStringLiteral("order by"), Qt::CaseInsensitive))
        return Response::error(400,
                               {QStringLiteral("Unbounded JQL queries are not allowed here. Please add a search "
                                               "restriction to your query.")});
    qsizetype offset = 0;
    if (!p.nextPageToken.isEmpty()) {
        offset = offsetOfToken(p.jql, p.nextPageToken);
        if (offset < 0)
            return Response::error(
                400, {QStringLiteral("The provided next page token is invalid or does not belong to this query.")});
    }
    QList<Issue *> issues;
    if (!runQuery(request, p.jql, &issues, &error))
        return error;
    const Renderer r = renderer(request);
    QJsonArray page;
    const qsizetype end = qMin<qsizetype>(issues.size(), offset + qMax(1, p.maxResults));
    for (qsizetype i = offset; i < end; ++i) {
        if (p.fields.isEmpty())
            page.append(QJsonObject{{QStringLiteral("id"), QString::number(issues.at(i)->id)}});
        else
            page.append(r.issue(*issues.at(i), p.fields, p.expand, p.properties));
    }
    QJsonObject o{{QStringLiteral("issues"), page}, {QStringLiteral("isLast"), end >= issues.size()}};
    if (end < issues.size())
        o.insert(QStringLiteral("nextPageToken"), pageToken(p.jql, end));
    return Response::json(o);
}

Response JiraApi::searchRemoved(Request &request)
{
    Q_UNUSED(request)
    return Response::error(410,
                           {QStringLiteral("The requested API has been removed. Please migrate to the "
                                           "/rest/api/3/search/jql API. A full migration guideline is available "
                                           "at https://developer.atlassian.com/changelog/#CHANGE-2046")});
}

Response JiraApi::approximateCount(Request &request)
{
    QJsonObject body;
    Response error;
    if (!parseJsonObject(request, &body, &error))
        return error;
    QList<Issue *> issues;
    if (!runQuery(request, body.value(QStringLiteral("jql")).toString(), &issues, &error))
        return error;
    return Response::json(QJsonObject{{QStringLiteral("count"), issues.size()}});
}

Response JiraApi::bulkFetch(Request &request)
{
    QJsonObject body;
    Response error;
    if (!parseJsonObject(request, &body, &error))
        return error;
    const QJsonArray wanted = body.value(QStringLiteral("issueIdsOrKeys")).toArray();
    if (wanted.isEmpty() || wanted.size() > 100)
        return Response::error(400, {QStringLiteral("issueIdsOrKeys must list between 1 and 100 issues.")});
    QStringList fieldList;
    for (const QJsonValue &f : body.value(QStringLiteral("fields")).toArray())
        fieldList << f.toString();
    if (fieldList.isEmpty())
        fieldList << QStringLiteral("*navigable");
    const FieldSelection fields = FieldSelection::parse(fieldList);
    const QStringList expand = body.value(QStringLiteral("expand")).toString().split(u',', Qt::SkipEmptyParts);
    const Renderer r = renderer(request);
    QJsonArray issues;
    QJsonArray missing;
    for (const QJsonValue &reference : wanted) {
        const QString idOrKey = reference.isString() ? reference.toString() : QString::number(reference.toInteger());
        if (Issue *issue = m_store.issue(idOrKey))
            issues.append(r.issue(*issue, fields, expand));
        else
            missing.append(idOrKey);
    }
    QJsonArray issueErrors;
    if (!missing.isEmpty())
        issueErrors.append(QJsonObject{{QStringLiteral("issueIdsOrKeys"), missing},
                                       {QStringLiteral("errorMessages"), QJsonArray{notFoundIssue}}});
    return Response::json(
        QJsonObject{{QStringLiteral("issues"), issues}, {QStringLiteral("issueErrors"), issueErrors}});
}

// ---------------------------------------------------------------------------------------
// Comments

namespace {

Comment *findComment(Issue &issue, const QString &id)
{
    for (Comment &c : issue.comments) {
        if (QString::number(c.id) == id)
            return &c;
    }
    return nullptr;
}

bool readVisibility(const QJsonObject &body, QJsonObject *visibility, Response *error)
{
    if (!body.contains(QStringLiteral("visibility")))
        return true;
    const QJsonObject v = body.value(QStringLiteral("visibility")).toObject();
    const QString type = v.value(QStringLiteral("type")).toString();
    if ((type != QStringLiteral("role") && type != QStringLiteral("group"))
        || v.value(QStringLiteral("value")).toString().isEmpty()) {
        *error = Response::fieldErrors(
            {{QStringLiteral("commentLevel"),
              QStringLiteral("You are currently not a member of the project role or group specified.")}});
        return false;
    }
    *visibility = v;
    return true;
}

} // namespace

namespace {

/// Whether the request's expand parameter names what.
bool expands(const Request &request, const QString &what)
{
    return request.param(QStringLiteral("expand")).split(u',').contains(what);
}

/// Whether a comment's body marks it a service project's internal note (the sd.public.comment
/// property Jira Service Management reads); otherwise as it was.
bool isInternal(const QJsonObject &body, bool before)
{
    for (const QJsonValue &property : body.value(QStringLiteral("properties")).toArray()) {
        if (property.toObject().value(QStringLiteral("key")).toString() == QStringLiteral("sd.public.comment"))
            return property.toObject()
                .value(QStringLiteral("value"))
                .toObject()
                .value(QStringLiteral("internal"))
                .toBool();
    }
    return before;
}

} // namespace

Response JiraApi::listComments(Request &request)
{
    Response notFound;
    Issue *issue = findIssue(request, &notFound);
    if (!issue)
        return notFound;
    const Renderer r = renderer(request);
    QList<Comment> ordered = issue->comments;
    if (request.param(QStringLiteral("orderBy")) == QStringLiteral("-created"))
        std::reverse(ordered.begin(), ordered.end());
    QJsonArray comments;
    for (const Comment &c : ordered)
        comments.append(r.comment(*issue, c, expands(request, QStringLiteral("properties"))));
    const int startAt = boundedInt(request.param(QStringLiteral("startAt")), 0, 0, INT_MAX);
    const int maxResults = boundedInt(request.param(QStringLiteral("maxResults")), 5000, 0, 5000);
    return Response::json(pageOf(comments, startAt, maxResults, QStringLiteral("comments")));
}

Response JiraApi::addComment(Request &request)
{
    Response response;
    Issue *issue = writableIssue(request, QStringLiteral("add comments to this issue"), &response);
    if (!issue)
        return response;
    QJsonObject body;
    if (!parseJsonObject(request, &body, &response))
        return response;
    const Renderer r = renderer(request);
    QString problem;
    const QJsonValue text = r.richTextFromInput(body.value(QStringLiteral("body")), &problem);
    if (!problem.isEmpty())
        return Response::fieldErrors({{QStringLiteral("comment"), problem}});
    if (text.isNull())
        return Response::fieldErrors({{QStringLiteral("comment"), QStringLiteral("Comment body can not be empty!")}});
    Comment comment;
    if (!readVisibility(body, &comment.visibility, &response))
        return response;
    comment.internal = isInternal(body, false);
    comment.id = m_store.nextId(QStringLiteral("comment"));
    comment.body = text;
    comment.authorId = comment.updateAuthorId = request.user->id;
    comment.created = comment.updated = m_store.now();
    issue->comments.append(comment);
    m_store.recordChange(*issue, request.user->id, {});
    return Response::json(r.comment(*issue, comment), 201);
}

Response JiraApi::getComment(Request &request)
{
    Response notFound;
    Issue *issue = findIssue(request, &notFound);
    if (!issue)
        return notFound;
    const Comment *comment = findComment(*issue, request.args.value(1));
    if (!comment)
        return Response::error(404,
                               {QStringLiteral("Can not find a comment for the id: %1.").arg(request.args.value(1))});
    return Response::json(renderer(request).comment(*issue, *comment, expands(request, QStringLiteral("properties"))));
}

Response JiraApi::updateComment(Request &request)
{
    Response response;
    Issue *issue = findIssue(request, &response);
    if (!issue)
        return response;
    Comment *comment = findComment(*issue, request.args.value(1));
    if (!comment)
        return Response::error(404,
                               {QStringLiteral("Can not find a comment for the id: %1.").arg(request.args.value(1))});
    if (!mayWrite(request, QStringLiteral("edit this comment"), &response))
        return response;
    QJsonObject body;
    if (!parseJsonObject(request, &body, &response))
        return response;
    const Renderer r = renderer(request);
    QString problem;
    const QJsonValue text = r.richTextFromInput(body.value(QStringLiteral("body")), &problem);
    if (!problem.isEmpty())
        return Response::fieldErrors({{QStringLiteral("comment"), problem}});
    if (text.isNull())
        return Response::fieldErrors({{QStringLiteral("comment"), QStringLiteral("Comment body can not be empty!")}});
    QJsonObject visibility = comment->visibility;
    if (!readVisibility(body, &visibility, &response))
        return response;
    comment->body = text;
    comment->visibility = visibility;
    comment->internal = isInternal(body, comment->internal);
    comment->updateAuthorId = request.user->id;
    comment->updated = m_store.now();
    const Comment result = *comment;
    m_store.recordChange(*issue, request.user->id, {});
    return Response::json(r.comment(*issue, result));
}

Response JiraApi::deleteComment(Request &request)
{
    Response response;
    Issue *issue = findIssue(request, &response);
    if (!issue)
        return response;
    if (!findComment(*issue, request.args.value(1)))
        return Response::error(404,
                               {QStringLiteral("Can not find a comment for the id: %1.").arg(request.args.value(1))});
    if (!mayWrite(request, QStringLiteral("delete this comment"), &response))
        return response;
    issue->comments.removeIf([&](const Comment &c) { return QString::number(c.id) == request.args.value(1); });
    m_store.recordChange(*issue, request.user->id, {});
    return Response::noContent();
}

// ---------------------------------------------------------------------------------------
// Worklogs

namespace {

Worklog *findWorklog(Issue &issue, const QString &id)
{
    for (Worklog &w : issue.worklogs) {
        if (QString::number(w.id) == id)
            return &w;
    }
    return nullptr;
}

std::optional<qint64> parseJiraTime(const QString &text)
{
    for (const QString &format :
         {QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzt"), QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")}) {
        QString normalised = text;
        // Jira writes offsets as +0000; Qt reads +00:00.
        static const QRegularExpression offset(QStringLiteral(R"(([+-]\d\d)(\d\d)$)"));
        normalised.replace(offset, QStringLiteral("\\1:\\2"));
        QDateTime parsed = QDateTime::fromString(normalised, Qt::ISODateWithMs);
        if (parsed.isValid())
            return parsed.toMSecsSinceEpoch();
        Q_UNUSED(format)
    }
    return std::nullopt;
}

} // namespace

Response JiraApi::changeWorklog(Request &request, Issue &issue, Worklog &worklog, const QJsonObject &body)
{
    const Renderer r = renderer(request);
    const bool creating = worklog.id == 0;
    if (body.contains(QStringLiteral("started")) || creating) {
        const auto started = parseJiraTime(body.value(QStringLiteral("started")).toString());
        if (!started && body.contains(QStringLiteral("started")))
            return Response::fieldErrors(
                {{QStringLiteral("started"),
                  QStringLiteral("Could not parse the started date; use the format 2026-11-28T10:00:00.000+0000.")}});
        worklog.started = started.value_or(m_store.now());
    }
    qint64 seconds = worklog.timeSpentSeconds;
    if (body.contains(QStringLiteral("timeSpentSeconds")))
        seconds = body.value(QStringLiteral("timeSpentSeconds")).toInteger(-1);
    else if (body.contains(QStringLiteral("timeSpent")))
        seconds = FieldEditor::parseDuration(body.value(QStringLiteral("timeSpent")).toString());
    if (seconds <= 0)
        return Response::fieldErrors(
            {{QStringLiteral("timeLogged"), QStringLiteral("You must indicate the time spent working.")}});
    if (body.contains(QStringLiteral("comment"))) {
        QString problem;
        worklog.comment = r.richTextFromInput(body.value(QStringLiteral("comment")), &problem);
        if (!problem.isEmpty())
            return Response::fieldErrors({{QStringLiteral("comment"), problem}});
    }
    const qint64 delta = seconds - worklog.timeSpentSeconds;
    worklog.timeSpentSeconds = seconds;
    worklog.updateAuthorId = request.user->id;
    worklog.updated = m_store.now();

    QJsonObject tracking = issue.fields.value(QStringLiteral("timetracking")).toObject();
    const QString adjust = request.param(QStringLiteral("adjustEstimate"), QStringLiteral("auto"));
    if (adjust == QStringLiteral("new")) {
        const qint64 estimate = FieldEditor::parseDuration(request.param(QStringLiteral("newEstimate")));
        if (estimate < 0)
            return Response::error(400, {QStringLiteral("newEstimate must be a duration such as 2h 30m.")});
        tracking.insert(QStringLiteral("remainingEstimateSeconds"), estimate);
    } else if (adjust == QStringLiteral("auto") && tracking.contains(QStringLiteral("remainingEstimateSeconds"))) {
        tracking.insert(
            QStringLiteral("remainingEstimateSeconds"),
            qMax<qint64>(0, tracking.value(QStringLiteral("remainingEstimateSeconds")).toInteger() - delta));
    } else if (adjust != QStringLiteral("leave") && adjust != QStringLiteral("auto")) {
        return Response::error(400, {QStringLiteral("adjustEstimate must be one of auto, leave or new.")});
    }
    if (!tracking.isEmpty())
        issue.fields.insert(QStringLiteral("timetracking"), tracking);

    if (creating) {
        worklog.id = m_store.nextId(QStringLiteral("worklog"));
        worklog.authorId = request.user->id;
        worklog.created = worklog.updated;
        issue.worklogs.append(worklog);
    }
    const Worklog result = worklog;
    m_store.recordChange(issue, request.user->id,
                         {{QStringLiteral("timespent"), QStringLiteral("jira"), QStringLiteral("timespent"), QString(),
                           QString(), QString(), QString::number(result.timeSpentSeconds)}});
    return Response::json(r.worklog(issue, result), creating ? 201 : 200);
}

Response JiraApi::listWorklogs(Request &request)
{
    Response notFound;
    Issue *issue = findIssue(request, &notFound);
    if (!issue)
        return notFound;
    const Renderer r = renderer(request);
    QJsonArray worklogs;
    for (const Worklog &w : issue->worklogs)
        worklogs.append(r.worklog(*issue, w));
    const int startAt = boundedInt(request.param(QStringLiteral("startAt")), 0, 0, INT_MAX);
    const int maxResults = boundedInt(request.param(QStringLiteral("maxResults")), 5000, 0, 5000);
    return Response::json(pageOf(worklogs, startAt, maxResults, QStringLiteral("worklogs")));
}

Response JiraApi::addWorklog(Request &request)
{
    Response response;
    Issue *issue = writableIssue(request, QStringLiteral("log work on this issue"), &response);
    if (!issue)
        return response;
    QJsonObject body;
    if (!parseJsonObject(request, &body, &response))
        return response;
    Worklog worklog;
    return changeWorklog(request, *issue, worklog, body);
}

Response JiraApi::getWorklog(Request &request)
{
    Response notFound;
    Issue *issue = findIssue(request, &notFound);
    if (!issue)
        return notFound;
    const Worklog *worklog = findWorklog(*issue, request.args.value(1));
    if (!worklog)
        return Response::error(404, {QStringLiteral("Cannot find worklog with id: '%1'.").arg(request.args.value(1))});
    return Response::json(renderer(request).worklog(*issue, *worklog));
}

Response JiraApi::updateWorklog(Request &request)
{
    Response response;
    Issue *issue = findIssue(request, &response);
    if (!issue)
        return response;
    Worklog *worklog = findWorklog(*issue, request.args.value(1));
    if (!worklog)
        return Response::error(404, {QStringLiteral("Cannot find worklog with id: '%1'.").arg(request.args.value(1))});
    if (!mayWrite(request, QStringLiteral("edit this worklog"), &response))
        return response;
    QJsonObject body;
    if (!parseJsonObject(request, &body, &response))
        return response;
    return changeWorklog(request, *issue, *worklog, body);
}

Response JiraApi::deleteWorklog(Request &request)
{
    Response response;
    Issue *issue = findIssue(request, &response);
    if (!issue)
        return response;
    if (!findWorklog(*issue, request.args.value(1)))
        return Response::error(404, {QStringLiteral("Cannot find worklog with id: '%1'.").arg(request.args.value(1))});
    if (!mayWrite(request, QStringLiteral("delete this worklog"), &response))
        return response;
    issue->worklogs.removeIf([&](const Worklog &w) { return QString::number(w.id) == request.args.value(1); });
    m_store.recordChange(*issue, request.user->id, {});
    return Response::noContent();
}

// ---------------------------------------------------------------------------------------
// Attachments

Response JiraApi::addAttachments(Request &request)
{
    Response response;
    Issue *issue = findIssue(request, &response);
    if (!issue)
        return response;
    const QByteArray token = request.header("x-atlassian-token");
    if (token != "no-check" && token != "nocheck")
        return Response::error(403, {QStringLiteral("XSRF check failed")});
    if (!mayWrite(request, QStringLiteral("create attachments for this issue"), &response))
        return response;
    QList<MultipartPart> parts;
    QString problem;
    if (!parseMultipart(request.header("content-type"), request.body, &parts, &problem))
        return Response::error(400, {problem});
    const Renderer r = renderer(request);
    QJsonArray created;
    QList<ChangeItem> changes;
    for (const MultipartPart &part : std::as_const(parts)) {
        if (part.name != "file")
            continue;
        if (part.data.size() > m_attachmentLimit)
            return Response::error(413,
                                   {QStringLiteral("The file '%1' is too large: %2 bytes, the limit is %3 bytes.")
                                        .arg(part.filename)
                                        .arg(part.data.size())
                                        .arg(m_attachmentLimit)});
        Attachment a;
        a.id = m_store.nextId(QStringLiteral("attachment"));
        a.filename = part.filename.isEmpty() ? QStringLiteral("attachment") : part.filename;
        a.mimeType = part.contentType.isEmpty() || part.contentType == "application/octet-stream"
            ? QMimeDatabase().mimeTypeForFileNameAndData(a.filename, part.data).name()
            : QString::fromLatin1(part.contentType);
        a.authorId = request.user->id;
        a.created = m_store.now();
        a.size = part.data.size();
        a.mediaId = m_store.mediaIdFor(a.id);
        m_store.putAttachmentContent(a.id, part.data);
        issue->attachments.append(a);
        created.append(r.attachment(a));
        changes.append({QStringLiteral("Attachment"), QStringLiteral("jira"), QStringLiteral("attachment"), QString(),
                        QString(), QString::number(a.id), a.filename});
    }
    if (created.isEmpty())
        return Response::error(
            400, {QStringLiteral("No file was found in the request: send it as the multipart part named 'file'.")});
    m_store.recordChange(*issue, request.user->id, changes);
    return Response::json(created);
}

Response JiraApi::getAttachment(Request &request)
{
    Attachment *attachment = nullptr;
    if (!m_store.issueOfAttachment(request.args.value(0).toLongLong(), &attachment))
        return Response::error(
            404, {QStringLiteral("The attachment with id '%1' does not exist").arg(request.args.value(0))});
    QJsonObject metadata = renderer(request).attachment(*attachment);
    if (m_store.flavor() == Flavor::Cloud) // Cloud's attachment metadata carries a numeric id
        metadata.insert(QStringLiteral("id"), attachment->id);
    return Response::json(metadata);
}

Response JiraApi::deleteAttachment(Request &request)
{
    Attachment *attachment = nullptr;
    Issue *issue = m_store.issueOfAttachment(request.args.value(0).toLongLong(), &attachment);
    if (!issue)
        return Response::error(
            404, {QStringLiteral("The attachment with id '%1' does not exist").arg(request.args.value(0))});
    Response forbidden;
    if (!mayWrite(request, QStringLiteral("delete attachments of this issue"), &forbidden))
        return forbidden;
    const Attachment gone = *attachment;
    issue->attachments.removeIf([&](const Attachment &a) { return a.id == gone.id; });
    m_store.removeAttachmentContent(gone.id);
    m_store.recordChange(*issue, request.user->id,
                         {{QStringLiteral("Attachment"), QStringLiteral("jira"), QStringLiteral("attachment"),
                           QString::number(gone.id), gone.filename, QString(), QString()}});
    return Response::noContent();
}

Response JiraApi::attachmentContent(Request &request)
{
    Attachment *attachment = nullptr;
    if (!m_store.issueOfAttachment(request.args.value(0).toLongLong(), &attachment))
        return Response::error(
            404, {QStringLiteral("The attachment with id '%1' does not exist").arg(request.args.value(0))});
    if (!attachment->mediaId.isEmpty() && request.query.queryItemValue(QStringLiteral("redirect")) != u"false") {
        // Cloud sends the download on to its media service, the file named by its media id.
        Response redirect{303, QByteArray(), {}, QByteArray()};
        redirect.addHeader("Location",
                           m_baseUrl().toUtf8() + "/sandbox/media/file/" + attachment->mediaId.toUtf8()
                               + "/binary?token=sandbox&client=ferry-sandbox&collection=&dl=true&name="
                               + QUrl::toPercentEncoding(attachment->filename));
        return redirect;
    }
    return attachmentBody(*attachment);
}

Response JiraApi::mediaContent(Request &request)
{
    const Attachment *attachment = m_store.attachmentOfMedia(request.args.value(0));
    if (!attachment)
        return Response::error(404, {QStringLiteral("No file with id '%1'").arg(request.args.value(0))});
    return attachmentBody(*attachment);
}

Response JiraApi::attachmentBody(const Attachment &attachment)
{
    Response r;
    r.contentType = attachment.mimeType.toUtf8();
    r.body = m_store.attachmentContent(attachment.id);
    r.addHeader("Content-Disposition", "attachment; filename*=UTF-8''" + QUrl::toPercentEncoding(attachment.filename));
    return r;
}

// ---------------------------------------------------------------------------------------
// Links

Response JiraApi::createLink(Request &request)
{
    Response response;
    if (!mayWrite(request, QStringLiteral("link issues"), &response))
        return response;
    QJsonObject body;
    if (!parseJsonObject(request, &body, &response))
        return response;
    const QJsonObject typeObject = body.value(QStringLiteral("type")).toObject();
    const QString typeId = jsonId(typeObject.value(QStringLiteral("id")));
    const LinkType *type
        = m_store.scheme().linkType(typeId.isEmpty() ? typeObject.value(QStringLiteral("name")).toString() : typeId);
    if (!type)
        return Response::error(404,
                               {QStringLiteral("No issue link type with name '%1' found.")
                                    .arg(typeObject.value(QStringLiteral("name")).toString())});
    const auto reference = [&](const char *side) {
        const QJsonObject o = body.value(QLatin1String(side)).toObject();
        return m_store.issue(o.value(QStringLiteral("key")).toString(jsonId(o.value(QStringLiteral("id")))));
    };
    Issue *inward = reference("inwardIssue");
    Issue *outward = reference("outwardIssue");
    if (!inward || !outward)
        return Response::error(404, {notFoundIssue});
    if (inward->id == outward->id)
        return Response::error(400, {QStringLiteral("You cannot link an issue to itself.")});
    for (const IssueLink &existing : m_store.links()) {
        if (existing.typeId == type->id && existing.inwardIssueId == inward->id
            && existing.outwardIssueId == outward->id)
            return Response{201, QByteArray(), {}, QByteArray()}; // Jira answers as if it created it again
    }
    const IssueLink &link = m_store.addLink(type->id, inward->id, outward->id);
    const QString linkId = QString::number(link.id);
    m_store.recordChange(*inward, request.user->id,
                         {{QStringLiteral("Link"), QStringLiteral("jira"), QString(), QString(), QString(),
                           outward->key, QStringLiteral("This issue %1 %2").arg(type->outward, outward->key)}});
    m_store.recordChange(*outward, request.user->id,
                         {{QStringLiteral("Link"), QStringLiteral("jira"), QString(), QString(), QString(), inward->key,
                           QStringLiteral("This issue %1 %2").arg(type->inward, inward->key)}});
    if (body.contains(QStringLiteral("comment"))) {
        QString problem;
        const QJsonValue text = renderer(request).richTextFromInput(
            body.value(QStringLiteral("comment")).toObject().value(QStringLiteral("body")), &problem);
        if (problem.isEmpty() && !text.isNull()) {
            const qint64 now = m_store.now();
            outward->comments.append(
                {m_store.nextId(QStringLiteral("comment")), text, request.user->id, request.user->id, now, now, {}});
            m_store.recordChange(*outward, request.user->id, {});
        }
    }
    Response created{201, QByteArray(), {}, QByteArray()};
    created.addHeader("Location", renderer(request).self(QStringLiteral("/issueLink/") + linkId).toUtf8());
    return created;
}

Response JiraApi::listRemoteLinks(Request &request)
{
    Response notFound;
    const Issue *issue = findIssue(request, &notFound);
    return issue ? Response::json(issue->remoteLinks) : notFound;
}

Response JiraApi::getRemoteLink(Request &request)
{
    Response notFound;
    const Issue *issue = findIssue(request, &notFound);
    if (!issue)
        return notFound;
    for (const QJsonValue &link : issue->remoteLinks) {
        if (QString::number(link.toObject().value(QStringLiteral("id")).toInteger()) == request.args.value(1))
            return Response::json(link);
    }
    return Response::error(404, {QStringLiteral("No remote link with id '%1' exists.").arg(request.args.value(1))});
}

Response JiraApi::putRemoteLink(Request &request)
{
    Response refusal;
    Issue *issue = writableIssue(request, QStringLiteral("link issues"), &refusal);
    QJsonObject body;
    if (!issue || !parseJsonObject(request, &body, &refusal))
        return refusal;
    const QJsonObject object = body.value(QStringLiteral("object")).toObject();
    QJsonObject errors;
    if (object.value(QStringLiteral("url")).toString().isEmpty())
        errors.insert(QStringLiteral("url"), QStringLiteral("'url' is a required field."));
    if (object.value(QStringLiteral("title")).toString().isEmpty())
        errors.insert(QStringLiteral("title"), QStringLiteral("'title' is a required field."));
    if (!errors.isEmpty())
        return Response::fieldErrors(errors);
    const QString globalId = body.value(QStringLiteral("globalId")).toString();
    qsizetype at = -1;
    for (qsizetype i = 0; i < issue->remoteLinks.size() && !globalId.isEmpty(); ++i) {
        if (issue->remoteLinks.at(i).toObject().value(QStringLiteral("globalId")).toString() == globalId)
            at = i;
    }
    const qint64 id = at >= 0 ? issue->remoteLinks.at(at).toObject().value(QStringLiteral("id")).toInteger()
                              : m_store.nextId(QStringLiteral("remotelink"));
    const QString self = renderer(request).self(QStringLiteral("/issue/%1/remotelink/%2").arg(issue->key).arg(id));
    QJsonObject link{{QStringLiteral("id"), id}, {QStringLiteral("self"), self}, {QStringLiteral("object"), object}};
    for (const QString &key :
         {QStringLiteral("globalId"), QStringLiteral("relationship"), QStringLiteral("application")}) {
        if (body.contains(key))
            link.insert(key, body.value(key));
    }
    if (at >= 0)
        issue->remoteLinks.replace(at, link);
    else
        issue->remoteLinks.append(link);
    m_store.recordChange(
        *issue, request.user->id,
        {{QStringLiteral("RemoteIssueLink"), QStringLiteral("jira"), QString(), QString(), QString(),
          QString::number(id),
          QStringLiteral("This issue links to \"%1\"").arg(object.value(QStringLiteral("title")).toString())}});
    return Response::json(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("self"), self}}, at >= 0 ? 200 : 201);
}

Response JiraApi::deleteRemoteLinks(Request &request)
{
    Response refusal;
    Issue *issue = writableIssue(request, QStringLiteral("link issues"), &refusal);
    if (!issue)
        return refusal;
    const bool byId = request.args.size() > 1;
    const QString wanted = byId ? request.args.value(1) : request.query.queryItemValue(QStringLiteral("globalId"));
    if (wanted.isEmpty())
        return Response::error(400, {QStringLiteral("A remote link id or globalId is required.")});
    const qsizetype before = issue->remoteLinks.size();
    for (qsizetype i = issue->remoteLinks.size() - 1; i >= 0; --i) {
        const QJsonObject link = issue->remoteLinks.at(i).toObject();
        if (byId ? QString::number(link.value(QStringLiteral("id")).toInteger()) == wanted
                 : link.value(QStringLiteral("globalId")).toString() == wanted)
            issue->remoteLinks.removeAt(i);
    }
    if (issue->remoteLinks.size() == before)
        return Response::error(404, {QStringLiteral("No remote link '%1' exists on %2.").arg(wanted, issue->key)});
    m_store.recordChange(*issue, request.user->id,
                         {{QStringLiteral("RemoteIssueLink"), QStringLiteral("jira"), QString(), wanted,
                           QStringLiteral("a remote link"), QString(), QString()}});
    return Response::noContent();
}

Response JiraApi::getLink(Request &request)
{
    const IssueLink *link = m_store.link(request.args.value(0).toLongLong());
    if (!link)
        return Response::error(404, {QStringLiteral("No issue link with id '%1' exists.").arg(request.args.value(0))});
    return Response::json(renderer(request).issueLink(*link, 0));
}

Response JiraApi::deleteLink(Request &request)
{
    const IssueLink *found = m_store.link(request.args.value(0).toLongLong());
    if (!found)
        return Response::error(404, {QStringLiteral("No issue link with id '%1' exists.").arg(request.args.value(0))});
    Response forbidden;
    if (!mayWrite(request, QStringLiteral("delete issue links"), &forbidden))
        return forbidden;
    const IssueLink link = *found;
    const LinkType *type = m_store.scheme().linkType(link.typeId);
    Issue *inward = m_store.issue(link.inwardIssueId);
    Issue *outward = m_store.issue(link.outwardIssueId);
    m_store.removeLink(link.id);
    if (inward && outward && type) {
        m_store.recordChange(
            *inward, request.user->id,
            {{QStringLiteral("Link"), QStringLiteral("jira"), QString(), outward->key,
              QStringLiteral("This issue %1 %2").arg(type->outward, outward->key), QString(), QString()}});
        m_store.recordChange(
            *outward, request.user->id,
            {{QStringLiteral("Link"), QStringLiteral("jira"), QString(), inward->key,
              QStringLiteral("This issue %1 %2").arg(type->inward, inward->key), QString(), QString()}});
    }
    return Response::noContent();
}

// ---------------------------------------------------------------------------------------
// Issue properties

Response JiraApi::listProperties(Request &request)
{
    Response notFound;
    Issue *issue = findIssue(request, &notFound);
    if (!issue)
        return notFound;
    const Renderer r = renderer(request);
    QJsonArray keys;
    for (const QString &key : issue->properties.keys())
        keys.append(propertyOf(r.self(QStringLiteral("/issue/%1/properties/%2").arg(issue->id).arg(key)), key));
    return Response::json(QJsonObject{{QStringLiteral("keys"), keys}});
}

Response JiraApi::getProperty(Request &request)
{
    Response notFound;
    Issue *issue = findIssue(request, &notFound);
    if (!issue)
        return notFound;
    const QString key = request.args.value(1);
    if (!issue->properties.contains(key))
        return Response::error(404, {QStringLiteral("The property with key '%1' does not exist.").arg(key)});
    return Response::json(
        QJsonObject{{QStringLiteral("key"), key}, {QStringLiteral("value"), issue->properties.value(key)}});
}

Response JiraApi::setProperty(Request &request)
{
    Response response;
    Issue *issue = writableIssue(request, QStringLiteral("edit this issue's properties"), &response);
    if (!issue)
        return response;
    const QString key = request.args.value(1);
    if (key.size() > 255)
        return Response::error(400, {QStringLiteral("The property key cannot be longer than 255 characters.")});
    if (request.body.size() > 32768)
        return Response::error(400, {QStringLiteral("The property value cannot be longer than 32768 bytes.")});
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson("[" + request.body + "]", &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        return Response::error(400, {QStringLiteral("The property value must be valid JSON.")});
    const bool existed = issue->properties.contains(key);
    issue->properties.insert(key, document.array().first());
    m_store.saveIssue(*issue, false);
    return Response{existed ? 200 : 201, QByteArray(), {}, QByteArray()};
}

Response JiraApi::deleteProperty(Request &request)
{
    Response response;
    Issue *issue = findIssue(request, &response);
    if (!issue)
        return response;
    const QString key = request.args.value(1);
    if (!issue->properties.contains(key))
        return Response::error(404, {QStringLiteral("The property with key '%1' does not exist.").arg(key)});
    if (!mayWrite(request, QStringLiteral("edit this issue's properties"), &response))
        return response;
    issue->properties.remove(key);
    m_store.saveIssue(*issue, false);
    return Response::noContent();
}

} // namespace ferry::sandbox
