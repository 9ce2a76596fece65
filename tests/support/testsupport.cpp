#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <sys/resource.h>

namespace ferry::test {

void isolateUserFolders()
{
    QStandardPaths::setTestModeEnabled(true);
    for (const auto location : {QStandardPaths::GenericConfigLocation, QStandardPaths::AppLocalDataLocation,
                                QStandardPaths::GenericDataLocation, QStandardPaths::CacheLocation}) {
        const QString path = QStandardPaths::writableLocation(location);
        if (path.contains(QStringLiteral(".qttest")))
            QDir(path).removeRecursively();
    }
}

InstalledLogSink::InstalledLogSink(qsizetype capacity)
{
    LogSink::Options options;
    options.capacity = capacity;
    options.filePath = m_dir.filePath(QStringLiteral("logs/test.log"));
    options.stderrLevel = static_cast<int>(LogLevel::Fatal) + 1;
    m_sink = std::make_unique<LogSink>(options);
    m_sink->install();
}

InstalledLogSink::~InstalledLogSink()
{
    m_sink->uninstall();
}

QString InstalledLogSink::fileText()
{
    m_sink->flushFile();
    return readTextFile(filePath());
}

QString readTextFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll());
}

long peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

} // namespace ferry::test
