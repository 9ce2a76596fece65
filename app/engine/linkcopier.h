#pragma once

#include "core/op.h"
#include "engine/applystep.h"

#include <functional>

namespace ferry {

class ItemCopier;
class JiraReply;

/// The apply step's own requests for links (their edits, resyncs and deletes take ItemCopier's
/// lifecycle): a link between two synced issues joins their partners with the mapped link type,
/// unless they are linked so already; a link to an issue outside the pair becomes a remote link
/// to that issue on its site (or a line of text, links.outside "text").
class LinkCopier {
public:
    LinkCopier(ApplyStep &step, ItemCopier &items);

    /// add-link, and add/edit/resync of remote links.
    void apply(const Op &op);

private:
    /// Links the partners of a link's two issues with the mapped type, unless they are linked so
    /// already.
    void applyAddLink(const Op &op);
    /// Reads the target issue's links and finds the one of type to outwardId: then(its id or
    /// empty, the reply read).
    void findLink(const ApplyTarget &target, const QString &type, const QString &outwardId,
                  const std::function<void(const QString &id, JiraReply *read)> &then);
    /// The id of the link a Location header names (…/issueLink/{id}); empty for any other.
    static QString linkIdIn(const QByteArray &location);
    /// Adds, or updates, the remote link on the partner that stands for a link to an issue
    /// outside the pair.
    void applyRemoteLink(const Op &op);

    ApplyStep &m_step;
    ItemCopier &m_items;
};

} // namespace ferry
