#pragma once

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableView;

namespace ferry {

class LicenseDesk;
class LicenseTableModel;

/// The console's Licenses page: the installed licenses with their status, expiry, the license
/// service's last word (and the grace left) and the remote endpoints in use; "Install License…",
/// "Request Trial…" (per configured site) and "Check Now". All of it goes through the license desk, off the GUI thread.
class LicensesView : public QWidget {
    Q_OBJECT
public:
    explicit LicensesView(LicenseDesk *desk, QWidget *parent = nullptr);

    /// Which license file to install: a file dialog, unless a test answers instead (empty cancels).
    using FileAsker = std::function<QString(QWidget *parent)>;
    void setFileAsker(FileAsker asker) { m_askFile = std::move(asker); }
    /// The license service's address, starting from the current one: an input dialog, unless a
    /// test answers instead (empty cancels). Removing a license asks for confirmation the same way.
    using TextAsker = std::function<QString(QWidget *parent, const QString &current)>;
    using Confirmer = std::function<bool(QWidget *parent, const QString &question)>;
    void setServiceAsker(TextAsker asker) { m_askService = std::move(asker); }
    void setConfirmer(Confirmer confirm) { m_confirm = std::move(confirm); }
    /// Which configured site a trial is for, from their names: a list dialog, unless a test
    /// answers instead (empty cancels).
    using SiteAsker = std::function<QString(QWidget *parent, const QStringList &sites)>;
    void setSiteAsker(SiteAsker asker) { m_askSite = std::move(asker); }
    /// Where the console's sites are configured, for Request Trial….
    void setStateDirectory(const QString &directory) { m_stateDirectory = directory; }

    LicenseTableModel *model() const { return m_model; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    LicenseDesk *m_desk;
    LicenseTableModel *m_model;
    QTableView *m_table;
    QLabel *m_service;
    QLabel *m_message;
    QPushButton *m_check;
    QPushButton *m_remove;
    QString m_serviceUrl;
    FileAsker m_askFile;
    TextAsker m_askService;
    Confirmer m_confirm;
    SiteAsker m_askSite;
    QString m_stateDirectory;
};

} // namespace ferry
