#include "demo/demoworld.h"

#include "license/licensestate.h"
#include "store/licenserepository.h"

#include "core/pairconfig.h"
#include "engine/sideconnector.h"
#include "jira/site.h"
#include "sandbox/sandboxserver.h"
#include "store/linkrepository.h"
#include "store/pairrepository.h"
#include "store/statestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QTime>

namespace ferry {

namespace {

const QString cloudApi = QStringLiteral("/rest/api/3");
const QString dataCenterApi = QStringLiteral("/rest/api/2");

QJsonObject named(const QString &name)
{
    return {{QStringLiteral("name"), name}};
}

/// A paragraph of ADF with a bold run, as Cloud keeps rich text.
QJsonObject adf(const QString &plain, const QString &bold)
{
    const QJsonObject text{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), plain}};
    const QJsonObject strong{
        {QStringLiteral("type"), QStringLiteral("text")},
        {QStringLiteral("text"), bold},
        {QStringLiteral("marks"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("strong")}}}}};
    return {{QStringLiteral("type"), QStringLiteral("doc")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("content"),
             QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("paragraph")},
                                    {QStringLiteral("content"), QJsonArray{text, strong}}}}}};
}

} // namespace

DemoWorld::DemoWorld(const QString &stateDirectory, QObject *parent)
    : QObject(parent)
    , m_state(stateDirectory)
{
}

DemoWorld::~DemoWorld() = default;

QUrl DemoWorld::cloudUrl() const
{
    return m_cloud ? m_cloud->baseUrl() : QUrl();
}

QUrl DemoWorld::dataCenterUrl() const
{
    return m_dataCenter ? m_dataCenter->baseUrl() : QUrl();
}

QJsonObject DemoWorld::call(sandbox::SandboxServer &site, const QString &method, const QString &path,
                            const QJsonObject &body, QString *error)
{
    const sandbox::Response response = site.callAsAdmin(method, path, body);
    const QJsonObject answer = QJsonDocument::fromJson(response.body).object();
    if (response.status >= 400 && error)
        *error = QStringLiteral("%1 %2 answered %3: %4")
                     .arg(method, path)
                     .arg(response.status)
                     .arg(QString::fromUtf8(response.body));
    return answer;
}

QString DemoWorld::attach(sandbox::SandboxServer &site, const QString &key, const QString &fileName,
                          const QByteArray &content, QString *error)
{
    const QByteArray boundary = "----ferryDemoBoundary";
    const QByteArray body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
        + fileName.toUtf8() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary
        + "--\r\n";
    const QString path
        = (&site == m_cloud.get() ? cloudApi : dataCenterApi) + QStringLiteral("/issue/%1/attachments").arg(key);
    const sandbox::Response response
        = site.callAsAdmin(QStringLiteral("POST"), path, body, "multipart/form-data; boundary=" + boundary);
    if (response.status >= 400 && error)
        *error = QStringLiteral("POST %1 answered %2: %3")
                     .arg(path)
                     .arg(response.status)
                     .arg(QString::fromUtf8(response.body));
    const QJsonValue id = QJsonDocument::fromJson(response.body).array().first().toObject().value(QStringLiteral("id"));
    return id.isString() ? id.toString() : QString::number(id.toInteger());
}

QString DemoWorld::mediaIdOf(const QString &attachmentId)
{
    sandbox::Attachment *attachment = nullptr;
    return m_cloud->store().issueOfAttachment(attachmentId.toLongLong(), &attachment) ? attachment->mediaId : QString();
}

QString DemoWorld::createIssue(sandbox::SandboxServer &site, const QString &project, const QJsonObject &fields,
                               QString *error)
{
    QJsonObject all = fields;
    all.insert(QStringLiteral("project"), QJsonObject{{QStringLiteral("key"), project}});
    const QString api = &site == m_cloud.get() ? cloudApi : dataCenterApi;
    return call(site, QStringLiteral("POST"), api + QStringLiteral("/issue"), {{QStringLiteral("fields"), all}}, error)
        .value(QStringLiteral("key"))
        .toString();
}

bool DemoWorld::writeIssues(QString *error)
{
    const QJsonObject bug = named(QStringLiteral("Bug"));
    const QJsonObject task = named(QStringLiteral("Task"));
    m_cloudKeys = {
        createIssue(*m_cloud, QStringLiteral("ACME"),
                    {{QStringLiteral("summary"), QStringLiteral("Badge reader rejects new cards")},
                     {QStringLiteral("issuetype"), bug},
                     {QStringLiteral("description"),
                      adf(QStringLiteral("Since Monday, "), QStringLiteral("every new card is refused."))},
                     {QStringLiteral("labels"), QJsonArray{QStringLiteral("security")}}},
                    error),
        createIssue(*m_cloud, QStringLiteral("ACME"),
                    {{QStringLiteral("summary"), QStringLiteral("Order standing desks")},
                     {QStringLiteral("issuetype"), task},
                     {QStringLiteral("priority"), named(QStringLiteral("High"))}},
                    error),
        createIssue(
            *m_cloud, QStringLiteral("ACME"),
            {{QStringLiteral("summary"), QStringLiteral("Coffee machine leaks")}, {QStringLiteral("issuetype"), bug}},
            error),
    };
    m_dataCenterKeys = {
        createIssue(*m_dataCenter, QStringLiteral("GLX"),
                    {{QStringLiteral("summary"), QStringLiteral("Rotate the VPN certificates")},
                     {QStringLiteral("issuetype"), task},
                     {QStringLiteral("description"),
                      QStringLiteral("h3. Steps\n* Renew at the CA\n* Deploy to *both* gateways\n\nSee {{vpn-gw-1}}.")},
                     {QStringLiteral("labels"), QJsonArray{QStringLiteral("network"), QStringLiteral("ops")}}},
                    error)};
    return error->isEmpty();
}

void DemoWorld::start()
{
    QString error;
    for (auto *server : {&m_cloud, &m_dataCenter}) {
        sandbox::SandboxServer::Options options;
        options.flavor = server == &m_cloud ? sandbox::Flavor::Cloud : sandbox::Flavor::DataCenter;
        *server = std::make_unique<sandbox::SandboxServer>(options);
        if (!(*server)->start(&error))
            return Q_EMIT ready(QStringLiteral("a sandbox could not start: %1").arg(error));
    }
    m_cloud->seedProject(QStringLiteral("ACME"), QStringLiteral("Acme"), 0);
    m_dataCenter->seedProject(QStringLiteral("GLX"), QStringLiteral("Galaxy"), 0);
    if (!writeIssues(&error))
        return Q_EMIT ready(error);

    // The sandboxes' own administrators; their secrets reach the sites as env: references.
    qputenv("FERRY_DEMO_CLOUD_TOKEN", "sandbox-token");
    qputenv("FERRY_DEMO_DC_PASSWORD", "admin");
    SecretRef cloudSecret, dataCenterSecret;
    SecretRef::parse(QStringLiteral("env:FERRY_DEMO_CLOUD_TOKEN"), &cloudSecret, &error);
    SecretRef::parse(QStringLiteral("env:FERRY_DEMO_DC_PASSWORD"), &dataCenterSecret, &error);
    m_sites[0] = {QStringLiteral("acme"),
                  m_cloud->baseUrl(),
                  Site::Auth::Basic,
                  QStringLiteral("admin@example.com"),
                  cloudSecret,
                  {},
                  {}};
    m_sites[1] = {QStringLiteral("glx"),
                  m_dataCenter->baseUrl(),
                  Site::Auth::Basic,
                  QStringLiteral("admin"),
                  dataCenterSecret,
                  {},
                  {}};
    SiteRegistry registry(m_state);
    registry.put(m_sites[0]);
    registry.put(m_sites[1]);
    if (!registry.save(&error))
        return Q_EMIT ready(error);
    m_network = std::make_unique<QNetworkAccessManager>();
    connectSide(0);
}

void DemoWorld::connectSide(int index)
{
    m_connectors[index] = std::make_unique<SideConnector>(
        m_sites[index], index == 0 ? QStringLiteral("ACME") : QStringLiteral("GLX"), m_network.get());
    connect(m_connectors[index].get(), &SideConnector::finished, this, [this, index](const QString &problem) {
        if (!problem.isEmpty())
            return Q_EMIT ready(problem);
        index == 0 ? connectSide(1) : createPair();
    });
    m_connectors[index]->connectToSite();
}

void DemoWorld::createPair()
{
    const PairConfig config = suggestPairConfig(
        pairName(), {QStringLiteral("acme"), QStringLiteral("ACME"), QStringLiteral("project = ACME")},
        m_connectors[0]->metadata(), {QStringLiteral("glx"), QStringLiteral("GLX"), QStringLiteral("project = GLX")},
        m_connectors[1]->metadata());
    StateStore store(m_state);
    Result<void> made = store.open();
    if (made)
        made = PairRepository(store).create(config);
    if (made)
        made = licenseSites(m_state, *m_dataCenter, {m_cloud.get(), m_dataCenter.get()});
    Q_EMIT ready(made ? QString() : made.error().message());
}

Result<void> DemoWorld::licenseSites(const QString &stateDirectory, sandbox::SandboxServer &service,
                                     const QList<sandbox::SandboxServer *> &sites)
{
    StateStore store(stateDirectory);
    if (auto opened = store.open(); !opened)
        return opened;
    LicenseRepository licenses(store);
    for (sandbox::SandboxServer *site : sites) {
        const sandbox::Response issued = service.licenses().issue(
            {{QStringLiteral("site"), site->baseUrl().toString()},
             {QStringLiteral("deployment"),
              site->store().flavor() == sandbox::Flavor::Cloud ? QStringLiteral("cloud") : QStringLiteral("dc")},
             {QStringLiteral("licensee"), QStringLiteral("Ferry demo")}});
        QString error;
        installLicense(store, LicenseTrust(), issued.body, &error);
        if (!error.isEmpty())
            return Error(QStringLiteral("the sandbox's license for %1: %2").arg(site->baseUrl().toString(), error));
    }
    return licenses.setSetting(licenseServiceSetting, service.baseUrl().toString(QUrl::StripTrailingSlash));
}

QJsonObject DemoWorld::adfParagraph(const QString &text, const QString &imageMediaId)
{
    QJsonArray blocks{QJsonObject{
        {QStringLiteral("type"), QStringLiteral("paragraph")},
        {QStringLiteral("content"),
         QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}}}}}};
    if (!imageMediaId.isEmpty())
        blocks << QJsonObject{{QStringLiteral("type"), QStringLiteral("mediaSingle")},
                              {QStringLiteral("content"),
                               QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("media")},
                                                      {QStringLiteral("attrs"),
                                                       QJsonObject{{QStringLiteral("type"), QStringLiteral("file")},
                                                                   {QStringLiteral("id"), imageMediaId},
                                                                   {QStringLiteral("collection"), QString()}}}}}}};
    return {{QStringLiteral("type"), QStringLiteral("doc")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("content"), blocks}};
}

QString DemoWorld::partnerOnDataCenter(const QString &cloudKey)
{
    QString error;
    const QString id
        = call(*m_cloud, QStringLiteral("GET"), QStringLiteral("/rest/api/3/issue/") + cloudKey, {}, &error)
              .value(QStringLiteral("id"))
              .toString();
    if (!m_store) {
        auto store = std::make_unique<StateStore>(m_state);
        if (!store->open())
            return {};
        m_store = std::move(store);
    }
    if (id.isEmpty())
        return {};
    const Result<qint64> pairId = PairRepository(*m_store).id(pairName());
    if (!pairId)
        return {};
    const Result<std::optional<LinkRepository::Link>> link = LinkRepository(*m_store, *pairId).find(Side::A, id);
    return link && *link ? (*link)->bKey : QString();
}

QString DemoWorld::editIssue(bool onCloud)
{
    const QStringList keys = onCloud ? m_cloudKeys : m_dataCenterKeys;
    if (keys.isEmpty())
        return tr("The demo has not written its issues yet.");
    const QString key = keys.at(QRandomGenerator::global()->bounded(int(keys.size())));
    sandbox::SandboxServer &site = onCloud ? *m_cloud : *m_dataCenter;
    const QString api = onCloud ? QStringLiteral("/rest/api/3/issue/") : QStringLiteral("/rest/api/2/issue/");
    QString error;
    const QJsonObject fields
        = call(site, QStringLiteral("GET"), api + key, {}, &error).value(QStringLiteral("fields")).toObject();
    static const QStringList words{QStringLiteral("again"), QStringLiteral("urgently"), QStringLiteral("at night"),
                                   QStringLiteral("in hall B"), QStringLiteral("since Monday")};
    static const QStringList labels{QStringLiteral("urgent"), QStringLiteral("hardware"), QStringLiteral("customer"),
                                    QStringLiteral("follow-up")};
    QJsonObject change;
    QString said;
    if (QRandomGenerator::global()->bounded(2) == 0) {
        const QString summary = fields.value(QStringLiteral("summary")).toString() + u' '
            + words.at(QRandomGenerator::global()->bounded(int(words.size())));
        change.insert(QStringLiteral("summary"), summary);
        said = tr("%1: summary now \"%2\"").arg(key, summary);
    } else {
        QJsonArray now = fields.value(QStringLiteral("labels")).toArray();
        const QString label = labels.at(QRandomGenerator::global()->bounded(int(labels.size())));
        if (!now.contains(label))
            now.append(label);
        change.insert(QStringLiteral("labels"), now);
        said = tr("%1: label \"%2\"").arg(key, label);
    }
    call(site, QStringLiteral("PUT"), api + key, {{QStringLiteral("fields"), change}}, &error);
    return error.isEmpty() ? said : tr("%1 could not be edited: %2").arg(key, error);
}

QString DemoWorld::newIssue(bool onCloud)
{
    static const QStringList summaries{QStringLiteral("Projector flickers"), QStringLiteral("Door sensor offline"),
                                       QStringLiteral("Parking gate stuck open"),
                                       QStringLiteral("Wi-Fi drops in room 4")};
    const QString summary = summaries.at(QRandomGenerator::global()->bounded(int(summaries.size())));
    QString error;
    const QJsonObject fields{
        {QStringLiteral("summary"), summary},
        {QStringLiteral("issuetype"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Task")}}}};
    const QString key = onCloud ? createIssue(*m_cloud, QStringLiteral("ACME"), fields, &error)
                                : createIssue(*m_dataCenter, QStringLiteral("GLX"), fields, &error);
    if (key.isEmpty())
        return tr("No issue could be created: %1").arg(error);
    (onCloud ? m_cloudKeys : m_dataCenterKeys) << key;
    return tr("%1 created: \"%2\"").arg(key, summary);
}

QString DemoWorld::provokeConflict()
{
    for (const QString &cloudKey : std::as_const(m_cloudKeys)) {
        const QString dcKey = partnerOnDataCenter(cloudKey);
        if (dcKey.isEmpty())
            continue;
        const QString stamp = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
        QString error;
        call(*m_cloud, QStringLiteral("PUT"), QStringLiteral("/rest/api/3/issue/") + cloudKey,
             {{QStringLiteral("fields"),
               QJsonObject{{QStringLiteral("summary"), tr("Changed on Cloud at %1").arg(stamp)}}}},
             &error);
        call(*m_dataCenter, QStringLiteral("PUT"), QStringLiteral("/rest/api/2/issue/") + dcKey,
             {{QStringLiteral("fields"),
               QJsonObject{{QStringLiteral("summary"), tr("Changed on Data Center at %1").arg(stamp)}}}},
             &error);
        return error.isEmpty()
            ? tr("%1 and %2: the summary changed differently on each side; the next round finds the conflict")
                  .arg(cloudKey, dcKey)
            : tr("The conflict could not be made: %1").arg(error);
    }
    return tr("No issue is synced yet: start the pair first.");
}

} // namespace ferry
