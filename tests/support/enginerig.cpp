#include "enginerig.h"

#include "clientsupport.h"
#include "store/channel.h"
#include "store/linkrepository.h"
#include "storesupport.h"

#include <QJsonArray>

#include <QSignalSpy>
#include <tuple>

namespace ferry::test {

namespace {
/// Both sides' sandboxes started, with an empty project each: ACME on A, GLX on B.
bool startSides(EngineRig::Side &a, EngineRig::Side &b, sandbox::Flavor aFlavor, sandbox::Flavor bFlavor,
                bool cloudRateLimits)
{
    const auto optionsFor = [cloudRateLimits](sandbox::Flavor flavor) {
        sandbox::SandboxServer::Options options;
        options.flavor = flavor;
        options.cloudRateLimits = cloudRateLimits && flavor == sandbox::Flavor::Cloud;
        return options;
    };
    a.sb = std::make_unique<SandboxFixture>(optionsFor(aFlavor));
    b.sb = std::make_unique<SandboxFixture>(optionsFor(bFlavor));
    if (!a.sb->start() || !b.sb->start())
        return false;
    a.project = QStringLiteral("ACME");
    b.project = QStringLiteral("GLX");
    a.sb->server().seedProject(a.project, QStringLiteral("Acme"), 0);
    b.sb->server().seedProject(b.project, QStringLiteral("Galaxy"), 0);
    return true;
}
} // namespace

QJsonObject EngineRig::Side::issue(const QString &key)
{
    return sb->get(sb->api() + QStringLiteral("/issue/") + key + QStringLiteral("?properties=ferry.origin")).object();
}

int EngineRig::Side::edit(const QString &key, const QJsonObject &fields)
{
    return sb->put(sb->api() + QStringLiteral("/issue/") + key, QJsonObject{{QStringLiteral("fields"), fields}}).status;
}

QString EngineRig::Side::statusOf(const QString &key)
{
    return fields(key).value(QStringLiteral("status")).toObject().value(QStringLiteral("name")).toString();
}

QMap<QString, QJsonObject> EngineRig::Side::issues()
{
    const bool cloud = sb->flavor() == sandbox::Flavor::Cloud;
    const QJsonArray found = sb->post(sb->api() + (cloud ? QStringLiteral("/search/jql") : QStringLiteral("/search")),
                                      QJsonObject{{QStringLiteral("jql"), QStringLiteral("project = %1").arg(project)},
                                                  {QStringLiteral("maxResults"), 1000},
                                                  {QStringLiteral("fields"), QJsonArray{QStringLiteral("*all")}}})
                                 .object()
                                 .value(QStringLiteral("issues"))
                                 .toArray();
    QMap<QString, QJsonObject> out;
    for (const QJsonValue &issue : found)
        out.insert(issue.toObject().value(QStringLiteral("key")).toString(),
                   issue.toObject().value(QStringLiteral("fields")).toObject());
    return out;
}

QString EngineRig::Side::keyOf(const QString &summary)
{
    const QMap<QString, QJsonObject> all = issues();
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        if (it.value().value(QStringLiteral("summary")).toString() == summary)
            return it.key();
    }
    return {};
}

EngineRig::EngineRig() = default;
EngineRig::~EngineRig() = default;

bool EngineRig::start(sandbox::Flavor aFlavor, sandbox::Flavor bFlavor,
                      const std::function<void(PairConfig &config)> &adjust)
{
    if (!startSides(a, b, aFlavor, bFlavor, cloudRateLimits))
        return false;
    a.metadata = metadataOf(*a.sb, &m_network, a.project);
    b.metadata = metadataOf(*b.sb, &m_network, b.project);
    config = suggestPairConfig(QStringLiteral("acme-glx"),
                               {QStringLiteral("acme"), a.project, QStringLiteral("project = ACME")}, a.metadata,
                               {QStringLiteral("glx"), b.project, QStringLiteral("project = GLX")}, b.metadata);
    if (adjust)
        adjust(config);
    m_translator = std::make_unique<FieldTranslator>(config, a.metadata, b.metadata);
    store = std::make_unique<StateStore>(m_dir.path() + QStringLiteral("/state"));
    if (auto opened = store->open(); !opened) {
        qWarning("%s", qPrintable(opened.error().message()));
        return false;
    }
    pair = addTestPair(*store, config.name);
    for (Side *side : {&a, &b}) {
        side->client = std::make_unique<JiraClient>(siteFor(*side->sb), secretFor(side->sb->flavor()), &m_network);
        if (!waitFor(side->client->detectDeployment()))
            return false;
    }
    m_round = std::make_unique<SyncRound>(*a.client, *b.client, config, *m_translator, *store, pair);
    return pair > 0;
}

void EngineRig::restart()
{
    m_round = std::make_unique<SyncRound>(*a.client, *b.client, config, *m_translator, *store, pair);
}

bool EngineRig::round()
{
    QSignalSpy finished(m_round.get(), &SyncRound::finished);
    m_round->run();
    if (!finished.wait(60'000)) {
        qWarning("the round did not finish");
        return false;
    }
    m_report = finished.first().first().value<SyncRound::Report>();
    if (!m_report.error().isEmpty()) {
        qWarning("the round failed: %s", qPrintable(m_report.error()));
        return false;
    }
    return true;
}

QString EngineRig::idleRound()
{
    a.sb->resetStatistics();
    b.sb->resetStatistics();
    if (!round())
        return QStringLiteral("the round failed");
    QStringList found;
    if (const int sent = m_report.detectedA.opsSent + m_report.detectedB.opsSent; sent > 0)
        found << QStringLiteral("%1 changes found").arg(sent);
    found << a.sb->writesSinceReset() << b.sb->writesSinceReset();
    return found.join(QStringLiteral("; "));
}

QString EngineRig::partnerOnB(const QString &aKey)
{
    const QString id = a.issue(aKey).value(QStringLiteral("id")).toString();
    const Result<std::optional<LinkRepository::Link>> link = LinkRepository(*store, pair).find(ferry::Side::A, id);
    return link && *link ? (*link)->bKey : QString();
}

int EngineRig::pending(ferry::Side side)
{
    return Channel(*store, pair).pendingCount(side).valueOr(-1);
}

bool startConsolesBehindFirewalls(EngineRig::Side &a, EngineRig::Side &b,
                                  const std::function<int(const QString &console, const QStringList &arguments)> &run,
                                  const std::function<QString(const QString &console)> &stateOf)
{
    if (!startSides(a, b, sandbox::Flavor::Cloud, sandbox::Flavor::DataCenter, false))
        return false;
    for (const auto &[console, site, name] : {std::tuple{QStringLiteral("a"), a.sb.get(), QStringLiteral("acme")},
                                              std::tuple{QStringLiteral("b"), b.sb.get(), QStringLiteral("galaxy")}}) {
        if (run(console, siteAddArguments(name, *site)) != 0 || !licenseSandboxes(stateOf(console), *site, {site})
            || run(console,
                   {QStringLiteral("license"), QStringLiteral("service"), QStringLiteral("http://127.0.0.1:9")})
                != 0) {
            qWarning().noquote() << "console" << console << "could not be set up";
            return false;
        }
    }
    return true;
}

} // namespace ferry::test
