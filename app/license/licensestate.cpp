#include "license/licensestate.h"

#include "store/licenserepository.h"
#include "store/statestore.h"

namespace ferry {

std::optional<LicenseState> LicenseState::read(StateStore &store, QString *error)
{
    LicenseRepository repository(store);
    LicenseState state;
    const std::optional<QList<QByteArray>> keys = repository.trustedKeys(error);
    const std::optional<QList<LicenseRepository::Installed>> installed = keys ? repository.all(error) : std::nullopt;
    const std::optional<QList<LicenseRepository::Claim>> claims = installed ? repository.claims(error) : std::nullopt;
    if (!claims)
        return std::nullopt;
    state.trust = LicenseTrust(*keys);
    state.service = QUrl(repository.setting(licenseServiceSetting, error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const LicenseRepository::Installed &license : *installed) {
        const std::optional<LicenseRepository::Verdict> verdict = repository.verdict(license.id, error);
        if (!error->isEmpty())
            return std::nullopt;
        state.ids << license.id;
        state.licenses << InstalledLicense{
            verifyLicense(license.document, state.trust, now.date()),
            onlineStanding(verdict ? verdict->status : QString(), verdict ? verdict->lastValid : QDateTime(), now)};
    }
    for (const LicenseRepository::Claim &claim : *claims) {
        // A pair that stopped without releasing (a crash) holds nothing: its lock is free.
        PairLock lock(store.directory(), claim.pair);
        if (lock.acquire(error)) {
            lock.release();
            repository.releaseEndpoint(claim.pair, error);
            continue;
        }
        error->clear();
        state.claims << EndpointClaim{claim.licenseId, claim.siteUrl, claim.pair};
    }
    return state;
}

} // namespace ferry
