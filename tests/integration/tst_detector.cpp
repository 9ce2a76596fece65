#include "clientsupport.h"
#include "engine/detector.h"
#include "sandboxfixture.h"
#include "store/channel.h"
#include "store/linkrepository.h"
#include "store/statestore.h"
#include "storesupport.h"
#include "testsupport.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

namespace {

PairConfig summaryLabelsPriority()
{
    PairConfig config;
    config.name = u"detect"_s;
    for (const auto &[id, name] : {std::pair{u"summary"_s, u"Summary"_s}, std::pair{u"labels"_s, u"Labels"_s},
                                   std::pair{u"priority"_s, u"Priority"_s}})
        config.fields << FieldMapping{id, id, name, name, Direction::Both, {}, false, {}};
    return config;
}

bool renameIssue(SandboxFixture &sb, const QString &key, const QString &summary)
{
    const auto edit
        = sb.put(sb.api() + u"/issue/"_s + key, QJsonObject{{u"fields"_s, QJsonObject{{u"summary"_s, summary}}}});
    if (edit.status != 204)
        qWarning().noquote() << edit.describe();
    return edit.status == 204;
}

QList<Op> pendingOps(Channel &channel)
{
    QString error;
    QList<Op> ops;
    for (const Channel::Sent &sent : noted(channel.pending(Side::A, 0, 1000), &error).value_or(QList<Channel::Sent>{}))
        ops << sent.op;
    return ops;
}

} // namespace

class TestDetector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sendsEachChangeOnce_data() { addFlavors(); }
    void sendsEachChangeOnce();
    void comparesALinkedIssueWithItsBase_data() { addFlavors(); }
    void comparesALinkedIssueWithItsBase();
    void recordsNothingWhenThePollFails();
    void writesThePollQuery();
    void readsPastASettledCheckpoint_data() { addFlavors(); }
    void readsPastASettledCheckpoint();

private:
    struct Rig {
        std::unique_ptr<SandboxFixture> sb;
        std::unique_ptr<JiraClient> client;
        std::unique_ptr<FieldTranslator> translator;
        std::unique_ptr<QTemporaryDir> dir;
        std::unique_ptr<StateStore> store;
        qint64 pair = 0;
        QString project;
    };
    bool makeRig(Flavor flavor, Rig *rig);
    Detector::Outcome poll(Detector &detector);

    QNetworkAccessManager m_network;
};

void TestDetector::initTestCase()
{
    isolateUserFolders();
    QLoggingCategory::setFilterRules(u"ferry.*.debug=false"_s);
}

bool TestDetector::makeRig(Flavor flavor, Rig *rig)
{
    rig->sb = std::make_unique<SandboxFixture>(flavor);
    if (!rig->sb->start())
        return false;
    rig->project = flavor == Flavor::Cloud ? u"ACME"_s : u"GLX"_s;
    rig->sb->server().seedProject(rig->project, u"Detect"_s, 0);
    rig->client = std::make_unique<JiraClient>(siteFor(*rig->sb), secretFor(flavor), &m_network);
    if (!waitFor(rig->client->detectDeployment()))
        return false;
    const SiteMetadata metadata = metadataOf(*rig->sb, &m_network, rig->project);
    PairConfig config = summaryLabelsPriority();
    config.a.project = config.b.project = rig->project;
    rig->translator = std::make_unique<FieldTranslator>(config, metadata, metadata);
    rig->dir = std::make_unique<QTemporaryDir>();
    rig->store = std::make_unique<StateStore>(rig->dir->path());
    QString error;
    if (!noted(rig->store->open(), &error))
        return false;
    rig->pair = addTestPair(*rig->store, u"detect"_s);
    return rig->pair > 0;
}

Detector::Outcome TestDetector::poll(Detector &detector)
{
    QSignalSpy finished(&detector, &Detector::finished);
    detector.poll();
    if (!finished.wait(30'000))
        return {};
    return finished.first().first().value<Detector::Outcome>();
}

void TestDetector::sendsEachChangeOnce()
{
    QFETCH(Flavor, flavor);
    Rig rig;
    QVERIFY(makeRig(flavor, &rig));
    Detector detector(*rig.client, *rig.translator, *rig.store, rig.pair, Side::A, u"project = "_s + rig.project);
    Channel channel(*rig.store, rig.pair);

    const QString first = rig.sb->createIssue(
        rig.project, {{u"summary"_s, u"Badge reader rejects cards"_s}, {u"labels"_s, QJsonArray{u"security"_s}}});
    const QString second = rig.sb->createIssue(rig.project, {{u"summary"_s, u"Lift stuck on floor 3"_s}});
    QVERIFY(!first.isEmpty() && !second.isEmpty());

    Detector::Outcome outcome = poll(detector);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QCOMPARE(outcome.issuesRead, 2);
    QCOMPARE(outcome.opsSent, 2);
    QVERIFY(!outcome.checkpoint.isEmpty());
    QList<Op> ops = pendingOps(channel);
    QCOMPARE(ops.size(), 2);
    QCOMPARE(ops[0].kind, OpKind::CreateIssue);
    QCOMPARE(ops[1].kind, OpKind::CreateIssue);
    const Op &created = ops[0].issueKey == first ? ops[0] : ops[1];
    QCOMPARE(created.issueKey, first);
    const QJsonObject fields = created.value.toObject().value(u"fields"_s).toObject();
    QCOMPARE(fields.value(u"summary"_s).toString(), u"Badge reader rejects cards"_s);
    QCOMPARE(fields.value(u"labels"_s).toArray(), QJsonArray{u"security"_s});
    QVERIFY(!created.value.toObject().value(u"issueType"_s).toString().isEmpty());

    // The overlap reads both again; nothing changed, so nothing is sent.
    outcome = poll(detector);
    QCOMPARE(outcome.issuesRead, 2);
    QCOMPARE(outcome.opsSent, 0);

    QVERIFY(renameIssue(*rig.sb, first, u"Badge reader fixed"_s));
    outcome = poll(detector);
    QCOMPARE(outcome.opsSent, 1);
    ops = pendingOps(channel);
    QCOMPARE(ops.size(), 3);
    QCOMPARE(ops[2].kind, OpKind::SetField);
    QCOMPARE(ops[2].issueKey, first);
    QCOMPARE(ops[2].field, u"summary"_s);
    QCOMPARE(ops[2].base.toString(), u"Badge reader rejects cards"_s);
    QCOMPARE(ops[2].value.toString(), u"Badge reader fixed"_s);
    QCOMPARE(poll(detector).opsSent, 0);

    // A detector that starts afresh on the same store resumes from the checkpoint.
    Detector again(*rig.client, *rig.translator, *rig.store, rig.pair, Side::A, u"project = "_s + rig.project);
    QCOMPARE(poll(again).opsSent, 0);
}

void TestDetector::comparesALinkedIssueWithItsBase()
{
    QFETCH(Flavor, flavor);
    Rig rig;
    QVERIFY(makeRig(flavor, &rig));
    const QString key = rig.sb->createIssue(rig.project, {{u"summary"_s, u"Renamed since the last sync"_s}});
    const QString id = rig.sb->get(rig.sb->api() + u"/issue/"_s + key).object().value(u"id"_s).toString();
    QVERIFY(!id.isEmpty());
    // Linked earlier, when both sides agreed on another summary.
    LinkRepository links(*rig.store, rig.pair);
    QString error;
    QVERIFY(noted(rig.store->transaction([&](QSqlDatabase &db) {
        return links.link(db, {id, key, u"20001"_s, u"OTHER-1"_s},
                          {{u"summary"_s, u"Agreed summary"_s},
                           {u"labels"_s, QJsonArray()},
                           {u"priority"_s, rig.translator->toCommon(Side::A, {}).values.value(u"priority"_s)}});
    }),
                  &error));
    Detector detector(*rig.client, *rig.translator, *rig.store, rig.pair, Side::A, u"project = "_s + rig.project);
    const Detector::Outcome outcome = poll(detector);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    Channel channel(*rig.store, rig.pair);
    const QList<Op> ops = pendingOps(channel);
    QStringList changed;
    for (const Op &op : ops) {
        QCOMPARE(op.kind, OpKind::SetField); // linked: never created again
        changed << op.field;
    }
    QVERIFY2(changed.contains(u"summary"_s), qPrintable(changed.join(u',')));
    for (const Op &op : ops) {
        if (op.field == u"summary"_s) {
            QCOMPARE(op.base.toString(), u"Agreed summary"_s);
            QCOMPARE(op.value.toString(), u"Renamed since the last sync"_s);
        }
    }
}

void TestDetector::recordsNothingWhenThePollFails()
{
    Rig rig;
    QVERIFY(makeRig(Flavor::DataCenter, &rig));
    QVERIFY(!rig.sb->createIssue(rig.project, {{u"summary"_s, u"Unseen"_s}}).isEmpty());
    Detector detector(*rig.client, *rig.translator, *rig.store, rig.pair, Side::A, u"project = NOSUCH"_s);
    const Detector::Outcome outcome = poll(detector);
    QVERIFY(!outcome.error.isEmpty());
    QVERIFY2(outcome.error.contains(u"NOSUCH"_s), qPrintable(outcome.error));
    QString error;
    QCOMPARE(*noted(LinkRepository(*rig.store, rig.pair).checkpoint(Side::A), &error), QString());
    Channel channel(*rig.store, rig.pair);
    QCOMPARE(pendingOps(channel).size(), 0);
    QVERIFY(!detector.isPolling());
}

void TestDetector::writesThePollQuery()
{
    QCOMPARE(Detector::pollJql(u"project = ACME"_s, QString()), u"(project = ACME) ORDER BY updated ASC"_s);
    QCOMPARE(Detector::pollJql(u"project = ACME OR labels = x"_s, u"2026-11-28T10:01:30.000+0100"_s),
             u"(project = ACME OR labels = x) AND updated >= \"2026/11/28 09:59\" ORDER BY updated ASC"_s);
    QCOMPARE(Detector::pollJql(u"project = ACME"_s, u"2026-11-28T00:00:10.000+0000"_s),
             u"(project = ACME) AND updated >= \"2026/11/27 23:58\" ORDER BY updated ASC"_s);
    // Settled: from the minute after the checkpoint's, with no overlap.
    QCOMPARE(Detector::pollJql(u"project = ACME"_s, u"2026-11-28T23:59:10.000+0000"_s, true),
             u"(project = ACME) AND updated >= \"2026/11/29 00:00\" ORDER BY updated ASC"_s);
}

void TestDetector::readsPastASettledCheckpoint()
{
    // After a busy spell the checkpoint stays at the last change; an idle poll re-reading the
    // overlap before it read every issue changed in those minutes, in every round, forever
    // (all 2,000 issues of a bulk sync: 20 pages a round on Cloud).
    QFETCH(Flavor, flavor);
    Rig rig;
    QVERIFY(makeRig(flavor, &rig));
    Detector detector(*rig.client, *rig.translator, *rig.store, rig.pair, Side::A, u"project = "_s + rig.project);
    const QString first = rig.sb->createIssue(rig.project, {{u"summary"_s, u"Badge reader rejects cards"_s}});
    QVERIFY(!rig.sb->createIssue(rig.project, {{u"summary"_s, u"Lift stuck on floor 3"_s}}).isEmpty());
    QCOMPARE(poll(detector).issuesRead, 2);
    Detector::Outcome outcome = poll(detector);
    QCOMPARE(outcome.issuesRead, 2); // the overlap, while the index may still show changes late
    LinkRepository links(*rig.store, rig.pair);
    QString error;
    QVERIFY(!noted(links.pollPosition(Side::A), &error)->settled);

    // Minutes pass on the site and here, without a change.
    const qint64 minutes = 60LL * (Detector::overlapMinutes + 2);
    rig.sb->server().store().advanceClock(minutes * 1000);
    QSqlQuery age(rig.store->database());
    QVERIFY(age.exec(u"UPDATE checkpoints SET updated = '%1'"_s.arg(
        QDateTime::currentDateTimeUtc().addSecs(-minutes).toString(Qt::ISODateWithMs))));
    outcome = poll(detector);
    QCOMPARE(outcome.issuesRead, 2); // this poll reads the overlap once more, and settles it
    QCOMPARE(outcome.opsSent, 0);
    QVERIFY(noted(links.pollPosition(Side::A), &error)->settled);
    outcome = poll(detector);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QCOMPARE(outcome.issuesRead, 0);
    QCOMPARE(outcome.opsSent, 0);

    // A change after it is read, and the checkpoint is unsettled again.
    QVERIFY(renameIssue(*rig.sb, first, u"Badge reader fixed"_s));
    outcome = poll(detector);
    QCOMPARE(outcome.issuesRead, 1);
    QCOMPARE(outcome.opsSent, 1);
    QVERIFY(!noted(links.pollPosition(Side::A), &error)->settled);
}

QTEST_GUILESS_MAIN(TestDetector)
#include "tst_detector.moc"
