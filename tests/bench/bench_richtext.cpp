// Benchmark, not a test: conversion speed in MB/s for each direction over the corpus
// (tests/data/richtext), repeated to a few megabytes.

#include "core/version.h"
#include "richtext/adf.h"
#include "richtext/wiki.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>

#include <cstdio>

using namespace ferry::richtext;
using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::printf("%s\n", qPrintable(ferry::versionLine(u"bench_richtext"_s)));
    QStringList documents;
    QDirIterator files(QStringLiteral(FERRY_TEST_DATA_DIR) + u"/richtext"_s, {u"*.wiki"_s}, QDir::Files);
    while (files.hasNext()) {
        QFile file(files.next());
        if (file.open(QIODevice::ReadOnly))
            documents << QString::fromUtf8(file.readAll());
    }
    QList<Degradation> degradations;
    QList<QByteArray> adfDocuments;
    qint64 wikiBytes = 0;
    qint64 adfBytes = 0;
    for (const QString &wiki : std::as_const(documents)) {
        wikiBytes += wiki.toUtf8().size();
        adfDocuments << QJsonDocument(writeAdf(parseWiki(wiki, &degradations))).toJson(QJsonDocument::Compact);
        adfBytes += adfDocuments.last().size();
    }
    const int rounds = int(std::max<qint64>(1, 4'000'000 / std::max<qint64>(1, wikiBytes)));
    QElapsedTimer clock;
    clock.start();
    qint64 sink = 0;
    for (int r = 0; r < rounds; ++r) {
        for (const QString &wiki : std::as_const(documents)) {
            degradations.clear();
            sink += QJsonDocument(writeAdf(parseWiki(wiki, &degradations))).toJson(QJsonDocument::Compact).size();
        }
    }
    const double toAdfSeconds = double(clock.nsecsElapsed()) / 1e9;
    clock.restart();
    for (int r = 0; r < rounds; ++r) {
        for (const QByteArray &adf : std::as_const(adfDocuments)) {
            degradations.clear();
            Node tree;
            QString error;
            readAdf(QJsonDocument::fromJson(adf).object(), &tree, &error, &degradations);
            sink += writeWiki(tree, &degradations).size();
        }
    }
    const double toWikiSeconds = double(clock.nsecsElapsed()) / 1e9;
    std::printf("corpus: %lld documents, %lld bytes of wiki markup, %lld bytes of ADF, %d rounds\n",
                static_cast<long long>(documents.size()), static_cast<long long>(wikiBytes),
                static_cast<long long>(adfBytes), rounds);
    std::printf("wiki -> ADF (parse, build, serialize): %.1f MB/s of wiki markup\n",
                double(wikiBytes) * rounds / 1e6 / toAdfSeconds);
    std::printf("ADF -> wiki (parse JSON, read, write): %.1f MB/s of ADF\n",
                double(adfBytes) * rounds / 1e6 / toWikiSeconds);
    return sink > 0 ? 0 : 1;
}
