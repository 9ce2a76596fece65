#pragma once

#include "core/pairconfig.h"
#include "jira/jiraclient.h"
#include "jira/site.h"
#include "sandboxfixture.h"

class QNetworkAccessManager;
class QProcess;

namespace ferry::test {

/// A site entry for a running sandbox, signed in as its administrator.
Site siteFor(const SandboxFixture &sb);
/// The same for a sandbox of a flavor at a base URL (one running in its own process).
Site siteFor(const QString &baseUrl, sandbox::Flavor flavor);
/// The administrator's secret on a sandbox flavor (an API token on Cloud, a password on DC).
QString secretFor(sandbox::Flavor flavor);
/// Waits for a reply to finish (tests only); false when it did not within the time.
bool waitFor(JiraReply *reply, int timeoutMs = 30'000);
/// What a sandbox tells a client about itself, as suggesting and translating need it; given a
/// project, all the engine reads when it connects (SideConnector: users, site id, the screens of
/// the project's issue types).
SiteMetadata metadataOf(SandboxFixture &sb, QNetworkAccessManager *network, const QString &project = {});
SiteMetadata metadataOf(const QString &baseUrl, sandbox::Flavor flavor, QNetworkAccessManager *network,
                        const QString &project = {});

/// Starts the ferry-sandbox executable (program) with arguments; its base URL once it listens,
/// empty when it did not start.
QString startSandboxProcess(QProcess &process, const QString &program, const QStringList &arguments);
/// A request to a sandbox as its administrator, waited for; the answer's body, empty on failure
/// (said on stdout).
QByteArray callSandbox(QNetworkAccessManager &network, const QByteArray &method, const QString &url,
                       sandbox::Flavor flavor, const QJsonObject &body = {});
/// A state folder as ferry-cli makes it, for benchmarks: the sites "acme" (a Cloud sandbox at
/// cloudUrl) and "glx" (a Data Center one at dcUrl), their secrets by env: reference, and the
/// pair; false with the reason.
bool writeSandboxState(const QString &stateDirectory, const QString &cloudUrl, const QString &dcUrl,
                       const PairConfig &config, QString *error);

/// Licenses sandbox sites (base URL, "cloud" or "dc") in a console's state as an admin would:
/// a license for each from the sandbox license service at serviceUrl (over HTTP), installed, and
/// that service made the installation's.
bool licenseSandboxSites(const QString &stateDirectory, const QString &serviceUrl,
                         const QList<QPair<QString, QString>> &sites, QString *error);

} // namespace ferry::test
