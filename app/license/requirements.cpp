#include "license/requirements.h"

#include <QSet>

namespace ferry {

namespace {

const InstalledLicense *licenseFor(const QList<InstalledLicense> &licenses, const SideFacts &side)
{
    // A license that holds comes first; else any that names the site, to say what is wrong with it.
    const InstalledLicense *found = nullptr;
    for (const InstalledLicense &license : licenses) {
        if (!license.check.license || !license.check.license->covers(side.url))
            continue;
        if (license.check.isValid() && !license.online.revoked && license.check.license->isForSite(side.siteId))
            return &license;
        found = found ? found : &license;
    }
    return found;
}

QString deploymentName(const QString &deployment)
{
    return deployment == QStringLiteral("cloud") ? QStringLiteral("Jira Cloud") : QStringLiteral("Jira Data Center");
}

/// The license line of one side; online: whether the service's word is needed for it.
Requirement licenseLine(const SideFacts &side, const InstalledLicense *license, bool online)
{
    Requirement line{QStringLiteral("license: %1").arg(side.siteName), false, {}, {}};
    if (!license) {
        line.detail = QStringLiteral("no license for %1 is installed").arg(side.url);
        line.fix = QStringLiteral("install one (ferry-cli license install FILE), or ask for a trial (ferry-cli "
                                  "license trial %1); in the console, Install License… or Request Trial… on the "
                                  "Licenses page")
                       .arg(side.siteName);
        return line;
    }
    const LicenseCheck &check = license->check;
    if (!check.isValid()) {
        line.detail = QStringLiteral("license %1: %2").arg(check.license->id, check.why);
        line.fix = QStringLiteral("install a license that holds");
        return line;
    }
    if (!check.license->isForSite(side.siteId)) {
        line.detail = QStringLiteral("license %1 was issued for the site %2, but %3 reports itself as %4")
                          .arg(check.license->id, check.license->siteId, side.url, side.siteId);
        line.fix = QStringLiteral("install the license issued for this site, or ask for one");
        return line;
    }
    if (license->online.revoked) {
        line.detail = QStringLiteral("license %1: %2").arg(check.license->id, license->online.text);
        line.fix = QStringLiteral("ask the vendor; install the license they send");
        return line;
    }
    if (online && !license->online.good) {
        line.detail = QStringLiteral("license %1: %2").arg(check.license->id, license->online.text);
        line.fix = QStringLiteral("let this machine reach the license service (ferry-cli license service URL, then "
                                  "ferry-cli license check)");
        return line;
    }
    line.passed = true;
    line.detail = QStringLiteral("license %1, valid until %2%3")
                      .arg(check.license->id, check.license->expires.toString(Qt::ISODate),
                           online ? QStringLiteral("; ") + license->online.text : QStringLiteral(" (checked offline)"));
    return line;
}

} // namespace

QString modeName(ConnectionMode mode)
{
    switch (mode) {
    case ConnectionMode::CloudToCloud:
        return QStringLiteral("Cloud to Cloud");
    case ConnectionMode::DataCenter:
        return QStringLiteral("Data Center to Data Center or Cloud");
    case ConnectionMode::RemoteLicense:
        return QStringLiteral("remote license");
    case ConnectionMode::Email:
        return QStringLiteral("behind firewalls, by e-mail");
    case ConnectionMode::File:
        return QStringLiteral("behind firewalls, by files");
    }
    return {};
}

bool LicensePlan::passed() const
{
    return std::all_of(lines.cbegin(), lines.cend(), [](const Requirement &line) { return line.passed; });
}

LicensePlan planLicenses(const QString &pair, const QString &bundleCarrier, const SideFacts &a, const SideFacts &b,
                         const QList<InstalledLicense> &licenses, const QList<EndpointClaim> &claims)
{
    LicensePlan plan;
    const SideFacts *sides[] = {&a, &b};
    if (!bundleCarrier.isEmpty()) {
        // Behind firewalls each console answers for its own site, offline: no path to any license
        // service is needed, or used.
        plan.mode = bundleCarrier == QStringLiteral("email") ? ConnectionMode::Email : ConnectionMode::File;
        const SideFacts &local = a.local ? a : b;
        plan.lines << Requirement{QStringLiteral("deployment"),
                                  true,
                                  local.deployment == QStringLiteral("dc")
                                      ? QStringLiteral("%1 is Jira Data Center").arg(local.siteName)
                                      : QStringLiteral("%1 is Jira Cloud, on the open side of the firewall: its "
                                                       "console mails or carries bundles like a Data Center one")
                                            .arg(local.siteName),
                                  {}};
        plan.lines << licenseLine(local, licenseFor(licenses, local), false);
        return plan;
    }

    const InstalledLicense *held[] = {licenseFor(licenses, a), licenseFor(licenses, b)};
    const bool cloud[] = {a.deployment == QStringLiteral("cloud"), b.deployment == QStringLiteral("cloud")};
    if (cloud[0] && cloud[1]) {
        plan.mode = ConnectionMode::CloudToCloud;
        plan.needsService = true;
        plan.lines << Requirement{QStringLiteral("deployment"), true, QStringLiteral("both sites are Jira Cloud"), {}};
        for (int i : {0, 1})
            plan.lines << licenseLine(*sides[i], held[i], true);
        return plan;
    }
    // A remote license on one side and none on the other: the remote-license mode.
    for (int i : {0, 1}) {
        const InstalledLicense *remote = held[i];
        if (!remote || !remote->check.license || remote->check.license->kind != QStringLiteral("remote") || held[1 - i])
            continue;
        const License &license = *remote->check.license;
        const SideFacts &other = *sides[1 - i];
        plan.mode = ConnectionMode::RemoteLicense;
        plan.remoteLicense = license.id;
        plan.remoteSite = normalisedSiteUrl(other.url);
        plan.lines << Requirement{QStringLiteral("deployment"), !cloud[i],
                                  QStringLiteral("%1 (with the remote license) is %2; %3 is %4")
                                      .arg(sides[i]->siteName, deploymentName(sides[i]->deployment), other.siteName,
                                           deploymentName(other.deployment)),
                                  cloud[i] ? QStringLiteral("a remote license belongs on a Data Center site")
                                           : QString()};
        plan.lines << licenseLine(*sides[i], remote, false);
        QSet<QString> inUse;
        QStringList holders;
        for (const EndpointClaim &claim : claims) {
            if (claim.licenseId != license.id || claim.pair == pair)
                continue;
            inUse.insert(claim.siteUrl);
            holders << QStringLiteral("%1 (%2)").arg(claim.pair, claim.siteUrl);
        }
        const bool free = inUse.contains(plan.remoteSite) || inUse.size() < license.remoteEndpoints;
        plan.lines << Requirement{
            QStringLiteral("endpoint"), free,
            QStringLiteral("remote license %1 allows %2 remote endpoint(s); in use: %3")
                .arg(license.id)
                .arg(license.remoteEndpoints)
                .arg(holders.isEmpty() ? QStringLiteral("none") : holders.join(QStringLiteral(", "))),
            free ? QString()
                 : QStringLiteral("remove a pair that holds an endpoint (ferry-cli pair remove NAME), or extend "
                                  "the license")};
        return plan;
    }
    plan.mode = ConnectionMode::DataCenter;
    plan.lines << Requirement{
        QStringLiteral("deployment"),
        !cloud[0] || !cloud[1],
        QStringLiteral("%1 is %2; %3 is %4")
            .arg(a.siteName, deploymentName(a.deployment), b.siteName, deploymentName(b.deployment)),
        {}};
    // With a Cloud site on either side every license is validated online.
    plan.needsService = cloud[0] || cloud[1];
    for (int i : {0, 1})
        plan.lines << licenseLine(*sides[i], held[i], plan.needsService);
    return plan;
}

} // namespace ferry
