#include "engine/pairstatus.h"

#include "store/channel.h"
#include "store/conflictrepository.h"
#include "store/exchangerepository.h"
#include "store/journal.h"
#include "store/linkrepository.h"
#include "store/mailaccounts.h"
#include "store/statestore.h"
#include "transport/bundlekeys.h"
#include "transport/mailexchange.h"

#include <QDir>

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace ferry {

Result<QList<PairRepository::Summary>> listPairs(const QString &stateDirectory)
{
    StateStore store(stateDirectory);
    if (auto opened = store.open(); !opened)
        return opened.error();
    return PairRepository(store).list();
}

Result<QList<OpenConflict>> openConflicts(StateStore &store, qint64 pairId)
{
    const auto open = ConflictRepository(store, pairId).open();
    if (!open)
        return open.error();
    LinkRepository links(store, pairId);
    QList<OpenConflict> out;
    for (const ConflictRepository::Conflict &conflict : *open) {
        const Result<std::optional<LinkRepository::Link>> link = links.find(Side::A, conflict.aId);
        if (!link)
            return link.error();
        out << OpenConflict{conflict, *link ? (*link)->aKey : conflict.aId, *link ? (*link)->bKey : QString()};
    }
    return out;
}

QString valueAsLine(const QJsonValue &value, int maxLength)
{
    QString text = value.isString() ? value.toString()
        : value.isNull() || value.isUndefined()
        ? QStringLiteral("(empty)")
        : QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    text.replace(u'\n', u' ');
    return text.size() > maxLength ? text.left(maxLength - 3) + QStringLiteral("...") : text;
}

namespace {

/// Takes a read's value into what the status shows, or keeps its error.
template <typename T, typename U> bool take(Result<T> read, U *into, std::optional<Error> *failed)
{
    if (!read) {
        *failed = read.error();
        return false;
    }
    *into = std::move(*read);
    return true;
}

} // namespace

QString PairStatus::QuotaPause::notice() const
{
    // To the second only when it is that close.
    const bool soon = QDateTime::currentDateTimeUtc().secsTo(until) < 60;
    return QStringLiteral("Jira Cloud's hourly quota is spent on site %1 (side %2): every request to it waits; "
                          "resuming at %3")
        .arg(site, sideLetter(side),
             until.toLocalTime().toString(soon ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm")));
}

QString quotaPauseKind()
{
    return QStringLiteral("quota-spent");
}

Result<PairStatus> PairStatus::read(StateStore &store, qint64 pairId)
{
    PairStatus status;
    LinkRepository links(store, pairId);
    Channel channel(store, pairId);
    Journal journal(store, pairId);
    Journal::Entry last;
    std::optional<Error> failed;
    const bool read = take(links.count(), &status.linkedIssues, &failed)
        && take(channel.pendingCount(Side::A), &status.pendingFromA, &failed)
        && take(channel.pendingCount(Side::B), &status.pendingFromB, &failed)
        && take(ferry::openConflicts(store, pairId), &status.conflicts, &failed)
        && take(IssueErrors(store, pairId).all(), &status.parked, &failed)
        && take(links.checkpoint(Side::A), &status.checkpointA, &failed)
        && take(links.checkpoint(Side::B), &status.checkpointB, &failed)
        && take(journal.last(QStringLiteral("round")), &last, &failed)
        && take(journal.sum(QStringLiteral("round"), QStringLiteral("requests.a")), &status.requestsA, &failed)
        && take(journal.sum(QStringLiteral("round"), QStringLiteral("requests.b")), &status.requestsB, &failed)
        && take(links.setAside(), &status.setAside, &failed);
    if (!read)
        return *failed;
    Journal::Entry quota;
    if (!take(journal.last(quotaPauseKind()), &quota, &failed))
        return *failed;
    if (const QDateTime until
        = QDateTime::fromString(quota.detail.value(QStringLiteral("until")).toString(), Qt::ISODate);
        quota.side && until > QDateTime::currentDateTimeUtc())
        status.quotaPause = QuotaPause{*quota.side, quota.detail.value(QStringLiteral("site")).toString(), until};
    status.openConflicts = int(status.conflicts.size());
    status.lastRound = last.time;
    status.lastRoundDetail = last.detail;
    const Result<std::optional<ExchangeRepository::Exchange>> stored = ExchangeRepository(store).byPair(pairId);
    if (!stored)
        return stored.error();
    if (!*stored)
        return status;
    const ExchangeRepository::Exchange *exchange = &**stored;
    const auto sequences = channel.sequences(exchange->side);
    if (!sequences)
        return sequences.error();
    const auto toApply = channel.unappliedCount(exchange->side);
    if (!toApply)
        return toApply.error();
    status.bundles = Bundles{exchange->side,
                             exchange->role,
                             exchange->isConnected(),
                             sequences->last,
                             sequences->acknowledged,
                             exchange->receivedSeq,
                             *toApply,
                             exchange->sentBundle,
                             exchange->importedBundle,
                             BundlePublicKeys::fingerprintOf(exchange->partnerKeys),
                             exchange->outgoing,
                             exchange->incoming,
                             exchange->interval,
                             exchange->proposalState,
                             exchange->proposal.value(QStringLiteral("version")).toInt(),
                             {},
                             {},
                             0,
                             0};
    const Result<std::optional<MailAccounts::Account>> mail = MailAccounts(store).byName(exchange->name);
    if (!mail)
        return mail.error();
    QString unreadable; // settings that do not read leave the mailbox out of the status
    if (const std::optional<MailSettings> settings
        = *mail ? MailSettings::fromJson((*mail)->settings, &unreadable) : std::nullopt) {
        status.bundles->mailTo = settings->to;
        status.bundles->mailbox
            = QStringLiteral("%1 of %2 at %3").arg(settings->folder, settings->imap.user, settings->imap.address());
        status.bundles->mailInterval = settings->interval;
        status.bundles->waitingToSend = int(QDir(MailExchange::outboxOf(store.directory(), exchange->name))
                                                .entryList({QStringLiteral("*.ferry")}, QDir::Files)
                                                .size());
    }
    // The other side's changes wait here to be applied, not in an outbox of this console.
    (exchange->side == Side::A ? status.pendingFromB : status.pendingFromA) = *toApply;
    return status;
}

int PairStatus::partnersMissing() const
{
    return int(std::count_if(setAside.cbegin(), setAside.cend(),
                             [](const LinkRepository::Link &link) { return missingSide(link.state).has_value(); }));
}

QJsonObject PairStatus::toJson() const
{
    QJsonArray setAsideLinks;
    for (const LinkRepository::Link &link : setAside)
        setAsideLinks << QJsonObject{{QStringLiteral("a"), link.aKey},
                                     {QStringLiteral("b"), link.bKey},
                                     {QStringLiteral("state"), linkStateName(link.state)}};
    QJsonArray parkedIssues;
    for (const IssueErrors::Parked &issue : parked)
        parkedIssues << QJsonObject{{QStringLiteral("side"), sideName(issue.side)},
                                    {QStringLiteral("issue"), issue.issueKey},
                                    {QStringLiteral("error"), issue.error},
                                    {QStringLiteral("attempts"), issue.attempts},
                                    {QStringLiteral("firstFailed"), issue.firstFailed.toString(Qt::ISODate)},
                                    {QStringLiteral("nextAttempt"), issue.nextAttempt.toString(Qt::ISODate)}};
    return {
        {QStringLiteral("inStep"), inStep()},
        {QStringLiteral("linkedIssues"), linkedIssues},
        {QStringLiteral("pending"),
         QJsonObject{{QStringLiteral("a"), pendingFromA}, {QStringLiteral("b"), pendingFromB}}},
        {QStringLiteral("openConflicts"), openConflicts},
        {QStringLiteral("parked"), parkedIssues},
        {QStringLiteral("setAside"), setAsideLinks},
        {QStringLiteral("checkpoints"),
         QJsonObject{{QStringLiteral("a"), checkpointA}, {QStringLiteral("b"), checkpointB}}},
        {QStringLiteral("lastRound"), lastRound.isValid() ? QJsonValue(lastRound.toString(Qt::ISODate)) : QJsonValue()},
        {QStringLiteral("lastRoundDetail"), lastRoundDetail},
        {QStringLiteral("requests"), QJsonObject{{QStringLiteral("a"), requestsA}, {QStringLiteral("b"), requestsB}}},
        {QStringLiteral("quotaPause"),
         quotaPause ? QJsonValue(QJsonObject{{QStringLiteral("side"), sideName(quotaPause->side)},
                                             {QStringLiteral("site"), quotaPause->site},
                                             {QStringLiteral("until"), quotaPause->until.toString(Qt::ISODate)}})
                    : QJsonValue()},
        {QStringLiteral("bundles"),
         bundles ? QJsonValue(QJsonObject{{QStringLiteral("side"), sideName(bundles->side)},
                                          {QStringLiteral("role"), bundles->role},
                                          {QStringLiteral("connected"), bundles->connected},
                                          {QStringLiteral("sentSeq"), bundles->sentSeq},
                                          {QStringLiteral("confirmedSeq"), bundles->confirmedSeq},
                                          {QStringLiteral("receivedSeq"), bundles->receivedSeq},
                                          {QStringLiteral("toApply"), bundles->toApply},
                                          {QStringLiteral("sentBundle"), bundles->sentBundle},
                                          {QStringLiteral("importedBundle"), bundles->importedBundle},
                                          {QStringLiteral("partnerFingerprint"), bundles->partnerFingerprint},
                                          {QStringLiteral("outgoing"), bundles->outgoing},
                                          {QStringLiteral("incoming"), bundles->incoming},
                                          {QStringLiteral("interval"), bundles->interval},
                                          {QStringLiteral("mailTo"), bundles->mailTo},
                                          {QStringLiteral("mailbox"), bundles->mailbox},
                                          {QStringLiteral("waitingToSend"), bundles->waitingToSend},
                                          {QStringLiteral("configuration"),
                                           QJsonObject{{QStringLiteral("state"), bundles->proposalState},
                                                       {QStringLiteral("version"), bundles->proposalVersion}}}})
                 : QJsonValue()}};
}

} // namespace ferry
