#pragma once

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "core/result.h"
#include "core/side.h"

#include <optional>

namespace ferry {

class StateStore;

/// A pair's parked issues: an issue whose change the other side could not apply waits, with
/// the error, for a retry whose delay doubles with each failure (30 s, 1 min, 2 min, … at most
/// an hour), while the pair's other issues go on. An issue is named by the side it changed on
/// and its id there.
class IssueErrors {
public:
    struct Parked {
        Side side = Side::A;
        QString issueId;
        QString issueKey;
        QString error;
        int attempts = 0;
        QDateTime firstFailed; ///< UTC
        QDateTime nextAttempt; ///< UTC
    };

    IssueErrors(StateStore &store, qint64 pairId);

    /// Records a failure: the issue is parked until the next attempt is due.
    Result<void> park(Side side, const QString &issueId, const QString &issueKey, const QString &why);
    /// The issue synced: it is parked no more.
    Result<void> clear(QSqlDatabase &db, Side side, const QString &issueId);
    /// Every parked issue whose retry is not due at now.
    Result<QList<Parked>> waiting(const QDateTime &now);
    Result<QList<Parked>> all();
    /// Makes every parked issue due now ("retry now").
    Result<void> retryNow();

    /// The delay before the attempt after the given number of failures.
    static qint64 backoffMs(int attempts);

private:
    Result<QList<Parked>> select(const QString &condition, const QVariantList &values);

    StateStore &m_store;
    qint64 m_pairId;
};

} // namespace ferry
