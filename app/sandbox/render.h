#pragma once

#include "sandbox/store.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

namespace ferry::sandbox {

/// Which fields a response carries, from Jira's `fields` parameter: "*all", "*navigable",
/// names, and "-name" to leave one out.
struct FieldSelection {
    bool all = false;
    bool navigable = false;
    QSet<QString> include;
    QSet<QString> exclude;

    static FieldSelection parse(const QString &spec);
    static FieldSelection parse(const QStringList &fields);
    bool wants(const QString &fieldId) const;
    bool isEmpty() const { return !all && !navigable && include.isEmpty(); }
};

/// Plain text as an ADF document: paragraphs at blank lines, hard breaks at line breaks.
QJsonValue adfFromText(const QString &text);
/// The text of an ADF document, paragraphs separated by blank lines.
QString textFromAdf(const QJsonValue &adf);
/// Checks the rules real Jira enforces on ADF; returns an empty string when it is valid.
QString adfProblem(const QJsonValue &adf);

/// Turns stored entities into the JSON that the flavor's REST API returns in its version.
class Renderer {
public:
    /// viewerId: the user the answer is for (Cloud shows a hidden e-mail address to its owner).
    Renderer(Store &store, const QString &baseUrl, int apiVersion, const QString &viewerId = {});

    QString self(const QString &path) const;
    QString url(const QString &path) const; ///< base URL + path
    QJsonValue user(const QString &userId) const; ///< null when empty or unknown
    /// full: as /myself and /user answer (with locale); otherwise as users nested in other resources.
    QJsonObject userObject(const User &user, bool full = false) const;
    QJsonObject status(const QString &id) const;
    QJsonObject statusCategory(const QString &key) const;
    QJsonObject issueType(const QString &id) const;
    QJsonObject priority(const QString &id) const;
    QJsonValue resolution(const QString &id) const;
    QJsonObject project(const Project &project, bool full) const;
    QJsonObject field(const FieldDefinition &field) const;
    QJsonObject transition(const Transition &transition) const;
    QJsonObject linkType(const LinkType &type) const;

    /// A rich text value as this API version shows it: ADF on Cloud v3, text elsewhere.
    QJsonValue richText(const QJsonValue &stored) const;
    /// A rich text value as the API user typed it, in the form the flavor stores.
    QJsonValue richTextFromInput(const QJsonValue &input, QString *problem) const;

    /// withProperties: with its properties (expand=properties), where Data Center tells an
    /// internal note of a service project.
    QJsonObject comment(const Issue &issue, const Comment &comment, bool withProperties = false) const;
    QJsonObject attachment(const Attachment &attachment) const;
    QJsonObject worklog(const Issue &issue, const Worklog &worklog) const;
    QJsonObject changeGroup(const ChangeGroup &group) const;
    QJsonObject issueLink(const IssueLink &link, qint64 viewedFrom) const;
    QJsonObject
    issueReference(const Issue &issue) const; ///< {id, key, self, fields{summary,status,priority,issuetype}}
    QJsonValue fieldValue(const Issue &issue, const FieldDefinition &field) const;
    QJsonObject issue(const Issue &issue, const FieldSelection &fields, const QStringList &expand,
                      const QStringList &properties = {}) const;

    /// The display string of a stored value, for changelogs.
    QString displayValue(const Issue &issue, const FieldDefinition &field, const QJsonValue &stored) const;
    /// The raw id of a stored value, for changelogs ("from"/"to").
    QString rawValue(const FieldDefinition &field, const QJsonValue &stored) const;

    Store &store() const { return m_store; }
    int apiVersion() const { return m_version; }
    bool isCloud() const { return m_store.flavor() == Flavor::Cloud; }

private:
    Store &m_store;
    QString m_baseUrl;
    int m_version;
    QString m_viewerId;
};

QString isoTime(qint64 msecsSinceEpoch); ///< "2026-11-28T14:05:00.000+0000", as Jira writes times

} // namespace ferry::sandbox
