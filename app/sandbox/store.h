#pragma once

#include "sandbox/scheme.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <map>
#include <memory>

namespace ferry::sandbox {

struct User {
    QString id; ///< accountId on Cloud, key on Data Center
    QString name;
    QString displayName;
    QString email;
    QString password;
    QString apiToken;
    bool canWrite = true;
    bool active = true;
    /// Cloud: the profile lets everyone see the address. Real Cloud hides most users' addresses
    /// (the caller always sees its own).
    bool emailVisible = false;
};

struct ProjectItem {
    QString id;
    QString name;
    QString description;
    bool released = false;
    QString releaseDate;
    bool archived = false; ///< versions only
};

struct Project {
    qint64 id = 0;
    QString key;
    QString name;
    QString leadId;
    int nextNumber = 1;
    QString typeKey = QStringLiteral("software"); ///< "software", "service_desk", "business"
    QList<ProjectItem> components;
    QList<ProjectItem> versions;
};

struct Comment {
    qint64 id = 0;
    QJsonValue body;
    QString authorId;
    QString updateAuthorId;
    qint64 created = 0;
    qint64 updated = 0;
    QJsonObject visibility;
    bool internal = false; ///< a service project's internal note (the sd.public.comment property)
};

struct Attachment {
    qint64 id = 0;
    QString filename;
    QString mimeType;
    QString authorId;
    qint64 created = 0;
    qint64 size = 0;
    QString mediaId; ///< Cloud: the file's id in the media service, as rich text refers to it
};

struct Worklog {
    qint64 id = 0;
    QString authorId;
    QString updateAuthorId;
    QJsonValue comment;
    qint64 started = 0;
    qint64 timeSpentSeconds = 0;
    qint64 created = 0;
    qint64 updated = 0;
};

struct ChangeItem {
    QString field;
    QString fieldtype; ///< "jira" or "custom"
    QString fieldId;
    QString from;
    QString fromString;
    QString to;
    QString toString;
};

struct ChangeGroup {
    qint64 id = 0;
    QString authorId;
    qint64 created = 0;
    QList<ChangeItem> items;
};

/// An issue as the sandbox stores it: field values in a flavor-neutral form keyed by field id
/// (ids for priority, status, …; user ids; ADF or wiki text as the flavor keeps it).
struct Issue {
    qint64 id = 0;
    QString key;
    qint64 projectId = 0;
    QJsonObject fields;
    qint64 created = 0;
    qint64 updated = 0;
    qint64 resolutionDate = 0;
    QList<Comment> comments;
    QList<Attachment> attachments;
    QList<Worklog> worklogs;
    QList<ChangeGroup> changelog;
    QJsonObject properties;
    QJsonArray remoteLinks; ///< as Jira answers them: {id, globalId, relationship, object, application}

    QString string(const QString &field) const { return fields.value(field).toString(); }
    qint64 parentId() const { return fields.value(QStringLiteral("parent")).toInteger(); }
};

struct IssueLink {
    qint64 id = 0;
    QString typeId;
    qint64 inwardIssueId = 0;
    qint64 outwardIssueId = 0;
};

/// The sandbox's state. Live objects in memory, every change written through to SQLite
/// (an in-memory database by default, a file when given), so a file-backed sandbox comes
/// back as it was. Single-threaded: use it from the thread that made it.
class Store {
public:
    Store(Flavor flavor, const QString &databasePath);
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    /// Opens the database and loads it; an empty database gets the scheme's users.
    bool open(QString *error);
    /// Forgets everything, back to the users of the scheme.
    void reset();

    const Scheme &scheme() const { return m_scheme; }
    Flavor flavor() const { return m_scheme.flavor; }

    // Users
    const QList<User> &users() const { return m_users; }
    const User *user(const QString &id) const;
    /// By accountId, key, name or e-mail, whatever the flavor uses to name users.
    const User *findUser(const QString &reference) const;
    const User *authenticateBasic(const QString &login, const QString &secret) const;
    const User *authenticateToken(const QString &token) const;
    const User &addUser(User user);

    // Projects
    QList<const Project *> projects() const;
    Project *project(const QString &idOrKey);
    const Project *project(qint64 id) const;
    Project &addProject(const QString &key, const QString &name, const QString &leadId);
    /// Adds a component to a project and persists it; the new component.
    /// Adds a component, or a version, to a project; its id is given here.
    const ProjectItem &addProjectItem(Project &project, bool version, ProjectItem item);
    /// A version by id, and its project; nullptr when there is none.
    ProjectItem *version(const QString &id, Project **project);
    /// Persists a project after a change of its components or versions.
    void saveProject(const Project &project);

    // Issues
    QList<Issue *> issues();
    Issue *issue(const QString &idOrKey);
    Issue *issue(qint64 id);
    /// Gives the issue an id and a key in its project, stores it, returns it.
    Issue &addIssue(Issue issue);
    void removeIssue(qint64 id);
    /// Persists the issue after a change and moves its `updated` time on.
    void saveIssue(Issue &issue, bool touch = true);
    /// Records a changelog entry (when items is not empty), moves `updated`, and persists.
    void recordChange(Issue &issue, const QString &authorId, const QList<ChangeItem> &items);

    // Attachments' bytes live apart from the issue.
    void putAttachmentContent(qint64 id, const QByteArray &content);
    QByteArray attachmentContent(qint64 id) const;
    void removeAttachmentContent(qint64 id);
    /// Finds an attachment and its issue by attachment id.
    Issue *issueOfAttachment(qint64 attachmentId, Attachment **attachment);
    /// The id a new attachment's file gets in Cloud's media service; empty on Data Center.
    QString mediaIdFor(qint64 attachmentId) const;
    /// A Cloud attachment by the id its file has in the media service; nullptr when none.
    const Attachment *attachmentOfMedia(const QString &mediaId) const;

    // Links
    QList<IssueLink> links() const { return m_links; }
    const IssueLink *link(qint64 id) const;
    const IssueLink &addLink(const QString &typeId, qint64 inwardIssueId, qint64 outwardIssueId);
    void removeLink(qint64 id);

    /// The next number of a sequence ("issue", "comment", …), persisted.
    qint64 nextId(const QString &sequence);
    /// Milliseconds since the epoch; never the same twice, so changes always order.
    qint64 now();
    /// Moves the site's clock on (for tests that need minutes to pass): what changes from now on
    /// is stamped that much later.
    void advanceClock(qint64 ms) { m_clockAhead += ms; }

private:
    void seedUsers();
    void persist(const QString &kind, const QString &id, const QJsonObject &object);
    void unpersist(const QString &kind, const QString &id);
    bool load(QString *error);

    Scheme m_scheme;
    QString m_databasePath;
    QString m_connectionName;
    QList<User> m_users;
    std::map<qint64, std::unique_ptr<Project>> m_projects;
    std::map<qint64, std::unique_ptr<Issue>> m_issues;
    QHash<QString, qint64> m_issueIdsByKey;
    QList<IssueLink> m_links;
    QHash<QString, qint64> m_sequences;
    qint64 m_lastNow = 0;
    qint64 m_clockAhead = 0;
};

} // namespace ferry::sandbox
