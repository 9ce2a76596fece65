#pragma once

#include <QDate>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>

namespace ferry {

/// One installed license as the console shows it.
struct LicenseRow {
    QString id;
    QString description; ///< "a site license for https://… (Data Center), 50 users"
    QString site;
    QDate expires;
    QString status; ///< "valid", "expired", "tampered", …
    QString why; ///< what is wrong, when something is
    QString online; ///< the service's last word and the grace left
    bool good = false;
    int remoteEndpoints = 0; ///< of a remote license
    QStringList endpointsInUse; ///< "PAIR (SITE)" of running pairs
};

class LicenseDeskWorker;

/// The console's access to its licenses. Everything it does runs on a thread of its own (the
/// state store, the license service over the network), so a slow service never holds up the
/// window; results come back as signals.
class LicenseDesk : public QObject {
    Q_OBJECT
public:
    explicit LicenseDesk(const QString &stateDirectory, QObject *parent = nullptr);
    ~LicenseDesk() override;

    /// Reads the licenses as they stand; overview() follows.
    void refresh();
    /// Asks the license service about every license, keeps its verdicts; overview() and said() follow.
    void checkOnline();
    /// Installs a license file after verifying it; said() and overview() follow.
    void install(const QString &file);
    /// Asks the license service for a 30-day trial of a configured site (by name) and installs
    /// it; said() and overview() follow.
    void requestTrial(const QString &siteName);
    /// Removes an installed license; said() and overview() follow.
    void remove(const QString &id);
    /// Sets this installation's license service (an http(s) address); said() and overview() follow.
    void setService(const QString &url);

Q_SIGNALS:
    void overview(const QList<ferry::LicenseRow> &rows, const QString &service);
    /// What happened, for the admin: a license installed or refused, the service unreachable, …
    void said(const QString &message, bool problem);
    void busy(bool working);

private:
    QThread m_thread;
    LicenseDeskWorker *m_worker;
};

} // namespace ferry

Q_DECLARE_METATYPE(ferry::LicenseRow)
