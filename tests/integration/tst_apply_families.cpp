// Each op family of the apply step on its own: the ops a real detector found on side A (Cloud),
// handed straight to one family class on side B (Data Center), against sandboxes over loopback
// and a real state store. The scenario tests drive the same classes through whole rounds.

#include "clientsupport.h"
#include "engine/applystep.h"
#include "engine/attachmentcopier.h"
#include "engine/detector.h"
#include "engine/fieldwriter.h"
#include "engine/issuecreator.h"
#include "engine/issuesync.h"
#include "engine/itemcopier.h"
#include "engine/linkcopier.h"
#include "engine/versionwriter.h"
#include "enginerig.h"
#include "store/blobstore.h"
#include "store/channel.h"
#include "store/conflictrepository.h"
#include "store/itemlinks.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;
using sandbox::Flavor;

namespace {

/// An engine rig with one side's apply step (on B) taken apart: ops come from A's detector and
/// go to whichever family a test names.
class Bench {
public:
    bool start(const std::function<void(PairConfig &config)> &adjust = {})
    {
        if (!rig.start(Flavor::Cloud, Flavor::DataCenter, adjust))
            return false;
        step = std::make_unique<ApplyStep>(*rig.b.client, rig.config, rig.translator(), *rig.store, rig.pair, Side::B,
                                           [this] { takeNext(); });
        return true;
    }

    /// An issue made on A and synced by a whole round, and its partner on B (empty when the round
    /// failed).
    struct Synced {
        QString key;
        QString partner;
    };
    Synced syncedIssue(const QString &summary)
    {
        const QString key = rig.a.sb->createIssue(u"ACME"_s, {{u"summary"_s, summary}});
        if (!rig.round())
            return {key, {}};
        return {key, rig.partnerOnB(key)};
    }

    /// The ops A's detector finds now, received on B as the Applier would record them.
    QList<Op> detect()
    {
        Detector detector(*rig.a.client, rig.translator(), *rig.store, rig.pair, Side::A, u"project = ACME"_s);
        QSignalSpy finished(&detector, &Detector::finished);
        detector.poll();
        if (!finished.wait(30'000))
            return {};
        QString error;
        Channel channel(*rig.store, rig.pair);
        QList<Op> ops;
        for (const Channel::Sent &sent :
             noted(channel.pending(Side::A, m_seenSeq, 1000), &error).value_or(QList<Channel::Sent>{})) {
            ops << sent.op;
            m_seenSeq = std::max(m_seenSeq, sent.seq);
        }
        if (!noted(channel.receive(Side::B, ops), &error))
            qWarning("%s", qPrintable(error));
        return ops;
    }

    /// The first op of that kind among ops; a test fails on an empty id when there is none.
    static Op first(const QList<Op> &ops, OpKind kind)
    {
        for (const Op &op : ops) {
            if (op.kind == kind)
                return op;
        }
        return {};
    }

    /// Hands op to one family (apply) as the Applier would, with whatever the family queues again
    /// (a bulk create's ops), until the queue is empty.
    bool run(const Op &op, const std::function<void(const Op &op)> &apply)
    {
        m_apply = apply;
        step->queue = {op};
        const int before = m_ended;
        takeNext();
        return QTest::qWaitFor([&] { return m_ended > before; }, 30'000);
    }

    /// How the issue's history words what became of op (IssueSync, as the console and ferry-cli
    /// issue show it); empty when the op is not in it.
    QString historyOf(const QString &key, const Op &op)
    {
        QString error;
        const std::optional<IssueSync> issue = noted(IssueSync::read(*rig.store, rig.pair, key, 20), &error);
        for (const Channel::Traced &traced : issue ? issue->recent : QList<Channel::Traced>{}) {
            if (traced.op.id == op.id)
                return IssueSync::describe(traced);
        }
        return {};
    }

    bool applied(const Op &op)
    {
        QString error;
        return noted(Channel(*rig.store, rig.pair).isApplied(Side::B, op.id), &error).value_or(false);
    }

    EngineRig rig;
    std::unique_ptr<ApplyStep> step;

private:
    void takeNext()
    {
        if (step->queue.isEmpty())
            ++m_ended;
        else
            m_apply(step->queue.takeFirst());
    }

    std::function<void(const Op &op)> m_apply;
    int m_ended = 0;
    qint64 m_seenSeq = 0;
};

} // namespace

class TestApplyFamilies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void issueCreatorMakesOneLinkedIssue();
    void fieldWriterWritesOrLeavesAConflict();
    void versionWriterCreatesThenWritesOver();
    void itemCopierCopiesEditsAndDeletes();
    void attachmentCopierStreamsKeptContent();
    void linkCopierJoinsThePartnersOnce();
};

void TestApplyFamilies::issueCreatorMakesOneLinkedIssue()
{
    Bench bench;
    QVERIFY(bench.start());
    const QString key = bench.rig.a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Printer jams"_s}});
    const Op create = Bench::first(bench.detect(), OpKind::CreateIssue);
    QVERIFY(!create.id.isEmpty());

    IssueCreator creator(*bench.step);
    QVERIFY(bench.run(create, [&](const Op &op) { creator.apply(op); }));
    QCOMPARE(bench.step->outcome().written, 1);
    QVERIFY(bench.applied(create));
    const QString partner = bench.rig.partnerOnB(key);
    QVERIFY(!partner.isEmpty());
    const QJsonObject made = bench.rig.b.issue(partner);
    QCOMPARE(made.value(u"fields"_s).toObject().value(u"summary"_s).toString(), u"Printer jams"_s);
    QCOMPARE(made.value(u"properties"_s).toObject().value(originProperty()).toObject().value(u"op"_s).toString(),
             create.id);
    QCOMPARE(bench.historyOf(key, create), u"A to B  create-issue  applied: created as "_s + partner);

    // The same op once more (its receipt lost, say): the link is there, no second issue is made.
    bench.step->begin();
    creator.begin();
    QVERIFY(bench.run(create, [&](const Op &op) { creator.apply(op); }));
    QCOMPARE(bench.rig.b.issues().size(), 1);
    QVERIFY(bench.step->outcome().left.isEmpty());
}

void TestApplyFamilies::fieldWriterWritesOrLeavesAConflict()
{
    Bench bench;
    QVERIFY(bench.start());
    const auto [key, partner] = bench.syncedIssue(u"Printer jams"_s);
    QVERIFY(!partner.isEmpty());

    QCOMPARE(bench.rig.a.edit(key, {{u"summary"_s, u"Printer jams daily"_s}}), 204);
    const Op edit = Bench::first(bench.detect(), OpKind::SetField);
    QCOMPARE(edit.field, u"summary"_s);
    FieldWriter fields(*bench.step);
    QVERIFY(bench.run(edit, [&](const Op &op) { fields.apply(op); }));
    QCOMPARE(bench.step->outcome().written, 1);
    QCOMPARE(bench.rig.b.fields(partner).value(u"summary"_s).toString(), u"Printer jams daily"_s);

    // Changed on both sides since they agreed: a conflict for an admin, the target left as it is.
    bench.step->begin();
    QCOMPARE(bench.rig.a.edit(key, {{u"summary"_s, u"Printer jams weekly"_s}}), 204);
    QCOMPARE(bench.rig.b.edit(partner, {{u"summary"_s, u"Printer fixed"_s}}), 204);
    const Op clash = Bench::first(bench.detect(), OpKind::SetField);
    QVERIFY(bench.run(clash, [&](const Op &op) { fields.apply(op); }));
    QCOMPARE(bench.step->outcome().conflicts, 1);
    QCOMPARE(bench.rig.b.fields(partner).value(u"summary"_s).toString(), u"Printer fixed"_s);
    QVERIFY2(bench.historyOf(key, clash).endsWith(u"applied: a conflict, for an admin to settle"_s),
             qPrintable(bench.historyOf(key, clash)));
    QString error;
    QCOMPARE(noted(ConflictRepository(*bench.rig.store, bench.rig.pair).open(), &error)
                 .value_or(QList<ConflictRepository::Conflict>{})
                 .size(),
             1);
}

void TestApplyFamilies::versionWriterCreatesThenWritesOver()
{
    Bench bench;
    QVERIFY(bench.start([](PairConfig &config) { config.versions.sync = true; }));
    QVERIFY(bench.rig.round()); // the versions both sandboxes are seeded with, linked
    const auto made = bench.rig.a.sb->post(bench.rig.a.sb->api() + u"/version"_s,
                                           QJsonObject{{u"name"_s, u"3.7 Spring"_s}, {u"project"_s, u"ACME"_s}});
    QVERIFY2(made.status == 201, qPrintable(made.describe()));
    const Op add = Bench::first(bench.detect(), OpKind::AddVersion);
    QVERIFY(!add.id.isEmpty());
    VersionWriter versions(*bench.step);
    QVERIFY(bench.run(add, [&](const Op &op) { versions.apply(op); }));
    QCOMPARE(bench.step->outcome().written, 1);
    /// B's versions of that name.
    const auto onB = [&] {
        QJsonArray named;
        for (const QJsonValue &v : bench.rig.b.sb->get(bench.rig.b.sb->api() + u"/project/GLX/versions"_s).array()) {
            if (v[u"name"_s] == u"3.7 Spring"_s)
                named << v;
        }
        return named;
    };
    QCOMPARE(onB().size(), 1);

    bench.step->begin();
    const QString id = made.object().value(u"id"_s).toString();
    QCOMPARE(
        bench.rig.a.sb
            ->put(bench.rig.a.sb->api() + u"/version/"_s + id, QJsonObject{{u"description"_s, u"The spring release"_s}})
            .status,
        200);
    const Op edit = Bench::first(bench.detect(), OpKind::EditVersion);
    QVERIFY(!edit.id.isEmpty());
    QVERIFY(bench.run(edit, [&](const Op &op) { versions.apply(op); }));
    QCOMPARE(bench.step->outcome().written, 1);
    QCOMPARE(onB().size(), 1); // written over its partner, not made again
    QCOMPARE(onB().first()[u"description"_s].toString(), u"The spring release"_s);
}

void TestApplyFamilies::itemCopierCopiesEditsAndDeletes()
{
    Bench bench;
    QVERIFY(bench.start([](PairConfig &config) { config.comments.deletions = true; }));
    const auto [key, partner] = bench.syncedIssue(u"Printer jams"_s);
    QVERIFY(!partner.isEmpty());
    const auto commentsOnB = [&] {
        return bench.rig.b.sb->get(bench.rig.b.sb->api() + u"/issue/"_s + partner + u"/comment"_s)
            .object()
            .value(u"comments"_s)
            .toArray();
    };
    const auto said = bench.rig.a.sb->post(bench.rig.a.sb->api() + u"/issue/"_s + key + u"/comment"_s,
                                           QJsonObject{{u"body"_s, bench.rig.a.sb->richText(u"Paper tray 2"_s)}});
    QCOMPARE(said.status, 201);
    const Op add = Bench::first(bench.detect(), OpKind::AddComment);
    AttachmentCopier attachments(*bench.step);
    ItemCopier items(*bench.step, attachments);
    QVERIFY(bench.run(add, [&](const Op &op) { items.apply(op, *itemOpOf(op.kind)); }));
    QCOMPARE(bench.step->outcome().written, 1);
    QCOMPARE(commentsOnB().size(), 1);
    const QString copied = commentsOnB().first().toObject().value(u"body"_s).toString();
    QVERIFY2(copied.contains(u"Paper tray 2"_s) && copied.contains(u"wrote on "_s + key), qPrintable(copied));

    // The same add again: recorded as copied, so settled without a second copy.
    QVERIFY(bench.run(add, [&](const Op &op) { items.apply(op, *itemOpOf(op.kind)); }));
    QCOMPARE(commentsOnB().size(), 1);

    const QString commentId = said.object().value(u"id"_s).toString();
    QCOMPARE(bench.rig.a.sb
                 ->put(bench.rig.a.sb->api() + u"/issue/"_s + key + u"/comment/"_s + commentId,
                       QJsonObject{{u"body"_s, bench.rig.a.sb->richText(u"Paper tray 3"_s)}})
                 .status,
             200);
    const Op edit = Bench::first(bench.detect(), OpKind::EditComment);
    QVERIFY(bench.run(edit, [&](const Op &op) { items.apply(op, *itemOpOf(op.kind)); }));
    QVERIFY(commentsOnB().first().toObject().value(u"body"_s).toString().contains(u"Paper tray 3"_s));

    QCOMPARE(bench.rig.a.sb->del(bench.rig.a.sb->api() + u"/issue/"_s + key + u"/comment/"_s + commentId).status, 204);
    const Op gone = Bench::first(bench.detect(), OpKind::DeleteComment);
    QVERIFY(bench.run(gone, [&](const Op &op) { items.apply(op, *itemOpOf(op.kind)); }));
    QCOMPARE(commentsOnB().size(), 0);
    QVERIFY(bench.applied(gone));
}

void TestApplyFamilies::attachmentCopierStreamsKeptContent()
{
    Bench bench;
    QVERIFY(bench.start());
    const auto [key, partner] = bench.syncedIssue(u"Printer jams"_s);
    QVERIFY(!partner.isEmpty());
    const QByteArray content = QByteArray("%PDF-1.4 jam report ").repeated(500);
    QVERIFY(!bench.rig.a.sb->attach(key, u"jam.pdf"_s, content).isEmpty());
    const Op add = Bench::first(bench.detect(), OpKind::AddAttachment);
    QVERIFY(!add.id.isEmpty());

    AttachmentCopier attachments(*bench.step);
    const QJsonObject copy = bench.step->items().copyOf(IssueItems::attachment(), add);
    const ApplyTarget target{bench.rig.b.issue(partner).value(u"id"_s).toString(), partner};
    QString copyId;
    attachments.upload(add, target, copy, [&](const QString &id) { copyId = id; });
    QTRY_VERIFY_WITH_TIMEOUT(!copyId.isEmpty(), 30'000);
    const QJsonArray onB = bench.rig.b.fields(partner).value(u"attachment"_s).toArray();
    QCOMPARE(onB.size(), 1);
    QCOMPARE(onB.first().toObject().value(u"id"_s).toString(), copyId);
    QCOMPARE(bench.rig.b.sb->download(onB.first().toObject().value(u"content"_s).toString()), content);

    // Its kept content gone from the state folder: the op is left with what to do, nothing sent.
    QVERIFY(QFile::remove(
        BlobStore(bench.rig.store->directory(), bench.rig.pair).path(copy.value(u"sha256"_s).toString())));
    QVERIFY(bench.run(add, [&](const Op &op) { attachments.upload(op, target, copy, [](const QString &) {}); }));
    QVERIFY2(bench.step->outcome().problems.last().contains(u"resync the issue"_s),
             qPrintable(bench.step->outcome().problems.last()));
    QCOMPARE(bench.rig.b.fields(partner).value(u"attachment"_s).toArray().size(), 1);
}

void TestApplyFamilies::linkCopierJoinsThePartnersOnce()
{
    Bench bench;
    QVERIFY(bench.start());
    const QString jam = bench.rig.a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Printer jams"_s}});
    const QString tray = bench.rig.a.sb->createIssue(u"ACME"_s, {{u"summary"_s, u"Tray worn"_s}});
    QVERIFY(bench.rig.round());
    QCOMPARE(bench.rig.a.sb
                 ->post(bench.rig.a.sb->api() + u"/issueLink"_s,
                        QJsonObject{{u"type"_s, QJsonObject{{u"name"_s, u"Blocks"_s}}},
                                    {u"inwardIssue"_s, QJsonObject{{u"key"_s, tray}}},
                                    {u"outwardIssue"_s, QJsonObject{{u"key"_s, jam}}}})
                 .status,
             201);
    const Op add = Bench::first(bench.detect(), OpKind::AddLink);
    QVERIFY(!add.id.isEmpty());
    AttachmentCopier attachments(*bench.step);
    ItemCopier items(*bench.step, attachments);
    LinkCopier links(*bench.step, items);
    bench.rig.b.sb->resetStatistics();
    QVERIFY(bench.run(add, [&](const Op &op) { links.apply(op); }));
    QCOMPARE(bench.step->outcome().written, 1);
    // One read (is the link there already? is the issue still in the pair?); the new link's id
    // comes with Jira's answer.
    QCOMPARE(bench.rig.b.sb->requestsSinceReset(u"GET /rest/api/{v}/issue/{key}"_s), 1);
    const auto linksOf = [&](const QString &key) { return bench.rig.b.fields(key).value(u"issuelinks"_s).toArray(); };
    const QString trayOnB = bench.rig.partnerOnB(tray);
    QCOMPARE(linksOf(trayOnB).size(), 1);
    QCOMPARE(linksOf(trayOnB).first().toObject().value(u"outwardIssue"_s).toObject().value(u"key"_s).toString(),
             bench.rig.partnerOnB(jam));

    // Again: the link is recorded as copied; Jira is not asked to make it twice.
    QVERIFY(bench.run(add, [&](const Op &op) { links.apply(op); }));
    QCOMPARE(bench.step->outcome().unchanged, 1);
    QCOMPARE(linksOf(trayOnB).size(), 1);
}

QTEST_GUILESS_MAIN(TestApplyFamilies)
#include "tst_apply_families.moc"
