#pragma once

#include "core/pairconfig.h"

#include <QJsonArray>
#include <QJsonValue>

namespace ferry {

/// A set value in its one canonical form: without repeats, strings in order, numbers in order.
/// Sets are kept and compared in this form, so that the same set is always the same JSON.
QJsonArray canonicalSet(const QJsonArray &values);

/// How a field's values combine: a scalar holds one value; a set (labels, components,
/// versions, multi-select options) is merged as additions and removals.
enum class FieldShape { Scalar, Set };

/// One field of one linked issue: the base (the value both sides last agreed on) and the
/// value each side has now, in the pair's common terms (already mapped).
struct FieldState {
    QJsonValue base;
    QJsonValue a;
    QJsonValue b;
    qint64 aChangedAtMs = 0; ///< when side A last changed it, for the "newest" policy
    qint64 bChangedAtMs = 0;
};

/// What to do with a field, per the rules in docs/architecture.md: different fields changed on the two
/// sides both apply; the same field changed to the same value is no conflict; sets merge as
/// deltas; the same scalar changed to different values is a conflict, settled by the policy.
struct MergeDecision {
    enum class Action {
        Nothing, ///< no change, or a change this mapping's direction does not carry
        Converged, ///< both sides hold the same new value: only the base moves
        WriteB, ///< side A's value goes to side B
        WriteA, ///< side B's value goes to side A
        WriteBoth, ///< a merged set goes to both sides
        Conflict, ///< left for an admin (manual policy)
    };
    Action action = Action::Nothing;
    QJsonValue value; ///< what to write (and the new base once written)
    QString reason; ///< for the journal: "a-wins", "merged labels", …
};

MergeDecision mergeField(const FieldState &state, FieldShape shape, Direction direction, ConflictPolicy policy);

} // namespace ferry
