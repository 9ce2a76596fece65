#include "mail/mailsettings.h"

#include <QFileInfo>
#include <QUrl>

namespace ferry {

namespace {
QJsonObject serverToJson(const MailServer &server, const QString &protocol)
{
    return {{QStringLiteral("url"), server.url(protocol)},
            {QStringLiteral("user"), server.user},
            {QStringLiteral("password"), server.passwordRef}};
}

std::optional<MailServer> serverFromJson(const QJsonObject &json, const QString &protocol, QString *error)
{
    std::optional<MailServer> server
        = MailServer::fromUrl(json.value(QStringLiteral("url")).toString(), protocol, error);
    if (!server)
        return std::nullopt;
    server->user = json.value(QStringLiteral("user")).toString();
    server->passwordRef = json.value(QStringLiteral("password")).toString(QStringLiteral("keychain"));
    return server;
}

bool looksLikeAddress(const QString &address)
{
    const qsizetype at = address.indexOf(u'@');
    return at > 0 && at == address.lastIndexOf(u'@') && at < address.size() - 1 && !address.contains(u' ')
        && !address.contains(u'<') && !address.contains(u'>');
}
} // namespace

std::optional<MailServer> MailServer::fromUrl(const QString &text, const QString &protocol, QString *error)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    const int standardTls = protocol == QStringLiteral("smtp") ? 465 : 993;
    const int standardStartTls = protocol == QStringLiteral("smtp") ? 587 : 143;
    if (!url.isValid() || url.host().isEmpty() || (scheme != protocol && scheme != protocol + u's')
        || (!url.path().isEmpty() && url.path() != QStringLiteral("/"))) {
        *error = QStringLiteral("\"%1\" is not an %2 server: write %3s://HOST:PORT (TLS) or %3://HOST:PORT (STARTTLS)")
                     .arg(text, protocol.toUpper(), protocol);
        return std::nullopt;
    }
    MailServer server;
    server.host = url.host();
    server.implicitTls = scheme.endsWith(u's');
    server.port = url.port(server.implicitTls ? standardTls : standardStartTls);
    server.user = url.userName();
    return server;
}

QString MailServer::url(const QString &protocol) const
{
    QUrl url;
    url.setScheme(implicitTls ? protocol + u's' : protocol);
    url.setHost(host);
    url.setPort(port);
    return url.toString();
}

QJsonObject MailSettings::toJson() const
{
    return {{QStringLiteral("smtp"), serverToJson(smtp, QStringLiteral("smtp"))},
            {QStringLiteral("imap"), serverToJson(imap, QStringLiteral("imap"))},
            {QStringLiteral("from"), from},
            {QStringLiteral("to"), to},
            {QStringLiteral("folder"), folder},
            {QStringLiteral("processedFolder"), processedFolder},
            {QStringLiteral("maxMessageBytes"), maxMessageBytes},
            {QStringLiteral("caFile"), caFile},
            {QStringLiteral("interval"), interval}};
}

std::optional<MailSettings> MailSettings::fromJson(const QJsonObject &json, QString *error)
{
    MailSettings settings;
    const std::optional<MailServer> smtp
        = serverFromJson(json.value(QStringLiteral("smtp")).toObject(), QStringLiteral("smtp"), error);
    const std::optional<MailServer> imap = smtp
        ? serverFromJson(json.value(QStringLiteral("imap")).toObject(), QStringLiteral("imap"), error)
        : std::nullopt;
    if (!imap)
        return std::nullopt;
    settings.smtp = *smtp;
    settings.imap = *imap;
    settings.from = json.value(QStringLiteral("from")).toString();
    settings.to = json.value(QStringLiteral("to")).toString();
    settings.folder = json.value(QStringLiteral("folder")).toString(settings.folder);
    settings.processedFolder = json.value(QStringLiteral("processedFolder")).toString(settings.processedFolder);
    settings.maxMessageBytes = json.value(QStringLiteral("maxMessageBytes")).toInteger(settings.maxMessageBytes);
    settings.caFile = json.value(QStringLiteral("caFile")).toString();
    settings.interval = json.value(QStringLiteral("interval")).toInt(settings.interval);
    return settings;
}

QStringList MailSettings::problems() const
{
    QStringList problems;
    if (!looksLikeAddress(from))
        problems << QStringLiteral("this console's address \"%1\" is not an e-mail address").arg(from);
    if (!looksLikeAddress(to))
        problems << QStringLiteral("the partner's address \"%1\" is not an e-mail address").arg(to);
    if (from.compare(to, Qt::CaseInsensitive) == 0 && !from.isEmpty())
        problems << QStringLiteral("the partner's address must differ from this console's (each reads its own "
                                   "mailbox)");
    if (smtp.user.isEmpty() || imap.user.isEmpty())
        problems << QStringLiteral("both servers need a user to log in with");
    if (folder.isEmpty() || processedFolder.isEmpty() || folder == processedFolder)
        problems << QStringLiteral("the folder read and the folder for processed messages must be two folders");
    if (maxMessageBytes < 64 * 1024)
        problems << QStringLiteral("the largest message must be at least 64 KiB");
    if (!caFile.isEmpty() && !QFileInfo(caFile).isReadable())
        problems << QStringLiteral("the certificate file %1 cannot be read").arg(caFile);
    if (interval < 10)
        problems << QStringLiteral("the exchange interval must be at least 10 seconds");
    return problems;
}

} // namespace ferry
