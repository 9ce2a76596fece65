#include "sandbox/store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace ferry::sandbox {

namespace {

const QString kindUser = QStringLiteral("user");
const QString kindProject = QStringLiteral("project");
const QString kindIssue = QStringLiteral("issue");
const QString kindLink = QStringLiteral("link");

QJsonObject toJson(const User &u)
{
    return {{QStringLiteral("id"), u.id},
            {QStringLiteral("name"), u.name},
            {QStringLiteral("displayName"), u.displayName},
            {QStringLiteral("email"), u.email},
            {QStringLiteral("password"), u.password},
            {QStringLiteral("apiToken"), u.apiToken},
            {QStringLiteral("canWrite"), u.canWrite},
            {QStringLiteral("active"), u.active},
            {QStringLiteral("emailVisible"), u.emailVisible}};
}

User userFromJson(const QJsonObject &o)
{
    return {o.value(QStringLiteral("id")).toString(),
            o.value(QStringLiteral("name")).toString(),
            o.value(QStringLiteral("displayName")).toString(),
            o.value(QStringLiteral("email")).toString(),
            o.value(QStringLiteral("password")).toString(),
            o.value(QStringLiteral("apiToken")).toString(),
            o.value(QStringLiteral("canWrite")).toBool(true),
            o.value(QStringLiteral("active")).toBool(true),
            o.value(QStringLiteral("emailVisible")).toBool(false)};
}

QJsonArray toJson(const QList<ProjectItem> &items)
{
    QJsonArray array;
    for (const ProjectItem &i : items)
        array.append(QJsonObject{{QStringLiteral("id"), i.id},
                                 {QStringLiteral("name"), i.name},
                                 {QStringLiteral("description"), i.description},
                                 {QStringLiteral("released"), i.released},
                                 {QStringLiteral("releaseDate"), i.releaseDate},
                                 {QStringLiteral("archived"), i.archived}});
    return array;
}

QList<ProjectItem> projectItemsFromJson(const QJsonArray &array)
{
    QList<ProjectItem> items;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        items.append({o.value(QStringLiteral("id")).toString(), o.value(QStringLiteral("name")).toString(),
                      o.value(QStringLiteral("description")).toString(), o.value(QStringLiteral("released")).toBool(),
                      o.value(QStringLiteral("releaseDate")).toString(), o.value(QStringLiteral("archived")).toBool()});
    }
    return items;
}

QJsonObject toJson(const Project &p)
{
    return {{QStringLiteral("id"), p.id},
            {QStringLiteral("key"), p.key},
            {QStringLiteral("name"), p.name},
            {QStringLiteral("leadId"), p.leadId},
            {QStringLiteral("nextNumber"), p.nextNumber},
            {QStringLiteral("typeKey"), p.typeKey},
            {QStringLiteral("components"), toJson(p.components)},
            {QStringLiteral("versions"), toJson(p.versions)}};
}

Project projectFromJson(const QJsonObject &o)
{
    Project p;
    p.id = o.value(QStringLiteral("id")).toInteger();
    p.key = o.value(QStringLiteral("key")).toString();
    p.name = o.value(QStringLiteral("name")).toString();
    p.leadId = o.value(QStringLiteral("leadId")).toString();
    p.nextNumber = o.value(QStringLiteral("nextNumber")).toInt(1);
    p.typeKey = o.value(QStringLiteral("typeKey")).toString(QStringLiteral("software"));
    p.components = projectItemsFromJson(o.value(QStringLiteral("components")).toArray());
    p.versions = projectItemsFromJson(o.value(QStringLiteral("versions")).toArray());
    return p;
}

QJsonObject toJson(const Issue &issue)
{
    QJsonArray comments;
    for (const Comment &c : issue.comments)
        comments.append(QJsonObject{{QStringLiteral("id"), c.id},
                                    {QStringLiteral("body"), c.body},
                                    {QStringLiteral("authorId"), c.authorId},
                                    {QStringLiteral("updateAuthorId"), c.updateAuthorId},
                                    {QStringLiteral("created"), c.created},
                                    {QStringLiteral("updated"), c.updated},
                                    {QStringLiteral("visibility"), c.visibility},
                                    {QStringLiteral("internal"), c.internal}});
    QJsonArray attachments;
    for (const Attachment &a : issue.attachments)
        attachments.append(QJsonObject{{QStringLiteral("id"), a.id},
                                       {QStringLiteral("filename"), a.filename},
                                       {QStringLiteral("mimeType"), a.mimeType},
                                       {QStringLiteral("authorId"), a.authorId},
                                       {QStringLiteral("created"), a.created},
                                       {QStringLiteral("size"), a.size},
                                       {QStringLiteral("mediaId"), a.mediaId}});
    QJsonArray worklogs;
    for (const Worklog &w : issue.worklogs)
        worklogs.append(QJsonObject{{QStringLiteral("id"), w.id},
                                    {QStringLiteral("authorId"), w.authorId},
                                    {QStringLiteral("updateAuthorId"), w.updateAuthorId},
                                    {QStringLiteral("comment"), w.comment},
                                    {QStringLiteral("started"), w.started},
                                    {QStringLiteral("timeSpentSeconds"), w.timeSpentSeconds},
                                    {QStringLiteral("created"), w.created},
                                    {QStringLiteral("updated"), w.updated}});
    QJsonArray changelog;
    for (const ChangeGroup &g : issue.changelog) {
        QJsonArray items;
        for (const ChangeItem &i : g.items)
            items.append(QJsonArray{i.field, i.fieldtype, i.fieldId, i.from, i.fromString, i.to, i.toString});
        changelog.append(QJsonObject{{QStringLiteral("id"), g.id},
                                     {QStringLiteral("authorId"), g.authorId},
                                     {QStringLiteral("created"), g.created},
                                     {QStringLiteral("items"), items}});
    }
    return {{QStringLiteral("id"), issue.id},
            {QStringLiteral("key"), issue.key},
            {QStringLiteral("projectId"), issue.projectId},
            {QStringLiteral("fields"), issue.fields},
            {QStringLiteral("created"), issue.created},
            {QStringLiteral("updated"), issue.updated},
            {QStringLiteral("resolutionDate"), issue.resolutionDate},
            {QStringLiteral("comments"), comments},
            {QStringLiteral("attachments"), attachments},
            {QStringLiteral("worklogs"), worklogs},
            {QStringLiteral("changelog"), changelog},
            {QStringLiteral("properties"), issue.properties},
            {QStringLiteral("remoteLinks"), issue.remoteLinks}};
}

Issue issueFromJson(const QJsonObject &o)
{
    Issue issue;
    issue.id = o.value(QStringLiteral("id")).toInteger();
    issue.key = o.value(QStringLiteral("key")).toString();
    issue.projectId = o.value(QStringLiteral("projectId")).toInteger();
    issue.fields = o.value(QStringLiteral("fields")).toObject();
    issue.created = o.value(QStringLiteral("created")).toInteger();
    issue.updated = o.value(QStringLiteral("updated")).toInteger();
    issue.resolutionDate = o.value(QStringLiteral("resolutionDate")).toInteger();
    issue.properties = o.value(QStringLiteral("properties")).toObject();
    issue.remoteLinks = o.value(QStringLiteral("remoteLinks")).toArray();
    for (const QJsonValue &v : o.value(QStringLiteral("comments")).toArray()) {
        const QJsonObject c = v.toObject();
        issue.comments.append(
            {c.value(QStringLiteral("id")).toInteger(), c.value(QStringLiteral("body")),
             c.value(QStringLiteral("authorId")).toString(), c.value(QStringLiteral("updateAuthorId")).toString(),
             c.value(QStringLiteral("created")).toInteger(), c.value(QStringLiteral("updated")).toInteger(),
             c.value(QStringLiteral("visibility")).toObject(), c.value(QStringLiteral("internal")).toBool()});
    }
    for (const QJsonValue &v : o.value(QStringLiteral("attachments")).toArray()) {
        const QJsonObject a = v.toObject();
        issue.attachments.append(
            {a.value(QStringLiteral("id")).toInteger(), a.value(QStringLiteral("filename")).toString(),
             a.value(QStringLiteral("mimeType")).toString(), a.value(QStringLiteral("authorId")).toString(),
             a.value(QStringLiteral("created")).toInteger(), a.value(QStringLiteral("size")).toInteger(),
             a.value(QStringLiteral("mediaId")).toString()});
    }
    for (const QJsonValue &v : o.value(QStringLiteral("worklogs")).toArray()) {
        const QJsonObject w = v.toObject();
        issue.worklogs.append(
            {w.value(QStringLiteral("id")).toInteger(), w.value(QStringLiteral("authorId")).toString(),
             w.value(QStringLiteral("updateAuthorId")).toString(), w.value(QStringLiteral("comment")),
             w.value(QStringLiteral("started")).toInteger(), w.value(QStringLiteral("timeSpentSeconds")).toInteger(),
             w.value(QStringLiteral("created")).toInteger(), w.value(QStringLiteral("updated")).toInteger()});
    }
    for (const QJsonValue &v : o.value(QStringLiteral("changelog")).toArray()) {
        const QJsonObject g = v.toObject();
        ChangeGroup group{g.value(QStringLiteral("id")).toInteger(),
                          g.value(QStringLiteral("authorId")).toString(),
                          g.value(QStringLiteral("created")).toInteger(),
                          {}};
        for (const QJsonValue &item : g.value(QStringLiteral("items")).toArray()) {
            const QJsonArray a = item.toArray();
            group.items.append({a.at(0).toString(), a.at(1).toString(), a.at(2).toString(), a.at(3).toString(),
                                a.at(4).toString(), a.at(5).toString(), a.at(6).toString()});
        }
        issue.changelog.append(group);
    }
    return issue;
}

} // namespace

Store::Store(Flavor flavor, const QString &databasePath)
    : m_scheme(Scheme::forFlavor(flavor))
    , m_databasePath(databasePath)
    , m_connectionName(QStringLiteral("ferry-sandbox-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

Store::~Store()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool Store::open(QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_databasePath.isEmpty() ? QStringLiteral(":memory:") : m_databasePath);
    if (!db.open()) {
        *error = QStringLiteral("Cannot open the sandbox database %1: %2").arg(m_databasePath, db.lastError().text());
        return false;
    }
    QSqlQuery query(db);
    const QStringList statements = {
        QStringLiteral("PRAGMA journal_mode=WAL"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS entities (kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, "
                       "PRIMARY KEY (kind, id))"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS attachment_content (id INTEGER PRIMARY KEY, data BLOB NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"),
    };
    for (const QString &statement : statements) {
        if (!query.exec(statement)) {
            *error = QStringLiteral("Cannot prepare the sandbox database: %1").arg(query.lastError().text());
            return false;
        }
    }
    query.exec(QStringLiteral("SELECT value FROM meta WHERE name = 'flavor'"));
    if (query.next()) {
        const QString stored = query.value(0).toString();
        if (stored != flavorName(flavor())) {
            *error = QStringLiteral("The sandbox database %1 holds a '%2' site; start it with --flavor %2 or use "
                                    "another --data file.")
                         .arg(m_databasePath, stored);
            return false;
        }
    } else {
        query.prepare(QStringLiteral("INSERT INTO meta (name, value) VALUES ('flavor', ?)"));
        query.addBindValue(flavorName(flavor()));
        query.exec();
    }
    if (!load(error))
        return false;
    if (m_users.isEmpty())
        seedUsers();
    return true;
}

bool Store::load(QString *error)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    if (!query.exec(QStringLiteral("SELECT kind, json FROM entities ORDER BY kind, CAST(id AS INTEGER), id"))) {
        *error = query.lastError().text();
        return false;
    }
    while (query.next()) {
        const QString kind = query.value(0).toString();
        const QJsonObject o = QJsonDocument::fromJson(query.value(1).toByteArray()).object();
        if (kind == kindUser) {
            m_users.append(userFromJson(o));
        } else if (kind == kindProject) {
            auto project = std::make_unique<Project>(projectFromJson(o));
            m_projects[project->id] = std::move(project);
        } else if (kind == kindIssue) {
            auto issue = std::make_unique<Issue>(issueFromJson(o));
            m_issueIdsByKey.insert(issue->key, issue->id);
            m_issues[issue->id] = std::move(issue);
        } else if (kind == kindLink) {
            m_links.append({o.value(QStringLiteral("id")).toInteger(), o.value(QStringLiteral("typeId")).toString(),
                            o.value(QStringLiteral("inward")).toInteger(),
                            o.value(QStringLiteral("outward")).toInteger()});
        }
    }
    query.exec(QStringLiteral("SELECT name, value FROM sequences"));
    while (query.next())
        m_sequences.insert(query.value(0).toString(), query.value(1).toLongLong());
    return true;
}

void Store::reset()
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    for (const char *table : {"entities", "attachment_content", "sequences"})
        query.exec(QStringLiteral("DELETE FROM ") + QString::fromLatin1(table));
    m_users.clear();
    m_projects.clear();
    m_issues.clear();
    m_issueIdsByKey.clear();
    m_links.clear();
    m_sequences.clear();
    seedUsers();
}

void Store::seedUsers()
{
    for (const SeedUser &seed : m_scheme.users)
        addUser({seed.id, seed.name, seed.displayName, seed.email, seed.password, seed.apiToken, seed.canWrite, true,
                 false});
}

void Store::persist(const QString &kind, const QString &id, const QJsonObject &object)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO entities (kind, id, json) VALUES (?, ?, ?)"));
    query.addBindValue(kind);
    query.addBindValue(id);
    query.addBindValue(QJsonDocument(object).toJson(QJsonDocument::Compact));
    query.exec();
}

void Store::unpersist(const QString &kind, const QString &id)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    query.prepare(QStringLiteral("DELETE FROM entities WHERE kind = ? AND id = ?"));
    query.addBindValue(kind);
    query.addBindValue(id);
    query.exec();
}

qint64 Store::nextId(const QString &sequence)
{
    static const QHash<QString, qint64> starts = {
        {QStringLiteral("issue"), 10000},      {QStringLiteral("project"), 10000}, {QStringLiteral("comment"), 10000},
        {QStringLiteral("attachment"), 10000}, {QStringLiteral("worklog"), 10000}, {QStringLiteral("link"), 10000},
        {QStringLiteral("changelog"), 10000},  {QStringLiteral("user"), 10100},
    };
    const qint64 next = m_sequences.value(sequence, starts.value(sequence, 1) - 1) + 1;
    m_sequences.insert(sequence, next);
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO sequences (name, value) VALUES (?, ?)"));
    query.addBindValue(sequence);
    query.addBindValue(next);
    query.exec();
    return next;
}

qint64 Store::now()
{
    m_lastNow = qMax(m_lastNow + 1, QDateTime::currentMSecsSinceEpoch() + m_clockAhead);
    return m_lastNow;
}

const User *Store::user(const QString &id) const
{
    for (const User &u : m_users) {
        if (u.id == id)
            return &u;
    }
    return nullptr;
}

const User *Store::findUser(const QString &reference) const
{
    if (reference.isEmpty())
        return nullptr;
    for (const User &u : m_users) {
        if (u.id == reference || (!u.name.isEmpty() && u.name == reference)
            || u.email.compare(reference, Qt::CaseInsensitive) == 0)
            return &u;
    }
    return nullptr;
}

const User *Store::authenticateBasic(const QString &login, const QString &secret) const
{
    for (const User &u : m_users) {
        if (!u.active)
            continue;
        if (flavor() == Flavor::Cloud) {
            if (u.email.compare(login, Qt::CaseInsensitive) == 0 && u.apiToken == secret)
                return &u;
        } else if (u.name == login && u.password == secret) {
            return &u;
        }
    }
    return nullptr;
}

const User *Store::authenticateToken(const QString &token) const
{
    for (const User &u : m_users) {
        if (u.active && !u.apiToken.isEmpty() && u.apiToken == token)
            return &u;
    }
    return nullptr;
}

const User &Store::addUser(User user)
{
    if (user.id.isEmpty()) {
        const qint64 number = nextId(QStringLiteral("user"));
        user.id = flavor() == Flavor::Cloud
            ? QStringLiteral("712020:%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces))
            : QStringLiteral("JIRAUSER%1").arg(number);
    }
    persist(kindUser, user.id, toJson(user));
    m_users.append(user);
    return m_users.constLast();
}

QList<const Project *> Store::projects() const
{
    QList<const Project *> list;
    for (const auto &[id, project] : m_projects)
        list << project.get();
    return list;
}

Project *Store::project(const QString &idOrKey)
{
    bool numeric = false;
    const qint64 id = idOrKey.toLongLong(&numeric);
    for (const auto &[projectId, project] : m_projects) {
        if ((numeric && projectId == id) || project->key.compare(idOrKey, Qt::CaseInsensitive) == 0)
            return project.get();
    }
    return nullptr;
}

const Project *Store::project(qint64 id) const
{
    const auto it = m_projects.find(id);
    return it == m_projects.end() ? nullptr : it->second.get();
}

Project &Store::addProject(const QString &key, const QString &name, const QString &leadId)
{
    auto project = std::make_unique<Project>();
    project->id = nextId(QStringLiteral("project"));
    project->key = key.toUpper();
    project->name = name;
    project->leadId = leadId;
    const QString base = QString::number(project->id);
    project->components
        = {{base + QStringLiteral("1"), QStringLiteral("Backend"), QStringLiteral("Server side"), false, QString()},
           {base + QStringLiteral("2"), QStringLiteral("Frontend"), QStringLiteral("User interface"), false, QString()},
           {base + QStringLiteral("3"), QStringLiteral("Documentation"), QString(), false, QString()}};
    project->versions = {{base + QStringLiteral("1"), QStringLiteral("1.0"), QStringLiteral("First release"), true,
                          QStringLiteral("2026-06-30")},
                         {base + QStringLiteral("2"), QStringLiteral("1.1"), QString(), false, QString()},
                         {base + QStringLiteral("3"), QStringLiteral("2.0"), QString(), false, QString()}};
    persist(kindProject, base, toJson(*project));
    Project &stored = *project;
    m_projects[project->id] = std::move(project);
    return stored;
}

QList<Issue *> Store::issues()
{
    QList<Issue *> list;
    list.reserve(static_cast<qsizetype>(m_issues.size()));
    for (const auto &[id, issue] : m_issues)
        list << issue.get();
    return list;
}

Issue *Store::issue(const QString &idOrKey)
{
    bool numeric = false;
    const qint64 id = idOrKey.toLongLong(&numeric);
    if (numeric)
        return issue(id);
    const auto it = m_issueIdsByKey.constFind(idOrKey.toUpper());
    return it == m_issueIdsByKey.constEnd() ? nullptr : issue(*it);
}

Issue *Store::issue(qint64 id)
{
    const auto it = m_issues.find(id);
    return it == m_issues.end() ? nullptr : it->second.get();
}

ProjectItem *Store::version(const QString &id, Project **project)
{
    for (auto &[projectId, p] : m_projects) {
        for (ProjectItem &v : p->versions) {
            if (v.id == id) {
                *project = p.get();
                return &v;
            }
        }
    }
    return nullptr;
}

void Store::saveProject(const Project &project)
{
    persist(kindProject, QString::number(project.id), toJson(project));
}

const ProjectItem &Store::addProjectItem(Project &project, bool version, ProjectItem item)
{
    item.id = QString::number(nextId(version ? QStringLiteral("version") : QStringLiteral("component")))
        + QStringLiteral("00");
    QList<ProjectItem> &items = version ? project.versions : project.components;
    items.append(item);
    persist(kindProject, QString::number(project.id), toJson(project));
    return items.last();
}

Issue &Store::addIssue(Issue issue)
{
    Project *owner = project(QString::number(issue.projectId));
    issue.id = nextId(QStringLiteral("issue"));
    issue.key = owner->key + u'-' + QString::number(owner->nextNumber++);
    persist(kindProject, QString::number(owner->id), toJson(*owner));
    if (issue.created == 0)
        issue.created = now();
    issue.updated = issue.created;
    auto stored = std::make_unique<Issue>(std::move(issue));
    Issue &result = *stored;
    m_issueIdsByKey.insert(result.key, result.id);
    m_issues[result.id] = std::move(stored);
    persist(kindIssue, QString::number(result.id), toJson(result));
    return result;
}

void Store::removeIssue(qint64 id)
{
    Issue *doomed = issue(id);
    if (!doomed)
        return;
    for (const Attachment &a : std::as_const(doomed->attachments))
        removeAttachmentContent(a.id);
    const QList<IssueLink> links = m_links;
    for (const IssueLink &l : links) {
        if (l.inwardIssueId == id || l.outwardIssueId == id)
            removeLink(l.id);
    }
    m_issueIdsByKey.remove(doomed->key);
    unpersist(kindIssue, QString::number(id));
    m_issues.erase(id);
}

void Store::saveIssue(Issue &issue, bool touch)
{
    if (touch)
        issue.updated = now();
    persist(kindIssue, QString::number(issue.id), toJson(issue));
}

void Store::recordChange(Issue &issue, const QString &authorId, const QList<ChangeItem> &items)
{
    const qint64 time = now();
    if (!items.isEmpty())
        issue.changelog.append({nextId(QStringLiteral("changelog")), authorId, time, items});
    issue.updated = time;
    saveIssue(issue, false);
}

void Store::putAttachmentContent(qint64 id, const QByteArray &content)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO attachment_content (id, data) VALUES (?, ?)"));
    query.addBindValue(id);
    query.addBindValue(content);
    query.exec();
}

QByteArray Store::attachmentContent(qint64 id) const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    query.prepare(QStringLiteral("SELECT data FROM attachment_content WHERE id = ?"));
    query.addBindValue(id);
    query.exec();
    return query.next() ? query.value(0).toByteArray() : QByteArray();
}

void Store::removeAttachmentContent(qint64 id)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    query.prepare(QStringLiteral("DELETE FROM attachment_content WHERE id = ?"));
    query.addBindValue(id);
    query.exec();
}

QString Store::mediaIdFor(qint64 attachmentId) const
{
    if (flavor() != Flavor::Cloud)
        return {};
    static const QUuid files(QStringLiteral("{6f1e2a54-93c1-4c5e-9d1b-2f0c8f4e7a10}"));
    return QUuid::createUuidV5(files, QString::number(attachmentId)).toString(QUuid::WithoutBraces);
}

const Attachment *Store::attachmentOfMedia(const QString &mediaId) const
{
    for (const auto &[id, issue] : m_issues) {
        for (const Attachment &a : issue->attachments) {
            if (!mediaId.isEmpty() && a.mediaId == mediaId)
                return &a;
        }
    }
    return nullptr;
}

Issue *Store::issueOfAttachment(qint64 attachmentId, Attachment **attachment)
{
    for (const auto &[id, issue] : m_issues) {
        for (Attachment &a : issue->attachments) {
            if (a.id == attachmentId) {
                *attachment = &a;
                return issue.get();
            }
        }
    }
    return nullptr;
}

const IssueLink *Store::link(qint64 id) const
{
    for (const IssueLink &l : m_links) {
        if (l.id == id)
            return &l;
    }
    return nullptr;
}

const IssueLink &Store::addLink(const QString &typeId, qint64 inwardIssueId, qint64 outwardIssueId)
{
    const IssueLink link{nextId(QStringLiteral("link")), typeId, inwardIssueId, outwardIssueId};
    persist(kindLink, QString::number(link.id),
            {{QStringLiteral("id"), link.id},
             {QStringLiteral("typeId"), link.typeId},
             {QStringLiteral("inward"), link.inwardIssueId},
             {QStringLiteral("outward"), link.outwardIssueId}});
    m_links.append(link);
    return m_links.constLast();
}

void Store::removeLink(qint64 id)
{
    m_links.removeIf([id](const IssueLink &l) { return l.id == id; });
    unpersist(kindLink, QString::number(id));
}

} // namespace ferry::sandbox
