#include "sandbox/scheme.h"

namespace ferry::sandbox {

namespace {

template <typename T> const T *findByIdOrName(const QList<T> &items, const QString &idOrName)
{
    for (const T &item : items) {
        if (item.id == idOrName)
            return &item;
    }
    for (const T &item : items) {
        if (item.name.compare(idOrName, Qt::CaseInsensitive) == 0)
            return &item;
    }
    return nullptr;
}

FieldDefinition systemField(const QString &id, const QString &name, FieldKind kind, const QString &schemaType,
                            const QString &items = QString())
{
    return {id, name, kind, schemaType, items, QString(), {}, false, true};
}

FieldDefinition readOnlyField(const QString &id, const QString &name, FieldKind kind, const QString &schemaType,
                              const QString &items = QString())
{
    FieldDefinition field = systemField(id, name, kind, schemaType, items);
    field.orderable = false;
    return field;
}

FieldDefinition customField(const QString &id, const QString &name, FieldKind kind, const QString &schemaType,
                            const QString &customType, const QList<OptionValue> &options = {},
                            const QString &items = QString())
{
    return {id, name, kind, schemaType, items, customType, options, false, true};
}

QList<FieldDefinition> commonSystemFields()
{
    QList<FieldDefinition> fields = {
        systemField(QStringLiteral("summary"), QStringLiteral("Summary"), FieldKind::Text, QStringLiteral("string")),
        systemField(QStringLiteral("description"), QStringLiteral("Description"), FieldKind::RichText,
                    QStringLiteral("string")),
        systemField(QStringLiteral("environment"), QStringLiteral("Environment"), FieldKind::RichText,
                    QStringLiteral("string")),
        systemField(QStringLiteral("issuetype"), QStringLiteral("Issue Type"), FieldKind::IssueType,
                    QStringLiteral("issuetype")),
        systemField(QStringLiteral("project"), QStringLiteral("Project"), FieldKind::Project,
                    QStringLiteral("project")),
        readOnlyField(QStringLiteral("status"), QStringLiteral("Status"), FieldKind::Status, QStringLiteral("status")),
        systemField(QStringLiteral("priority"), QStringLiteral("Priority"), FieldKind::Priority,
                    QStringLiteral("priority")),
        systemField(QStringLiteral("resolution"), QStringLiteral("Resolution"), FieldKind::Resolution,
                    QStringLiteral("resolution")),
        systemField(QStringLiteral("assignee"), QStringLiteral("Assignee"), FieldKind::User, QStringLiteral("user")),
        systemField(QStringLiteral("reporter"), QStringLiteral("Reporter"), FieldKind::User, QStringLiteral("user")),
        readOnlyField(QStringLiteral("creator"), QStringLiteral("Creator"), FieldKind::User, QStringLiteral("user")),
        systemField(QStringLiteral("labels"), QStringLiteral("Labels"), FieldKind::Labels, QStringLiteral("array"),
                    QStringLiteral("string")),
        systemField(QStringLiteral("components"), QStringLiteral("Component/s"), FieldKind::Components,
                    QStringLiteral("array"), QStringLiteral("component")),
        systemField(QStringLiteral("fixVersions"), QStringLiteral("Fix Version/s"), FieldKind::Versions,
                    QStringLiteral("array"), QStringLiteral("version")),
        systemField(QStringLiteral("versions"), QStringLiteral("Affects Version/s"), FieldKind::Versions,
                    QStringLiteral("array"), QStringLiteral("version")),
        systemField(QStringLiteral("duedate"), QStringLiteral("Due date"), FieldKind::Date, QStringLiteral("date")),
        systemField(QStringLiteral("parent"), QStringLiteral("Parent"), FieldKind::Parent, QStringLiteral("issuelink")),
        systemField(QStringLiteral("timetracking"), QStringLiteral("Time tracking"), FieldKind::TimeTracking,
                    QStringLiteral("timetracking")),
        readOnlyField(QStringLiteral("created"), QStringLiteral("Created"), FieldKind::DateTime,
                      QStringLiteral("datetime")),
        readOnlyField(QStringLiteral("updated"), QStringLiteral("Updated"), FieldKind::DateTime,
                      QStringLiteral("datetime")),
        readOnlyField(QStringLiteral("resolutiondate"), QStringLiteral("Resolved"), FieldKind::DateTime,
                      QStringLiteral("datetime")),
        readOnlyField(QStringLiteral("comment"), QStringLiteral("Comment"), FieldKind::ReadOnly,
                      QStringLiteral("comments-page")),
        readOnlyField(QStringLiteral("attachment"), QStringLiteral("Attachment"), FieldKind::ReadOnly,
                      QStringLiteral("array"), QStringLiteral("attachment")),
        readOnlyField(QStringLiteral("worklog"), QStringLiteral("Log Work"), FieldKind::ReadOnly,
                      QStringLiteral("array"), QStringLiteral("worklog")),
        readOnlyField(QStringLiteral("issuelinks"), QStringLiteral("Linked Issues"), FieldKind::ReadOnly,
                      QStringLiteral("array"), QStringLiteral("issuelinks")),
        readOnlyField(QStringLiteral("subtasks"), QStringLiteral("Sub-tasks"), FieldKind::ReadOnly,
                      QStringLiteral("array"), QStringLiteral("issuelinks")),
    };
    fields[0].required = true;
    return fields;
}

QList<LinkType> commonLinkTypes()
{
    return {
        {QStringLiteral("10000"), QStringLiteral("Blocks"), QStringLiteral("is blocked by"), QStringLiteral("blocks")},
        {QStringLiteral("10001"), QStringLiteral("Cloners"), QStringLiteral("is cloned by"), QStringLiteral("clones")},
        {QStringLiteral("10002"), QStringLiteral("Duplicate"), QStringLiteral("is duplicated by"),
         QStringLiteral("duplicates")},
        {QStringLiteral("10003"), QStringLiteral("Relates"), QStringLiteral("relates to"),
         QStringLiteral("relates to")},
    };
}

QList<StatusCategory> commonCategories()
{
    return {
        {1, QStringLiteral("undefined"), QStringLiteral("No Category"), QStringLiteral("medium-gray")},
        {2, QStringLiteral("new"), QStringLiteral("To Do"), QStringLiteral("blue-gray")},
        {4, QStringLiteral("indeterminate"), QStringLiteral("In Progress"), QStringLiteral("yellow")},
        {3, QStringLiteral("done"), QStringLiteral("Done"), QStringLiteral("green")},
    };
}

const QString selectType = QStringLiteral("com.atlassian.jira.plugin.system.customfieldtypes:select");
const QString multiSelectType = QStringLiteral("com.atlassian.jira.plugin.system.customfieldtypes:multiselect");
const QString dateType = QStringLiteral("com.atlassian.jira.plugin.system.customfieldtypes:datepicker");
const QString userType = QStringLiteral("com.atlassian.jira.plugin.system.customfieldtypes:userpicker");
const QString textareaType = QStringLiteral("com.atlassian.jira.plugin.system.customfieldtypes:textarea");

Scheme cloudScheme()
{
    Scheme s;
    s.flavor = Flavor::Cloud;
    s.categories = commonCategories();
    s.statuses = {
        {QStringLiteral("10000"), QStringLiteral("To Do"), QStringLiteral("new")},
        {QStringLiteral("3"), QStringLiteral("In Progress"), QStringLiteral("indeterminate")},
        {QStringLiteral("10001"), QStringLiteral("Done"), QStringLiteral("done")},
    };
    s.initialStatusId = QStringLiteral("10000");
    // Team-managed style: global transitions to every status.
    s.transitions = {
        {QStringLiteral("11"), QStringLiteral("To Do"), {}, QStringLiteral("10000"), QStringLiteral("clear")},
        {QStringLiteral("21"), QStringLiteral("In Progress"), {}, QStringLiteral("3"), QStringLiteral("clear")},
        {QStringLiteral("31"), QStringLiteral("Done"), {}, QStringLiteral("10001"), QStringLiteral("set")},
    };
    s.issueTypes = {
        {QStringLiteral("10001"),
         QStringLiteral("Task"),
         QStringLiteral("A small, distinct piece of work."),
         false,
         0,
         {}},
        {QStringLiteral("10002"), QStringLiteral("Bug"), QStringLiteral("A problem or error."), false, 0, {}},
        // As teams configure them: a story's screens have no Severity (a bug's business).
        {QStringLiteral("10003"),
         QStringLiteral("Story"),
         QStringLiteral("A user story."),
         false,
         0,
         {QStringLiteral("customfield_10040")}},
        {QStringLiteral("10000"),
         QStringLiteral("Epic"),
         QStringLiteral("A collection of related work."),
         false,
         1,
         {}},
        {QStringLiteral("10004"), QStringLiteral("Subtask"), QStringLiteral("A small piece of a task."), true, -1, {}},
    };
    s.priorities = {
        {QStringLiteral("1"), QStringLiteral("Highest"), QStringLiteral("This problem will block progress.")},
        {QStringLiteral("2"), QStringLiteral("High"), QStringLiteral("Serious problem that could block progress.")},
        {QStringLiteral("3"), QStringLiteral("Medium"), QStringLiteral("Has the potential to affect progress.")},
        {QStringLiteral("4"), QStringLiteral("Low"), QStringLiteral("Minor problem or easily worked around.")},
        {QStringLiteral("5"), QStringLiteral("Lowest"), QStringLiteral("Trivial problem with little or no impact.")},
    };
    s.defaultPriorityId = QStringLiteral("3");
    s.resolutions = {
        {QStringLiteral("10000"), QStringLiteral("Done"), QStringLiteral("Work has been completed on this issue.")},
        {QStringLiteral("10001"), QStringLiteral("Won't Do"), QStringLiteral("This issue won't be actioned.")},
        {QStringLiteral("10002"), QStringLiteral("Duplicate"), QStringLiteral("The problem is a duplicate.")},
        {QStringLiteral("10003"), QStringLiteral("Cannot Reproduce"), QStringLiteral("Could not be reproduced.")},
    };
    s.defaultResolutionId = QStringLiteral("10000");
    s.fields = commonSystemFields();
    s.fields << customField(QStringLiteral("customfield_10016"), QStringLiteral("Story point estimate"),
                            FieldKind::Number, QStringLiteral("number"),
                            QStringLiteral("com.pyxis.greenhopper.jira:jsw-story-points"))
             << customField(QStringLiteral("customfield_10040"), QStringLiteral("Severity"), FieldKind::Option,
                            QStringLiteral("option"), selectType,
                            {{QStringLiteral("10100"), QStringLiteral("Critical")},
                             {QStringLiteral("10101"), QStringLiteral("Major")},
                             {QStringLiteral("10102"), QStringLiteral("Minor")}})
             << customField(QStringLiteral("customfield_10041"), QStringLiteral("Affected platforms"),
                            FieldKind::Options, QStringLiteral("array"), multiSelectType,
                            {{QStringLiteral("10110"), QStringLiteral("Web")},
                             {QStringLiteral("10111"), QStringLiteral("iOS")},
                             {QStringLiteral("10112"), QStringLiteral("Android")},
                             {QStringLiteral("10113"), QStringLiteral("Desktop")}},
                            QStringLiteral("option"))
             << customField(QStringLiteral("customfield_10042"), QStringLiteral("Target date"), FieldKind::Date,
                            QStringLiteral("date"), dateType)
             << customField(QStringLiteral("customfield_10043"), QStringLiteral("Reviewer"), FieldKind::User,
                            QStringLiteral("user"), userType)
             << customField(QStringLiteral("customfield_10044"), QStringLiteral("Release notes"), FieldKind::RichText,
                            QStringLiteral("string"), textareaType);
    s.linkTypes = commonLinkTypes();
    s.users = {
        {QStringLiteral("712020:00000000-0000-4000-8000-000000000001"), QString(), QStringLiteral("Ada Admin"),
         QStringLiteral("admin@example.com"), QString(), QStringLiteral("sandbox-token"), true},
        {QStringLiteral("712020:00000000-0000-4000-8000-000000000002"), QString(), QStringLiteral("Alice Smith"),
         QStringLiteral("alice@example.com"), QString(), QStringLiteral("alice-token"), true},
        {QStringLiteral("712020:00000000-0000-4000-8000-000000000003"), QString(), QStringLiteral("Bob Jones"),
         QStringLiteral("bob@example.com"), QString(), QStringLiteral("bob-token"), true},
        {QStringLiteral("712020:00000000-0000-4000-8000-000000000004"), QString(), QStringLiteral("Carol White"),
         QStringLiteral("carol@example.com"), QString(), QStringLiteral("carol-token"), true},
        {QStringLiteral("712020:00000000-0000-4000-8000-000000000005"), QString(), QStringLiteral("Victor Viewer"),
         QStringLiteral("viewer@example.com"), QString(), QStringLiteral("viewer-token"), false},
    };
    return s;
}

Scheme dataCenterScheme()
{
    Scheme s;
    s.flavor = Flavor::DataCenter;
    s.categories = commonCategories();
    s.statuses = {
        {QStringLiteral("1"), QStringLiteral("Open"), QStringLiteral("new")},
        {QStringLiteral("3"), QStringLiteral("In Progress"), QStringLiteral("indeterminate")},
        {QStringLiteral("4"), QStringLiteral("Reopened"), QStringLiteral("new")},
        {QStringLiteral("5"), QStringLiteral("Resolved"), QStringLiteral("done")},
        {QStringLiteral("6"), QStringLiteral("Closed"), QStringLiteral("done")},
    };
    s.initialStatusId = QStringLiteral("1");
    // The classic Jira workflow, with named transitions between given statuses.
    const QString open = QStringLiteral("1"), progress = QStringLiteral("3"), reopened = QStringLiteral("4"),
                  resolved = QStringLiteral("5"), closed = QStringLiteral("6");
    s.transitions = {
        {QStringLiteral("4"), QStringLiteral("Start Progress"), {open, reopened}, progress, QString()},
        {QStringLiteral("301"), QStringLiteral("Stop Progress"), {progress}, open, QString()},
        {QStringLiteral("5"),
         QStringLiteral("Resolve Issue"),
         {open, progress, reopened},
         resolved,
         QStringLiteral("set")},
        {QStringLiteral("2"), QStringLiteral("Close Issue"), {open, progress, reopened}, closed, QStringLiteral("set")},
        {QStringLiteral("701"), QStringLiteral("Close Issue"), {resolved}, closed, QString()},
        {QStringLiteral("3"), QStringLiteral("Reopen Issue"), {resolved, closed}, reopened, QStringLiteral("clear")},
    };
    s.issueTypes = {
        {QStringLiteral("1"),
         QStringLiteral("Bug"),
         QStringLiteral("A problem which impairs or prevents the functions of the product."),
         false,
         0,
         {}},
        {QStringLiteral("3"), QStringLiteral("Task"), QStringLiteral("A task that needs to be done."), false, 0, {}},
        {QStringLiteral("10001"),
         QStringLiteral("Story"),
         QStringLiteral("Created by Jira Software - do not edit or delete."),
         false,
         0,
         {QStringLiteral("customfield_10200")}},
        {QStringLiteral("10000"),
         QStringLiteral("Epic"),
         QStringLiteral("Created by Jira Software - do not edit or delete."),
         false,
         1,
         {}},
        {QStringLiteral("5"), QStringLiteral("Sub-task"), QStringLiteral("The sub-task of the issue"), true, -1, {}},
    };
    s.priorities = {
        {QStringLiteral("1"), QStringLiteral("Blocker"), QStringLiteral("Blocks development and/or testing work.")},
        {QStringLiteral("2"), QStringLiteral("Critical"), QStringLiteral("Crashes, loss of data, severe memory leak.")},
        {QStringLiteral("3"), QStringLiteral("Major"), QStringLiteral("Major loss of function.")},
        {QStringLiteral("4"), QStringLiteral("Minor"), QStringLiteral("Minor loss of function.")},
        {QStringLiteral("5"), QStringLiteral("Trivial"), QStringLiteral("Cosmetic problem.")},
    };
    s.defaultPriorityId = QStringLiteral("3");
    s.resolutions = {
        {QStringLiteral("1"), QStringLiteral("Fixed"), QStringLiteral("A fix for this issue is checked in.")},
        {QStringLiteral("2"), QStringLiteral("Won't Fix"), QStringLiteral("The problem will never be fixed.")},
        {QStringLiteral("3"), QStringLiteral("Duplicate"), QStringLiteral("The problem is a duplicate.")},
        {QStringLiteral("4"), QStringLiteral("Incomplete"), QStringLiteral("The problem is not completely described.")},
        {QStringLiteral("5"), QStringLiteral("Cannot Reproduce"), QStringLiteral("Could not be reproduced.")},
        {QStringLiteral("10000"), QStringLiteral("Done"), QStringLiteral("Work has been completed.")},
    };
    s.defaultResolutionId = QStringLiteral("1");
    s.fields = commonSystemFields();
    s.fields << customField(QStringLiteral("customfield_10106"), QStringLiteral("Story Points"), FieldKind::Number,
                            QStringLiteral("number"),
                            QStringLiteral("com.atlassian.jira.plugin.system.customfieldtypes:float"))
             << customField(QStringLiteral("customfield_10200"), QStringLiteral("Severity"), FieldKind::Option,
                            QStringLiteral("option"), selectType,
                            {{QStringLiteral("10300"), QStringLiteral("S1 - Critical")},
                             {QStringLiteral("10301"), QStringLiteral("S2 - Major")},
                             {QStringLiteral("10302"), QStringLiteral("S3 - Minor")}})
             << customField(QStringLiteral("customfield_10201"), QStringLiteral("Platforms"), FieldKind::Options,
                            QStringLiteral("array"), multiSelectType,
                            {{QStringLiteral("10310"), QStringLiteral("Web")},
                             {QStringLiteral("10311"), QStringLiteral("iOS")},
                             {QStringLiteral("10312"), QStringLiteral("Android")},
                             {QStringLiteral("10313"), QStringLiteral("Desktop")}},
                            QStringLiteral("option"))
             << customField(QStringLiteral("customfield_10202"), QStringLiteral("Review Date"), FieldKind::Date,
                            QStringLiteral("date"), dateType)
             << customField(QStringLiteral("customfield_10203"), QStringLiteral("Code Reviewer"), FieldKind::User,
                            QStringLiteral("user"), userType)
             << customField(QStringLiteral("customfield_10204"), QStringLiteral("Release Notes"), FieldKind::RichText,
                            QStringLiteral("string"), textareaType)
             << customField(QStringLiteral("customfield_10101"), QStringLiteral("Epic Link"), FieldKind::EpicLink,
                            QStringLiteral("any"), QStringLiteral("com.pyxis.greenhopper.jira:gh-epic-link"))
             << customField(QStringLiteral("customfield_10102"), QStringLiteral("Epic Name"), FieldKind::Text,
                            QStringLiteral("string"), QStringLiteral("com.pyxis.greenhopper.jira:gh-epic-label"));
    s.linkTypes = commonLinkTypes();
    s.users = {
        {QStringLiteral("JIRAUSER10000"), QStringLiteral("admin"), QStringLiteral("Ada Admin"),
         QStringLiteral("admin@example.com"), QStringLiteral("admin"), QStringLiteral("sandbox-pat"), true},
        {QStringLiteral("JIRAUSER10001"), QStringLiteral("alice"), QStringLiteral("Alice Smith"),
         QStringLiteral("alice@example.com"), QStringLiteral("alice"), QStringLiteral("alice-pat"), true},
        {QStringLiteral("JIRAUSER10002"), QStringLiteral("bob"), QStringLiteral("Bob Jones"),
         QStringLiteral("bob@example.com"), QStringLiteral("bob"), QStringLiteral("bob-pat"), true},
        {QStringLiteral("JIRAUSER10003"), QStringLiteral("carol"), QStringLiteral("Carol White"),
         QStringLiteral("carol@example.com"), QStringLiteral("carol"), QStringLiteral("carol-pat"), true},
        {QStringLiteral("JIRAUSER10004"), QStringLiteral("viewer"), QStringLiteral("Victor Viewer"),
         QStringLiteral("viewer@example.com"), QStringLiteral("viewer"), QStringLiteral("viewer-pat"), false},
    };
    return s;
}

} // namespace

QString flavorName(Flavor flavor)
{
    return flavor == Flavor::Cloud ? QStringLiteral("cloud") : QStringLiteral("dc");
}

bool parseFlavor(const QString &text, Flavor *flavor)
{
    if (text == QStringLiteral("cloud"))
        *flavor = Flavor::Cloud;
    else if (text == QStringLiteral("dc") || text == QStringLiteral("datacenter"))
        *flavor = Flavor::DataCenter;
    else
        return false;
    return true;
}

qint64 FieldDefinition::customId() const
{
    return isCustom() ? id.mid(12).toLongLong() : 0;
}

Scheme Scheme::forFlavor(Flavor flavor)
{
    return flavor == Flavor::Cloud ? cloudScheme() : dataCenterScheme();
}

const Status *Scheme::status(const QString &idOrName) const
{
    return findByIdOrName(statuses, idOrName);
}

const StatusCategory *Scheme::category(const QString &key) const
{
    for (const StatusCategory &c : categories) {
        if (c.key == key || QString::number(c.id) == key || c.name.compare(key, Qt::CaseInsensitive) == 0)
            return &c;
    }
    return nullptr;
}

const IssueType *Scheme::issueType(const QString &idOrName) const
{
    return findByIdOrName(issueTypes, idOrName);
}

const NamedItem *Scheme::priority(const QString &idOrName) const
{
    return findByIdOrName(priorities, idOrName);
}

const NamedItem *Scheme::resolution(const QString &idOrName) const
{
    return findByIdOrName(resolutions, idOrName);
}

const FieldDefinition *Scheme::field(const QString &id) const
{
    for (const FieldDefinition &f : fields) {
        if (f.id == id)
            return &f;
    }
    return nullptr;
}

const FieldDefinition *Scheme::fieldByClause(const QString &clause) const
{
    if (clause.startsWith(QStringLiteral("cf["), Qt::CaseInsensitive) && clause.endsWith(u']'))
        return field(QStringLiteral("customfield_") + clause.mid(3, clause.size() - 4));
    return findByIdOrName(fields, clause);
}

const LinkType *Scheme::linkType(const QString &idOrName) const
{
    return findByIdOrName(linkTypes, idOrName);
}

QList<Transition> Scheme::transitionsFrom(const QString &statusId) const
{
    QList<Transition> available;
    for (const Transition &t : transitions) {
        const bool global = t.from.isEmpty() && t.to != statusId;
        if (global || t.from.contains(statusId))
            available << t;
    }
    return available;
}

} // namespace ferry::sandbox
