#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace ferry::test {

/// What one run of a program gave.
struct CliRun {
    int code = -1; ///< the exit code; -1 when it crashed or was killed
    QString out;
    QString err;
};

/// Runs ferry-cli with a state folder and an environment, waiting with the event loop running
/// (the sandboxes a test talks to live in the test's thread).
class CliRunner {
public:
    CliRunner(const QString &program, const QString &stateDirectory);

    void setStateDirectory(const QString &directory) { m_state = directory; }
    QString stateDirectory() const { return m_state; }
    /// The environment every run gets (the system's to start with).
    QProcessEnvironment &environment() { return m_environment; }
    /// Settings and data folders below home, and the sandboxes' administrator secrets as
    /// env:CLOUD_TOKEN and env:DC_PASSWORD.
    void useTestHome(const QString &home);

    /// ferry-cli --state DIR arguments…; extra adds to the environment for this run.
    CliRun run(const QStringList &arguments, const QByteArray &input = QByteArray(),
               const QProcessEnvironment &extra = QProcessEnvironment(), int timeoutMs = 60'000) const;

private:
    QString m_program;
    QString m_state;
    QProcessEnvironment m_environment;
};

} // namespace ferry::test
