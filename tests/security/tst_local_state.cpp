// Security finding 4 (docs/security.md): Ferry's state folder holds issue snapshots, ops,
// conflicts and handshake nonces; other local users must read none of it, whatever the umask the
// program starts with. Runs the real ferry-cli under umask 022.

#include "clirunner.h"
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

mode_t modeOf(const QString &path)
{
    struct stat status { };
    return ::lstat(QFile::encodeName(path).constData(), &status) == 0 ? (status.st_mode & 0777) : 0;
}

/// Every entry of the folder (itself included) that others may read, write or enter.
QStringList looseEntries(const QString &root)
{
    QStringList loose;
    if (modeOf(root) & 077)
        loose << root;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (modeOf(path) & 077)
            loose << u"%1 (%2)"_s.arg(path).arg(modeOf(path), 0, 8);
    }
    return loose;
}

} // namespace

class TestLocalState : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void keepsTheStateToItsOwnerUnderUmask022();
    void tightensAStateLeftReadable();

private:
    CliRun cli(const QStringList &arguments);

    QTemporaryDir m_home;
    QString m_state;
    CliRunner m_runner{QStringLiteral(FERRY_CLI), QString()};
    mode_t m_umask = 0;
};

void TestLocalState::initTestCase()
{
    isolateUserFolders();
    m_runner.useTestHome(m_home.path());
    m_state = m_home.filePath(u"state"_s);
    m_runner.setStateDirectory(m_state);
    m_umask = ::umask(022); // what most desktops start programs with; children inherit it
}

void TestLocalState::cleanupTestCase()
{
    ::umask(m_umask);
}

CliRun TestLocalState::cli(const QStringList &arguments)
{
    return m_runner.run(arguments);
}

void TestLocalState::keepsTheStateToItsOwnerUnderUmask022()
{
    CliRun run = cli({u"site"_s, u"add"_s, u"local"_s, u"--url"_s, u"http://127.0.0.1:1"_s, u"--user"_s, u"admin"_s,
                      u"--secret"_s, u"env:DC_PASSWORD"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    run = cli({u"pair"_s, u"list"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(QFile::exists(m_state + u"/ferry.db"_s));
    QVERIFY(QFile::exists(m_state + u"/sites.json"_s));
    QCOMPARE(modeOf(m_state), mode_t(0700));
    QCOMPARE(modeOf(m_state + u"/ferry.db"_s), mode_t(0600));
    const QStringList loose = looseEntries(m_state);
    QVERIFY2(loose.isEmpty(), qPrintable(loose.join(u", "_s)));
}

void TestLocalState::tightensAStateLeftReadable()
{
    // A state folder an older Ferry left under umask 022: readable by everyone.
    QVERIFY(QFile::setPermissions(m_state,
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                      | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
    QVERIFY(::chmod(QFile::encodeName(m_state + u"/ferry.db"_s).constData(), 0644) == 0);
    QDir().mkpath(m_state + u"/blobs/1"_s);
    QVERIFY(::chmod(QFile::encodeName(m_state + u"/blobs"_s).constData(), 0755) == 0);
    QFile blob(m_state + u"/blobs/1/attachment"_s);
    QVERIFY(blob.open(QIODevice::WriteOnly));
    blob.write("an attachment on its way");
    blob.close();
    QVERIFY(::chmod(QFile::encodeName(blob.fileName()).constData(), 0644) == 0);
    QVERIFY(!looseEntries(m_state).isEmpty());

    const CliRun run = cli({u"pair"_s, u"list"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QStringList loose = looseEntries(m_state);
    QVERIFY2(loose.isEmpty(), qPrintable(loose.join(u", "_s)));
    QVERIFY2(run.err.contains(u"was open to other local users"_s), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestLocalState)
#include "tst_local_state.moc"
