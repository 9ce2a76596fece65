#pragma once

#include "core/pairconfig.h"
#include "engine/pairsetup.h"
#include "license/requirements.h"
#include "store/pairrepository.h"

#include <QWizard>

#include <functional>

namespace ferry {

class SitePanel;

/// Sets up a sync pair, page by page: the connection mode (each explained with its diagram), the
/// two sites with a live check of each requirement, the projects and their scopes with a live
/// count of matching issues, the mappings Ferry suggests (doubtful ones highlighted), the
/// options, and a summary with the licenses the mode needs and a dry run of the first sync. The
/// sites and the pair are stored only when the admin finishes. Everything that talks to a site
/// or the state folder runs on PairSetup's thread.
class PairWizard : public QWizard {
    Q_OBJECT
public:
    enum Page {
        ModePage,
        SitesPage,
        ScopePage,
        MappingPage,
        OptionsPage,
        SummaryPage,
        DonePage,
        RolePage, ///< a pair exchanged by files: this console starts it, or answers
        BundleSitePage, ///< …its own site, the pair's name and the exchange folders
        HandshakePage, ///< the primary writes the handshake (and may import the answer)
        AnswerPage, ///< the secondary answers the handshake
    };

    PairWizard(const QString &stateDirectory, SecretRedactor *redactor, QWidget *parent = nullptr);
    ~PairWizard() override;

    ConnectionMode mode() const;
    /// The bundle modes: whether this console starts the pair (primary) or answers (secondary).
    void setPrimary(bool primary) { m_primary = primary; }

    /// The configuration as the pages have it so far, and what both sides have.
    void setConfig(const PairConfig &config) { m_config = config; }
    void setMetadata(const SiteMetadata &a, const SiteMetadata &b);

    /// Which file to read or write (handshakes, answers, folders): a file dialog, unless a test
    /// answers instead (an empty answer cancels).
    enum class FileKind { Open, Save, Folder };
    using FileAsker = std::function<QString(QWidget *parent, const QString &title, FileKind kind)>;
    void setFileDialog(FileAsker asker) { m_askFile = std::move(asker); }
    /// The pair is stored (a handshake written, or answered): no way back, Finish closes.
    void markStored();
    QString askFile(const QString &title, FileKind kind) { return m_askFile(this, title, kind); }

Q_SIGNALS:
    /// The pair is stored; start says whether the admin wants it started.
    void pairCreated(const QString &name, bool start);

private:
    friend class SitesWizardPage;
    friend class ScopeWizardPage;
    friend class MappingWizardPage;
    friend class OptionsWizardPage;
    friend class SummaryWizardPage;
    friend class BundleSiteWizardPage;
    friend class HandshakeWizardPage;
    friend class AnswerWizardPage;

    PairSetup m_setup;
    /// The pairs the console has already, read as the sites are chosen: which projects they
    /// pair, and which names are taken.
    QList<PairRepository::Summary> m_pairs;
    /// How many issues each side's scope matched, as the Scope page counted them.
    PerSide<int> m_inScope;
    SitePanel *m_sites[2] = {nullptr, nullptr};
    PairConfig m_config;
    PerSide<SiteMetadata> m_metadata;
    SitePanel *m_ownSite = nullptr; ///< the bundle modes: this console's site
    bool m_primary = true; ///< the bundle modes: this console starts the pair
    FileAsker m_askFile;
};

} // namespace ferry
