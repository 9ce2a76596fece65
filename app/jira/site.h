#pragma once

#include "jira/secrets.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace ferry {

/// A Jira site as the admin configured it. No secret is ever part of it, only where the
/// secret is (secretRef).
struct Site {
    enum class Auth { Basic, PersonalAccessToken };

    QString name; ///< "acme-cloud": letters, digits, '.', '_' and '-'
    QUrl url; ///< base URL, "https://acme.atlassian.net"
    Auth auth = Auth::Basic;
    QString user; ///< e-mail (Cloud) or user name (Data Center); empty with a PAT
    SecretRef secret;
    QStringList pinnedKeys; ///< "sha256/<base64>" of trusted public keys, beyond the system's CAs
    QString caFile; ///< PEM file of extra certificate authorities

    static QString authName(Auth auth); ///< "basic", "pat"
    static bool parseAuth(const QString &text, Auth *auth);

    /// Checks the fields; returns the problems in words an admin can act on.
    QStringList problems() const;
    QJsonObject toJson() const;
    static bool fromJson(const QJsonObject &json, Site *site, QString *error);
};

/// The configured sites, kept in <state>/sites.json (readable by its owner only).
class SiteRegistry {
public:
    explicit SiteRegistry(const QString &stateDirectory);

    /// Loads the file; a missing file is an empty registry. False with a reason when unreadable.
    bool load(QString *error);
    /// Writes the file atomically. False with a reason (full disk, permissions).
    bool save(QString *error) const;

    const QList<Site> &sites() const { return m_sites; }
    const Site *find(const QString &name) const;
    /// Adds or replaces the site of that name.
    void put(const Site &site);
    bool remove(const QString &name);
    QString filePath() const { return m_path; }

private:
    QString m_path;
    QList<Site> m_sites;
};

} // namespace ferry
