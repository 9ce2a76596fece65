#include "license/trialrequest.h"

#include "jira/jiraclient.h"
#include "license/licenseclient.h"
#include "store/statestore.h"

#include <memory>

namespace ferry {

void requestTrial(const Site &site, const QString &secret, const LicenseState &state, StateStore &store,
                  QNetworkAccessManager *network, QObject *context, std::function<void(const TrialOutcome &)> done)
{
    if (state.service.isEmpty())
        return done({QStringLiteral("no license service is set for this installation; set its address first "
                                    "(ferry-cli license service URL, or License Service… on the Licenses page)"),
                     std::nullopt});
    // Both clients live until the answer is in; the last step lets them go.
    auto jira = std::make_shared<JiraClient>(site, secret, network);
    auto service = std::make_shared<LicenseClient>(network, state.service, state.trust);
    const auto failed = [done, name = site.name](const QString &why) {
        done({QStringLiteral("%1: %2").arg(name, why), std::nullopt});
    };
    then(jira->detectDeployment(), context, [=, &store](JiraReply *detected) {
        if (!detected->ok())
            return failed(detected->error().sentence());
        then(jira->siteIdentity(), context, [=, &store](JiraReply *identity) {
            if (!identity->ok())
                return failed(identity->error().sentence());
            const QString deployment
                = jira->deployment() == JiraClient::Deployment::Cloud ? QStringLiteral("cloud") : QStringLiteral("dc");
            service->requestTrial(normalisedSiteUrl(site.url.toString()),
                                  identity->object().value(QStringLiteral("id")).toString(), deployment, site.name,
                                  [=, &store](const QByteArray &document, const QString &why) {
                                      (void)service; // kept alive until here
                                      if (!why.isEmpty())
                                          return done({why, std::nullopt});
                                      QString error;
                                      const LicenseCheck check = installLicense(store, state.trust, document, &error);
                                      if (!error.isEmpty())
                                          return done({error, std::nullopt});
                                      done({{}, check.license});
                                  });
        });
    });
}

} // namespace ferry
