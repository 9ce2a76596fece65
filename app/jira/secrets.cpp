#include "jira/secrets.h"

#include "core/logcategories.h"
#include "core/secretredactor.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QThread>

#include <qt6keychain/keychain.h>

namespace ferry {

namespace {

QString keychainProblem(const QKeychain::Job &job)
{
    switch (job.error()) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::OtherError:
        return QStringLiteral("No usable keychain: %1. Start a desktop session with a keyring (for example "
                              "gnome-keyring or KWallet), or give the secret as env:NAME or file:PATH.")
            .arg(job.errorString());
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return QStringLiteral("The keychain refused access: %1. Unlock it and try again.").arg(job.errorString());
    case QKeychain::EntryNotFound:
        return QStringLiteral("The keychain has no secret for this site. Store it again with ferry-cli site add.");
    default:
        return job.errorString();
    }
}

} // namespace

bool SecretRef::parse(const QString &text, SecretRef *ref, QString *error)
{
    if (text == QStringLiteral("keychain")) {
        *ref = {Kind::Keychain, QString()};
        return true;
    }
    if (text.startsWith(QStringLiteral("env:")) && text.size() > 4) {
        *ref = {Kind::Environment, text.mid(4)};
        return true;
    }
    if (text.startsWith(QStringLiteral("file:")) && text.size() > 5) {
        *ref = {Kind::File, text.mid(5)};
        return true;
    }
    *error = QStringLiteral("'%1' is not a secret reference: use keychain, env:NAME or file:PATH.").arg(text);
    return false;
}

QString SecretRef::toString() const
{
    switch (kind) {
    case Kind::Keychain:
        return QStringLiteral("keychain");
    case Kind::Environment:
        return QStringLiteral("env:") + value;
    case Kind::File:
        return QStringLiteral("file:") + value;
    }
    return QString();
}

SecretStore::SecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
}

void SecretStore::remember(const QString &secret, const QString &user) const
{
    if (m_redactor)
        m_redactor->addSecret(secret, user);
}

void SecretStore::read(const SecretRef &ref, const QString &account, const QString &user, ReadCallback done)
{
    switch (ref.kind) {
    case SecretRef::Kind::Environment: {
        const QString secret = qEnvironmentVariable(ref.value.toLocal8Bit().constData());
        if (secret.isEmpty()) {
            done(QString(), QStringLiteral("The environment variable %1 is not set or empty.").arg(ref.value));
            return;
        }
        remember(secret, user);
        done(secret, QString());
        return;
    }
    case SecretRef::Kind::File: {
        QFile file(ref.value);
        if (!file.open(QIODevice::ReadOnly)) {
            done(QString(), QStringLiteral("Cannot read the secret file %1: %2.").arg(ref.value, file.errorString()));
            return;
        }
        const QString secret = QString::fromUtf8(file.readLine()).trimmed();
        if (secret.isEmpty()) {
            done(QString(), QStringLiteral("The secret file %1 is empty.").arg(ref.value));
            return;
        }
        if (QFileInfo(file).permissions() & (QFile::ReadGroup | QFile::ReadOther))
            qCWarning(lcJira).noquote() << "The secret file" << ref.value
                                        << "is readable by others; restrict it to its owner (chmod 600).";
        remember(secret, user);
        done(secret, QString());
        return;
    }
    case SecretRef::Kind::Keychain: {
        const QString service = m_service;
        runJob(
            [service, account] {
                auto *job = new QKeychain::ReadPasswordJob(service);
                job->setKey(account);
                return job;
            },
            [this, user, done](const KeychainOutcome &outcome) {
                if (outcome.error != QKeychain::NoError)
                    return done(QString(), outcome.problem);
                remember(outcome.text, user);
                done(outcome.text, QString());
            });
        return;
    }
    }
}

void SecretStore::storeInKeychain(const QString &account, const QString &secret, WriteCallback done)
{
    const QString service = m_service;
    runJob(
        [service, account, secret] {
            auto *job = new QKeychain::WritePasswordJob(service);
            job->setKey(account);
            job->setTextData(secret);
            return job;
        },
        [done](const KeychainOutcome &outcome) {
            done(outcome.error == QKeychain::NoError ? QString() : outcome.problem);
        });
}

void SecretStore::removeFromKeychain(const QString &account, WriteCallback done)
{
    const QString service = m_service;
    runJob(
        [service, account] {
            auto *job = new QKeychain::DeletePasswordJob(service);
            job->setKey(account);
            return job;
        },
        [done](const KeychainOutcome &outcome) {
            const bool gone = outcome.error == QKeychain::NoError || outcome.error == QKeychain::EntryNotFound;
            done(gone ? QString() : outcome.problem);
        });
}

void SecretStore::runJob(const std::function<QKeychain::Job *()> &make,
                         const std::function<void(const KeychainOutcome &)> &done)
{
    // QtKeychain's Secret Service backend finishes its calls on the main GLib context: a job made
    // on a worker thread would be answered on the wrong thread and crash. So every job runs on
    // the application's thread, and its outcome comes back on this store's.
    const QPointer<SecretStore> self(this);
    const auto start = [self, make, done] {
        QKeychain::Job *job = make();
        QObject::connect(job, &QKeychain::Job::finished, job, [self, done](QKeychain::Job *finished) {
            const auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(finished);
            const KeychainOutcome outcome{finished->error(), keychainProblem(*finished),
                                          read ? read->textData() : QString()};
            if (self)
                QMetaObject::invokeMethod(self, [done, outcome] { done(outcome); });
        });
        job->start();
    };
    QCoreApplication *application = QCoreApplication::instance();
    if (!application || application->thread() == QThread::currentThread())
        start();
    else
        QMetaObject::invokeMethod(application, start, Qt::QueuedConnection);
}

} // namespace ferry
