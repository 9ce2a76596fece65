#pragma once

#include "core/pairconfig.h"
#include "core/result.h"

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
    Result<void> create(const PairConfig &config);
    /// Stores a new version of an existing pair's configuration.
    Result<void> update(const PairConfig &config);
    Result<QList<Summary>> list();
    /// The configuration in force, and its version; fails with a reason when there is none.
    Result<PairConfig> get(const QString &name, int *version = nullptr);
    Result<void> remove(const QString &name);
    /// The pair's row id, which its links, outbox and journal hang on; fails with a reason when there is none.
    Result<qint64> id(const QString &name);

private:
    StateStore &m_store;
};

} // namespace ferry
