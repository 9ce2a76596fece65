#include "transport/carrierfolder.h"

#include <QDir>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ferry {

namespace {

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

CarrierFolder::CarrierFolder(QString path)
    : m_path(std::move(path))
{
}

CarrierFolder::~CarrierFolder()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

Result<void> CarrierFolder::open()
{
    m_fd = ::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (m_fd < 0)
        return Error(QStringLiteral("the exchange folder %1 cannot be opened: %2")
                         .arg(QDir::toNativeSeparators(m_path), systemError()));
    return {};
}

QStringList CarrierFolder::entriesWhere(const std::function<bool(const QString &, mode_t)> &wanted) const
{
    QStringList found;
    const QStringList names
        = QDir(m_path).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &name : names) {
        struct stat status { };
        if (::fstatat(m_fd, QFile::encodeName(name).constData(), &status, AT_SYMLINK_NOFOLLOW) == 0
            && wanted(name, status.st_mode))
            found << name;
    }
    return found;
}

QStringList CarrierFolder::files(const QString &suffix) const
{
    return entriesWhere([&](const QString &name, mode_t mode) { return S_ISREG(mode) && name.endsWith(suffix); });
}

QStringList CarrierFolder::links() const
{
    return entriesWhere([](const QString &, mode_t mode) { return S_ISLNK(mode); });
}

Result<void> CarrierFolder::moveInto(const QString &name, const QString &sub)
{
    const QByteArray subName = QFile::encodeName(sub);
    const QByteArray fileName = QFile::encodeName(name);
    if (::mkdirat(m_fd, subName.constData(), 0777) != 0 && errno != EEXIST) {
        return Error(QStringLiteral("cannot make the folder %1: %2")
                         .arg(QDir::toNativeSeparators(QDir(m_path).filePath(sub)), systemError()));
    }
    const int subFd = ::openat(m_fd, subName.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (subFd < 0) {
        return Error(QStringLiteral("%1 is a symbolic link or not a folder; Ferry moves nothing through it. Remove it, "
                                    "and check who can write the exchange folder")
                         .arg(QDir::toNativeSeparators(QDir(m_path).filePath(sub))));
    }
    struct stat status { };
    Result<void> moved;
    if (::fstatat(m_fd, fileName.constData(), &status, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(status.st_mode))
        moved = Error(QStringLiteral("%1 is no longer a real file").arg(name));
    else if (::renameat(m_fd, fileName.constData(), subFd, fileName.constData()) != 0)
        moved = Error(QStringLiteral("cannot move %1 to %2: %3").arg(name, sub, systemError()));
    ::close(subFd);
    return moved;
}

Result<std::unique_ptr<QFile>> CarrierFolder::openRealFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat status { };
    if (fd < 0 || ::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
        const QString why = fd < 0 && errno == ELOOP
            ? QStringLiteral("%1 is a symbolic link; Ferry reads bundles only from real files")
                  .arg(QDir::toNativeSeparators(path))
            : QStringLiteral("cannot read %1: %2")
                  .arg(QDir::toNativeSeparators(path), fd < 0 ? systemError() : QStringLiteral("not a regular file"));
        if (fd >= 0)
            ::close(fd);
        return Error(why);
    }
    auto file = std::make_unique<QFile>();
    if (!file->open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return Error(QStringLiteral("cannot read %1: %2").arg(QDir::toNativeSeparators(path), file->errorString()));
    }
    return file;
}

WholeFile::WholeFile(QString path)
    : m_path(std::move(path))
    , m_temp(m_path + QStringLiteral(".XXXXXX")) // never "*.ferry": the other side reads only whole ones
{
}

Result<void> WholeFile::open()
{
    // Readable by others as a bundle written anywhere was: whoever carries it may be another user,
    // and what it holds is encrypted and signed.
    if (m_temp.open()
        && m_temp.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                 | QFileDevice::ReadOther))
        return {};
    return Error(QStringLiteral("could not write %1: %2").arg(QDir::toNativeSeparators(m_path), m_temp.errorString()));
}

Result<void> WholeFile::commit()
{
    if (!m_temp.flush() || ::fsync(m_temp.handle()) != 0) {
        const QString why = m_temp.errorString();
        cancel();
        return Error(
            QStringLiteral("could not write %1: %2 (is the disk full?)").arg(QDir::toNativeSeparators(m_path), why));
    }
    m_temp.close();
    if (::rename(QFile::encodeName(m_temp.fileName()).constData(), QFile::encodeName(m_path).constData()) != 0) {
        const QString why = systemError();
        cancel();
        return Error(QStringLiteral("could not put %1 in place: %2").arg(QDir::toNativeSeparators(m_path), why));
    }
    m_temp.setAutoRemove(false);
    return {};
}

void WholeFile::cancel()
{
    m_temp.close();
    m_temp.remove();
}

} // namespace ferry
