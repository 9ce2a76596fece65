#include "cli/cli.h"
#include "core/logsink.h"
#include "core/version.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    ferry::setApplicationIdentity();
    ferry::LogSink sink(ferry::LogSink::defaultOptions(QStringLiteral("ferry-cli")));
    sink.install();

    QTextStream out(stdout);
    QTextStream err(stderr);
    ferry::cli::Context context{out, err, &sink, {}};
    const int code = ferry::cli::run(app.arguments().mid(1), context);
    out.flush();
    err.flush();
    return code;
}
