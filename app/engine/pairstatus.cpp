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

std::optional<QList<PairRepository::Summary>> listPairs(const QString &stateDirectory, QString *error)
{
    StateStore store(stateDirectory);
    if (!store.open(error))
        return std::nullopt;
    return PairRepository(store).list(error);
}

std::optional<QList<OpenConflict>> openConflicts(StateStore &store, qint64 pairId, QString *error)
{
    const auto open = ConflictRepository(store, pairId).open(error);
    if (!open)
        return std::nullopt;
    LinkRepository links(store, pairId);
    QList<OpenConflict> out;
    for (const ConflictRepository::Conflict &conflict : *open) {
        std::optional<LinkRepository::Link> link;
        if (!links.find(Side::A, conflict.aId, &link, error))
            return std::nullopt;
        out << OpenConflict{conflict, link ? link->aKey : conflict.aId, link ? link->bKey : QString()};
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

std::optional<PairStatus> PairStatus::read(StateStore &store, qint64 pairId, QString *error)
{
    PairStatus status;
    LinkRepository links(store, pairId);
    Channel channel(store, pairId);
    Journal journal(store, pairId);
    const auto linked = links.count(error);
    const auto fromA = linked ? channel.pendingCount(Side::A, error) : std::nullopt;
    const auto fromB = fromA ? channel.pendingCount(Side::B, error) : std::nullopt;
    const auto conflicts = fromB ? ferry::openConflicts(store, pairId, error) : std::nullopt;
    const auto parked = conflicts ? IssueErrors(store, pairId).all(error) : std::nullopt;
    const auto checkpointA = parked ? links.checkpoint(Side::A, error) : std::nullopt;
    const auto checkpointB = checkpointA ? links.checkpoint(Side::B, error) : std::nullopt;
    const auto last = checkpointB ? journal.last(QStringLiteral("round"), error) : std::nullopt;
    const auto requestsA
        = last ? journal.sum(QStringLiteral("round"), QStringLiteral("requests.a"), error) : std::nullopt;
    const auto requestsB
        = requestsA ? journal.sum(QStringLiteral("round"), QStringLiteral("requests.b"), error) : std::nullopt;
    const auto setAside = requestsB ? links.setAside(error) : std::nullopt;
    if (!setAside)
        return std::nullopt;
    status.setAside = *setAside;
    status.linkedIssues = *linked;
    status.pendingFromA = *fromA;
    status.pendingFromB = *fromB;
    status.openConflicts = int(conflicts->size());
    status.conflicts = *conflicts;
    status.parked = *parked;
    status.checkpointA = *checkpointA;
    status.checkpointB = *checkpointB;
    status.lastRound = last->time;
    status.lastRoundDetail = last->detail;
    status.requestsA = *requestsA;
    status.requestsB = *requestsB;
    const std::optional<ExchangeRepository::Exchange> exchange = ExchangeRepository(store).byPair(pairId, error);
    if (!error->isEmpty())
        return std::nullopt;
    if (!exchange)
        return status;
    const auto sequences = channel.sequences(exchange->side, error);
    const auto toApply = sequences ? channel.unappliedCount(exchange->side, error) : std::nullopt;
    if (!toApply)
        return std::nullopt;
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
    const std::optional<MailAccounts::Account> mail = MailAccounts(store).byName(exchange->name, error);
    if (!error->isEmpty())
        return std::nullopt;
    if (const std::optional<MailSettings> settings
        = mail ? MailSettings::fromJson(mail->settings, error) : std::nullopt) {
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
