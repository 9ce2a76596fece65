#include "sandbox/seeder.h"

#include "sandbox/render.h"
#include "sandbox/store.h"

#include <QJsonArray>
#include <QRandomGenerator>

namespace ferry::sandbox {

namespace {

const QStringList subjects = {
    QStringLiteral("Login page"),      QStringLiteral("Export to CSV"),  QStringLiteral("Search results"),
    QStringLiteral("Invoice PDF"),     QStringLiteral("Password reset"), QStringLiteral("Dashboard gadget"),
    QStringLiteral("REST API paging"), QStringLiteral("Email digest"),   QStringLiteral("Audit log"),
    QStringLiteral("Mobile layout"),   QStringLiteral("SSO with SAML"),  QStringLiteral("Attachment upload"),
};
const QStringList problems = {
    QStringLiteral("fails with a 500 error"),    QStringLiteral("is slow for large accounts"),
    QStringLiteral("shows the wrong time zone"), QStringLiteral("needs keyboard navigation"),
    QStringLiteral("drops the last row"),        QStringLiteral("should support dark mode"),
};
const QStringList labelPool = {QStringLiteral("customer"), QStringLiteral("regression"), QStringLiteral("ux"),
                               QStringLiteral("backend"),  QStringLiteral("security"),   QStringLiteral("tech-debt")};
const QStringList remarks = {
    QStringLiteral("I can reproduce this on staging."),
    QStringLiteral("Looks related to the change we shipped last sprint."),
    QStringLiteral("Customer confirmed the workaround helps for now."),
    QStringLiteral("Fix is in review, see the linked pull request."),
    QStringLiteral("Moving this to the next release."),
};

QJsonValue richDescription(Flavor flavor, const QString &summary, int n)
{
    const QString step = QStringLiteral("Open the %1 view").arg(summary.section(u' ', 0, 1).toLower());
    if (flavor == Flavor::DataCenter)
        return QStringLiteral(
                   "h3. Steps to reproduce\n# %1\n# Click *Save*\n# Watch the _status bar_\n\n"
                   "h3. Expected\nThe change is saved.\n\n{code:java}\nSaveResult r = service.save(item%2);\n"
                   "assert r.ok();\n{code}")
            .arg(step)
            .arg(n);
    const auto text = [](const QString &t) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), t}};
    };
    const auto paragraph = [](const QJsonArray &content) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("paragraph")}, {QStringLiteral("content"), content}};
    };
    const auto item = [&](const QJsonArray &content) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("listItem")},
                           {QStringLiteral("content"), QJsonArray{paragraph(content)}}};
    };
    QJsonObject bold = text(QStringLiteral("Save"));
    bold.insert(QStringLiteral("marks"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("strong")}}});
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("doc")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("content"),
         QJsonArray{
             QJsonObject{{QStringLiteral("type"), QStringLiteral("heading")},
                         {QStringLiteral("attrs"), QJsonObject{{QStringLiteral("level"), 3}}},
                         {QStringLiteral("content"), QJsonArray{text(QStringLiteral("Steps to reproduce"))}}},
             QJsonObject{{QStringLiteral("type"), QStringLiteral("orderedList")},
                         {QStringLiteral("content"),
                          QJsonArray{item({text(step)}), item({text(QStringLiteral("Click ")), bold})}}},
             paragraph({text(QStringLiteral("The change should be saved."))}),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("codeBlock")},
                         {QStringLiteral("attrs"), QJsonObject{{QStringLiteral("language"), QStringLiteral("java")}}},
                         {QStringLiteral("content"),
                          QJsonArray{text(QStringLiteral("SaveResult r = service.save(item%1);").arg(n))}}},
         }}};
}

} // namespace

void seedIssues(Store &store, const QString &projectKey, int count)
{
    Project *project = store.project(projectKey);
    if (!project || count <= 0)
        return;
    const Scheme &scheme = store.scheme();
    QRandomGenerator random(qHash(projectKey));
    const auto pick = [&](const auto &list) { return list.at(random.bounded(int(list.size()))); };
    QStringList writers;
    for (const User &u : store.users()) {
        if (u.canWrite)
            writers << u.id;
    }
    const qint64 start = store.now() - qint64(count) * 3'600'000; // one issue an hour, up to now
    QList<qint64> standard;

    for (int n = 0; n < count; ++n) {
        Issue issue;
        issue.projectId = project->id;
        issue.created = start + qint64(n) * 3'600'000;
        const bool subtask = n % 7 == 6 && !standard.isEmpty();
        const QString summary = pick(subjects) + u' ' + pick(problems);
        const IssueType *type = nullptr;
        for (const IssueType &t : scheme.issueTypes) {
            if (subtask ? t.subtask : (!t.subtask && t.hierarchyLevel == 0 && random.bounded(3) == 0))
                type = &t;
        }
        if (!type)
            type = &scheme.issueTypes.first();
        issue.fields.insert(QStringLiteral("summary"), summary);
        issue.fields.insert(QStringLiteral("issuetype"), type->id);
        issue.fields.insert(QStringLiteral("priority"), pick(scheme.priorities).id);
        issue.fields.insert(QStringLiteral("reporter"), pick(writers));
        issue.fields.insert(QStringLiteral("creator"), issue.fields.value(QStringLiteral("reporter")));
        if (random.bounded(3) > 0)
            issue.fields.insert(QStringLiteral("assignee"), pick(writers));
        issue.fields.insert(QStringLiteral("description"), richDescription(scheme.flavor, summary, n));
        QJsonArray labels;
        for (int i = random.bounded(3); i > 0; --i) {
            const QString label = pick(labelPool);
            if (!labels.contains(label))
                labels.append(label);
        }
        issue.fields.insert(QStringLiteral("labels"), labels);
        issue.fields.insert(QStringLiteral("components"), QJsonArray{pick(project->components).id});
        if (subtask)
            issue.fields.insert(QStringLiteral("parent"), pick(standard));
        const Status &status = scheme.statuses.at(random.bounded(int(scheme.statuses.size())));
        issue.fields.insert(QStringLiteral("status"), status.id);
        if (status.categoryKey == QStringLiteral("done")) {
            issue.fields.insert(QStringLiteral("resolution"), scheme.defaultResolutionId);
            issue.resolutionDate = issue.created + 1'800'000;
        }
        for (int c = random.bounded(3); c > 0; --c) {
            const QString remark = pick(remarks);
            issue.comments.append({store.nextId(QStringLiteral("comment")),
                                   scheme.flavor == Flavor::Cloud ? adfFromText(remark) : QJsonValue(remark),
                                   pick(writers),
                                   QString(),
                                   issue.created + c * 60'000,
                                   issue.created + c * 60'000,
                                   {}});
            issue.comments.last().updateAuthorId = issue.comments.last().authorId;
        }
        if (n % 5 == 0)
            issue.worklogs.append({store.nextId(QStringLiteral("worklog")), pick(writers), QString(), QJsonValue(),
                                   issue.created + 600'000, 3600 * (1 + random.bounded(4)), issue.created + 600'000,
                                   issue.created + 600'000});
        Issue &stored = store.addIssue(issue);
        if (!subtask)
            standard << stored.id;
        if (n % 8 == 3) {
            const QByteArray log
                = QStringLiteral("2026-11-28 10:00:00 ERROR %1 (request %2)\n").arg(summary).arg(n).toUtf8();
            Attachment a{store.nextId(QStringLiteral("attachment")),
                         QStringLiteral("server-%1.log").arg(n),
                         QStringLiteral("text/plain"),
                         stored.string(QStringLiteral("reporter")),
                         stored.created + 120'000,
                         log.size(),
                         QString()};
            a.mediaId = store.mediaIdFor(a.id);
            store.putAttachmentContent(a.id, log);
            stored.attachments.append(a);
        }
        stored.updated = stored.created + 3'000'000;
        store.saveIssue(stored, false);
        if (n % 6 == 5 && standard.size() > 1)
            store.addLink(pick(scheme.linkTypes).id, standard.at(standard.size() - 2), standard.constLast());
    }
}

} // namespace ferry::sandbox
