#pragma once

#include "core/pairconfig.h"
#include "engine/usermap.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace ferry {

/// One user a side's directory lists, with their partner on the other side: what ferry-cli
/// pair users and the console's Users page show.
struct UserRow {
    Side side = Side::A;
    QString id;
    QString displayName;
    QString email; ///< where the site shows it
    bool active = true;
    UserMap::Partner partner;
    QString partnerName;

    /// "Alice Smith (alice)", " [inactive]" added for former staff.
    QString describe() const;
};

/// Every user of both directories, those without a partner first, then by side and name.
QList<UserRow> userRows(const UserMap &users);

/// The users table as CSV: each user of side A with a partner (not a stand-in) on a line
/// ("A-ID,B-ID"), its names in a comment above; side A's users without one as comments to fill in.
QByteArray usersTableCsv(const QList<UserRow> &rows, const PairConfig &config);

/// Reads a users table written as usersTableCsv() writes it (comments and blank lines skipped);
/// every line that is not two ids, or names a user a directory does not list, or a user paired
/// on an earlier line, is a problem naming its line.
QList<ValueMapping> readUsersTable(const QString &csv, const UserMap &users, QStringList *problems);

} // namespace ferry
