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

QString UserMap::match(const QJsonObject &user, const Directory &other) const
{
    for (const QString &rule : m_config.match) {
        const QString key = rule == QStringLiteral("email") ? QStringLiteral("emailAddress")
            : rule == QStringLiteral("username")            ? QStringLiteral("name")
                                                            : rule;
        // Addresses are compared by their hash: a site across a firewall shares only that.
        const auto valueOf
            = [&](const QJsonObject &u) { return rule == QStringLiteral("email") ? emailHash(u) : lowered(u, key); };
        const QString wanted = valueOf(user);
        if (wanted.isEmpty())
            continue;
        QStringList found;
        for (auto it = other.byId.begin(); it != other.byId.end(); ++it) {
            if (valueOf(it.value()) == wanted)
                found << it.key();
        }
        if (found.size() == 1)
            return found.first();
    }
    return {};
}

QString UserMap::partnerOnA(const QJsonObject &bUser) const
{
    const QString bId = idOf(bUser, m_b.cloud);
    for (const ValueMapping &entry : m_config.table) {
        if (entry.b == bId && entry.direction != Direction::AToB)
            return entry.a;
    }
    return match(bUser, m_a);
}

QString UserMap::partnerOnB(const QString &aId) const
{
    for (const ValueMapping &entry : m_config.table) {
        if (entry.a == aId && entry.direction != Direction::BToA)
            return entry.b;
    }
    // A user the directory lacks is still matched by the id (accountId or user name) rules.
    return match(m_a.byId.value(aId, userWithId(aId, m_a.cloud)), m_b);
}

QString UserMap::toA(const QJsonObject &bUser, QString *problem) const
{
    if (const QString found = partnerOnA(bUser); !found.isEmpty())
        return found;
    if (!m_config.fallbackA.isEmpty())
        return m_config.fallbackA;
    *problem = QStringLiteral("no user on side A matches %1; add them to users.table or name users.fallback.a")
                   .arg(describe(bUser));
    return {};
}

QString UserMap::toB(const QString &aId, QString *problem) const
{
    if (const QString found = partnerOnB(aId); !found.isEmpty())
        return found;
    if (!m_config.fallbackB.isEmpty())
        return m_config.fallbackB;
    const QJsonObject aUser = m_a.byId.value(aId);
    *problem = QStringLiteral("no user on side B matches %1; add them to users.table or name users.fallback.b")
                   .arg(aUser.isEmpty() ? aId : describe(aUser));
    return {};
}

QString UserMap::mentionToA(const QString &bId) const
{
    return partnerOnA(m_b.byId.value(bId, userWithId(bId, m_b.cloud)));
}

QString UserMap::mentionToB(const QString &aId) const
{
    return partnerOnB(aId);
}

QString UserMap::displayName(bool sideA, const QString &id) const
{
    return (sideA ? m_a : m_b).byId.value(id).value(QStringLiteral("displayName")).toString();
}

} // namespace ferry
