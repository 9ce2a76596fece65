#pragma once

#include "core/logsink.h"
#include "core/result.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace ferry::test {

/// Points QStandardPaths and QSettings at a throwaway test location (~/.qttest) and
/// empties it, so a test never reads or writes the user's real configuration.
void isolateUserFolders();

/// A LogSink whose file lives in a temporary folder, installed as Qt's message handler
/// for as long as the object lives.
class InstalledLogSink {
public:
    explicit InstalledLogSink(qsizetype capacity = 100'000);
    ~InstalledLogSink();

    LogSink &sink() { return *m_sink; }
    QString filePath() const { return m_sink->filePath(); }
    /// Everything the sink wrote to its file so far.
    QString fileText();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<LogSink> m_sink;
};

/// A result in the shape a test checks it: whether it succeeded (or its value), with *error
/// holding why it failed, empty when it did not, for the test's failure messages.
inline bool noted(const Result<void> &result, QString *error)
{
    *error = result ? QString() : result.error().message();
    return result.ok();
}
template <typename T> std::optional<T> noted(Result<T> result, QString *error)
{
    *error = result ? QString() : result.error().message();
    return result ? std::optional<T>(std::move(*result)) : std::nullopt;
}
/// A lookup that may find nothing: empty when it failed (*error says why) or found nothing.
template <typename T> std::optional<T> noted(Result<std::optional<T>> result, QString *error)
{
    *error = result ? QString() : result.error().message();
    return result ? std::move(*result) : std::nullopt;
}

/// The text of a file, or an empty string when it cannot be read.
QString readTextFile(const QString &path);

/// The most memory this process has held so far (its peak resident set), in MB.
long peakRssMb();

} // namespace ferry::test
