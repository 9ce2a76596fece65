#pragma once

#include "core/result.h"
#include "license/requirements.h"

#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

#include <optional>

class QNetworkAccessManager;

namespace ferry {

class StateStore;

/// Everything this console knows about its licenses, read from the state store: each installed
/// license verified today with the service's last word on it (both verified again as read), the
/// remote endpoints pairs hold (bound when a pair first needs one, freed when it is removed),
/// whom to believe, and where the license service is.
struct LicenseState {
    QList<QString> ids;
    QList<InstalledLicense> licenses; ///< in the order of ids
    QList<EndpointClaim> claims;
    LicenseTrust trust;
    QUrl service;

    static Result<LicenseState> read(StateStore &store);
};

class LicenseClient;

/// A pair in the remote-license mode takes the endpoint its plan names, and holds it whether it
/// runs or not until it is removed. Fails with the plan's words when no endpoint is free (the
/// line names the pairs that hold them). Other modes bind nothing.
Result<void> bindEndpoint(StateStore &store, const QString &pair, const LicensePlan &plan);

/// Verifies a license file and keeps it in the state: one that holds, or will (a renewal not in
/// force yet). The check either way; error says why nothing was kept (refused, or the store failed).
LicenseCheck installLicense(StateStore &store, const LicenseTrust &trust, const QByteArray &document, QString *error);

/// Asks the license service about licenses and keeps each answer it gives: every installed
/// license (each for its own site) when pairSites is empty, else those that cover one of a
/// pair's sites (asked for those sites). done gets what went wrong (the service out of reach,
/// an answer refused, the store failing), once every answer is in; at once when none is asked.
void validateLicenses(StateStore &store, const LicenseState &state, LicenseClient &client, const QStringList &pairSites,
                      const std::function<void(const QStringList &problems)> &done);

/// A pair's license plan as the engine decides on it: from the licenses installed, after asking
/// the license service first where the mode needs it (and one is set). done gets the plan, or
/// nullopt and why when the state cannot be read, and what the service left unanswered (a slow
/// or absent service costs only time: its last word decides, within its grace). client holds
/// the service's client while it is asked; network is where it asks from.
void planLicensesOnline(StateStore &store, QNetworkAccessManager *network, std::unique_ptr<LicenseClient> &client,
                        const QString &pair, const QString &bundleCarrier, const SideFacts &a, const SideFacts &b,
                        const std::function<void(const std::optional<LicensePlan> &plan, const QString &error,
                                                 const QStringList &unanswered)> &done);

/// The settings key of this installation's license service address.
inline const QString licenseServiceSetting = QStringLiteral("license/service");

} // namespace ferry
