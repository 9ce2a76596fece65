#pragma once

#include "core/op.h"
#include "core/pairconfig.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace ferry {

class AttachedFiles;
class FieldTranslator;

/// The entries of an issue that travel one by one — comments and worklogs — in the pair's
/// common terms: what an entry holds, how a copy of it reads (written by the sync user, after
/// an attribution line), and what a side's Jira is sent for it.
class IssueItems {
public:
    static QString comment() { return QStringLiteral("comment"); }
    static QString worklog() { return QStringLiteral("worklog"); }
    static QString attachment() { return QStringLiteral("attachment"); }
    static QString link() { return QStringLiteral("link"); }
    /// A link to an issue outside the pair, copied as a remote link to that issue on its site.
    static QString remoteLink() { return QStringLiteral("remote-link"); }
    /// Attachments first: a comment that shows an attached image finds the file's copy there.
    static QStringList kinds() { return {attachment(), comment(), worklog(), link(), remoteLink()}; }
    /// The Jira field that lists an issue's entries of a kind ("issuelinks" for links).
    static QString fieldOf(const QString &kind);

    explicit IssueItems(const FieldTranslator &translator);

    /// An entry as a side's Jira answers it, in common terms.
    struct Entry {
        QString id;
        QString author; ///< display name
        QString created;
        /// comment: {body, visibility?, internal?}; worklog: {started (UTC), timeSpentSeconds, comment?};
        /// attachment: {filename, size, mimeType}, and sha256 once its content is kept;
        /// link: {type (side A's name), inward, outward (issue ids of the entry's side)};
        /// remote-link: {type, relationship ("blocks"), other (its id), key, summary, url (to browse it)}
        QJsonObject content;
        bool withheld = false; ///< restricted or filtered out: the pair keeps it on its side
    };
    /// issueId: the issue whose entry it is (a link names only its other end); files: its
    /// attachments, for rich text that refers to them on Cloud.
    std::optional<Entry> fromSide(const QString &kind, Side side, const QString &issueId, const QJsonObject &raw,
                                  QString *problem, const AttachedFiles *files = nullptr) const;
    /// A link type's name on a side, for its common name.
    QString linkTypeOn(Side side, const QString &common) const;
    /// The request body that writes content on a side (add or edit).
    std::optional<QJsonObject> toSide(const QString &kind, Side side, const QJsonObject &content, QString *problem,
                                      const AttachedFiles *files = nullptr) const;

    const ItemOptions &options(const QString &kind) const;
    /// The key of an op's value that holds its entry's id: "commentId", "worklogId".
    static QString idKey(const QString &kind) { return kind + QStringLiteral("Id"); }

    /// The copy of an entry an add or edit op carries: its content with the attribution line
    /// ("Alice Smith wrote on ACME-12, 28 Nov 2026 14:05 UTC:") before its text.
    QJsonObject copyOf(const QString &kind, const Op &op) const;
    /// What identifies a copy of an attachment before it is recorded: Jira offers no marker for
    /// one, so its issue, file name and size.
    static QString attachmentSignature(const QString &issueId, const QJsonObject &content);
    /// Whether an entry found on the target is the copy an add op makes (an attachment: by its
    /// name and size; Jira may read its type differently).
    static bool isCopyOf(const QString &kind, const QJsonObject &found, const QJsonObject &copy);
    /// A link to an issue outside the pair as a line of text (links.outside "text"): the content
    /// of the comment Ferry writes for a remote-link entry ("Outside the sync: is blocked by
    /// ACME-9 – Printer jams", the key linking to the issue).
    static QJsonObject outsideLinkLine(const QJsonObject &remoteLink);
    static QString outsideLinkMarker() { return QStringLiteral("Outside the sync: "); }
    /// Whether content begins like a copy Ferry writes (comments and worklogs, and the lines that
    /// stand for links to outside issues).
    static bool looksLikeCopy(const QString &kind, const QJsonObject &content);
    /// What the state records of content, to tell an edit from the same text seen again.
    static QString digestOf(const QString &kind, const QJsonObject &content);

    /// The comment property Jira Service Management marks an internal note with.
    static QString internalNoteProperty() { return QStringLiteral("sd.public.comment"); }
    /// Whether a comment as a side answers it is a service project's internal note.
    static bool isInternalNote(const QJsonObject &comment);

private:
    /// A restriction in common terms (side A's role or group names); nullopt: withheld.
    std::optional<QJsonObject> visibilityToCommon(Side side, const QJsonObject &visibility) const;
    QJsonObject visibilityToSide(Side side, const QJsonObject &common) const;
    static QString textKey(const QString &kind);

    const FieldTranslator &m_translator;
    CommentOptions m_comments;
    WorklogOptions m_worklogs;
    AttachmentOptions m_attachments;
    LinkOptions m_links;
    ItemOptions m_remoteLinks;
};

} // namespace ferry
