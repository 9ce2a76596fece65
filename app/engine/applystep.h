#pragma once

#include "core/op.h"
#include "core/pairconfig.h"
#include "engine/attachedfiles.h"
#include "engine/fieldtranslator.h"
#include "engine/issueitems.h"
#include "engine/workflowmap.h"
#include "store/linkrepository.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>
#include <QStringList>

#include <functional>
#include <optional>

namespace ferry {

class JiraClient;
class JiraReply;
class StateStore;

/// What one apply step did (Applier::finished).
struct ApplyOutcome {
    int written = 0; ///< ops that changed this side's Jira
    int unchanged = 0; ///< already there, or converged: only the base moved
    int conflicts = 0; ///< ops that met a conflict
    int conflictsOpened = 0; ///< conflicts new in this step (the other side's step may meet the same one)
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

/// The issue on this side an op's change is written to.
struct ApplyTarget {
    QString id;
    QString key;
};

/// What the op families of one side's apply step share (see docs/architecture.md): the pair,
/// this side's Jira and state, the queue of ops with the step's tally, and the steps every family
/// takes: find the op's link, check that what Jira answers is the pair's, park an op (leave) or
/// reject it for good (refuse), record what an op settled (commit), resolve the files rich text
/// shows, walk a status. Every op a family takes ends in exactly one of next(), leave() or
/// refuse(), directly or through a step that calls one.
class ApplyStep : public QObject {
    Q_OBJECT
public:
    /// next: takes the next op of the queue (the Applier's dispatch).
    ApplyStep(JiraClient &client, const PairConfig &config, const FieldTranslator &translator, StateStore &store,
              qint64 pairId, Side side, std::function<void()> next, QObject *parent = nullptr);

    JiraClient &client() const { return m_client; }
    const PairConfig &config() const { return m_config; }
    const FieldTranslator &translator() const { return m_translator; }
    const IssueItems &items() const { return m_items; }
    StateStore &store() const { return m_store; }
    qint64 pairId() const { return m_pairId; }
    Side side() const { return m_side; }
    Side otherSide() const { return ferry::otherSide(m_side); }
    /// This side of the pair.
    const PairSide &ownSide() const;
    void setWorkflowMap(WorkflowMap *workflows) { m_workflows = workflows; }
    ApplyOutcome &outcome() { return m_outcome; }

    /// The ops still to take in this step, in order.
    QList<Op> queue;
    QSet<SideIssue> held; ///< issues whose ops wait in this apply step
    QSet<SideIssue> parked; ///< issues parked when this apply step began
    QSet<SideIssue> synced; ///< issues with an op applied in this apply step
    static SideIssue issueOf(const Op &op) { return {op.side, op.issueId}; }
    /// Forgets what an earlier step learned about the target project (its versions and components).
    void begin();

    /// On to the next op, now or (nextLater) once the event loop turns.
    void next() { m_next(); }
    void nextLater();
    /// Keeps an op unapplied, its issue parked (IssueErrors) for a retry with backoff; the other
    /// issues go on.
    void leave(const Op &op, const QString &why);
    /// Rejects an op for good (recorded as applied with why, logged and journaled, never tried
    /// again): it names an issue outside the pair, or is of a kind Ferry does not apply. Ops may
    /// come from a partner console, which is trusted with nothing beyond its pair.
    void refuse(const Op &op, const QString &why);
    /// Marks an op applied with result, whatever it changed; a failure of the store is reported
    /// in the outcome.
    void markApplied(const Op &op, const QJsonObject &result);
    /// The same inside a transaction of the caller's, with what else the op settles.
    Result<void> markApplied(QSqlDatabase &db, const Op &op, const QJsonObject &result);
    /// Counts an op settled with result ("written", "created", "edited", "deleted" change the
    /// target; "by-hand" is left to an admin; the rest changed nothing).
    void tally(const QString &result);

    /// The link of the op's issue; nullopt when there is none (yet, the op then left), when it
    /// joins an issue outside the pair (refused), or when its partner is set aside (the op is done).
    std::optional<LinkRepository::Link> linkOf(const Op &op);
    /// The issue on this side a link joins.
    ApplyTarget targetOf(const LinkRepository::Link &link) const;
    /// The key on this side of the partner of an issue of the other side, by its key; fails with
    /// why when it has none.
    Result<QString> partnerKeyOf(const QString &sourceKey, const QString &role);
    /// Whether a request about the target issue found it gone (404): the link is then marked
    /// missing on this side, the op set aside, and the admin told; the op is done either way.
    bool partnerGone(const Op &op, const JiraReply *reply);
    /// Whether Jira's answer about an issue shows it outside the pair: under another key than
    /// this side's project gives (moved away, or named by a link that should not exist), or of an
    /// issue type the pair does not map. The op is then refused; true when it was.
    bool outsidePair(const Op &op, const JiraReply *reply);

    /// Commits the outcome of an op: the fields given move in the base (and in what this side
    /// now holds, when written here), ops go back, the op is marked applied.
    bool commit(const Op &op, const QString &aId, const ApplyTarget &target, const QJsonObject &agreed,
                bool writtenHere, const QList<Op> &back, const QJsonObject &result);

    using FilesThen = std::function<void(const AttachedFiles *files, const QString &error)>;
    /// The target issue's attached files when this side is Cloud and richText refers to some
    /// (nullptr otherwise): rich text names them there by their media ids. attachments: the
    /// issue's "attachment" field when already read (else it is read).
    void withFiles(const QString &targetKey, const QJsonValue &richText, const std::optional<QJsonArray> &attachments,
                   const FilesThen &then);
    /// Moves the target issue to a common status value, recording each status reached as what
    /// this side holds; then done(error), error empty on arrival.
    void walkStatus(const ApplyTarget &target, const QString &issueType, const QString &from, const QJsonValue &goal,
                    const std::function<void(const QString &error)> &done);
    /// A status id of this side in common terms; undefined when the pair does not map it.
    QJsonValue commonStatus(const QString &status) const;
    /// Creates the versions and components that fields (in this side's terms) name and the
    /// target project lacks, as the pair's createMissing says; then calls then(problem).
    void ensureProjectValues(const QJsonObject &fields, const std::function<void(const QString &problem)> &then);

    /// Takes out of fields (to be written to an issue of that type here) those the type's
    /// screens leave out; says so once per field and type while the pair runs, not per issue.
    /// The ids taken out.
    QStringList keepToScreen(const QString &issueTypeId, QJsonObject *fields);

private:
    void ensureNext(QList<std::pair<QString, QString>> wanted, const std::function<void(const QString &problem)> &then);

    JiraClient &m_client;
    PairConfig m_config;
    const FieldTranslator &m_translator;
    IssueItems m_items;
    StateStore &m_store;
    qint64 m_pairId;
    Side m_side;
    std::function<void()> m_next;
    WorkflowMap m_ownWorkflows;
    WorkflowMap *m_workflows = &m_ownWorkflows;
    QHash<QString, QSet<QString>> m_projectValues; ///< "versions"/"components" → names (case-folded), this step
    ApplyOutcome m_outcome;
    QSet<QString> m_screenGapsSaid; ///< "type/field" said by keepToScreen()
};

/// Sets the status in a snapshot of common values; a status the pair does not map is left out.
void holdStatus(QJsonObject *snapshot, const QJsonValue &status);

} // namespace ferry
