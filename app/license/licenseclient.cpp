#include "license/licenseclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUuid>

namespace ferry {

LicenseClient::LicenseClient(QNetworkAccessManager *network, const QUrl &service, LicenseTrust trust, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_service(service)
    , m_trust(std::move(trust))
{
}

QNetworkReply *LicenseClient::post(const QString &path, const QJsonObject &body)
{
    QUrl url = m_service;
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    return m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QString LicenseClient::describe(QNetworkReply *reply) const
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status > 0) {
        const QJsonArray messages
            = QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("errorMessages")).toArray();
        return QStringLiteral("the license service %1 answered %2%3")
            .arg(m_service.toString())
            .arg(status)
            .arg(messages.isEmpty() ? QString() : QStringLiteral(": ") + messages.first().toString());
    }
    return QStringLiteral("the license service %1 cannot be reached: %2")
        .arg(m_service.toString(),
             reply->error() == QNetworkReply::OperationCanceledError
                 ? QStringLiteral("no answer within %1 s").arg(timeoutMs / 1000)
                 : reply->errorString());
}

std::optional<VerdictPayload> readVerdict(const QByteArray &document, const License &license, const LicenseTrust &trust,
                                          const QString &nonce, QString *why)
{
    QString error;
    const std::optional<SignedDocument> signedDocument = SignedDocument::fromJson(document, &error);
    if (!signedDocument || !signedDocument->signatureHolds()) {
        *why = QStringLiteral("the license service's answer is not signed, or was altered: %1")
                   .arg(error.isEmpty() ? QStringLiteral("its signature does not match") : error);
        return std::nullopt;
    }
    if (!trust.believes(signedDocument->signer, license.siteUrl, why)) {
        *why = QStringLiteral("the license service's answer: %1").arg(*why);
        return std::nullopt;
    }
    const QJsonObject payload = QJsonDocument::fromJson(signedDocument->payload).object();
    if (payload.value(QStringLiteral("license")).toString() != license.id
        || (!nonce.isEmpty() && payload.value(QStringLiteral("nonce")).toString() != nonce)) {
        *why = QStringLiteral("the license service answered another question (an old or foreign answer)");
        return std::nullopt;
    }
    return VerdictPayload{
        payload.value(QStringLiteral("status")).toString(),
        QDateTime::fromString(payload.value(QStringLiteral("checked")).toString(), Qt::ISODateWithMs)};
}

void LicenseClient::validate(const License &license, const QStringList &sites,
                             std::function<void(const LicenseVerdict &)> done)
{
    const QString nonce = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QNetworkReply *reply = post(QStringLiteral("/license/v1/validate"),
                                {{QStringLiteral("license"), license.id},
                                 {QStringLiteral("sites"), QJsonArray::fromStringList(sites)},
                                 {QStringLiteral("nonce"), nonce}});
    connect(reply, &QNetworkReply::finished, this, [this, reply, license, nonce, done] {
        reply->deleteLater();
        LicenseVerdict verdict;
        if (reply->error() != QNetworkReply::NoError) {
            verdict.why = describe(reply);
            return done(verdict);
        }
        verdict.outcome = LicenseVerdict::Outcome::Refused;
        const QByteArray answer = reply->readAll();
        const std::optional<VerdictPayload> said = readVerdict(answer, license, m_trust, nonce, &verdict.why);
        if (!said)
            return done(verdict);
        verdict.outcome = LicenseVerdict::Outcome::Answered;
        verdict.status = said->status;
        verdict.checked = said->checked;
        verdict.document = answer;
        done(verdict);
    });
}

void LicenseClient::requestTrial(const QString &siteUrl, const QString &siteId, const QString &deployment,
                                 const QString &licensee,
                                 std::function<void(const QByteArray &file, const QString &why)> done)
{
    QNetworkReply *reply = post(QStringLiteral("/license/v1/trial"),
                                {{QStringLiteral("site"), siteUrl},
                                 {QStringLiteral("siteId"), siteId},
                                 {QStringLiteral("deployment"), deployment},
                                 {QStringLiteral("licensee"), licensee}});
    connect(reply, &QNetworkReply::finished, this, [this, reply, done] {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError)
            return done({}, describe(reply));
        done(reply->readAll(), {});
    });
}

OnlineStanding onlineStanding(const QString &status, const QDateTime &lastValid, const QDateTime &now)
{
    OnlineStanding standing;
    if (status == QStringLiteral("revoked")) {
        standing.revoked = true;
        standing.text = QStringLiteral("the license service revoked it");
        return standing;
    }
    if (!lastValid.isValid()) {
        standing.text = status == QStringLiteral("unknown") ? QStringLiteral("the license service does not know it")
                                                            : QStringLiteral("it was never validated online");
        return standing;
    }
    const qint64 age = lastValid.secsTo(now);
    const qint64 left = qint64(OnlineStanding::graceDays) * 86400 - age;
    standing.graceDaysLeft = int(qMax<qint64>(0, (left + 86399) / 86400));
    const QString when = age < 3600 ? QStringLiteral("just now")
        : age < 86400               ? QStringLiteral("%1 h ago").arg(age / 3600)
                                    : QStringLiteral("%1 days ago").arg(age / 86400);
    if (left <= 0) {
        standing.text = QStringLiteral("last validated online %1: the %2-day grace period is over; pairs that need "
                                       "online validation pause until the license service can be reached")
                            .arg(when)
                            .arg(OnlineStanding::graceDays);
        return standing;
    }
    standing.good = true;
    standing.text = QStringLiteral("validated online %1; good for %2 more day(s) without the license service")
                        .arg(when)
                        .arg(standing.graceDaysLeft);
    return standing;
}

} // namespace ferry
