#include "ui/conflictdiff.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;

class TestConflictDiff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void marksTheWordsThatChanged();
    void escapesAndKeepsLines();
    void readsAnyValue();
};

void TestConflictDiff::marksTheWordsThatChanged()
{
    QCOMPARE(conflictdiff::wordDiffHtml(u"Coffee machine leaks"_s, u"Coffee machine leaks water"_s),
             u"Coffee machine leaks<ins> water</ins>"_s);
    QCOMPARE(conflictdiff::wordDiffHtml(u"Coffee machine leaks"_s, u"Coffee machine is broken"_s),
             u"Coffee machine<del> leaks</del><ins> is broken</ins>"_s);
    QCOMPARE(conflictdiff::wordDiffHtml(u"same"_s, u"same"_s), u"same"_s);
    // Nothing in common but spaces: the one text goes, the other comes, not word by word.
    QCOMPARE(conflictdiff::wordDiffHtml(u"Badge reader rejects"_s, u"Changed on Cloud"_s),
             u"<del>Badge reader rejects</del> <ins>Changed on Cloud</ins>"_s);
    QCOMPARE(conflictdiff::wordDiffHtml(QString(), u"all new"_s), u"<ins>all new</ins>"_s);
    QCOMPARE(conflictdiff::wordDiffHtml(u"all gone"_s, QString()), u"<del>all gone</del>"_s);
}

void TestConflictDiff::escapesAndKeepsLines()
{
    QCOMPARE(conflictdiff::wordDiffHtml(u"a <b>"_s, u"a <b> & c\nd"_s), u"a &lt;b&gt;<ins> &amp; c<br>d</ins>"_s);
}

void TestConflictDiff::readsAnyValue()
{
    const QJsonObject adf{
        {u"type"_s, u"doc"_s},
        {u"version"_s, 1},
        {u"content"_s,
         QJsonArray{
             QJsonObject{{u"type"_s, u"paragraph"_s},
                         {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"One"_s}}}}},
             QJsonObject{{u"type"_s, u"paragraph"_s},
                         {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"Two"_s}}}}}}}};
    QCOMPARE(conflictdiff::readable(adf), u"One\nTwo"_s);
    QCOMPARE(conflictdiff::readable(QJsonArray{u"urgent"_s, QJsonObject{{u"name"_s, u"Firmware"_s}}}),
             u"urgent, Firmware"_s);
    QCOMPARE(conflictdiff::readable(QJsonObject{{u"displayName"_s, u"Ada Admin"_s}, {u"accountId"_s, u"x"_s}}),
             u"Ada Admin"_s);
    QCOMPARE(conflictdiff::readable(QJsonValue(3.5)), u"3.5"_s);
    QCOMPARE(conflictdiff::readable(QJsonValue()), QString());
}

QTEST_GUILESS_MAIN(TestConflictDiff)
#include "tst_conflictdiff.moc"
