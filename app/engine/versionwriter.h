#pragma once

#include "core/op.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace ferry {

class ApplyStep;

/// The apply step's project version ops (add-version, edit-version): a version is written over
/// its partner, or over one of the same name met for the first time, or created. Where both
/// sides changed it (or at first contact), side A's content wins, side B's with the b-wins policy.
class VersionWriter {
public:
    explicit VersionWriter(ApplyStep &step);

    void apply(const Op &op);

private:
    /// Writes the source's content over the version found on the target (now), or keeps it.
    void writeOver(const Op &op, const QString &sourceId, const QJsonObject &content, const QString &partner,
                   const QJsonObject &found);
    void createVersion(const Op &op, const QString &sourceId, const QJsonObject &content, const QString &project);
    /// Records a version op as applied: the partners linked (link), and the digest of what the
    /// target holds (nullopt: left as it is).
    void recordVersion(const Op &op, const QString &sourceId, const QString &targetId, bool link,
                       const std::optional<QString> &digest, const QString &result);

    ApplyStep &m_step;
};

} // namespace ferry
