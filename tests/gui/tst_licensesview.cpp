// The console's Licenses page against the sandbox's license service over loopback HTTP, the
// state in a real SQLite file: installing through the page, refusing a tampered file, and a
// slow license service that holds up nothing on the GUI thread.
#include "jira/secrets.h"
#include "jira/site.h"
#include "license/license.h"
#include "license/licensedesk.h"
#include "license/licensestate.h"
#include "sandboxfixture.h"
#include "store/licenserepository.h"
#include "store/statestore.h"
#include "testsupport.h"
#include "ui/licensesview.h"
#include "ui/licensetablemodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

class TestLicensesView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { isolateUserFolders(); }
    void installsChecksAndStaysResponsive();
    void requestsATrialForASite();
};

void TestLicensesView::installsChecksAndStaysResponsive()
{
    SandboxFixture dc(sandbox::Flavor::DataCenter);
    QVERIFY(dc.start());
    QTemporaryDir dir;
    const auto issue = [&](const QJsonObject &fields, const QString &name) {
        const SandboxFixture::Reply reply = dc.post(u"/sandbox/v1/licenses"_s, fields);
        QFile file(dir.filePath(name));
        if (reply.status != 201 || !file.open(QIODevice::WriteOnly) || file.write(reply.body) != reply.body.size())
            return QString();
        return file.fileName();
    };
    const QString site = issue({{u"site"_s, dc.baseUrl()}, {u"deployment"_s, u"dc"_s}}, u"site.json"_s);
    const QString remote = issue({{u"site"_s, u"http://127.0.0.1:9"_s},
                                  {u"kind"_s, u"remote"_s},
                                  {u"remoteEndpoints"_s, 2},
                                  {u"deployment"_s, u"dc"_s}},
                                 u"remote.json"_s);
    QVERIFY(!site.isEmpty() && !remote.isEmpty());
    QFile original(site);
    QVERIFY(original.open(QIODevice::ReadOnly));
    QString error;
    SignedDocument tampered = *SignedDocument::fromJson(original.readAll(), &error);
    tampered.payload.replace("\"userTier\":50", "\"userTier\":500");
    QFile altered(dir.filePath(u"altered.json"_s));
    QVERIFY(altered.open(QIODevice::WriteOnly));
    altered.write(tampered.toJson());
    altered.close();
    const QString state = dir.filePath(u"state"_s);
    {
        StateStore store(state);
        QVERIFY(noted(store.open(), &error));
        QVERIFY(noted(LicenseRepository(store).setSetting(licenseServiceSetting, dc.baseUrl()), &error));
    }

    LicenseDesk desk(state);
    LicensesView view(&desk);
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QString next;
    view.setFileAsker([&](QWidget *) { return next; });
    view.show();
    auto *message = view.findChild<QLabel *>(u"licenseMessage"_s);
    QTRY_VERIFY(view.findChild<QLabel *>(u"licenseService"_s)->text().contains(dc.baseUrl()));
    QCOMPARE(view.model()->rowCount(), 0);

    next = altered.fileName();
    view.findChild<QPushButton *>(u"installLicense"_s)->click();
    QTRY_VERIFY2(message->text().contains(u"altered after it was signed"_s), qPrintable(message->text()));
    for (const QString &file : {site, remote}) {
        next = file;
        view.findChild<QPushButton *>(u"installLicense"_s)->click();
        QTRY_VERIFY2(message->text().contains(u"installed"_s), qPrintable(message->text()));
        message->clear();
    }
    QTRY_COMPARE(view.model()->rowCount(), 2);
    const auto cell = [&](int row, int column) { return view.model()->index(row, column).data().toString(); };
    int remoteRow = cell(0, LicenseTableModel::Endpoints).isEmpty() ? 1 : 0;
    QCOMPARE(cell(remoteRow, LicenseTableModel::Endpoints), u"0 of 2 in use"_s);
    QCOMPARE(cell(1 - remoteRow, LicenseTableModel::Status), u"valid"_s);
    QCOMPARE(cell(1 - remoteRow, LicenseTableModel::Expires), QDate::currentDate().addYears(1).toString(Qt::ISODate));
    QCOMPARE(cell(1 - remoteRow, LicenseTableModel::Online), u"it was never validated online"_s);

    // A slow license service: the click returns at once, the page says it is asking, and the
    // answer arrives later.
    SandboxFixture::Reply slow
        = dc.send("PUT", u"/sandbox/v1/faults"_s, R"({"latencyMs": 1500, "routes": "^POST /license/"})");
    QCOMPARE(slow.status, 200);
    auto *check = view.findChild<QPushButton *>(u"checkLicenses"_s);
    check->click();
    QTRY_COMPARE(message->text(), u"Asking the license service…"_s);
    QVERIFY(!check->isEnabled());
    QCOMPARE(cell(1 - remoteRow, LicenseTableModel::Online), u"it was never validated online"_s);
    QTRY_VERIFY_WITH_TIMEOUT(cell(1 - remoteRow, LicenseTableModel::Online).startsWith(u"validated online just now"_s),
                             20'000);
    QTRY_VERIFY(check->isEnabled());
    QCOMPARE(message->text(), u"The license service answered for every license."_s);
    remoteRow = cell(0, LicenseTableModel::Endpoints).isEmpty() ? 1 : 0;
    QVERIFY(cell(remoteRow, LicenseTableModel::Online).startsWith(u"validated online just now"_s));

    // Another service address, refused when it is none; a license removed after confirmation.
    QString asked;
    view.setServiceAsker([&](QWidget *, const QString &current) {
        asked = current;
        return next;
    });
    next = u"ftp://licenses"_s;
    view.findChild<QPushButton *>(u"setLicenseService"_s)->click();
    QTRY_VERIFY2(message->text().contains(u"is not a license service address"_s), qPrintable(message->text()));
    QCOMPARE(asked, dc.baseUrl());
    next = u"https://licenses.example"_s;
    view.findChild<QPushButton *>(u"setLicenseService"_s)->click();
    QTRY_COMPARE(view.findChild<QLabel *>(u"licenseService"_s)->text(), u"License service: https://licenses.example"_s);
    QString question;
    bool confirm = false;
    view.setConfirmer([&](QWidget *, const QString &text) {
        question = text;
        return confirm;
    });
    auto *remove = view.findChild<QPushButton *>(u"removeLicense"_s);
    QVERIFY(!remove->isEnabled());
    view.findChild<QTableView *>(u"licenseTable"_s)->selectRow(remoteRow);
    QVERIFY(remove->isEnabled());
    remove->click();
    QVERIFY(question.startsWith(u"Remove license %1?"_s.arg(view.model()->rows().at(remoteRow).id)));
    QCOMPARE(view.model()->rowCount(), 2); // declined
    confirm = true;
    remove->click();
    QTRY_COMPARE(view.model()->rowCount(), 1);
    QVERIFY(view.model()->rows().first().remoteEndpoints == 0);
}

void TestLicensesView::requestsATrialForASite()
{
    // Finding #28.4: a trial needed the command line. The sandbox is the site and its license
    // service; the site's secret comes from the environment, as a site can have it.
    SandboxFixture dc(sandbox::Flavor::DataCenter);
    QVERIFY(dc.start());
    QTemporaryDir dir;
    const QString state = dir.filePath(u"state"_s);
    QString error;
    {
        StateStore store(state);
        QVERIFY(noted(store.open(), &error));
        QVERIFY(noted(LicenseRepository(store).setSetting(licenseServiceSetting, dc.baseUrl()), &error));
    }
    qputenv("FERRY_TEST_TRIAL_PASSWORD", "admin");
    SecretRef secret;
    QVERIFY(SecretRef::parse(u"env:FERRY_TEST_TRIAL_PASSWORD"_s, &secret, &error));
    SiteRegistry registry(state);
    registry.put({u"glx"_s, QUrl(dc.baseUrl()), Site::Auth::Basic, u"admin"_s, secret, {}, {}});
    QVERIFY2(registry.save(&error), qPrintable(error));

    LicenseDesk desk(state);
    LicensesView view(&desk);
    view.setStateDirectory(state);
    QStringList offered;
    view.setSiteAsker([&](QWidget *, const QStringList &sites) {
        offered = sites;
        return sites.value(0);
    });
    view.show();
    auto *message = view.findChild<QLabel *>(u"licenseMessage"_s);
    QTRY_VERIFY2(message->text().contains(u"Request Trial"_s), qPrintable(message->text()));
    auto *trial = view.findChild<QPushButton *>(u"requestTrial"_s);
    trial->click();
    QCOMPARE(offered, QStringList{u"glx"_s});
    QTRY_VERIFY2(message->text().startsWith(u"Trial license L-"_s), qPrintable(message->text()));
    QVERIFY2(message->text().contains(u"installed for %1, valid until %2"_s.arg(
                 normalisedSiteUrl(dc.baseUrl()), QDate::currentDate().addDays(29).toString(Qt::ISODate))),
             qPrintable(message->text()));
    QTRY_COMPARE(view.model()->rowCount(), 1);
    QCOMPARE(view.model()->index(0, LicenseTableModel::Status).data().toString(), u"valid"_s);
    // One trial per site: the second request is refused, with the service's reason.
    trial->click();
    QTRY_VERIFY2(message->text().startsWith(u"No trial license: "_s), qPrintable(message->text()));
    QVERIFY2(message->text().contains(u"A trial was issued for"_s), qPrintable(message->text()));
    QCOMPARE(view.model()->rowCount(), 1);
}

QTEST_MAIN(TestLicensesView)
#include "tst_licensesview.moc"
