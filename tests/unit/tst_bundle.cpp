#include "testsupport.h"
#include "transport/bundle.h"

#include <QBuffer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

BundleHeader opsHeader()
{
    BundleHeader header;
    header.kind = u"ops"_s;
    header.pair = u"6f1d2c1e-4a51-4a7e-9f61-2f3c1b0e9a77"_s;
    header.sender = Side::A;
    header.number = 7;
    header.firstSeq = 101;
    header.lastSeq = 250;
    return header;
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator generator(42);
    generator.fillRange(reinterpret_cast<quint32 *>(data.data()), size / 4);
    return data;
}

/// Everything a bundle carries, read back: JSON entries by name, blobs put together.
struct Contents {
    QList<std::pair<QString, QByteArray>> json;
    QHash<QString, QByteArray> blobs;
    QString error;
    bool ended = false;
};

Contents readAll(const QByteArray &bundle, const BundleTrust &trust, BundleHeader *header = nullptr)
{
    QBuffer device;
    device.setData(bundle);
    device.open(QIODevice::ReadOnly);
    BundleReader reader;
    Contents contents;
    if (!noted(reader.open(&device, trust), &contents.error))
        return contents;
    if (header)
        *header = reader.header();
    while (const std::optional<BundleEntry> entry = noted(reader.next(), &contents.error)) {
        if (entry->type == BundleEntry::Type::Json)
            contents.json << std::pair{entry->name, entry->data};
        else
            contents.blobs[entry->name] += entry->data;
    }
    contents.ended = reader.atEnd();
    return contents;
}

/// Where each frame of a bundle starts, and where the signature does.
QList<qsizetype> frameBoundaries(const QByteArray &bundle, bool box)
{
    const quint32 headerSize = qFromBigEndian<quint32>(bundle.constData() + 10);
    qsizetype at = 14 + headerSize + (box ? 32 : 0) + 24;
    QList<qsizetype> boundaries{at};
    while (at < bundle.size() - 64) {
        at += 4 + qFromBigEndian<quint32>(bundle.constData() + at);
        boundaries << at;
    }
    return boundaries;
}

} // namespace

class TestBundle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void keysSurviveTheirSecretForm();
    void carriesJsonAndBlobsSealedForTheRecipient();
    void carriesAHandshakeSealedWithACode();
    void refusesAWrongCode();
    void refusesAStranger();
    void refusesABundleSealedForAnotherConsole();
    void refusesEveryFlippedByte();
    void refusesEveryTruncation();
    void refusesAnAlteredHeader();
    void refusesWhatIsNoBundleOrANewerFormat();
    void writesNothingUntilCommitted();
    void refusesACompressionBomb();

private:
    QByteArray write(const BundleHeader &header, const std::function<void(BundleWriter &)> &fill,
                     const QString &code = {});
    /// A handshake carrying payload, sealed with the code K7QF-92XM-RT4P-WW3C.
    QByteArray handshake(const QByteArray &payload);

    QTemporaryDir m_dir;
    BundleKeyPair m_sender = BundleKeyPair::generate();
    BundleKeyPair m_recipient = BundleKeyPair::generate();
    BundleTrust m_trust;
    QByteArray m_bundle; ///< a bundle with three JSON entries and two blobs
};

QByteArray TestBundle::write(const BundleHeader &header, const std::function<void(BundleWriter &)> &fill,
                             const QString &code)
{
    const QString path = m_dir.filePath(u"out.bundle"_s);
    std::unique_ptr<BundleWriter> writer = code.isEmpty()
        ? std::make_unique<BundleWriter>(header, m_sender, m_recipient.publicKeys().box)
        : std::make_unique<BundleWriter>(header, m_sender, code);
    QString error;
    if (!noted(writer->open(path), &error))
        qFatal("open: %s", qPrintable(error));
    fill(*writer);
    if (!noted(writer->commit(), &error))
        qFatal("commit: %s", qPrintable(error));
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    const QByteArray bytes = file.readAll();
    if (bytes.size() != writer->size())
        qFatal("size %lld, file %lld", qint64(writer->size()), qint64(bytes.size()));
    return bytes;
}

QByteArray TestBundle::handshake(const QByteArray &payload)
{
    BundleHeader header = opsHeader();
    header.kind = u"handshake"_s;
    return write(
        header,
        [&](BundleWriter &writer) {
            QString error;
            QVERIFY(noted(writer.addJson(u"handshake"_s, payload), &error));
        },
        u"K7QF-92XM-RT4P-WW3C"_s);
}

void TestBundle::init()
{
    QVERIFY(m_dir.isValid());
    m_trust = {{m_sender.publicKeys().sign}, m_recipient.boxSecret(), m_recipient.publicKeys().box, {}};
    if (m_bundle.isEmpty())
        m_bundle = write(opsHeader(), [](BundleWriter &writer) {
            QString error;
            QBuffer small;
            small.setData("a small attachment");
            small.open(QIODevice::ReadOnly);
            QVERIFY(noted(writer.addJson(u"manifest"_s, R"({"ops":150})"), &error));
            QVERIFY(noted(writer.addJson(u"ops"_s, QByteArray(3'000'000, 'x')), &error)); // across three frames
            QVERIFY(noted(writer.addBlob(u"small"_s, small), &error));
            QVERIFY(noted(writer.addJson(u"acks"_s, "[]"), &error));
        });
}

void TestBundle::keysSurviveTheirSecretForm()
{
    QString error;
    const std::optional<BundleKeyPair> back = noted(BundleKeyPair::fromSecret(m_sender.toSecret()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->publicKeys(), m_sender.publicKeys());
    QCOMPARE(back->signSecret(), m_sender.signSecret());
    const std::optional<BundlePublicKeys> published
        = noted(BundlePublicKeys::fromText(m_sender.publicKeys().toText()), &error);
    QVERIFY(published);
    QCOMPARE(*published, m_sender.publicKeys());
    QVERIFY(m_sender.publicKeys().fingerprint().contains(QRegularExpression(u"^([0-9A-F]{4}-){4}[0-9A-F]{4}$"_s)));
    QVERIFY(m_sender.publicKeys().fingerprint() != m_recipient.publicKeys().fingerprint());
    QVERIFY(!noted(BundleKeyPair::fromSecret(u"c2hvcnQ"_s), &error));
    QVERIFY(!noted(BundlePublicKeys::fromText(u"abc.def"_s), &error));
}

void TestBundle::carriesJsonAndBlobsSealedForTheRecipient()
{
    const QByteArray large = randomBytes(3'500'000) + QByteArray(2'000'000, 'z'); // incompressible, then not
    const QString path = m_dir.filePath(u"large.bin"_s);
    QFile source(path);
    QVERIFY(source.open(QIODevice::WriteOnly));
    source.write(large);
    source.close();
    const QByteArray bundle = write(opsHeader(), [&](BundleWriter &writer) {
        QString error;
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(noted(writer.addJson(u"manifest"_s, R"({"ops":150})"), &error));
        QVERIFY(noted(writer.addBlob(u"sha-large"_s, file), &error));
        QVERIFY(noted(writer.addJson(u"ops"_s, QByteArray(2'500'000, '{')), &error));
    });
    QVERIFY(bundle.size() < large.size() + 100'000); // the repeated bytes shrank, the random ones did not grow
    BundleHeader header;
    const Contents contents = readAll(bundle, m_trust, &header);
    QVERIFY2(contents.error.isEmpty(), qPrintable(contents.error));
    QVERIFY(contents.ended);
    QCOMPARE(header.pair, opsHeader().pair);
    QCOMPARE(header.number, 7);
    QCOMPARE(header.firstSeq, 101);
    QCOMPARE(header.lastSeq, 250);
    QCOMPARE(header.signer, m_sender.publicKeys().sign);
    QVERIFY(header.created.isValid());
    QCOMPARE(contents.json.size(), 2);
    QCOMPARE(contents.json.at(0).first, u"manifest"_s);
    QCOMPARE(contents.json.at(1).second, QByteArray(2'500'000, '{'));
    QVERIFY(contents.blobs.value(u"sha-large"_s) == large);

    // The reference bundle: a JSON entry across frames, an empty-bodied entry after a blob.
    const Contents reference = readAll(m_bundle, m_trust);
    QVERIFY2(reference.ended, qPrintable(reference.error));
    QCOMPARE(reference.json.size(), 3);
    QCOMPARE(reference.json.at(1).second.size(), 3'000'000);
    QCOMPARE(reference.blobs.value(u"small"_s), "a small attachment");
}

void TestBundle::carriesAHandshakeSealedWithACode()
{
    const QByteArray bundle = handshake(R"({"hello":1})");
    BundleHeader read;
    // Written down in another case and without dashes, the code is the same.
    const Contents contents = readAll(bundle, {{}, {}, {}, u"k7qf 92xm rt4p ww3c"_s}, &read);
    QVERIFY2(contents.ended, qPrintable(contents.error));
    QCOMPARE(read.seal, BundleHeader::Seal::Code);
    QCOMPARE(read.signer, m_sender.publicKeys().sign);
    QCOMPARE(contents.json.value(0).second, R"({"hello":1})");
}

void TestBundle::refusesAWrongCode()
{
    const QByteArray bundle = handshake("{}");
    const Contents wrong = readAll(bundle, {{}, {}, {}, u"K7QF-92XM-RT4P-WW3D"_s});
    QVERIFY(wrong.json.isEmpty());
    QVERIFY2(wrong.error.contains(u"wrong handshake code"_s), qPrintable(wrong.error));
    const Contents none = readAll(bundle, {});
    QVERIFY2(none.error.contains(u"give the code"_s), qPrintable(none.error));
}

void TestBundle::refusesAStranger()
{
    BundleTrust trust = m_trust;
    trust.signers = {BundleKeyPair::generate().publicKeys().sign};
    const Contents contents = readAll(m_bundle, trust);
    QVERIFY(contents.json.isEmpty());
    QVERIFY2(contents.error.contains(u"does not trust"_s), qPrintable(contents.error));
}

void TestBundle::refusesABundleSealedForAnotherConsole()
{
    const BundleKeyPair other = BundleKeyPair::generate();
    const Contents contents = readAll(m_bundle, {m_trust.signers, other.boxSecret(), other.publicKeys().box, {}});
    QVERIFY(contents.json.isEmpty());
    QVERIFY2(contents.error.contains(u"another console"_s), qPrintable(contents.error));
}

void TestBundle::refusesEveryFlippedByte()
{
    // Every byte of the prefix and the first frames, then every 997th: none gives an entry.
    QList<qsizetype> positions;
    for (qsizetype i = 0; i < 600; ++i)
        positions << i;
    for (qsizetype i = 600; i < m_bundle.size(); i += 997)
        positions << i;
    positions << m_bundle.size() - 1;
    for (const qsizetype at : std::as_const(positions)) {
        QByteArray damaged = m_bundle;
        damaged[at] = char(damaged.at(at) ^ 0x10);
        const Contents contents = readAll(damaged, m_trust);
        QVERIFY2(!contents.error.isEmpty() && contents.json.isEmpty() && contents.blobs.isEmpty(),
                 qPrintable(u"flipped at %1"_s.arg(at)));
    }
    QByteArray damaged = m_bundle;
    damaged[m_bundle.size() - 100] = char(damaged.at(m_bundle.size() - 100) ^ 1);
    QVERIFY2(readAll(damaged, m_trust).error.contains(u"altered or damaged"_s),
             qPrintable(readAll(damaged, m_trust).error));
}

void TestBundle::refusesEveryTruncation()
{
    QList<qsizetype> cuts = frameBoundaries(m_bundle, true);
    QVERIFY(cuts.size() >= 8);
    for (const qsizetype at : QList<qsizetype>(cuts))
        cuts << at - 1 << at + 1;
    cuts << 0 << 5 << 13 << m_bundle.size() - 64 << m_bundle.size() - 1;
    for (const qsizetype at : std::as_const(cuts)) {
        if (at <= 0 || at >= m_bundle.size())
            continue;
        const Contents contents = readAll(m_bundle.left(at), m_trust);
        QVERIFY2(!contents.error.isEmpty() && contents.json.isEmpty(), qPrintable(u"cut at %1"_s.arg(at)));
    }
}

void TestBundle::refusesAnAlteredHeader()
{
    QByteArray altered = m_bundle;
    const qsizetype at = altered.indexOf(R"("number":7)");
    QVERIFY(at > 0);
    altered[at + 9] = '8';
    const Contents contents = readAll(altered, m_trust);
    QVERIFY(contents.json.isEmpty());
    QVERIFY2(contents.error.contains(u"altered or damaged"_s), qPrintable(contents.error));
}

void TestBundle::refusesWhatIsNoBundleOrANewerFormat()
{
    Contents contents = readAll("PK\x03\x04 a zip file, not a bundle", m_trust);
    QVERIFY2(contents.error.contains(u"not a Ferry bundle"_s), qPrintable(contents.error));
    QByteArray newer = m_bundle;
    newer[9] = 2;
    contents = readAll(newer, m_trust);
    QVERIFY2(contents.error.contains(u"format 2"_s), qPrintable(contents.error));
}

void TestBundle::writesNothingUntilCommitted()
{
    const QString path = m_dir.filePath(u"abandoned.bundle"_s);
    {
        BundleWriter writer(opsHeader(), m_sender, m_recipient.publicKeys().box);
        QString error;
        QVERIFY(noted(writer.open(path), &error));
        QVERIFY(noted(writer.addJson(u"manifest"_s, "{}"), &error));
    }
    QVERIFY(!QFile::exists(path));
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files).filter(u"abandoned"_s), QStringList());
}

void TestBundle::refusesACompressionBomb()
{
    QString error;
    // A frame claiming to uncompress to 1 GB.
    QByteArray plain = bundleformat::encodeFrame('J', u"ops"_s, QByteArray(100'000, 'a'), false, true);
    QVERIFY(plain.size() < 10'000);
    qToBigEndian<quint32>(1u << 30, plain.data() + 4 + 3);
    QVERIFY(!noted(bundleformat::decodeFrame(plain), &error));
    QVERIFY2(error.contains(u"larger than allowed"_s), qPrintable(error));
    QVERIFY(!noted(bundleformat::decodeFrame("Jx"), &error));
    QVERIFY(!noted(bundleformat::decodeFrame(QByteArray("E\0\0\0tail", 8)), &error));
}

QTEST_GUILESS_MAIN(TestBundle)
#include "tst_bundle.moc"
