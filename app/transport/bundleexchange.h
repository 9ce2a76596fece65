#pragma once

#include "core/pairconfig.h"
#include "core/result.h"
#include "store/channel.h"
#include "store/exchangerepository.h"
#include "store/linkrepository.h"
#include "transport/bundle.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QStringList>

#include <optional>

namespace ferry {

class StateStore;

/// One console's end of a pair exchanged by bundles: writes what its side sends (the ops since
/// the partner last confirmed them, the attachments they carry, receipts of the partner's ops it
/// applied, and how far it has read the partner) and reads what the partner sent, each op at most
/// once and in order. A bundle is checked whole before any of it is recorded; one that comes before
/// its turn waits in the state folder until the gap is filled; a duplicate or an old one is ignored.
class BundleExchange {
public:
    BundleExchange(StateStore &store, ExchangeRepository::Exchange exchange, BundleKeyPair keys);

    /// The largest bundle written; what is more goes into further bundles (an attachment larger
    /// than this goes alone).
    static constexpr qint64 defaultMaxBytes = 20 * 1024 * 1024;

    struct Exported {
        QStringList files;
        int ops = 0;
        int receipts = 0;
        int attachments = 0;
        qint64 bytes = 0;
    };
    /// Writes the bundles into folder (named PAIR-SIDE-NUMBER.ferry), or into one file when
    /// file is not empty (a large export is then refused: give a folder).
    Result<Exported> exportTo(const QString &folder, const QString &file, qint64 maxBytes);

    enum class Outcome {
        Imported, ///< recorded; its ops are applied by the next round
        Early, ///< a bundle before it is missing: it waits in the state folder
        Stale, ///< imported before, or older than one imported: ignored
        Rejected, ///< not for this pair, damaged, altered, from a stranger: nothing of it used
    };
    struct Imported {
        Outcome result = Outcome::Rejected;
        QString why; ///< for an admin
        qint64 number = 0;
        int ops = 0; ///< new ops received
        int receipts = 0;
        QStringList alsoImported; ///< bundles that waited for this one and could follow it
    };
    /// Reads one bundle of this pair.
    Imported importFile(const QString &path);

    /// What one automatic exchange did, whatever carried it.
    struct Run {
        int imported = 0; ///< bundles imported (with those that waited for them)
        int newOps = 0; ///< changes received, for the next round to apply
        QStringList rejected; ///< "NAME: why"
        QStringList written;
        QString error; ///< the carrier could not be used at all, or a bundle not written
    };
    /// Counts what an import brought into run, and logs it; name says where it came from.
    void account(const Imported &imported, const QString &name, Run &run) const;
    /// Writes bundles into folder when there is something to tell: changes or receipts not
    /// confirmed, or news imported since the last one. Not when new changes came in (run.newOps):
    /// the round that applies them comes first, and its receipts then go with the acknowledgement.
    void writeNews(const QString &folder, Run &run);

    /// Automatic file exchange: imports every bundle in the incoming folder (each then moved to
    /// processed/ or rejected/, why it was rejected kept in rejectionsFolder()), then writes news
    /// into the outgoing folder. Problems are logged and listed; nothing stops. Symbolic links in
    /// the folder are never followed (CarrierFolder).
    Run exchangeFolders();

    /// Where bundles that came early wait.
    QString waitingFolder() const;
    /// Where NAME.reason.txt says why the bundle NAME of an exchange folder was rejected: in the
    /// state folder, out of the reach of whoever writes the carrier.
    QString rejectionsFolder() const;

    const ExchangeRepository::Exchange &exchange() const { return m_exchange; }

    /// What a file says it is, unchecked: to find the pair it belongs to before its keys are read.
    static Result<BundleHeader> peek(const QString &path);

private:
    Imported importOne(const QString &path);
    /// A receipt believed, and the link it brings (the partner's issue made for this console's
    /// create), when it brings one that holds.
    struct TrustedReceipt {
        Channel::Receipt receipt;
        std::optional<LinkRepository::Link> link;
    };
    /// The partner's receipts that answer ops this console sent; a link only where its side here
    /// is the issue the op was about and its side there an issue of the partner's project. The
    /// rest is logged and dropped: a partner console is trusted with nothing beyond its pair.
    Result<QList<TrustedReceipt>> trustedReceipts(QSqlDatabase &db, const QJsonArray &receipts,
                                                  const PairConfig &config) const;
    void keepReason(const QString &name, const QString &why) const;
    /// What a bundle said of the configuration: one the primary published (to the secondary),
    /// or the secondary's answer to it (to the primary).
    Result<void> takeConfiguration(const QJsonObject &published, const QJsonObject &answer);
    /// Something the partner should hear: changes or receipts not confirmed, or news imported.
    Result<bool> hasNews();
    /// Reads the exchange again; fails when the pair was removed meanwhile.
    Result<void> reload();
    BundleTrust trust() const;

    StateStore &m_store;
    ExchangeRepository::Exchange m_exchange;
    BundleKeyPair m_keys;
    bool m_heardNews = false; ///< a bundle with changes or receipts came in since the last export
};

} // namespace ferry
