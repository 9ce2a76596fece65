#include "store/blobstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace ferry {

BlobStore::BlobStore(const QString &stateDirectory, qint64 pairId)
    : m_directory(QDir(stateDirectory).filePath(QStringLiteral("blobs/%1").arg(pairId)))
{
}

Result<std::unique_ptr<QTemporaryFile>> BlobStore::incoming() const
{
    if (!QDir().mkpath(m_directory))
        return Error(QStringLiteral("cannot create the folder %1 for attachments on their way; check the state "
                                    "folder's permissions")
                         .arg(QDir::toNativeSeparators(m_directory)));
    auto file = std::make_unique<QTemporaryFile>(QDir(m_directory).filePath(QStringLiteral("incoming-XXXXXX")));
    if (!file->open())
        return Error(
            QStringLiteral("cannot write in %1: %2").arg(QDir::toNativeSeparators(m_directory), file->errorString()));
    return file;
}

Result<QString> BlobStore::keep(QTemporaryFile &file) const
{
    if (!file.flush() || !file.seek(0)) {
        return Error(QStringLiteral("cannot write %1: %2 (is the disk full?)")
                         .arg(QDir::toNativeSeparators(file.fileName()), file.errorString()));
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) {
        return Error(QStringLiteral("cannot read %1 back: %2")
                         .arg(QDir::toNativeSeparators(file.fileName()), file.errorString()));
    }
    const QString sha256 = QString::fromLatin1(hash.result().toHex());
    const QString target = QDir(m_directory).filePath(sha256);
    if (QFile::exists(target))
        return sha256; // the same content is kept already; the temporary file goes
    file.close();
    if (!file.rename(target))
        return Error(
            QStringLiteral("cannot keep %1 as %2: %3")
                .arg(QDir::toNativeSeparators(file.fileName()), QDir::toNativeSeparators(target), file.errorString()));
    file.setAutoRemove(false);
    return sha256;
}

QString BlobStore::path(const QString &sha256) const
{
    static const QRegularExpression valid(QStringLiteral("^[0-9a-f]{64}$"));
    const QString file = QDir(m_directory).filePath(sha256);
    return valid.match(sha256).hasMatch() && QFile::exists(file) ? file : QString();
}

bool BlobStore::holdsAny() const
{
    return !QDir(m_directory).isEmpty(QDir::Files);
}

void BlobStore::keepOnly(const QSet<QString> &wanted) const
{
    // Incoming files left by a run that stopped go too: no poll is under way when this runs.
    const QDir dir(m_directory);
    for (const QString &name : dir.entryList(QDir::Files)) {
        if (!wanted.contains(name))
            QFile::remove(dir.filePath(name));
    }
}

} // namespace ferry
