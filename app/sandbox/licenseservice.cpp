#include "sandbox/licenseservice.h"

#include "license/license.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QUuid>

namespace ferry::sandbox {

LicenseService::LicenseService(const QByteArray &secretKey)
    : m_secretKey(secretKey.isEmpty() ? LicenseTrust::sandboxSecretKey() : secretKey)
{
}

void LicenseService::registerRoutes(Router &router)
{
    router.add(
        QStringLiteral("POST"), QStringLiteral("/license/v1/validate"),
        [this](Request &request) { return validate(request); }, true);
    router.add(
        QStringLiteral("POST"), QStringLiteral("/license/v1/trial"),
        [this](Request &request) { return trial(request); }, true);
    router.add(
        QStringLiteral("POST"), QStringLiteral("/sandbox/v1/licenses"),
        [this](Request &request) {
            QJsonObject body;
            Response error;
            if (!parseJsonObject(request, &body, &error))
                return error;
            return issue(body, false);
        },
        true);
    router.add(
        QStringLiteral("POST"), QStringLiteral("/sandbox/v1/delegations"),
        [this](Request &request) {
            // A delegation signed by the sandbox's well-known key, which Ferry believes for sites on
            // this machine only: what `ferry-cli license trust FILE` takes for a --license-key service.
            QJsonObject body;
            Response error;
            if (!request.body.isEmpty() && !parseJsonObject(request, &body, &error))
                return error;
            const QByteArray key = body.contains(QStringLiteral("key"))
                ? QByteArray::fromBase64(body.value(QStringLiteral("key")).toString().toLatin1())
                : LicenseTrust::publicKeyOf(m_secretKey);
            const QDate until
                = QDate::fromString(body.value(QStringLiteral("validUntil")).toString(), Qt::ISODate).isValid()
                ? QDate::fromString(body.value(QStringLiteral("validUntil")).toString(), Qt::ISODate)
                : QDate::currentDate().addYears(1);
            if (key.size() != 32)
                return Response::error(400, {QStringLiteral("key must be an Ed25519 public key in base64 (32 bytes)")});
            Response response;
            response.status = 201;
            response.body
                = SignedDocument::sign(
                      Delegation::payloadFor(
                          key, body.value(QStringLiteral("licensee")).toString(QStringLiteral("Sandbox Ltd.")), until),
                      LicenseTrust::sandboxSecretKey())
                      .toJson();
            return response;
        },
        true);
    router.add(
        QStringLiteral("POST"), QStringLiteral("/sandbox/v1/licenses/{id}/revoke"),
        [this](Request &request) {
            if (!m_issued.contains(request.args.value(0)))
                return Response::error(404,
                                       {QStringLiteral("No license %1 was issued here.").arg(request.args.value(0))});
            m_revoked.insert(request.args.value(0));
            return Response::noContent();
        },
        true);
}

Response LicenseService::issue(const QJsonObject &body, bool trial)
{
    const QDate today = QDate::currentDate();
    License license;
    license.id = body.value(QStringLiteral("id"))
                     .toString(QStringLiteral("L-") + QUuid::createUuid().toString(QUuid::Id128).left(12).toUpper());
    license.licensee = body.value(QStringLiteral("licensee")).toString(QStringLiteral("Sandbox Ltd."));
    license.kind = body.value(QStringLiteral("kind")).toString(QStringLiteral("site"));
    license.siteUrl = normalisedSiteUrl(body.value(QStringLiteral("site")).toString());
    license.deployment = body.value(QStringLiteral("deployment")).toString(QStringLiteral("dc"));
    license.userTier = body.value(QStringLiteral("userTier")).toInt(50);
    license.issued = QDate::fromString(body.value(QStringLiteral("issued")).toString(), Qt::ISODate);
    if (!license.issued.isValid())
        license.issued = today;
    license.expires = QDate::fromString(body.value(QStringLiteral("expires")).toString(), Qt::ISODate);
    if (!license.expires.isValid())
        license.expires = trial ? today.addDays(29) : today.addYears(1);
    license.remoteEndpoints = body.value(QStringLiteral("remoteEndpoints")).toInt();
    license.siteId = body.value(QStringLiteral("siteId")).toString();
    license.trial = trial;
    QString problem;
    if (!License::fromJson(license.toJson(), &problem))
        return Response::error(400, {QStringLiteral("The license cannot be issued: %1.").arg(problem)});
    m_issued.insert(license.id, license.toJson());
    const SignedDocument document
        = SignedDocument::sign(QJsonDocument(license.toJson()).toJson(QJsonDocument::Compact), m_secretKey);
    Response response;
    response.status = 201;
    response.body = document.toJson();
    return response;
}

Response LicenseService::validate(Request &request)
{
    QJsonObject body;
    Response error;
    if (!parseJsonObject(request, &body, &error))
        return error;
    const QString id = body.value(QStringLiteral("license")).toString();
    const QString status = !m_issued.contains(id) ? QStringLiteral("unknown")
        : m_revoked.contains(id)                  ? QStringLiteral("revoked")
                                                  : QStringLiteral("valid");
    const QJsonObject verdict{{QStringLiteral("license"), id},
                              {QStringLiteral("status"), status},
                              {QStringLiteral("sites"), body.value(QStringLiteral("sites")).toArray()},
                              {QStringLiteral("nonce"), body.value(QStringLiteral("nonce")).toString()},
                              {QStringLiteral("checked"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    Response response;
    response.body = SignedDocument::sign(QJsonDocument(verdict).toJson(QJsonDocument::Compact), m_secretKey).toJson();
    return response;
}

Response LicenseService::trial(Request &request)
{
    QJsonObject body;
    Response error;
    if (!parseJsonObject(request, &body, &error))
        return error;
    // One trial per site, by the identity the site itself reports: its address can be spelt many ways.
    const QString site = normalisedSiteUrl(body.value(QStringLiteral("site")).toString());
    const QString siteId = body.value(QStringLiteral("siteId")).toString();
    if (siteId.isEmpty())
        return Response::error(400,
                               {QStringLiteral("A trial needs the site's identity (siteId): Jira Cloud's cloud "
                                               "id, or Data Center's server id.")});
    if (m_trialSites.contains(siteId))
        return Response::error(409,
                               {QStringLiteral("A trial was issued for this site (%1) already; buy a license "
                                               "to go on.")
                                    .arg(siteId)});
    QJsonObject fields{
        {QStringLiteral("site"), site},
        {QStringLiteral("siteId"), siteId},
        {QStringLiteral("deployment"), body.value(QStringLiteral("deployment")).toString()},
        {QStringLiteral("licensee"), body.value(QStringLiteral("licensee")).toString(QStringLiteral("Trial"))}};
    Response response = issue(fields, true);
    if (response.status == 201)
        m_trialSites.insert(siteId);
    return response;
}

} // namespace ferry::sandbox
