#pragma once

#include "core/op.h"
#include "engine/applystep.h"

#include <QJsonObject>

#include <functional>

namespace ferry {

/// The apply step's own requests for attachments (their ops take ItemCopier's lifecycle): the
/// kept content is streamed to the target issue from the state folder, and on a Cloud target the
/// rich text that shows the file is written again to point at the copy, which did not exist when
/// that text was written.
class AttachmentCopier {
public:
    explicit AttachmentCopier(ApplyStep &step);

    /// Sends an attachment's kept content to the target issue, streamed from its file; then
    /// uploaded(copyId). A file too large for the target site is settled with the reason.
    void upload(const Op &op, const ApplyTarget &target, const QJsonObject &copy,
                const std::function<void(const QString &copyId)> &uploaded);

private:
    /// After an attached file arrived on a Cloud target: the rich text fields that show
    /// it are written again, now pointing at the copy (they were written before it existed).
    void pointAtCopy(const ApplyTarget &target, const QString &fileName, const std::function<void()> &then);

    ApplyStep &m_step;
};

} // namespace ferry
