#pragma once

#include "license/requirements.h"

#include <QUrl>

#include <optional>

namespace ferry {

class StateStore;

/// Everything this console knows about its licenses, read from the state store: each installed
/// license verified today with the service's last word on it, the remote endpoints running pairs
/// hold (those of pairs that no longer run are dropped on the way), whom to believe, and where
/// the license service is.
struct LicenseState {
    QList<QString> ids;
    QList<InstalledLicense> licenses; ///< in the order of ids
    QList<EndpointClaim> claims;
    LicenseTrust trust;
    QUrl service;

    static std::optional<LicenseState> read(StateStore &store, QString *error);
};

/// The settings key of this installation's license service address.
inline const QString licenseServiceSetting = QStringLiteral("license/service");

} // namespace ferry
