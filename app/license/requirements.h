#pragma once

#include "license/license.h"
#include "license/licenseclient.h"

#include <QList>
#include <QString>

namespace ferry {

/// The five ways two sites can be connected (docs/architecture.md, "Five connection modes").
enum class ConnectionMode {
    CloudToCloud, ///< one console, two Cloud sites
    DataCenter, ///< one console on a Data Center site, syncing with Data Center or Cloud
    RemoteLicense, ///< one console whose Data Center site holds a remote license; the other site has none
    Email, ///< behind firewalls: a console on each side, bundles by mail
    File, ///< behind firewalls: a console on each side, bundles as files
};
QString modeName(ConnectionMode mode);

/// One requirement of a mode: passed or not, what was found, and what to do about it.
struct Requirement {
    QString name; ///< "deployment", "license: acme", "endpoint", …
    bool passed = false;
    QString detail;
    QString fix; ///< empty when passed
};

/// What is known of one side of a pair for its requirements.
struct SideFacts {
    QString siteName;
    QString url;
    QString deployment; ///< "cloud" or "dc"
    bool local = true; ///< this console reaches the site (false: the other console's, in the bundle modes)
    QString siteId; ///< the site's identity as it reports it; empty when not known
};

/// An installed license as it stands: its verification today and the service's last word.
struct InstalledLicense {
    LicenseCheck check;
    OnlineStanding online;
};

/// A remote license's endpoint held by a running pair.
struct EndpointClaim {
    QString licenseId;
    QString siteUrl;
    QString pair;
};

/// The license part of a pair's requirements, worked out without the network from what is
/// installed and what the service said last; the live checks (sites, service, mail servers,
/// folders) add their own lines.
struct LicensePlan {
    ConnectionMode mode = ConnectionMode::DataCenter;
    QList<Requirement> lines;
    bool needsService = false; ///< the mode validates licenses online
    QString remoteLicense; ///< RemoteLicense: the license whose endpoint the pair uses
    QString remoteSite; ///< …and the site that takes it
    bool passed() const;
};

/// bundleCarrier: empty for a direct pair, "email" or "file" for a bundle pair.
LicensePlan planLicenses(const QString &pair, const QString &bundleCarrier, const SideFacts &a, const SideFacts &b,
                         const QList<InstalledLicense> &licenses, const QList<EndpointClaim> &claims);

} // namespace ferry
