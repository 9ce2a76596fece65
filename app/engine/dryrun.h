#pragma once

#include "core/pairconfig.h"
#include "core/side.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace ferry {

class FieldTranslator;

/// What the first sync of a pair would do with one issue already in scope.
struct DryRunEntry {
    Side side = Side::A; ///< where the issue is
    QString key;
    QString summary;
    QString action; ///< "create on glx as Task, status To Do"
    QStringList problems; ///< what would not be carried, or why no partner would be made
    bool blocked = false; ///< no partner would be made
    bool linked = false; ///< the match rule links it to an issue of the other side instead
};

/// The whole dry run: every issue in scope on both sides, nothing written anywhere.
struct DryRunReport {
    int inScopeA = 0;
    int inScopeB = 0;
    QList<DryRunEntry> entries;
    QString error; ///< the dry run could not be done
    int blocked() const;
    int withProblems() const;
};

/// What the first sync does with the issues found on one side (read with their summary, type,
/// status and mapped fields): a partner for each on the other side, whose metadata is target.
void describeCreates(Side side, const QList<QJsonObject> &issues, const PairConfig &config,
                     const FieldTranslator &translator, const SiteMetadata &target, DryRunReport *report);
/// What the match rule makes of the issues in both scopes: linked instead of created, or
/// waiting for an admin, as the apply step would decide it (within the scopes read).
void describeMatches(const PairConfig &config, const PerSide<QList<QJsonObject>> &read, DryRunReport *report);
/// Side A's issues first, each side's in key order.
void sortEntries(DryRunReport *report);

} // namespace ferry
