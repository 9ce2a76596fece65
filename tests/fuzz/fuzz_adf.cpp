// libFuzzer target: any bytes as ADF JSON. Reading, writing wiki markup, parsing it back and
// writing ADF again must neither crash nor hang.

#include "richtext/adf.h"
#include "richtext/wiki.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

using namespace ferry::richtext;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    QList<Degradation> degradations;
    Node tree;
    QString error;
    if (!readAdf(document.object(), &tree, &error, &degradations))
        return 0;
    const QString wiki = writeWiki(tree, &degradations);
    writeAdf(parseWiki(wiki, &degradations));
    return 0;
}
