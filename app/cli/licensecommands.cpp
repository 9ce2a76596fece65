#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/statedir.h"
#include "jira/site.h"
#include "license/licensestate.h"
#include "license/trialrequest.h"
#include "store/licenserepository.h"
#include "store/statestore.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace ferry::cli {

namespace {

const QString licenseUsage = QStringLiteral(
    "Usage: ferry-cli license install FILE\n"
    "       ferry-cli license list\n"
    "       ferry-cli license show ID\n"
    "       ferry-cli license check [--json]\n"
    "       ferry-cli license trial SITE\n"
    "       ferry-cli license remove ID\n"
    "       ferry-cli license service URL\n"
    "       ferry-cli license trust FILE [--note TEXT]\n\n"
    "Licenses are signed documents: for one Jira site (site), or for one site plus a number of remote\n"
    "sites without Ferry of their own (remote). Ferry takes only licenses signed by the vendor's key,\n"
    "by a self-hosted license service's key that the vendor delegated (added with 'trust'), or by the\n"
    "sandbox's key (for sites on this machine only), and says why it refuses any other.\n\n"
    "  install  verifies a license file and keeps it in the state folder\n"
    "  check    verifies every license, and asks the license service whether each still holds;\n"
    "           the service's signed verdict is kept: when the service cannot be reached, the last\n"
    "           good verdict holds for 7 days (the grace period)\n"
    "  trial    asks the license service for a 30-day trial license of a configured site\n"
    "  service  the license service's address for this installation (https://...)\n"
    "  trust    believes licenses and verdicts signed by the key a delegation FILE names: a document\n"
    "           the vendor signed for a self-hosted license service (the sandbox's delegations vouch\n"
    "           for sites on this machine only); a bare key is never taken\n"
    "Exit code of check: 0 when every license holds, 1 otherwise.\n");

/// The state store and the licenses as they stand in it, read once per command (and again
/// after the license service was asked).
struct Licensing {
    StateStore store{stateDirectory()};
    LicenseRepository repository{store};
    LicenseState state;

    bool reread(Context &context)
    {
        Result<LicenseState> read = LicenseState::read(store);
        if (!read) {
            failure(read.error(), context, QStringLiteral("ferry-cli license"));
            return false;
        }
        state = std::move(*read);
        return true;
    }
};

std::unique_ptr<Licensing> openLicensing(Context &context)
{
    auto licensing = std::make_unique<Licensing>();
    if (!openStore(licensing->store, context) || !licensing->reread(context))
        return nullptr;
    return licensing;
}

QString describe(const License &license)
{
    return QStringLiteral("a %1%2 license for %3 (%4), %5 users%6, valid %7 to %8")
        .arg(license.trial ? QStringLiteral("trial ") : QString(), license.kind, license.siteUrl,
             license.deployment == QStringLiteral("cloud") ? QStringLiteral("Cloud") : QStringLiteral("Data Center"))
        .arg(license.userTier)
        .arg(license.kind == QStringLiteral("remote")
                 ? QStringLiteral(", %1 remote endpoint(s)").arg(license.remoteEndpoints)
                 : QString())
        .arg(license.issued.toString(Qt::ISODate), license.expires.toString(Qt::ISODate));
}

int install(const QStringList &arguments, Context &context)
{
    if (arguments.size() != 1) {
        context.err << "ferry-cli license install: give one license file\n\n" << licenseUsage;
        return UsageError;
    }
    QFile file(arguments.first());
    if (!file.open(QIODevice::ReadOnly)) {
        context.err << "ferry-cli license install: cannot read " << arguments.first() << ": " << file.errorString()
                    << '\n';
        return Failure;
    }
    const std::unique_ptr<Licensing> licensing = openLicensing(context);
    if (!licensing)
        return Failure;
    const QByteArray document = file.read(1024 * 1024);
    QString error;
    const LicenseCheck check = installLicense(licensing->store, licensing->state.trust, document, &error);
    if (!error.isEmpty()) {
        context.err << "ferry-cli license install: " << arguments.first() << " is not installed: " << error << '\n';
        return Failure;
    }
    context.out << "License " << check.license->id << " installed: " << describe(*check.license) << ".\n";
    if (!check.isValid())
        context.out << "It is not in force yet: " << check.why << ".\n";
    return Success;
}

/// One installed license, verified again, with its online standing.
struct Standing {
    QString id;
    LicenseCheck check;
    OnlineStanding online;
    bool onlineNeeded = false; ///< Cloud sites' licenses live by the service's word
    bool good() const { return check.isValid() && !online.revoked && (!onlineNeeded || online.good); }
};

QList<Standing> standings(const LicenseState &state)
{
    QList<Standing> all;
    for (qsizetype i = 0; i < state.ids.size(); ++i) {
        const InstalledLicense &license = state.licenses.at(i);
        all << Standing{state.ids.at(i), license.check, license.online,
                        license.check.license && license.check.license->deployment == QStringLiteral("cloud")};
    }
    return all;
}

int list(const QStringList &arguments, Context &context)
{
    if (!arguments.isEmpty()) {
        context.err << "ferry-cli license list: takes no arguments\n\n" << licenseUsage;
        return UsageError;
    }
    const std::unique_ptr<Licensing> licensing = openLicensing(context);
    if (!licensing)
        return Failure;
    const QList<Standing> all = standings(licensing->state);
    if (all.isEmpty())
        context.out << "No licenses yet. Install one with: ferry-cli license install FILE (or ferry-cli license "
                       "trial SITE)\n";
    for (const Standing &standing : all)
        context.out << standing.id << "  " << standing.check.statusText() << "  "
                    << (standing.check.license ? describe(*standing.check.license) : standing.check.why) << '\n';
    return Success;
}

int show(const QStringList &arguments, Context &context)
{
    if (arguments.size() != 1) {
        context.err << "ferry-cli license show: give a license id\n\n" << licenseUsage;
        return UsageError;
    }
    const std::unique_ptr<Licensing> licensing = openLicensing(context);
    if (!licensing)
        return Failure;
    const QList<Standing> all = standings(licensing->state);
    for (const Standing &standing : all) {
        if (standing.id != arguments.first())
            continue;
        const License &license = *standing.check.license;
        context.out << "License    " << license.id << (license.trial ? QStringLiteral(" (trial)") : QString()) << '\n'
                    << "Licensee   " << license.licensee << '\n'
                    << "Kind       " << license.kind
                    << (license.kind == QStringLiteral("remote")
                            ? QStringLiteral(", %1 remote endpoint(s)").arg(license.remoteEndpoints)
                            : QString())
                    << '\n'
                    << "Site       " << license.siteUrl << " (" << license.deployment << ")\n"
                    << "Users      " << license.userTier << '\n'
                    << "Valid      " << license.issued.toString(Qt::ISODate) << " to "
                    << license.expires.toString(Qt::ISODate) << '\n'
                    << "Status     " << standing.check.statusText()
                    << (standing.check.why.isEmpty() ? QString() : QStringLiteral(": ") + standing.check.why) << '\n'
                    << "Online     " << standing.online.text
                    << (standing.onlineNeeded ? QString() : QStringLiteral(" (needed only with a Cloud site)")) << '\n';
        return Success;
    }
    context.err << "ferry-cli license show: no license " << arguments.first()
                << " is installed (ferry-cli license list shows them)\n";
    return Failure;
}

int check(const QStringList &arguments, Context &context)
{
    const bool json = arguments == QStringList{QStringLiteral("--json")};
    if (!arguments.isEmpty() && !json) {
        context.err << "ferry-cli license check: takes only --json\n\n" << licenseUsage;
        return UsageError;
    }
    const std::unique_ptr<Licensing> licensing = openLicensing(context);
    if (!licensing)
        return Failure;
    // Ask the service about each license that can be read; its verdicts are kept.
    QStringList serviceProblems;
    if (licensing->state.service.isValid() && !licensing->state.service.isEmpty()) {
        QNetworkAccessManager network;
        LicenseClient client(&network, licensing->state.service, licensing->state.trust);
        runUntil([&](const std::function<void()> &done) {
            validateLicenses(licensing->store, licensing->state, client, {}, [&](const QStringList &problems) {
                serviceProblems = problems;
                done();
            });
        });
        if (!licensing->reread(context))
            return Failure;
    } else {
        serviceProblems << QStringLiteral("no license service is set for this installation (ferry-cli license "
                                          "service URL); licenses are checked offline only");
    }
    const QList<Standing> all = standings(licensing->state);
    bool good = true;
    QJsonArray lines;
    for (const Standing &standing : all) {
        good = good && standing.good();
        lines.append(QJsonObject{{QStringLiteral("license"), standing.id},
                                 {QStringLiteral("status"), standing.check.statusText()},
                                 {QStringLiteral("why"), standing.check.why},
                                 {QStringLiteral("online"), standing.online.text},
                                 {QStringLiteral("onlineNeeded"), standing.onlineNeeded},
                                 {QStringLiteral("graceDaysLeft"), standing.online.graceDaysLeft},
                                 {QStringLiteral("good"), standing.good()}});
        if (json)
            continue;
        context.out
            << "License " << standing.id << '\n'
            << (standing.check.isValid() ? "  PASS  " : "  FAIL  ") << "signature and dates: "
            << (standing.check.isValid()
                    ? QStringLiteral("valid until %1").arg(standing.check.license->expires.toString(Qt::ISODate))
                    : standing.check.why)
            << '\n'
            << (standing.online.good                                   ? "  PASS  "
                    : standing.onlineNeeded || standing.online.revoked ? "  FAIL  "
                                                                       : "  ----  ")
            << "online: " << standing.online.text
            << (standing.onlineNeeded || standing.online.revoked ? QString()
                                                                 : QStringLiteral(" (needed only with a Cloud site)"))
            << '\n';
    }
    if (json)
        context.out << QJsonDocument(
                           QJsonObject{{QStringLiteral("licenses"), lines},
                                       {QStringLiteral("service"), licensing->state.service.toString()},
                                       {QStringLiteral("serviceProblems"), QJsonArray::fromStringList(serviceProblems)},
                                       {QStringLiteral("good"), good}})
                           .toJson();
    else
        for (const QString &problem : std::as_const(serviceProblems))
            context.out << "Note: " << problem << '\n';
    if (all.isEmpty() && !json)
        context.out << "No licenses installed.\n";
    return good ? Success : Failure;
}

int trial(const QStringList &arguments, Context &context)
{
    if (arguments.size() != 1) {
        context.err << "ferry-cli license trial: give a configured site's name\n\n" << licenseUsage;
        return UsageError;
    }
    const std::unique_ptr<Licensing> licensing = openLicensing(context);
    if (!licensing)
        return Failure;
    if (licensing->state.service.isEmpty()) {
        context.err << "ferry-cli license trial: no license service is set; set it with ferry-cli license service "
                       "URL\n";
        return Failure;
    }
    SiteRegistry registry(stateDirectory());
    if (!loadRegistry(registry, context))
        return Failure;
    const Site *site = findSite(registry, arguments.first(), context);
    if (!site)
        return Failure;
    QString problem;
    const QString secret = readSiteSecret(*site, context, &problem);
    if (!problem.isEmpty()) {
        context.err << "ferry-cli license trial: " << problem << '\n';
        return Failure;
    }
    QNetworkAccessManager network;
    TrialOutcome outcome;
    runUntil([&](const std::function<void()> &done) {
        requestTrial(*site, secret, licensing->state, licensing->store, &network, &network,
                     [&](const TrialOutcome &said) {
                         outcome = said;
                         done();
                     });
    });
    if (!outcome.error.isEmpty()) {
        context.err << "ferry-cli license trial: " << outcome.error << '\n';
        return Failure;
    }
    context.out << "Trial license " << outcome.license->id << " installed: " << describe(*outcome.license) << ".\n";
    return Success;
}

int remove(const QStringList &arguments, Context &context)
{
    const std::unique_ptr<Licensing> licensing = arguments.size() == 1 ? openLicensing(context) : nullptr;
    if (arguments.size() != 1) {
        context.err << "ferry-cli license remove: give a license id\n\n" << licenseUsage;
        return UsageError;
    }
    if (!licensing)
        return Failure;
    const QString who = QStringLiteral("ferry-cli license remove");
    const Result<std::optional<LicenseRepository::Installed>> installed = licensing->repository.byId(arguments.first());
    if (!installed)
        return failure(installed.error(), context, who);
    if (!*installed)
        return failure(Error(QStringLiteral("no license %1 is installed").arg(arguments.first())), context, who);
    if (auto removed = licensing->repository.remove(arguments.first()); !removed)
        return failure(removed.error(), context, who);
    context.out << "License " << arguments.first() << " removed.\n";
    return Success;
}

int service(const QStringList &arguments, Context &context)
{
    const QUrl url(arguments.value(0), QUrl::StrictMode);
    if (arguments.size() != 1 || !url.isValid() || url.host().isEmpty()
        || (url.scheme() != QStringLiteral("https") && url.scheme() != QStringLiteral("http"))) {
        context.err << "ferry-cli license service: give the service's address, https://HOST[:PORT][/PATH]\n\n"
                    << licenseUsage;
        return UsageError;
    }
    const std::unique_ptr<Licensing> licensing = openLicensing(context);
    if (!licensing)
        return Failure;
    if (auto set = licensing->repository.setSetting(licenseServiceSetting, url.toString()); !set)
        return failure(set.error(), context, QStringLiteral("ferry-cli license service"));
    context.out << "License service: " << url.toString() << '\n';
    return Success;
}

int trust(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption note(QStringLiteral("note"), {}, QStringLiteral("text"));
    parser.addOption(note);
    if (!parser.parse(QStringList{QStringLiteral("trust")} + arguments) || parser.positionalArguments().size() != 1) {
        context.err << "ferry-cli license trust: give the delegation file the vendor signed for the key\n\n"
                    << licenseUsage;
        return UsageError;
    }
    const QString path = parser.positionalArguments().first();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        context.err << "ferry-cli license trust: cannot read " << path << ": " << file.errorString()
                    << ". A license key is added with the delegation file the vendor signed for it, not as a "
                       "bare key.\n";
        return Failure;
    }
    const QByteArray document = file.read(64 * 1024);
    QString why;
    const std::optional<Delegation> delegation
        = Delegation::verify(document, LicenseTrust::vendorKey(), QDate::currentDate(), &why);
    if (!delegation) {
        context.err << "ferry-cli license trust: " << path << " is not taken: " << why << '\n';
        return Failure;
    }
    const std::unique_ptr<Licensing> licensing = openLicensing(context);
    if (!licensing)
        return Failure;
    if (auto trusted = licensing->repository.trustKey({delegation->key, parser.value(note), delegation->document});
        !trusted)
        return failure(trusted.error(), context, QStringLiteral("ferry-cli license trust"));
    context.out << "Licenses and verdicts signed by " << delegation->key.toBase64() << " (delegated to "
                << delegation->licensee << " until " << delegation->validUntil.toString(Qt::ISODate) << ") are "
                << (delegation->thisMachineOnly ? "believed for sites on this machine, as the sandbox delegated it.\n"
                                                : "believed from now on.\n");
    return Success;
}

} // namespace

int licenseCommand(const QStringList &arguments, Context &context)
{
    return dispatch(QStringLiteral("license"), arguments, context, licenseUsage,
                    {{QStringLiteral("install"), install},
                     {QStringLiteral("list"), list},
                     {QStringLiteral("show"), show},
                     {QStringLiteral("check"), check},
                     {QStringLiteral("trial"), trial},
                     {QStringLiteral("remove"), remove},
                     {QStringLiteral("service"), service},
                     {QStringLiteral("trust"), trust}});
}

} // namespace ferry::cli
