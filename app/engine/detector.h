#pragma once

#include "core/op.h"
#include "engine/attachedfiles.h"
#include "engine/fieldtranslator.h"
#include "engine/issueitems.h"
#include "store/linkrepository.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>

namespace ferry {

class JiraClient;
class StateStore;
class WorkflowMap;

/// The detect step of one half-engine, for one side of a pair: polls the side's Jira for the
/// issues in the pair's scope updated since the checkpoint (less an overlap, because JQL
/// resolves times to the minute and a search index may show a change late; once a later poll
/// has confirmed the checkpoint, without it, so that an idle poll reads one page whatever the
/// project's size), compares each with what this side last reported of it, and
/// sends the differences as ops. The ops, the new observed snapshots and the advanced
/// checkpoint commit in one transaction: a crash before the commit repeats the poll, never
/// loses a change, and a change is sent once.
///
/// An issue seen for the first time becomes a create-issue op (its value holds the common field
/// values, its issue type and status); a changed field of an issue seen before becomes a
/// set-field op whose base is the value both sides last agreed on.
class Detector : public QObject {
    Q_OBJECT
public:
    struct Outcome {
        int issuesRead = 0;
        int opsSent = 0;
        QString checkpoint; ///< after the poll
        QStringList problems; ///< per issue and field; the rest synced
        QString error; ///< the poll failed as a whole; nothing was recorded
    };

    Detector(JiraClient &client, const FieldTranslator &translator, StateStore &store, qint64 pairId, Side side,
             const QString &scopeJql, QObject *parent = nullptr);

    /// Where to record the transitions each polled issue offers (asked of Jira with the poll).
    void setWorkflowMap(WorkflowMap *workflows) { m_workflows = workflows; }
    /// Starts a poll; finished() reports it.
    void poll();
    bool isPolling() const { return m_polling; }

    /// How far before an unconfirmed checkpoint each poll starts again.
    static constexpr int overlapMinutes = 2;
    /// The poll's JQL: the scope, updated since the checkpoint (a Jira date-time) less the
    /// overlap, or from the minute after a settled checkpoint; written in the checkpoint's own
    /// UTC offset, oldest first.
    static QString pollJql(const QString &scopeJql, const QString &checkpoint, bool settled = false);
    /// Whether a poll that began at pollStarted and found no change newer than its position
    /// settles it: it began late enough after the checkpoint was reached (a minute for JQL's
    /// resolution, and the overlap for an index that shows changes late) that nothing before it
    /// can still turn up.
    static bool settles(const LinkRepository::PollPosition &position, const QDateTime &pollStarted);

Q_SIGNALS:
    void finished(const ferry::Detector::Outcome &outcome);

private:
    void search(const QString &jql, const QStringList &fields, const QStringList &expand,
                const std::function<void(const QList<QJsonObject> &)> &then);
    /// The poll's answer, with the issues an admin asked about (requested) added.
    void received(QList<QJsonObject> issues, const QList<QJsonObject> &requested);
    /// Drops what the state holds of the issues to recreate, so that they are taken for new ones.
    bool forgetRecreated(const QList<QJsonObject> &requested);
    /// An issue's comments or worklogs that the poll's answer did not hold in full.
    struct Partial {
        qsizetype issue; ///< its index in the answer
        QString kind;
        QJsonArray entries; ///< read so far
    };
    /// Reads the whole lists of the partial ones, then records the poll.
    void completeItems(QList<QJsonObject> issues, QList<Partial> partial);
    /// An attachment's content to keep before its op can be sent.
    struct Download {
        QString issueKey;
        QString id;
        QUrl url;
        qint64 size = 0;
    };
    /// Keeps the content of every new attachment that travels (BlobStore), then records the poll.
    void fetchAttachments(const QList<QJsonObject> &issues);
    void downloadNext(const QList<QJsonObject> &issues, QList<Download> wanted);
    /// On Cloud: learns the media ids of the attachments of the issues whose rich text refers to
    /// files (from index on), then records the poll.
    void resolveFiles(const QList<QJsonObject> &issues, qsizetype index);
    /// Whether an admin asked to send an issue of the poll again (a resync).
    bool isResynced(const QJsonObject &issue) const;
    /// What the poll learned of an issue's files; nullptr when its rich text refers to none.
    const AttachedFiles *filesOf(const QString &issueId) const;
    void record(const QList<QJsonObject> &polled);
    static bool isSubtask(const QJsonObject &issue);
    /// 0 for an epic, 1 for a standard issue, 2 for a sub-task.
    static int hierarchyRank(const QJsonObject &issue);
    /// An issue's comments, worklogs or attachments in a poll's answer.
    static QJsonArray entriesOf(const QJsonObject &issue, const QString &kind);
    /// Whether an entry not known yet is a copy this side's apply step made and has not recorded
    /// yet (its answer was lost, or the run stopped).
    Result<bool> isCopyInFlight(const QString &kind, const QString &issueId, const QJsonObject &content);
    /// An item of an issue as the state must record it.
    struct SeenItem {
        QString kind;
        QString issueId;
        QString id;
        QString digest;
    };
    /// The ops of an issue's comments or worklogs: each new one once, each edit of an original
    /// once, and deletions; the copies Ferry made are known and never sent back (an edit of a
    /// copy stays on its side). What the state must record goes to seen and gone.
    Result<void> scanItems(const QString &kind, const QJsonObject &issue, QList<Op> *ops, QList<SeenItem> *seen,
                           QList<std::pair<QString, QString>> *gone, Outcome *outcome);
    /// Whether an issue not linked yet was created by this side's apply step for an op it has
    /// not finished (its answer was lost): such an issue is not a new one of this side.
    Result<bool> madeByPendingCreate(const QJsonObject &issue);
    /// Create ops of issues that hold the same value of the match field name each other: the
    /// other side cannot tell which of them an issue it has matches.
    static void markMatchTwins(QList<Op> *ops);
    /// The project key of this side.
    QString projectKey() const;
    /// The ops of the project's versions read with the poll: each new one, and each changed one
    /// (a copy Ferry made too: a version is the same on both sides).
    Result<void> scanVersions(QList<Op> *ops, QList<SeenItem> *seen);
    void fail(const QString &error);
    void finish(Outcome outcome);

    JiraClient &m_client;
    const FieldTranslator &m_translator;
    IssueItems m_items;
    StateStore &m_store;
    qint64 m_pairId;
    Side m_side;
    QString m_scope;
    LinkRepository::PollPosition m_position; ///< where the poll being made began
    QDateTime m_pollStarted;
    WorkflowMap *m_workflows = nullptr;
    bool m_polling = false;
    QHash<QString, QString> m_requested; ///< this side's issues an admin asked about: key → "recreate", "resync"
    QSet<QString> m_polledIds; ///< the issues of the poll being recorded
    QHash<QString, QString> m_kept; ///< attachment id → SHA-256 of its content kept in this poll
    QHash<QString, AttachedFiles> m_files; ///< issue id → its files, for the issues of the poll that refer to some
    std::optional<QJsonArray> m_versions; ///< the project's versions, when the pair syncs them
    std::optional<QString> m_projectType; ///< a Data Center project's type ("service_desk", …), once read
};

} // namespace ferry
