#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace ferry::sandbox {

/// Which kind of Jira the sandbox imitates.
enum class Flavor { Cloud, DataCenter };

QString flavorName(Flavor flavor); // "cloud", "dc"
bool parseFlavor(const QString &text, Flavor *flavor);

struct StatusCategory {
    int id;
    QString key; // "new", "indeterminate", "done"
    QString name;
    QString colorName;
};

struct Status {
    QString id;
    QString name;
    QString categoryKey;
};

/// A workflow transition. An empty `from` list makes it global (available from every other status).
struct Transition {
    QString id;
    QString name;
    QStringList from;
    QString to;
    /// "set" gives the issue a resolution (the one in the request, else the default); "clear"
    /// removes it; empty leaves it alone.
    QString resolution;
};

struct IssueType {
    QString id;
    QString name;
    QString description;
    bool subtask = false;
    int hierarchyLevel = 0;
    /// Fields its create and edit screens leave out: Jira refuses them for issues of the type
    /// ("Field 'x' cannot be set. It is not on the appropriate screen, or unknown.").
    QStringList offScreen;
};

struct NamedItem {
    QString id;
    QString name;
    QString description;
};

/// How a field's values are stored, accepted and rendered.
enum class FieldKind {
    Text, ///< single-line string
    RichText, ///< ADF on Cloud v3, wiki markup elsewhere
    Number,
    Date, ///< "2026-11-28"
    DateTime, ///< read-only timestamps
    Priority,
    IssueType,
    Status, ///< read-only: changed by transitions
    Resolution,
    User,
    Labels,
    Components,
    Versions,
    Option,
    Options,
    Project,
    Parent,
    EpicLink, ///< Data Center's Epic Link: an epic's key
    TimeTracking,
    ReadOnly, ///< computed: comment, attachment, worklog, issuelinks, subtasks, …
};

struct OptionValue {
    QString id;
    QString value;
};

struct FieldDefinition {
    QString id; ///< "summary", "customfield_10016"
    QString name; ///< "Summary", "Story point estimate"
    FieldKind kind;
    QString schemaType; ///< "string", "number", "array", "option", "user", …
    QString schemaItems; ///< for arrays: "string", "option", "component", …
    QString customType; ///< for custom fields: "com.atlassian.jira.plugin.system.customfieldtypes:select"
    QList<OptionValue> options;
    bool required = false;
    bool orderable = true; ///< settable on create/edit screens

    bool isCustom() const { return id.startsWith(QStringLiteral("customfield_")); }
    qint64 customId() const;
};

struct LinkType {
    QString id;
    QString name;
    QString inward;
    QString outward;
};

struct SeedUser {
    QString id; ///< accountId on Cloud, key on Data Center
    QString name; ///< Data Center user name; empty on Cloud
    QString displayName;
    QString email;
    QString password; ///< Data Center password; empty on Cloud
    QString apiToken; ///< Cloud API token or Data Center PAT
    bool canWrite = true;
};

/// The statuses, workflow, issue types, priorities, resolutions, fields, link types and
/// users a new sandbox starts with. Cloud and Data Center differ as real sites do: other
/// names, other ids, other workflows.
struct Scheme {
    Flavor flavor;
    QList<StatusCategory> categories;
    QList<Status> statuses;
    QList<Transition> transitions;
    QList<IssueType> issueTypes;
    QList<NamedItem> priorities;
    QString defaultPriorityId;
    QList<NamedItem> resolutions;
    QString defaultResolutionId;
    QList<FieldDefinition> fields;
    QList<LinkType> linkTypes;
    QList<SeedUser> users;
    QString initialStatusId;

    static Scheme forFlavor(Flavor flavor);

    const Status *status(const QString &idOrName) const;
    const StatusCategory *category(const QString &key) const;
    const IssueType *issueType(const QString &idOrName) const;
    const NamedItem *priority(const QString &idOrName) const;
    const NamedItem *resolution(const QString &idOrName) const;
    const FieldDefinition *field(const QString &id) const;
    /// By id, by name (case-insensitive) or by "cf[10016]".
    const FieldDefinition *fieldByClause(const QString &clause) const;
    const LinkType *linkType(const QString &idOrName) const;
    /// The transitions available from a status.
    QList<Transition> transitionsFrom(const QString &statusId) const;
};

} // namespace ferry::sandbox
