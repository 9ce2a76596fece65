#pragma once

#include "core/op.h"
#include "store/linkrepository.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QStringList>

#include <optional>

namespace ferry {

class ApplyStep;

/// The apply step's create-issue ops: the issue is made on this side with an origin marker and
/// linked to its source, its status walked to the source's; new issues go to Jira 50 at a time.
/// A create whose answer was lost finds its issue by the marker; with a match rule, an issue of
/// this side that the rule pairs with the source is adopted instead of a new one.
class IssueCreator {
public:
    explicit IssueCreator(ApplyStep &step);

    /// Forgets what the last apply step's bulk creates made.
    void begin();
    void apply(const Op &op);

private:
    /// What a create sends: the target's issue type and the fields in its terms.
    struct PreparedCreate {
        QString targetType;
        QJsonObject fields;
        QStringList problems; ///< fields that could not be carried; the issue is made without them
    };
    /// Fails with why when the issue cannot be made yet (no type mapping, its parent or epic not
    /// synced).
    Result<PreparedCreate> prepareCreate(const Op &op);
    /// The origin marker of an issue made for an op.
    QJsonArray originOf(const Op &op) const;
    void applyCreate(const Op &op);
    /// Sends a run of create ops at the queue's front to Jira's bulk create; false when it is not
    /// for this op (the op then goes alone).
    bool bulkCreate(const Op &first);
    /// An issue was made for an op: its status is learned and it is recorded.
    void created(const Op &op, const QString &targetType, const QString &id, const QString &key);
    /// Looks for the issue an earlier attempt of a create may have made (by its origin marker)
    /// and links it, or creates it when there is none.
    void findCreated(const Op &op, const QString &issueType, const QJsonObject &fields, const QDateTime &since);
    void sendCreate(const Op &op, const QString &issueType, const QJsonObject &fields);
    /// Creates the issue, the attempt journaled first so that a lost answer is looked for.
    void createNew(const Op &op, const QString &targetType, const QJsonObject &fields);
    /// Whether this op created or matched its issue in an earlier attempt.
    Result<bool> attemptedBefore(const Op &op);
    /// Looks for the issue the pair's match rule pairs with the op's issue: one not linked yet is
    /// adopted; none, and the issue is created; several, or a key map naming no issue, and the op
    /// waits for an admin.
    void findMatch(const Op &op, const QString &targetType, const QJsonObject &fields);
    /// Judges the issues a match search found (see findMatch).
    void judgeMatches(const Op &op, const QString &targetType, const QJsonObject &fields, QList<QJsonObject> found);
    /// Links the op's issue to its match, the preferred side's content written over the other's.
    void adoptMatch(const Op &op, const QJsonObject &fields, const QJsonObject &match);
    void removeDuplicate(const QString &duplicateKey, const QString &keptKey);
    /// The link an issue made or adopted on this side for the op's source forms.
    LinkRepository::Link linkFor(const Op &op, const QString &id, const QString &key) const;
    /// The new issue is recorded (linked, with what it holds now); its status comes next.
    void recordCreated(const Op &op, const QString &id, const QString &key, const QString &issueType,
                       const QString &initialStatus);
    /// An earlier attempt created and linked the issue but did not finish moving its status.
    void resumeCreate(const Op &op, const LinkRepository::Link &link);

    ApplyStep &m_step;
    QHash<QString, QString> m_initialStatus; ///< issue type → the status Jira gives a new issue
    QHash<QString, std::pair<QString, QString>> m_bulkCreated; ///< op id → the issue (id, key) a bulk create made
    QSet<QString> m_single; ///< create ops that go alone (tried in a bulk create already)
};

} // namespace ferry
