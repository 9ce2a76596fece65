#include "transport/handshake.h"

#include "core/names.h"

#include "store/pairrepository.h"
#include "store/statestore.h"
#include "transport/bundle.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

#include <sodium.h>

namespace ferry::handshake {

namespace {

QJsonObject sideToJson(const PairSide &side)
{
    return {{QStringLiteral("site"), side.site},
            {QStringLiteral("project"), side.project},
            {QStringLiteral("scope"), side.scope}};
}

PairSide sideFromJson(const QJsonObject &json)
{
    return {json.value(QStringLiteral("site")).toString(), json.value(QStringLiteral("project")).toString(),
            json.value(QStringLiteral("scope")).toString()};
}

/// Reads the one JSON entry of a handshake or answer, whole, after the reader checked it.
Result<QJsonObject> payloadOf(BundleReader &reader, const QString &name)
{
    QJsonObject payload;
    for (;;) {
        const Result<std::optional<BundleEntry>> entry = reader.next();
        if (!entry)
            return entry.error();
        if (!*entry)
            break;
        if ((*entry)->type == BundleEntry::Type::Json && (*entry)->name == name)
            payload = QJsonDocument::fromJson((*entry)->data).object();
    }
    if (payload.isEmpty())
        return Error(QStringLiteral("it carries no %1").arg(name));
    return payload;
}

BundleHeader headerFor(const QString &kind, const QString &pair, Side side)
{
    BundleHeader header;
    header.kind = kind;
    header.pair = pair;
    header.sender = side;
    header.number = 0;
    header.firstSeq = 1;
    header.lastSeq = 0;
    return header;
}

Result<void> writeOne(BundleWriter &writer, const QString &path, const QString &name, const QJsonObject &payload)
{
    if (auto opened = writer.open(path); !opened)
        return opened;
    if (auto added = writer.addJson(name, QJsonDocument(payload).toJson(QJsonDocument::Compact)); !added)
        return added;
    return writer.commit();
}

/// A handshake's name and id reach file paths, mail headers and IMAP commands on both consoles:
/// checked where one is written and where one is read, whoever made it.
Result<void> identityHolds(const QString &name, const QString &id)
{
    if (!isValidName(name))
        return Error(QStringLiteral("the pair name '%1' is not valid: a name may hold %2").arg(name, validNameRule()));
    if (!isValidPairId(id))
        return Error(QStringLiteral("the pair id '%1' is not a UUID").arg(id));
    return {};
}

} // namespace

QString newCode()
{
    initSodium();
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no I, O, 0, 1
    QString code;
    for (int i = 0; i < 20; ++i) {
        if (i > 0 && i % 4 == 0)
            code += u'-';
        code += QLatin1Char(alphabet[randombytes_uniform(sizeof alphabet - 1)]);
    }
    return code;
}

Offer makeOffer(const QString &name, Side primarySide, const QString &site, const QString &project,
                const SiteMetadata &metadata, const BundlePublicKeys &keys)
{
    Offer offer;
    offer.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    offer.name = name;
    offer.primarySide = primarySide;
    offer.side = {site, project, QStringLiteral("project = ") + project};
    offer.metadata = metadata;
    offer.keys = keys;
    offer.nonce = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return offer;
}

Result<void> begin(StateStore &store, const Offer &offer, const QString &keyRef)
{
    if (auto holds = identityHolds(offer.name, offer.id); !holds)
        return holds;
    ExchangeRepository::Exchange exchange;
    exchange.id = offer.id;
    exchange.name = offer.name;
    exchange.role = QStringLiteral("primary");
    exchange.side = offer.primarySide;
    exchange.keyRef = keyRef;
    exchange.ownKeys = offer.keys.toText();
    exchange.handshake = {{QStringLiteral("nonce"), offer.nonce},
                          {QStringLiteral("side"), sideToJson(offer.side)},
                          {QStringLiteral("metadata"), offer.metadata.withHashedEmails().toJson()}};
    return ExchangeRepository(store).create(exchange);
}

Result<void> write(const ExchangeRepository::Exchange &exchange, const BundleKeyPair &keys, const QString &path,
                   const QString &code)
{
    if (exchange.role != QStringLiteral("primary") || exchange.isConnected())
        return Error(QStringLiteral("pair %1 %2; only a primary's pair that awaits its answer has a handshake to write")
                         .arg(exchange.name,
                              exchange.isConnected() ? QStringLiteral("is connected already")
                                                     : QStringLiteral("is this console's answer to a handshake")));
    if (auto holds = identityHolds(exchange.name, exchange.id); !holds)
        return holds;
    const QJsonObject payload{{QStringLiteral("pair"), exchange.id},
                              {QStringLiteral("name"), exchange.name},
                              {QStringLiteral("primarySide"), sideName(exchange.side)},
                              {QStringLiteral("side"), exchange.handshake.value(QStringLiteral("side"))},
                              {QStringLiteral("metadata"), exchange.handshake.value(QStringLiteral("metadata"))},
                              {QStringLiteral("keys"), keys.publicKeys().toText()},
                              {QStringLiteral("nonce"), exchange.handshake.value(QStringLiteral("nonce"))}};
    BundleWriter writer(headerFor(QStringLiteral("handshake"), exchange.id, exchange.side), keys, code);
    return writeOne(writer, path, QStringLiteral("handshake"), payload);
}

Result<Offer> read(const QString &path, const QString &code)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    BundleReader reader;
    if (auto opened = reader.open(&file, {{}, {}, {}, code}); !opened)
        return opened.error();
    if (reader.header().kind != QStringLiteral("handshake"))
        return Error(QStringLiteral("it is not a handshake but a bundle of kind %1").arg(reader.header().kind));
    const Result<QJsonObject> payload = payloadOf(reader, QStringLiteral("handshake"));
    if (!payload)
        return payload.error();
    Offer offer;
    offer.id = payload->value(QStringLiteral("pair")).toString();
    offer.name = payload->value(QStringLiteral("name")).toString();
    const std::optional<Side> primarySide = sideNamed(payload->value(QStringLiteral("primarySide")).toString());
    offer.primarySide = primarySide.value_or(Side::A);
    offer.side = sideFromJson(payload->value(QStringLiteral("side")).toObject());
    offer.metadata = SiteMetadata::fromJson(payload->value(QStringLiteral("metadata")).toObject());
    offer.nonce = payload->value(QStringLiteral("nonce")).toString();
    const Result<BundlePublicKeys> keys = BundlePublicKeys::fromText(payload->value(QStringLiteral("keys")).toString());
    if (!keys)
        return keys.error();
    offer.keys = *keys;
    if (offer.id != reader.header().pair || offer.keys.sign != reader.header().signer || offer.nonce.isEmpty()
        || !primarySide || offer.side.site.isEmpty() || offer.side.project.isEmpty()) {
        return Error(QStringLiteral("the handshake is incomplete or does not match its header"));
    }
    if (auto holds = identityHolds(offer.name, offer.id); !holds)
        return holds.error().within(QStringLiteral("the handshake is refused"));
    return offer;
}

Result<PairConfig> answer(StateStore &store, const Offer &offer, const QString &name, const PairSide &own,
                          const SiteMetadata &ownMetadata, const BundleKeyPair &keys, const QString &keyRef,
                          const QString &path)
{
    const bool primaryIsA = offer.primarySide == Side::A;
    const Side ownSide = otherSide(offer.primarySide);
    PairConfig config = primaryIsA ? suggestPairConfig(name, offer.side, offer.metadata, own, ownMetadata)
                                   : suggestPairConfig(name, own, ownMetadata, offer.side, offer.metadata);
    PairRepository pairs(store);
    if (auto created = pairs.create(config); !created)
        return created.error();
    const Result<qint64> pairId = pairs.id(name);
    if (!pairId)
        return pairId.error();
    ExchangeRepository::Exchange exchange;
    exchange.id = offer.id;
    exchange.name = name;
    exchange.pairId = *pairId;
    exchange.role = QStringLiteral("secondary");
    exchange.side = ownSide;
    exchange.keyRef = keyRef;
    exchange.ownKeys = keys.publicKeys().toText();
    exchange.partnerKeys = offer.keys.toText();
    exchange.handshake = {{QStringLiteral("nonce"), offer.nonce}};
    exchange.partnerMetadata = offer.metadata.toJson();
    QJsonObject shared = config.toJson();
    shared.insert(QStringLiteral("name"), offer.name); // the primary keeps its name for the pair
    const QJsonObject payload{{QStringLiteral("pair"), offer.id},
                              {QStringLiteral("config"), shared},
                              {QStringLiteral("metadata"), ownMetadata.withHashedEmails().toJson()},
                              {QStringLiteral("keys"), keys.publicKeys().toText()},
                              {QStringLiteral("nonce"), offer.nonce}};
    BundleWriter writer(headerFor(QStringLiteral("answer"), offer.id, ownSide), keys, offer.keys.box);
    Result<void> answered = ExchangeRepository(store).create(exchange);
    if (answered)
        answered = writeOne(writer, path, QStringLiteral("answer"), payload);
    if (!answered) {
        // Undone as far as it goes; what stays behind is refused by the next attempt's names.
        (void)ExchangeRepository(store).remove(offer.id);
        (void)pairs.remove(name);
        return answered.error();
    }
    return config;
}

Result<PairConfig> complete(StateStore &store, const ExchangeRepository::Exchange &exchange, const BundleKeyPair &keys,
                            const QString &path)
{
    if (exchange.isConnected())
        return Error(QStringLiteral("pair %1 is connected already").arg(exchange.name));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    BundleReader reader;
    // No key vouches for the answer yet: its seal (for this side's key) and the handshake's nonce do.
    if (auto opened = reader.open(&file, {{}, keys.boxSecret(), keys.publicKeys().box, {}}); !opened)
        return opened.error();
    const BundleHeader &header = reader.header();
    if (header.kind != QStringLiteral("answer") || header.pair != exchange.id)
        return Error(QStringLiteral("it is not the answer to the handshake of pair %1").arg(exchange.name));
    const Result<QJsonObject> payload = payloadOf(reader, QStringLiteral("answer"));
    if (!payload)
        return payload.error();
    const Result<BundlePublicKeys> partner
        = BundlePublicKeys::fromText(payload->value(QStringLiteral("keys")).toString());
    if (!partner)
        return partner.error();
    if (payload->value(QStringLiteral("nonce")).toString()
            != exchange.handshake.value(QStringLiteral("nonce")).toString()
        || partner->sign != header.signer) {
        return Error(QStringLiteral("it does not answer this console's handshake (someone without its code made it)"));
    }
    PairConfig config;
    QList<PairConfig::Problem> problems;
    if (!PairConfig::fromJson(payload->value(QStringLiteral("config")).toObject(), &config, &problems)) {
        QStringList said;
        for (const PairConfig::Problem &p : std::as_const(problems))
            said << p.path + u' ' + p.message;
        return Error(
            QStringLiteral("the configuration it carries is not valid: %1").arg(said.join(QStringLiteral("; "))));
    }
    // The secondary completes the configuration, but this console's side stays what it offered.
    const PairSide offered = sideFromJson(exchange.handshake.value(QStringLiteral("side")).toObject());
    const PairSide &own = exchange.side == Side::A ? config.a : config.b;
    if (own.site != offered.site || own.project != offered.project)
        return Error(
            QStringLiteral("the answer names %1:%2 for this console's side, not %3:%4 as the handshake offered; "
                           "it is refused")
                .arg(own.site, own.project, offered.site, offered.project));
    config.name = exchange.name;
    PairRepository pairs(store);
    if (auto created = pairs.create(config); !created)
        return created.error();
    const Result<qint64> pairId = pairs.id(config.name);
    const QJsonObject metadata = payload->value(QStringLiteral("metadata")).toObject();
    const Result<void> connected = pairId ? store.transaction([&](QSqlDatabase &db) {
        return ExchangeRepository(store).connect(db, exchange.id, *pairId, partner->toText(), metadata);
    })
                                          : Result<void>(pairId.error());
    if (!connected) {
        (void)pairs.remove(config.name); // the pair stays unconnected otherwise: the answer can be read again
        return connected.error();
    }
    return config;
}

} // namespace ferry::handshake
