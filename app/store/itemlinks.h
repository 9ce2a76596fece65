#pragma once

#include <QJsonValue>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "core/result.h"
#include "core/side.h"

#include <optional>

namespace ferry {

class StateStore;

/// A pair's issue items (comments, worklogs) and their copies on the other side. An item is
/// known once its side sent it (no partner yet), and linked once it was copied; a copy Ferry
/// made is known on its side too, so that it is never taken for a new item of that side.
class ItemLinks {
public:
    /// kind: "comment" or "worklog"
    ItemLinks(StateStore &store, qint64 pairId, const QString &kind);

    /// What the state knows of an item on a side.
    struct Known {
        bool exists = false; ///< sent or copied, or a copy
        QString partner; ///< its copy, or its original; empty until copied
        QString digest; ///< of what it said when last seen or written
        bool copy = false; ///< a copy Ferry made
        QString issueId; ///< the issue it is on; empty for items recorded before schema 7
    };
    Result<Known> find(Side side, const QString &itemId);
    /// The copy on side of the other side's item originalId, if one was recorded.
    Result<QString> copyOf(Side side, const QString &originalId);
    /// The item on side linked to the other side's item otherId, copy or original (items the
    /// two sides share, as project versions); empty when there is none.
    Result<QString> partnerOn(Side side, const QString &otherId);
    /// The items known on an issue of a side, by id.
    Result<QList<QString>> onIssue(Side side, const QString &issueId);

    /// Records what an item of an issue says now, in the caller's transaction (with its op).
    Result<void> noteSeen(QSqlDatabase &db, Side side, const QString &issueId, const QString &itemId,
                          const QString &digest);
    /// Records what a copy Ferry wrote over says now.
    Result<void> setDigest(QSqlDatabase &db, Side side, const QString &itemId, const QString &digest);
    /// Records an item and its copy on an issue of the other side, both ways, with what the copy says.
    Result<void> link(QSqlDatabase &db, Side side, const QString &itemId, const QString &copyIssueId,
                      const QString &copyId, const QString &copyDigest);
    /// Forgets an item that is gone from its side.
    Result<void> forget(QSqlDatabase &db, Side side, const QString &itemId);

    /// A digest of an item's content in common terms.
    static QString digestOf(const QJsonValue &content);

private:
    StateStore &m_store;
    qint64 m_pairId;
    QString m_kind;
};

} // namespace ferry
