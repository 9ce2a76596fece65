#include "core/logsink.h"
#include "core/version.h"
#include "license/license.h"
#include "sandbox/sandboxserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <cstdio>

using ferry::sandbox::SandboxServer;

namespace {

bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535)
        return false;
    *address = host == QStringLiteral("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
    *port = static_cast<quint16>(number);
    return !address->isNull();
}

int fail(const QString &message)
{
    std::fprintf(stderr, "ferry-sandbox: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    ferry::setApplicationIdentity();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A Jira-compatible sandbox server for tests and demos. Prints 'READY <base-url>' once it listens."));
    parser.addHelpOption();
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Prints the version and exits."));
    const QCommandLineOption flavor(QStringLiteral("flavor"), QStringLiteral("cloud (default) or dc."),
                                    QStringLiteral("flavor"), QStringLiteral("cloud"));
    const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Address and port (default 127.0.0.1:0)."),
                                    QStringLiteral("host:port"), QStringLiteral("127.0.0.1:0"));
    const QCommandLineOption data(QStringLiteral("data"),
                                  QStringLiteral("SQLite file that keeps the state (default: memory)."),
                                  QStringLiteral("file"));
    const QCommandLineOption seedProject(QStringLiteral("seed-project"),
                                         QStringLiteral("Creates this project if missing (repeatable)."),
                                         QStringLiteral("key"));
    const QCommandLineOption seedIssues(QStringLiteral("seed-issues"),
                                        QStringLiteral("Realistic issues to create in each seeded project."),
                                        QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"), QStringLiteral("PEM certificate: serve HTTPS."),
                                     QStringLiteral("file"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"), QStringLiteral("PEM private key for --tls-cert."),
                                    QStringLiteral("file"));
    const QCommandLineOption rateLimit(
        QStringLiteral("rate-limit"),
        QStringLiteral("cloud: enforce Jira Cloud's published rate limits; none (default)."), QStringLiteral("mode"),
        QStringLiteral("none"));
    const QCommandLineOption latency(QStringLiteral("latency-ms"), QStringLiteral("Delay every REST response (ms)."),
                                     QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption attachmentLimit(QStringLiteral("max-attachment-mb"),
                                             QStringLiteral("The largest attachment accepted, in MB (default 10)."),
                                             QStringLiteral("mb"), QStringLiteral("10"));
    const QCommandLineOption licenseKey(
        QStringLiteral("license-key"),
        QStringLiteral("File with the 32-byte seed (64 hex digits) of the key the license service signs with; "
                       "default: the sandbox's well-known key, which Ferry believes only for sites on this machine."),
        QStringLiteral("file"));
    parser.addOptions({version, flavor, listen, data, seedProject, seedIssues, tlsCert, tlsKey, rateLimit, latency,
                       attachmentLimit, licenseKey});
    parser.process(app);
    if (parser.isSet(version)) {
        std::printf("%s\n", qPrintable(ferry::versionLine(QStringLiteral("ferry-sandbox"))));
        return 0;
    }

    SandboxServer::Options options;
    if (!ferry::sandbox::parseFlavor(parser.value(flavor), &options.flavor))
        return fail(QStringLiteral("--flavor must be 'cloud' or 'dc', not '%1'.").arg(parser.value(flavor)));
    if (!parseListen(parser.value(listen), &options.address, &options.port))
        return fail(QStringLiteral("--listen must be HOST:PORT, for example 127.0.0.1:8080, not '%1'.")
                        .arg(parser.value(listen)));
    options.dataPath = parser.value(data);
    options.tlsCertificatePath = parser.value(tlsCert);
    options.tlsKeyPath = parser.value(tlsKey);
    const QString limits = parser.value(rateLimit);
    if (limits != QStringLiteral("cloud") && limits != QStringLiteral("none"))
        return fail(QStringLiteral("--rate-limit must be 'cloud' or 'none', not '%1'.").arg(limits));
    options.cloudRateLimits = limits == QStringLiteral("cloud");
    bool latencyOk = false;
    options.latencyMs = parser.value(latency).toInt(&latencyOk);
    if (!latencyOk || options.latencyMs < 0 || options.latencyMs > 600'000)
        return fail(QStringLiteral("--latency-ms must be a number of milliseconds from 0 to 600000."));
    bool limitOk = false;
    options.maxAttachmentMb = parser.value(attachmentLimit).toInt(&limitOk);
    if (!limitOk || options.maxAttachmentMb < 1 || options.maxAttachmentMb > 4096)
        return fail(QStringLiteral("--max-attachment-mb must be a number of megabytes from 1 to 4096."));
    if (parser.isSet(licenseKey)) {
        QFile file(parser.value(licenseKey));
        const QByteArray seed
            = file.open(QIODevice::ReadOnly) ? QByteArray::fromHex(file.readAll().trimmed()) : QByteArray();
        if (seed.size() != 32)
            return fail(QStringLiteral("--license-key must name a file holding 64 hex digits (a 32-byte seed)."));
        options.licenseKey = ferry::LicenseTrust::secretKeyFromSeed(seed);
    }
    bool countOk = false;
    const int issues = parser.value(seedIssues).toInt(&countOk);
    if (!countOk || issues < 0 || issues > 100'000)
        return fail(QStringLiteral("--seed-issues must be a number from 0 to 100000."));

    // Logs go to stderr, so that stdout carries only the READY line.
    ferry::LogSink::Options logOptions;
    logOptions.stderrLevel = static_cast<int>(ferry::LogLevel::Info);
    ferry::LogSink sink(logOptions);
    sink.install();

    SandboxServer server(options);
    QString error;
    if (!server.start(&error))
        return fail(error);
    for (const QString &key : parser.values(seedProject)) {
        if (!server.store().project(key))
            server.seedProject(key.toUpper(), key.toUpper() + QStringLiteral(" project"), issues);
    }
    std::printf("READY %s\n", qPrintable(server.baseUrl().toString()));
    std::fflush(stdout);
    return app.exec();
}
