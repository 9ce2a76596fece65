#include "engine/usermap.h"

namespace ferry {

namespace {

QString lowered(const QJsonObject &user, const QString &key)
{
    return user.value(key).toString().trimmed().toLower();
}

/// A user known only by the id a side writes.
QJsonObject userWithId(const QString &id, bool cloud)
{
    return {{cloud ? QStringLiteral("accountId") : QStringLiteral("name"), id}};
}

} // namespace

UserMap::UserMap(const UserMapping &config, const QJsonArray &aUsers, bool aCloud, const QJsonArray &bUsers,
                 bool bCloud)
    : m_config(config)
{
    m_a.cloud = aCloud;
    m_b.cloud = bCloud;
    for (const QJsonValue &user : aUsers)
        m_a.byId.insert(idOf(user.toObject(), aCloud), user.toObject());
    for (const QJsonValue &user : bUsers)
        m_b.byId.insert(idOf(user.toObject(), bCloud), user.toObject());
    // Each rule's values indexed once: a match is then a lookup, not a scan of the directory
    // (and an address hashed once, not once per comparison).
    for (Directory *directory : {&m_a, &m_b}) {
        for (const QString &rule : m_config.match) {
            QHash<QString, QStringList> &byValue = directory->byRuleValue[rule];
            for (auto it = directory->byId.cbegin(); it != directory->byId.cend(); ++it) {
                if (const QString value = ruleValue(rule, it.value()); !value.isEmpty())
                    byValue[value] << it.key();
            }
        }
    }
}

UserMap::UserMap(const UserMapping &config, const SiteMetadata &a, const SiteMetadata &b)
    : UserMap(config, a.users, a.deployment == QStringLiteral("cloud"), b.users,
              b.deployment == QStringLiteral("cloud"))
{
}

QString UserMap::ruleValue(const QString &rule, const QJsonObject &user)
{
    // Addresses are compared by their hash: a site across a firewall shares only that.
    if (rule == QStringLiteral("email"))
        return emailHash(user);
    return lowered(user, rule == QStringLiteral("username") ? QStringLiteral("name") : rule);
}

QString UserMap::idOf(const QJsonObject &user, bool cloud)
{
    return user.value(cloud ? QStringLiteral("accountId") : QStringLiteral("name")).toString();
}

QString UserMap::describe(const QJsonObject &user)
{
    const QString name = user.value(QStringLiteral("displayName")).toString();
    const QString email = user.value(QStringLiteral("emailAddress")).toString();
    return email.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, email);
}

UserMap::Partner UserMap::match(const QJsonObject &user, const Directory &own, const Directory &other) const
{
    for (const QString &rule : m_config.match) {
        const QString wanted = ruleValue(rule, user);
        if (wanted.isEmpty())
            continue;
        // One user on each side: two people of one name on a side are told apart by nothing.
        const QStringList found = other.byRuleValue.value(rule).value(wanted);
        if (found.size() == 1 && own.byRuleValue.value(rule).value(wanted).size() <= 1)
            return {found.first(), rule};
    }
    return {};
}

UserMap::Partner UserMap::partnerOnA(const QJsonObject &bUser) const
{
    const QString bId = idOf(bUser, m_b.cloud);
    for (const ValueMapping &entry : m_config.table) {
        if (entry.b == bId && entry.direction != Direction::AToB)
            return {entry.a, QStringLiteral("table")};
    }
    return match(bUser, m_b, m_a);
}

UserMap::Partner UserMap::partnerOnB(const QString &aId) const
{
    for (const ValueMapping &entry : m_config.table) {
        if (entry.a == aId && entry.direction != Direction::BToA)
            return {entry.b, QStringLiteral("table")};
    }
    // A user the directory lacks is still matched by the id (accountId or user name) rules.
    return match(m_a.byId.value(aId, userWithId(aId, m_a.cloud)), m_a, m_b);
}

bool UserMap::isInactive(Side side, const QString &id) const
{
    return !directory(side).value(id).value(QStringLiteral("active")).toBool(true);
}

QString UserMap::standIn(Side side, QString *problem) const
{
    const QString fallback = side == Side::A ? m_config.fallbackA : m_config.fallbackB;
    if (fallback.isEmpty())
        return {};
    if (isInactive(side, fallback)) { // Jira would refuse them as assignee, and nobody reads their name
        *problem = QStringLiteral("users.fallback.%1 names %2, who is inactive on side %3; name an active user")
                       .arg(sideName(side), fallback, sideLetter(side));
        return {};
    }
    return fallback;
}

UserMap::Partner UserMap::partnerOf(Side side, const QString &id) const
{
    Partner found = side == Side::A ? partnerOnB(id) : partnerOnA(m_b.byId.value(id, userWithId(id, m_b.cloud)));
    if (!found.id.isEmpty())
        return found;
    QString ignored;
    if (const QString fallback = standIn(otherSide(side), &ignored); !fallback.isEmpty())
        return {fallback, QStringLiteral("fallback")};
    return {};
}

QString UserMap::standInFor(Side side, const QString &who, QString *problem) const
{
    QString inactive;
    if (const QString fallback = standIn(side, &inactive); !fallback.isEmpty())
        return fallback;
    *problem = !inactive.isEmpty()
        ? inactive
        : QStringLiteral("no user on side %1 matches %2; add them to users.table or name users.fallback.%3")
              .arg(sideLetter(side), who, sideName(side));
    return {};
}

QString UserMap::toA(const QJsonObject &bUser, QString *problem) const
{
    if (const Partner found = partnerOnA(bUser); !found.id.isEmpty())
        return found.id;
    return standInFor(Side::A, describe(bUser), problem);
}

QString UserMap::toB(const QString &aId, QString *problem) const
{
    if (const Partner found = partnerOnB(aId); !found.id.isEmpty())
        return found.id;
    const QJsonObject aUser = m_a.byId.value(aId);
    return standInFor(Side::B, aUser.isEmpty() ? aId : describe(aUser), problem);
}

QString UserMap::mentionToA(const QString &bId) const
{
    return partnerOnA(m_b.byId.value(bId, userWithId(bId, m_b.cloud))).id;
}

QString UserMap::mentionToB(const QString &aId) const
{
    return partnerOnB(aId).id;
}

QString UserMap::displayName(bool sideA, const QString &id) const
{
    return (sideA ? m_a : m_b).byId.value(id).value(QStringLiteral("displayName")).toString();
}

} // namespace ferry
