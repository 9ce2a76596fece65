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
std::optional<QJsonObject> payloadOf(BundleReader &reader, const QString &name, QString *error)
{
    QJsonObject payload;
    while (const std::optional<BundleEntry> entry = reader.next(error)) {
        if (entry->type == BundleEntry::Type::Json && entry->name == name)
            payload = QJsonDocument::fromJson(entry->data).object();
    }
    if (!error->isEmpty())
        return std::nullopt;
    if (payload.isEmpty()) {
        *error = QStringLiteral("it carries no %1").arg(name);
        return std::nullopt;
    }
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

bool writeOne(BundleWriter &writer, const QString &path, const QString &name, const QJsonObject &payload,
              QString *error)
{
    return writer.open(path, error)
        && writer.addJson(name, QJsonDocument(payload).toJson(QJsonDocument::Compact), error) && writer.commit(error);
}

/// A handshake's name and id reach file paths, mail headers and IMAP commands on both consoles:
/// checked where one is written and where one is read, whoever made it.
bool identityHolds(const QString &name, const QString &id, QString *error)
{
    if (!isValidName(name)) {
        *error = QStringLiteral("the pair name '%1' is not valid: a name may hold %2").arg(name, validNameRule());
        return false;
    }
    if (!isValidPairId(id)) {
        *error = QStringLiteral("the pair id '%1' is not a UUID").arg(id);
        return false;
    }
    return true;
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

bool begin(StateStore &store, const Offer &offer, const QString &keyRef, QString *error)
{
    if (!identityHolds(offer.name, offer.id, error))
        return false;
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
    return ExchangeRepository(store).create(exchange, error);
}

bool write(const ExchangeRepository::Exchange &exchange, const BundleKeyPair &keys, const QString &path,
           const QString &code, QString *error)
{
    if (exchange.role != QStringLiteral("primary") || exchange.isConnected()) {
        *error = QStringLiteral("pair %1 %2; only a primary's pair that awaits its answer has a handshake to write")
                     .arg(exchange.name,
                          exchange.isConnected() ? QStringLiteral("is connected already")
                                                 : QStringLiteral("is this console's answer to a handshake"));
        return false;
    }
    if (!identityHolds(exchange.name, exchange.id, error))
        return false;
    const QJsonObject payload{{QStringLiteral("pair"), exchange.id},
                              {QStringLiteral("name"), exchange.name},
                              {QStringLiteral("primarySide"), sideName(exchange.side)},
                              {QStringLiteral("side"), exchange.handshake.value(QStringLiteral("side"))},
                              {QStringLiteral("metadata"), exchange.handshake.value(QStringLiteral("metadata"))},
                              {QStringLiteral("keys"), keys.publicKeys().toText()},
                              {QStringLiteral("nonce"), exchange.handshake.value(QStringLiteral("nonce"))}};
    BundleWriter writer(headerFor(QStringLiteral("handshake"), exchange.id, exchange.side), keys, code);
    return writeOne(writer, path, QStringLiteral("handshake"), payload, error);
}

std::optional<Offer> read(const QString &path, const QString &code, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    BundleReader reader;
    if (!reader.open(&file, {{}, {}, {}, code}, error))
        return std::nullopt;
    if (reader.header().kind != QStringLiteral("handshake")) {
        *error = QStringLiteral("it is not a handshake but a bundle of kind %1").arg(reader.header().kind);
        return std::nullopt;
    }
    const std::optional<QJsonObject> payload = payloadOf(reader, QStringLiteral("handshake"), error);
    if (!payload)
        return std::nullopt;
    Offer offer;
    offer.id = payload->value(QStringLiteral("pair")).toString();
    offer.name = payload->value(QStringLiteral("name")).toString();
    const std::optional<Side> primarySide = sideNamed(payload->value(QStringLiteral("primarySide")).toString());
    offer.primarySide = primarySide.value_or(Side::A);
    offer.side = sideFromJson(payload->value(QStringLiteral("side")).toObject());
    offer.metadata = SiteMetadata::fromJson(payload->value(QStringLiteral("metadata")).toObject());
    offer.nonce = payload->value(QStringLiteral("nonce")).toString();
    const std::optional<BundlePublicKeys> keys
        = BundlePublicKeys::fromText(payload->value(QStringLiteral("keys")).toString(), error);
    if (!keys)
        return std::nullopt;
    offer.keys = *keys;
    if (offer.id != reader.header().pair || offer.keys.sign != reader.header().signer || offer.nonce.isEmpty()
        || !primarySide || offer.side.site.isEmpty() || offer.side.project.isEmpty()) {
        *error = QStringLiteral("the handshake is incomplete or does not match its header");
        return std::nullopt;
    }
    if (!identityHolds(offer.name, offer.id, error)) {
        *error = QStringLiteral("the handshake is refused: %1").arg(*error);
        return std::nullopt;
    }
    return offer;
}

std::optional<PairConfig> answer(StateStore &store, const Offer &offer, const QString &name, const PairSide &own,
                                 const SiteMetadata &ownMetadata, const BundleKeyPair &keys, const QString &keyRef,
                                 const QString &path, QString *error)
{
    const bool primaryIsA = offer.primarySide == Side::A;
    const Side ownSide = otherSide(offer.primarySide);
    PairConfig config = primaryIsA ? suggestPairConfig(name, offer.side, offer.metadata, own, ownMetadata)
                                   : suggestPairConfig(name, own, ownMetadata, offer.side, offer.metadata);
    PairRepository pairs(store);
    if (!pairs.create(config, error))
        return std::nullopt;
    const std::optional<qint64> pairId = pairs.id(name, error);
    ExchangeRepository::Exchange exchange;
    exchange.id = offer.id;
    exchange.name = name;
    exchange.pairId = pairId.value_or(0);
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
    QString ignored;
    if (!pairId || !ExchangeRepository(store).create(exchange, error)
        || !writeOne(writer, path, QStringLiteral("answer"), payload, error)) {
        ExchangeRepository(store).remove(offer.id, &ignored);
        pairs.remove(name, &ignored);
        return std::nullopt;
    }
    return config;
}

std::optional<PairConfig> complete(StateStore &store, const ExchangeRepository::Exchange &exchange,
                                   const BundleKeyPair &keys, const QString &path, QString *error)
{
    if (exchange.isConnected()) {
        *error = QStringLiteral("pair %1 is connected already").arg(exchange.name);
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    BundleReader reader;
    // No key vouches for the answer yet: its seal (for this side's key) and the handshake's nonce do.
    if (!reader.open(&file, {{}, keys.boxSecret(), keys.publicKeys().box, {}}, error))
        return std::nullopt;
    const BundleHeader &header = reader.header();
    if (header.kind != QStringLiteral("answer") || header.pair != exchange.id) {
        *error = QStringLiteral("it is not the answer to the handshake of pair %1").arg(exchange.name);
        return std::nullopt;
    }
    const std::optional<QJsonObject> payload = payloadOf(reader, QStringLiteral("answer"), error);
    if (!payload)
        return std::nullopt;
    const std::optional<BundlePublicKeys> partner
        = BundlePublicKeys::fromText(payload->value(QStringLiteral("keys")).toString(), error);
    if (!partner)
        return std::nullopt;
    if (payload->value(QStringLiteral("nonce")).toString()
            != exchange.handshake.value(QStringLiteral("nonce")).toString()
        || partner->sign != header.signer) {
        *error = QStringLiteral("it does not answer this console's handshake (someone without its code made it)");
        return std::nullopt;
    }
    PairConfig config;
    QList<PairConfig::Problem> problems;
    if (!PairConfig::fromJson(payload->value(QStringLiteral("config")).toObject(), &config, &problems)) {
        QStringList said;
        for (const PairConfig::Problem &p : std::as_const(problems))
            said << p.path + u' ' + p.message;
        *error = QStringLiteral("the configuration it carries is not valid: %1").arg(said.join(QStringLiteral("; ")));
        return std::nullopt;
    }
    // The secondary completes the configuration, but this console's side stays what it offered.
    const PairSide offered = sideFromJson(exchange.handshake.value(QStringLiteral("side")).toObject());
    const PairSide &own = exchange.side == Side::A ? config.a : config.b;
    if (own.site != offered.site || own.project != offered.project) {
        *error = QStringLiteral("the answer names %1:%2 for this console's side, not %3:%4 as the handshake offered; "
                                "it is refused")
                     .arg(own.site, own.project, offered.site, offered.project);
        return std::nullopt;
    }
    config.name = exchange.name;
    PairRepository pairs(store);
    if (!pairs.create(config, error))
        return std::nullopt;
    const std::optional<qint64> pairId = pairs.id(config.name, error);
    const QJsonObject metadata = payload->value(QStringLiteral("metadata")).toObject();
    if (!pairId
        || !store.transaction(
            [&](QSqlDatabase &db, QString *problem) {
                return ExchangeRepository(store).connect(db, exchange.id, *pairId, partner->toText(), metadata,
                                                         problem);
            },
            error)) {
        QString ignored;
        pairs.remove(config.name, &ignored);
        return std::nullopt;
    }
    return config;
}

} // namespace ferry::handshake
