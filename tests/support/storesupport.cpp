#include "storesupport.h"

#include "store/statestore.h"

#include <QSqlError>
#include <QSqlQuery>

namespace ferry::test {

qint64 addTestPair(StateStore &store, const QString &name)
{
    qint64 id = 0;
    const Result<void> added = store.transaction([&](QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("INSERT INTO pairs (name, created) VALUES (?, '2026-11-28T10:00:00Z')"));
        query.addBindValue(name);
        if (!query.exec())
            return Error(query.lastError().text());
        id = query.lastInsertId().toLongLong();
        return {};
    });
    if (!added)
        qWarning("could not add the test pair %s: %s", qPrintable(name), qPrintable(added.error().message()));
    return added ? id : 0;
}

bool StoreWithPair::create()
{
    dir = std::make_unique<QTemporaryDir>();
    return reopen() && (pair = addTestPair(*store, QStringLiteral("acme-glx"))) > 0;
}

bool StoreWithPair::reopen()
{
    store = std::make_unique<StateStore>(dir->path());
    const Result<void> opened = store->open();
    if (!opened)
        qWarning("could not open the test store: %s", qPrintable(opened.error().message()));
    return opened.ok();
}

void StoreWithPair::close()
{
    store.reset();
    dir.reset();
}

} // namespace ferry::test
