// Benchmark of the logging pipeline, not a test: it prints figures and asserts nothing.
//
// 4 worker threads log 1,000,000 entries through Qt's logging macros into an installed
// LogSink (ring buffer + log file) while the console's main window shows the log pane.
// Prints: entries/s ingested by the sink, how long the log pane took to catch up, the
// longest stall of the GUI thread meanwhile, the time to re-filter the full buffer, and
// the peak resident memory.

#include "core/version.h"
#include "logfeeder.h"
#include "testsupport.h"
#include "ui/logfiltermodel.h"
#include "ui/logmodel.h"
#include "ui/logpane.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace ferry;
using namespace Qt::StringLiterals;

namespace {

constexpr int threads = 4;
constexpr int perThread = 250'000;
constexpr quint64 total = quint64(threads) * perThread;
constexpr int tickMs = 5;

QString peakMemory()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return u"n/a"_s;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return QString::fromLatin1(line.mid(6).trimmed());
    }
    return u"n/a"_s;
}

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    test::isolateUserFolders();
    setApplicationIdentity();

    test::InstalledLogSink log;
    MainWindow window(&log.sink());
    window.resize(1280, 800);
    window.show();
    LogModel *model = window.logPane()->model();
    LogFilterModel *filter = window.logPane()->filterModel();

    // The GUI thread's heartbeat: the longest gap between ticks beyond the tick interval is
    // the longest time the GUI could not react.
    QElapsedTimer heartbeat;
    std::vector<qint64> stallsNs;
    stallsNs.reserve(10'000);
    QTimer ticker;
    ticker.setInterval(tickMs);
    QObject::connect(&ticker, &QTimer::timeout, &app, [&] {
        stallsNs.push_back(std::max<qint64>(0, heartbeat.nsecsElapsed() - qint64(tickMs) * 1'000'000));
        heartbeat.restart();
    });

    QElapsedTimer clock;
    double ingestMs = 0;
    double caughtUpMs = 0;
    double guiCpuStartMs = 0;
    double guiCpuMs = 0;
    test::LogFeeder feeder(threads, perThread);
    std::thread producer;

    QTimer::singleShot(200, &app, [&] {
        heartbeat.start();
        ticker.start();
        guiCpuStartMs = threadCpuMs();
        clock.start();
        producer = std::thread([&] {
            feeder.start();
            feeder.join();
            const double ms = elapsedMs(clock);
            QMetaObject::invokeMethod(
                &app, [&, ms] { ingestMs = ms; }, Qt::QueuedConnection);
        });
    });
    const auto quitWhenCaughtUp = [&] {
        if (ingestMs > 0 && log.sink().lastId() >= total && model->rowCount() > 0
            && model->entry(model->rowCount() - 1).id >= total && caughtUpMs == 0) {
            caughtUpMs = elapsedMs(clock);
            guiCpuMs = threadCpuMs() - guiCpuStartMs;
            ticker.stop();
            app.quit();
        }
    };
    QObject::connect(model, &LogModel::batchAppended, &app, quitWhenCaughtUp);
    // The pane may have caught up before ingestMs was known, with no batch left to signal it.
    QTimer poll;
    poll.setInterval(20);
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        if (ingestMs > 0 && caughtUpMs == 0) {
            model->fetchNow();
            quitWhenCaughtUp();
        }
    });
    poll.start();
    app.exec();
    producer.join();

    QElapsedTimer refilter;
    refilter.start();
    filter->setText(u"on ACME-42"_s);
    const double textFilterMs = elapsedMs(refilter);
    const int textMatches = filter->rowCount();
    filter->setText({});
    refilter.restart();
    filter->setMinimumLevel(LogLevel::Warning);
    const double levelFilterMs = elapsedMs(refilter);
    const int levelMatches = filter->rowCount();
    refilter.restart();
    filter->setMinimumLevel(LogLevel::Debug);
    const double unfilterMs = elapsedMs(refilter);

    std::printf("%s\n", qPrintable(versionLine(u"bench_logpipeline"_s)));
    std::printf("entries logged:              %llu from %d threads (ring buffer keeps %lld)\n",
                static_cast<unsigned long long>(total), threads, static_cast<long long>(log.sink().capacity()));
    std::printf("ingested by the sink:        %.0f entries/s (%.0f ms)\n", double(total) / ingestMs * 1000.0, ingestMs);
    std::printf("log pane caught up after:    %.0f ms\n", caughtUpMs);
    std::sort(stallsNs.begin(), stallsNs.end());
    const auto stallMs = [&](double quantile) {
        return stallsNs.empty() ? 0.0 : double(stallsNs[size_t(quantile * double(stallsNs.size() - 1))]) / 1e6;
    };
    std::printf("GUI-thread stall while ingesting: p50 %.1f ms, p99 %.1f ms, max %.1f ms (heartbeat every %d ms)\n",
                stallMs(0.5), stallMs(0.99), stallMs(1.0), tickMs);
    std::printf("GUI-thread CPU time:         %.0f ms (%.2f ms per 1,000 entries)\n", guiCpuMs,
                guiCpuMs / (double(total) / 1000.0));
    std::printf("re-filter %d rows by text:  %.1f ms (%d matches)\n", model->rowCount(), textFilterMs, textMatches);
    std::printf("re-filter by level:          %.1f ms (%d matches); clear filter %.1f ms\n", levelFilterMs,
                levelMatches, unfilterMs);
    std::printf("peak resident memory:        %s\n", qPrintable(peakMemory()));
    return 0;
}
