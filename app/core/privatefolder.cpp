#include "core/privatefolder.h"

#include <QDir>
#include <QFile>
#include <QStringList>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ferry {

namespace {

constexpr mode_t ownerFolder = S_IRWXU;
constexpr mode_t ownerFile = S_IRUSR | S_IWUSR;

/// Tightens one entry, found by lstat so that a link is never followed; true when it changed.
bool tighten(const QByteArray &path)
{
    struct stat status { };
    if (::lstat(path.constData(), &status) != 0 || (status.st_mode & (S_IRWXG | S_IRWXO)) == 0)
        return false;
    if (S_ISDIR(status.st_mode))
        return ::chmod(path.constData(), ownerFolder) == 0;
    if (S_ISREG(status.st_mode))
        return ::chmod(path.constData(), ownerFile) == 0;
    return false; // links, sockets, fifos: left alone, never followed
}

void collect(const QByteArray &path, QStringList *tightened)
{
    if (tighten(path))
        *tightened << QFile::decodeName(path);
    struct stat status { };
    if (::lstat(path.constData(), &status) != 0 || !S_ISDIR(status.st_mode))
        return;
    const QDir folder(QFile::decodeName(path));
    const QStringList entries = folder.entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QString &entry : entries)
        collect(QFile::encodeName(folder.filePath(entry)), tightened);
}

} // namespace

Result<void> makeStateFolder(const QString &path)
{
    if (!QDir().mkpath(path))
        return Error(QStringLiteral("Cannot create the state folder %1. Check its parent's permissions, or choose "
                                    "another folder with --state.")
                         .arg(QDir::toNativeSeparators(path)));
    const QByteArray native = QFile::encodeName(path);
    struct stat status { };
    // The admin's own link to the folder is followed: the threat is other users, not the owner.
    if (::stat(native.constData(), &status) != 0 || !S_ISDIR(status.st_mode))
        return Error(QStringLiteral("The state folder %1 is not a folder; choose another with --state.")
                         .arg(QDir::toNativeSeparators(path)));
    if ((status.st_mode & 0777) != ownerFolder && ::chmod(native.constData(), ownerFolder) != 0)
        return Error(QStringLiteral("Cannot make the state folder %1 private to its owner: %2.")
                         .arg(QDir::toNativeSeparators(path), QString::fromLocal8Bit(std::strerror(errno))));
    return {};
}

Result<void> createPrivateFile(const QString &path)
{
    const int fd
        = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, ownerFile);
    if (fd >= 0) {
        ::close(fd);
        return {};
    }
    if (errno == EEXIST)
        return {};
    return Error(QStringLiteral("Cannot create %1: %2.")
                     .arg(QDir::toNativeSeparators(path), QString::fromLocal8Bit(std::strerror(errno))));
}

bool isOpenToOthers(const QString &path)
{
    struct stat status { };
    return ::stat(QFile::encodeName(path).constData(), &status) == 0 && (status.st_mode & (S_IRWXG | S_IRWXO)) != 0;
}

QStringList tightenToOwner(const QString &root)
{
    QStringList tightened;
    collect(QFile::encodeName(root), &tightened);
    return tightened;
}

} // namespace ferry
