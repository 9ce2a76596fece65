#pragma once

#include "engine/issuesync.h"

#include <QString>

#include <optional>

namespace ferry {

class StateStore;

/// What an admin can do with an issue of a pair, for ferry-cli issue and the console's issue
/// view alike. Each records its decision in the state (a sync round carries it out) and returns
/// what to tell the admin, or fails with why it cannot be done.
namespace issueactions {

/// The issue's partner is missing: the next round creates a new one from the issue still there.
Result<QString> recreate(StateStore &store, qint64 pairId, const QString &pairName, const IssueSync &issue);
/// Sends the issue's current fields again at the next round, written over its partner's where
/// they differ (whatever changed there); its open conflicts are settled with its values.
Result<QString> resync(StateStore &store, qint64 pairId, const QString &pairName, const IssueSync &issue);
/// Leaves the issue and its partner alone: their changes are set aside until they are relinked.
Result<QString> ignore(StateStore &store, qint64 pairId, const IssueSync &issue);
/// Links the issue to otherKey, an issue of the other site a poll has seen, instead of its
/// partner (if any). What both hold alike becomes the base; a field they hold differently is
/// settled when it next changes, by the pair's conflict policy.
Result<QString> relink(StateStore &store, qint64 pairId, const QString &pairName, const IssueSync &issue,
                       const QString &otherKey);

} // namespace issueactions

} // namespace ferry
