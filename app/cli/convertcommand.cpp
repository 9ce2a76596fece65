#include "cli/cli.h"

#include "richtext/adf.h"
#include "richtext/wiki.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>

namespace ferry::cli {

namespace {

const QString convertUsage = QStringLiteral(
    "Usage: ferry-cli convert --from wiki|adf --to wiki|adf [FILE]\n\n"
    "Converts rich text the way Ferry writes it to the other site: Jira wiki markup (Data Center,\n"
    "REST v2) and Atlassian Document Format JSON (Jira Cloud, REST v3). Reads FILE, or stdin when\n"
    "no file is given; writes the result to stdout and, on stderr, what could not be carried over as it was.\n");

} // namespace

int convertCommand(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption from(QStringLiteral("from"), QString(), QStringLiteral("format"));
    const QCommandLineOption to(QStringLiteral("to"), QString(), QStringLiteral("format"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    parser.addOptions({from, to, help});
    const QStringList formats{QStringLiteral("wiki"), QStringLiteral("adf")};
    if (!parser.parse(QStringList{QStringLiteral("convert")} + arguments) || parser.positionalArguments().size() > 1
        || !formats.contains(parser.value(from)) || !formats.contains(parser.value(to))) {
        if (parser.isSet(help)) {
            context.out << convertUsage;
            return Success;
        }
        context.err << "ferry-cli convert: "
                    << (parser.errorText().isEmpty() ? QStringLiteral("give --from and --to, each wiki or adf")
                                                     : parser.errorText())
                    << "\n\n"
                    << convertUsage;
        return UsageError;
    }

    QFile input;
    const QString path = parser.positionalArguments().value(0);
    if (path.isEmpty()) {
        (void)input.open(stdin, QIODevice::ReadOnly);
    } else {
        input.setFileName(path);
        if (!input.open(QIODevice::ReadOnly)) {
            context.err << "ferry-cli convert: cannot read " << path << ": " << input.errorString() << '\n';
            return Failure;
        }
    }
    const QByteArray bytes = input.readAll();

    QList<richtext::Degradation> degradations;
    richtext::Node tree;
    if (parser.value(from) == QStringLiteral("adf")) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
        QString problem;
        if (error.error != QJsonParseError::NoError)
            problem = QStringLiteral("the input is not valid JSON: %1 at offset %2")
                          .arg(error.errorString())
                          .arg(error.offset);
        else if (!richtext::readAdf(document.object(), &tree, &problem, &degradations))
            problem = problem.left(1).toLower() + problem.mid(1);
        if (!problem.isEmpty()) {
            context.err << "ferry-cli convert: " << problem << '\n';
            return Failure;
        }
    } else {
        tree = richtext::parseWiki(QString::fromUtf8(bytes), &degradations);
    }

    if (parser.value(to) == QStringLiteral("adf"))
        context.out << QJsonDocument(richtext::writeAdf(tree)).toJson(QJsonDocument::Indented);
    else
        context.out << richtext::writeWiki(tree, &degradations) << '\n';
    for (const richtext::Degradation &d : std::as_const(degradations))
        context.err << "ferry-cli convert: note: " << d.what << ": " << d.how << '\n';
    return Success;
}

} // namespace ferry::cli
