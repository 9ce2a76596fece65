#include "ui/pairbundlesview.h"

#include "engine/pairrunner.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ferry {

PairBundlesView::PairBundlesView(PairRunner *runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
{
    setObjectName(QStringLiteral("pairBundles"));
    auto *layout = new QVBoxLayout(this);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("bundleState"));
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setWordWrap(true);
    layout->addWidget(m_state);
    auto *buttons = new QHBoxLayout;
    auto *exportBundles = new QPushButton(tr("&Export Bundles Now…"), this);
    exportBundles->setObjectName(QStringLiteral("exportBundles"));
    exportBundles->setToolTip(tr("Write this side's changes the other console has not confirmed into a folder"));
    auto *importBundles = new QPushButton(tr("I&mport Bundles…"), this);
    importBundles->setObjectName(QStringLiteral("importBundles"));
    importBundles->setToolTip(tr("Read bundles the other console wrote; their changes are applied at once"));
    buttons->addWidget(exportBundles);
    buttons->addWidget(importBundles);
    buttons->addStretch();
    layout->addLayout(buttons);
    layout->addStretch();
    m_askFolder = [](QWidget *dialogParent) {
        return QFileDialog::getExistingDirectory(dialogParent, tr("Export Bundles Into"));
    };
    m_askFiles = [](QWidget *dialogParent) {
        return QFileDialog::getOpenFileNames(dialogParent, tr("Import Bundles"), QString(),
                                             tr("Ferry bundles (*.ferry);;All files (*)"));
    };
    connect(exportBundles, &QPushButton::clicked, this, [this] {
        if (const QString folder = m_askFolder(this); !folder.isEmpty())
            m_runner->exportBundles(folder);
    });
    connect(importBundles, &QPushButton::clicked, this, [this] {
        if (const QStringList files = m_askFiles(this); !files.isEmpty())
            m_runner->importBundles(files);
    });
}

void PairBundlesView::setDialogs(FolderAsker folder, FilesAsker files)
{
    m_askFolder = std::move(folder);
    m_askFiles = std::move(files);
}

void PairBundlesView::showBundles(const PairStatus::Bundles &b)
{
    const QString here = sideLetter(b.side);
    const QString other = sideLetter(otherSide(b.side));
    QStringList lines{
        b.role == QStringLiteral("primary") ? tr("This console runs side %1 and owns the configuration.").arg(here)
                                            : tr("This console runs side %1; the other console owns the "
                                                 "configuration.")
                                                  .arg(here),
        tr("Sent: changes up to %1, of which side %2 has up to %3 (last bundle %4).")
            .arg(b.sentSeq)
            .arg(other)
            .arg(b.confirmedSeq)
            .arg(b.sentBundle),
        tr("Received: side %1's changes up to %2, %3 still to apply (last bundle %4).")
            .arg(other)
            .arg(b.receivedSeq)
            .arg(b.toApply)
            .arg(b.importedBundle),
        !b.mailTo.isEmpty() ? tr("Exchanged by e-mail every %1 s: sent to %2, read from %3.")
                                  .arg(b.mailInterval)
                                  .arg(b.mailTo, b.mailbox)
                + (b.waitingToSend ? u' ' + tr("%n bundle(s) wait to be sent.", nullptr, b.waitingToSend) : QString())
            : b.outgoing.isEmpty()
            ? tr("Exchanged by hand.")
            : tr("Exchanged through folders every %1 s: out to %2, in from %3.")
                  .arg(b.interval)
                  .arg(QDir::toNativeSeparators(b.outgoing), QDir::toNativeSeparators(b.incoming)),
        tr("The other console's key fingerprint: %1").arg(b.partnerFingerprint)};
    if (b.proposalState == QStringLiteral("published"))
        lines << tr("Configuration version %1 is published; the other console has not accepted it yet.")
                     .arg(b.proposalVersion);
    else if (b.proposalState == QStringLiteral("offered"))
        lines << tr("The other console offers configuration version %1: accept or decline it with ferry-cli pair "
                    "accept or decline.")
                     .arg(b.proposalVersion);
    else if (b.proposalState == QStringLiteral("declined"))
        lines << tr("Configuration version %1 was declined.").arg(b.proposalVersion);
    m_state->setText(lines.join(u'\n'));
}

} // namespace ferry
