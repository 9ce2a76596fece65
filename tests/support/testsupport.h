#pragma once

#include "core/logsink.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

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

/// The text of a file, or an empty string when it cannot be read.
QString readTextFile(const QString &path);

/// The most memory this process has held so far (its peak resident set), in MB.
long peakRssMb();

} // namespace ferry::test
