// Security findings 6 and 7 (docs/security.md): what a bundle or a handshake carries is the
// partner's, or a carrier's, word. A compressed frame may claim any size; a handshake may name
// its pair anything. Neither may cost unbounded memory or reach a path, a header or a command.

#include "core/names.h"
#include "store/exchangerepository.h"
#include "store/pairrepository.h"
#include "store/statestore.h"
#include "testsupport.h"
#include "transport/bundle.h"
#include "transport/handshake.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QtEndian>

#include <zlib.h>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

/// A zlib stream that inflates to megabytes of zeros, made a megabyte at a time (never whole
/// in memory), behind qCompress's size field claiming claimed bytes.
QByteArray zeroBomb(int megabytes, quint32 claimed)
{
    QByteArray out(4, Qt::Uninitialized);
    qToBigEndian(claimed, out.data());
    z_stream stream{};
    deflateInit(&stream, Z_BEST_COMPRESSION);
    const QByteArray zeros(1 << 20, '\0');
    QByteArray chunk(1 << 16, Qt::Uninitialized);
    for (int i = 0; i < megabytes; ++i) {
        stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(zeros.constData()));
        stream.avail_in = uInt(zeros.size());
        const int flush = i + 1 == megabytes ? Z_FINISH : Z_NO_FLUSH;
        do {
            stream.next_out = reinterpret_cast<Bytef *>(chunk.data());
            stream.avail_out = uInt(chunk.size());
            deflate(&stream, flush);
            out.append(chunk.constData(), chunk.size() - qsizetype(stream.avail_out));
        } while (stream.avail_out == 0);
    }
    deflateEnd(&stream);
    return out;
}

QByteArray compressedFrame(const QByteArray &packed)
{
    return QByteArray("J") + char(1) + QByteArray(2, '\0') + packed; // type, Compressed, no name
}

} // namespace

class TestBundleAbuse : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void inflatesNoMoreThanAFrameClaims();
    void refusesFramesThatInflateToOtherThanTheyClaim();
    void refusesAHandshakeWithAnUnsafeNameOrId_data();
    void refusesAHandshakeWithAnUnsafeNameOrId();
    void writesNoHandshakeWithAnUnsafeName();
    void refusesAnAnswerThatMovesThisConsolesSide();

private:
    QTemporaryDir m_dir;
};

void TestBundleAbuse::initTestCase()
{
    isolateUserFolders();
}

void TestBundleAbuse::inflatesNoMoreThanAFrameClaims()
{
    // Under a megabyte on the wire, claiming a megabyte, inflating to 512 MB: Qt's qUncompress
    // grows its buffer to whatever the stream holds.
    const QByteArray bomb = compressedFrame(zeroBomb(512, 1 << 20));
    QVERIFY(bomb.size() < bundleformat::maxFrameData);
    const long before = peakRssMb();
    QString error;
    const std::optional<bundleformat::Frame> frame = noted(bundleformat::decodeFrame(bomb), &error);
    const long grown = peakRssMb() - before;
    qInfo("a %lld-byte frame inflating to 512 MB: peak memory grew by %ld MB", qlonglong(bomb.size()), grown);
    QVERIFY2(grown < 16, qPrintable(u"decoding the frame took %1 MB"_s.arg(grown)));
    QVERIFY(!frame);
    QVERIFY2(error.contains(u"does not uncompress to the size it claims"_s), qPrintable(error));
}

void TestBundleAbuse::refusesFramesThatInflateToOtherThanTheyClaim()
{
    QString error;
    const QByteArray data(300'000, 'x');
    const std::optional<bundleformat::Frame> good
        = noted(bundleformat::decodeFrame(bundleformat::encodeFrame('J', u"ops"_s, data, false, true)), &error);
    QVERIFY2(good && good->data == data, qPrintable(error));
    QByteArray shortClaim = qCompress(data);
    qToBigEndian(quint32(1000), shortClaim.data());
    QVERIFY(!noted(bundleformat::decodeFrame(compressedFrame(shortClaim)), &error));
    QByteArray longClaim = qCompress(data);
    qToBigEndian(quint32(400'000), longClaim.data());
    QVERIFY(!noted(bundleformat::decodeFrame(compressedFrame(longClaim)), &error));
    QVERIFY(!noted(bundleformat::decodeFrame(compressedFrame(QByteArray("\0\0\1\0garbage", 11))), &error));
}

void TestBundleAbuse::refusesAHandshakeWithAnUnsafeNameOrId_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("id");
    const QString uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QTest::newRow("a name that climbs folders") << u"../../../escaped"_s << uuid;
    QTest::newRow("a name with a header break") << u"P\r\nBcc: someone@example.com"_s << uuid;
    QTest::newRow("an id that climbs folders") << u"P"_s << u"../../../escaped"_s;
    QTest::newRow("an id with an IMAP command") << u"P"_s << u"x\" OR ALL \""_s;
    QTest::newRow("an id in braces") << u"P"_s << u"{%1}"_s.arg(uuid);
}

void TestBundleAbuse::refusesAHandshakeWithAnUnsafeNameOrId()
{
    QFETCH(QString, name);
    QFETCH(QString, id);
    // A primary that writes its handshake by hand, past its own checks.
    const BundleKeyPair keys = BundleKeyPair::generate();
    BundleHeader header;
    header.kind = u"handshake"_s;
    header.pair = id;
    header.sender = Side::A;
    header.firstSeq = 1;
    const QString code = handshake::newCode();
    const QString path = m_dir.filePath(u"handshake-%1.ferry"_s.arg(QString::fromLatin1(QTest::currentDataTag())));
    BundleWriter writer(header, keys, code);
    const QJsonObject payload{{u"pair"_s, id},
                              {u"name"_s, name},
                              {u"primarySide"_s, u"a"_s},
                              {u"side"_s, QJsonObject{{u"site"_s, u"acme"_s}, {u"project"_s, u"ACME"_s}}},
                              {u"metadata"_s, QJsonObject()},
                              {u"keys"_s, keys.publicKeys().toText()},
                              {u"nonce"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)}};
    QString error;
    QVERIFY2(noted(writer.open(path), &error)
                 && noted(writer.addJson(u"handshake"_s, QJsonDocument(payload).toJson(QJsonDocument::Compact)), &error)
                 && noted(writer.commit(), &error),
             qPrintable(error));
    const std::optional<handshake::Offer> offer = noted(handshake::read(path, code), &error);
    QVERIFY2(!offer, "a handshake with an unsafe name or id was taken");
    QVERIFY2(error.contains(u"refused"_s) || error.contains(u"does not match"_s), qPrintable(error));
}

void TestBundleAbuse::writesNoHandshakeWithAnUnsafeName()
{
    QVERIFY(!isValidName(u"../../../escaped"_s));
    QVERIFY(isValidName(u"acme-glx"_s));
    QVERIFY(isValidPairId(QUuid::createUuid().toString(QUuid::WithoutBraces)));
    QVERIFY(!isValidPairId(QUuid::createUuid().toString()));
    ExchangeRepository::Exchange exchange;
    exchange.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    exchange.name = u"../../../escaped"_s;
    exchange.role = u"primary"_s;
    exchange.side = Side::A;
    QString error;
    QVERIFY(!noted(
        handshake::write(exchange, BundleKeyPair::generate(), m_dir.filePath(u"out.ferry"_s), handshake::newCode()),
        &error));
    QVERIFY2(error.contains(u"not valid"_s), qPrintable(error));
    QVERIFY(!QFile::exists(m_dir.filePath(u"out.ferry"_s)));
}

void TestBundleAbuse::refusesAnAnswerThatMovesThisConsolesSide()
{
    // The secondary completes the configuration; it may not move the primary's side elsewhere.
    StateStore primary(m_dir.filePath(u"primary"_s));
    StateStore secondary(m_dir.filePath(u"secondary"_s));
    QString error;
    QVERIFY2(noted(primary.open(), &error) && noted(secondary.open(), &error), qPrintable(error));
    const BundleKeyPair primaryKeys = BundleKeyPair::generate();
    const BundleKeyPair secondaryKeys = BundleKeyPair::generate();
    const handshake::Offer offer
        = handshake::makeOffer(u"P"_s, Side::A, u"acme"_s, u"ACME"_s, SiteMetadata(), primaryKeys.publicKeys());
    QVERIFY2(noted(handshake::begin(primary, offer, u"file:/dev/null"_s), &error), qPrintable(error));
    const std::optional<ExchangeRepository::Exchange> exchange
        = noted(ExchangeRepository(primary).byName(u"P"_s), &error);
    QVERIFY(exchange);
    const QString code = handshake::newCode();
    const QString handshakeFile = m_dir.filePath(u"handshake.ferry"_s);
    QVERIFY2(noted(handshake::write(*exchange, primaryKeys, handshakeFile, code), &error), qPrintable(error));

    std::optional<handshake::Offer> read = noted(handshake::read(handshakeFile, code), &error);
    QVERIFY2(read, qPrintable(error));
    read->side.project = u"OTHER"_s; // the secondary's admin, or its console, rewrites what it was offered
    const QString answerFile = m_dir.filePath(u"answer.ferry"_s);
    QVERIFY2(noted(handshake::answer(secondary, *read, u"P"_s, {u"galaxy"_s, u"GLX"_s, u"project = GLX"_s},
                                     SiteMetadata(), secondaryKeys, u"file:/dev/null"_s, answerFile),
                   &error),
             qPrintable(error));
    QVERIFY(!noted(handshake::complete(primary, *exchange, primaryKeys, answerFile), &error));
    QVERIFY2(error.contains(u"names acme:OTHER for this console's side"_s), qPrintable(error));
    QVERIFY(!noted(PairRepository(primary).id(u"P"_s), &error));
}

QTEST_GUILESS_MAIN(TestBundleAbuse)
#include "tst_bundle_abuse.moc"
