#pragma once

#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QString>

namespace ferry {

class JiraClient;
class JiraReply;

/// Checks that Ferry can work with a site: reachable, TLS trusted, a Jira (and which),
/// credentials accepted, and, for a project, every permission sync needs. Each check is a
/// pass/fail line with a fix an admin can act on. Used by the wizard and `ferry-cli site check`.
class SiteCheck : public QObject {
    Q_OBJECT
public:
    struct Line {
        QString check; ///< "reachable", "authentication", "permission: Edit Issues", …
        bool passed = false;
        QString detail;
        QString fix; ///< empty when passed
    };

    SiteCheck(JiraClient *client, const QString &projectKey, QObject *parent = nullptr);
    void start();

    const QList<Line> &lines() const { return m_lines; }
    bool passed() const;
    QJsonArray toJson() const;

Q_SIGNALS:
    void finished();

private:
    void add(const QString &check, bool passed, const QString &detail, const QString &fix = QString());
    void checkAuthentication();
    void checkProject();
    void checkPermissions();
    void fail(const QString &check, const JiraReply &reply);

    JiraClient *m_client;
    QString m_project;
    QList<Line> m_lines;
};

} // namespace ferry
