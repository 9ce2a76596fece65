#include "license/licensedesk.h"

#include "jira/secrets.h"
#include "jira/site.h"
#include "license/licenseclient.h"
#include "license/licensestate.h"
#include "license/trialrequest.h"
#include "store/licenserepository.h"
#include "store/statestore.h"

#include <QFile>
#include <QNetworkAccessManager>

#include <memory>

namespace ferry {

/// Lives on the desk's thread, with its own store connection and network access.
class LicenseDeskWorker : public QObject {
    Q_OBJECT
public:
    explicit LicenseDeskWorker(const QString &stateDirectory)
        : m_stateDirectory(stateDirectory)
    {
    }

    void refresh()
    {
        const std::optional<LicenseState> state = readState();
        if (!state)
            return;
        QList<LicenseRow> rows;
        for (qsizetype i = 0; i < state->ids.size(); ++i) {
            const InstalledLicense &installed = state->licenses.at(i);
            LicenseRow row;
            row.id = state->ids.at(i);
            row.status = installed.check.statusText();
            row.why = installed.check.why;
            row.online = installed.online.text;
            row.good = installed.check.isValid() && !installed.online.revoked;
            if (const std::optional<License> &license = installed.check.license) {
                row.site = license->siteUrl;
                row.expires = license->expires;
                row.remoteEndpoints = license->remoteEndpoints;
                row.description
                    = QStringLiteral("%1%2 license, %3, %4 users")
                          .arg(license->trial ? QStringLiteral("trial ") : QString(), license->kind,
                               license->deployment == QStringLiteral("cloud") ? QStringLiteral("Cloud")
                                                                              : QStringLiteral("Data Center"))
                          .arg(license->userTier);
                for (const EndpointClaim &claim : state->claims)
                    if (claim.licenseId == row.id)
                        row.endpointsInUse << QStringLiteral("%1 (%2)").arg(claim.pair, claim.siteUrl);
            }
            rows << row;
        }
        Q_EMIT overview(rows, state->service.toString());
    }

    void checkOnline()
    {
        const std::optional<LicenseState> state = readState();
        if (!state)
            return;
        if (state->service.isEmpty()) {
            Q_EMIT said(QStringLiteral("No license service is set for this installation (ferry-cli license service "
                                       "URL); licenses are checked offline only."),
                        true);
            return refresh();
        }
        Q_EMIT busy(true);
        if (!m_network)
            m_network = std::make_unique<QNetworkAccessManager>();
        m_client = std::make_unique<LicenseClient>(m_network.get(), state->service, state->trust);
        validateLicenses(*m_store, *state, *m_client, {}, [this](const QStringList &problems) {
            Q_EMIT said(problems.isEmpty() ? QStringLiteral("The license service answered for every license.")
                                           : problems.join(u'\n'),
                        !problems.isEmpty());
            Q_EMIT busy(false);
            refresh();
        });
    }

    void install(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Q_EMIT said(QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()), true);
        const QByteArray document = file.read(1024 * 1024);
        const std::optional<LicenseState> state = readState();
        if (!state)
            return;
        QString error;
        const LicenseCheck check = installLicense(*m_store, state->trust, document, &error);
        if (!error.isEmpty())
            return Q_EMIT said(QStringLiteral("%1 is not installed: %2").arg(path, error), true);
        Q_EMIT said(QStringLiteral("License %1 installed.").arg(check.license->id), false);
        refresh();
    }

    /// A 30-day trial of a configured site from the license service, installed.
    void requestTrial(const QString &siteName)
    {
        const std::optional<LicenseState> state = readState();
        if (!state)
            return;
        SiteRegistry registry(m_stateDirectory);
        QString error;
        if (!registry.load(&error))
            return Q_EMIT said(error, true);
        const Site *site = registry.find(siteName);
        if (!site)
            return Q_EMIT said(QStringLiteral("There is no site named %1.").arg(siteName), true);
        Q_EMIT busy(true);
        if (!m_network)
            m_network = std::make_unique<QNetworkAccessManager>();
        auto *secrets = new SecretStore(QStringLiteral("ferry"), this);
        secrets->read(site->secret, site->name, site->user,
                      [this, secrets, site = *site, state = *state](const QString &secret, const QString &problem) {
                          secrets->deleteLater();
                          if (!problem.isEmpty()) {
                              Q_EMIT busy(false);
                              return Q_EMIT said(QStringLiteral("%1: %2").arg(site.name, problem), true);
                          }
                          ferry::requestTrial(
                              site, secret, state, *m_store, m_network.get(), this,
                              [this](const TrialOutcome &outcome) {
                                  Q_EMIT busy(false);
                                  if (!outcome.error.isEmpty())
                                      Q_EMIT said(QStringLiteral("No trial license: %1").arg(outcome.error), true);
                                  else
                                      Q_EMIT said(QStringLiteral("Trial license %1 installed for %2, "
                                                                 "valid until %3.")
                                                      .arg(outcome.license->id, outcome.license->siteUrl,
                                                           outcome.license->expires.toString(Qt::ISODate)),
                                                  false);
                                  refresh();
                              });
                      });
    }

    void remove(const QString &id)
    {
        if (!open())
            return;
        if (auto removed = LicenseRepository(*m_store).remove(id); !removed)
            return Q_EMIT said(removed.error().message(), true);
        Q_EMIT said(QStringLiteral("License %1 removed.").arg(id), false);
        refresh();
    }

    void setService(const QString &text)
    {
        const QUrl url(text.trimmed(), QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != QStringLiteral("https") && url.scheme() != QStringLiteral("http")))
            return Q_EMIT said(
                QStringLiteral("\"%1\" is not a license service address: write https://HOST[:PORT]").arg(text), true);
        if (!open())
            return;
        if (auto set = LicenseRepository(*m_store).setSetting(licenseServiceSetting, url.toString()); !set)
            return Q_EMIT said(set.error().message(), true);
        Q_EMIT said(QStringLiteral("License service: %1").arg(url.toString()), false);
        refresh();
    }

    void close()
    {
        m_client.reset();
        m_network.reset();
        m_store.reset();
    }

Q_SIGNALS:
    void overview(const QList<ferry::LicenseRow> &rows, const QString &service);
    void said(const QString &message, bool problem);
    void busy(bool working);

private:
    /// The licenses as they stand, the store opened first; nullopt after saying why not.
    std::optional<LicenseState> readState()
    {
        if (!open())
            return std::nullopt;
        Result<LicenseState> state = LicenseState::read(*m_store);
        if (!state) {
            Q_EMIT said(state.error().message(), true);
            return std::nullopt;
        }
        return std::move(*state);
    }

    bool open()
    {
        if (m_store)
            return true;
        auto store = std::make_unique<StateStore>(m_stateDirectory);
        if (auto opened = store->open(); !opened) {
            Q_EMIT said(opened.error().message(), true);
            return false;
        }
        m_store = std::move(store);
        return true;
    }

    QString m_stateDirectory;
    std::unique_ptr<StateStore> m_store;
    std::unique_ptr<QNetworkAccessManager> m_network; ///< made on the desk's thread, where it is used
    std::unique_ptr<LicenseClient> m_client;
};

LicenseDesk::LicenseDesk(const QString &stateDirectory, QObject *parent)
    : QObject(parent)
    , m_worker(new LicenseDeskWorker(stateDirectory))
{
    qRegisterMetaType<QList<ferry::LicenseRow>>();
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &LicenseDeskWorker::overview, this, &LicenseDesk::overview);
    connect(m_worker, &LicenseDeskWorker::said, this, &LicenseDesk::said);
    connect(m_worker, &LicenseDeskWorker::busy, this, &LicenseDesk::busy);
    m_thread.setObjectName(QStringLiteral("licenses"));
    m_thread.start();
}

LicenseDesk::~LicenseDesk()
{
    QMetaObject::invokeMethod(m_worker, &LicenseDeskWorker::close, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void LicenseDesk::refresh()
{
    QMetaObject::invokeMethod(m_worker, &LicenseDeskWorker::refresh, Qt::QueuedConnection);
}

void LicenseDesk::checkOnline()
{
    QMetaObject::invokeMethod(m_worker, &LicenseDeskWorker::checkOnline, Qt::QueuedConnection);
}

void LicenseDesk::install(const QString &file)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, file] { worker->install(file); }, Qt::QueuedConnection);
}

void LicenseDesk::requestTrial(const QString &siteName)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, siteName] { worker->requestTrial(siteName); }, Qt::QueuedConnection);
}

void LicenseDesk::remove(const QString &id)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, id] { worker->remove(id); }, Qt::QueuedConnection);
}

void LicenseDesk::setService(const QString &url)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, url] { worker->setService(url); }, Qt::QueuedConnection);
}

} // namespace ferry

#include "licensedesk.moc"
