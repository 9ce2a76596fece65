#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "core/side.h"
#include <QStringList>

namespace ferry {

/// Which way a mapping carries changes.
enum class Direction { Both, AToB, BToA };
QString directionName(Direction direction); ///< "both", "a-to-b", "b-to-a"

/// How the pair settles the same scalar changed to different values on both sides.
enum class ConflictPolicy { Manual, AWins, BWins, Newest };
QString conflictPolicyName(ConflictPolicy policy); ///< "manual", "a-wins", "b-wins", "newest"

/// One side of a pair: a configured site, a project on it, and which of its issues take part.
struct PairSide {
    QString site;
    QString project;
    QString scope; ///< JQL

    /// Whether an issue key names an issue of this side's project ("GLX-12" of GLX): the only
    /// issues a pair reads or writes (docs/security.md).
    bool ownsKey(const QString &key) const
    {
        return !project.isEmpty() && key.size() > project.size() + 1 && key.startsWith(project + u'-')
            && key.mid(project.size() + 1).toLongLong() > 0;
    }

    /// The JQL a side's issues are read with: the scope, never beyond the side's project,
    /// whatever the scope says (a pair reads only its projects; docs/security.md).
    QString boundedScope() const { return QStringLiteral("project = \"%1\" AND (%2)").arg(project, scope); }
};

/// An entry that maps something of side A to something of side B (issue type, status, value,
/// user). doubtful marks a suggestion an admin should look at; why says what it rests on.
struct ValueMapping {
    QString a;
    QString b;
    QString aName;
    QString bName;
    Direction direction = Direction::Both;
    bool doubtful = false;
    QString why;
};

struct FieldMapping {
    QString a; ///< field id on side A
    QString b;
    QString aName;
    QString bName;
    Direction direction = Direction::Both;
    QList<ValueMapping> values; ///< option, priority … ids; empty: values carry over as they are
    bool doubtful = false;
    QString why;
};

struct UserMapping {
    /// Tried in order: email, accountId, username, displayName. By default the e-mail address
    /// where a site shows it (Cloud hides most), then a display name that singles out one user.
    QStringList match{QStringLiteral("email"), QStringLiteral("displayName")};
    QList<ValueMapping> table; ///< explicit pairs, before any matching
    QString fallbackA; ///< who stands in on side A for a user B has and A lacks
    QString fallbackB;
};

/// How a part of a work item made of separate entries (comments, worklogs) travels.
struct ItemOptions {
    bool sync = true;
    Direction direction = Direction::Both;
    bool deletions = false; ///< deleting an original deletes its copy; otherwise the copy stays

    /// Whether entries made on side travel to the other side.
    bool carriesFrom(Side side) const;
};

/// What happens to a comment visible only to a role or group.
enum class Restricted { Withhold, Map };

struct CommentOptions : ItemOptions {
    Restricted restricted = Restricted::Withhold;
    /// A service project's internal note: "withhold" keeps it on its side (a copy made while it
    /// was public goes); "internal" copies it as an internal note.
    QString internal = QStringLiteral("withhold");
    /// For Restricted::Map: role or group names of side A and side B; a restriction with no
    /// entry here keeps its comment on its side.
    QList<ValueMapping> visibility;
};

/// How a copied worklog changes the target's remaining estimate: "leave" it (the estimate
/// travels as a field when mapped) or reduce it "auto"matically as Jira does for people.
struct WorklogOptions : ItemOptions {
    QString estimate = QStringLiteral("leave");
};

/// Which attachments travel. maxSizeMb bounds every one (0: no bound); with filter "deny", an
/// attachment whose MIME type or file name matches a pattern stays on its side; with "allow",
/// only those that match travel. Patterns are wildcards ("image/*", "*.exe"), case-insensitive.
struct AttachmentOptions : ItemOptions {
    AttachmentOptions() { deletions = true; }
    int maxSizeMb = 0;
    QString filter = QStringLiteral("deny");
    QStringList types;
    QStringList names;

    /// Whether an attachment passes the filters; why not, if it does not.
    bool admits(const QString &fileName, const QString &mimeType, qint64 size, QString *why) const;
};

/// How links between two issues of the pair travel: recreated between their partners, the link
/// type by name or through types (side A name → side B name). A link to an issue outside the pair
/// stays on its side ("keep"), becomes a remote link on the partner that points at that issue
/// on its site ("remote"), or a line of text in a comment on the partner ("text").
struct LinkOptions : ItemOptions {
    LinkOptions() { deletions = true; }
    QList<ValueMapping> types;
    QString outside = QStringLiteral("keep");
};

/// How an issue new to the pair finds the issue that stands for it on the other side already (a
/// project copied by hand, an import): through a key map, or a field of each side that holds the
/// same value ("key": the issue key). A match is linked instead of created, and the preferred
/// side's content is written over the other's.
struct MatchRule {
    QString fieldA; ///< a field id of side A, or "key"; empty: no field rule
    QString fieldB;
    QHash<QString, QString> keys; ///< side A's key → side B's key
    Side prefer = Side::A; ///< whose content is written over the other's

    /// Chosen in an editor, even with nothing to match by yet: the document then says so, and
    /// reading it reports what is missing.
    bool chosen = false;

    bool isEmpty() const { return fieldA.isEmpty() && fieldB.isEmpty() && keys.isEmpty(); }
    /// The field whose value a create op of side carries for matching.
    QString fieldOn(Side side) const { return side == Side::A ? fieldA : fieldB; }
    /// The key map's partner of key, an issue of fromSide; empty when the map has none.
    QString mappedKey(Side fromSide, const QString &key) const;
    /// What an issue of fromSide is looked for by on the other side: its key map partner's key,
    /// else the other side's match field holding ownValue (the issue's value of its own field).
    struct Lookup {
        QString field; ///< on the other side: "key" or a field id; empty: nothing to look for
        QString value;
        bool byKeyMap = false;
        /// Whether a candidate's value of field is the one looked for (keys in any case).
        bool finds(const QString &candidateValue) const
        {
            return !value.isEmpty()
                && candidateValue.compare(value,
                                          field == QStringLiteral("key") ? Qt::CaseInsensitive : Qt::CaseSensitive)
                == 0;
        }
    };
    Lookup lookupFor(Side fromSide, const QString &key, const QString &ownValue) const;
    /// A key map file: one "A-KEY,B-KEY" a line (a comma, semicolon, tab, space or '=' between),
    /// blank lines, '#' comments and a heading line aside. Each line it cannot read is a problem.
    static QHash<QString, QString> readKeyMap(const QString &text, QStringList *problems);
};

struct SiteMetadata;

/// A sync pair's configuration: a versioned JSON document (format 1).
struct PairConfig {
    static constexpr int format = 1;

    QString name;
    PairSide a;
    PairSide b;
    const PairSide &side(Side which) const { return bySide(which, a, b); }
    QList<ValueMapping> issueTypes;
    QList<FieldMapping> fields;
    QList<ValueMapping> statuses;
    UserMapping users;
    ConflictPolicy conflictPolicy = ConflictPolicy::Manual;
    int pollIntervalSeconds = 5;
    /// How long the state keeps the history of settled ops and the journal (the issue view's
    /// recent ops, the rounds); older history is compacted once a day.
    int retentionDays = 30;
    CommentOptions comments;
    WorklogOptions worklogs;
    AttachmentOptions attachments;
    LinkOptions links;
    /// What the apply step creates on the target project when a value names one it lacks:
    /// "versions", "components". Without it, such a value is Jira's validation error.
    QStringList createMissing;
    /// Whether the projects' versions themselves travel (name, description, release date,
    /// released, archived), and which way. Off by default; a deleted version is never deleted
    /// on the other side (its issues would lose it).
    ItemOptions versions = [] {
        ItemOptions off;
        off.sync = false;
        return off;
    }();
    MatchRule match;

    QJsonObject toJson() const;

    /// Whether both configurations pair the same projects of the same sites (scopes aside): a
    /// pair's sides stay as they are through every version.
    bool pairsSameProjects(const PairSide &otherA, const PairSide &otherB) const
    {
        return a.site == otherA.site && a.project == otherA.project && b.site == otherB.site
            && b.project == otherB.project;
    }

    /// The issue type an issue of sourceType made on fromSide gets on the other
    /// side; empty when no mapping carries it that way.
    QString issueTypeFor(Side fromSide, const QString &sourceType) const;
    /// Whether an issue type of side is one the pair maps, whichever way.
    bool mapsIssueType(Side side, const QString &type) const;

    /// A problem found in a configuration document, at a JSON pointer ("/fields/3/direction").
    struct Problem {
        QString path;
        QString message;
    };
    /// Reads a document; every problem found is listed (not only the first), each at its entry.
    static bool fromJson(const QJsonObject &json, PairConfig *config, QList<Problem> *problems);
    /// What fromJson() finds in this configuration's document (an edited one may hold empty or
    /// contradictory entries); with sites, every id is checked against them too (checkAgainstSites).
    QList<Problem> problems(const SiteMetadata *a = nullptr, const SiteMetadata *b = nullptr) const;
    /// Problems one per line, "path: message".
    static QString describe(const QList<Problem> &problems);
};

/// What Ferry knows of one side for suggesting and checking a configuration: the answers of
/// JiraClient::metadata() plus the project's statuses and, optionally, its users.
struct SiteMetadata {
    QJsonObject metadata; ///< fields, issueTypes, statuses, priorities, resolutions, linkTypes
    QString deployment; ///< "cloud" or "dc"
    QJsonArray users; ///< optional: users as the site answers them
    /// The site's identity as Jira reports it (JiraClient::siteIdentity()); empty when unknown.
    QString siteId;

    /// As a console that cannot reach the site keeps it (from the handshake of a bundle mode).
    QJsonObject toJson() const;
    static SiteMetadata fromJson(const QJsonObject &json);
    /// The same, for another organisation's console: each user's e-mail address replaced by its
    /// hash (emailHash), which is all the "email" match rule needs.
    SiteMetadata withHashedEmails() const;
};

/// What the "email" match rule compares: the SHA-256 (hex) of an address, trimmed and in lower
/// case; a user's own emailHash when it has no address (a user of a site across a firewall).
QString emailHash(const QJsonObject &user);

/// A complete configuration for a new pair, matched by name first, then by kind (issue types by
/// hierarchy, statuses by status category, priorities by rank, fields by schema type and a name
/// that resembles); whatever rests on less than an exact name is marked doubtful.
PairConfig suggestPairConfig(const QString &name, const PairSide &a, const SiteMetadata &aSite, const PairSide &b,
                             const SiteMetadata &bSite);

/// The kind of a field as Jira's metadata describes it, which two fields must share to map:
/// "string", "number", "date", "datetime", "option", "priority", "user", "richtext",
/// "array:option", "array:string" (labels), "array:component", "array:version", …
QString fieldKind(const QJsonObject &field);

/// Checks a configuration against what the sites have: every id must exist on its side.
QList<PairConfig::Problem> checkAgainstSites(const PairConfig &config, const SiteMetadata &aSite,
                                             const SiteMetadata &bSite);

} // namespace ferry
