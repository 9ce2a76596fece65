#pragma once

#include "transport/bundlekeys.h"

#include <QString>

#include "core/side.h"

#include <functional>
#include <optional>

namespace ferry {

class SecretStore;

/// Where a side's secret bundle keys are kept: the keychain (under "bundle-key:" and the pair's
/// id), or headless a file (written once, readable by its owner only) or an environment variable
/// holding what such a file holds.
namespace bundlekeystore {

/// The keychain account of a side's keys: both consoles of a pair may share a keychain (two
/// state folders on one machine), so the side is part of it.
QString keychainAccount(const QString &pairId, Side side);
/// Keeps new keys where ref points ("keychain" or "file:PATH"; a file that exists is not
/// overwritten); done(error), error empty when kept.
void keep(SecretStore &secrets, const QString &ref, const QString &pairId, Side side, const BundleKeyPair &keys,
          const std::function<void(const QString &error)> &done);
/// Reads the keys kept where ref points.
void read(SecretStore &secrets, const QString &ref, const QString &pairId, Side side,
          const std::function<void(const std::optional<BundleKeyPair> &keys, const QString &error)> &done);

} // namespace bundlekeystore

} // namespace ferry
