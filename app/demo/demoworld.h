#pragma once

#include "core/result.h"
#include "jira/site.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace ferry {

class SideConnector;
class StateStore;

namespace sandbox {
class SandboxServer;
}

/// A world to show Ferry in, with nothing to set up: two Jira sandboxes in this process (Cloud
/// with project ACME, Data Center with project GLX) holding a few issues as people wrote them,
/// and a state folder in which both are sites (secrets by env: reference, no keychain) with a
/// suggested pair between them. What `ferry-cli demo` and the console's demo mode start from.
class DemoWorld : public QObject {
    Q_OBJECT
public:
    explicit DemoWorld(const QString &stateDirectory, QObject *parent = nullptr);
    ~DemoWorld() override;

    static QString pairName() { return QStringLiteral("acme-glx"); }

    /// Licenses sandbox sites in a console's state the way an admin licenses real ones: each site
    /// gets a site license from service's license service (a signed document, believed for sites
    /// on this machine), and service becomes the installation's license service.
    static Result<void> licenseSites(const QString &stateDirectory, sandbox::SandboxServer &service,
                                     const QList<sandbox::SandboxServer *> &sites);
    /// Starts the sandboxes, writes the issues, the sites and the pair; ready() follows.
    void start();

    sandbox::SandboxServer &cloud() { return *m_cloud; }
    /// Where each sandbox listens, for people to look at and edit issues.
    QUrl cloudUrl() const;
    QUrl dataCenterUrl() const;
    sandbox::SandboxServer &dataCenter() { return *m_dataCenter; }
    QStringList cloudKeys() const { return m_cloudKeys; }
    QStringList dataCenterKeys() const { return m_dataCenterKeys; }

    /// A REST call on one of the sandboxes as its administrator, as a person would make it;
    /// the answer's JSON (an empty object for none), or an error in a sentence.
    QJsonObject call(sandbox::SandboxServer &site, const QString &method, const QString &path,
                     const QJsonObject &body = {}, QString *error = nullptr);
    /// Attaches a file to an issue of a site as its admin; the attachment's id.
    QString attach(sandbox::SandboxServer &site, const QString &key, const QString &fileName, const QByteArray &content,
                   QString *error = nullptr);
    /// The id Cloud's media service gives an attachment's file, as Cloud's editor knows it.
    QString mediaIdOf(const QString &attachmentId);

    /// The key on Data Center of a Cloud issue's partner, from the pair's state; empty when it
    /// has none (yet).
    QString partnerOnDataCenter(const QString &cloudKey);

    /// What someone trying the console does to the sandboxes (its Sandbox menu). Each answers
    /// what it did in a sentence, or why it could not.
    /// A label, or a word in the summary, on one of the issues the demo wrote on that side.
    QString editIssue(bool onCloud);
    /// A new issue on that side.
    QString newIssue(bool onCloud);
    /// The summary of a synced issue changed differently on both sides.
    QString provokeConflict();

    /// A paragraph of Atlassian Document Format, as Cloud takes rich text, and an attached image
    /// (by its media id) shown below it.
    static QJsonObject adfParagraph(const QString &text, const QString &imageMediaId = QString());

Q_SIGNALS:
    /// error is empty when the state folder holds the sites and the pair.
    void ready(const QString &error);

private:
    bool writeIssues(QString *error);
    QString createIssue(sandbox::SandboxServer &site, const QString &project, const QJsonObject &fields,
                        QString *error);
    void connectSide(int index);
    void createPair();

    QString m_state;
    std::unique_ptr<sandbox::SandboxServer> m_cloud;
    std::unique_ptr<sandbox::SandboxServer> m_dataCenter;
    std::unique_ptr<QNetworkAccessManager> m_network;
    Site m_sites[2]; ///< the sites as written to the state folder
    std::unique_ptr<SideConnector> m_connectors[2];
    std::unique_ptr<StateStore> m_store; ///< the state, opened when first read
    QStringList m_cloudKeys;
    QStringList m_dataCenterKeys;
};

} // namespace ferry
