#pragma once

#include "core/pairconfig.h"

#include <optional>

namespace ferry {

class StateStore;

/// The pairs in the state store, each with its configuration history (every change is a new
/// version; the newest is the one in force).
class PairRepository {
public:
    struct Summary {
        QString name;
        int version = 0;
        QString aSite;
        QString aProject;
        QString bSite;
        QString bProject;
    };

    explicit PairRepository(StateStore &store);

    /// Adds a pair with version 1 of its configuration; fails when the name is taken.
    bool create(const PairConfig &config, QString *error);
    /// Stores a new version of an existing pair's configuration.
    bool update(const PairConfig &config, QString *error);
    std::optional<QList<Summary>> list(QString *error);
    /// The configuration in force, and its version; nullopt with a reason when there is none.
    std::optional<PairConfig> get(const QString &name, int *version, QString *error);
    bool remove(const QString &name, QString *error);
    /// The pair's row id, which its links, outbox and journal hang on; nullopt with a reason.
    std::optional<qint64> id(const QString &name, QString *error);

private:
    StateStore &m_store;
};

} // namespace ferry
