#pragma once

#include <QStringList>
#include <QTextStream>

namespace ferry {
class LogSink;
}

namespace ferry::cli {

/// Exit codes of ferry-cli.
enum ExitCode : int { Success = 0, Failure = 1, UsageError = 2 };

/// Runs one ferry-cli invocation. arguments excludes the program name. Results go to out,
/// errors and hints to err; --verbose makes sink echo debug entries. Needs a QCoreApplication.
int run(const QStringList &arguments, QTextStream &out, QTextStream &err, LogSink *sink = nullptr);

} // namespace ferry::cli
