// Bundles between two consoles, in figures: 10,000 changes of one side (field edits with
// realistic values, and 100 new attachments of 64 KB each), exported into bundles and imported
// by the other console's state. Prints
//   1. bundle bytes per change, beside the changes' JSON alone (what compression saves) and the
//      attachments' bytes (which do not compress),
//   2. export and import throughput (changes per second), the bundles written and their sizes,
//   3. the peak memory of the process before and after.
// Real state folders (SQLite), real files, real libsodium.
#include "core/op.h"
#include "core/pairconfig.h"
#include "store/blobstore.h"
#include "store/channel.h"
#include "store/exchangerepository.h"
#include "store/pairrepository.h"
#include "store/statestore.h"
#include "testsupport.h"
#include "transport/bundleexchange.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int changes = 10'000;
constexpr int attachments = 100;
constexpr qsizetype attachmentBytes = 64 * 1024;

/// One console's state with the pair and its exchange.
struct Console {
    QTemporaryDir dir;
    std::unique_ptr<StateStore> store;
    qint64 pairId = 0;
    ExchangeRepository::Exchange exchange;

    bool open(Side side, const BundleKeyPair &own, const BundleKeyPair &partner)
    {
        store = std::make_unique<StateStore>(dir.path());
        QString error;
        PairConfig config;
        config.name = u"bench"_s;
        config.a = {u"acme"_s, u"ACME"_s, u"project = ACME"_s};
        config.b = {u"galaxy"_s, u"GLX"_s, u"project = GLX"_s};
        PairRepository pairs(*store);
        if (!noted(store->open(), &error) || !noted(pairs.create(config), &error))
            return qWarning() << error, false;
        pairId = noted(pairs.id(config.name), &error).value_or(0);
        exchange.id = u"6f1d2c1e-4a51-4a7e-9f61-2f3c1b0e9a77"_s;
        exchange.name = config.name;
        exchange.pairId = pairId;
        exchange.role = side == Side::A ? u"primary"_s : u"secondary"_s;
        exchange.side = side;
        exchange.keyRef = u"keychain"_s;
        exchange.ownKeys = own.publicKeys().toText();
        exchange.partnerKeys = partner.publicKeys().toText();
        exchange.handshake = {{u"nonce"_s, u"n"_s}};
        return noted(ExchangeRepository(*store).create(exchange), &error) || (qWarning() << error, false);
    }
};

} // namespace

class BenchBundles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tenThousandChangesWithAttachments();
};

void BenchBundles::tenThousandChangesWithAttachments()
{
    const BundleKeyPair keysA = BundleKeyPair::generate();
    const BundleKeyPair keysB = BundleKeyPair::generate();
    Console a;
    Console b;
    QVERIFY(a.open(Side::A, keysA, keysB));
    QVERIFY(b.open(Side::B, keysB, keysA));

    // Side A's changes, as its detector would have sent them.
    QRandomGenerator random(7);
    const BlobStore blobs(a.dir.path(), a.pairId);
    QList<Op> ops;
    qint64 jsonBytes = 0;
    QString error;
    for (int i = 0; i < changes; ++i) {
        const QString key = u"ACME-%1"_s.arg(1 + i / 10);
        Op op;
        if (i % (changes / attachments) == 0) {
            Result<std::unique_ptr<QTemporaryFile>> file = blobs.incoming();
            QVERIFY2(file, file ? "" : qPrintable(file.error().message()));
            QByteArray content(attachmentBytes, Qt::Uninitialized);
            random.fillRange(reinterpret_cast<quint32 *>(content.data()), content.size() / 4);
            (*file)->write(content);
            const std::optional<QString> sha = noted(blobs.keep(**file), &error);
            QVERIFY2(sha, qPrintable(error));
            op = Op::make(OpKind::AddAttachment, Side::A, QString::number(10000 + i / 10), key);
            op.value = QJsonObject{{u"attachmentId"_s, QString::number(50000 + i)},
                                   {u"content"_s,
                                    QJsonObject{{u"filename"_s, u"scan-%1.pdf"_s.arg(i)},
                                                {u"mimeType"_s, u"application/pdf"_s},
                                                {u"size"_s, attachmentBytes},
                                                {u"sha256"_s, *sha}}}};
        } else {
            op = Op::make(OpKind::SetField, Side::A, QString::number(10000 + i / 10), key);
            op.field = i % 3 == 0 ? u"summary"_s : i % 3 == 1 ? u"labels"_s : u"description"_s;
            op.base = u"Pump %1 loses pressure after a restart"_s.arg(i);
            op.value = op.field == u"labels"_s
                ? QJsonValue(QJsonArray{u"pump"_s, u"site-%1"_s.arg(i % 40), u"hydraulics"_s})
                : QJsonValue(u"Pump %1 loses pressure after a restart; the valve on line %2 was replaced on "
                             "%3 and the reading is back to 1.%4 bar."_s.arg(i)
                                 .arg(i % 12)
                                 .arg(u"2026-11-%1"_s.arg(1 + i % 28))
                                 .arg(i % 10));
            op.changedAtMs = 1764324000000 + i;
            op.author = u"Ada Lovelace"_s;
        }
        jsonBytes += QJsonDocument(op.toJson()).toJson(QJsonDocument::Compact).size();
        ops << op;
    }
    QVERIFY(noted(Channel(*a.store, a.pairId).send(Side::A, ops), &error));

    const long rssBefore = peakRssMb();
    const QString out = a.dir.filePath(u"out"_s);
    QDir().mkpath(out);
    BundleExchange exportFromA(*a.store, a.exchange, keysA);
    QElapsedTimer clock;
    clock.start();
    const std::optional<BundleExchange::Exported> exported
        = noted(exportFromA.exportTo(out, {}, BundleExchange::defaultMaxBytes), &error);
    const qint64 exportMs = clock.elapsed();
    QVERIFY2(exported, qPrintable(error));
    QCOMPARE(exported->ops, changes);

    BundleExchange importIntoB(*b.store, b.exchange, keysB);
    clock.restart();
    int received = 0;
    for (const QString &file : exported->files) {
        const BundleExchange::Imported imported = importIntoB.importFile(file);
        QVERIFY2(imported.result == BundleExchange::Outcome::Imported, qPrintable(imported.why));
        received += imported.ops;
    }
    const qint64 importMs = clock.elapsed();
    QCOMPARE(received, changes);
    QCOMPARE(noted(Channel(*b.store, b.pairId).unappliedCount(Side::B), &error).value_or(-1), changes);
    const BlobStore arrived(b.dir.path(), b.pairId);
    QVERIFY(QFileInfo(arrived.path(ops.first().value[u"content"_s][u"sha256"_s].toString())).size() == attachmentBytes);

    const qint64 attachmentTotal = attachments * attachmentBytes;
    QStringList sizes;
    for (const QString &file : exported->files)
        sizes << QString::number(QFileInfo(file).size() / 1024) + u" KB"_s;
    std::printf("\n%d changes (%d attachments of %lld KB) of one side, exported and imported:\n", changes, attachments,
                static_cast<long long>(attachmentBytes / 1024));
    std::printf("  bundle bytes per change:  %.0f (the changes' JSON alone: %.0f; without the attachments the "
                "bundles hold %.0f per change, %.2f of the JSON)\n",
                double(exported->bytes) / changes, double(jsonBytes) / changes,
                double(exported->bytes - attachmentTotal) / changes,
                double(exported->bytes - attachmentTotal) / double(jsonBytes));
    std::printf("  bundles written:          %lld (%s), %lld bytes in all\n",
                static_cast<long long>(exported->files.size()), qPrintable(sizes.join(u", "_s)),
                static_cast<long long>(exported->bytes));
    std::printf("  export:                   %lld ms, %.0f changes/s\n", static_cast<long long>(exportMs),
                changes * 1000.0 / std::max<qint64>(exportMs, 1));
    std::printf("  import (checked, decrypted, recorded): %lld ms, %.0f changes/s\n", static_cast<long long>(importMs),
                changes * 1000.0 / std::max<qint64>(importMs, 1));
    std::printf("  peak memory of the process: %ld MB before the export, %ld MB after the import\n", rssBefore,
                peakRssMb());
}

QTEST_GUILESS_MAIN(BenchBundles)
#include "bench_bundles.moc"
