#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

#include "store/statestore.h"

namespace ferry::test {

/// A state store in a temporary folder with one bare pair, for tests of what hangs on a pair.
struct StoreWithPair {
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<StateStore> store;
    qint64 pair = 0;

    /// A new folder, store and pair; false (with a warning) when any of them fails.
    bool create();
    /// Opens the same folder again, as a restarted Ferry would.
    bool reopen();
    void close();
};

/// Adds a bare pair row (no configuration) to an open store and returns its id; 0 on failure.
qint64 addTestPair(StateStore &store, const QString &name);

} // namespace ferry::test
