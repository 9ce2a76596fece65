#include "jira/site.h"

#include "core/names.h"
#include "core/privatefolder.h"
#include "core/thismachine.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

namespace ferry {

QString Site::authName(Auth auth)
{
    return auth == Auth::Basic ? QStringLiteral("basic") : QStringLiteral("pat");
}

bool Site::parseAuth(const QString &text, Auth *auth)
{
    if (text == QStringLiteral("basic"))
        *auth = Auth::Basic;
    else if (text == QStringLiteral("pat"))
        *auth = Auth::PersonalAccessToken;
    else
        return false;
    return true;
}

QStringList Site::problems() const
{
    QStringList problems;
    if (!isValidName(name))
        problems << QStringLiteral("The site name '%1' may hold %2.").arg(name, validNameRule());
    if (!url.isValid() || (url.scheme() != QStringLiteral("https") && url.scheme() != QStringLiteral("http"))
        || url.host().isEmpty())
        problems << QStringLiteral("The URL '%1' is not an http(s) address of a Jira site, such as "
                                   "https://acme.atlassian.net.")
                        .arg(url.toString());
    else if (url.hasQuery() || url.hasFragment())
        problems << QStringLiteral("The URL '%1' must be the site's base address, without ? or #.").arg(url.toString());
    else if (const QString plain = plainHttpProblem(url); !plain.isEmpty())
        problems << plain;
    if (auth == Auth::Basic && user.isEmpty())
        problems << QStringLiteral("Basic authentication needs a user: the account's e-mail address on Jira Cloud, "
                                   "the user name on Data Center.");
    for (const QString &pin : pinnedKeys) {
        const auto decoded
            = QByteArray::fromBase64Encoding(pin.mid(7).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!pin.startsWith(QStringLiteral("sha256/")) || !decoded || decoded.decoded.size() != 32)
            problems << QStringLiteral("The pinned key '%1' is not sha256/<base64 of 32 bytes>.").arg(pin);
    }
    if (!caFile.isEmpty() && !QFileInfo(caFile).isReadable())
        problems << QStringLiteral("The CA file %1 cannot be read.").arg(caFile);
    return problems;
}

QJsonObject Site::toJson() const
{
    QJsonObject o{{QStringLiteral("name"), name},
                  {QStringLiteral("url"), url.toString(QUrl::StripTrailingSlash)},
                  {QStringLiteral("auth"), authName(auth)},
                  {QStringLiteral("secret"), secret.toString()}};
    if (!user.isEmpty())
        o.insert(QStringLiteral("user"), user);
    if (!pinnedKeys.isEmpty() || !caFile.isEmpty()) {
        QJsonObject tls;
        if (!pinnedKeys.isEmpty())
            tls.insert(QStringLiteral("pinnedKeys"), QJsonArray::fromStringList(pinnedKeys));
        if (!caFile.isEmpty())
            tls.insert(QStringLiteral("caFile"), caFile);
        o.insert(QStringLiteral("tls"), tls);
    }
    return o;
}

bool Site::fromJson(const QJsonObject &json, Site *site, QString *error)
{
    Site s;
    s.name = json.value(QStringLiteral("name")).toString();
    s.url = QUrl(json.value(QStringLiteral("url")).toString());
    if (!parseAuth(json.value(QStringLiteral("auth")).toString(), &s.auth)) {
        *error = QStringLiteral("site '%1': auth must be basic or pat").arg(s.name);
        return false;
    }
    s.user = json.value(QStringLiteral("user")).toString();
    if (!SecretRef::parse(json.value(QStringLiteral("secret")).toString(), &s.secret, error)) {
        *error = QStringLiteral("site '%1': %2").arg(s.name, *error);
        return false;
    }
    const QJsonObject tls = json.value(QStringLiteral("tls")).toObject();
    for (const QJsonValue &pin : tls.value(QStringLiteral("pinnedKeys")).toArray())
        s.pinnedKeys << pin.toString();
    s.caFile = tls.value(QStringLiteral("caFile")).toString();
    const QStringList problems = s.problems();
    if (!problems.isEmpty()) {
        *error = QStringLiteral("site '%1': %2").arg(s.name, problems.join(u' '));
        return false;
    }
    *site = s;
    return true;
}

SiteRegistry::SiteRegistry(const QString &stateDirectory)
    : m_path(stateDirectory + QStringLiteral("/sites.json"))
{
}

bool SiteRegistry::load(QString *error)
{
    m_sites.clear();
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot read %1: %2.").arg(QDir::toNativeSeparators(m_path), file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = QStringLiteral("%1 is not valid JSON (%2 at offset %3). Fix or remove it; no site was changed.")
                     .arg(QDir::toNativeSeparators(m_path), parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    for (const QJsonValue &value : document.object().value(QStringLiteral("sites")).toArray()) {
        Site site;
        if (!Site::fromJson(value.toObject(), &site, error)) {
            *error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(m_path), *error);
            m_sites.clear();
            return false;
        }
        m_sites << site;
    }
    return true;
}

bool SiteRegistry::save(QString *error) const
{
    if (auto made = makeStateFolder(QFileInfo(m_path).absolutePath()); !made) {
        *error = made.error().message();
        return false;
    }
    QJsonArray sites;
    for (const Site &site : m_sites)
        sites.append(site.toJson());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("Cannot write %1: %2.").arg(QDir::toNativeSeparators(m_path), file.errorString());
        return false;
    }
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    file.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("sites"), sites}})
                   .toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = QStringLiteral("Cannot write %1: %2. Nothing was changed.")
                     .arg(QDir::toNativeSeparators(m_path), file.errorString());
        return false;
    }
    return true;
}

const Site *SiteRegistry::find(const QString &name) const
{
    for (const Site &site : m_sites) {
        if (site.name == name)
            return &site;
    }
    return nullptr;
}

void SiteRegistry::put(const Site &site)
{
    for (Site &existing : m_sites) {
        if (existing.name == site.name) {
            existing = site;
            return;
        }
    }
    m_sites << site;
}

bool SiteRegistry::remove(const QString &name)
{
    return m_sites.removeIf([&](const Site &s) { return s.name == name; }) > 0;
}

} // namespace ferry
