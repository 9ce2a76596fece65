#pragma once

#include <QString>

namespace ferry {
class StateStore;
}

namespace ferry::test {

/// Adds a bare pair row (no configuration) to an open store and returns its id; 0 on failure.
qint64 addTestPair(StateStore &store, const QString &name);

} // namespace ferry::test
