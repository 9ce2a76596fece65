#pragma once

#include "engine/pairsetup.h"

#include <QWidget>

#include <functional>
#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;

namespace ferry {

class MappingEditor;
class PairOptionsEditor;
class PairRunner;

/// A stored pair's configuration as tabs (scopes, mappings, options), with the wizard's editors:
/// validation at the offending row, undo of mapping edits, revert of every unsaved edit,
/// import and export of the configuration file. Saving puts a new version in force and restarts a
/// running pair to use it; for a pair exchanged by bundles the primary publishes it and the
/// secondary accepts or declines what the primary offers. Reads and writes through PairSetup.
class PairEditor : public QWidget {
    Q_OBJECT
public:
    PairEditor(const QString &stateDirectory, SecretRedactor *redactor, const QString &pair, PairRunner *runner,
               QWidget *parent = nullptr);
    ~PairEditor() override;

    /// Where a configuration file is read from or written to: a file dialog, unless a test answers
    /// instead (an empty answer cancels).
    using FileAsker = std::function<QString(QWidget *parent, bool saving)>;
    void setFileDialog(FileAsker asker) { m_askFile = std::move(asker); }

    /// Reads the pair and its sites again (discarding unsaved edits); done each time the tab is
    /// shown without unsaved edits.
    void reload();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showOpened(const OpenedPair &pair);
    /// The configuration as the editors have it.
    PairConfig edited() const;
    /// Shows config; as the baseline edits are measured from, unless it is one to be saved (an
    /// imported file).
    void setConfig(const PairConfig &config, bool baseline = true);
    void setDirty(bool dirty);
    /// Dirty while what the editors hold differs from the configuration in force: undoing the
    /// only edit leaves nothing to save.
    void refreshDirty();
    void save();
    void importFile();
    void exportFile();
    void saidChanged(int version, bool published, const QString &error);
    /// Restarts a running pair so that it uses the configuration just saved.
    void restartRunner();

    QString m_stateDirectory;
    SecretRedactor *m_redactor;
    QString m_pair;
    PairRunner *m_runner;
    std::unique_ptr<PairSetup> m_setup;
    OpenedPair m_opened;
    bool m_loaded = false;
    bool m_dirty = false;
    QJsonObject m_inForceShown; ///< the configuration in force as the editors give it back
    QLabel *m_banner;
    PerSide<QLineEdit *> m_scope;
    QTabWidget *m_tabs;
    MappingEditor *m_mappings;
    PairOptionsEditor *m_options;
    QPushButton *m_save;
    QPushButton *m_revert;
    QPushButton *m_accept;
    QPushButton *m_decline;
    QLabel *m_message;
    FileAsker m_askFile;
};

} // namespace ferry
