#include "transport/bundleexchange.h"

#include "core/logcategories.h"
#include "store/blobstore.h"
#include "store/channel.h"
#include "store/journal.h"
#include "store/linkrepository.h"
#include "store/pairrepository.h"
#include "store/statestore.h"
#include "transport/carrierfolder.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

#include <limits>

namespace ferry {

namespace {
/// Ops in one JSON entry of a bundle.
constexpr int opsPerEntry = 1000;

QByteArray compact(const QJsonValue &value)
{
    return value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                           : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
}

QString fileNameOf(const QString &pair, Side side, qint64 number)
{
    QString safe = pair;
    safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
    return QStringLiteral("%1-%2-%3.ferry").arg(safe, sideName(side)).arg(number, 6, 10, QLatin1Char('0'));
}
} // namespace

BundleExchange::BundleExchange(StateStore &store, ExchangeRepository::Exchange exchange, BundleKeyPair keys)
    : m_store(store)
    , m_exchange(std::move(exchange))
    , m_keys(std::move(keys))
{
}

void BundleExchange::keepReason(const QString &name, const QString &why) const
{
    // In the state folder (the owner's alone), never beside the bundle: whoever writes the carrier
    // could aim a file written there.
    const QString folder = rejectionsFolder();
    QString error;
    QSaveFile file(QDir(folder).filePath(name + QStringLiteral(".reason.txt")));
    if (!QDir().mkpath(folder) || !file.open(QIODevice::WriteOnly) || file.write(why.toUtf8() + '\n') < 0
        || !file.commit())
        qCWarning(lcEngine).noquote() << "pair" << m_exchange.name << ": could not keep why" << name
                                      << "was rejected in" << QDir::toNativeSeparators(folder);
}

QString BundleExchange::rejectionsFolder() const
{
    return QDir(m_store.directory()).filePath(QStringLiteral("bundles/%1/rejected").arg(m_exchange.id));
}

QString BundleExchange::waitingFolder() const
{
    return QDir(m_store.directory()).filePath(QStringLiteral("bundles/%1/waiting").arg(m_exchange.id));
}

std::optional<BundleHeader> BundleExchange::peek(const QString &path, QString *error)
{
    const std::unique_ptr<QFile> file = CarrierFolder::openRealFile(path, error);
    if (!file)
        return std::nullopt;
    return BundleReader::peek(file.get(), error);
}

bool BundleExchange::reload(QString *error)
{
    const std::optional<ExchangeRepository::Exchange> now = ExchangeRepository(m_store).byId(m_exchange.id, error);
    if (!now) {
        if (error->isEmpty())
            *error = QStringLiteral("the pair was removed from this console");
        return false;
    }
    m_exchange = *now;
    return true;
}

BundleTrust BundleExchange::trust() const
{
    QString ignored;
    const std::optional<BundlePublicKeys> partner = BundlePublicKeys::fromText(m_exchange.partnerKeys, &ignored);
    return {{partner ? partner->sign : QByteArray()}, m_keys.boxSecret(), m_keys.publicKeys().box, {}};
}

std::optional<BundleExchange::Exported> BundleExchange::exportTo(const QString &folder, const QString &file,
                                                                 qint64 maxBytes, QString *error)
{
    if (!reload(error))
        return std::nullopt;
    QString ignored;
    const std::optional<BundlePublicKeys> partner = BundlePublicKeys::fromText(m_exchange.partnerKeys, &ignored);
    if (!m_exchange.isConnected() || !partner) {
        *error
            = QStringLiteral("pair %1 is not connected yet: its handshake has not been answered").arg(m_exchange.name);
        return std::nullopt;
    }
    Channel channel(m_store, m_exchange.pairId);
    const auto pending = channel.pending(m_exchange.side, 0, std::numeric_limits<int>::max(), error);
    if (!pending)
        return std::nullopt;
    const BlobStore blobs(m_store.directory(), m_exchange.pairId);
    LinkRepository links(m_store, m_exchange.pairId);

    // The ops go into as many bundles as their size needs, in order; receipts in the first.
    QList<QList<Channel::Sent>> slices{{}};
    qint64 sliceBytes = 0;
    for (const Channel::Sent &sent : *pending) {
        const QString sha = attachmentContentOf(sent.op);
        const qint64 bytes = compact(sent.op.toJson()).size() + (sha.isEmpty() ? 0 : QFileInfo(blobs.path(sha)).size());
        if (!slices.last().isEmpty() && sliceBytes + bytes > maxBytes) {
            slices << QList<Channel::Sent>{};
            sliceBytes = 0;
        }
        slices.last() << sent;
        sliceBytes += bytes;
    }
    if (!file.isEmpty() && slices.size() > 1) {
        *error = QStringLiteral("the changes to send need %1 bundles of at most %2 MB; give a folder instead of a file")
                     .arg(slices.size())
                     .arg(maxBytes / (1024 * 1024));
        return std::nullopt;
    }

    Exported exported;
    for (const QList<Channel::Sent> &slice : std::as_const(slices)) {
        std::optional<qint64> number;
        QList<Channel::Receipt> receipts;
        const bool first = exported.files.isEmpty();
        const bool counted = m_store.transaction(
            [&](QSqlDatabase &db, QString *problem) {
                number = ExchangeRepository(m_store).nextBundle(db, m_exchange.id, problem);
                if (!number)
                    return false;
                if (!first)
                    return true;
                const auto carried = channel.receiptsToCarry(db, m_exchange.side, *number, problem);
                if (carried)
                    receipts = *carried;
                return carried.has_value();
            },
            error);
        if (!counted)
            return std::nullopt;

        BundleHeader header;
        header.kind = QStringLiteral("ops");
        header.pair = m_exchange.id;
        header.sender = m_exchange.side;
        header.number = *number;
        header.firstSeq = slice.isEmpty() ? 1 : slice.first().seq;
        header.lastSeq = slice.isEmpty() ? 0 : slice.last().seq;
        const QString path
            = file.isEmpty() ? QDir(folder).filePath(fileNameOf(m_exchange.name, m_exchange.side, *number)) : file;
        BundleWriter writer(header, m_keys, partner->box);
        if (!writer.open(path, error))
            return std::nullopt;

        QJsonArray receiptsJson;
        for (const Channel::Receipt &receipt : std::as_const(receipts)) {
            QJsonObject r{{QStringLiteral("op"), receipt.opId},
                          {QStringLiteral("applied"), receipt.applied.toString(Qt::ISODateWithMs)},
                          {QStringLiteral("result"), receipt.result}};
            if (receipt.result.contains(QStringLiteral("created"))) {
                // The partner links its issue to the one made here.
                std::optional<LinkRepository::Link> link;
                if (!links.find(receipt.op.side, receipt.op.issueId, &link, error))
                    return std::nullopt;
                if (link) {
                    r.insert(QStringLiteral("link"),
                             QJsonObject{{QStringLiteral("aId"), link->aId},
                                         {QStringLiteral("aKey"), link->aKey},
                                         {QStringLiteral("bId"), link->bId},
                                         {QStringLiteral("bKey"), link->bKey}});
                }
            }
            receiptsJson << r;
        }
        QJsonArray blobList;
        QSet<QString> carried;
        for (const Channel::Sent &sent : slice) {
            const QString sha = attachmentContentOf(sent.op);
            if (!sha.isEmpty() && !carried.contains(sha) && QFile::exists(blobs.path(sha))) {
                carried << sha;
                blobList << sha;
            }
        }
        QJsonObject manifest{{QStringLiteral("receivedSeq"), m_exchange.receivedSeq},
                             {QStringLiteral("importedBundle"), m_exchange.importedBundle},
                             {QStringLiteral("ops"), int(slice.size())},
                             {QStringLiteral("receipts"), int(receiptsJson.size())},
                             {QStringLiteral("attachments"), blobList}};
        const QString &state = m_exchange.proposalState;
        if (state == QStringLiteral("accepted") || state == QStringLiteral("declined"))
            manifest.insert(
                QStringLiteral("configuration"),
                QJsonObject{{QStringLiteral("version"), m_exchange.proposal.value(QStringLiteral("version"))},
                            {QStringLiteral("answer"), state}});
        if (!writer.addJson(QStringLiteral("manifest"), compact(manifest), error))
            return std::nullopt;
        if (state == QStringLiteral("published")
            && !writer.addJson(QStringLiteral("configuration"), compact(m_exchange.proposal), error))
            return std::nullopt;
        for (qsizetype at = 0; at < slice.size(); at += opsPerEntry) {
            QJsonArray ops;
            for (const Channel::Sent &sent : slice.mid(at, opsPerEntry))
                ops << QJsonObject{{QStringLiteral("seq"), sent.seq}, {QStringLiteral("op"), sent.op.toJson()}};
            if (!writer.addJson(QStringLiteral("ops"), compact(ops), error))
                return std::nullopt;
        }
        if (!writer.addJson(QStringLiteral("receipts"), compact(receiptsJson), error))
            return std::nullopt;
        for (const QJsonValue &sha : std::as_const(blobList)) {
            QFile content(blobs.path(sha.toString()));
            if (!content.open(QIODevice::ReadOnly)) {
                *error = QStringLiteral("cannot read an attachment on its way (%1): %2")
                             .arg(content.fileName(), content.errorString());
                return std::nullopt;
            }
            if (!writer.addBlob(sha.toString(), content, error))
                return std::nullopt;
        }
        if (!writer.commit(error))
            return std::nullopt;
        exported.files << path;
        exported.ops += int(slice.size());
        exported.receipts += int(receiptsJson.size());
        exported.attachments += int(blobList.size());
        exported.bytes += writer.size();
        const Journal::Entry entry{{},
                                   m_exchange.side,
                                   {},
                                   QStringLiteral("bundle-exported"),
                                   {{QStringLiteral("number"), *number},
                                    {QStringLiteral("ops"), int(slice.size())},
                                    {QStringLiteral("receipts"), int(receiptsJson.size())},
                                    {QStringLiteral("bytes"), writer.size()},
                                    {QStringLiteral("file"), QFileInfo(path).fileName()}}};
        QString problem;
        if (!Journal(m_store, m_exchange.pairId).record(entry, &problem))
            qCWarning(lcEngine).noquote() << "could not record the export in the journal:" << problem;
    }
    return exported;
}

bool BundleExchange::takeConfiguration(const QJsonObject &published, const QJsonObject &answer, QString *error)
{
    ExchangeRepository exchanges(m_store);
    const auto record = [&](const QJsonObject &proposal, const QString &state) {
        return m_store.transaction(
            [&](QSqlDatabase &db, QString *problem) {
                return exchanges.setProposal(db, m_exchange.id, proposal, state, problem);
            },
            error);
    };
    const qint64 proposed = m_exchange.proposal.value(QStringLiteral("version")).toInteger();
    if (m_exchange.role == QStringLiteral("primary")) {
        // The secondary's answer to what this console published.
        if (m_exchange.proposalState != QStringLiteral("published") || answer.isEmpty()
            || answer.value(QStringLiteral("version")).toInteger() != proposed)
            return true;
        if (answer.value(QStringLiteral("answer")).toString() == QStringLiteral("declined")) {
            qCWarning(lcEngine).noquote() << "pair" << m_exchange.name << ": the other console declined version"
                                          << proposed << "of the configuration";
            return record(m_exchange.proposal, QStringLiteral("declined"));
        }
        PairConfig config;
        QList<PairConfig::Problem> problems;
        PairConfig::fromJson(m_exchange.proposal.value(QStringLiteral("config")).toObject(), &config, &problems);
        config.name = m_exchange.name;
        if (!PairRepository(m_store).update(config, error) || !record({}, {}))
            return false;
        qCInfo(lcEngine).noquote() << "pair" << m_exchange.name << ": version" << proposed
                                   << "of the configuration is in force on both consoles";
        return true;
    }
    // The secondary: a new configuration offered, or the primary heard the answer (it stopped sending it).
    if (published.isEmpty()) {
        const bool answered = m_exchange.proposalState == QStringLiteral("accepted")
            || m_exchange.proposalState == QStringLiteral("declined");
        return !answered || record({}, {});
    }
    const qint64 version = published.value(QStringLiteral("version")).toInteger();
    int inForce = 0;
    if (!PairRepository(m_store).get(m_exchange.name, &inForce, error))
        return false;
    if (version <= inForce || (version == proposed && !m_exchange.proposalState.isEmpty()))
        return true;
    qCInfo(lcEngine).noquote() << "pair" << m_exchange.name << ": the primary offers version" << version
                               << "of the configuration; accept or decline it";
    return record(published, QStringLiteral("offered"));
}

bool BundleExchange::hasNews(QString *error)
{
    // The console may have published a configuration since this exchange last looked.
    if (!reload(error))
        return false;
    Channel channel(m_store, m_exchange.pairId);
    const std::optional<int> pending = channel.pendingCount(m_exchange.side, error);
    const std::optional<int> receipts = pending ? channel.unconfirmedReceipts(m_exchange.side, error) : std::nullopt;
    const bool configuration
        = !m_exchange.proposalState.isEmpty() && m_exchange.proposalState != QStringLiteral("offered");
    return receipts && (m_heardNews || *pending > 0 || *receipts > 0 || configuration);
}

void BundleExchange::account(const Imported &imported, const QString &name, Run &run) const
{
    switch (imported.result) {
    case Result::Rejected:
        run.rejected << QStringLiteral("%1: %2").arg(name, imported.why);
        qCWarning(lcEngine).noquote() << "pair" << m_exchange.name << ": bundle" << name << "rejected:" << imported.why;
        break;
    case Result::Imported:
        run.imported += 1 + int(imported.alsoImported.size());
        run.newOps += imported.ops;
        qCInfo(lcEngine).noquote() << "pair" << m_exchange.name << ": bundle" << imported.number << "imported,"
                                   << imported.ops << "new changes," << imported.receipts << "receipts";
        break;
    default:
        qCInfo(lcEngine).noquote() << "pair" << m_exchange.name << ": bundle" << name << ":" << imported.why;
    }
}

void BundleExchange::writeNews(const QString &folder, Run &run)
{
    if (run.newOps > 0)
        return;
    QString error;
    const bool news = hasNews(&error);
    if (!error.isEmpty()) {
        run.error = error;
        return;
    }
    if (!news)
        return;
    const std::optional<Exported> exported = exportTo(folder, {}, defaultMaxBytes, &error);
    if (!exported) {
        run.error = QStringLiteral("could not write a bundle: %1").arg(error);
        qCWarning(lcEngine).noquote() << "pair" << m_exchange.name << ":" << run.error;
        return;
    }
    m_heardNews = false;
    run.written = exported->files;
    qCInfo(lcEngine).noquote() << "pair" << m_exchange.name << ":" << exported->files.size() << "bundle(s) written,"
                               << exported->ops << "changes," << exported->receipts << "receipts";
}

BundleExchange::Run BundleExchange::exchangeFolders()
{
    Run run;
    const QDir incoming(m_exchange.incoming);
    if (m_exchange.incoming.isEmpty() || m_exchange.outgoing.isEmpty()) {
        run.error = QStringLiteral("pair %1 has no exchange folders; set them with ferry-cli bundle folders")
                        .arg(m_exchange.name);
        return run;
    }
    if (!incoming.exists() || !QDir(m_exchange.outgoing).exists()) {
        run.error = QStringLiteral("the exchange folder %1 is not there (a network share not mounted?)")
                        .arg(QDir::toNativeSeparators(incoming.exists() ? m_exchange.outgoing : m_exchange.incoming));
        return run;
    }
    CarrierFolder carrier(m_exchange.incoming);
    if (!carrier.open(&run.error))
        return run;
    for (const QString &link : carrier.links())
        qCWarning(lcEngine).noquote() << "pair" << m_exchange.name << ": left alone" << link << "in"
                                      << QDir::toNativeSeparators(incoming.path())
                                      << "- a symbolic link; Ferry never follows one in an exchange folder";
    for (const QString &name : carrier.files(QStringLiteral(".ferry"))) {
        const Imported imported = importFile(incoming.filePath(name));
        account(imported, name, run);
        const bool rejected = imported.result == Result::Rejected;
        QString error;
        if (!carrier.moveInto(name, rejected ? QStringLiteral("rejected") : QStringLiteral("processed"), &error)) {
            run.error = QStringLiteral("pair %1: %2").arg(m_exchange.name, error);
            qCWarning(lcEngine).noquote() << run.error;
            return run; // what stays would be imported again, and refused as stale: nothing is lost
        }
        if (rejected)
            keepReason(name, imported.why);
    }
    writeNews(m_exchange.outgoing, run);
    return run;
}

BundleExchange::Imported BundleExchange::importFile(const QString &path)
{
    Imported imported = importOne(path);
    if (imported.result == Result::Early) {
        // Kept until the bundles before it arrive.
        QDir().mkpath(waitingFolder());
        const QString kept
            = QDir(waitingFolder()).filePath(QStringLiteral("%1.ferry").arg(imported.number, 12, 10, QLatin1Char('0')));
        QFile::remove(kept);
        if (!QFile::copy(path, kept)) {
            imported.result = Result::Rejected;
            imported.why = QStringLiteral("it came early and could not be kept in %1").arg(waitingFolder());
        }
        return imported;
    }
    if (imported.result != Result::Imported)
        return imported;
    // Bundles that waited for this one, in order, as long as they follow.
    for (bool progress = true; progress;) {
        progress = false;
        const QStringList waiting
            = QDir(waitingFolder()).entryList({QStringLiteral("*.ferry")}, QDir::Files, QDir::Name);
        for (const QString &name : waiting) {
            const QString waitingPath = QDir(waitingFolder()).filePath(name);
            const Imported next = importOne(waitingPath);
            if (next.result == Result::Early)
                continue;
            QFile::remove(waitingPath);
            if (next.result == Result::Imported) {
                imported.alsoImported << name;
                imported.ops += next.ops;
                imported.receipts += next.receipts;
                progress = true;
            } else {
                qCWarning(lcEngine).noquote()
                    << "pair" << m_exchange.name << ": a bundle that waited" << name << "was not imported:" << next.why;
            }
        }
    }
    m_heardNews = m_heardNews || imported.ops > 0 || imported.receipts > 0;
    return imported;
}

std::optional<QList<BundleExchange::TrustedReceipt>> BundleExchange::trustedReceipts(QSqlDatabase &db,
                                                                                     const QJsonArray &receipts,
                                                                                     const PairConfig &config,
                                                                                     QString *error) const
{
    QStringList ids;
    for (const QJsonValue &value : receipts)
        ids << value.toObject().value(QStringLiteral("op")).toString();
    const std::optional<QHash<QString, Op>> sent
        = Channel(m_store, m_exchange.pairId).sentAmong(db, m_exchange.side, ids, error);
    if (!sent)
        return std::nullopt;
    const bool ownIsA = m_exchange.side == Side::A;
    const PairSide &partner = ownIsA ? config.b : config.a;
    const auto refuse = [this](const QString &opId, const QString &why) {
        qCWarning(lcEngine).noquote() << "pair" << m_exchange.name << ": a receipt from the partner for op" << opId
                                      << "is not believed:" << why;
    };
    QList<TrustedReceipt> trusted;
    for (const QJsonValue &value : receipts) {
        const QJsonObject r = value.toObject();
        const QString opId = r.value(QStringLiteral("op")).toString();
        const auto op = sent->constFind(opId);
        if (op == sent->cend()) {
            refuse(opId, QStringLiteral("this console never sent such an op"));
            continue;
        }
        TrustedReceipt receipt{{opId,
                                QDateTime::fromString(r.value(QStringLiteral("applied")).toString(), Qt::ISODateWithMs),
                                r.value(QStringLiteral("result")).toObject(),
                                {}},
                               std::nullopt};
        const QJsonObject link = r.value(QStringLiteral("link")).toObject();
        if (!link.isEmpty()) {
            // The partner made an issue for this console's create: this side of the link must be
            // the issue the op was about, the other an issue of the partner's project.
            const LinkRepository::Link made{
                link.value(QStringLiteral("aId")).toString(), link.value(QStringLiteral("aKey")).toString(),
                link.value(QStringLiteral("bId")).toString(), link.value(QStringLiteral("bKey")).toString()};
            const QString ownId = ownIsA ? made.aId : made.bId;
            const QString ownKey = ownIsA ? made.aKey : made.bKey;
            const QString partnerKey = ownIsA ? made.bKey : made.aKey;
            if (op->kind != OpKind::CreateIssue)
                refuse(
                    opId,
                    QStringLiteral("it links issues for an op of kind %1, which makes none").arg(opKindName(op->kind)));
            else if (ownId != op->issueId || ownKey != op->issueKey)
                refuse(opId, QStringLiteral("it links %1, but the op was about %2").arg(ownKey, op->issueKey));
            else if (!partner.ownsKey(partnerKey) || (ownIsA ? made.bId : made.aId).isEmpty())
                refuse(opId,
                       QStringLiteral("it links to %1, not an issue of the partner's project %2")
                           .arg(partnerKey, partner.project));
            else
                receipt.link = made;
        }
        trusted << receipt;
    }
    return trusted;
}

BundleExchange::Imported BundleExchange::importOne(const QString &path)
{
    Imported imported;
    const auto reject = [&](const QString &why) {
        imported.result = Result::Rejected;
        imported.why = why;
        return imported;
    };
    QString error;
    if (!reload(&error))
        return reject(error);
    if (!m_exchange.isConnected())
        return reject(QStringLiteral("pair %1 is not connected yet: import the answer to its handshake first")
                          .arg(m_exchange.name));
    const std::unique_ptr<QFile> file = CarrierFolder::openRealFile(path, &error);
    if (!file)
        return reject(error);
    BundleReader reader;
    if (!reader.open(file.get(), trust(), &error))
        return reject(error);
    const BundleHeader &header = reader.header();
    if (header.pair != m_exchange.id)
        return reject(QStringLiteral("it belongs to another pair (%1)").arg(header.pair));
    if (header.kind != QStringLiteral("ops") || header.sender != m_exchange.partnerSide())
        return reject(QStringLiteral("it is a %1 bundle from side %2, not the partner's ops")
                          .arg(header.kind, sideLetter(header.sender)));
    imported.number = header.number;
    if (header.number <= m_exchange.importedBundle) {
        imported.result = Result::Stale;
        imported.why = QStringLiteral("bundle %1 was imported before, or is older than the last one imported (%2)")
                           .arg(header.number)
                           .arg(m_exchange.importedBundle);
        return imported;
    }
    if (header.lastSeq >= header.firstSeq && header.firstSeq > m_exchange.receivedSeq + 1) {
        imported.result = Result::Early;
        imported.why = QStringLiteral("it starts at change %1, but changes from %2 on have not arrived yet; it waits "
                                      "for the bundles before it")
                           .arg(header.firstSeq)
                           .arg(m_exchange.receivedSeq + 1);
        return imported;
    }

    // Read whole before anything is recorded; attachments go into the blob store as they come.
    QJsonObject manifest;
    QList<Channel::Sent> ops;
    QJsonArray receipts;
    QJsonObject configuration; ///< a configuration the primary published
    const BlobStore blobs(m_store.directory(), m_exchange.pairId);
    std::unique_ptr<QTemporaryFile> blob;
    while (const std::optional<BundleEntry> entry = reader.next(&error)) {
        if (entry->type == BundleEntry::Type::Blob) {
            if (!blob && !(blob = blobs.incoming(&error)))
                return reject(error);
            if (blob->write(entry->data) != entry->data.size())
                return reject(
                    QStringLiteral("cannot keep an attachment in the state folder: %1").arg(blob->errorString()));
            if (entry->last) {
                const std::optional<QString> kept = blobs.keep(*blob, &error);
                blob.reset();
                if (!kept)
                    return reject(error);
                if (*kept != entry->name)
                    return reject(QStringLiteral("an attachment in it is not what it claims to be"));
            }
            continue;
        }
        const QJsonDocument document = QJsonDocument::fromJson(entry->data);
        if (entry->name == QStringLiteral("manifest")) {
            manifest = document.object();
        } else if (entry->name == QStringLiteral("ops")) {
            for (const QJsonValue &value : document.array()) {
                Channel::Sent sent{value.toObject().value(QStringLiteral("seq")).toInteger(), {}};
                if (!Op::fromJson(value.toObject().value(QStringLiteral("op")).toObject(), &sent.op, &error))
                    return reject(QStringLiteral("it carries a change this Ferry cannot read: %1").arg(error));
                ops << sent;
            }
        } else if (entry->name == QStringLiteral("receipts")) {
            receipts = document.array();
        } else if (entry->name == QStringLiteral("configuration")) {
            configuration = document.object();
        }
    }
    if (!error.isEmpty() || !reader.atEnd())
        return reject(error);
    if (manifest.isEmpty() || manifest.value(QStringLiteral("ops")).toInt() != ops.size())
        return reject(QStringLiteral("its payload does not match its manifest"));

    int version = 0;
    const std::optional<PairConfig> config = PairRepository(m_store).get(m_exchange.name, &version, &error);
    if (!config)
        return reject(error);
    Channel channel(m_store, m_exchange.pairId);
    LinkRepository links(m_store, m_exchange.pairId);
    ExchangeRepository exchanges(m_store);
    QList<Channel::Receipt> mirrored;
    const qint64 receivedSeq
        = ops.isEmpty() ? m_exchange.receivedSeq : std::max(m_exchange.receivedSeq, header.lastSeq);
    const bool recorded = m_store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            const std::optional<int> fresh = channel.receiveSent(db, m_exchange.side, ops, problem);
            if (!fresh)
                return false;
            imported.ops = *fresh;
            mirrored.clear();
            const std::optional<QList<TrustedReceipt>> trusted = trustedReceipts(db, receipts, *config, problem);
            if (!trusted)
                return false;
            for (const TrustedReceipt &receipt : *trusted)
                mirrored << receipt.receipt;
            if (!channel.acknowledge(db, m_exchange.side, manifest.value(QStringLiteral("receivedSeq")).toInteger(),
                                     problem)
                || !channel.receiptsConfirmed(db, m_exchange.side,
                                              manifest.value(QStringLiteral("importedBundle")).toInteger(), problem)
                || !channel.recordReceipts(db, m_exchange.partnerSide(), mirrored, problem))
                return false;
            for (const TrustedReceipt &receipt : *trusted) {
                if (!receipt.link)
                    continue;
                std::optional<LinkRepository::Link> known;
                if (!links.find(Side::A, receipt.link->aId, &known, problem))
                    return false;
                if (!known && !links.link(db, *receipt.link, {}, problem))
                    return false;
            }
            return exchanges.imported(db, m_exchange.id, header.number, receivedSeq, problem);
        },
        &error);
    if (!recorded)
        return reject(QStringLiteral("it could not be recorded in the state: %1").arg(error));
    if (!takeConfiguration(configuration, manifest.value(QStringLiteral("configuration")).toObject(), &error))
        qCWarning(lcEngine).noquote() << "pair" << m_exchange.name
                                      << ": the configuration the bundle speaks of could not be recorded:" << error;
    imported.result = Result::Imported;
    imported.receipts = int(mirrored.size());
    const Journal::Entry entry{{},
                               m_exchange.partnerSide(),
                               {},
                               QStringLiteral("bundle-imported"),
                               {{QStringLiteral("number"), header.number},
                                {QStringLiteral("ops"), imported.ops},
                                {QStringLiteral("receipts"), imported.receipts},
                                {QStringLiteral("file"), QFileInfo(path).fileName()}}};
    if (!Journal(m_store, m_exchange.pairId).record(entry, &error))
        qCWarning(lcEngine).noquote() << "could not record the import in the journal:" << error;
    m_exchange.importedBundle = header.number;
    m_exchange.receivedSeq = receivedSeq;
    return imported;
}

} // namespace ferry
