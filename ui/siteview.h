#pragma once

#include "jira/site.h"

#include <QWidget>

#include <memory>

class QLabel;
class QListWidget;
class QPushButton;

namespace ferry {

class PairSetup;
class SecretRedactor;

/// A configured Jira site, as the sidebar's entry shows it: its address, how Ferry signs in and
/// where the secret is kept, the pairs that use it, and Check Now, which checks it as the
/// wizard does (each requirement a line with its fix) and tells its deployment.
class SiteView : public QWidget {
    Q_OBJECT
public:
    SiteView(const QString &stateDirectory, SecretRedactor *redactor, const Site &site, QWidget *parent = nullptr);
    ~SiteView() override;

    /// The pairs of the console that use the site.
    void setPairs(const QStringList &pairs);

private:
    void check();

    QString m_stateDirectory;
    SecretRedactor *m_redactor;
    Site m_site;
    std::unique_ptr<PairSetup> m_setup; ///< made for the first check: it runs a thread of its own
    QLabel *m_pairs;
    QPushButton *m_check;
    QListWidget *m_lines;
    QLabel *m_verdict;
};

} // namespace ferry
