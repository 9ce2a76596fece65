// libFuzzer target: the parts of the bundle reader that see bytes nobody vouched for yet, or
// bytes that a trusted key signed but that still must not crash it. The first byte chooses:
//   0  the plaintext header (JSON)
//   1  a decrypted frame (entry type, flags, name, data, compressed or not)
//   2  the whole reader on the bytes as a file: prefix, sizes, signature check
// Nothing may crash, hang, or allocate beyond the format's limits.

#include "transport/bundle.h"

#include <QBuffer>

#include <cstddef>
#include <cstdint>

using namespace ferry;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const BundleKeyPair keys = BundleKeyPair::generate();
    const QByteArray input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    switch (data[0] % 3) {
    case 0:
        (void)BundleHeader::fromJson(input);
        break;
    case 1:
        (void)bundleformat::decodeFrame(input);
        break;
    default: {
        QBuffer device;
        device.setData(input);
        device.open(QIODevice::ReadOnly);
        BundleReader reader;
        if (reader.open(&device, {{keys.publicKeys().sign}, keys.boxSecret(), keys.publicKeys().box, {}})) {
            for (auto entry = reader.next(); entry && *entry; entry = reader.next()) { }
        }
    }
    }
    return 0;
}
