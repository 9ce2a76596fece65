#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace ferry {

/// Why an operation failed, as one sentence an admin can act on ("Cannot open the state database
/// …: the disk is full. Free space and start again."). A type of its own, so that a result holding
/// a QString cannot mistake its value for its error.
class Error {
public:
    explicit Error(QString message)
        : m_message(std::move(message))
    {
    }

    const QString &message() const { return m_message; }

    /// This error with what was being done in front: "<what>: <message>".
    Error within(const QString &what) const { return Error(what + QStringLiteral(": ") + m_message); }

private:
    QString m_message;
};

/// What an operation that can fail returns: its value, or the Error that kept it from one
/// (in the manner of C++23's std::expected). Tests as true when it holds a value.
template <typename T> class [[nodiscard]] Result {
public:
    Result(const T &value)
        : m_state(std::in_place_index<0>, value)
    {
    }
    Result(T &&value)
        : m_state(std::in_place_index<0>, std::move(value))
    {
    }
    Result(Error error)
        : m_state(std::in_place_index<1>, std::move(error))
    {
    }

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &operator*() & { return std::get<0>(m_state); }
    const T &operator*() const & { return std::get<0>(m_state); }
    T &&operator*() && { return std::get<0>(std::move(m_state)); }
    T *operator->() { return &std::get<0>(m_state); }
    const T *operator->() const { return &std::get<0>(m_state); }

    /// The value, or fallback when there is none.
    T valueOr(T fallback) const { return ok() ? **this : std::move(fallback); }

    /// Only when !ok().
    const Error &error() const { return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

/// What an operation that can fail and has nothing to give returns; a default one succeeded.
template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_failed(true)
    {
    }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }

    /// Only when !ok().
    const Error &error() const { return m_error; }

private:
    Error m_error{QString()};
    bool m_failed = false;
};

/// The void result of another: its error, if any. For "return the failure, drop the value".
template <typename T> Result<void> dropValue(const Result<T> &result)
{
    return result ? Result<void>() : Result<void>(result.error());
}

} // namespace ferry
