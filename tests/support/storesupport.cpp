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

bool StoreWithPair::create()
{
    dir = std::make_unique<QTemporaryDir>();
    return reopen() && (pair = addTestPair(*store, QStringLiteral("acme-glx"))) > 0;
}

bool StoreWithPair::reopen()
{
    store = std::make_unique<StateStore>(dir->path());
    QString error;
    if (store->open(&error))
        return true;
    qWarning("could not open the test store: %s", qPrintable(error));
    return false;
}

void StoreWithPair::close()
{
    store.reset();
    dir.reset();
}

} // namespace ferry::test
