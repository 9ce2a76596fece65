#include "storesupport.h"

#include "store/statestore.h"

#include <QSqlError>
#include <QSqlQuery>

namespace ferry::test {

qint64 addTestPair(StateStore &store, const QString &name)
{
    qint64 id = 0;
    QString error;
    const bool ok = store.transaction(
        [&](QSqlDatabase &db, QString *problem) {
            QSqlQuery query(db);
            query.prepare(QStringLiteral("INSERT INTO pairs (name, created) VALUES (?, '2026-11-28T10:00:00Z')"));
            query.addBindValue(name);
            if (!query.exec()) {
                *problem = query.lastError().text();
                return false;
            }
            id = query.lastInsertId().toLongLong();
            return true;
        },
        &error);
    if (!ok)
        qWarning("could not add the test pair %s: %s", qPrintable(name), qPrintable(error));
    return ok ? id : 0;
}

} // namespace ferry::test
