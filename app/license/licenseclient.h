#pragma once

#include "license/license.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace ferry {

/// What the license service said of a license, checked: signed by a key Ferry believes for the
/// license's site, about this license, answering this request (its nonce).
struct LicenseVerdict {
    enum class Outcome {
        Answered, ///< status holds the service's word
        Unreachable, ///< no answer (down, blocked, too slow): the cached verdict stands, within its grace
        Refused, ///< an answer Ferry cannot take (unsigned, from a stranger, about something else)
    };
    Outcome outcome = Outcome::Unreachable;
    QString status; ///< "valid", "revoked" or "unknown"
    QDateTime checked;
    QByteArray document; ///< the signed verdict, to keep
    QString why; ///< what went wrong, for an admin
};

/// What a signed verdict says, once it holds: signed by a key Ferry believes for the license's
/// site, about this license, and answering the question asked (nonce; empty for a verdict read
/// back from the state, which is verified again each time it is used). nullopt with why otherwise.
struct VerdictPayload {
    QString status;
    QDateTime checked;
};
std::optional<VerdictPayload> readVerdict(const QByteArray &document, const License &license, const LicenseTrust &trust,
                                          const QString &nonce, QString *why);

/// Talks to a license service over HTTPS with QNetworkAccessManager, asynchronously: never a
/// blocking wait, so a slow service delays only the answer, not the GUI or the engine. Every
/// request has a transfer timeout.
class LicenseClient : public QObject {
    Q_OBJECT
public:
    LicenseClient(QNetworkAccessManager *network, const QUrl &service, LicenseTrust trust, QObject *parent = nullptr);

    static constexpr int timeoutMs = 15'000;

    /// Asks whether a license is still good (not revoked) for the sites it is used with.
    void validate(const License &license, const QStringList &sites, std::function<void(const LicenseVerdict &)> done);
    /// Asks for a 30-day trial license of a site (siteId: its identity, as JiraClient::siteIdentity()
    /// reads it; the service grants one trial per identity); done gets the signed file, or why not.
    void requestTrial(const QString &siteUrl, const QString &siteId, const QString &deployment, const QString &licensee,
                      std::function<void(const QByteArray &file, const QString &why)> done);

private:
    QNetworkReply *post(const QString &path, const QJsonObject &body);
    QString describe(QNetworkReply *reply) const;

    QNetworkAccessManager *m_network;
    QUrl m_service;
    LicenseTrust m_trust;
};

/// How a license stands with the service: the last verdict and its grace period.
struct OnlineStanding {
    static constexpr int graceDays = 7;
    bool good = false;
    bool revoked = false; ///< the service's word is final, whatever the license needs
    QString text; ///< "validated online 2 days ago (5 days of grace left)" or why not
    int graceDaysLeft = 0;
};
/// status/lastValid from the last recorded verdict (empty/invalid when none).
OnlineStanding onlineStanding(const QString &status, const QDateTime &lastValid, const QDateTime &now);

} // namespace ferry
