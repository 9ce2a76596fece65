#pragma once

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

    /// Whether a comment was sent or copied, or is a copy; nullopt on a store error.
    std::optional<bool> known(const QString &side, const QString &commentId, QString *error);
    /// The id of its copy on the other side; empty when it has none yet.
    std::optional<QString> partner(const QString &side, const QString &commentId, QString *error);
    /// Records a comment as sent, in the caller's transaction (with the op that carries it).
    bool markSent(QSqlDatabase &db, const QString &side, const QString &commentId, QString *error);
    /// Records a comment and its copy on the other side, both ways.
    bool link(QSqlDatabase &db, const QString &side, const QString &commentId, const QString &copyId, QString *error);

private:
    StateStore &m_store;
    qint64 m_pairId;
};

} // namespace ferry
