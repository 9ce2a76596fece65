#include "cli/cli.h"
#include "cli/cliutil.h"

#include "core/statedir.h"
#include "demo/demoworld.h"
#include "sandbox/sandboxserver.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QScopeGuard>
#include <QTemporaryDir>

#include <memory>

namespace ferry::cli {

namespace {

const QString demoUsage
    = QStringLiteral("Usage: ferry-cli demo\n\n"
                     "Shows Ferry at work with nothing to set up: starts two Jira sandboxes in this process (a\n"
                     "Cloud one with project ACME, a Data Center one with project GLX), adds them as sites and a\n"
                     "suggested pair in a throwaway state folder, syncs, edits issues on both sides (a comment,\n"
                     "an attachment, logged work and a conflict among them), syncs again, and prints what happened.\n"
                     "No network, no keychain; the state folder is removed at the end.\n");

/// A command run as a part of the demo, its output indented.
int step(const std::function<int(const QStringList &, Context &)> &command, const QStringList &arguments,
         Context &context)
{
    QString out;
    QTextStream outStream(&out);
    Context inner{outStream, outStream, context.sink, context.readSecret};
    const int code = command(arguments, inner);
    outStream.flush();
    for (const QString &line : out.split(u'\n', Qt::SkipEmptyParts))
        context.out << "    " << line << '\n';
    context.out.flush();
    return code;
}

int rounds(int count, Context &context)
{
    return step([count](const QStringList &, Context &c) { return runRounds(DemoWorld::pairName(), count, c, false); },
                {}, context);
}

/// A one-paragraph ADF document, as Jira Cloud takes rich text.

} // namespace

int demoCommand(const QStringList &arguments, Context &context)
{
    QCommandLineParser parser;
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    parser.addOption(help);
    if (!parser.parse(QStringList{QStringLiteral("demo")} + arguments) || !parser.positionalArguments().isEmpty()) {
        context.err << "ferry-cli demo: takes no arguments\n\n" << demoUsage;
        return UsageError;
    }
    if (parser.isSet(help)) {
        context.out << demoUsage;
        return Success;
    }
    QTemporaryDir state;
    if (!state.isValid()) {
        context.err << "ferry-cli demo: cannot make a temporary folder: " << state.errorString() << '\n';
        return Failure;
    }
    const QString previousState = stateDirectory();
    setStateDirectory(state.path());
    const auto restore = qScopeGuard([&] { setStateDirectory(previousState); });

    DemoWorld world(state.path());
    QString error;
    runUntil([&](const std::function<void()> &done) {
        QObject::connect(&world, &DemoWorld::ready, &world, [&](const QString &problem) {
            error = problem;
            done();
        });
        world.start();
    });
    if (!error.isEmpty()) {
        context.err << "ferry-cli demo: " << error << '\n';
        return Failure;
    }
    const QStringList cloudKeys = world.cloudKeys();
    const QString dcKey = world.dataCenterKeys().first();
    context.out
        << "1. Two Jira sandboxes run in this process:\n"
        << "    Cloud        " << world.cloudUrl().toString()
        << "  project ACME: " << cloudKeys.join(QStringLiteral(", ")) << '\n'
        << "    Data Center  " << world.dataCenterUrl().toString() << "  project GLX: " << dcKey << '\n'
        << "2. Both are sites of a throwaway state folder, with the pair Ferry suggests (ferry-cli pair list):\n";
    step(pairCommand, {QStringLiteral("list")}, context);

    context.out << "3. ferry-cli sync " << DemoWorld::pairName()
                << " --once: every issue gets a partner on the other site\n";
    rounds(1, context);
    const QString badgeOnB = world.partnerOnDataCenter(cloudKeys.at(0));
    const QString coffeeOnB = world.partnerOnDataCenter(cloudKeys.at(2));
    if (badgeOnB.isEmpty() || coffeeOnB.isEmpty()) {
        context.err << "ferry-cli demo: the first sync did not link every issue\n";
        return Failure;
    }
    context.out << "    " << cloudKeys.at(0) << " is " << badgeOnB << " on Data Center, its description now wiki "
                << "markup; " << dcKey << " has a partner on Cloud, its description now ADF.\n";

    context.out << "4. People edit on both sides:\n"
                << "    Cloud: " << cloudKeys.at(1) << " moves to Done; " << cloudKeys.at(0)
                << " gets the label 'urgent'\n"
                << "    Cloud: an attachment (floor-plan.png) and a comment that shows it on " << cloudKeys.at(0)
                << "\n"
                << "    Data Center: " << badgeOnB << " gets the label 'hardware' and 1h 30m of logged work\n"
                << "    both: the summary of " << cloudKeys.at(2) << " / " << coffeeOnB
                << " changes differently on each side\n";
    const auto edit = [&](sandbox::SandboxServer &site, const QString &key, const QJsonObject &fields) {
        const QString api = &site == &world.cloud() ? QStringLiteral("/rest/api/3") : QStringLiteral("/rest/api/2");
        world.call(site, QStringLiteral("PUT"), api + QStringLiteral("/issue/") + key,
                   {{QStringLiteral("fields"), fields}}, &error);
    };
    world.call(world.cloud(), QStringLiteral("POST"),
               QStringLiteral("/rest/api/3/issue/%1/transitions").arg(cloudKeys.at(1)),
               {{QStringLiteral("transition"), QJsonObject{{QStringLiteral("id"), QStringLiteral("31")}}}}, &error);
    edit(world.cloud(), cloudKeys.at(0),
         {{QStringLiteral("labels"), QJsonArray{QStringLiteral("security"), QStringLiteral("urgent")}}});
    edit(world.dataCenter(), badgeOnB,
         {{QStringLiteral("labels"), QJsonArray{QStringLiteral("hardware"), QStringLiteral("security")}}});
    edit(world.cloud(), cloudKeys.at(2), {{QStringLiteral("summary"), QStringLiteral("Coffee machine leaks water")}});
    edit(world.dataCenter(), coffeeOnB, {{QStringLiteral("summary"), QStringLiteral("Coffee machine is broken")}});
    QByteArray floorPlan(40'000, Qt::Uninitialized);
    for (qsizetype i = 0; i < floorPlan.size(); ++i)
        floorPlan[i] = char(i * 31 % 251);
    const QString floorPlanId
        = world.attach(world.cloud(), cloudKeys.at(0), QStringLiteral("floor-plan.png"), floorPlan, &error);
    world.call(
        world.cloud(), QStringLiteral("POST"), QStringLiteral("/rest/api/3/issue/%1/comment").arg(cloudKeys.at(0)),
        {{QStringLiteral("body"),
          DemoWorld::adfParagraph(QStringLiteral("The reader in hall B is dead too."), world.mediaIdOf(floorPlanId))}},
        &error);
    world.call(world.dataCenter(), QStringLiteral("POST"), QStringLiteral("/rest/api/2/issue/%1/worklog").arg(badgeOnB),
               {{QStringLiteral("timeSpentSeconds"), 5400},
                {QStringLiteral("comment"), QStringLiteral("Replaced the reader")}},
               &error);
    if (!error.isEmpty()) {
        context.err << "ferry-cli demo: " << error << '\n';
        return Failure;
    }

    context.out << "5. ferry-cli sync " << DemoWorld::pairName() << " --rounds 2 (without the wait between rounds):\n";
    rounds(2, context);
    const QJsonArray comments = world
                                    .call(world.dataCenter(), QStringLiteral("GET"),
                                          QStringLiteral("/rest/api/2/issue/%1/comment").arg(badgeOnB))
                                    .value(QStringLiteral("comments"))
                                    .toArray();
    const QJsonArray worklogs = world
                                    .call(world.cloud(), QStringLiteral("GET"),
                                          QStringLiteral("/rest/api/3/issue/%1/worklog").arg(cloudKeys.at(0)))
                                    .value(QStringLiteral("worklogs"))
                                    .toArray();
    QStringList attachments;
    for (const QJsonValue &attachment :
         world.call(world.dataCenter(), QStringLiteral("GET"), QStringLiteral("/rest/api/2/issue/%1").arg(badgeOnB))
             .value(QStringLiteral("fields"))
             .toObject()
             .value(QStringLiteral("attachment"))
             .toArray())
        attachments << QStringLiteral("%1 (%2 bytes)")
                           .arg(attachment.toObject().value(QStringLiteral("filename")).toString())
                           .arg(attachment.toObject().value(QStringLiteral("size")).toInteger());
    context.out << "    the attachments of " << badgeOnB << ": " << attachments.join(QStringLiteral(", ")) << '\n';
    context.out << "    the comment on " << badgeOnB << ": "
                << comments.last().toObject().value(QStringLiteral("body")).toString().simplified() << '\n'
                << "    the worklog on " << cloudKeys.at(0) << ": "
                << worklogs.last().toObject().value(QStringLiteral("timeSpent")).toString() << ", by "
                << worklogs.last()
                       .toObject()
                       .value(QStringLiteral("author"))
                       .toObject()
                       .value(QStringLiteral("displayName"))
                       .toString()
                << " with an attribution\n";
    context.out << "6. ferry-cli conflicts " << DemoWorld::pairName() << ":\n";
    step(conflictsCommand, {DemoWorld::pairName()}, context);
    context.out << "7. ferry-cli status " << DemoWorld::pairName() << ":\n";
    step(statusCommand, {DemoWorld::pairName()}, context);
    context.out << "The labels of " << cloudKeys.at(0) << " merged on both sides; " << cloudKeys.at(1)
                << "'s partner walked the Data Center workflow to Resolved; the conflict waits for an admin "
                   "(ferry-cli conflicts resolve).\nThe demo's sandboxes and state folder are gone when it ends.\n";
    return Success;
}

} // namespace ferry::cli
