#include "core/pairconfig.h"

#include "core/names.h"

#include <QCryptographicHash>

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace ferry {

QString directionName(Direction direction)
{
    switch (direction) {
    case Direction::Both:
        return QStringLiteral("both");
    case Direction::AToB:
        return QStringLiteral("a-to-b");
    case Direction::BToA:
        return QStringLiteral("b-to-a");
    }
    return QString();
}

QString conflictPolicyName(ConflictPolicy policy)
{
    switch (policy) {
    case ConflictPolicy::Manual:
        return QStringLiteral("manual");
    case ConflictPolicy::AWins:
        return QStringLiteral("a-wins");
    case ConflictPolicy::BWins:
        return QStringLiteral("b-wins");
    case ConflictPolicy::Newest:
        return QStringLiteral("newest");
    }
    return QString();
}

bool ItemOptions::carriesFrom(Side side) const
{
    return sync && (direction == Direction::Both || (direction == Direction::AToB) == (side == Side::A));
}

bool AttachmentOptions::admits(const QString &fileName, const QString &mimeType, qint64 size, QString *why) const
{
    if (maxSizeMb > 0 && size > qint64(maxSizeMb) * 1024 * 1024) {
        *why = QStringLiteral("larger than the pair's %1 MB").arg(maxSizeMb);
        return false;
    }
    const auto matches = [](const QStringList &patterns, const QString &text) {
        return std::any_of(patterns.cbegin(), patterns.cend(), [&](const QString &pattern) {
            // "*" and "?" match any characters, "/" included (fromWildcard treats it as a path).
            QString expression = QRegularExpression::escape(pattern);
            expression.replace(QStringLiteral("\\*"), QStringLiteral(".*"))
                .replace(QStringLiteral("\\?"), QStringLiteral("."));
            return QRegularExpression(QRegularExpression::anchoredPattern(expression),
                                      QRegularExpression::CaseInsensitiveOption)
                .match(text)
                .hasMatch();
        });
    };
    const bool matched = matches(types, mimeType) || matches(names, fileName);
    if (filter == QStringLiteral("allow") ? matched : !matched)
        return true;
    *why = filter == QStringLiteral("allow") ? QStringLiteral("not in the pair's allowed types and names")
                                             : QStringLiteral("excluded by the pair's attachment filter");
    return false;
}

namespace {

QJsonObject itemOptionsToJson(const ItemOptions &options)
{
    return {{QStringLiteral("sync"), options.sync},
            {QStringLiteral("direction"), directionName(options.direction)},
            {QStringLiteral("deletions"), options.deletions}};
}

QJsonObject sideToJson(const PairSide &side)
{
    return {{QStringLiteral("site"), side.site},
            {QStringLiteral("project"), side.project},
            {QStringLiteral("scope"), side.scope}};
}

QJsonObject mappingToJson(const ValueMapping &m)
{
    QJsonObject o{{QStringLiteral("a"), m.a}, {QStringLiteral("b"), m.b}};
    if (!m.aName.isEmpty())
        o.insert(QStringLiteral("aName"), m.aName);
    if (!m.bName.isEmpty())
        o.insert(QStringLiteral("bName"), m.bName);
    if (m.direction != Direction::Both)
        o.insert(QStringLiteral("direction"), directionName(m.direction));
    if (m.doubtful) {
        o.insert(QStringLiteral("doubtful"), true);
        o.insert(QStringLiteral("why"), m.why);
    }
    return o;
}

QJsonArray mappingsToJson(const QList<ValueMapping> &list)
{
    QJsonArray out;
    for (const ValueMapping &m : list)
        out.append(mappingToJson(m));
    return out;
}

/// Reads documents, collecting every problem with its path.
class Reader {
public:
    explicit Reader(QList<PairConfig::Problem> *problems)
        : m_problems(problems)
    {
    }

    void problem(const QString &path, const QString &message) { m_problems->append({path, message}); }

    QString string(const QJsonObject &o, const QString &key, const QString &path, bool required = true)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined()) {
            if (required)
                problem(path + u'/' + key, QStringLiteral("is missing"));
            return QString();
        }
        if (!v.isString() || (required && v.toString().trimmed().isEmpty())) {
            problem(path + u'/' + key, QStringLiteral("must be a non-empty string"));
            return QString();
        }
        return v.toString();
    }

    bool boolean(const QJsonObject &o, const QString &key, const QString &path, bool fallback)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isBool())
            problem(path + u'/' + key, QStringLiteral("must be true or false"));
        return v.toBool(fallback);
    }

    QStringList strings(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        QStringList out;
        if (v.isUndefined())
            return out;
        const QJsonArray array = v.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isString() || array.at(i).toString().isEmpty())
                problem(QStringLiteral("%1/%2/%3").arg(path, key).arg(i), QStringLiteral("must be a non-empty string"));
            out << array.at(i).toString();
        }
        if (!v.isArray())
            problem(path + u'/' + key, QStringLiteral("must be a list of strings"));
        return out;
    }

    /// One of the words a setting may take; problem and fallback otherwise.
    QString choice(const QJsonObject &o, const QString &key, const QString &path, const QStringList &words)
    {
        const QString text = o.value(key).toString(words.first());
        if (words.contains(text))
            return text;
        problem(path + u'/' + key,
                QStringLiteral("must be %1, not '%2'").arg(words.join(QStringLiteral(" or ")), text));
        return words.first();
    }

    /// The common options of a part of a work item; the object itself, for the rest.
    QJsonObject itemOptions(const QJsonObject &parent, const QString &key, ItemOptions *options,
                            const QStringList &extraKeys)
    {
        const QString path = u'/' + key;
        const QJsonValue v = parent.value(key);
        if (v.isUndefined())
            return {};
        if (!v.isObject()) {
            problem(path, QStringLiteral("must be an object {\"sync\", \"direction\", \"deletions\", …}"));
            return {};
        }
        const QJsonObject o = v.toObject();
        for (const QString &name : o.keys()) {
            if (name != QStringLiteral("sync") && name != QStringLiteral("direction")
                && name != QStringLiteral("deletions") && !extraKeys.contains(name))
                problem(path + u'/' + name, QStringLiteral("is not a setting of %1 (a typo?)").arg(key));
        }
        options->sync = boolean(o, QStringLiteral("sync"), path, options->sync);
        options->direction = direction(o, path);
        options->deletions = boolean(o, QStringLiteral("deletions"), path, options->deletions);
        return o;
    }

    Direction direction(const QJsonObject &o, const QString &path)
    {
        const QString text = o.value(QStringLiteral("direction")).toString(QStringLiteral("both"));
        if (text == QStringLiteral("both"))
            return Direction::Both;
        if (text == QStringLiteral("a-to-b"))
            return Direction::AToB;
        if (text == QStringLiteral("b-to-a"))
            return Direction::BToA;
        problem(path + QStringLiteral("/direction"),
                QStringLiteral("must be both, a-to-b or b-to-a, not '%1'").arg(text));
        return Direction::Both;
    }

    ValueMapping mapping(const QJsonValue &value, const QString &path)
    {
        ValueMapping m;
        if (!value.isObject()) {
            problem(path, QStringLiteral("must be an object {\"a\": …, \"b\": …}"));
            return m;
        }
        const QJsonObject o = value.toObject();
        m.a = string(o, QStringLiteral("a"), path);
        m.b = string(o, QStringLiteral("b"), path);
        m.aName = o.value(QStringLiteral("aName")).toString();
        m.bName = o.value(QStringLiteral("bName")).toString();
        m.direction = direction(o, path);
        m.doubtful = o.value(QStringLiteral("doubtful")).toBool();
        m.why = o.value(QStringLiteral("why")).toString();
        return m;
    }

    QList<ValueMapping> mappings(const QJsonObject &parent, const QString &key, const QString &path)
    {
        QList<ValueMapping> out;
        const QJsonValue v = parent.value(key);
        if (v.isUndefined())
            return out;
        if (!v.isArray()) {
            problem(path + u'/' + key, QStringLiteral("must be a list"));
            return out;
        }
        const QJsonArray array = v.toArray();
        QHash<QString, qsizetype> seen;
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString at = QStringLiteral("%1/%2/%3").arg(path, key).arg(i);
            const ValueMapping m = mapping(array.at(i), at);
            // The same A value may map only once in the same direction.
            const QString identity = m.a + u'\x1f' + (m.direction == Direction::BToA ? m.b : QString());
            if (!m.a.isEmpty() && m.direction != Direction::BToA && seen.contains(identity))
                problem(at + QStringLiteral("/a"),
                        QStringLiteral("'%1' is mapped twice (also at %2/%3/%4)")
                            .arg(m.a, path, key)
                            .arg(seen.value(identity)));
            seen.insert(identity, i);
            out << m;
        }
        return out;
    }

private:
    QList<PairConfig::Problem> *m_problems;
};

const QRegularExpression &issueKeyPattern()
{
    static const QRegularExpression key(QStringLiteral("^[A-Z][A-Z0-9_]*-[1-9][0-9]*$"));
    return key;
}

void readMatch(Reader &read, const QJsonValue &value, MatchRule *match)
{
    if (value.isUndefined())
        return;
    const QString path = QStringLiteral("/match");
    if (!value.isObject())
        return read.problem(path, QStringLiteral("must be an object {\"fields\", \"keys\", \"prefer\"}"));
    const QJsonObject o = value.toObject();
    match->chosen = true;
    for (const QString &name : o.keys()) {
        if (name != QStringLiteral("fields") && name != QStringLiteral("keys") && name != QStringLiteral("prefer"))
            read.problem(path + u'/' + name, QStringLiteral("is not a setting of match (a typo?)"));
    }
    if (o.contains(QStringLiteral("fields"))) {
        const QJsonObject fields = o.value(QStringLiteral("fields")).toObject();
        match->fieldA = read.string(fields, QStringLiteral("a"), path + QStringLiteral("/fields"));
        match->fieldB = read.string(fields, QStringLiteral("b"), path + QStringLiteral("/fields"));
    }
    const QJsonValue keys = o.value(QStringLiteral("keys"));
    if (!keys.isUndefined() && !keys.isObject())
        read.problem(path + QStringLiteral("/keys"), QStringLiteral("must be an object {\"A-KEY\": \"B-KEY\", …}"));
    const QRegularExpression &issueKey = issueKeyPattern();
    QHash<QString, QString> takenB;
    const QJsonObject map = keys.toObject();
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString at = path + QStringLiteral("/keys/") + it.key();
        const QString b = it.value().toString();
        if (!issueKey.match(it.key()).hasMatch() || !issueKey.match(b).hasMatch())
            read.problem(at, QStringLiteral("must map an issue key to an issue key (\"ACME-1\": \"OPS-7\")"));
        else if (takenB.contains(b))
            read.problem(at, QStringLiteral("%1 is the partner of %2 already").arg(b, takenB.value(b)));
        takenB.insert(b, it.key());
        match->keys.insert(it.key(), b);
    }
    match->prefer = *sideNamed(read.choice(o, QStringLiteral("prefer"), path, {sideName(Side::A), sideName(Side::B)}));
    if (match->isEmpty())
        read.problem(path, QStringLiteral("needs fields or keys to match by"));
}

} // namespace

QJsonObject PairConfig::toJson() const
{
    QJsonArray fieldList;
    for (const FieldMapping &f : fields) {
        QJsonObject o{{QStringLiteral("a"), f.a}, {QStringLiteral("b"), f.b}};
        if (!f.aName.isEmpty())
            o.insert(QStringLiteral("aName"), f.aName);
        if (!f.bName.isEmpty())
            o.insert(QStringLiteral("bName"), f.bName);
        if (f.direction != Direction::Both)
            o.insert(QStringLiteral("direction"), directionName(f.direction));
        if (!f.values.isEmpty())
            o.insert(QStringLiteral("values"), mappingsToJson(f.values));
        if (f.doubtful) {
            o.insert(QStringLiteral("doubtful"), true);
            o.insert(QStringLiteral("why"), f.why);
        }
        fieldList.append(o);
    }
    QJsonObject userObject{{QStringLiteral("match"), QJsonArray::fromStringList(users.match)}};
    if (!users.table.isEmpty())
        userObject.insert(QStringLiteral("table"), mappingsToJson(users.table));
    if (!users.fallbackA.isEmpty() || !users.fallbackB.isEmpty())
        userObject.insert(QStringLiteral("fallback"),
                          QJsonObject{{QStringLiteral("a"), users.fallbackA}, {QStringLiteral("b"), users.fallbackB}});
    QJsonObject commentObject = itemOptionsToJson(comments);
    commentObject.insert(QStringLiteral("restricted"),
                         comments.restricted == Restricted::Map ? QStringLiteral("map") : QStringLiteral("withhold"));
    if (!comments.visibility.isEmpty())
        commentObject.insert(QStringLiteral("visibility"), mappingsToJson(comments.visibility));
    commentObject.insert(QStringLiteral("internal"), comments.internal);
    QJsonObject worklogObject = itemOptionsToJson(worklogs);
    worklogObject.insert(QStringLiteral("estimate"), worklogs.estimate);
    QJsonObject attachmentObject = itemOptionsToJson(attachments);
    attachmentObject.insert(QStringLiteral("maxSizeMb"), attachments.maxSizeMb);
    attachmentObject.insert(QStringLiteral("filter"), attachments.filter);
    attachmentObject.insert(QStringLiteral("types"), QJsonArray::fromStringList(attachments.types));
    attachmentObject.insert(QStringLiteral("names"), QJsonArray::fromStringList(attachments.names));
    QJsonObject linkObject = itemOptionsToJson(links);
    if (!links.types.isEmpty())
        linkObject.insert(QStringLiteral("types"), mappingsToJson(links.types));
    linkObject.insert(QStringLiteral("outside"), links.outside);
    QJsonObject json{{QStringLiteral("format"), format},
                     {QStringLiteral("name"), name},
                     {QStringLiteral("a"), sideToJson(a)},
                     {QStringLiteral("b"), sideToJson(b)},
                     {QStringLiteral("issueTypes"), mappingsToJson(issueTypes)},
                     {QStringLiteral("statuses"), mappingsToJson(statuses)},
                     {QStringLiteral("fields"), fieldList},
                     {QStringLiteral("users"), userObject},
                     {QStringLiteral("conflictPolicy"), conflictPolicyName(conflictPolicy)},
                     {QStringLiteral("pollIntervalSeconds"), pollIntervalSeconds},
                     {QStringLiteral("retentionDays"), retentionDays},
                     {QStringLiteral("comments"), commentObject},
                     {QStringLiteral("worklogs"), worklogObject},
                     {QStringLiteral("attachments"), attachmentObject},
                     {QStringLiteral("links"), linkObject},
                     {QStringLiteral("createMissing"), QJsonArray::fromStringList(createMissing)}};
    if (versions.sync)
        json.insert(QStringLiteral("versions"),
                    QJsonObject{{QStringLiteral("sync"), true},
                                {QStringLiteral("direction"), directionName(versions.direction)}});
    if (!match.isEmpty() || match.chosen) {
        QJsonObject matchObject{{QStringLiteral("prefer"), sideName(match.prefer)}};
        if (!match.fieldA.isEmpty() || !match.fieldB.isEmpty())
            matchObject.insert(QStringLiteral("fields"),
                               QJsonObject{{QStringLiteral("a"), match.fieldA}, {QStringLiteral("b"), match.fieldB}});
        if (!match.keys.isEmpty()) {
            QJsonObject keys;
            for (auto it = match.keys.cbegin(); it != match.keys.cend(); ++it)
                keys.insert(it.key(), it.value());
            matchObject.insert(QStringLiteral("keys"), keys);
        }
        json.insert(QStringLiteral("match"), matchObject);
    }
    return json;
}

QHash<QString, QString> MatchRule::readKeyMap(const QString &text, QStringList *problems)
{
    static const QRegularExpression separator(QStringLiteral("[,;=\\s]+"));
    QHash<QString, QString> keys;
    QHash<QString, int> lineOfB;
    const QStringList lines = text.split(u'\n');
    bool first = true;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        QStringList parts = line.split(separator, Qt::SkipEmptyParts);
        for (QString &part : parts)
            part = part.remove(u'"').toUpper();
        const bool keysOnly = parts.size() == 2 && issueKeyPattern().match(parts.at(0)).hasMatch()
            && issueKeyPattern().match(parts.at(1)).hasMatch();
        const bool heading = first && !keysOnly;
        first = false;
        if (heading)
            continue;
        const int number = int(i) + 1;
        if (!keysOnly)
            *problems << QStringLiteral("line %1: '%2' is not two issue keys (ACME-1,OPS-7)").arg(number).arg(line);
        else if (keys.contains(parts.at(0)))
            *problems
                << QStringLiteral("line %1: %2 is paired on an earlier line already").arg(number).arg(parts.at(0));
        else if (lineOfB.contains(parts.at(1)))
            *problems << QStringLiteral("line %1: %2 is paired on line %3 already")
                             .arg(number)
                             .arg(parts.at(1))
                             .arg(lineOfB.value(parts.at(1)));
        else {
            keys.insert(parts.at(0), parts.at(1));
            lineOfB.insert(parts.at(1), number);
        }
    }
    return keys;
}

MatchRule::Lookup MatchRule::lookupFor(Side fromSide, const QString &key, const QString &ownValue) const
{
    if (const QString mapped = mappedKey(fromSide, key); !mapped.isEmpty())
        return {QStringLiteral("key"), mapped, true};
    const QString field = fieldOn(otherSide(fromSide));
    return {field, field.isEmpty() ? QString() : ownValue, false};
}

QString MatchRule::mappedKey(Side fromSide, const QString &key) const
{
    if (fromSide == Side::A)
        return keys.value(key);
    for (auto it = keys.cbegin(); it != keys.cend(); ++it) {
        if (it.value() == key)
            return it.key();
    }
    return {};
}

QList<PairConfig::Problem> PairConfig::problems(const SiteMetadata *a, const SiteMetadata *b) const
{
    PairConfig read;
    QList<Problem> found;
    fromJson(toJson(), &read, &found);
    if (a && b)
        found << checkAgainstSites(*this, *a, *b);
    return found;
}

QString PairConfig::describe(const QList<Problem> &problems)
{
    QStringList lines;
    for (const Problem &problem : problems)
        lines << QStringLiteral("%1: %2").arg(problem.path, problem.message);
    return lines.join(u'\n');
}

QString PairConfig::issueTypeFor(Side fromSide, const QString &sourceType) const
{
    const bool fromA = fromSide == Side::A;
    QString target;
    for (const ValueMapping &type : issueTypes) {
        if (fromA && type.a == sourceType && type.direction != Direction::BToA)
            target = type.b;
        else if (!fromA && type.b == sourceType && type.direction != Direction::AToB)
            target = type.a;
    }
    return target;
}

bool PairConfig::mapsIssueType(Side side, const QString &type) const
{
    return std::any_of(issueTypes.cbegin(), issueTypes.cend(),
                       [&](const ValueMapping &mapping) { return bySide(side, mapping.a, mapping.b) == type; });
}

bool PairConfig::fromJson(const QJsonObject &json, PairConfig *config, QList<Problem> *problems)
{
    Reader read(problems);
    const qsizetype before = problems->size();
    PairConfig c;
    static const QSet<QString> known = {QStringLiteral("format"),
                                        QStringLiteral("name"),
                                        QStringLiteral("a"),
                                        QStringLiteral("b"),
                                        QStringLiteral("issueTypes"),
                                        QStringLiteral("statuses"),
                                        QStringLiteral("fields"),
                                        QStringLiteral("users"),
                                        QStringLiteral("conflictPolicy"),
                                        QStringLiteral("pollIntervalSeconds"),
                                        QStringLiteral("retentionDays"),
                                        QStringLiteral("comments"),
                                        QStringLiteral("worklogs"),
                                        QStringLiteral("attachments"),
                                        QStringLiteral("links"),
                                        QStringLiteral("createMissing"),
                                        QStringLiteral("match"),
                                        QStringLiteral("versions")};
    for (const QString &key : json.keys()) {
        if (!known.contains(key))
            read.problem(u'/' + key, QStringLiteral("is not a setting of a pair (a typo?)"));
    }
    if (json.value(QStringLiteral("format")).toInt(-1) != format)
        read.problem(QStringLiteral("/format"),
                     QStringLiteral("this Ferry reads format %1; the document says %2")
                         .arg(format)
                         .arg(json.value(QStringLiteral("format")).toVariant().toString()));
    c.name = read.string(json, QStringLiteral("name"), QString());
    if (!c.name.isEmpty() && !isValidName(c.name))
        read.problem(QStringLiteral("/name"), QStringLiteral("may hold %1").arg(validNameRule()));
    for (const auto &[key, side] : {std::pair{QStringLiteral("a"), &c.a}, std::pair{QStringLiteral("b"), &c.b}}) {
        const QString path = u'/' + key;
        if (!json.value(key).isObject()) {
            read.problem(path, QStringLiteral("must be an object {\"site\", \"project\", \"scope\"}"));
            continue;
        }
        const QJsonObject o = json.value(key).toObject();
        side->site = read.string(o, QStringLiteral("site"), path);
        side->project = read.string(o, QStringLiteral("project"), path);
        side->scope = read.string(o, QStringLiteral("scope"), path);
    }
    c.issueTypes = read.mappings(json, QStringLiteral("issueTypes"), QString());
    c.statuses = read.mappings(json, QStringLiteral("statuses"), QString());
    const QJsonArray fields = json.value(QStringLiteral("fields")).toArray();
    QHash<QString, qsizetype> seenFields;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        const QString path = QStringLiteral("/fields/%1").arg(i);
        const QJsonObject o = fields.at(i).toObject();
        FieldMapping f;
        f.a = read.string(o, QStringLiteral("a"), path);
        f.b = read.string(o, QStringLiteral("b"), path);
        f.aName = o.value(QStringLiteral("aName")).toString();
        f.bName = o.value(QStringLiteral("bName")).toString();
        f.direction = read.direction(o, path);
        f.values = read.mappings(o, QStringLiteral("values"), path);
        f.doubtful = o.value(QStringLiteral("doubtful")).toBool();
        f.why = o.value(QStringLiteral("why")).toString();
        if (!f.a.isEmpty() && seenFields.contains(f.a))
            read.problem(
                path + QStringLiteral("/a"),
                QStringLiteral("field '%1' is mapped twice (also at /fields/%2)").arg(f.a).arg(seenFields.value(f.a)));
        seenFields.insert(f.a, i);
        c.fields << f;
    }
    const QJsonObject users = json.value(QStringLiteral("users")).toObject();
    if (users.contains(QStringLiteral("match"))) {
        c.users.match.clear();
        static const QStringList ways = {QStringLiteral("email"), QStringLiteral("accountId"),
                                         QStringLiteral("username"), QStringLiteral("displayName")};
        const QJsonArray match = users.value(QStringLiteral("match")).toArray();
        for (qsizetype i = 0; i < match.size(); ++i) {
            if (!ways.contains(match.at(i).toString()))
                read.problem(QStringLiteral("/users/match/%1").arg(i),
                             QStringLiteral("must be one of %1").arg(ways.join(QStringLiteral(", "))));
            c.users.match << match.at(i).toString();
        }
    }
    c.users.table = read.mappings(users, QStringLiteral("table"), QStringLiteral("/users"));
    c.users.fallbackA = users.value(QStringLiteral("fallback")).toObject().value(QStringLiteral("a")).toString();
    c.users.fallbackB = users.value(QStringLiteral("fallback")).toObject().value(QStringLiteral("b")).toString();
    const QString policy = json.value(QStringLiteral("conflictPolicy")).toString(QStringLiteral("manual"));
    const QHash<QString, ConflictPolicy> policies = {{QStringLiteral("manual"), ConflictPolicy::Manual},
                                                     {QStringLiteral("a-wins"), ConflictPolicy::AWins},
                                                     {QStringLiteral("b-wins"), ConflictPolicy::BWins},
                                                     {QStringLiteral("newest"), ConflictPolicy::Newest}};
    if (!policies.contains(policy))
        read.problem(QStringLiteral("/conflictPolicy"),
                     QStringLiteral("must be manual, a-wins, b-wins or newest, not '%1'").arg(policy));
    c.conflictPolicy = policies.value(policy, ConflictPolicy::Manual);
    const QJsonValue interval = json.value(QStringLiteral("pollIntervalSeconds"));
    c.pollIntervalSeconds = interval.isUndefined() ? 5 : interval.toInt(-1);
    if (c.pollIntervalSeconds < 1 || c.pollIntervalSeconds > 86'400
        || (interval.isDouble() && interval.toDouble() != c.pollIntervalSeconds))
        read.problem(QStringLiteral("/pollIntervalSeconds"),
                     QStringLiteral("must be a whole number of seconds from 1 to 86400"));
    const QJsonValue retention = json.value(QStringLiteral("retentionDays"));
    c.retentionDays = retention.isUndefined() ? 30 : retention.toInt(-1);
    if (c.retentionDays < 1 || c.retentionDays > 3650
        || (retention.isDouble() && retention.toDouble() != c.retentionDays))
        read.problem(QStringLiteral("/retentionDays"), QStringLiteral("must be a whole number of days from 1 to 3650"));
    const QJsonObject comments
        = read.itemOptions(json, QStringLiteral("comments"), &c.comments,
                           {QStringLiteral("restricted"), QStringLiteral("visibility"), QStringLiteral("internal")});
    c.comments.restricted = read.choice(comments, QStringLiteral("restricted"), QStringLiteral("/comments"),
                                        {QStringLiteral("withhold"), QStringLiteral("map")})
            == QStringLiteral("map")
        ? Restricted::Map
        : Restricted::Withhold;
    c.comments.visibility = read.mappings(comments, QStringLiteral("visibility"), QStringLiteral("/comments"));
    c.comments.internal = read.choice(comments, QStringLiteral("internal"), QStringLiteral("/comments"),
                                      {QStringLiteral("withhold"), QStringLiteral("internal")});
    const QJsonObject worklogs
        = read.itemOptions(json, QStringLiteral("worklogs"), &c.worklogs, {QStringLiteral("estimate")});
    c.worklogs.estimate = read.choice(worklogs, QStringLiteral("estimate"), QStringLiteral("/worklogs"),
                                      {QStringLiteral("leave"), QStringLiteral("auto")});
    const QJsonObject attachments = read.itemOptions(
        json, QStringLiteral("attachments"), &c.attachments,
        {QStringLiteral("maxSizeMb"), QStringLiteral("filter"), QStringLiteral("types"), QStringLiteral("names")});
    const QJsonValue maxSize = attachments.value(QStringLiteral("maxSizeMb"));
    c.attachments.maxSizeMb = maxSize.toInt(maxSize.isUndefined() ? 0 : -1);
    if (c.attachments.maxSizeMb < 0 || (maxSize.isDouble() && maxSize.toDouble() != c.attachments.maxSizeMb))
        read.problem(QStringLiteral("/attachments/maxSizeMb"),
                     QStringLiteral("must be a whole number of megabytes, 0 for no limit"));
    c.attachments.filter = read.choice(attachments, QStringLiteral("filter"), QStringLiteral("/attachments"),
                                       {QStringLiteral("deny"), QStringLiteral("allow")});
    c.attachments.types = read.strings(attachments, QStringLiteral("types"), QStringLiteral("/attachments"));
    c.attachments.names = read.strings(attachments, QStringLiteral("names"), QStringLiteral("/attachments"));
    if (c.attachments.filter == QStringLiteral("allow") && c.attachments.types.isEmpty()
        && c.attachments.names.isEmpty())
        read.problem(QStringLiteral("/attachments/filter"),
                     QStringLiteral("'allow' needs types or names to allow; without them no attachment travels"));
    const QJsonObject links = read.itemOptions(json, QStringLiteral("links"), &c.links,
                                               {QStringLiteral("types"), QStringLiteral("outside")});
    c.links.types = read.mappings(links, QStringLiteral("types"), QStringLiteral("/links"));
    c.links.outside = read.choice(links, QStringLiteral("outside"), QStringLiteral("/links"),
                                  {QStringLiteral("keep"), QStringLiteral("remote"), QStringLiteral("text")});
    c.createMissing = read.strings(json, QStringLiteral("createMissing"), QString());
    for (qsizetype i = 0; i < c.createMissing.size(); ++i) {
        if (c.createMissing.at(i) != QStringLiteral("versions")
            && c.createMissing.at(i) != QStringLiteral("components"))
            read.problem(QStringLiteral("/createMissing/%1").arg(i),
                         QStringLiteral("must be versions or components, not '%1'").arg(c.createMissing.at(i)));
    }
    const QJsonObject versions = read.itemOptions(json, QStringLiteral("versions"), &c.versions, {});
    if (versions.contains(QStringLiteral("deletions")))
        read.problem(QStringLiteral("/versions/deletions"),
                     QStringLiteral("is not a setting of versions: a deleted version is never deleted on the other "
                                    "side (its issues would lose it)"));
    readMatch(read, json.value(QStringLiteral("match")), &c.match);
    if (problems->size() > before)
        return false;
    *config = c;
    return true;
}

QString fieldKind(const QJsonObject &field)
{
    const QJsonObject schema = field.value(QStringLiteral("schema")).toObject();
    const QString type = schema.value(QStringLiteral("type")).toString();
    const QString system = schema.value(QStringLiteral("system")).toString();
    const QString custom = schema.value(QStringLiteral("custom")).toString();
    if (custom.endsWith(QStringLiteral(":textarea")) || system == QStringLiteral("description")
        || system == QStringLiteral("environment"))
        return QStringLiteral("richtext");
    if (type == QStringLiteral("array"))
        return QStringLiteral("array:") + schema.value(QStringLiteral("items")).toString();
    return type;
}

// ---------------------------------------------------------------------------------------
// Suggestions

namespace {

QString lower(const QString &s)
{
    return s.trimmed().toLower();
}

QSet<QString> words(const QString &name)
{
    static const QRegularExpression separator(QStringLiteral("[^\\p{L}\\p{N}]+"));
    QSet<QString> out;
    for (const QString &w : name.toLower().split(separator, Qt::SkipEmptyParts))
        out.insert(w.left(5)); // "point" and "points" are one word
    return out;
}

double resemblance(const QString &a, const QString &b)
{
    if (lower(a) == lower(b))
        return 1.0;
    const QSet<QString> x = words(a), y = words(b);
    if (x.isEmpty() || y.isEmpty())
        return 0;
    return double((x & y).size()) / double((x | y).size());
}

QString issueTypeKind(const QJsonObject &type)
{
    if (type.value(QStringLiteral("subtask")).toBool())
        return QStringLiteral("sub-task");
    if (type.value(QStringLiteral("hierarchyLevel")).toInt() == 1
        || lower(type.value(QStringLiteral("name")).toString()) == QStringLiteral("epic"))
        return QStringLiteral("epic");
    return QStringLiteral("standard");
}

QJsonObject byId(const QJsonArray &list, const QString &id)
{
    for (const QJsonValue &v : list) {
        if (v.toObject().value(QStringLiteral("id")).toString() == id)
            return v.toObject();
    }
    return {};
}

/// Maps every item of `from` to one of `to`: exact name first, else fallback(item) (which says why).
QList<ValueMapping>
mapByName(const QJsonArray &from, const QJsonArray &to,
          const std::function<std::pair<QJsonObject, QString>(const QJsonObject &, qsizetype)> &fallback)
{
    QList<ValueMapping> out;
    for (qsizetype i = 0; i < from.size(); ++i) {
        const QJsonObject item = from.at(i).toObject();
        const QString name = item.value(QStringLiteral("name")).toString();
        QJsonObject match;
        QString why;
        for (const QJsonValue &candidate : to) {
            if (lower(candidate.toObject().value(QStringLiteral("name")).toString()) == lower(name))
                match = candidate.toObject();
        }
        if (match.isEmpty())
            std::tie(match, why) = fallback(item, i);
        if (match.isEmpty())
            continue;
        out << ValueMapping{item.value(QStringLiteral("id")).toString(),
                            match.value(QStringLiteral("id")).toString(),
                            name,
                            match.value(QStringLiteral("name")).toString(),
                            Direction::Both,
                            !why.isEmpty(),
                            why};
    }
    return out;
}

/// Adds reverse entries for every B value that no entry maps to, so both directions are complete.
void completeBackwards(QList<ValueMapping> *mappings, const QJsonArray &aItems, const QJsonArray &bItems,
                       const std::function<std::pair<QJsonObject, QString>(const QJsonObject &, qsizetype)> &fallback)
{
    QSet<QString> covered;
    for (const ValueMapping &m : std::as_const(*mappings))
        covered.insert(m.b);
    for (qsizetype i = 0; i < bItems.size(); ++i) {
        const QJsonObject item = bItems.at(i).toObject();
        if (covered.contains(item.value(QStringLiteral("id")).toString()))
            continue;
        const auto [match, why] = fallback(item, i);
        if (match.isEmpty())
            continue;
        mappings->append({match.value(QStringLiteral("id")).toString(), item.value(QStringLiteral("id")).toString(),
                          match.value(QStringLiteral("name")).toString(), item.value(QStringLiteral("name")).toString(),
                          Direction::BToA, true, why});
    }
    Q_UNUSED(aItems)
}

} // namespace

QJsonObject SiteMetadata::toJson() const
{
    return {{QStringLiteral("metadata"), metadata},
            {QStringLiteral("deployment"), deployment},
            {QStringLiteral("users"), users},
            {QStringLiteral("siteId"), siteId}};
}

SiteMetadata SiteMetadata::fromJson(const QJsonObject &json)
{
    return {json.value(QStringLiteral("metadata")).toObject(), json.value(QStringLiteral("deployment")).toString(),
            json.value(QStringLiteral("users")).toArray(), json.value(QStringLiteral("siteId")).toString()};
}

QString emailHash(const QJsonObject &user)
{
    const QString email = user.value(QStringLiteral("emailAddress")).toString().trimmed().toLower();
    if (email.isEmpty())
        return user.value(QStringLiteral("emailHash")).toString();
    return QString::fromLatin1(QCryptographicHash::hash(email.toUtf8(), QCryptographicHash::Sha256).toHex());
}

SiteMetadata SiteMetadata::withHashedEmails() const
{
    SiteMetadata shared = *this;
    QJsonArray hashed;
    for (const QJsonValue &value : users) {
        QJsonObject user = value.toObject();
        if (const QString hash = emailHash(user); !hash.isEmpty())
            user.insert(QStringLiteral("emailHash"), hash);
        user.remove(QStringLiteral("emailAddress"));
        hashed << user;
    }
    shared.users = hashed;
    return shared;
}

PairConfig suggestPairConfig(const QString &name, const PairSide &a, const SiteMetadata &aSite, const PairSide &b,
                             const SiteMetadata &bSite)
{
    PairConfig config;
    config.name = name;
    config.a = a;
    config.b = b;
    const QJsonObject &am = aSite.metadata;
    const QJsonObject &bm = bSite.metadata;

    // Issue types: by name, else by kind (sub-task, epic, standard: the other site's Task).
    const auto typeByKind = [](const QJsonArray &to) {
        return [to](const QJsonObject &type, qsizetype) -> std::pair<QJsonObject, QString> {
            const QString kind = issueTypeKind(type);
            QJsonObject fallback;
            for (const QJsonValue &candidate : to) {
                const QJsonObject c = candidate.toObject();
                if (issueTypeKind(c) != kind)
                    continue;
                if (fallback.isEmpty() || lower(c.value(QStringLiteral("name")).toString()) == QStringLiteral("task"))
                    fallback = c;
            }
            return {fallback,
                    QStringLiteral("no type named '%1' on the other side; matched as a %2 type")
                        .arg(type.value(QStringLiteral("name")).toString(), kind)};
        };
    };
    const QJsonArray aTypes = am.value(QStringLiteral("issueTypes")).toArray();
    const QJsonArray bTypes = bm.value(QStringLiteral("issueTypes")).toArray();
    config.issueTypes = mapByName(aTypes, bTypes, typeByKind(bTypes));
    completeBackwards(&config.issueTypes, aTypes, bTypes, typeByKind(aTypes));

    // Statuses: by name, else by status category.
    const auto statusByCategory = [](const QJsonArray &to) {
        return [to](const QJsonObject &status, qsizetype) -> std::pair<QJsonObject, QString> {
            const QString category
                = status.value(QStringLiteral("statusCategory")).toObject().value(QStringLiteral("key")).toString();
            for (const QJsonValue &candidate : to) {
                if (candidate.toObject()
                        .value(QStringLiteral("statusCategory"))
                        .toObject()
                        .value(QStringLiteral("key"))
                        .toString()
                    == category)
                    return {candidate.toObject(),
                            QStringLiteral("no status named '%1' on the other side; matched by its category '%2'")
                                .arg(status.value(QStringLiteral("name")).toString(),
                                     status.value(QStringLiteral("statusCategory"))
                                         .toObject()
                                         .value(QStringLiteral("name"))
                                         .toString())};
            }
            return {QJsonObject(), QString()};
        };
    };
    const QJsonArray aStatuses = am.value(QStringLiteral("statuses")).toArray();
    const QJsonArray bStatuses = bm.value(QStringLiteral("statuses")).toArray();
    config.statuses = mapByName(aStatuses, bStatuses, statusByCategory(bStatuses));
    completeBackwards(&config.statuses, aStatuses, bStatuses, statusByCategory(aStatuses));

    // Priorities by name, else by rank (both lists come highest first).
    const auto byRank = [](const QJsonArray &from, const QJsonArray &to) {
        return [from, to](const QJsonObject &item, qsizetype index) -> std::pair<QJsonObject, QString> {
            if (to.isEmpty())
                return {QJsonObject(), QString()};
            const qsizetype target = from.size() <= 1
                ? 0
                : qsizetype(std::lround(double(index) * double(to.size() - 1) / double(from.size() - 1)));
            return {to.at(target).toObject(),
                    QStringLiteral("no priority named '%1' on the other side; matched by rank (%2 of %3)")
                        .arg(item.value(QStringLiteral("name")).toString())
                        .arg(index + 1)
                        .arg(from.size())};
        };
    };
    const QJsonArray aPriorities = am.value(QStringLiteral("priorities")).toArray();
    const QJsonArray bPriorities = bm.value(QStringLiteral("priorities")).toArray();
    FieldMapping priority{QStringLiteral("priority"),
                          QStringLiteral("priority"),
                          QStringLiteral("Priority"),
                          QStringLiteral("Priority"),
                          Direction::Both,
                          {},
                          false,
                          {}};
    priority.values = mapByName(aPriorities, bPriorities, byRank(aPriorities, bPriorities));
    completeBackwards(&priority.values, aPriorities, bPriorities, byRank(bPriorities, aPriorities));

    // System fields both sides have, then custom fields by kind and a resembling name.
    const QJsonArray aFields = am.value(QStringLiteral("fields")).toArray();
    const QJsonArray bFields = bm.value(QStringLiteral("fields")).toArray();
    static const QStringList systemFields
        = {QStringLiteral("summary"),     QStringLiteral("description"), QStringLiteral("environment"),
           QStringLiteral("priority"),    QStringLiteral("labels"),      QStringLiteral("duedate"),
           QStringLiteral("assignee"),    QStringLiteral("reporter"),    QStringLiteral("components"),
           QStringLiteral("fixVersions"), QStringLiteral("versions")};
    for (const QString &id : systemFields) {
        const QJsonObject af = byId(aFields, id), bf = byId(bFields, id);
        if (af.isEmpty() || bf.isEmpty())
            continue;
        if (id == QStringLiteral("priority")) {
            config.fields << priority;
            continue;
        }
        config.fields << FieldMapping{id,
                                      id,
                                      af.value(QStringLiteral("name")).toString(),
                                      bf.value(QStringLiteral("name")).toString(),
                                      Direction::Both,
                                      {},
                                      false,
                                      {}};
    }
    QSet<QString> takenB;
    for (const QJsonValue &value : aFields) {
        const QJsonObject af = value.toObject();
        if (!af.value(QStringLiteral("custom")).toBool())
            continue;
        const QString kind = fieldKind(af);
        QJsonObject best;
        double bestScore = 0;
        for (const QJsonValue &candidate : bFields) {
            const QJsonObject bf = candidate.toObject();
            if (!bf.value(QStringLiteral("custom")).toBool() || fieldKind(bf) != kind
                || takenB.contains(bf.value(QStringLiteral("id")).toString()))
                continue;
            const double score
                = resemblance(af.value(QStringLiteral("name")).toString(), bf.value(QStringLiteral("name")).toString());
            if (score > bestScore) {
                best = bf;
                bestScore = score;
            }
        }
        if (best.isEmpty())
            continue;
        takenB.insert(best.value(QStringLiteral("id")).toString());
        const bool exact = bestScore >= 1.0;
        config.fields << FieldMapping{
            af.value(QStringLiteral("id")).toString(),
            best.value(QStringLiteral("id")).toString(),
            af.value(QStringLiteral("name")).toString(),
            best.value(QStringLiteral("name")).toString(),
            Direction::Both,
            {},
            !exact,
            exact ? QString()
                  : QStringLiteral("the names differ; matched as the %1 field whose name resembles most").arg(kind)};
    }
    return config;
}

QList<PairConfig::Problem> checkAgainstSites(const PairConfig &config, const SiteMetadata &aSite,
                                             const SiteMetadata &bSite)
{
    QList<PairConfig::Problem> problems;
    const auto check = [&](const QJsonArray &list, const QString &id, const QString &path, const QString &what) {
        if (!id.isEmpty() && byId(list, id).isEmpty())
            problems.append({path, QStringLiteral("the site has no %1 with id '%2'").arg(what, id)});
    };
    for (const auto &[key, list] : {std::pair{QStringLiteral("issueTypes"), &config.issueTypes},
                                    std::pair{QStringLiteral("statuses"), &config.statuses}}) {
        const QString what
            = key == QStringLiteral("issueTypes") ? QStringLiteral("issue type") : QStringLiteral("status");
        for (qsizetype i = 0; i < list->size(); ++i) {
            check(aSite.metadata.value(key).toArray(), list->at(i).a, QStringLiteral("/%1/%2/a").arg(key).arg(i), what);
            check(bSite.metadata.value(key).toArray(), list->at(i).b, QStringLiteral("/%1/%2/b").arg(key).arg(i), what);
        }
    }
    for (qsizetype i = 0; i < config.fields.size(); ++i) {
        const FieldMapping &f = config.fields.at(i);
        check(aSite.metadata.value(QStringLiteral("fields")).toArray(), f.a, QStringLiteral("/fields/%1/a").arg(i),
              QStringLiteral("field"));
        check(bSite.metadata.value(QStringLiteral("fields")).toArray(), f.b, QStringLiteral("/fields/%1/b").arg(i),
              QStringLiteral("field"));
        if (f.a != QStringLiteral("priority"))
            continue;
        for (qsizetype j = 0; j < f.values.size(); ++j) {
            check(aSite.metadata.value(QStringLiteral("priorities")).toArray(), f.values.at(j).a,
                  QStringLiteral("/fields/%1/values/%2/a").arg(i).arg(j), QStringLiteral("priority"));
            check(bSite.metadata.value(QStringLiteral("priorities")).toArray(), f.values.at(j).b,
                  QStringLiteral("/fields/%1/values/%2/b").arg(i).arg(j), QStringLiteral("priority"));
        }
    }
    for (Side side : bothSides) {
        const QString field = config.match.fieldOn(side);
        if (field != QStringLiteral("key"))
            check(bySide(side, aSite, bSite).metadata.value(QStringLiteral("fields")).toArray(), field,
                  QStringLiteral("/match/fields/%1").arg(sideName(side)), QStringLiteral("field"));
    }
    return problems;
}

} // namespace ferry
