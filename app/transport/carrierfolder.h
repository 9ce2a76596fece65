#pragma once

#include <QFile>
#include <QString>

#include <memory>

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

    /// Opens the folder; false with the admin's sentence when it is not there.
    bool open(QString *error);
    /// The real files (no links, no folders) whose names end in suffix, by name.
    QStringList files(const QString &suffix) const;
    /// Names in the folder that are symbolic links: never read, never moved, only reported.
    QStringList links() const;
    /// Moves the file name into the subfolder sub (made when missing), replacing an entry of that
    /// name there without following it. Refused when sub is a link or not a folder, or name is not
    /// a real file.
    bool moveInto(const QString &name, const QString &sub, QString *error);

    /// Opens a file for reading, refusing a symbolic link in its last component and anything
    /// but a regular file.
    static std::unique_ptr<QFile> openRealFile(const QString &path, QString *error);

private:
    QString m_path;
    int m_fd = -1;
};

} // namespace ferry
