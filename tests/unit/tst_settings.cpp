#include "core/settings.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;

namespace {
const SettingKey<int> intervalKey{u"test/interval", 5};
const SettingKey<QString> nameKey{u"test/name", u"default"_s};
const SettingKey<QByteArray> blobKey{u"test/blob"};
} // namespace

class TestSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsDefaultsWhenUnset();
    void roundTripsThroughTheFile();
    void fallsBackToDefaultForValuesOfAnotherType();
};

void TestSettings::readsDefaultsWhenUnset()
{
    QTemporaryDir dir;
    const QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    QCOMPARE(intervalKey.read(settings), 5);
    QCOMPARE(nameKey.read(settings), u"default"_s);
    QVERIFY(blobKey.read(settings).isEmpty());
}

void TestSettings::roundTripsThroughTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.ini"_s);
    {
        QSettings settings(path, QSettings::IniFormat);
        intervalKey.write(settings, 42);
        nameKey.write(settings, u"pair one"_s);
        blobKey.write(settings, QByteArray("\x01\x02\x00\x03", 4));
    }
    const QSettings settings(path, QSettings::IniFormat);
    QCOMPARE(intervalKey.read(settings), 42);
    QCOMPARE(nameKey.read(settings), u"pair one"_s);
    QCOMPARE(blobKey.read(settings), QByteArray("\x01\x02\x00\x03", 4));
}

void TestSettings::fallsBackToDefaultForValuesOfAnotherType()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    settings.setValue(u"test/interval"_s, QVariantList{1, 2});
    QCOMPARE(intervalKey.read(settings), 5);
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
