#pragma once

#include <QJsonValue>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace ferry {

class StateStore;

/// A pair's comments and their copies on the other side. A comment is known once its side
/// sent it (no partner yet), and linked once it was copied; a copy Ferry made is known on its
/// side too, so that it is never taken for a new comment.
class CommentLinks {
public:
    CommentLinks(StateStore &store, qint64 pairId);

    /// What the state knows of a comment on a side.
    struct Known {
        bool exists = false; ///< sent or copied, or a copy
        QString partner; ///< its copy, or its original; empty until copied
        QString digest; ///< of what it said when last seen or written
        bool copy = false; ///< a copy Ferry made
    };
    std::optional<Known> find(const QString &side, const QString &commentId, QString *error);
    /// Records a comment as sent with what it says, in the caller's transaction (with its op).
    bool markSent(QSqlDatabase &db, const QString &side, const QString &commentId, const QString &digest,
                  QString *error);
    /// Records what a comment now says.
    bool setDigest(QSqlDatabase &db, const QString &side, const QString &commentId, const QString &digest,
                   QString *error);
    /// Records a comment and its copy on the other side, both ways, with what the copy says.
    bool link(QSqlDatabase &db, const QString &side, const QString &commentId, const QString &copyId,
              const QString &copyDigest, QString *error);

    /// A digest of a comment body in common terms.
    static QString digestOf(const QJsonValue &body);

private:
    StateStore &m_store;
    qint64 m_pairId;
};

} // namespace ferry
