#pragma once

#include <QList>
#include <QString>

#include <memory>

namespace ferry::sandbox {

class Store;
struct Issue;
struct User;

/// A compiled JQL query over the sandbox's issues. The subset covers what sync and common
/// admin queries use: project, key, id, issuetype, status, statusCategory, priority,
/// resolution, assignee, reporter, creator, labels, component, fixVersion, affectedVersion,
/// parent, summary, description, comment, text, created, updated, resolved, duedate, custom
/// fields by cf[id] or name, issue.property[key].path; =, !=, <, <=, >, >=, ~, !~, IN, NOT IN,
/// IS [NOT] EMPTY; AND, OR, NOT, parentheses; absolute and relative dates; currentUser(),
/// now(), startOfDay(), endOfDay(); ORDER BY several fields. Anything else is an error with
/// Jira's wording, never a silently wrong result.
class JqlQuery {
public:
    /// Compiles jql against the store's scheme and data. On failure returns null and sets
    /// error to the message Jira would put in errorMessages.
    static std::shared_ptr<const JqlQuery> compile(const QString &jql, Store &store, const User *currentUser,
                                                   QString *error);

    bool matches(const Issue &issue) const;
    /// Orders issues by the ORDER BY clause; without one, by creation, newest first.
    void sort(QList<Issue *> &issues) const;

    struct Private;
    explicit JqlQuery(std::unique_ptr<Private> d);
    ~JqlQuery();

private:
    std::unique_ptr<Private> d;
};

} // namespace ferry::sandbox
