#include "core/statedir.h"

#include <QDir>
#include <QStandardPaths>

namespace ferry {

namespace {
QString g_stateDirectory; // set once at start-up from the command line
} // namespace

QString stateDirectory()
{
    if (!g_stateDirectory.isEmpty())
        return g_stateDirectory;
    const QString fromEnvironment = qEnvironmentVariable("FERRY_STATE_DIR");
    if (!fromEnvironment.isEmpty())
        return QDir(fromEnvironment).absolutePath();
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
}

void setStateDirectory(const QString &path)
{
    g_stateDirectory = path.isEmpty() ? QString() : QDir(path).absolutePath();
}

} // namespace ferry
