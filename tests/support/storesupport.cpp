#include "storesupport.h"

#include "store/statestore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace ferry::test {

QList<double> appliedLatencies(const QString &stateDirectory, const QString &marker)
{
    StateStore store(stateDirectory);
    QList<double> out;
    if (!store.open())
        return out;
    QSqlQuery query(store.database());
    query.prepare(QStringLiteral("SELECT o.op, i.applied FROM outbox o JOIN inbox i ON i.op_id = o.op_id "
                                 "WHERE i.applied IS NOT NULL AND json_extract(o.op, '$.field') = 'summary' "
                                 "AND instr(json_extract(o.op, '$.value'), ?) > 0"));
    query.addBindValue(marker);
    query.exec();
    while (query.next()) {
        const qint64 changed = QJsonDocument::fromJson(query.value(0).toByteArray())
                                   .object()
                                   .value(QStringLiteral("changedAtMs"))
                                   .toInteger();
        const qint64 applied = QDateTime::fromString(query.value(1).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
        out << double(applied - changed);
    }
    std::sort(out.begin(), out.end());
    return out;
}

double percentile(const QList<double> &sorted, double p)
{
    return sorted.isEmpty() ? 0 : sorted.at(std::min<qsizetype>(sorted.size() - 1, qsizetype(p * sorted.size())));
}

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
