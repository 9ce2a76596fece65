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

/// For benchmarks: milliseconds from each summary change whose new value holds marker to its
/// write on the other side (the op's change time to its applied time in the state), sorted.
QList<double> appliedLatencies(const QString &stateDirectory, const QString &marker);
/// The value at fraction p (0.5, 0.95) of sorted values; 0 when there are none.
double percentile(const QList<double> &sorted, double p);

} // namespace ferry::test
