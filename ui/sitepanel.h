#pragma once

#include "engine/pairsetup.h"

#include <QElapsedTimer>
#include <QGroupBox>
#include <QTimer>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace ferry {

/// Fills list with a site check's lines: "✓ check: detail", or "✗ check: detail" and its fix in
/// the error colour.
void listCheckLines(QListWidget *list, const QList<SiteCheck::Line> &lines);

/// One side of a new pair in the wizard: a configured site or a new one (address, sign-in and
/// secret), the project, and a live check of everything Ferry needs there, each a pass/fail
/// line with its fix. The side is ready once a check passed for what the panel shows now.
class SitePanel : public QGroupBox {
    Q_OBJECT
public:
    /// suffix names the panel's widgets ("A": siteChoiceA, projectA, checkSiteA, …).
    SitePanel(const QString &title, const QString &suffix, int panel, PairSetup *setup, QWidget *parent = nullptr);

    /// The configured sites to choose from, the one at shown chosen (a new site when shown is out
    /// of range); a new site is the other choice.
    void setSites(const QList<Site> &sites, qsizetype shown = 0);
    SetupSide setupSide() const;
    /// A check passed for what the panel shows now.
    bool isReady() const { return m_passed; }
    /// "cloud" or "dc", once checked.
    QString deployment() const { return m_deployment; }
    /// What is wrong with the fields before a check can run (empty: nothing).
    QStringList problems() const;

Q_SIGNALS:
    /// The panel's readiness may have changed.
    void changed();

private:
    void check();
    /// Fills the fields from the configured site chosen, or opens them for a new one.
    void showChoice();
    /// The user field, which a personal access token does without.
    void showAuth();
    void showCheck(const QList<SiteCheck::Line> &lines, bool passed, const QString &deployment,
                   const QList<ProjectChoice> &projects);
    /// Any edit makes an earlier check stale.
    void invalidate();
    /// How long the check has waited, and for what.
    void showWaiting();
    bool isNewSite() const;

    int m_panel; ///< which of its wizard's site panels, for PairSetup::checkSite
    PairSetup *m_setup;
    QList<Site> m_sites;
    QComboBox *m_choice;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QComboBox *m_auth;
    QLineEdit *m_user;
    QLineEdit *m_secret;
    QComboBox *m_project;
    QPushButton *m_check;
    QListWidget *m_lines;
    QLabel *m_verdict;
    bool m_passed = false;
    bool m_checking = false;
    QElapsedTimer m_checkClock; ///< since the check began, shown while it waits
    QTimer m_checkTick;
    QString m_deployment;
};

} // namespace ferry
