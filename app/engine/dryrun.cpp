#include "engine/dryrun.h"

#include "engine/fieldtranslator.h"

#include <QJsonArray>

#include <algorithm>
#include <tuple>

namespace ferry {

namespace {

/// The name a site gives an item of one of its lists (issue types, statuses), by id.
QString nameIn(const SiteMetadata &site, const QString &list, const QString &id)
{
    for (const QJsonValue &item : site.metadata.value(list).toArray()) {
        if (item.toObject().value(QStringLiteral("id")).toString() == id)
            return item.toObject().value(QStringLiteral("name")).toString();
    }
    return id;
}

} // namespace

int DryRunReport::blocked() const
{
    return int(std::count_if(entries.cbegin(), entries.cend(), [](const DryRunEntry &e) { return e.blocked; }));
}

int DryRunReport::withProblems() const
{
    return int(std::count_if(entries.cbegin(), entries.cend(),
                             [](const DryRunEntry &e) { return !e.blocked && !e.problems.isEmpty(); }));
}

void describeCreates(Side side, const QList<QJsonObject> &issues, const PairConfig &config,
                     const FieldTranslator &translator, const SiteMetadata &target, DryRunReport *report)
{
    const Side other = otherSide(side);
    const QString targetSite = config.side(other).site;
    bySide(side, report->inScopeA, report->inScopeB) = int(issues.size());
    for (const QJsonObject &issue : issues) {
        const QJsonObject fields = issue.value(QStringLiteral("fields")).toObject();
        DryRunEntry entry;
        entry.side = side;
        entry.key = issue.value(QStringLiteral("key")).toString();
        entry.summary = fields.value(QStringLiteral("summary")).toString();
        const QJsonObject type = fields.value(QStringLiteral("issuetype")).toObject();
        const QString targetType = config.issueTypeFor(side, type.value(QStringLiteral("id")).toString());
        if (targetType.isEmpty()) {
            entry.blocked = true;
            entry.action = QStringLiteral("no partner on %1").arg(targetSite);
            entry.problems << QStringLiteral("issue type %1 has no mapping to side %2")
                                  .arg(type.value(QStringLiteral("name")).toString(), sideLetter(other));
            report->entries << entry;
            continue;
        }
        const FieldTranslator::Translated common = translator.toCommon(side, fields);
        FieldTranslator::Translated written = translator.toSide(other, common.values);
        entry.problems << common.problems << written.problems;
        for (const QString &field : translator.keepToScreen(other, targetType, &written.values))
            entry.problems << translator.screenGap(other, targetType, field);
        entry.action = QStringLiteral("create on %1 as %2")
                           .arg(targetSite, nameIn(target, QStringLiteral("issueTypes"), targetType));
        if (common.values.contains(FieldTranslator::statusKey())) {
            const Result<QString> status
                = translator.statusOn(other, common.values.value(FieldTranslator::statusKey()));
            if (status)
                entry.action += QStringLiteral(", status %1").arg(nameIn(target, QStringLiteral("statuses"), *status));
            else
                entry.problems << status.error().message();
        }
        entry.problems.removeDuplicates();
        report->entries << entry;
    }
}

void describeMatches(const PairConfig &config, const PerSide<QList<QJsonObject>> &read, DryRunReport *report)
{
    const MatchRule &rule = config.match;
    for (DryRunEntry &entry : report->entries) {
        const Side own = entry.side;
        const auto issue = std::find_if(read[own].cbegin(), read[own].cend(), [&](const QJsonObject &i) {
            return i.value(QStringLiteral("key")).toString() == entry.key;
        });
        if (issue == read[own].cend())
            continue;
        const MatchRule::Lookup lookup
            = rule.lookupFor(entry.side, entry.key, matchValueOf(*issue, rule.fieldOn(entry.side)));
        if (lookup.field.isEmpty() || lookup.value.isEmpty())
            continue;
        const QString mapped = lookup.byKeyMap ? lookup.value : QString();
        QStringList matches;
        for (const QJsonObject &candidate : read[otherSide(own)]) {
            if (lookup.finds(matchValueOf(candidate, lookup.field)))
                matches << candidate.value(QStringLiteral("key")).toString();
        }
        QStringList twins;
        if (!lookup.byKeyMap) {
            for (const QJsonObject &sibling : read[own]) {
                const QString key = sibling.value(QStringLiteral("key")).toString();
                if (key != entry.key && matchValueOf(sibling, rule.fieldOn(entry.side)) == lookup.value)
                    twins << key;
            }
        }
        if (matches.size() == 1 && twins.isEmpty()) {
            entry.linked = true;
            entry.action = QStringLiteral("link to %1 (a match; side %2's content wins)")
                               .arg(matches.first(), sideLetter(rule.prefer));
        } else if (!mapped.isEmpty() && matches.isEmpty()) {
            entry.problems << QStringLiteral("the key map pairs it with %1, which is not in side %2's scope; the "
                                             "first sync looks for it in the project")
                                  .arg(mapped, sideLetter(otherSide(entry.side)));
        } else if (!matches.isEmpty()) {
            entry.blocked = true;
            entry.action = QStringLiteral("waits for an admin");
            entry.problems << QStringLiteral("it matches %1%2: pair them in the key map")
                                  .arg(matches.join(QStringLiteral(", ")),
                                       twins.isEmpty()
                                           ? QString()
                                           : QStringLiteral(", and so do %1").arg(twins.join(QStringLiteral(", "))));
        }
    }
}

void sortEntries(DryRunReport *report)
{
    std::sort(report->entries.begin(), report->entries.end(), [](const DryRunEntry &x, const DryRunEntry &y) {
        const auto order = [](const DryRunEntry &e) {
            return std::tuple(e.side, e.key.section(u'-', 0, -2), e.key.section(u'-', -1).toLongLong());
        };
        return order(x) < order(y);
    });
}

} // namespace ferry
