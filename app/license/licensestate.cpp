#include "license/licensestate.h"

#include "core/logcategories.h"
#include "license/licenseclient.h"
#include "store/licenserepository.h"
#include "store/pairrepository.h"
#include "store/statestore.h"

namespace ferry {

Result<LicenseState> LicenseState::read(StateStore &store)
{
    LicenseRepository repository(store);
    LicenseState state;
    const Result<QList<LicenseRepository::TrustedKey>> keys = repository.trustedKeys();
    if (!keys)
        return keys.error();
    const Result<QList<LicenseRepository::Installed>> installed = repository.all();
    if (!installed)
        return installed.error();
    const Result<QList<LicenseRepository::Claim>> claims = repository.claims();
    if (!claims)
        return claims.error();
    const Result<QString> service = repository.setting(licenseServiceSetting);
    if (!service)
        return service.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Nothing read from the state is believed for being there: every delegation and verdict is
    // verified again, as it was when it came (docs/security.md).
    QList<Delegation> delegations;
    for (const LicenseRepository::TrustedKey &key : *keys) {
        QString why = QStringLiteral("it was added without the delegation that vouches for it");
        const std::optional<Delegation> delegation = key.delegation.isEmpty()
            ? std::nullopt
            : Delegation::verify(key.delegation, LicenseTrust::vendorKey(), now.date(), &why);
        if (delegation && delegation->key == key.key)
            delegations << *delegation;
        else
            qCWarning(lcLicense).noquote() << "the license key" << key.key.toBase64() << "is not believed:" << why
                                           << "- add its delegation with ferry-cli license trust FILE";
    }
    state.trust = LicenseTrust(delegations);
    state.service = QUrl(*service);
    for (const LicenseRepository::Installed &license : *installed) {
        const Result<std::optional<LicenseRepository::Verdict>> stored = repository.verdict(license.id);
        if (!stored)
            return stored.error();
        const std::optional<LicenseRepository::Verdict> &verdict = *stored;
        const LicenseCheck check = verifyLicense(license.document, state.trust, now.date());
        QString status;
        QDateTime lastValid;
        if (verdict && check.license) {
            QString why;
            if (const auto latest = readVerdict(verdict->document, *check.license, state.trust, {}, &why))
                status = latest->status;
            else
                qCWarning(lcLicense).noquote()
                    << "the license service's stored verdict on" << license.id << "is not believed:" << why;
            const auto valid = verdict->validDocument.isEmpty()
                ? std::nullopt
                : readVerdict(verdict->validDocument, *check.license, state.trust, {}, &why);
            if (valid && valid->status == QStringLiteral("valid"))
                lastValid = valid->checked;
        }
        state.ids << license.id;
        state.licenses << InstalledLicense{check, onlineStanding(status, lastValid, now)};
    }
    // An endpoint is bound to its pair until the pair is removed, running or not; one held by a
    // pair that no longer exists (removed by an older Ferry) is free.
    const Result<QList<PairRepository::Summary>> pairs = PairRepository(store).list();
    if (!pairs)
        return pairs.error();
    for (const LicenseRepository::Claim &claim : *claims) {
        if (std::none_of(pairs->cbegin(), pairs->cend(),
                         [&](const PairRepository::Summary &pair) { return pair.name == claim.pair; })) {
            (void)repository.releaseEndpoint(claim.pair); // freed again on the next read if this fails
            continue;
        }
        state.claims << EndpointClaim{claim.licenseId, claim.siteUrl, claim.pair};
    }
    return state;
}

Result<void> bindEndpoint(StateStore &store, const QString &pair, const LicensePlan &plan)
{
    if (plan.mode != ConnectionMode::RemoteLicense)
        return {};
    for (const Requirement &line : plan.lines) {
        if (line.name == QStringLiteral("endpoint") && !line.passed)
            return Error(QStringLiteral("%1: %2 (%3)").arg(line.name, line.detail, line.fix));
    }
    return LicenseRepository(store).claimEndpoint({pair, plan.remoteLicense, plan.remoteSite});
}

LicenseCheck installLicense(StateStore &store, const LicenseTrust &trust, const QByteArray &document, QString *error)
{
    const LicenseCheck check = verifyLicense(document, trust, QDate::currentDate());
    if (!check.isValid() && check.status != LicenseCheck::Status::NotYetValid)
        *error = check.why;
    else if (auto installed = LicenseRepository(store).install(check.license->id, document); !installed)
        *error = installed.error().message();
    return check;
}

void validateLicenses(StateStore &store, const LicenseState &state, LicenseClient &client, const QStringList &pairSites,
                      const std::function<void(const QStringList &problems)> &done)
{
    // One more than the questions asked: the last answer, or the end of this loop, finishes.
    auto pending = std::make_shared<int>(1);
    auto problems = std::make_shared<QStringList>();
    const auto oneDone = [pending, problems, done] {
        if (--*pending > 0)
            return;
        problems->removeDuplicates();
        done(*problems);
    };
    for (qsizetype i = 0; i < state.licenses.size(); ++i) {
        const std::optional<License> &license = state.licenses.at(i).check.license;
        const bool forPair = std::any_of(pairSites.cbegin(), pairSites.cend(),
                                         [&](const QString &url) { return license && license->covers(url); });
        if (!license || (!pairSites.isEmpty() && !forPair))
            continue;
        ++*pending;
        const QString id = state.ids.at(i);
        client.validate(*license, pairSites.isEmpty() ? QStringList{license->siteUrl} : pairSites,
                        [&store, id, problems, oneDone](const LicenseVerdict &verdict) {
                            if (verdict.outcome != LicenseVerdict::Outcome::Answered)
                                *problems << verdict.why;
                            else if (auto recorded = LicenseRepository(store).recordVerdict(
                                         {id, verdict.status, verdict.checked, {}, verdict.document, {}});
                                     !recorded)
                                *problems << recorded.error().message();
                            oneDone();
                        });
    }
    oneDone();
}

void planLicensesOnline(StateStore &store, QNetworkAccessManager *network, std::unique_ptr<LicenseClient> &client,
                        const QString &pair, const QString &bundleCarrier, const SideFacts &a, const SideFacts &b,
                        const std::function<void(const std::optional<LicensePlan> &plan, const QString &error,
                                                 const QStringList &unanswered)> &done)
{
    const auto plan = [&store, pair, bundleCarrier, a, b, done](const QStringList &unanswered) {
        const Result<LicenseState> state = LicenseState::read(store);
        if (!state)
            return done(std::nullopt, state.error().message(), unanswered);
        done(planLicenses(pair, bundleCarrier, a, b, state->licenses, state->claims), {}, unanswered);
    };
    const Result<LicenseState> state = LicenseState::read(store);
    if (!state)
        return done(std::nullopt, state.error().message(), {});
    if (!planLicenses(pair, bundleCarrier, a, b, state->licenses, state->claims).needsService
        || state->service.isEmpty())
        return plan({});
    client = std::make_unique<LicenseClient>(network, state->service, state->trust);
    validateLicenses(store, *state, *client, {a.url, b.url}, plan);
}

} // namespace ferry
