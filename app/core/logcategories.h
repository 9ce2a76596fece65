#pragma once

#include <QLoggingCategory>
#include <QStringList>

// One logging category per module. Debug output is off by default and is switched on
// with QT_LOGGING_RULES (for example "ferry.jira.debug=true") or the programs' --verbose.
Q_DECLARE_LOGGING_CATEGORY(lcCore)
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcCli)
Q_DECLARE_LOGGING_CATEGORY(lcJira)
Q_DECLARE_LOGGING_CATEGORY(lcRichText)
Q_DECLARE_LOGGING_CATEGORY(lcEngine)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcTransport)
Q_DECLARE_LOGGING_CATEGORY(lcLicense)
Q_DECLARE_LOGGING_CATEGORY(lcSandbox)

namespace ferry {

/// The names of Ferry's own categories, in a stable order, for filters in the log pane.
QStringList logCategoryNames();

/// Turns on debug output of every Ferry category (--verbose).
void enableVerboseLogging();

} // namespace ferry
