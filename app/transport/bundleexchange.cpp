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

Result<BundleHeader> BundleExchange::peek(const QString &path)
{
    const Result<std::unique_ptr<QFile>> file = CarrierFolder::openRealFile(path);
    if (!file)
        return file.error();
    return BundleReader::peek(file->get());
}

Result<void> BundleExchange::reload()
{
    const Result<std::optional<ExchangeRepository::Exchange>> now = ExchangeRepository(m_store).byId(m_exchange.id);
    if (!now)
        return now.error();
    if (!*now)
        return Error(QStringLiteral("the pair was removed from this console"));
    m_exchange = **now;
    return {};
}

BundleTrust BundleExchange::trust() const
{
    const Result<BundlePublicKeys> partner = BundlePublicKeys::fromText(m_exchange.partnerKeys);
    return {{partner ? partner->sign : QByteArray()}, m_keys.boxSecret(), m_keys.publicKeys().box, {}};
}

Result<BundleExchange::Exported> BundleExchange::exportTo(const QString &folder, const QString &file, qint64 maxBytes)
{
    if (auto reloaded = reload(); !reloaded)
        return reloaded.error();
    const Result<BundlePublicKeys> partner = BundlePublicKeys::fromText(m_exchange.partnerKeys);
    if (!m_exchange.isConnected() || !partner)
        return Error(
            QStringLiteral("pair %1 is not connected yet: its handshake has not been answered").arg(m_exchange.name));
    Channel channel(m_store, m_exchange.pairId);
    const auto pending = channel.pending(m_exchange.side, 0, std::numeric_limits<int>::max());
    if (!pending)
        return pending.error();
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
        return Error(
            QStringLiteral("the changes to send need %1 bundles of at most %2 MB; give a folder instead of a file")
                .arg(slices.size())
                .arg(maxBytes / (1024 * 1024)));
    }

    Exported exported;
    for (const QList<Channel::Sent> &slice : std::as_const(slices)) {
        qint64 number = 0;
        QList<Channel::Receipt> receipts;
        const bool first = exported.files.isEmpty();
        const Result<void> counted = m_store.transaction([&](QSqlDatabase &db) -> Result<void> {
            const Result<qint64> next = ExchangeRepository(m_store).nextBundle(db, m_exchange.id);
            if (!next)
                return next.error();
            number = *next;
            if (!first)
                return {};
            const auto carried = channel.receiptsToCarry(db, m_exchange.side, number);
            if (!carried)
                return carried.error();
            receipts = *carried;
            return {};
        });
        if (!counted)
            return counted.error();

        BundleHeader header;
        header.kind = QStringLiteral("ops");
        header.pair = m_exchange.id;
        header.sender = m_exchange.side;
        header.number = number;
        header.firstSeq = slice.isEmpty() ? 1 : slice.first().seq;
        header.lastSeq = slice.isEmpty() ? 0 : slice.last().seq;
        const QString path
            = file.isEmpty() ? QDir(folder).filePath(fileNameOf(m_exchange.name, m_exchange.side, number)) : file;
        BundleWriter writer(header, m_keys, partner->box);
        if (auto opened = writer.open(path); !opened)
            return opened.error();

        QJsonArray receiptsJson;
        for (const Channel::Receipt &receipt : std::as_const(receipts)) {
            QJsonObject r{{QStringLiteral("op"), receipt.opId},
                          {QStringLiteral("applied"), receipt.applied.toString(Qt::ISODateWithMs)},
                          {QStringLiteral("result"), receipt.result}};
            if (receipt.result.contains(QStringLiteral("created"))) {
                // The partner links its issue to the one made here.
                const Result<std::optional<LinkRepository::Link>> link
                    = links.find(receipt.op.side, receipt.op.issueId);
                if (!link)
                    return link.error();
                if (const std::optional<LinkRepository::Link> &found = *link)
                    r.insert(QStringLiteral("link"),
                             QJsonObject{{QStringLiteral("aId"), found->aId},
                                         {QStringLiteral("aKey"), found->aKey},
                                         {QStringLiteral("bId"), found->bId},
                                         {QStringLiteral("bKey"), found->bKey}});
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
        QList<std::pair<QString, QByteArray>> entries{{QStringLiteral("manifest"), compact(manifest)}};
        if (state == QStringLiteral("published"))
            entries.append({QStringLiteral("configuration"), compact(m_exchange.proposal)});
        for (qsizetype at = 0; at < slice.size(); at += opsPerEntry) {
            QJsonArray ops;
            for (const Channel::Sent &sent : slice.mid(at, opsPerEntry))
                ops << QJsonObject{{QStringLiteral("seq"), sent.seq}, {QStringLiteral("op"), sent.op.toJson()}};
            entries.append({QStringLiteral("ops"), compact(ops)});
        }
        entries.append({QStringLiteral("receipts"), compact(receiptsJson)});
        for (const auto &[name, json] : std::as_const(entries)) {
            if (auto added = writer.addJson(name, json); !added)
                return added.error();
        }
        for (const QJsonValue &sha : std::as_const(blobList)) {
            QFile content(blobs.path(sha.toString()));
            if (!content.open(QIODevice::ReadOnly))
                return Error(QStringLiteral("cannot read an attachment on its way (%1): %2")
                                 .arg(content.fileName(), content.errorString()));
            if (auto added = writer.addBlob(sha.toString(), content); !added)
                return added.error();
        }
        if (auto committed = writer.commit(); !committed)
            return committed.error();
        exported.files << path;
        exported.ops += int(slice.size());
        exported.receipts += int(receiptsJson.size());
        exported.attachments += int(blobList.size());
        exported.bytes += writer.size();
        const Journal::Entry entry{{},
                                   m_exchange.side,
                                   {},
                                   QStringLiteral("bundle-exported"),
                                   {{QStringLiteral("number"), number},
                                    {QStringLiteral("ops"), int(slice.size())},
                                    {QStringLiteral("receipts"), int(receiptsJson.size())},
                                    {QStringLiteral("bytes"), writer.size()},
                                    {QStringLiteral("file"), QFileInfo(path).fileName()}}};
        if (auto recorded = Journal(m_store, m_exchange.pairId).record(entry); !recorded)
            qCWarning(lcEngine).noquote()
                << "could not record the export in the journal:" << recorded.error().message();
    }
    return exported;
}

Result<void> BundleExchange::takeConfiguration(const QJsonObject &published, const QJsonObject &answer)
{
    ExchangeRepository exchanges(m_store);
    const auto record = [&](const QJsonObject &proposal, const QString &state) {
        return m_store.transaction(
            [&](QSqlDatabase &db) { return exchanges.setProposal(db, m_exchange.id, proposal, state); });
    };
    const qint64 proposed = m_exchange.proposal.value(QStringLiteral("version")).toInteger();
    if (m_exchange.role == QStringLiteral("primary")) {
        // The secondary's answer to what this console published.
        if (m_exchange.proposalState != QStringLiteral("published") || answer.isEmpty()
            || answer.value(QStringLiteral("version")).toInteger() != proposed)
            return {};
        if (answer.value(QStringLiteral("answer")).toString() == QStringLiteral("declined")) {
            qCWarning(lcEngine).noquote() << "pair" << m_exchange.name << ": the other console declined version"
                                          << proposed << "of the configuration";
            return record(m_exchange.proposal, QStringLiteral("declined"));
        }
        PairConfig config;
        QList<PairConfig::Problem> problems;
        PairConfig::fromJson(m_exchange.proposal.value(QStringLiteral("config")).toObject(), &config, &problems);
        config.name = m_exchange.name;
        if (auto updated = PairRepository(m_store).update(config); !updated)
            return updated;
        if (auto recorded = record({}, {}); !recorded)
            return recorded;
        qCInfo(lcEngine).noquote() << "pair" << m_exchange.name << ": version" << proposed
                                   << "of the configuration is in force on both consoles";
        return {};
    }
    // The secondary: a new configuration offered, or the primary heard the answer (it stopped sending it).
    if (published.isEmpty()) {
        const bool answered = m_exchange.proposalState == QStringLiteral("accepted")
            || m_exchange.proposalState == QStringLiteral("declined");
        return answered ? record({}, {}) : Result<void>();
    }
    const qint64 version = published.value(QStringLiteral("version")).toInteger();
    int inForce = 0;
    if (auto read = PairRepository(m_store).get(m_exchange.name, &inForce); !read)
        return read.error();
    if (version <= inForce || (version == proposed && !m_exchange.proposalState.isEmpty()))
        return {};
    qCInfo(lcEngine).noquote() << "pair" << m_exchange.name << ": the primary offers version" << version
                               << "of the configuration; accept or decline it";
    return record(published, QStringLiteral("offered"));
}

Result<bool> BundleExchange::hasNews()
{
    // The console may have published a configuration since this exchange last looked.
    if (auto reloaded = reload(); !reloaded)
        return reloaded.error();
    Channel channel(m_store, m_exchange.pairId);
    const Result<int> pending = channel.pendingCount(m_exchange.side);
    if (!pending)
        return pending.error();
    const Result<int> receipts = channel.unconfirmedReceipts(m_exchange.side);
    if (!receipts)
        return receipts.error();
    const bool configuration
        = !m_exchange.proposalState.isEmpty() && m_exchange.proposalState != QStringLiteral("offered");
    return m_heardNews || *pending > 0 || *receipts > 0 || configuration;
}

void BundleExchange::account(const Imported &imported, const QString &name, Run &run) const
{
    switch (imported.result) {
    case Outcome::Rejected:
        run.rejected << QStringLiteral("%1: %2").arg(name, imported.why);
        qCWarning(lcEngine).noquote() << "pair" << m_exchange.name << ": bundle" << name << "rejected:" << imported.why;
        break;
    case Outcome::Imported:
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
    const Result<bool> news = hasNews();
    if (!news) {
        run.error = news.error().message();
        return;
    }
    if (!*news)
        return;
    const Result<Exported> exported = exportTo(folder, {}, defaultMaxBytes);
    if (!exported) {
        run.error = QStringLiteral("could not write a bundle: %1").arg(exported.error().message());
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
    if (auto opened = carrier.open(); !opened) {
        run.error = opened.error().message();
        return run;
    }
    for (const QString &link : carrier.links())
        qCWarning(lcEngine).noquote() << "pair" << m_exchange.name << ": left alone" << link << "in"
                                      << QDir::toNativeSeparators(incoming.path())
                                      << "- a symbolic link; Ferry never follows one in an exchange folder";
    for (const QString &name : carrier.files(QStringLiteral(".ferry"))) {
        const Imported imported = importFile(incoming.filePath(name));
        account(imported, name, run);
        const bool rejected = imported.result == Outcome::Rejected;
        if (auto moved = carrier.moveInto(name, rejected ? QStringLiteral("rejected") : QStringLiteral("processed"));
            !moved) {
            run.error = QStringLiteral("pair %1: %2").arg(m_exchange.name, moved.error().message());
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
    if (imported.result == Outcome::Early) {
        // Kept until the bundles before it arrive.
        QDir().mkpath(waitingFolder());
        const QString kept
            = QDir(waitingFolder()).filePath(QStringLiteral("%1.ferry").arg(imported.number, 12, 10, QLatin1Char('0')));
        QFile::remove(kept);
        if (!QFile::copy(path, kept)) {
            imported.result = Outcome::Rejected;
            imported.why = QStringLiteral("it came early and could not be kept in %1").arg(waitingFolder());
        }
        return imported;
    }
    if (imported.result != Outcome::Imported)
        return imported;
    // Bundles that waited for this one, in order, as long as they follow.
    for (bool progress = true; progress;) {
        progress = false;
        const QStringList waiting
            = QDir(waitingFolder()).entryList({QStringLiteral("*.ferry")}, QDir::Files, QDir::Name);
        for (const QString &name : waiting) {
            const QString waitingPath = QDir(waitingFolder()).filePath(name);
            const Imported next = importOne(waitingPath);
            if (next.result == Outcome::Early)
                continue;
            QFile::remove(waitingPath);
            if (next.result == Outcome::Imported) {
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

Result<QList<BundleExchange::TrustedReceipt>>
BundleExchange::trustedReceipts(QSqlDatabase &db, const QJsonArray &receipts, const PairConfig &config) const
{
    QStringList ids;
    for (const QJsonValue &value : receipts)
        ids << value.toObject().value(QStringLiteral("op")).toString();
    const Result<QHash<QString, Op>> sent = Channel(m_store, m_exchange.pairId).sentAmong(db, m_exchange.side, ids);
    if (!sent)
        return sent.error();
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
        imported.result = Outcome::Rejected;
        imported.why = why;
        return imported;
    };
    if (auto reloaded = reload(); !reloaded)
        return reject(reloaded.error().message());
    if (!m_exchange.isConnected())
        return reject(QStringLiteral("pair %1 is not connected yet: import the answer to its handshake first")
                          .arg(m_exchange.name));
    const Result<std::unique_ptr<QFile>> file = CarrierFolder::openRealFile(path);
    if (!file)
        return reject(file.error().message());
    BundleReader reader;
    if (auto opened = reader.open(file->get(), trust()); !opened)
        return reject(opened.error().message());
    const BundleHeader &header = reader.header();
    if (header.pair != m_exchange.id)
        return reject(QStringLiteral("it belongs to another pair (%1)").arg(header.pair));
    if (header.kind != QStringLiteral("ops") || header.sender != m_exchange.partnerSide())
        return reject(QStringLiteral("it is a %1 bundle from side %2, not the partner's ops")
                          .arg(header.kind, sideLetter(header.sender)));
    imported.number = header.number;
    if (header.number <= m_exchange.importedBundle) {
        imported.result = Outcome::Stale;
        imported.why = QStringLiteral("bundle %1 was imported before, or is older than the last one imported (%2)")
                           .arg(header.number)
                           .arg(m_exchange.importedBundle);
        return imported;
    }
    if (header.lastSeq >= header.firstSeq && header.firstSeq > m_exchange.receivedSeq + 1) {
        imported.result = Outcome::Early;
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
    for (;;) {
        Result<std::optional<BundleEntry>> next = reader.next();
        if (!next)
            return reject(next.error().message());
        if (!*next)
            break;
        const BundleEntry &entry = **next;
        if (entry.type == BundleEntry::Type::Blob) {
            if (!blob) {
                Result<std::unique_ptr<QTemporaryFile>> incoming = blobs.incoming();
                if (!incoming)
                    return reject(incoming.error().message());
                blob = std::move(*incoming);
            }
            if (blob->write(entry.data) != entry.data.size())
                return reject(
                    QStringLiteral("cannot keep an attachment in the state folder: %1").arg(blob->errorString()));
            if (entry.last) {
                const Result<QString> kept = blobs.keep(*blob);
                blob.reset();
                if (!kept)
                    return reject(kept.error().message());
                if (*kept != entry.name)
                    return reject(QStringLiteral("an attachment in it is not what it claims to be"));
            }
            continue;
        }
        const QJsonDocument document = QJsonDocument::fromJson(entry.data);
        if (entry.name == QStringLiteral("manifest")) {
            manifest = document.object();
        } else if (entry.name == QStringLiteral("ops")) {
            for (const QJsonValue &value : document.array()) {
                const Result<Op> op = Op::fromJson(value.toObject().value(QStringLiteral("op")).toObject());
                if (!op)
                    return reject(
                        QStringLiteral("it carries a change this Ferry cannot read: %1").arg(op.error().message()));
                ops << Channel::Sent{value.toObject().value(QStringLiteral("seq")).toInteger(), *op};
            }
        } else if (entry.name == QStringLiteral("receipts")) {
            receipts = document.array();
        } else if (entry.name == QStringLiteral("configuration")) {
            configuration = document.object();
        }
    }
    if (manifest.isEmpty() || manifest.value(QStringLiteral("ops")).toInt() != ops.size())
        return reject(QStringLiteral("its payload does not match its manifest"));

    int version = 0;
    const Result<PairConfig> config = PairRepository(m_store).get(m_exchange.name, &version);
    if (!config)
        return reject(config.error().message());
    Channel channel(m_store, m_exchange.pairId);
    LinkRepository links(m_store, m_exchange.pairId);
    ExchangeRepository exchanges(m_store);
    QList<Channel::Receipt> mirrored;
    const qint64 receivedSeq
        = ops.isEmpty() ? m_exchange.receivedSeq : std::max(m_exchange.receivedSeq, header.lastSeq);
    const Result<void> recorded = m_store.transaction([&](QSqlDatabase &db) -> Result<void> {
        const Result<int> fresh = channel.receiveSent(db, m_exchange.side, ops);
        if (!fresh)
            return fresh.error();
        imported.ops = *fresh;
        mirrored.clear();
        const Result<QList<TrustedReceipt>> trusted = trustedReceipts(db, receipts, *config);
        if (!trusted)
            return trusted.error();
        for (const TrustedReceipt &receipt : *trusted)
            mirrored << receipt.receipt;
        if (auto acknowledged
            = channel.acknowledge(db, m_exchange.side, manifest.value(QStringLiteral("receivedSeq")).toInteger());
            !acknowledged)
            return acknowledged;
        if (auto confirmed = channel.receiptsConfirmed(db, m_exchange.side,
                                                       manifest.value(QStringLiteral("importedBundle")).toInteger());
            !confirmed)
            return confirmed;
        if (auto kept = channel.recordReceipts(db, m_exchange.partnerSide(), mirrored); !kept)
            return kept;
        for (const TrustedReceipt &receipt : *trusted) {
            if (!receipt.link)
                continue;
            const Result<std::optional<LinkRepository::Link>> known = links.find(Side::A, receipt.link->aId);
            if (!known)
                return known.error();
            if (!*known) {
                if (auto linked = links.link(db, *receipt.link, {}); !linked)
                    return linked;
            }
        }
        return exchanges.imported(db, m_exchange.id, header.number, receivedSeq);
    });
    if (!recorded)
        return reject(QStringLiteral("it could not be recorded in the state: %1").arg(recorded.error().message()));
    if (auto taken = takeConfiguration(configuration, manifest.value(QStringLiteral("configuration")).toObject());
        !taken)
        qCWarning(lcEngine).noquote() << "pair" << m_exchange.name
                                      << ": the configuration the bundle speaks of could not be recorded:"
                                      << taken.error().message();
    imported.result = Outcome::Imported;
    imported.receipts = int(mirrored.size());
    const Journal::Entry entry{{},
                               m_exchange.partnerSide(),
                               {},
                               QStringLiteral("bundle-imported"),
                               {{QStringLiteral("number"), header.number},
                                {QStringLiteral("ops"), imported.ops},
                                {QStringLiteral("receipts"), imported.receipts},
                                {QStringLiteral("file"), QFileInfo(path).fileName()}}};
    if (auto journaled = Journal(m_store, m_exchange.pairId).record(entry); !journaled)
        qCWarning(lcEngine).noquote() << "could not record the import in the journal:" << journaled.error().message();
    m_exchange.importedBundle = header.number;
    m_exchange.receivedSeq = receivedSeq;
    return imported;
}

} // namespace ferry
