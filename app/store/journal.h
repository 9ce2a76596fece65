#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "core/result.h"
#include "core/side.h"

#include <optional>

namespace ferry {

class StateStore;

/// A pair's sync journal: what the engine did or set out to do, one entry per event, newest
/// last. It holds intents that must survive a crash (a create sent to Jira whose answer may
/// never have come) and the history an admin reads.
class Journal {
public:
    struct Entry {
        QDateTime time; ///< UTC
        std::optional<Side> side; ///< empty for the pair
        QString issueKey;
        QString kind; ///< "create-attempt", …
        QJsonObject detail;
    };

    Journal(StateStore &store, qint64 pairId);

    Result<void> record(const Entry &entry);
    /// The same inside a transaction of the caller's.
    Result<void> record(QSqlDatabase &db, const Entry &entry);
    /// The first entry of a kind whose detail has key = value; an entry with an invalid time
    /// when there is none.
    Result<Entry> first(const QString &kind, const QString &key, const QString &value);
    /// Every entry of a kind whose detail has key = value, oldest first.
    Result<QList<Entry>> matching(const QString &kind, const QString &key, const QString &value);
    /// The newest entry of a kind; an entry with an invalid time when there is none.
    Result<Entry> last(const QString &kind);
    /// The sum of a number in the detail of every entry of a kind ("requests.a").
    Result<qint64> sum(const QString &kind, const QString &path);
    /// The newest entries, newest first.
    Result<QList<Entry>> latest(int limit);
    /// Drops the entries older than before, in the caller's transaction, but for what the engine
    /// still needs: the attempts of ops not applied yet (they keep a lost create from being made
    /// twice) and the newest round. The number of entries dropped.
    Result<int> compact(QSqlDatabase &db, const QDateTime &before);

private:
    StateStore &m_store;
    qint64 m_pairId;
};

} // namespace ferry
