#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

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

    bool record(const Entry &entry, QString *error);
    /// The first entry of a kind whose detail has key = value; nullopt on a store error, an
    /// entry with an invalid time when there is none.
    std::optional<Entry> first(const QString &kind, const QString &key, const QString &value, QString *error);
    /// Every entry of a kind whose detail has key = value, oldest first.
    std::optional<QList<Entry>> matching(const QString &kind, const QString &key, const QString &value, QString *error);
    /// The newest entry of a kind; an entry with an invalid time when there is none.
    std::optional<Entry> last(const QString &kind, QString *error);
    /// The sum of a number in the detail of every entry of a kind ("requests.a").
    std::optional<qint64> sum(const QString &kind, const QString &path, QString *error);
    /// The newest entries, newest first.
    std::optional<QList<Entry>> latest(int limit, QString *error);

private:
    StateStore &m_store;
    qint64 m_pairId;
};

} // namespace ferry
