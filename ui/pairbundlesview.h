#pragma once

#include "engine/pairstatus.h"

#include <QWidget>

#include <functional>

class QLabel;

namespace ferry {

class PairRunner;

/// The Bundles tab of a pair exchanged by bundles with a console on the other side: how far each
/// way has come, how bundles travel, the other console's key fingerprint and the configuration's
/// standing; and the exchange by hand (export into a folder, import files).
class PairBundlesView : public QWidget {
    Q_OBJECT
public:
    explicit PairBundlesView(PairRunner *runner, QWidget *parent = nullptr);

    void showBundles(const PairStatus::Bundles &bundles);

    /// Where an export goes, and which bundles to import: file dialogs, unless a test answers
    /// instead (an empty answer cancels).
    using FolderAsker = std::function<QString(QWidget *parent)>;
    using FilesAsker = std::function<QStringList(QWidget *parent)>;
    void setDialogs(FolderAsker folder, FilesAsker files);

private:
    PairRunner *m_runner;
    QLabel *m_state = nullptr;
    FolderAsker m_askFolder;
    FilesAsker m_askFiles;
};

} // namespace ferry
