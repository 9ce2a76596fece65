#pragma once

#include "core/op.h"
#include "core/pairconfig.h"
#include "engine/attachedfiles.h"
#include "engine/fieldtranslator.h"
#include "engine/issueitems.h"
#include "engine/workflowmap.h"
#include "store/itemlinks.h"
#include "store/linkrepository.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <functional>

namespace ferry {

class JiraClient;
class JiraReply;
class StateStore;

/// The apply step of one half-engine, for one side of a pair: takes the ops the other side
/// sent, records their arrival, and applies each not applied yet, in order. A set-field op
/// re-reads the target value first: already there, nothing is written; moved away from the
/// op's base, the pair's merge rules decide (a conflict for an admin, the winning value, or a
/// merged set that also goes back to the source); otherwise the value is written. A create-
/// issue op creates the issue with an origin marker and links it. What Jira was told, the new
/// base, what this side now holds and the op's "applied" mark commit in one transaction.
///
/// An op that cannot be applied now (Jira refused it, its issue is not linked yet) stays
/// unapplied and its issue is parked (IssueErrors): the issue's ops wait, in order, for a retry
/// with backoff, while the other issues go on.
class Applier : public QObject {
    Q_OBJECT
public:
    struct Outcome {
        int written = 0; ///< ops that changed this side's Jira
        int unchanged = 0; ///< already there, or converged: only the base moved
        int conflicts = 0;
        int sentBack = 0; ///< values that go to the other side instead (policy, merged sets)
        int skipped = 0; ///< this mapping does not carry changes that way
        int refused = 0; ///< ops that named an issue outside the pair, or a kind Ferry does not know: rejected for good
        QStringList problems; ///< ops left unapplied, with why
        QStringList left; ///< their ids (and those waiting): they stay pending and come again
        int waiting = 0; ///< ops of parked issues whose retry is not due yet, or behind a left op
        QString error; ///< the state store failed; nothing of that op was recorded

        /// Ops settled one way or another (not left, not waiting).
        int settled() const { return written + unchanged + conflicts + sentBack + skipped + refused; }
    };

    Applier(JiraClient &client, const PairConfig &config, const FieldTranslator &translator, StateStore &store,
            qint64 pairId, const QString &side, QObject *parent = nullptr);

    /// What this side's workflows are known to offer, shared with its detector; the applier
    /// keeps its own when none is given.
    void setWorkflowMap(WorkflowMap *workflows) { m_workflows = workflows; }

    void apply(const QList<Op> &ops);
    bool isApplying() const { return !m_queue.isEmpty() || m_busy; }

Q_SIGNALS:
    void finished(const ferry::Applier::Outcome &outcome);

private:
    void next();
    /// What a create sends: the target's issue type and the fields in its terms.
    struct PreparedCreate {
        QString targetType;
        QJsonObject fields;
        QStringList problems; ///< fields that could not be carried; the issue is made without them
    };
    /// nullopt with why when the issue cannot be made yet (no type mapping, its parent or epic
    /// not synced).
    std::optional<PreparedCreate> prepareCreate(const Op &op, QString *why);
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
    /// Creates the versions and components that fields (in this side's terms) name and the
    /// target project lacks, as the pair's createMissing says; then calls then(problem).
    void ensureProjectValues(const QJsonObject &fields, const std::function<void(const QString &problem)> &then);
    void ensureNext(QList<std::pair<QString, QString>> wanted, const std::function<void(const QString &problem)> &then);
    void sendCreate(const Op &op, const QString &issueType, const QJsonObject &fields);
    /// Creates the issue, the attempt journaled first so that a lost answer is looked for.
    void createNew(const Op &op, const QString &targetType, const QJsonObject &fields);
    /// Whether this op created or matched its issue in an earlier attempt.
    std::optional<bool> attemptedBefore(const Op &op, QString *error);
    /// Looks for the issue the pair's match rule pairs with the op's issue: one not linked yet is
    /// adopted; none, and the issue is created; several, or a key map naming no issue, and the op
    /// waits for an admin.
    void findMatch(const Op &op, const QString &targetType, const QJsonObject &fields);
    /// Links the op's issue to its match, the preferred side's content written over the other's.
    void adoptMatch(const Op &op, const QJsonObject &fields, const QJsonObject &match);
    void removeDuplicate(const QString &duplicateKey, const QString &keptKey);
    /// The new issue is recorded (linked, with what it holds now); its status comes next.
    void recordCreated(const Op &op, const QString &id, const QString &key, const QString &issueType,
                       const QString &initialStatus);
    /// An earlier attempt created and linked the issue but did not finish moving its status.
    void resumeCreate(const Op &op, const LinkRepository::Link &link);
    /// Moves the target issue to a common status value, recording each status reached as what
    /// this side holds; then done(error), error empty on arrival.
    void walkStatus(const QString &targetId, const QString &targetKey, const QString &issueType, const QString &from,
                    const QJsonValue &goal, const std::function<void(const QString &error)> &done);
    /// A status id of this side in common terms; undefined when the pair does not map it.
    QJsonValue commonStatus(const QString &status) const;
    /// The link of the op's issue; nullopt when there is none (yet), the op then left.
    std::optional<LinkRepository::Link> linkOf(const Op &op);
    /// The link of an item op's issue and what the state knows of its item; false (the op then
    /// left) when either is missing.
    bool itemOf(const Op &op, const QString &kind, std::optional<LinkRepository::Link> *link,
                std::optional<ItemLinks::Known> *known);
    static QString itemIdOf(const Op &op, const QString &kind);
    /// Whether a request about the target issue found it gone (404): the link is then marked
    /// missing on this side, the op set aside, and the admin told; the op is done either way.
    bool partnerGone(const Op &op, const JiraReply *reply);
    void applySetField(const Op &op);
    /// Puts the target issue under the partner of the source's epic (or under none).
    void applySetEpic(const Op &op);
    /// The key on this side of the partner of an issue of the other side, by its key; nullopt
    /// with why when it has none.
    std::optional<QString> partnerKeyOf(const QString &sourceKey, const QString &role, QString *error);
    /// Moves the target sub-task under the partner of the source's new parent: on Cloud; Data
    /// Center's REST API cannot, and the admin is told to move it by hand.
    void applySetParent(const Op &op);
    /// Counts an op settled with result ("written", "created", "edited", "deleted" change the
    /// target; "by-hand" is left to an admin; the rest changed nothing).
    void tally(const QString &result);
    /// Carries a project version: written over its partner, or over one of the same name met for
    /// the first time, or created. Where both sides changed it (or first contact), side A's content
    /// wins, side B's with the b-wins policy.
    void applyVersion(const Op &op);
    void createVersion(const Op &op, const QString &sourceId, const QJsonObject &content, const QString &project);
    /// Records a version op as applied: the partners linked (link), and the digest of what the
    /// target holds (nullopt: left as it is).
    void recordVersion(const Op &op, const QString &sourceId, const QString &targetId, bool link,
                       const std::optional<QString> &digest, const QString &result);
    /// The issue an item is copied to.
    struct Target {
        QString id;
        QString key;
    };
    /// The issue on this side a link joins.
    Target targetOf(const LinkRepository::Link &link) const;
    /// This side of the pair.
    const PairSide &ownSide() const;
    /// Records an epic or parent op as applied ("written", "unchanged", "by-hand"), the value
    /// kept in the target's snapshot under snapshotKey so that its poll does not send it back.
    void settleHierarchy(const Op &op, const QString &snapshotKey, const QString &value, const Target &target,
                         const QString &result);
    /// Copies a comment or worklog, by the sync user with an attribution line; once, even when
    /// an earlier attempt's answer was lost (the copy is found by its content).
    void applyAddItem(const Op &op, const QString &kind);
    /// Records an add op whose copy an earlier attempt made (and recorded) as applied.
    void settleCopiedBefore(const Op &op, const QString &copyId);
    /// Makes the copy of an item on the target issue, once.
    void copyAnew(const Op &op, const QString &kind, const Target &target);
    /// Sends an item again on an admin's request: a copy deleted on the target is made anew, one
    /// edited there is written over (comments, worklogs), one as it should be is left alone.
    void applyResyncItem(const Op &op, const QString &kind);
    /// The entries of the target issue that are the copy an add op makes, oldest first.
    QStringList copiesAmong(const QJsonArray &entries, const QString &kind, const Target &target,
                            const QJsonObject &copy, const AttachedFiles *files);
    /// Records the copy found (removing those made twice), or makes it when none was found.
    void settleCopies(const Op &op, const QString &kind, const Target &target, const QJsonObject &copy,
                      const QStringList &copies);
    void postItem(const Op &op, const QString &kind, const Target &target, const QJsonObject &copy);
    void recordItem(const Op &op, const QString &kind, const Target &target, const QString &copyId,
                    const QJsonObject &copy);
    /// Writes an original's new content over its copy (attribution kept), or an outside link's
    /// new phrase or summary over its line; a copy deleted on this side stays deleted.
    void applyEditItem(const Op &op, const QString &kind);
    /// Deletes the copy of an original deleted (or restricted) on its side.
    void applyDeleteItem(const Op &op, const QString &kind);
    /// Links the partners of a link's two issues with the mapped type, unless they are linked so
    /// already.
    void applyAddLink(const Op &op);
    /// Sends an attachment's kept content to the target issue, streamed from its file.
    void uploadAttachment(const Op &op, const Target &target, const QJsonObject &copy);
    JiraReply *deleteItem(const QString &kind, const QString &targetKey, const QString &id);
    /// The kind of entry an item's copy is on the target: a comment for a link to an outside
    /// issue kept as a line of text (links.outside "text"), else the item's own kind.
    QString asKindOf(const QString &kind) const;
    /// Such a line is recorded as the copy "comment:ID" of its link, apart from remote links.
    static QString lineCopyId(const QString &commentId);
    static std::optional<QString> commentOfLine(const QString &copyId);
    /// Adds, or updates, the remote link on the partner that stands for a link to an issue
    /// outside the pair.
    void applyRemoteLink(const Op &op);
    /// Records an item op as applied: the copy's new digest, or (none) the copy forgotten.
    void settleItem(const Op &op, const QString &kind, const QString &copyId, const std::optional<QString> &digest,
                    const QString &what);
    /// files: the target's attachments, when the field is rich text that refers to some.
    void settle(const Op &op, const QString &aId, const QString &targetId, const QString &targetKey,
                const QJsonValue &current, const AttachedFiles *files);
    using FilesThen = std::function<void(const AttachedFiles *files, const QString &error)>;
    /// The target issue's attached files when this side is Cloud and richText refers to some
    /// (nullptr otherwise): rich text names them there by their media ids. attachments: the
    /// issue's "attachment" field when already read (else it is read).
    void withFiles(const QString &targetKey, const QJsonValue &richText, const std::optional<QJsonArray> &attachments,
                   const FilesThen &then);
    /// After an attached file arrived on a Cloud target: the issue's rich text fields that show
    /// it are written again, now pointing at the copy (they were written before it existed).
    void pointAtCopy(const Target &target, const QString &fileName, const std::function<void()> &then);
    /// Commits the outcome of an op: the fields given move in the base (and in what this side
    /// now holds, when written here), ops go back, the op is marked applied.
    bool commit(const Op &op, const QString &aId, const QString &targetId, const QString &targetKey,
                const QJsonObject &agreed, bool writtenHere, const QList<Op> &back, const QJsonObject &result);
    void leave(const Op &op, const QString &why);
    /// Rejects an op for good (recorded as applied with why, logged and journaled, never tried
    /// again): it names an issue outside the pair, or is of a kind Ferry does not apply. Ops may
    /// come from a partner console, which is trusted with nothing beyond its pair.
    void refuse(const Op &op, const QString &why);
    /// Whether Jira's answer about an issue shows it outside the pair: under another key than
    /// this side's project gives (moved away, or named by a link that should not exist), or of an
    /// issue type the pair does not map. The op is then refused; true when it was.
    bool outsidePair(const Op &op, const JiraReply *reply);
    /// Keeps an op pending without trying it: its issue waits for a retry, or behind a left op.
    void hold(const Op &op);
    /// The issues that synced in this apply step are parked no more.
    void unpark();
    static QString issueOf(const Op &op) { return op.side + u':' + op.issueId; }
    QString otherSide() const { return m_side == QStringLiteral("a") ? QStringLiteral("b") : QStringLiteral("a"); }

    JiraClient &m_client;
    PairConfig m_config;
    const FieldTranslator &m_translator;
    IssueItems m_items;
    StateStore &m_store;
    qint64 m_pairId;
    QString m_side;
    WorkflowMap m_ownWorkflows;
    WorkflowMap *m_workflows = &m_ownWorkflows;
    QHash<QString, QString> m_initialStatus; ///< issue type → the status Jira gives a new issue
    QJsonObject m_target; ///< the fields of the target issue as last re-read
    QHash<QString, std::pair<QString, QString>> m_bulkCreated; ///< op id → the issue (id, key) a bulk create made
    QSet<QString> m_single; ///< create ops that go alone (tried in a bulk create already)
    QHash<QString, QSet<QString>> m_projectValues; ///< "versions"/"components" → names (case-folded), this step
    QList<Op> m_queue;
    QSet<QString> m_held; ///< issues (issueOf) whose ops wait in this apply step
    QSet<QString> m_parked; ///< issues parked when this apply step began
    QSet<QString> m_synced; ///< issues with an op applied in this apply step
    bool m_busy = false;
    Outcome m_outcome;
};

} // namespace ferry
