#include "transport/bundle.h"

#include "transport/carrierfolder.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>

#include <algorithm>

#include <sodium.h>
#include <zlib.h>

namespace ferry {

namespace {
constexpr char magic[] = "FERRYBDL";
constexpr qsizetype magicSize = 8;
constexpr qsizetype maxHeader = 16 * 1024;
constexpr qsizetype signatureSize = crypto_sign_BYTES;
constexpr qsizetype streamHeaderSize = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr qsizetype frameOverhead = crypto_secretstream_xchacha20poly1305_ABYTES;
/// A frame's ciphertext: its data (compressed only when smaller), name and framing.
constexpr qsizetype maxFrameCipher = bundleformat::maxFrameData + 64 * 1024;

enum Flag : quint8 { Compressed = 1, More = 2 };

const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

unsigned char *bytes(QByteArray &data)
{
    return reinterpret_cast<unsigned char *>(data.data());
}

QByteArray bigEndian16(quint16 value)
{
    QByteArray out(2, Qt::Uninitialized);
    qToBigEndian(value, out.data());
    return out;
}

QByteArray bigEndian32(quint32 value)
{
    QByteArray out(4, Qt::Uninitialized);
    qToBigEndian(value, out.data());
    return out;
}

/// The stream key of a Box seal: X25519 between one key and the other's public key, hashed
/// with both public keys so that it belongs to this exchange alone.
bool boxKey(const QByteArray &secret, const QByteArray &otherPublic, const QByteArray &ephemeralPublic,
            const QByteArray &recipientPublic, QByteArray *key)
{
    QByteArray shared(crypto_scalarmult_BYTES, Qt::Uninitialized);
    if (crypto_scalarmult(bytes(shared), bytes(secret), bytes(otherPublic)) != 0)
        return false;
    key->resize(crypto_secretstream_xchacha20poly1305_KEYBYTES);
    crypto_generichash_state hash;
    crypto_generichash_init(&hash, nullptr, 0, size_t(key->size()));
    for (const QByteArray *part :
         std::initializer_list<const QByteArray *>{&shared, &ephemeralPublic, &recipientPublic})
        crypto_generichash_update(&hash, bytes(*part), quint64(part->size()));
    crypto_generichash_final(&hash, bytes(*key), size_t(key->size()));
    sodium_memzero(shared.data(), size_t(shared.size()));
    return true;
}

bool codeKey(const QString &code, const QByteArray &salt, QByteArray *key)
{
    // Spaces, dashes and case are how people write a code down, not part of it.
    QByteArray normalized = code.toUpper().remove(u'-').remove(u' ').toUtf8();
    key->resize(crypto_secretstream_xchacha20poly1305_KEYBYTES);
    const bool ok = crypto_pwhash(bytes(*key), quint64(key->size()), normalized.constData(), quint64(normalized.size()),
                                  bytes(salt), crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                  crypto_pwhash_ALG_ARGON2ID13)
        == 0;
    sodium_memzero(normalized.data(), size_t(normalized.size()));
    return ok;
}
} // namespace

QJsonObject BundleHeader::toJson() const
{
    QJsonObject json{{QStringLiteral("format"), formatVersion},
                     {QStringLiteral("kind"), kind},
                     {QStringLiteral("pair"), pair},
                     {QStringLiteral("sender"), sideName(sender)},
                     {QStringLiteral("number"), number},
                     {QStringLiteral("ops"), QJsonArray{firstSeq, lastSeq}},
                     {QStringLiteral("created"), created.toUTC().toString(Qt::ISODateWithMs)},
                     {QStringLiteral("signer"), keyText(signer)},
                     {QStringLiteral("seal"), seal == Seal::Box ? QStringLiteral("box") : QStringLiteral("code")}};
    if (seal == Seal::Box)
        json.insert(QStringLiteral("recipient"), keyText(recipient));
    else
        json.insert(QStringLiteral("salt"), keyText(salt));
    return json;
}

Result<BundleHeader> BundleHeader::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    const QJsonObject o = document.object();
    BundleHeader header;
    header.kind = o.value(QStringLiteral("kind")).toString();
    header.pair = o.value(QStringLiteral("pair")).toString();
    const std::optional<Side> sender = sideNamed(o.value(QStringLiteral("sender")).toString());
    header.sender = sender.value_or(Side::A);
    header.number = o.value(QStringLiteral("number")).toInteger(-1);
    const QJsonArray ops = o.value(QStringLiteral("ops")).toArray();
    header.firstSeq = ops.at(0).toInteger(-1);
    header.lastSeq = ops.at(1).toInteger(-1);
    header.created = QDateTime::fromString(o.value(QStringLiteral("created")).toString(), Qt::ISODateWithMs);
    header.signer = keyBytes(o.value(QStringLiteral("signer")).toString(), crypto_sign_PUBLICKEYBYTES);
    const QString seal = o.value(QStringLiteral("seal")).toString();
    header.seal = seal == QStringLiteral("code") ? Seal::Code : Seal::Box;
    header.recipient = keyBytes(o.value(QStringLiteral("recipient")).toString(), crypto_box_PUBLICKEYBYTES);
    header.salt = keyBytes(o.value(QStringLiteral("salt")).toString(), crypto_pwhash_SALTBYTES);
    const bool wellFormed = !document.isNull() && document.isObject()
        && o.value(QStringLiteral("format")).toInt() == formatVersion
        && QStringList{QStringLiteral("handshake"), QStringLiteral("answer"), QStringLiteral("ops")}.contains(
            header.kind)
        && !header.pair.isEmpty() && sender && header.number >= 0 && ops.size() == 2 && header.firstSeq >= 0
        && header.lastSeq >= 0 && header.created.isValid() && !header.signer.isEmpty()
        && (seal == QStringLiteral("box") ? !header.recipient.isEmpty()
                                          : seal == QStringLiteral("code") && !header.salt.isEmpty());
    if (!wellFormed)
        return Error(QStringLiteral("its header is not a Ferry bundle header"));
    return header;
}

namespace bundleformat {

std::optional<QByteArray> inflateBounded(const QByteArray &packed, qsizetype limit)
{
    // qCompress's layout: the size, 4 bytes big-endian, then a zlib stream. The size is a claim
    // of the sender: the output never grows past it (nor past limit), whatever the stream holds,
    // where qUncompress would grow its buffer to whatever the stream inflates to.
    if (packed.size() < 4)
        return std::nullopt;
    const quint32 claimed = qFromBigEndian<quint32>(packed.constData());
    if (claimed > quint64(limit))
        return std::nullopt;
    QByteArray out(qsizetype(claimed) + 1, Qt::Uninitialized); // one spare byte tells a stream that runs over
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK)
        return std::nullopt;
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(packed.constData() + 4));
    stream.avail_in = uInt(packed.size() - 4);
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int status = inflate(&stream, Z_FINISH);
    const uLong produced = stream.total_out;
    const bool whole = status == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    if (!whole || produced != claimed)
        return std::nullopt;
    out.truncate(qsizetype(produced));
    return out;
}

QByteArray encodeFrame(char type, const QString &name, const QByteArray &data, bool more, bool compress)
{
    quint8 flags = more ? More : 0;
    QByteArray payload = data;
    if (compress && !data.isEmpty()) {
        QByteArray packed = qCompress(data);
        if (packed.size() < data.size()) {
            payload = std::move(packed);
            flags |= Compressed;
        }
    }
    const QByteArray utf8 = name.toUtf8();
    return QByteArray(1, type) + char(flags) + bigEndian16(quint16(utf8.size())) + utf8 + payload;
}

Result<Frame> decodeFrame(const QByteArray &plain)
{
    const auto damaged
        = [](const QString &why) { return Error(QStringLiteral("its payload is damaged (%1)").arg(why)); };
    if (plain.size() < 4)
        return damaged(QStringLiteral("a frame too short"));
    Frame frame;
    frame.type = plain.at(0);
    const auto flags = quint8(plain.at(1));
    const quint16 nameSize = qFromBigEndian<quint16>(plain.constData() + 2);
    if (frame.type != 'J' && frame.type != 'B' && frame.type != 'E')
        return damaged(QStringLiteral("an unknown entry type"));
    if ((flags & ~(Compressed | More)) != 0)
        return damaged(QStringLiteral("unknown frame flags"));
    if (4 + qsizetype(nameSize) > plain.size())
        return damaged(QStringLiteral("a name beyond its frame"));
    const QByteArray name = plain.mid(4, nameSize);
    frame.name = QString::fromUtf8(name);
    if (frame.name.toUtf8() != name)
        return damaged(QStringLiteral("a name that is not UTF-8"));
    frame.more = flags & More;
    frame.data = plain.mid(4 + nameSize);
    if (flags & Compressed) {
        if (frame.data.size() < 4 || qFromBigEndian<quint32>(frame.data.constData()) > quint32(maxFrameData))
            return damaged(QStringLiteral("a compressed frame larger than allowed"));
        std::optional<QByteArray> unpacked = inflateBounded(frame.data, maxFrameData);
        if (!unpacked)
            return damaged(QStringLiteral("compressed data that does not uncompress to the size it claims"));
        frame.data = std::move(*unpacked);
    }
    if (frame.data.size() > maxFrameData)
        return damaged(QStringLiteral("a frame larger than allowed"));
    if (frame.type == 'E' && (frame.more || !frame.name.isEmpty() || !frame.data.isEmpty()))
        return damaged(QStringLiteral("an end frame with content"));
    return frame;
}

} // namespace bundleformat

struct BundleWriter::State {
    crypto_sign_state sign;
    crypto_secretstream_xchacha20poly1305_state stream;
    QByteArray associated; ///< bound to the first frame
};

BundleWriter::BundleWriter(BundleHeader header, const BundleKeyPair &sender, const QByteArray &recipientBox)
    : m_header(std::move(header))
    , m_sender(sender)
    , m_recipientBox(recipientBox)
{
    m_header.seal = BundleHeader::Seal::Box;
    m_header.recipient = recipientBox;
}

BundleWriter::BundleWriter(BundleHeader header, const BundleKeyPair &sender, const QString &code)
    : m_header(std::move(header))
    , m_sender(sender)
    , m_code(code)
{
    m_header.seal = BundleHeader::Seal::Code;
}

BundleWriter::~BundleWriter()
{
    if (m_state)
        sodium_memzero(&m_state->stream, sizeof m_state->stream);
}

Error BundleWriter::failWriting()
{
    const Error failed(QStringLiteral("could not write %1: %2").arg(m_file->fileName(), m_file->errorString()));
    m_file->cancel();
    return failed;
}

Result<void> BundleWriter::write(const QByteArray &data)
{
    crypto_sign_update(&m_state->sign, bytes(data), quint64(data.size()));
    if (m_file->write(data) != data.size())
        return failWriting();
    m_size += data.size();
    return {};
}

Result<void> BundleWriter::open(const QString &path)
{
    if (!initSodium())
        return Error(QStringLiteral("the cryptography library could not start"));
    m_header.signer = m_sender.publicKeys().sign;
    if (!m_header.created.isValid())
        m_header.created = QDateTime::currentDateTimeUtc();
    QByteArray key;
    QByteArray sealMaterial;
    if (m_header.seal == BundleHeader::Seal::Code) {
        m_header.salt.resize(crypto_pwhash_SALTBYTES);
        randombytes_buf(bytes(m_header.salt), size_t(m_header.salt.size()));
        if (!codeKey(m_code, m_header.salt, &key))
            return Error(QStringLiteral("not enough memory to derive the key from the code"));
    } else {
        QByteArray ephemeralSecret(crypto_box_SECRETKEYBYTES, Qt::Uninitialized);
        sealMaterial.resize(crypto_box_PUBLICKEYBYTES);
        crypto_box_keypair(bytes(sealMaterial), bytes(ephemeralSecret));
        const bool ok = m_recipientBox.size() == crypto_box_PUBLICKEYBYTES
            && boxKey(ephemeralSecret, m_recipientBox, sealMaterial, m_recipientBox, &key);
        sodium_memzero(ephemeralSecret.data(), size_t(ephemeralSecret.size()));
        if (!ok)
            return Error(QStringLiteral("the partner's public key is not usable; repeat the handshake"));
    }
    const QByteArray header = QJsonDocument(m_header.toJson()).toJson(QJsonDocument::Compact);
    m_state = std::make_unique<State>();
    m_state->associated = QByteArray(magic, magicSize) + bigEndian16(BundleHeader::formatVersion)
        + bigEndian32(quint32(header.size())) + header + sealMaterial;
    QByteArray streamHeader(streamHeaderSize, Qt::Uninitialized);
    crypto_secretstream_xchacha20poly1305_init_push(&m_state->stream, bytes(streamHeader), bytes(key));
    sodium_memzero(key.data(), size_t(key.size()));
    crypto_sign_init(&m_state->sign);

    // Never through a symbolic link: one planted where a bundle goes (a carrier's folder is writable
    // by others) would aim the bundle at any file of Ferry's user.
    m_file = std::make_unique<WholeFile>(path);
    if (auto opened = m_file->open(); !opened)
        return opened;
    m_size = 0;
    if (auto written = write(m_state->associated); !written)
        return written;
    return write(streamHeader);
}

Result<void> BundleWriter::addFrame(char type, const QString &name, const QByteArray &data, bool more, bool compress)
{
    const QByteArray plain = bundleformat::encodeFrame(type, name, data, more, compress);
    QByteArray cipher(plain.size() + frameOverhead, Qt::Uninitialized);
    unsigned long long cipherSize = 0;
    const QByteArray &associated = m_state->associated;
    const bool first = m_size == associated.size() + streamHeaderSize;
    crypto_secretstream_xchacha20poly1305_push(&m_state->stream, bytes(cipher), &cipherSize, bytes(plain),
                                               quint64(plain.size()), first ? bytes(associated) : nullptr,
                                               first ? quint64(associated.size()) : 0,
                                               type == 'E' ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                                           : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    cipher.resize(qsizetype(cipherSize));
    if (auto written = write(bigEndian32(quint32(cipher.size()))); !written)
        return written;
    return write(cipher);
}

Result<void> BundleWriter::addJson(const QString &name, const QByteArray &json)
{
    if (json.size() > bundleformat::maxJsonEntry)
        return Error(QStringLiteral("the %1 entry is larger than a bundle may carry").arg(name));
    for (qsizetype at = 0; at == 0 || at < json.size(); at += bundleformat::maxFrameData) {
        const bool more = at + bundleformat::maxFrameData < json.size();
        if (auto added = addFrame('J', name, json.mid(at, bundleformat::maxFrameData), more, true); !added)
            return added;
    }
    return {};
}

Result<void> BundleWriter::addBlob(const QString &name, QIODevice &source)
{
    QByteArray chunk = source.read(bundleformat::maxFrameData);
    for (;;) {
        if (source.bytesAvailable() == 0 && !source.atEnd())
            return Error(QStringLiteral("could not read the content of %1: %2").arg(name, source.errorString()));
        QByteArray following = source.atEnd() ? QByteArray() : source.read(bundleformat::maxFrameData);
        const bool more = !following.isEmpty();
        if (auto added = addFrame('B', name, chunk, more, true); !added)
            return added;
        if (!more)
            return {};
        chunk = std::move(following);
    }
}

Result<void> BundleWriter::commit()
{
    if (auto ended = addFrame('E', {}, {}, false, false); !ended)
        return ended;
    QByteArray signature(signatureSize, Qt::Uninitialized);
    crypto_sign_final_create(&m_state->sign, bytes(signature), nullptr, bytes(m_sender.signSecret()));
    if (m_file->write(signature) != signature.size())
        return failWriting();
    if (auto committed = m_file->commit(); !committed)
        return committed;
    m_size += signature.size();
    return {};
}

struct BundleReader::State {
    crypto_secretstream_xchacha20poly1305_state stream;
};

BundleReader::BundleReader() = default;

BundleReader::~BundleReader()
{
    if (m_state)
        sodium_memzero(&m_state->stream, sizeof m_state->stream);
}

Result<void> BundleReader::open(QIODevice *device, const BundleTrust &trust)
{
    m_device = device;
    m_state.reset();
    m_ended = false;
    m_first = true;
    if (!initSodium())
        return Error(QStringLiteral("the cryptography library could not start"));
    const qint64 size = device->size();
    if (!device->seek(0))
        return Error(QStringLiteral("it cannot be read: %1").arg(device->errorString()));
    const QByteArray start = device->read(magicSize + 6);
    if (start.size() < magicSize + 6 || !start.startsWith(QByteArray(magic, magicSize)))
        return Error(QStringLiteral("it is not a Ferry bundle"));
    const quint16 version = qFromBigEndian<quint16>(start.constData() + magicSize);
    if (version != BundleHeader::formatVersion)
        return Error(QStringLiteral("it is in bundle format %1, which this Ferry does not read (it reads %2); "
                                    "update Ferry on both sides to the same version")
                         .arg(version)
                         .arg(BundleHeader::formatVersion));
    const quint32 headerSize = qFromBigEndian<quint32>(start.constData() + magicSize + 2);
    if (headerSize > maxHeader || qint64(start.size()) + headerSize + streamHeaderSize + signatureSize > size)
        return Error(QStringLiteral("it is damaged or cut short (its header runs past its end)"));
    const QByteArray headerJson = device->read(headerSize);

    // The signature first, over every byte before it: the header is read only once it holds (a
    // handshake, which no key vouches for yet, names its own signer; its code vouches for it).
    QList<QByteArray> signers = trust.signers;
    if (signers.isEmpty()) {
        const auto claimed = BundleHeader::fromJson(headerJson);
        if (!claimed)
            return claimed.error();
        signers << claimed->signer;
    }
    crypto_sign_state signing;
    crypto_sign_init(&signing);
    if (!device->seek(0))
        return Error(QStringLiteral("it cannot be read: %1").arg(device->errorString()));
    for (qint64 left = size - signatureSize; left > 0;) {
        const QByteArray chunk = device->read(std::min<qint64>(left, 256 * 1024));
        if (chunk.isEmpty())
            return Error(QStringLiteral("it cannot be read: %1").arg(device->errorString()));
        crypto_sign_update(&signing, bytes(chunk), quint64(chunk.size()));
        left -= chunk.size();
    }
    const QByteArray signature = device->read(signatureSize);
    const bool verified = std::any_of(signers.cbegin(), signers.cend(), [&](const QByteArray &signer) {
        crypto_sign_state copy = signing;
        return signer.size() == crypto_sign_PUBLICKEYBYTES && signature.size() == signatureSize
            && crypto_sign_final_verify(&copy, bytes(signature), bytes(signer)) == 0;
    });
    if (!verified) {
        // Which of the two it is, for the admin's sake only: nothing of it is used.
        const auto claimed = BundleHeader::fromJson(headerJson);
        return Error(claimed && signers.contains(claimed->signer)
                         ? QStringLiteral("it was altered or damaged on the way (its signature does not match)")
                         : QStringLiteral("it is signed by a key this console does not trust (from another "
                                          "pair, or a stranger)"));
    }
    const auto header = BundleHeader::fromJson(headerJson);
    if (!header)
        return header.error();
    m_header = *header;

    // Then the seal.
    QByteArray sealMaterial;
    QByteArray key;
    if (m_header.seal == BundleHeader::Seal::Box) {
        if (m_header.recipient != trust.boxPublic || trust.boxSecret.size() != crypto_box_SECRETKEYBYTES)
            return Error(QStringLiteral("it is sealed for another console (not this side's key of the pair)"));
        if (!device->seek(start.size() + headerSize))
            return Error(QStringLiteral("it cannot be read: %1").arg(device->errorString()));
        sealMaterial = device->read(crypto_box_PUBLICKEYBYTES);
        if (sealMaterial.size() != crypto_box_PUBLICKEYBYTES
            || !boxKey(trust.boxSecret, sealMaterial, sealMaterial, trust.boxPublic, &key))
            return Error(QStringLiteral("its seal is damaged"));
    } else if (trust.code.isEmpty()) {
        return Error(QStringLiteral("it is sealed with a handshake code; give the code its sender was shown"));
    } else if (!codeKey(trust.code, m_header.salt, &key)) {
        return Error(QStringLiteral("not enough memory to derive the key from the code"));
    }
    if (!device->seek(start.size() + headerSize + sealMaterial.size()))
        return Error(QStringLiteral("it cannot be read: %1").arg(device->errorString()));
    m_associated = start + headerJson + sealMaterial;
    const QByteArray streamHeader = device->read(streamHeaderSize);
    m_state = std::make_unique<State>();
    const bool opened = streamHeader.size() == streamHeaderSize
        && crypto_secretstream_xchacha20poly1305_init_pull(&m_state->stream, bytes(streamHeader), bytes(key)) == 0;
    sodium_memzero(key.data(), size_t(key.size()));
    if (!opened)
        return Error(QStringLiteral("its seal is damaged"));
    m_payloadEnd = size - signatureSize;
    return {};
}

Result<BundleHeader> BundleReader::peek(QIODevice *device)
{
    const QByteArray start = device->read(magicSize + 6);
    if (start.size() < magicSize + 6 || !start.startsWith(QByteArray(magic, magicSize)))
        return Error(QStringLiteral("it is not a Ferry bundle"));
    const quint32 headerSize = qFromBigEndian<quint32>(start.constData() + magicSize + 2);
    if (headerSize > maxHeader)
        return Error(QStringLiteral("it is damaged (its header is too large)"));
    return BundleHeader::fromJson(device->read(headerSize));
}

Result<QByteArray> BundleReader::readFrame()
{
    if (m_device->pos() + 4 > m_payloadEnd)
        return Error(QStringLiteral("it is cut short (its payload ends before its last frame)"));
    const QByteArray length = m_device->read(4);
    const quint32 cipherSize = length.size() == 4 ? qFromBigEndian<quint32>(length.constData()) : 0;
    if (cipherSize < frameOverhead || cipherSize > maxFrameCipher || m_device->pos() + cipherSize > m_payloadEnd)
        return Error(QStringLiteral("its payload is damaged (a frame of impossible size)"));
    const QByteArray cipher = m_device->read(cipherSize);
    QByteArray plain(cipher.size() - frameOverhead, Qt::Uninitialized);
    unsigned long long plainSize = 0;
    unsigned char tag = 0;
    if (cipher.size() != qsizetype(cipherSize)
        || crypto_secretstream_xchacha20poly1305_pull(&m_state->stream, bytes(plain), &plainSize, &tag, bytes(cipher),
                                                      quint64(cipher.size()), m_first ? bytes(m_associated) : nullptr,
                                                      m_first ? quint64(m_associated.size()) : 0)
            != 0)
        return Error(m_first ? QStringLiteral("it cannot be opened: a wrong handshake code, or it was altered")
                             : QStringLiteral("its payload is damaged (a frame does not decrypt)"));
    m_first = false;
    plain.resize(qsizetype(plainSize));
    const bool final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    if (final != (plain.startsWith('E')))
        return Error(QStringLiteral("its payload is damaged (its end is misplaced)"));
    return plain;
}

Result<std::optional<BundleEntry>> BundleReader::next()
{
    if (m_ended || !m_state)
        return std::optional<BundleEntry>();
    BundleEntry entry;
    for (;;) {
        const Result<QByteArray> plain = readFrame();
        if (!plain)
            return plain.error();
        Result<bundleformat::Frame> frame = bundleformat::decodeFrame(*plain);
        if (!frame)
            return frame.error();
        if (frame->type == 'E') {
            if (!entry.name.isEmpty() || m_device->pos() != m_payloadEnd)
                return Error(QStringLiteral("its payload is damaged (it ends inside an entry)"));
            m_ended = true;
            return std::optional<BundleEntry>();
        }
        if (frame->type == 'B') {
            entry.type = BundleEntry::Type::Blob;
            entry.name = frame->name;
            entry.data = std::move(frame->data);
            entry.last = !frame->more;
            return std::optional(std::move(entry));
        }
        if (!entry.name.isEmpty() && frame->name != entry.name)
            return Error(QStringLiteral("its payload is damaged (an entry interrupted)"));
        if (entry.data.size() + frame->data.size() > bundleformat::maxJsonEntry)
            return Error(QStringLiteral("its payload is damaged (an entry larger than allowed)"));
        entry.name = frame->name;
        entry.data += frame->data;
        if (!frame->more)
            return std::optional(std::move(entry));
    }
}

} // namespace ferry
