#include "jira/secrets.h"

#include "core/logcategories.h"
#include "core/secretredactor.h"

#include <QFile>
#include <QFileInfo>

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
        auto *job = new QKeychain::ReadPasswordJob(m_service, this);
        job->setKey(account);
        connect(job, &QKeychain::Job::finished, this, [this, job, user, done](QKeychain::Job *) {
            if (job->error() != QKeychain::NoError) {
                done(QString(), keychainProblem(*job));
                return;
            }
            remember(job->textData(), user);
            done(job->textData(), QString());
        });
        job->start();
        return;
    }
    }
}

void SecretStore::storeInKeychain(const QString &account, const QString &secret, WriteCallback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(account);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [job, done](QKeychain::Job *) {
        done(job->error() == QKeychain::NoError ? QString() : keychainProblem(*job));
    });
    job->start();
}

void SecretStore::removeFromKeychain(const QString &account, WriteCallback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this, [job, done](QKeychain::Job *) {
        const bool gone = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
        done(gone ? QString() : keychainProblem(*job));
    });
    job->start();
}

} // namespace ferry
