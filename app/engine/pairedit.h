#pragma once

#include "core/pairconfig.h"
#include "core/result.h"

#include <optional>

namespace ferry {

class StateStore;

/// What became of a new configuration for a stored pair.
struct ConfigChange {
    enum class Kind {
        Saved, ///< a direct pair: the new version is in force (a running pair uses it from its next start)
        Published, ///< a pair exchanged by bundles, on its primary console: it goes with the next bundle;
                   ///< the version before stays in force on both until the other console accepts it
    };
    Kind kind = Kind::Saved;
    int version = 0; ///< the new version
};

/// Stores a new configuration of a pair, the one way the CLI and the console change one: checked
/// as a configuration file is, its sites and projects unchanged; a pair exchanged by bundles is
/// published from its primary console (the secondary answers instead). Fails with why otherwise.
Result<ConfigChange> changePairConfig(StateStore &store, PairConfig config);

/// The secondary console's answer to a configuration the primary offered: accepted, it is in
/// force here; either way the primary hears it with the next bundle. The offered version.
Result<int> answerOfferedConfig(StateStore &store, const QString &pair, bool accept);

} // namespace ferry
