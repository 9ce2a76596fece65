#include "jsonschema.h"
#include "richtext/adf.h"
#include "richtext/wiki.h"
#include "sandboxfixture.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace ferry;
using namespace ferry::richtext;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

QJsonObject adfOfWiki(const QString &wiki, QList<Degradation> *degradations = nullptr)
{
    QList<Degradation> ignored;
    return writeAdf(parseWiki(wiki, degradations ? degradations : &ignored));
}

QString wikiOfAdf(const QJsonObject &adf, QList<Degradation> *degradations = nullptr)
{
    QList<Degradation> ignored;
    Node doc;
    QString error;
    if (!readAdf(adf, &doc, &error, degradations ? degradations : &ignored))
        return u"ERROR: "_s + error;
    return writeWiki(doc, degradations ? degradations : &ignored);
}

QJsonObject doc(const QJsonArray &content)
{
    return {{u"type"_s, u"doc"_s}, {u"version"_s, 1}, {u"content"_s, content}};
}

QJsonObject text(const QString &t, const QJsonArray &marks = {})
{
    QJsonObject o{{u"type"_s, u"text"_s}, {u"text"_s, t}};
    if (!marks.isEmpty())
        o.insert(u"marks"_s, marks);
    return o;
}

QJsonObject mark(const QString &type, const QJsonObject &attrs = {})
{
    QJsonObject o{{u"type"_s, type}};
    if (!attrs.isEmpty())
        o.insert(u"attrs"_s, attrs);
    return o;
}

QJsonObject node(const QString &type, const QJsonArray &content = {}, const QJsonObject &attrs = {})
{
    QJsonObject o{{u"type"_s, type}};
    if (!attrs.isEmpty())
        o.insert(u"attrs"_s, attrs);
    if (!content.isEmpty())
        o.insert(u"content"_s, content);
    return o;
}

QJsonObject paragraph(const QJsonArray &content)
{
    return node(u"paragraph"_s, content);
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

class TestRichText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void convertsWikiToAdf_data();
    void convertsWikiToAdf();
    void convertsAdfToWiki_data();
    void convertsAdfToWiki();
    void keepsCodeByteForByte();
    void keepsUnknownNodesThroughWiki();
    void reportsWhatIsLost();
    void mapsPeopleAndFilesThroughIdentities();
    void convertsEmoticons();
    void roundTripsTheCorpus_data();
    void roundTripsTheCorpus();
    void survivesMalformedInput_data();
    void survivesMalformedInput();
    void rejectsWhatIsNotAdf();

private:
    void expectValidAdf(const QJsonObject &adf);
    std::unique_ptr<JsonSchemaValidator> m_schema;
    QString m_root;
};

void TestRichText::initTestCase()
{
    const QJsonObject schema = JsonSchemaValidator::loadDocument(specsDir() + u"/adf-schema-v1-full.json"_s);
    QVERIFY(!schema.isEmpty());
    m_root = schema.value(u"$ref"_s).toString();
    m_schema = std::make_unique<JsonSchemaValidator>(schema);
}

void TestRichText::expectValidAdf(const QJsonObject &adf)
{
    const QStringList problems = m_schema->validate(adf, m_root);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 5).join(u'\n') + u"\n"_s + compact(adf)));
}

void TestRichText::convertsWikiToAdf_data()
{
    QTest::addColumn<QString>("wiki");
    QTest::addColumn<QJsonObject>("adf");
    const QJsonObject strong = mark(u"strong"_s);
    QTest::newRow("paragraphs and breaks")
        << u"one\ntwo\n\nthree"_s
        << doc({paragraph({text(u"one"_s), node(u"hardBreak"_s), text(u"two"_s)}), paragraph({text(u"three"_s)})});
    QTest::newRow("heading") << u"h3. Steps *now*"_s
                             << doc({node(u"heading"_s, {text(u"Steps "_s), text(u"now"_s, {strong})},
                                          {{u"level"_s, 3}})});
    QTest::newRow("marks")
        << u"*b* _i_ +u+ -s- ^sup^ ~sub~ {{mono}}"_s
        << doc({paragraph({text(u"b"_s, {strong}), text(u" "_s), text(u"i"_s, {mark(u"em"_s)}), text(u" "_s),
                           text(u"u"_s, {mark(u"underline"_s)}), text(u" "_s), text(u"s"_s, {mark(u"strike"_s)}),
                           text(u" "_s), text(u"sup"_s, {mark(u"subsup"_s, {{u"type"_s, u"sup"_s}})}), text(u" "_s),
                           text(u"sub"_s, {mark(u"subsup"_s, {{u"type"_s, u"sub"_s}})}), text(u" "_s),
                           text(u"mono"_s, {mark(u"code"_s)})})});
    QTest::newRow("nested marks") << u"*bold _both_*"_s
                                  << doc({paragraph(
                                         {text(u"bold "_s, {strong}), text(u"both"_s, {strong, mark(u"em"_s)})})});
    QTest::newRow("mid-word marks") << u"un{*}bold{*}ed"_s
                                    << doc({paragraph({text(u"un"_s), text(u"bold"_s, {strong}), text(u"ed"_s)})});
    QTest::newRow("markup-looking text") << u"3*4*5 and snake_case_name and a - b"_s
                                         << doc({paragraph({text(u"3*4*5 and snake_case_name and a - b"_s)})});
    QTest::newRow("escapes") << u"\\*not bold\\* \\{x\\}"_s << doc({paragraph({text(u"*not bold* {x}"_s)})});
    QTest::newRow("links")
        << u"[docs|https://x.example/a?b=1] [https://y.example] [mailto:a@b.c]"_s
        << doc({paragraph(
               {text(u"docs"_s, {mark(u"link"_s, {{u"href"_s, u"https://x.example/a?b=1"_s}})}), text(u" "_s),
                text(u"https://y.example"_s, {mark(u"link"_s, {{u"href"_s, u"https://y.example"_s}})}), text(u" "_s),
                text(u"mailto:a@b.c"_s, {mark(u"link"_s, {{u"href"_s, u"mailto:a@b.c"_s}})})})});
    QTest::newRow("brackets that are no link")
        << u"a [note] and [#top] and [see|/browse/ACME-1]"_s
        << doc({paragraph({text(u"a [note] and "_s), text(u"#top"_s, {mark(u"link"_s, {{u"href"_s, u"#top"_s}})}),
                           text(u" and "_s), text(u"see"_s, {mark(u"link"_s, {{u"href"_s, u"/browse/ACME-1"_s}})})})});
    QTest::newRow("color") << u"{color:#de350b}red{color}"_s
                           << doc({paragraph({text(u"red"_s, {mark(u"textColor"_s, {{u"color"_s, u"#de350b"_s}})})})});
    // ADF takes "#rrggbb" only: names and the short and upper-case forms are written so.
    QTest::newRow("named color")
        << u"{color:red}alarm{color} {color:DarkOrange}warm{color}"_s
        << doc({paragraph({text(u"alarm"_s, {mark(u"textColor"_s, {{u"color"_s, u"#ff0000"_s}})}), text(u" "_s),
                           text(u"warm"_s, {mark(u"textColor"_s, {{u"color"_s, u"#ff8c00"_s}})})})});
    QTest::newRow("short and upper-case hex color")
        << u"{color:#0A0}ok{color} {color:#DE350B}no{color}"_s
        << doc({paragraph({text(u"ok"_s, {mark(u"textColor"_s, {{u"color"_s, u"#00aa00"_s}})}), text(u" "_s),
                           text(u"no"_s, {mark(u"textColor"_s, {{u"color"_s, u"#de350b"_s}})})})});
    QTest::newRow("unknown color") << u"{color:blurple}kept{color}"_s << doc({paragraph({text(u"kept"_s)})});
    QTest::newRow("mixed nested lists")
        << u"* a\n*# b\n*#* c\n* d"_s
        << doc({node(u"bulletList"_s,
                     {node(u"listItem"_s,
                           {paragraph({text(u"a"_s)}),
                            node(u"orderedList"_s,
                                 {node(u"listItem"_s,
                                       {paragraph({text(u"b"_s)}),
                                        node(u"bulletList"_s, {node(u"listItem"_s, {paragraph({text(u"c"_s)})})})})})}),
                      node(u"listItem"_s, {paragraph({text(u"d"_s)})})})});
    QTest::newRow("quote") << u"bq. wise words"_s << doc({node(u"blockquote"_s, {paragraph({text(u"wise words"_s)})})});
    QTest::newRow("quote block") << u"{quote}\nfirst\n\nsecond\n{quote}"_s
                                 << doc({node(u"blockquote"_s,
                                              {paragraph({text(u"first"_s)}), paragraph({text(u"second"_s)})})});
    QTest::newRow("code") << u"{code:python}\nprint(1)\n{code}"_s
                          << doc({node(u"codeBlock"_s, {text(u"print(1)"_s)}, {{u"language"_s, u"python"_s}})});
    QTest::newRow("noformat") << u"{noformat}\nraw *text*\n{noformat}"_s
                              << doc({node(u"codeBlock"_s, {text(u"raw *text*"_s)})});
    QTest::newRow("rule") << u"----"_s << doc({node(u"rule"_s)});
    QTest::newRow("panels") << u"{warning}\ncareful\n{warning}"_s
                            << doc({node(u"panel"_s, {paragraph({text(u"careful"_s)})},
                                         {{u"panelType"_s, u"warning"_s}})});
    QTest::newRow("table")
        << u"||h1||h2||\n|a|[b|https://b.example]|"_s
        << doc({node(
               u"table"_s,
               {node(u"tableRow"_s,
                     {node(u"tableHeader"_s, {paragraph({text(u"h1"_s)})}),
                      node(u"tableHeader"_s, {paragraph({text(u"h2"_s)})})}),
                node(u"tableRow"_s,
                     {node(u"tableCell"_s, {paragraph({text(u"a"_s)})}),
                      node(u"tableCell"_s,
                           {paragraph({text(u"b"_s, {mark(u"link"_s, {{u"href"_s, u"https://b.example"_s}})})})})})})});
}

void TestRichText::convertsWikiToAdf()
{
    QFETCH(QString, wiki);
    QFETCH(QJsonObject, adf);
    const QJsonObject actual = adfOfWiki(wiki);
    QCOMPARE(compact(actual), compact(adf));
    expectValidAdf(actual);
}

void TestRichText::convertsAdfToWiki_data()
{
    QTest::addColumn<QJsonObject>("adf");
    QTest::addColumn<QString>("wiki");
    QTest::newRow("marks touching words")
        << doc({paragraph({text(u"un"_s), text(u"bold"_s, {mark(u"strong"_s)}), text(u"ed"_s)})})
        << u"un{*}bold{*}ed"_s;
    QTest::newRow("spaces leave the marks")
        << doc({paragraph({text(u"a"_s), text(u" bold "_s, {mark(u"strong"_s)}), text(u"b"_s)})}) << u"a *bold* b"_s;
    QTest::newRow("text that looks like markup")
        << doc({paragraph({text(u"* not a list, [x] {y} -z-"_s)})}) << u"\\* not a list, \\[x\\] \\{y\\} \\-z\\-"_s;
    QTest::newRow("heading line start") << doc({paragraph({text(u"h1. is text"_s)})}) << u"\\h1. is text"_s;
    QTest::newRow("break in a list item") << doc(
        {node(u"bulletList"_s, {node(u"listItem"_s, {paragraph({text(u"a"_s), node(u"hardBreak"_s), text(u"b"_s)})})})})
                                          << u"* a\\\\b"_s;
    QTest::newRow("error panel") << doc({node(u"panel"_s, {paragraph({text(u"x"_s)})}, {{u"panelType"_s, u"error"_s}})})
                                 << u"{panel:bgColor=#ffebe6}\nx\n{panel}"_s;
    QTest::newRow("named color") << doc(
        {paragraph({text(u"x"_s, {mark(u"textColor"_s, {{u"color"_s, u"#FF0000"_s}})})})})
                                 << u"{color:red}x{color}"_s;
    QTest::newRow("palette color") << doc(
        {paragraph({text(u"x"_s, {mark(u"textColor"_s, {{u"color"_s, u"#97a0af"_s}})})})})
                                   << u"{color:#97a0af}x{color}"_s;
    QTest::newRow("link with marks") << doc(
        {paragraph({text(u"see "_s),
                    text(u"docs"_s, {mark(u"link"_s, {{u"href"_s, u"https://d.example"_s}}), mark(u"strong"_s)})})})
                                     << u"see [*docs*|https://d.example]"_s;
}

void TestRichText::convertsAdfToWiki()
{
    QFETCH(QJsonObject, adf);
    QFETCH(QString, wiki);
    QCOMPARE(wikiOfAdf(adf), wiki);
    QCOMPARE(compact(adfOfWiki(wiki)), compact(adfOfWiki(wikiOfAdf(adf)))); // and back the same way
}

void TestRichText::keepsCodeByteForByte()
{
    const QString code
        = u"#include <x>\n* not a list\n# not ordered\n{quote} not a quote {quote}\n|not|a|table|\n  indented\ttab *b* _i_ \\escaped"_s;
    for (const QString &language : {u"cpp"_s, QString()}) {
        QJsonObject attrs;
        if (!language.isEmpty())
            attrs.insert(u"language"_s, language);
        const QJsonObject adf = doc({node(u"codeBlock"_s, {text(code)}, attrs)});
        const QString wiki = wikiOfAdf(adf);
        const QJsonObject back = adfOfWiki(wiki);
        QCOMPARE(back.value(u"content"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"content"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"text"_s)
                     .toString(),
                 code);
        expectValidAdf(back);
    }
    // Code that holds {code} goes into {noformat}, and the reverse; both ways it comes back.
    for (const QString &tricky : {u"a {code} b"_s, u"a {noformat} b"_s, u"{code} and {noformat}"_s}) {
        const QJsonObject adf = doc({node(u"codeBlock"_s, {text(tricky)}, {{u"language"_s, u"text"_s}})});
        const QJsonObject back = adfOfWiki(wikiOfAdf(adf));
        QCOMPARE(back.value(u"content"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"content"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"text"_s)
                     .toString(),
                 tricky);
    }
}

void TestRichText::keepsUnknownNodesThroughWiki()
{
    const QJsonObject expand{{u"type"_s, u"expand"_s},
                             {u"attrs"_s, QJsonObject{{u"title"_s, u"Details | with {braces}"_s}}},
                             {u"content"_s, QJsonArray{paragraph({text(u"hidden"_s)})}}};
    const QJsonObject adf = doc({paragraph({text(u"before"_s)}), expand, paragraph({text(u"after"_s)})});
    QList<Degradation> degradations;
    const QString wiki = wikiOfAdf(adf, &degradations);
    QVERIFY(wiki.contains(u"{noformat}\nferry-adf:"_s));
    QCOMPARE(degradations.size(), 1);
    QVERIFY(degradations.first().what.contains(u"expand"_s));
    QCOMPARE(compact(adfOfWiki(wiki)), compact(adf)); // the same node comes back
}

void TestRichText::reportsWhatIsLost()
{
    QList<Degradation> degradations;
    const QJsonObject mention{{u"type"_s, u"mention"_s},
                              {u"attrs"_s, QJsonObject{{u"id"_s, u"712020:x"_s}, {u"text"_s, u"@Alice"_s}}}};
    const QString wiki
        = wikiOfAdf(doc({paragraph({text(u"hi "_s), mention,
                                    text(u"x"_s, {mark(u"backgroundColor"_s, {{u"color"_s, u"#fff"_s}})})})}),
                    &degradations);
    QCOMPARE(wiki, u"hi [~accountid:712020:x]x"_s); // the mention travels; the highlight does not
    QCOMPARE(degradations.size(), 1);
    QVERIFY(degradations.first().what.contains(u"backgroundColor"_s));
    degradations.clear();
    adfOfWiki(u"{panel:title=Heads up|borderStyle=dashed|bgColor=#abcdef}\nx\n{panel}"_s, &degradations);
    QCOMPARE(degradations.size(), 3); // the title becomes a bold line; border and colour are lost
    degradations.clear();
    adfOfWiki(u"??Someone famous??"_s, &degradations);
    QCOMPARE(degradations.size(), 1);
    QCOMPARE(degradations.first().what, u"citation"_s);
    degradations.clear();
    adfOfWiki(u"{color:blurple}x{color}"_s, &degradations);
    QCOMPARE(degradations.size(), 1);
    QCOMPARE(degradations.first().what, u"colour 'blurple'"_s);
    degradations.clear();
    // A colour by name is not ADF, but its meaning is clear: it is read, and written as ADF takes it.
    const QJsonObject named = doc({paragraph({text(u"x"_s, {mark(u"textColor"_s, {{u"color"_s, u"red"_s}})})})});
    QCOMPARE(wikiOfAdf(named, &degradations), u"{color:red}x{color}"_s);
    Node tree;
    QString error;
    QVERIFY(readAdf(named, &tree, &error, &degradations));
    QCOMPARE(compact(writeAdf(tree)),
             compact(doc({paragraph({text(u"x"_s, {mark(u"textColor"_s, {{u"color"_s, u"#ff0000"_s}})})})})));
    QVERIFY(degradations.isEmpty());
    const QString plain = wikiOfAdf(
        doc({paragraph({text(u"x"_s, {mark(u"textColor"_s, {{u"color"_s, u"blurple"_s}})})})}), &degradations);
    QCOMPARE(plain, u"x"_s);
    QCOMPARE(degradations.size(), 1);
}

void TestRichText::mapsPeopleAndFilesThroughIdentities()
{
    // Data Center names on one side, Cloud account and media ids on the other.
    Identities toCloud;
    toCloud.mentionIdFromWiki = [](const QString &user) { return user == u"alice"_s ? u"712020:a1"_s : QString(); };
    toCloud.mediaIdFromFileName = [](const QString &name) {
        return name == u"screen.png"_s ? u"m-1"_s : name == u"log.txt"_s ? u"m-2"_s : QString();
    };
    Identities toDataCenter;
    toDataCenter.wikiUserFromMention = [](const QString &id) { return id == u"712020:a1"_s ? u"alice"_s : QString(); };
    toDataCenter.fileNameFromMediaId = [](const QString &id) {
        return id == u"m-1"_s ? u"screen.png"_s : id == u"m-2"_s ? u"log.txt"_s : QString();
    };

    const QString wiki = u"Hi [~alice], see the log [^log.txt]:\n!screen.png|thumbnail!\nthanks [~bob]"_s;
    QList<Degradation> degradations;
    const QJsonObject adf = writeAdf(parseWiki(wiki, &degradations, toCloud));
    expectValidAdf(adf);
    const QJsonArray content = adf.value(u"content"_s).toArray();
    QCOMPARE(content.size(), 3); // paragraph, the image's media block, paragraph
    const QJsonArray first = content.at(0).toObject().value(u"content"_s).toArray();
    QCOMPARE(first.at(1).toObject().value(u"type"_s).toString(), u"mention"_s);
    QCOMPARE(first.at(1).toObject().value(u"attrs"_s).toObject().value(u"id"_s).toString(), u"712020:a1"_s);
    QCOMPARE(first.at(3).toObject().value(u"type"_s).toString(), u"mediaInline"_s);
    QCOMPARE(first.at(3).toObject().value(u"attrs"_s).toObject().value(u"id"_s).toString(), u"m-2"_s);
    const QJsonObject media = content.at(1).toObject().value(u"content"_s).toArray().first().toObject();
    QCOMPARE(media.value(u"type"_s).toString(), u"media"_s);
    QCOMPARE(media.value(u"attrs"_s).toObject().value(u"id"_s).toString(), u"m-1"_s);
    // Bob is not known on Cloud: his name stays readable, and the loss is reported.
    QCOMPARE(content.at(2).toObject().value(u"content"_s).toArray().last().toObject().value(u"text"_s).toString(),
             u"thanks @bob"_s);
    QCOMPARE(degradations.size(), 1);
    QVERIFY(degradations.first().what.contains(u"bob"_s));

    Node tree;
    QString error;
    degradations.clear();
    QVERIFY(readAdf(adf, &tree, &error, &degradations));
    QCOMPARE(writeWiki(tree, &degradations, toDataCenter),
             u"Hi [~alice], see the log [^log.txt]:\n\n!screen.png!\n\nthanks @bob"_s);
}

void TestRichText::convertsEmoticons()
{
    const QJsonObject adf = adfOfWiki(u"Works (y) :) but \\:) is text"_s);
    expectValidAdf(adf);
    const QJsonArray inlines = adf.value(u"content"_s).toArray().first().toObject().value(u"content"_s).toArray();
    QCOMPARE(inlines.at(1).toObject().value(u"attrs"_s).toObject().value(u"shortName"_s).toString(), u":thumbsup:"_s);
    QCOMPARE(inlines.at(3).toObject().value(u"attrs"_s).toObject().value(u"shortName"_s).toString(),
             u":slight_smile:"_s);
    QCOMPARE(inlines.last().toObject().value(u"text"_s).toString(), u" but :) is text"_s);
    QCOMPARE(wikiOfAdf(adf), u"Works (y) :) but \\:) is text"_s);
    QList<Degradation> degradations;
    const QJsonObject rocket{{u"type"_s, u"emoji"_s},
                             {u"attrs"_s, QJsonObject{{u"shortName"_s, u":rocket:"_s}, {u"text"_s, u"🚀"_s}}}};
    QCOMPARE(wikiOfAdf(doc({paragraph({rocket})}), &degradations), u"🚀"_s);
    QCOMPARE(degradations.size(), 1);
}

void TestRichText::roundTripsTheCorpus_data()
{
    QTest::addColumn<QString>("path");
    QDirIterator files(QStringLiteral(FERRY_TEST_DATA_DIR) + u"/richtext"_s, {u"*.wiki"_s}, QDir::Files);
    QStringList paths;
    while (files.hasNext())
        paths << files.next();
    paths.sort();
    QVERIFY(paths.size() >= 4);
    for (const QString &path : paths)
        QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
}

void TestRichText::roundTripsTheCorpus()
{
    QFETCH(QString, path);
    const QString wiki = readTextFile(path);
    QVERIFY(!wiki.isEmpty());
    // wiki → ADF → wiki → ADF: the second ADF is the first.
    const QJsonObject adf1 = adfOfWiki(wiki);
    expectValidAdf(adf1);
    const QString wiki2 = wikiOfAdf(adf1);
    const QJsonObject adf2 = adfOfWiki(wiki2);
    QCOMPARE(compact(adf2), compact(adf1));
    // ADF → wiki → ADF → wiki: the second wiki is the first.
    QCOMPARE(wikiOfAdf(adf2), wiki2);
    // Nothing of the text is lost on the way.
    const QString plain = compact(adf1);
    for (const QString &word : {u"Steps"_s, u"Highlights"_s, u"Suite"_s, u"Certificates"_s}) {
        if (wiki.contains(word))
            QVERIFY2(plain.contains(word), qPrintable(word));
    }
}

void TestRichText::survivesMalformedInput_data()
{
    QTest::addColumn<QString>("wiki");
    QTest::newRow("unclosed code") << u"{code:java}\nint x;\nno end"_s;
    QTest::newRow("unclosed quote") << u"{quote}\ntext"_s;
    QTest::newRow("broken table") << u"||a||b\n|c|[d|e\n|"_s;
    QTest::newRow("unbalanced marks") << u"*a _b* c_ {{d {color:red}e"_s;
    QTest::newRow("deep lists") << QString(u"*"_s.repeated(5000) + u" deep"_s);
    QTest::newRow("deep quotes") << QString(u"{quote}\n"_s.repeated(3000) + u"x"_s);
    QTest::newRow("deep marks") << QString(u"*_"_s.repeated(4000) + u"x"_s + u"_*"_s.repeated(4000));
    QTest::newRow("10 MB") << QString(
        u"Plain words with *some* marks and [links|https://x.example] here.\n"_s.repeated(150'000));
}

void TestRichText::survivesMalformedInput()
{
    QFETCH(QString, wiki);
    const QJsonObject adf = adfOfWiki(wiki);
    QVERIFY(adf.value(u"content"_s).isArray());
    if (wiki.size() < 100'000)
        expectValidAdf(adf);
    QVERIFY(!wikiOfAdf(adf).isNull());
}

void TestRichText::rejectsWhatIsNotAdf()
{
    Node tree;
    QString error;
    QList<Degradation> degradations;
    QVERIFY(!readAdf(QJsonValue(u"plain"_s), &tree, &error, &degradations));
    QVERIFY(error.contains(u"not an Atlassian Document"_s));
    QVERIFY(!readAdf(QJsonObject{{u"type"_s, u"paragraph"_s}}, &tree, &error, &degradations));
    // Deeply nested ADF is read without recursing without end.
    QJsonObject deep = paragraph({text(u"x"_s)});
    for (int i = 0; i < 2000; ++i)
        deep = node(u"blockquote"_s, {deep});
    QVERIFY(readAdf(doc({deep}), &tree, &error, &degradations));
}

QTEST_GUILESS_MAIN(TestRichText)
#include "tst_richtext.moc"
