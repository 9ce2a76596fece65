#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

#include "core/result.h"

namespace ferry {

class StateStore;

/// The mail settings of the pairs in e-mail mode, by pair name (they exist before the pair does:
/// the handshake itself travels by mail), and how far each one's mailbox has been read.
class MailAccounts {
public:
    struct Account {
        QString name;
        QJsonObject settings; ///< MailSettings as JSON
        qint64 uidValidity = 0; ///< of the folder read; when the server changes it, UIDs start anew
        qint64 lastUid = 0; ///< every message up to this UID has been looked at
    };

    explicit MailAccounts(StateStore &store);

    /// Records new settings; how far the mailbox was read stays.
    Result<void> save(const QString &name, const QJsonObject &settings);
    /// Empty when there is none by that name.
    Result<std::optional<Account>> byName(const QString &name);
    Result<QList<Account>> all();
    Result<void> setSeen(const QString &name, qint64 uidValidity, qint64 lastUid);
    Result<void> remove(const QString &name);

private:
    StateStore &m_store;
};

} // namespace ferry
