#pragma once

#include <QSet>
#include <QString>
#include <QTemporaryFile>

#include <memory>
#include <optional>

#include "core/result.h"

namespace ferry {

/// The contents of attachments on their way from one side to the other, one file per content
/// (named by its SHA-256) in a pair's folder of the state folder: read from one site as they
/// arrive, written to the other from the file, so that neither side holds a whole one in memory
/// and the same content is kept once.
class BlobStore {
public:
    BlobStore(const QString &stateDirectory, qint64 pairId);

    /// A file to write a content into, in the store's folder (so that keeping it is a rename).
    Result<std::unique_ptr<QTemporaryFile>> incoming() const;
    /// Keeps a content written into an incoming file; its SHA-256 (hex) names it from then on.
    Result<QString> keep(QTemporaryFile &file) const;
    /// The file of a content kept; empty when there is none.
    QString path(const QString &sha256) const;
    /// Whether any content or incoming file is kept.
    bool holdsAny() const;
    /// Removes every content not named in wanted (contents no pending op carries any more).
    void keepOnly(const QSet<QString> &wanted) const;

private:
    QString m_directory;
};

} // namespace ferry
