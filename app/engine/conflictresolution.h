#pragma once

#include <QJsonValue>
#include <QString>

#include "core/result.h"
#include "core/side.h"

namespace ferry {

class StateStore;

/// Settles an open conflict with one side's value: the conflict is marked resolved and, in
/// the same transaction, that side sends its value as a change whose base is the other side's
/// value, so the next round writes it there (through the usual apply step: re-read, merge,
/// write, or a new conflict if the other side moved again meanwhile).
///
/// Fails with a reason when the conflict is not open or not linked.
Result<void> resolveConflict(StateStore &store, qint64 pairId, qint64 conflictId, Side take);
/// Settles an open conflict with a value an admin made (both sides' words merged, say), in common
/// terms: the next round writes it on each side that does not hold it.
Result<void> resolveConflictWith(StateStore &store, qint64 pairId, qint64 conflictId, const QJsonValue &value);

} // namespace ferry
