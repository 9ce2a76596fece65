#pragma once

#include "core/pairconfig.h"
#include "jira/site.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <memory>

class QNetworkAccessManager;

namespace ferry {

class JiraClient;
class SecretRedactor;

/// Connects to one side of a pair: reads the site's secret, detects the deployment, finds the
/// project and reads what the site has for it (fields, types, statuses …, and its users). Asynchronous; the
/// client lives on the thread that made the connector.
class SideConnector : public QObject {
    Q_OBJECT
public:
    SideConnector(const Site &site, const QString &project, QNetworkAccessManager *network,
                  SecretRedactor *redactor = nullptr, QObject *parent = nullptr);
    ~SideConnector() override;

    /// Uses this secret instead of reading the site's (one typed in the wizard, not stored yet).
    void useSecret(const QString &secret) { m_givenSecret = secret; }
    void connectToSite();
    /// After finished() without an error: the client, handed over.
    std::unique_ptr<JiraClient> takeClient();
    const SiteMetadata &metadata() const { return m_metadata; }

Q_SIGNALS:
    /// error is empty on success; otherwise a sentence and what to run to check the site.
    void finished(const QString &error);
    /// What is being read now ("reading users: 2,000 so far"), for a console to show.
    void progress(const QString &what);

private:
    /// Pages through the site's users into the metadata (for mapping users between the sides).
    void readUsers(int startAt);
    /// Reads the fields on the create screen of each of the project's issue types (from the
    /// one at index on, its page from startAt) into the metadata's "screens": typeId → field
    /// ids. A type whose screen cannot be read is left out (its fields are then not checked).
    void readScreens(int index, int startAt, QJsonArray onScreen);
    void fail(const QString &what);

    /// Connects with the secret read or given.
    void connectWith(const QString &secret);

    Site m_site;
    QString m_givenSecret;
    QString m_project;
    QNetworkAccessManager *m_network;
    SecretRedactor *m_redactor;
    std::unique_ptr<JiraClient> m_client;
    SiteMetadata m_metadata;
    QStringList m_issueTypes; ///< of the project, as it answered
    QJsonObject m_screens;
};

} // namespace ferry
