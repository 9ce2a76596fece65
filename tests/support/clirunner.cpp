#include "clirunner.h"

#include <QProcess>
#include <QSignalSpy>

namespace ferry::test {

CliRunner::CliRunner(const QString &program, const QString &stateDirectory)
    : m_program(program)
    , m_state(stateDirectory)
    , m_environment(QProcessEnvironment::systemEnvironment())
{
}

void CliRunner::useTestHome(const QString &home)
{
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    m_environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    m_environment.insert(QStringLiteral("CLOUD_TOKEN"), QStringLiteral("sandbox-token"));
    m_environment.insert(QStringLiteral("DC_PASSWORD"), QStringLiteral("admin"));
}

CliRun CliRunner::run(const QStringList &arguments, const QByteArray &input, const QProcessEnvironment &extra,
                      int timeoutMs) const
{
    QProcess process;
    QProcessEnvironment environment = m_environment;
    for (const QString &key : extra.keys())
        environment.insert(key, extra.value(key));
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(m_program, QStringList{QStringLiteral("--state"), m_state} + arguments);
    process.write(input);
    process.closeWriteChannel();
    if (!finished.wait(timeoutMs))
        process.kill();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

} // namespace ferry::test
