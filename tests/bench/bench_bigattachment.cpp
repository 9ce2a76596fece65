// Benchmark, not a test. One 60 MB attachment carried from a Data Center sandbox to a Cloud
// sandbox, each running as its own ferry-sandbox process so that this process holds only the
// engine: a PairRunner on its worker thread with a real state folder. The attachment is put on
// Data Center by curl from a file. It prints the wall time, that the copy arrived whole (same
// size and SHA-256), and how far the engine's peak memory grew while carrying it: contents
// stream through a file in the state folder, so it should grow by far less than the attachment.

#include "clientsupport.h"
#include "core/version.h"
#include "engine/pairrunner.h"
#include "jira/site.h"
#include "store/pairrepository.h"
#include "store/statestore.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace ferry;
using namespace ferry::test;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 megabytes = 60;

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    return file.open(QIODevice::ReadOnly) && hash.addData(&file) ? hash.result().toHex() : QByteArray();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QLoggingCategory::setFilterRules(u"ferry.*.debug=false\nferry.*.info=false"_s);
    std::printf("%s\n", qPrintable(versionLine(u"bench_bigattachment"_s)));
    isolateUserFolders();

    const QStringList limit{u"--max-attachment-mb"_s, u"100"_s};
    QProcess dcProcess, cloudProcess;
    const QString dcUrl
        = startSandboxProcess(dcProcess, QStringLiteral(FERRY_SANDBOX),
                              QStringList{u"--flavor"_s, u"dc"_s, u"--seed-project"_s, u"GLX"_s} + limit);
    const QString cloudUrl
        = startSandboxProcess(cloudProcess, QStringLiteral(FERRY_SANDBOX),
                              QStringList{u"--flavor"_s, u"cloud"_s, u"--seed-project"_s, u"ACME"_s} + limit);
    if (dcUrl.isEmpty() || cloudUrl.isEmpty()) {
        std::printf("the sandboxes did not start\n");
        return 1;
    }
    QNetworkAccessManager network;
    const QByteArray dcLogin = "admin:admin";
    const QByteArray cloudLogin = "admin@example.com:sandbox-token";
    const QString key = QJsonDocument::fromJson(
                            callSandbox(network, "POST", dcUrl + u"/rest/api/2/issue"_s, sandbox::Flavor::DataCenter,
                                        {{u"fields"_s,
                                          QJsonObject{{u"project"_s, QJsonObject{{u"key"_s, u"GLX"_s}}},
                                                      {u"issuetype"_s, QJsonObject{{u"name"_s, u"Task"_s}}},
                                                      {u"summary"_s, u"Core dump of the build server"_s}}}}))
                            .object()
                            .value(u"key"_s)
                            .toString();

    // The file is written and sent by curl, so that this process never holds it.
    QTemporaryDir work;
    const QString bigFile = work.filePath(u"core.dump"_s);
    {
        QFile file(bigFile);
        if (!file.open(QIODevice::WriteOnly))
            return 1;
        QByteArray block(1024 * 1024, Qt::Uninitialized);
        for (qint64 m = 0; m < megabytes; ++m) {
            for (qsizetype i = 0; i < block.size(); ++i)
                block[i] = char((i * 31 + m * 7) % 251);
            file.write(block);
        }
    }
    const int curl = QProcess::execute(u"curl"_s,
                                       {u"-sf"_s, u"-o"_s, u"/dev/null"_s, u"-u"_s, QString::fromLatin1(dcLogin),
                                        u"-H"_s, u"X-Atlassian-Token: no-check"_s, u"-F"_s, u"file=@"_s + bigFile,
                                        dcUrl + u"/rest/api/2/issue/%1/attachments"_s.arg(key)});
    if (key.isEmpty() || curl != 0) {
        std::printf("putting the attachment on Data Center failed (curl exit %d)\n", curl);
        return 1;
    }

    QTemporaryDir state;
    PairConfig config;
    config.name = u"big"_s;
    config.a = {u"glx"_s, u"GLX"_s, u"project = GLX"_s};
    config.b = {u"acme"_s, u"ACME"_s, u"project = ACME"_s};
    ValueMapping task;
    task.a = u"3"_s; // Task on the Data Center sandbox
    task.b = u"10001"_s; // Task on the Cloud sandbox
    config.issueTypes = {task};
    FieldMapping summary;
    summary.a = summary.b = u"summary"_s;
    config.fields = {summary};
    config.pollIntervalSeconds = 3600;
    QString error;
    if (!writeSandboxState(state.path(), cloudUrl, dcUrl, config, &error)) {
        std::printf("setting up failed: %s\n", qPrintable(error));
        return 1;
    }

    const long before = peakRssMb();
    PairRunner runner({state.path(), u"big"_s, nullptr, 1, true});
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QObject::connect(&runner, &PairRunner::roundFinished, &loop, [&](const SyncRound::Report &report) {
        if (!report.error().isEmpty())
            std::printf("the round failed: %s\n", qPrintable(report.error()));
    });
    QObject::connect(&runner, &PairRunner::failed, &loop,
                     [&](const QString &why) { std::printf("the pair failed: %s\n", qPrintable(why)); });
    QObject::connect(&runner, &PairRunner::stopped, &loop, &QEventLoop::quit);
    runner.start();
    loop.exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    const long after = peakRssMb();

    // What arrived on Cloud, fetched by curl into a file and compared.
    const QJsonArray found
        = QJsonDocument::fromJson(
              callSandbox(network, "GET", cloudUrl + u"/rest/api/3/search/jql?jql=project%3DACME&fields=attachment"_s,
                          sandbox::Flavor::Cloud))
              .object()
              .value(u"issues"_s)
              .toArray();
    const QJsonObject copy
        = found.isEmpty() ? QJsonObject() : found.first()[u"fields"_s][u"attachment"_s][0].toObject();
    const QString arrived = work.filePath(u"arrived.dump"_s);
    QProcess::execute(
        u"curl"_s,
        {u"-sf"_s, u"-o"_s, arrived, u"-u"_s, QString::fromLatin1(cloudLogin), copy.value(u"content"_s).toString()});
    const bool whole
        = copy.value(u"size"_s).toInteger() == megabytes * 1024 * 1024 && sha256Of(arrived) == sha256Of(bigFile);
    std::printf("a %lld MB attachment from Data Center to Cloud: %.1f s; the copy %s\n",
                static_cast<long long>(megabytes), seconds,
                whole ? "arrived whole (same size and SHA-256)" : "DID NOT ARRIVE WHOLE");
    std::printf("peak memory of the engine's process: %ld MB before, %ld MB after: it grew by %ld MB while carrying "
                "%lld MB\n",
                before, after, after - before, static_cast<long long>(megabytes));
    dcProcess.kill();
    cloudProcess.kill();
    dcProcess.waitForFinished();
    cloudProcess.waitForFinished();
    return whole ? 0 : 1;
}
