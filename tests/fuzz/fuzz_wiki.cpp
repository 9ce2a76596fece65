// libFuzzer target: any bytes as wiki markup. Parsing, writing ADF, reading it back and writing
// wiki again must neither crash nor hang.

#include "richtext/adf.h"
#include "richtext/wiki.h"

#include <cstddef>
#include <cstdint>

using namespace ferry::richtext;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString wiki = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<Degradation> degradations;
    const QJsonObject adf = writeAdf(parseWiki(wiki, &degradations));
    Node again;
    QString error;
    if (!readAdf(adf, &again, &error, &degradations))
        __builtin_trap(); // what Ferry writes, Ferry must read
    writeWiki(again, &degradations);
    return 0;
}
