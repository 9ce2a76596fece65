#pragma once

#include "core/pairconfig.h"
#include "core/result.h"
#include "store/exchangerepository.h"
#include "transport/bundlekeys.h"

#include <optional>

namespace ferry {

class StateStore;

/// How two consoles that cannot reach each other's sites set up a pair. The primary (it owns
/// the configuration) writes a handshake: the pair's id, its side, its site's metadata and its
/// public keys, sealed with a one-time code its admin tells the other admin by phone. The
/// secondary reads it with the code, completes the configuration with its own site's metadata,
/// and answers with its keys, sealed for the primary and signed, carrying the handshake's nonce
/// (which only the code opened). Both then have the pair, connected.
namespace handshake {

/// What a handshake offers.
struct Offer {
    QString id; ///< the pair's id on both consoles
    QString name; ///< the primary's name for the pair
    Side primarySide = Side::A;
    PairSide side; ///< the primary's site (by its name there), project and scope
    SiteMetadata metadata; ///< of the primary's site
    BundlePublicKeys keys; ///< the primary's
    QString nonce;
};

/// The offer of a new pair: a fresh id and nonce, the primary's side (scope: its whole project).
Offer makeOffer(const QString &name, Side primarySide, const QString &site, const QString &project,
                const SiteMetadata &metadata, const BundlePublicKeys &keys);

/// A fresh one-time code: 20 letters and digits without look-alikes, in groups of four.
QString newCode();

/// The primary's new pair, awaiting the answer: recorded with its keys' reference.
Result<void> begin(StateStore &store, const Offer &offer, const QString &keyRef);
/// Writes the handshake of a pair that awaits its answer, sealed with code.
Result<void> write(const ExchangeRepository::Exchange &exchange, const BundleKeyPair &keys, const QString &path,
                   const QString &code);
/// Opens a handshake with its code.
Result<Offer> read(const QString &path, const QString &code);
/// The secondary: creates the pair from the offer and its own side (named name), records the
/// exchange, and writes the answer to path. The configuration made is returned.
Result<PairConfig> answer(StateStore &store, const Offer &offer, const QString &name, const PairSide &own,
                          const SiteMetadata &ownMetadata, const BundleKeyPair &keys, const QString &keyRef,
                          const QString &path);
/// The primary: reads the answer to its handshake; the pair is created with the configuration
/// the secondary completed, connected.
Result<PairConfig> complete(StateStore &store, const ExchangeRepository::Exchange &exchange, const BundleKeyPair &keys,
                            const QString &path);

} // namespace handshake

} // namespace ferry
