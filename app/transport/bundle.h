#pragma once

#include "transport/bundlekeys.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "core/result.h"
#include "core/side.h"

#include <memory>
#include <optional>

class QIODevice;

namespace ferry {

class WholeFile;

/// The plaintext header every bundle starts with: what it is, whose, from whom, and which ops.
/// It is signed with the rest and bound to the encrypted payload as associated data, so it can
/// be read before opening but not changed. docs/bundle-format.md describes the whole format.
struct BundleHeader {
    static constexpr int formatVersion = 1;
    enum class Seal {
        Box, ///< for the recipient's X25519 key (every bundle once the consoles know each other)
        Code, ///< with a key from a one-time code (the handshake, before they do)
    };

    QString kind; ///< "handshake", "answer" or "ops"
    QString pair; ///< the pair's id, the same on both consoles
    Side sender = Side::A;
    qint64 number = 0; ///< the sender's bundle count for this pair, from 1
    qint64 firstSeq = 0; ///< the sender's ops it carries (outbox sequence), none when lastSeq < firstSeq
    qint64 lastSeq = 0;
    QDateTime created; ///< UTC
    QByteArray signer; ///< the sender's Ed25519 public key
    Seal seal = Seal::Box;
    QByteArray recipient; ///< Box: the recipient's X25519 public key
    QByteArray salt; ///< Code: what the key is derived with

    QJsonObject toJson() const;
    /// Reads a header; fails with why when it is not a well-formed one.
    static Result<BundleHeader> fromJson(const QByteArray &json);
};

/// One piece of a bundle's payload: a JSON document whole, or the next chunk of a blob.
struct BundleEntry {
    enum class Type { Json, Blob };
    Type type = Type::Json;
    QString name;
    QByteArray data;
    bool last = true; ///< a blob's final chunk (a JSON entry is always whole)
};

/// What a reader accepts: the keys it trusts to sign and what opens the seal.
struct BundleTrust {
    /// Ed25519 keys a bundle may be signed with; empty: the header's own signer (a handshake,
    /// whose code vouches for it).
    QList<QByteArray> signers;
    QByteArray boxSecret; ///< opens a Box seal
    QByteArray boxPublic;
    QString code; ///< opens a Code seal
};

/// Writes one bundle: a header, then JSON entries and blobs compressed and encrypted in frames
/// (libsodium secretstream), then the sender's Ed25519 signature over all of it. The file appears
/// only when committed whole (temporary name, then rename); memory stays bounded by a frame.
class BundleWriter {
public:
    /// A bundle sealed for the recipient's X25519 public key.
    BundleWriter(BundleHeader header, const BundleKeyPair &sender, const QByteArray &recipientBox);
    /// A bundle sealed with a one-time code the two admins share (the handshake).
    BundleWriter(BundleHeader header, const BundleKeyPair &sender, const QString &code);
    ~BundleWriter();
    BundleWriter(const BundleWriter &) = delete;
    BundleWriter &operator=(const BundleWriter &) = delete;

    Result<void> open(const QString &path);
    Result<void> addJson(const QString &name, const QByteArray &json);
    /// A blob read from source to its end.
    Result<void> addBlob(const QString &name, QIODevice &source);
    /// Bytes written so far (the payload compressed and encrypted).
    qint64 size() const { return m_size; }
    /// Ends and signs the bundle and puts it in place; without it nothing appears.
    Result<void> commit();

    const BundleHeader &header() const { return m_header; }

private:
    Result<void> write(const QByteArray &bytes);
    /// Gives the bundle being written up after a write failed, and says why.
    Error failWriting();
    Result<void> addFrame(char type, const QString &name, const QByteArray &data, bool more, bool compress);

    struct State;
    BundleHeader m_header;
    BundleKeyPair m_sender;
    QByteArray m_recipientBox;
    QString m_code;
    std::unique_ptr<State> m_state;
    std::unique_ptr<WholeFile> m_file;
    qint64 m_size = 0;
};

/// Reads one bundle: checks its signature over every byte with the trusted keys and opens the
/// seal before anything of the payload is parsed; then hands out its entries one by one.
class BundleReader {
public:
    BundleReader();
    ~BundleReader();
    BundleReader(const BundleReader &) = delete;
    BundleReader &operator=(const BundleReader &) = delete;

    /// Reads device from its start (a file or a buffer; it must stay open while reading).
    /// Fails with why, in words for an admin, when it is no bundle, is damaged or altered,
    /// signed by a key not trusted, or sealed for someone else.
    Result<void> open(QIODevice *device, const BundleTrust &trust);
    const BundleHeader &header() const { return m_header; }
    /// What a bundle's header says, unchecked: only to tell which pair (and so which keys) it
    /// claims to belong to; open() then checks it.
    static Result<BundleHeader> peek(QIODevice *device);
    /// The next entry; empty at the end. Fails when the payload is damaged.
    Result<std::optional<BundleEntry>> next();
    bool atEnd() const { return m_ended; }

private:
    Result<QByteArray> readFrame();

    struct State;
    std::unique_ptr<State> m_state;
    QIODevice *m_device = nullptr;
    BundleHeader m_header;
    QByteArray m_associated; ///< the plaintext prefix, bound to the first frame
    qint64 m_payloadEnd = 0;
    bool m_first = true;
    bool m_ended = false;
};

/// The pieces of the format that read untrusted bytes, apart so they can be fuzzed alone.
namespace bundleformat {
/// A decrypted frame: its entry type ('J', 'B' or 'E'), name, data (uncompressed), and whether
/// the entry goes on in the next frame.
struct Frame {
    char type = 0;
    QString name;
    QByteArray data;
    bool more = false;
};
Result<Frame> decodeFrame(const QByteArray &plain);
/// What qCompress() packed, unpacked into at most limit bytes and exactly the size it claims;
/// nullopt for anything else (damaged, larger, smaller), having used no more memory than that.
std::optional<QByteArray> inflateBounded(const QByteArray &packed, qsizetype limit);
QByteArray encodeFrame(char type, const QString &name, const QByteArray &data, bool more, bool compress);
/// The largest uncompressed data of one frame, and of a JSON entry put together.
constexpr qsizetype maxFrameData = 1 << 20;
constexpr qsizetype maxJsonEntry = 64 << 20;
} // namespace bundleformat

} // namespace ferry
