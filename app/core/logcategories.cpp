#include "core/logcategories.h"

Q_LOGGING_CATEGORY(lcCore, "ferry.core", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "ferry.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "ferry.cli", QtInfoMsg)
Q_LOGGING_CATEGORY(lcJira, "ferry.jira", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRichText, "ferry.richtext", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "ferry.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "ferry.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTransport, "ferry.transport", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLicense, "ferry.license", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSandbox, "ferry.sandbox", QtInfoMsg)

namespace ferry {

QStringList logCategoryNames()
{
    const QLoggingCategory *categories[] = {&lcCore(),   &lcUi(),    &lcCli(),       &lcJira(),    &lcRichText(),
                                            &lcEngine(), &lcStore(), &lcTransport(), &lcLicense(), &lcSandbox()};
    QStringList names;
    for (const QLoggingCategory *category : categories)
        names << QString::fromLatin1(category->categoryName());
    return names;
}

void enableVerboseLogging()
{
    QLoggingCategory::setFilterRules(QStringLiteral("ferry.*.debug=true"));
}

} // namespace ferry
