#include "engine/userstable.h"

#include <algorithm>
#include <tuple>

namespace ferry {

QString UserRow::describe() const
{
    QString text = displayName.isEmpty() ? id : QStringLiteral("%1 (%2)").arg(displayName, id);
    if (!active)
        text += QStringLiteral(" [inactive]");
    return text;
}

QList<UserRow> userRows(const UserMap &users)
{
    QList<UserRow> rows;
    for (Side side : bothSides) {
        const QHash<QString, QJsonObject> &directory = users.directory(side);
        for (auto it = directory.cbegin(); it != directory.cend(); ++it) {
            UserRow row{side,
                        it.key(),
                        it->value(QStringLiteral("displayName")).toString(),
                        it->value(QStringLiteral("emailAddress")).toString(),
                        !users.isInactive(side, it.key()),
                        users.partnerOf(side, it.key()),
                        {}};
            row.partnerName = users.displayName(side == Side::B, row.partner.id);
            rows << row;
        }
    }
    // Unmatched first, then by side and name: what an admin has to act on leads.
    std::sort(rows.begin(), rows.end(), [](const UserRow &x, const UserRow &y) {
        return std::tuple(!x.partner.id.isEmpty(), x.side, x.displayName.toLower(), x.id)
            < std::tuple(!y.partner.id.isEmpty(), y.side, y.displayName.toLower(), y.id);
    });
    return rows;
}

QByteArray usersTableCsv(const QList<UserRow> &rows, const PairConfig &config)
{
    QString csv
        = QStringLiteral("# Users table of pair %1: a user of side A (%2), then their partner on side B (%3).\n"
                         "# Lines starting with # are comments; ferry-cli pair users %1 --import FILE reads it.\n")
              .arg(config.name, config.a.site, config.b.site);
    for (const UserRow &row : rows) {
        if (row.side != Side::A)
            continue;
        if (row.partner.id.isEmpty() || row.partner.how == QStringLiteral("fallback")) {
            csv += QStringLiteral("# %1 has no partner on side B:\n# %2,\n").arg(row.describe(), row.id);
            continue;
        }
        csv += QStringLiteral("# %1 = %2 (by %3)\n%4,%5\n")
                   .arg(row.describe(), row.partnerName.isEmpty() ? row.partner.id : row.partnerName, row.partner.how,
                        row.id, row.partner.id);
    }
    return csv.toUtf8();
}

QList<ValueMapping> readUsersTable(const QString &csv, const UserMap &users, QStringList *problems)
{
    QList<ValueMapping> table;
    const QStringList lines = csv.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QStringList ids = line.split(u',');
        const QString a = ids.value(0).trimmed();
        const QString b = ids.value(1).trimmed();
        if (ids.size() != 2 || a.isEmpty() || b.isEmpty()) {
            *problems << QStringLiteral("line %1: '%2' is not A-ID,B-ID").arg(i + 1).arg(line);
            continue;
        }
        QStringList unknown;
        if (!users.directory(Side::A).contains(a))
            unknown << QStringLiteral("side A lists no user %1").arg(a);
        if (!users.directory(Side::B).contains(b))
            unknown << QStringLiteral("side B lists no user %1").arg(b);
        if (!unknown.isEmpty()) {
            *problems << QStringLiteral("line %1: %2").arg(i + 1).arg(unknown.join(QStringLiteral("; ")));
            continue;
        }
        if (std::any_of(table.cbegin(), table.cend(), [&](const ValueMapping &m) { return m.a == a || m.b == b; })) {
            *problems << QStringLiteral("line %1: %2 or %3 is paired on an earlier line").arg(i + 1).arg(a, b);
            continue;
        }
        table << ValueMapping{a,     b, users.displayName(true, a), users.displayName(false, b), Direction::Both,
                              false, {}};
    }
    return table;
}

} // namespace ferry
