#pragma once

#include <QFile>
#include <QString>

#include "core/result.h"
#include <QTemporaryFile>

#include <functional>
#include <memory>

#include <sys/types.h>

namespace ferry {

/// A folder the carrier writes: whoever can write it may plant symbolic links there, so nothing
/// in it is ever reached through one. Entries are looked at with lstat, files opened with
/// O_NOFOLLOW, and moves go through folder handles (renameat), so a link swapped in between a
/// check and a use is not followed either. The folder itself is the admin's choice, and may be
/// reached through a link.
class CarrierFolder {
public:
    explicit CarrierFolder(QString path);
    ~CarrierFolder();
    CarrierFolder(const CarrierFolder &) = delete;
    CarrierFolder &operator=(const CarrierFolder &) = delete;

    /// Opens the folder; fails with the admin's sentence when it is not there.
    Result<void> open();
    /// The real files (no links, no folders) whose names end in suffix, by name.
    QStringList files(const QString &suffix) const;
    /// Names in the folder that are symbolic links: never read, never moved, only reported.
    QStringList links() const;
    /// Moves the file name into the subfolder sub (made when missing), replacing an entry of that
    /// name there without following it. Refused when sub is a link or not a folder, or name is not
    /// a real file.
    Result<void> moveInto(const QString &name, const QString &sub);

    /// Opens a file for reading, refusing a symbolic link in its last component and anything
    /// but a regular file.
    static Result<std::unique_ptr<QFile>> openRealFile(const QString &path);

private:
    /// The names in the folder whose entry (looked at with lstat) wanted takes, by name.
    QStringList entriesWhere(const std::function<bool(const QString &name, mode_t mode)> &wanted) const;

    QString m_path;
    int m_fd = -1;
};

/// A file that appears whole at its name or not at all, and is never written through a link:
/// written beside its name (a new file, random suffix), then renamed over it, which replaces
/// whatever is there, a planted symbolic link included, without following it. QSaveFile, which it
/// replaces for bundles, writes through a link to its target.
class WholeFile {
public:
    explicit WholeFile(QString path);

    Result<void> open();
    qint64 write(const QByteArray &data) { return m_temp.write(data); }
    /// Flushes it to disk and puts it in place; fails with why (the file then goes).
    Result<void> commit();
    /// Drops what was written; nothing appears.
    void cancel();
    QString fileName() const { return m_path; }
    QString errorString() const { return m_temp.errorString(); }

private:
    QString m_path;
    QTemporaryFile m_temp;
};

} // namespace ferry
