#pragma once

#include "core/pairconfig.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace ferry {

/// Who is who on the two sides of a pair. A user is known on each side by the id that side
/// writes: the accountId on Cloud, the user name on Data Center. The pair's users table comes
/// first; then the match rules in order (email, accountId, username, displayName), each an exact,
/// case-insensitive comparison that must single out one user (Cloud shows few e-mail addresses,
/// so a rule finds nothing where an address is hidden); a user with no partner becomes the side's
/// fallback user, when the pair names an active one.
///
/// The directories are what each site listed when the pair connected; a user that appears later
/// is still matched by what its issue shows of it (e-mail, name).
class UserMap {
public:
    UserMap(const UserMapping &config, const QJsonArray &aUsers, bool aCloud, const QJsonArray &bUsers, bool bCloud);
    /// The same from what each site's metadata lists.
    UserMap(const UserMapping &config, const SiteMetadata &a, const SiteMetadata &b);

    /// The id a side writes for a user object as that side answers it.
    static QString idOf(const QJsonObject &user, bool cloud);

    /// Side A's id for a user of side B; empty with a reason when there is none.
    QString toA(const QJsonObject &bUser, QString *problem) const;
    /// Side B's id for a user of side A, known by its side A id.
    QString toB(const QString &aId, QString *problem) const;

    /// A user named in rich text (a mention), by the id its side writes, → the partner's id on
    /// the other side, by the users table and the match rules only: a mention of a stand-in
    /// would name the wrong person. Empty when the user has no partner.
    QString mentionToA(const QString &bId) const;
    QString mentionToB(const QString &aId) const;
    /// A user's display name on a side; empty when the side's directory lacks them.
    QString displayName(bool sideA, const QString &id) const;

    /// Who a user of one side is on the other, and why: what ferry-cli pair users lists.
    struct Partner {
        QString id; ///< empty: no partner
        QString how; ///< "table", the match rule that found them ("email", "displayName", …),
                     ///< "fallback" (the stand-in); empty: none
    };
    Partner partnerOf(Side side, const QString &id) const;
    /// The users a side's directory lists, by the id that side writes.
    const QHash<QString, QJsonObject> &directory(Side side) const { return side == Side::A ? m_a.byId : m_b.byId; }
    /// Whether a side's directory says the user is inactive (former staff): such a user keeps
    /// their partner but never stands in for anyone.
    bool isInactive(Side side, const QString &id) const;

private:
    struct Directory {
        bool cloud = false;
        QHash<QString, QJsonObject> byId;
        QHash<QString, QHash<QString, QStringList>> byRuleValue; ///< match rule → its value → ids
    };
    /// A user's value for a match rule, as compared: lower case, an address by its hash.
    static QString ruleValue(const QString &rule, const QJsonObject &user);
    /// The partner of user (of the side whose directory is own) on the other side, by the match
    /// rules; empty when a rule's value names no user or several on either side.
    Partner match(const QJsonObject &user, const Directory &own, const Directory &other) const;
    /// The partner on side A of a user of side B (then of A on B), by the table and the match rules.
    Partner partnerOnA(const QJsonObject &bUser) const;
    Partner partnerOnB(const QString &aId) const;
    /// The fallback of a side when it names an active user; empty with a reason otherwise.
    QString standIn(Side side, QString *problem) const;
    /// The stand-in on a side for who (described), who has no partner there; empty with what to
    /// do in problem when there is none.
    QString standInFor(Side side, const QString &who, QString *problem) const;
    static QString describe(const QJsonObject &user);

    UserMapping m_config;
    Directory m_a;
    Directory m_b;
};

} // namespace ferry
