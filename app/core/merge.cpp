#include "core/merge.h"

#include <QJsonArray>

#include <algorithm>

namespace ferry {

namespace {

/// Sets compare as sets: ["a", "b"] equals ["b", "a"]; absent equals empty.
QJsonArray asSet(const QJsonValue &value)
{
    QJsonArray out;
    for (const QJsonValue &item : value.toArray()) {
        if (!out.contains(item))
            out.append(item);
    }
    return out;
}

bool same(const QJsonValue &x, const QJsonValue &y, FieldShape shape)
{
    if (shape == FieldShape::Scalar) {
        const bool xEmpty = x.isNull() || x.isUndefined();
        const bool yEmpty = y.isNull() || y.isUndefined();
        return xEmpty || yEmpty ? xEmpty == yEmpty : x == y;
    }
    const QJsonArray a = asSet(x), b = asSet(y);
    if (a.size() != b.size())
        return false;
    for (const QJsonValue &item : a) {
        if (!b.contains(item))
            return false;
    }
    return true;
}

/// base + what each side added − what each side removed, in canonical form.
QJsonArray mergeSets(const QJsonValue &base, const QJsonValue &a, const QJsonValue &b)
{
    const QJsonArray baseSet = asSet(base), aSet = asSet(a), bSet = asSet(b);
    QJsonArray out;
    const auto keep = [&](const QJsonValue &item) {
        const bool removed
            = (baseSet.contains(item) && !aSet.contains(item)) || (baseSet.contains(item) && !bSet.contains(item));
        if (!removed && !out.contains(item))
            out.append(item);
    };
    for (const QJsonValue &item : baseSet)
        keep(item);
    for (const QJsonValue &item : aSet)
        keep(item);
    for (const QJsonValue &item : bSet)
        keep(item);
    return canonicalSet(out);
}

} // namespace

QJsonArray canonicalSet(const QJsonArray &values)
{
    QList<QJsonValue> list;
    for (const QJsonValue &value : values) {
        if (!list.contains(value))
            list << value;
    }
    std::sort(list.begin(), list.end(), [](const QJsonValue &x, const QJsonValue &y) {
        return x.isString() && y.isString() ? x.toString() < y.toString() : x.toDouble() < y.toDouble();
    });
    QJsonArray out;
    for (const QJsonValue &value : std::as_const(list))
        out << value;
    return out;
}

MergeDecision mergeField(const FieldState &state, FieldShape shape, Direction direction, ConflictPolicy policy)
{
    using Action = MergeDecision::Action;
    const bool aChanged = !same(state.a, state.base, shape);
    const bool bChanged = !same(state.b, state.base, shape);
    const bool toB = direction != Direction::BToA;
    const bool toA = direction != Direction::AToB;

    if (!aChanged && !bChanged)
        return {Action::Nothing, state.base, QString()};
    if (aChanged && bChanged && same(state.a, state.b, shape))
        return {Action::Converged, state.a, QStringLiteral("both sides made the same change")};
    if (aChanged && !bChanged)
        return toB ? MergeDecision{Action::WriteB, state.a, QStringLiteral("changed on A")}
                   : MergeDecision{Action::Nothing, state.base,
                                   QStringLiteral("changed on A; this field goes from B to A only")};
    if (bChanged && !aChanged)
        return toA ? MergeDecision{Action::WriteA, state.b, QStringLiteral("changed on B")}
                   : MergeDecision{Action::Nothing, state.base,
                                   QStringLiteral("changed on B; this field goes from A to B only")};

    // Both changed, to different values.
    if (!toA)
        return {Action::WriteB, state.a, QStringLiteral("changed on both sides; this field goes from A to B only")};
    if (!toB)
        return {Action::WriteA, state.b, QStringLiteral("changed on both sides; this field goes from B to A only")};
    if (shape == FieldShape::Set) {
        const QJsonArray merged = mergeSets(state.base, state.a, state.b);
        return {Action::WriteBoth, merged, QStringLiteral("additions and removals of both sides merged")};
    }
    switch (policy) {
    case ConflictPolicy::AWins:
        return {Action::WriteB, state.a, QStringLiteral("changed on both sides; A wins by the pair's policy")};
    case ConflictPolicy::BWins:
        return {Action::WriteA, state.b, QStringLiteral("changed on both sides; B wins by the pair's policy")};
    case ConflictPolicy::Newest:
        // A tie goes to A, so that both sides decide the same way.
        return state.bChangedAtMs > state.aChangedAtMs
            ? MergeDecision{Action::WriteA, state.b, QStringLiteral("changed on both sides; B's change is newer")}
            : MergeDecision{Action::WriteB, state.a, QStringLiteral("changed on both sides; A's change is newer")};
    case ConflictPolicy::Manual:
        break;
    }
    return {Action::Conflict, QJsonValue(), QStringLiteral("changed on both sides to different values")};
}

} // namespace ferry
