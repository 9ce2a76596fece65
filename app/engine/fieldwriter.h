#pragma once

#include "core/op.h"
#include "engine/applystep.h"

#include <QJsonObject>

namespace ferry {

class AttachedFiles;

/// The apply step's ops on an issue's fields: set-field (and resync-field, an admin's request),
/// set-epic and set-parent. A field op re-reads the target value first: already there, nothing
/// is written; moved away from the op's base, the pair's merge rules decide (a conflict for an
/// admin, the winning value, or a merged set that also goes back to the source); otherwise the
/// value is written, a status by walking the workflow. What Jira was told, the new base, what
/// this side now holds and the op's "applied" mark commit in one transaction.
class FieldWriter {
public:
    explicit FieldWriter(ApplyStep &step);

    void apply(const Op &op);

private:
    void applySetField(const Op &op);
    /// Puts the target issue under the partner of the source's epic (or under none).
    void applySetEpic(const Op &op);
    /// Moves the target sub-task under the partner of the source's new parent: on Cloud; Data
    /// Center's REST API cannot, and the admin is told to move it by hand.
    void applySetParent(const Op &op);
    /// Merges the op's value with what the target holds (current) and acts on the decision.
    /// files: the target's attachments, when the field is rich text that refers to some.
    void settle(const Op &op, const QString &aId, const ApplyTarget &target, const QJsonValue &current,
                const AttachedFiles *files);
    /// Records an epic or parent op as applied ("written", "unchanged", "by-hand"), the value
    /// kept in the target's snapshot under snapshotKey so that its poll does not send it back.
    void settleHierarchy(const Op &op, const QString &snapshotKey, const QString &value, const ApplyTarget &target,
                         const QString &result);

    ApplyStep &m_step;
    QJsonObject m_target; ///< the fields of the target issue as last re-read
};

} // namespace ferry
