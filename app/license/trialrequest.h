#pragma once

#include "jira/site.h"
#include "license/licensestate.h"

#include <functional>

class QNetworkAccessManager;
class QObject;

namespace ferry {

class StateStore;

/// What came of a trial request: the license installed, or why not (error non-empty).
struct TrialOutcome {
    QString error;
    std::optional<License> license;
};

/// Asks the license service in state for a 30-day trial license of a configured site and
/// installs it: Jira is asked first for the site's deployment and identity (a trial goes to a
/// site once, by its identity). Asynchronous on the caller's thread; done() is called once,
/// context permitting. Shared by ferry-cli license trial and the console's Request Trial….
void requestTrial(const Site &site, const QString &secret, const LicenseState &state, StateStore &store,
                  QNetworkAccessManager *network, QObject *context, std::function<void(const TrialOutcome &)> done);

} // namespace ferry
