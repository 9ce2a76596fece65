#pragma once

#include <QHashFunctions>
#include <QString>
#include <QStringView>

#include <optional>

QT_FORWARD_DECLARE_CLASS(QDebug)

namespace ferry {

/// One of a pair's two sides. Inside the process a side is this enum; the database, bundles,
/// handshakes, the configuration and the CLI spell it "a" or "b", turned into a Side once where
/// they are read (sideNamed), which refuses anything else.
enum class Side : unsigned char { A, B };

inline constexpr Side bothSides[] = {Side::A, Side::B};

constexpr Side otherSide(Side side)
{
    return side == Side::A ? Side::B : Side::A;
}

/// What of two belongs to a side: bySide(Side::A, config.a, config.b) is config.a.
template <typename T> constexpr T &bySide(Side side, T &a, T &b)
{
    return side == Side::A ? a : b;
}

/// One T for each side, indexed by Side: what a pair holds of both its sites.
template <typename T> struct PerSide {
    T a{};
    T b{};
    T &operator[](Side side) { return side == Side::A ? a : b; }
    const T &operator[](Side side) const { return side == Side::A ? a : b; }
};

/// How a side is stored and carried: "a" or "b".
QString sideName(Side side);
/// A stored, carried or typed side: "a" or "b", else nullopt.
std::optional<Side> sideNamed(QStringView name);
/// How a side is shown to people: "A" or "B".
QString sideLetter(Side side);

/// Logs a side as people read it: A or B.
QDebug operator<<(QDebug debug, Side side);

inline size_t qHash(Side side, size_t seed = 0) noexcept
{
    return ::qHash(static_cast<int>(side), seed);
}

/// An issue of the pair by where it is: its side, and its id there.
struct SideIssue {
    Side side = Side::A;
    QString id;
    bool operator==(const SideIssue &other) const = default;
};

inline size_t qHash(const SideIssue &issue, size_t seed = 0) noexcept
{
    return qHashMulti(seed, issue.side, issue.id);
}

} // namespace ferry
