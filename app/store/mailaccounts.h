#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

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
    bool save(const QString &name, const QJsonObject &settings, QString *error);
    /// nullopt with error empty when there is none by that name.
    std::optional<Account> byName(const QString &name, QString *error);
    std::optional<QList<Account>> all(QString *error);
    bool setSeen(const QString &name, qint64 uidValidity, qint64 lastUid, QString *error);
    bool remove(const QString &name, QString *error);

private:
    StateStore &m_store;
};

} // namespace ferry
