#include "cli/cli.h"
#include "core/logsink.h"
#include "core/version.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    ferry::setApplicationIdentity();
    ferry::LogSink sink(ferry::LogSink::defaultOptions(QStringLiteral("ferry-cli")));
    sink.install();

    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = ferry::cli::run(app.arguments().mid(1), out, err, &sink);
    out.flush();
    err.flush();
    return code;
}
