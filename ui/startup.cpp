#include "ui/startup.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace ferry {

QString missingDisplayReason()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        return QString();
    return QStringLiteral("ferry: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                          "Run the console in a desktop session, or forward X11 (ssh -X), or use the headless\n"
                          "command line instead: ferry-cli --help");
#else
    return QString();
#endif
}

void installTranslations(QCoreApplication &app)
{
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    auto *ferryTranslator = new QTranslator(&app);
    if (ferryTranslator->load(QLocale(), QStringLiteral("ferry"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(ferryTranslator);
}

} // namespace ferry
