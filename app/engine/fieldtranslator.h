#pragma once

#include "core/merge.h"
#include "core/pairconfig.h"
#include "core/result.h"
#include "engine/usermap.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QStringList>

namespace ferry {

namespace richtext {
struct Node;
}
class AttachedFiles;

/// A date-time as Jira writes it (2026-11-28T10:15:30.000+0100); invalid when it is not one.
QDateTime parseJiraDateTime(const QString &text);
/// The id of an object-valued field in an issue's "fields" ("status" → its id); empty if none.
QString fieldId(const QJsonObject &fields, const QString &field);
/// What a match rule (MatchRule) compares of an issue as Jira answers it: its key for "key",
/// otherwise the field's text (an option's value, a version's name), trimmed; empty if none.
QString matchValueOf(const QJsonObject &issue, const QString &field);
/// What version sync compares and carries of a project version as Jira answers it: name,
/// description, releaseDate ("" for none), released, archived.
QJsonObject versionContent(const QJsonObject &version);

/// Carries an issue's field values between a side's Jira terms and the pair's common terms, in
/// which bases are kept and the two sides compared: field keys and ids are side A's; sets are
/// sorted; rich text is canonical ADF whether the side speaks ADF (Cloud) or wiki markup (Data
/// Center); option and priority values are side A ids when the mapping has a value table, or
/// their names when it has none; date-times are UTC.
///
/// Only the fields of the pair's mappings are carried, each in its mapping's direction.
class FieldTranslator {
public:
    struct Translated {
        QJsonObject values;
        /// What could not be carried, one line per field ("Priority: no mapping for B value 7");
        /// the rest of the issue still syncs.
        QStringList problems;
    };

    FieldTranslator(const PairConfig &config, const SiteMetadata &a, const SiteMetadata &b);

    /// The Jira field ids to read on a side.
    QStringList fieldsToRead(Side side) const;
    /// An issue's "fields" object as a side's Jira answers it → common terms. files: the
    /// issue's attachments, for rich text that refers to them on Cloud.
    Translated toCommon(Side side, const QJsonObject &issueFields, const AttachedFiles *files = nullptr) const;
    /// Common values → a "fields" object that a side's Jira accepts for create or edit. The
    /// status is left out: only a transition moves it (statusOn()).
    Translated toSide(Side side, const QJsonObject &common, const AttachedFiles *files = nullptr) const;

    /// Rich text as a side writes it (ADF on Cloud, wiki markup on Data Center) → canonical ADF,
    /// and back; for fields, comments and worklog comments alike. In common terms a mention
    /// names side A's user and a file reference the file's name: a mentioned user without a
    /// partner becomes "@Name" text, a file the side has no copy of (yet) keeps its name.
    QJsonValue richTextToCommon(Side side, const QJsonValue &raw, QString *problem,
                                const AttachedFiles *files = nullptr) const;
    QJsonValue richTextToSide(Side side, const QJsonValue &common, QString *problem,
                              const AttachedFiles *files = nullptr) const;
    /// Whether a common field holds rich text.
    bool isRichText(const QString &commonKey) const;
    /// The field id on a side of a common field.
    QString fieldOn(Side side, const QString &commonKey) const;
    /// ADF as the pair keeps it in common terms.
    static QJsonValue canonicalRichText(const QJsonValue &adf, QString *problem);

    /// The key of the status in common terms, present when the pair maps statuses; its common
    /// value is side A's status id.
    static QString statusKey() { return QStringLiteral("status"); }
    /// The status id on a side for a common status value.
    Result<QString> statusOn(Side side, const QJsonValue &common) const;

    /// Whether two common values of a field are the same value on a side: a mapping can be
    /// lossy (a fallback user, two values mapped to one), and then two common values write alike.
    bool sameOnSide(Side side, const QString &commonKey, const QJsonValue &x, const QJsonValue &y) const;

    /// The configuration the translator was made for.
    const PairConfig &config() const { return m_config; }

    /// Whether a side is Jira Cloud (else Data Center).
    bool isCloud(Side side) const { return isCloud(side == Side::A); }

    /// The field that names an issue's epic on a side: "parent" on Cloud, the Epic Link custom
    /// field on Data Center (empty when the site has none).
    QString epicField(Side side) const { return side == Side::A ? m_epicA : m_epicB; }
    /// The Epic Name field a Data Center site requires of a new epic; empty elsewhere.
    QString epicNameField(Side side) const { return side == Side::A ? m_epicNameA : m_epicNameB; }
    /// An issue's epic as a side answers it, by key; empty for none.
    QString epicOf(Side side, const QJsonObject &issueFields) const;
    /// The value that sets an issue's epic on a side (a key, or null for none).
    QJsonValue epicValue(Side side, const QString &epicKey) const;

    /// The kind of a mapped field by its id on a side ("array:version", …); empty if not mapped.
    QString kindOn(Side side, const QString &fieldId) const;
    FieldShape shape(const QString &commonKey) const;
    Direction direction(const QString &commonKey) const;
    /// Fields the pair maps but Ferry cannot carry (their kind), with why; listed once.
    QStringList unsupported() const { return m_unsupported; }

    /// Takes out of fields (to be written to an issue of a type on a side) those the type's
    /// screens there leave out, which Jira would refuse; their ids. Where a type's screen is not
    /// known, nothing is taken out.
    QStringList keepToScreen(Side side, const QString &issueTypeId, QJsonObject *fields) const;
    /// What an admin reads of a field a type's screens leave out, with the fix.
    QString screenGap(Side side, const QString &issueTypeId, const QString &fieldId) const;

private:
    struct Field {
        FieldMapping mapping;
        QString kind;
        QHash<QString, QString> aToB; ///< value table
        QHash<QString, QString> bToA;
    };
    /// The field carried under a common key; nullptr when none is.
    const Field *carried(const QString &commonKey) const;
    /// Adds a field to carry, with its value tables.
    void addField(const FieldMapping &mapping, const QString &kind);
    QJsonValue readValue(const Field &field, bool sideA, const QJsonValue &raw, QString *problem,
                         const AttachedFiles *files) const;
    QJsonValue writeValue(const Field &field, bool sideA, const QJsonValue &common, QString *problem,
                          const AttachedFiles *files) const;
    /// Mentions and file references of a rich text tree from a side's terms to common ones, or back.
    void mapReferences(richtext::Node &node, bool sideA, bool toCommon, const AttachedFiles *files) const;
    /// Makes node mention the user id of a side, or "@Name" text when id is empty.
    void mention(richtext::Node &node, bool sideA, const QString &id) const;
    bool isCloud(bool sideA) const { return sideA ? m_aCloud : m_bCloud; }

    /// What a side's site says of its screens, issue types and fields, for keepToScreen().
    struct Screens {
        QHash<QString, QSet<QString>> fieldsByType; ///< issue type id → fields on its create screen
        QHash<QString, QString> typeNames;
        QHash<QString, QString> fieldNames;
    };
    static Screens screensOf(const SiteMetadata &site);

    PairConfig m_config;
    Screens m_screensA;
    Screens m_screensB;
    QList<Field> m_fields;
    UserMap m_users;
    QStringList m_unsupported;
    bool m_aCloud = false;
    bool m_bCloud = false;
    QString m_epicA;
    QString m_epicB;
    QString m_epicNameA;
    QString m_epicNameB;
};

} // namespace ferry
