#include "logfeeder.h"

#include "core/logcategories.h"
#include "core/logscope.h"

namespace ferry::test {

LogFeeder::LogFeeder(int threads, int perThread)
    : m_threadCount(threads)
    , m_perThread(perThread)
{
}

LogFeeder::~LogFeeder()
{
    join();
}

void LogFeeder::start()
{
    for (int t = 0; t < m_threadCount; ++t) {
        m_threads.emplace_back([t, count = m_perThread] {
            const LogScope scope(QStringLiteral("pair-%1").arg(t));
            for (int i = 0; i < count; ++i) {
                const QString issue = QStringLiteral("ACME-%1").arg(i % 500 + 1);
                const LogScope issueScope(LogScope::currentPair(), issue);
                if (i % 100 == 99)
                    qCCritical(lcEngine, "thread %d entry %d could not apply the change to %s", t, i,
                               qPrintable(issue));
                else if (i % 10 == 9)
                    qCWarning(lcJira, "thread %d entry %d got 429 from the site; retrying in 2 s", t, i);
                else
                    qCInfo(lcEngine, "thread %d entry %d applied field summary on %s", t, i, qPrintable(issue));
            }
        });
    }
}

void LogFeeder::join()
{
    for (std::thread &thread : m_threads) {
        if (thread.joinable())
            thread.join();
    }
    m_threads.clear();
}

} // namespace ferry::test
