#pragma once

#include <QString>

#include <memory>
#include <thread>
#include <vector>

namespace ferry::test {

/// Logs from worker threads through Qt's logging macros, as engine threads do. Thread t
/// logs `perThread` entries in the scope of pair "pair-<t>"; entry i of a thread is a
/// critical when i % 100 == 99, a warning when i % 10 == 9, info otherwise, and its
/// message is "thread <t> entry <i> …".
class LogFeeder {
public:
    LogFeeder(int threads, int perThread);
    ~LogFeeder();
    LogFeeder(const LogFeeder &) = delete;
    LogFeeder &operator=(const LogFeeder &) = delete;

    void start();
    /// Blocks until every thread has logged all its entries.
    void join();

    static int warningsPer(int entries) { return entries / 10 - entries / 100; }
    static int criticalsPer(int entries) { return entries / 100; }

private:
    int m_threadCount;
    int m_perThread;
    std::vector<std::thread> m_threads;
};

} // namespace ferry::test
