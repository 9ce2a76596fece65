#include "sandbox/jql.h"

#include "sandbox/store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>
#include <optional>

namespace ferry::sandbox {

namespace {

// ---------------------------------------------------------------------------------------
// Tokens and syntax tree

struct Token {
    enum Kind { Word, String, Operator, LeftParen, RightParen, Comma, End } kind = End;
    QString text;
    int position = 0; // 1-based character, as Jira reports it
};

struct Operand {
    enum Kind { Value, List, Empty, Function } kind = Value;
    QString text; // Value, Function name
    QList<Operand> items; // List
};

struct Node {
    enum Kind { And, Or, Not, Clause } kind = Clause;
    std::vector<std::shared_ptr<Node>> children;
    QString field;
    QString op; // "=", "!=", "<", "<=", ">", ">=", "~", "!~", "in", "not in", "is", "is not"
    Operand operand;
    int position = 0;
};

struct SortKey {
    QString field;
    bool descending = false;
};

class SyntaxError {
public:
    QString message;
};

class Lexer {
public:
    explicit Lexer(const QString &text)
        : m_text(text)
    {
    }

    QList<Token> tokens()
    {
        QList<Token> out;
        while (true) {
            skipSpace();
            Token t;
            t.position = int(m_pos) + 1;
            if (m_pos >= m_text.size()) {
                t.kind = Token::End;
                out << t;
                return out;
            }
            const QChar c = m_text.at(m_pos);
            if (c == u'(') {
                t.kind = Token::LeftParen;
                t.text = c;
                ++m_pos;
            } else if (c == u')') {
                t.kind = Token::RightParen;
                t.text = c;
                ++m_pos;
            } else if (c == u',') {
                t.kind = Token::Comma;
                t.text = c;
                ++m_pos;
            } else if (c == u'"' || c == u'\'') {
                t.kind = Token::String;
                t.text = quoted(c, t.position);
            } else if (QStringLiteral("=!<>~").contains(c)) {
                t.kind = Token::Operator;
                t.text = c;
                ++m_pos;
                if (m_pos < m_text.size()) {
                    const QChar next = m_text.at(m_pos);
                    if ((c == u'!' && (next == u'=' || next == u'~')) || ((c == u'<' || c == u'>') && next == u'=')) {
                        t.text += next;
                        ++m_pos;
                    }
                }
                if (t.text == QStringLiteral("!"))
                    throw SyntaxError{QStringLiteral("Error in the JQL Query: The character '!' is a reserved JQL "
                                                     "character. You must enclose it in a string or use the escape "
                                                     "'\\u0021' instead. (line 1, character %1)")
                                          .arg(t.position)};
            } else {
                t.kind = Token::Word;
                const qsizetype start = m_pos;
                int brackets = 0;
                while (m_pos < m_text.size()) {
                    const QChar d = m_text.at(m_pos);
                    if (d == u'[')
                        ++brackets;
                    else if (d == u']')
                        --brackets;
                    else if (brackets == 0 && (d.isSpace() || QStringLiteral("=!<>~(),\"'").contains(d)))
                        break;
                    ++m_pos;
                }
                t.text = m_text.mid(start, m_pos - start);
            }
            out << t;
        }
    }

private:
    void skipSpace()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
            ++m_pos;
    }

    QString quoted(QChar quote, int position)
    {
        QString value;
        ++m_pos;
        while (m_pos < m_text.size()) {
            const QChar c = m_text.at(m_pos++);
            if (c == u'\\' && m_pos < m_text.size()) {
                value += m_text.at(m_pos++);
            } else if (c == quote) {
                return value;
            } else {
                value += c;
            }
        }
        throw SyntaxError{QStringLiteral("Error in the JQL Query: The quoted string '%1' has not been completed. "
                                         "(line 1, character %2)")
                              .arg(value)
                              .arg(position)};
    }

    const QString &m_text;
    qsizetype m_pos = 0;
};

bool isKeyword(const Token &t, const char *keyword)
{
    return t.kind == Token::Word && t.text.compare(QLatin1String(keyword), Qt::CaseInsensitive) == 0;
}

class Parser {
public:
    explicit Parser(QList<Token> tokens)
        : m_tokens(std::move(tokens))
    {
    }

    std::shared_ptr<Node> parseWhere()
    {
        if (peek().kind == Token::End || isKeyword(peek(), "order"))
            return nullptr;
        return parseOr();
    }

    QList<SortKey> parseOrderBy()
    {
        QList<SortKey> keys;
        if (peek().kind == Token::End)
            return keys;
        if (!isKeyword(peek(), "order"))
            fail(QStringLiteral("Expecting either 'OR' or 'AND' but got '%1'."));
        next();
        if (!isKeyword(peek(), "by"))
            fail(QStringLiteral("Expecting 'by' but got '%1'."));
        next();
        do {
            const Token field = next();
            if (field.kind != Token::Word && field.kind != Token::String)
                failAt(field, QStringLiteral("Expecting a field name but got '%1'."));
            SortKey key{field.text, false};
            if (isKeyword(peek(), "asc")) {
                next();
            } else if (isKeyword(peek(), "desc")) {
                next();
                key.descending = true;
            }
            keys << key;
        } while (peek().kind == Token::Comma && (next(), true));
        if (peek().kind != Token::End)
            fail(QStringLiteral("Expecting ',' but got '%1'."));
        return keys;
    }

private:
    const Token &peek() const { return m_tokens.at(m_index); }
    Token next() { return m_tokens.at(m_index < m_tokens.size() - 1 ? m_index++ : m_index); }

    [[noreturn]] void failAt(const Token &t, const QString &what)
    {
        const QString got = t.kind == Token::End ? QStringLiteral("EOF") : t.text;
        throw SyntaxError{
            QStringLiteral("Error in the JQL Query: %1 (line 1, character %2)").arg(what.arg(got)).arg(t.position)};
    }
    [[noreturn]] void fail(const QString &what) { failAt(peek(), what); }

    std::shared_ptr<Node> parseOr()
    {
        auto left = parseAnd();
        while (isKeyword(peek(), "or")) {
            next();
            auto node = std::make_shared<Node>();
            node->kind = Node::Or;
            node->children = {left, parseAnd()};
            left = node;
        }
        return left;
    }

    std::shared_ptr<Node> parseAnd()
    {
        auto left = parseNot();
        while (isKeyword(peek(), "and")) {
            next();
            auto node = std::make_shared<Node>();
            node->kind = Node::And;
            node->children = {left, parseNot()};
            left = node;
        }
        return left;
    }

    std::shared_ptr<Node> parseNot()
    {
        if (isKeyword(peek(), "not")) {
            next();
            auto node = std::make_shared<Node>();
            node->kind = Node::Not;
            node->children = {parseNot()};
            return node;
        }
        if (peek().kind == Token::LeftParen) {
            next();
            auto inner = parseOr();
            if (peek().kind != Token::RightParen)
                fail(QStringLiteral("Expecting ')' but got '%1'."));
            next();
            return inner;
        }
        return parseClause();
    }

    std::shared_ptr<Node> parseClause()
    {
        const Token field = next();
        if (field.kind != Token::Word && field.kind != Token::String)
            failAt(field, QStringLiteral("Expecting a field name but got '%1'."));
        for (const char *reserved : {"and", "or", "order", "in", "is", "empty", "null"}) {
            if (isKeyword(field, reserved))
                failAt(field, QStringLiteral("Expecting a field name but got '%1'."));
        }
        auto node = std::make_shared<Node>();
        node->field = field.text;
        node->position = field.position;

        const Token op = next();
        if (op.kind == Token::Operator) {
            node->op = op.text;
        } else if (isKeyword(op, "in")) {
            node->op = QStringLiteral("in");
        } else if (isKeyword(op, "not") && isKeyword(peek(), "in")) {
            next();
            node->op = QStringLiteral("not in");
        } else if (isKeyword(op, "is")) {
            node->op = QStringLiteral("is");
            if (isKeyword(peek(), "not")) {
                next();
                node->op = QStringLiteral("is not");
            }
        } else if (isKeyword(op, "was") || isKeyword(op, "changed")) {
            failAt(op, QStringLiteral("The operator '%1' is not supported by the sandbox."));
        } else {
            failAt(op,
                   QStringLiteral("Expecting operator but got '%1'. Valid operators are '=', '!=', '<', '>', "
                                  "'<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'."));
        }
        node->operand = parseOperand(node->op == QStringLiteral("in") || node->op == QStringLiteral("not in"));
        if ((node->op == QStringLiteral("is") || node->op == QStringLiteral("is not"))
            && node->operand.kind != Operand::Empty)
            failAt(op, QStringLiteral("The operator '%1' can only be used with the values 'EMPTY' or 'NULL'."));
        return node;
    }

    Operand parseOperand(bool list)
    {
        if (list) {
            if (peek().kind != Token::LeftParen)
                fail(QStringLiteral("Expecting '(' but got '%1'."));
            next();
            Operand operand;
            operand.kind = Operand::List;
            do {
                operand.items << parseOperand(false);
            } while (peek().kind == Token::Comma && (next(), true));
            if (peek().kind != Token::RightParen)
                fail(QStringLiteral("Expecting ')' but got '%1'."));
            next();
            return operand;
        }
        const Token value = next();
        Operand operand;
        if (value.kind == Token::String) {
            operand.text = value.text;
            return operand;
        }
        if (value.kind != Token::Word)
            failAt(value, QStringLiteral("Expecting either a value, list or function but got '%1'."));
        if (isKeyword(value, "empty") || isKeyword(value, "null")) {
            operand.kind = Operand::Empty;
            return operand;
        }
        if (peek().kind == Token::LeftParen) {
            next();
            if (peek().kind != Token::RightParen)
                fail(QStringLiteral("Function arguments are not supported by the sandbox; got '%1'."));
            next();
            operand.kind = Operand::Function;
            operand.text = value.text;
            return operand;
        }
        operand.text = value.text;
        return operand;
    }

    QList<Token> m_tokens;
    qsizetype m_index = 0;
};

// ---------------------------------------------------------------------------------------
// Compilation against the scheme

enum class Kind {
    Project,
    Key,
    Id,
    IssueType,
    Status,
    StatusCategory,
    Priority,
    Resolution,
    User,
    Labels,
    Components,
    Versions,
    Parent,
    Text,
    AllText,
    DateTime,
    Date,
    Number,
    Option,
    Options,
    EpicLink,
    Property,
};

struct FieldRef {
    Kind kind;
    QString fieldId; // stored field id ("assignee", "customfield_10016", "fixVersions", …)
    QString name; // as written in the query, for messages
    QStringList path; // Property: key then path segments
};

struct Condition {
    FieldRef field;
    QString op;
    bool empty = false; // IS [NOT] EMPTY, or = EMPTY
    QStringList values; // canonical values to compare (ids, keys, lower-cased names, texts)
    std::optional<double> number; // relational comparisons on numbers, dates and keys
};

class CompileError {
public:
    QString message;
};

struct Compiled {
    enum Kind { And, Or, Not, Leaf } kind = Leaf;
    std::vector<Compiled> children;
    Condition condition;
};

qint64 keyNumber(const QString &key)
{
    return key.section(u'-', -1).toLongLong();
}

} // namespace

struct JqlQuery::Private {
    Store *store = nullptr;
    std::optional<Compiled> where;
    QList<QPair<FieldRef, bool>> orderBy;
    QString currentUserId;

    FieldRef resolveField(const QString &name, int position) const;
    Compiled compile(const Node &node) const;
    Condition compileClause(const Node &node) const;
    QString resolveValue(const FieldRef &field, const Operand &operand, bool relational) const;
    double relationalValue(const FieldRef &field, const QString &value) const;

    bool matches(const Compiled &c, const Issue &issue) const;
    bool test(const Condition &c, const Issue &issue) const;
    QStringList valuesOf(const FieldRef &field, const Issue &issue) const;
    std::optional<double> numberOf(const FieldRef &field, const Issue &issue) const;
    QString sortText(const FieldRef &field, const Issue &issue) const;
};

namespace {

QString unsupportedOperator(const QString &op, const QString &field)
{
    return QStringLiteral("The operator '%1' is not supported by the '%2' field.").arg(op.toUpper(), field);
}

/// Jira's date formats, resolved to the minute, in UTC (the sandbox users' time zone).
std::optional<qint64> parseJqlDate(const QString &text, qint64 now)
{
    static const QRegularExpression relative(QStringLiteral(R"(^\s*([-+]?)\s*((?:\d+\s*[wdhm]\s*)+)$)"),
                                             QRegularExpression::CaseInsensitiveOption);
    const auto rel = relative.match(text);
    if (rel.hasMatch()) {
        static const QRegularExpression part(QStringLiteral(R"((\d+)\s*([wdhm]))"),
                                             QRegularExpression::CaseInsensitiveOption);
        qint64 minutes = 0;
        auto it = part.globalMatch(rel.captured(2));
        while (it.hasNext()) {
            const auto m = it.next();
            const qint64 n = m.captured(1).toLongLong();
            const QChar unit = m.captured(2).at(0).toLower();
            minutes += unit == u'w' ? n * 7 * 24 * 60 : unit == u'd' ? n * 24 * 60 : unit == u'h' ? n * 60 : n;
        }
        const qint64 sign = rel.captured(1) == QStringLiteral("-") ? -1 : 1;
        const qint64 at = now + sign * minutes * 60'000;
        return at - at % 60'000;
    }
    for (const QString &format : {QStringLiteral("yyyy/MM/dd HH:mm"), QStringLiteral("yyyy-MM-dd HH:mm"),
                                  QStringLiteral("yyyy/MM/dd"), QStringLiteral("yyyy-MM-dd")}) {
        QDateTime parsed = QDateTime::fromString(text.trimmed(), format);
        if (parsed.isValid()) {
            parsed.setTimeZone(QTimeZone::utc());
            return parsed.toMSecsSinceEpoch();
        }
    }
    return std::nullopt;
}

} // namespace

FieldRef JqlQuery::Private::resolveField(const QString &name, int position) const
{
    Q_UNUSED(position)
    const QString lower = name.toLower();
    static const QHash<QString, QPair<Kind, QString>> system = {
        {QStringLiteral("project"), {Kind::Project, QStringLiteral("project")}},
        {QStringLiteral("key"), {Kind::Key, QString()}},
        {QStringLiteral("issuekey"), {Kind::Key, QString()}},
        {QStringLiteral("id"), {Kind::Id, QString()}},
        {QStringLiteral("issuetype"), {Kind::IssueType, QStringLiteral("issuetype")}},
        {QStringLiteral("type"), {Kind::IssueType, QStringLiteral("issuetype")}},
        {QStringLiteral("status"), {Kind::Status, QStringLiteral("status")}},
        {QStringLiteral("statuscategory"), {Kind::StatusCategory, QStringLiteral("status")}},
        {QStringLiteral("priority"), {Kind::Priority, QStringLiteral("priority")}},
        {QStringLiteral("resolution"), {Kind::Resolution, QStringLiteral("resolution")}},
        {QStringLiteral("assignee"), {Kind::User, QStringLiteral("assignee")}},
        {QStringLiteral("reporter"), {Kind::User, QStringLiteral("reporter")}},
        {QStringLiteral("creator"), {Kind::User, QStringLiteral("creator")}},
        {QStringLiteral("labels"), {Kind::Labels, QStringLiteral("labels")}},
        {QStringLiteral("label"), {Kind::Labels, QStringLiteral("labels")}},
        {QStringLiteral("component"), {Kind::Components, QStringLiteral("components")}},
        {QStringLiteral("fixversion"), {Kind::Versions, QStringLiteral("fixVersions")}},
        {QStringLiteral("affectedversion"), {Kind::Versions, QStringLiteral("versions")}},
        {QStringLiteral("parent"), {Kind::Parent, QStringLiteral("parent")}},
        {QStringLiteral("summary"), {Kind::Text, QStringLiteral("summary")}},
        {QStringLiteral("description"), {Kind::Text, QStringLiteral("description")}},
        {QStringLiteral("environment"), {Kind::Text, QStringLiteral("environment")}},
        {QStringLiteral("comment"), {Kind::Text, QStringLiteral("comment")}},
        {QStringLiteral("text"), {Kind::AllText, QString()}},
        {QStringLiteral("created"), {Kind::DateTime, QStringLiteral("created")}},
        {QStringLiteral("createddate"), {Kind::DateTime, QStringLiteral("created")}},
        {QStringLiteral("updated"), {Kind::DateTime, QStringLiteral("updated")}},
        {QStringLiteral("updateddate"), {Kind::DateTime, QStringLiteral("updated")}},
        {QStringLiteral("resolved"), {Kind::DateTime, QStringLiteral("resolutiondate")}},
        {QStringLiteral("resolutiondate"), {Kind::DateTime, QStringLiteral("resolutiondate")}},
        {QStringLiteral("due"), {Kind::Date, QStringLiteral("duedate")}},
        {QStringLiteral("duedate"), {Kind::Date, QStringLiteral("duedate")}},
    };
    const auto it = system.constFind(lower);
    if (it != system.constEnd())
        return {it->first, it->second, name, {}};

    static const QRegularExpression property(QStringLiteral(R"(^issue\.property\[([^\]]+)\]((?:\.[A-Za-z0-9_-]+)*)$)"),
                                             QRegularExpression::CaseInsensitiveOption);
    const auto pm = property.match(name);
    if (pm.hasMatch()) {
        QStringList path{pm.captured(1)};
        path << pm.captured(2).split(u'.', Qt::SkipEmptyParts);
        return {Kind::Property, QString(), name, path};
    }

    const FieldDefinition *custom = store->scheme().fieldByClause(name);
    if (custom && custom->isCustom()) {
        switch (custom->kind) {
        case FieldKind::Number:
            return {Kind::Number, custom->id, name, {}};
        case FieldKind::Date:
            return {Kind::Date, custom->id, name, {}};
        case FieldKind::Option:
            return {Kind::Option, custom->id, name, {}};
        case FieldKind::Options:
            return {Kind::Options, custom->id, name, {}};
        case FieldKind::User:
            return {Kind::User, custom->id, name, {}};
        case FieldKind::EpicLink:
            return {Kind::EpicLink, custom->id, name, {}};
        case FieldKind::Text:
        case FieldKind::RichText:
            return {Kind::Text, custom->id, name, {}};
        default:
            break;
        }
    }
    throw CompileError{QStringLiteral("Field '%1' does not exist or you do not have permission to view it.").arg(name)};
}

QString JqlQuery::Private::resolveValue(const FieldRef &field, const Operand &operand, bool relational) const
{
    const Scheme &scheme = store->scheme();
    if (operand.kind == Operand::Function) {
        const QString function = operand.text.toLower();
        if (function == QStringLiteral("currentuser") && field.kind == Kind::User)
            return currentUserId;
        if ((function == QStringLiteral("now") || function == QStringLiteral("startofday")
             || function == QStringLiteral("endofday"))
            && (field.kind == Kind::DateTime || field.kind == Kind::Date)) {
            QDateTime now = QDateTime::currentDateTimeUtc();
            if (function == QStringLiteral("startofday"))
                now.setTime(QTime(0, 0));
            else if (function == QStringLiteral("endofday"))
                now.setTime(QTime(23, 59, 59, 999));
            return QString::number(now.toMSecsSinceEpoch());
        }
        throw CompileError{QStringLiteral("Unable to find JQL function '%1()'.").arg(operand.text)};
    }
    const QString value = operand.text;
    const auto missing = [&](const QString &fieldName) {
        return CompileError{QStringLiteral("The value '%1' does not exist for the field '%2'.").arg(value, fieldName)};
    };
    switch (field.kind) {
    case Kind::Project: {
        for (const Project *p : store->projects()) {
            if (p->key.compare(value, Qt::CaseInsensitive) == 0 || QString::number(p->id) == value
                || p->name.compare(value, Qt::CaseInsensitive) == 0)
                return QString::number(p->id);
        }
        throw missing(field.name);
    }
    case Kind::Key:
    case Kind::Parent:
    case Kind::EpicLink: {
        static const QRegularExpression keyPattern(QStringLiteral(R"(^[A-Za-z][A-Za-z0-9_]*-\d+$)"));
        bool numeric = false;
        value.toLongLong(&numeric);
        if (!numeric && !keyPattern.match(value).hasMatch())
            throw CompileError{QStringLiteral("The issue key '%1' for field '%2' is invalid.").arg(value, field.name)};
        if (relational)
            return value.toUpper();
        Issue *issue = store->issue(value);
        if (!issue)
            throw CompileError{
                QStringLiteral("An issue with key '%1' does not exist for field '%2'.").arg(value, field.name)};
        return QString::number(issue->id);
    }
    case Kind::Id:
        return value;
    case Kind::IssueType: {
        if (const IssueType *t = scheme.issueType(value))
            return t->id;
        throw missing(field.name);
    }
    case Kind::Status: {
        if (const Status *s = scheme.status(value))
            return s->id;
        throw missing(field.name);
    }
    case Kind::StatusCategory: {
        if (const StatusCategory *c = scheme.category(value))
            return c->key;
        throw missing(field.name);
    }
    case Kind::Priority: {
        if (const NamedItem *p = scheme.priority(value))
            return p->id;
        throw missing(field.name);
    }
    case Kind::Resolution: {
        if (value.compare(QStringLiteral("Unresolved"), Qt::CaseInsensitive) == 0)
            return QString();
        if (const NamedItem *r = scheme.resolution(value))
            return r->id;
        throw missing(field.name);
    }
    case Kind::User: {
        if (const User *u = store->findUser(value))
            return u->id;
        for (const User &u : store->users()) {
            if (u.displayName.compare(value, Qt::CaseInsensitive) == 0)
                return u.id;
        }
        throw missing(field.name);
    }
    case Kind::Option:
    case Kind::Options: {
        const FieldDefinition *definition = scheme.field(field.fieldId);
        for (const OptionValue &o : definition->options) {
            if (o.id == value || o.value.compare(value, Qt::CaseInsensitive) == 0)
                return o.id;
        }
        throw CompileError{
            QStringLiteral("The option '%1' for field '%2' does not exist.").arg(value, definition->name)};
    }
    case Kind::Components:
    case Kind::Versions: {
        for (const Project *p : store->projects()) {
            const QList<ProjectItem> &items = field.kind == Kind::Components ? p->components : p->versions;
            for (const ProjectItem &item : items) {
                if (item.id == value || item.name.compare(value, Qt::CaseInsensitive) == 0)
                    return item.name.toLower();
            }
        }
        throw missing(field.name);
    }
    case Kind::DateTime:
    case Kind::Date: {
        const auto at = parseJqlDate(value, QDateTime::currentMSecsSinceEpoch());
        if (!at)
            throw CompileError{QStringLiteral("Date value '%1' for field '%2' is invalid. Valid formats include: "
                                              "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', "
                                              "or a period format e.g. '-5d', '4w 2d'.")
                                   .arg(value, field.name)};
        return QString::number(*at);
    }
    case Kind::Number: {
        bool ok = false;
        value.toDouble(&ok);
        if (!ok)
            throw CompileError{
                QStringLiteral("The value '%1' is not a valid number for the field '%2'.").arg(value, field.name)};
        return value;
    }
    case Kind::Labels:
    case Kind::Property:
        return value;
    case Kind::Text:
    case Kind::AllText:
        return value.toLower();
    }
    return value;
}

double JqlQuery::Private::relationalValue(const FieldRef &field, const QString &value) const
{
    if (field.kind == Kind::Key || field.kind == Kind::Parent) // keys order by number within a project
        return double(keyNumber(value));
    return value.toDouble();
}

Condition JqlQuery::Private::compileClause(const Node &node) const
{
    Condition c;
    c.field = resolveField(node.field, node.position);
    c.op = node.op;
    const bool text = c.field.kind == Kind::Text || c.field.kind == Kind::AllText;
    const bool relational = c.op == QStringLiteral("<") || c.op == QStringLiteral("<=") || c.op == QStringLiteral(">")
        || c.op == QStringLiteral(">=");
    const bool like = c.op == QStringLiteral("~") || c.op == QStringLiteral("!~");

    if (like && !text)
        throw CompileError{unsupportedOperator(c.op, node.field)};
    if (text && !like && c.op != QStringLiteral("is") && c.op != QStringLiteral("is not"))
        throw CompileError{unsupportedOperator(c.op, node.field)};
    if (relational
        && !(c.field.kind == Kind::DateTime || c.field.kind == Kind::Date || c.field.kind == Kind::Number
             || c.field.kind == Kind::Key || c.field.kind == Kind::Id || c.field.kind == Kind::Property))
        throw CompileError{unsupportedOperator(c.op, node.field)};

    if (node.operand.kind == Operand::Empty) {
        c.empty = true;
        if (c.op == QStringLiteral("="))
            c.op = QStringLiteral("is");
        else if (c.op == QStringLiteral("!="))
            c.op = QStringLiteral("is not");
        else if (c.op != QStringLiteral("is") && c.op != QStringLiteral("is not"))
            throw CompileError{unsupportedOperator(c.op, node.field)};
        return c;
    }
    const QList<Operand> operands
        = node.operand.kind == Operand::List ? node.operand.items : QList<Operand>{node.operand};
    for (const Operand &operand : operands) {
        if (operand.kind == Operand::Empty) {
            c.empty = true;
            continue;
        }
        c.values << resolveValue(c.field, operand, relational);
    }
    if (relational && !c.values.isEmpty())
        c.number = relationalValue(c.field, c.values.first());
    return c;
}

Compiled JqlQuery::Private::compile(const Node &node) const
{
    Compiled c;
    switch (node.kind) {
    case Node::And:
        c.kind = Compiled::And;
        break;
    case Node::Or:
        c.kind = Compiled::Or;
        break;
    case Node::Not:
        c.kind = Compiled::Not;
        break;
    case Node::Clause:
        c.kind = Compiled::Leaf;
        c.condition = compileClause(node);
        return c;
    }
    for (const auto &child : node.children)
        c.children.push_back(compile(*child));
    return c;
}

QStringList JqlQuery::Private::valuesOf(const FieldRef &field, const Issue &issue) const
{
    const QJsonValue stored = issue.fields.value(field.fieldId);
    switch (field.kind) {
    case Kind::Project:
        return {QString::number(issue.projectId)};
    case Kind::Key:
        return {QString::number(issue.id)};
    case Kind::Id:
        return {QString::number(issue.id)};
    case Kind::StatusCategory: {
        const Status *s = store->scheme().status(issue.string(QStringLiteral("status")));
        return s ? QStringList{s->categoryKey} : QStringList{};
    }
    case Kind::Parent:
        return issue.parentId() ? QStringList{QString::number(issue.parentId())} : QStringList{};
    case Kind::EpicLink: {
        const qint64 epic = stored.toInteger();
        return epic ? QStringList{QString::number(epic)} : QStringList{};
    }
    case Kind::Labels:
    case Kind::Options: {
        QStringList values;
        for (const QJsonValue &v : stored.toArray())
            values << v.toString();
        return values;
    }
    case Kind::Components:
    case Kind::Versions: {
        const Project *project = store->project(issue.projectId);
        const QList<ProjectItem> &items = field.kind == Kind::Components ? project->components : project->versions;
        QStringList values;
        for (const QJsonValue &v : stored.toArray()) {
            for (const ProjectItem &item : items) {
                if (item.id == v.toString())
                    values << item.name.toLower();
            }
        }
        return values;
    }
    case Kind::Text: {
        if (field.fieldId == QStringLiteral("comment")) {
            QStringList texts;
            for (const Comment &c : issue.comments)
                texts
                    << QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("b"), c.body}}).toJson()).toLower();
            return texts;
        }
        if (stored.isNull() || stored.isUndefined() || (stored.isString() && stored.toString().isEmpty()))
            return {};
        return {stored.isString() ? stored.toString().toLower()
                                  : QString::fromUtf8(QJsonDocument(stored.toObject()).toJson()).toLower()};
    }
    case Kind::AllText: {
        QStringList texts;
        for (const QString &f :
             {QStringLiteral("summary"), QStringLiteral("description"), QStringLiteral("environment")})
            texts << valuesOf({Kind::Text, f, f, {}}, issue);
        texts << valuesOf({Kind::Text, QStringLiteral("comment"), QString(), {}}, issue);
        return texts;
    }
    case Kind::DateTime: {
        const qint64 at = field.fieldId == QStringLiteral("created") ? issue.created
            : field.fieldId == QStringLiteral("updated")             ? issue.updated
                                                                     : issue.resolutionDate;
        return at ? QStringList{QString::number(at)} : QStringList{};
    }
    case Kind::Date: {
        if (!stored.isString() || stored.toString().isEmpty())
            return {};
        QDateTime day = QDateTime::fromString(stored.toString(), QStringLiteral("yyyy-MM-dd"));
        day.setTimeZone(QTimeZone::utc());
        return {QString::number(day.toMSecsSinceEpoch())};
    }
    case Kind::Number:
        return stored.isDouble() ? QStringList{QString::number(stored.toDouble())} : QStringList{};
    case Kind::Property: {
        QJsonValue v = issue.properties.value(field.path.first());
        for (qsizetype i = 1; i < field.path.size(); ++i)
            v = v.toObject().value(field.path.at(i));
        if (v.isArray()) {
            QStringList values;
            for (const QJsonValue &item : v.toArray())
                values << item.toVariant().toString();
            return values;
        }
        if (v.isNull() || v.isUndefined())
            return {};
        return {v.toVariant().toString()};
    }
    default:
        return stored.isString() && !stored.toString().isEmpty() ? QStringList{stored.toString()} : QStringList{};
    }
}

std::optional<double> JqlQuery::Private::numberOf(const FieldRef &field, const Issue &issue) const
{
    if (field.kind == Kind::Key)
        return double(keyNumber(issue.key));
    const QStringList values = valuesOf(field, issue);
    if (values.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double number = values.first().toDouble(&ok);
    return ok ? std::optional<double>(number) : std::nullopt;
}

bool JqlQuery::Private::test(const Condition &c, const Issue &issue) const
{
    const QStringList actual = valuesOf(c.field, issue);
    if (c.op == QStringLiteral("is"))
        return actual.isEmpty();
    if (c.op == QStringLiteral("is not"))
        return !actual.isEmpty();
    if (c.op == QStringLiteral("~") || c.op == QStringLiteral("!~")) {
        // Every word of the query must occur in one text, as Jira's word search finds them (a
        // phrase's quotes only group its words).
        const QStringList words
            = c.values.first().split(QRegularExpression(QStringLiteral(R"([\s\*"]+)")), Qt::SkipEmptyParts);
        bool found = false;
        for (const QString &text : actual) {
            found = std::all_of(words.begin(), words.end(), [&](const QString &w) { return text.contains(w); });
            if (found)
                break;
        }
        return c.op == QStringLiteral("~") ? found : !found && !actual.isEmpty();
    }
    if (c.number) {
        if (c.field.kind == Kind::Key) {
            // Keys compare within their project: ACME-10 > ACME-9, and never with GLX-1.
            const QString project = c.values.first().section(u'-', 0, -2);
            if (issue.key.section(u'-', 0, -2).compare(project, Qt::CaseInsensitive) != 0)
                return false;
        }
        const auto value = numberOf(c.field, issue);
        if (!value)
            return false;
        if (c.op == QStringLiteral("<"))
            return *value < *c.number;
        if (c.op == QStringLiteral("<="))
            return *value <= *c.number;
        if (c.op == QStringLiteral(">"))
            return *value > *c.number;
        return *value >= *c.number;
    }
    const bool dateField = c.field.kind == Kind::DateTime || c.field.kind == Kind::Date;
    const auto equal = [&](const QString &a, const QString &b) {
        if (dateField) // JQL dates carry minutes: equal means within the same minute
            return a.toLongLong() / 60'000 == b.toLongLong() / 60'000;
        if (c.field.kind == Kind::Labels || c.field.kind == Kind::Property)
            return a == b;
        return a.compare(b, Qt::CaseInsensitive) == 0;
    };
    bool any = false;
    for (const QString &value : actual) {
        for (const QString &wanted : c.values) {
            if (equal(value, wanted))
                any = true;
        }
    }
    if (c.op == QStringLiteral("=") || c.op == QStringLiteral("in"))
        return any || (c.empty && actual.isEmpty());
    // != and NOT IN never match an empty field, as in Jira (unless EMPTY is listed).
    if (actual.isEmpty())
        return false;
    return !any;
}

bool JqlQuery::Private::matches(const Compiled &c, const Issue &issue) const
{
    switch (c.kind) {
    case Compiled::And:
        return std::all_of(c.children.begin(), c.children.end(), [&](const Compiled &x) { return matches(x, issue); });
    case Compiled::Or:
        return std::any_of(c.children.begin(), c.children.end(), [&](const Compiled &x) { return matches(x, issue); });
    case Compiled::Not:
        return !matches(c.children.front(), issue);
    case Compiled::Leaf:
        return test(c.condition, issue);
    }
    return false;
}

QString JqlQuery::Private::sortText(const FieldRef &field, const Issue &issue) const
{
    const Scheme &scheme = store->scheme();
    switch (field.kind) {
    case Kind::Project: {
        const Project *p = store->project(issue.projectId);
        return p ? p->key : QString();
    }
    case Kind::Status: {
        const Status *s = scheme.status(issue.string(QStringLiteral("status")));
        return s ? s->name : QString();
    }
    case Kind::IssueType: {
        const IssueType *t = scheme.issueType(issue.string(QStringLiteral("issuetype")));
        return t ? t->name : QString();
    }
    case Kind::User: {
        const User *u = store->user(issue.string(field.fieldId));
        return u ? u->displayName : QString();
    }
    case Kind::Text:
        return issue.string(field.fieldId);
    default: {
        const QStringList values = valuesOf(field, issue);
        return values.isEmpty() ? QString() : values.first();
    }
    }
}

JqlQuery::JqlQuery(std::unique_ptr<Private> d)
    : d(std::move(d))
{
}

JqlQuery::~JqlQuery() = default;

std::shared_ptr<const JqlQuery> JqlQuery::compile(const QString &jql, Store &store, const User *currentUser,
                                                  QString *error)
{
    auto d = std::make_unique<Private>();
    d->store = &store;
    d->currentUserId = currentUser ? currentUser->id : QString();
    try {
        Parser parser(Lexer(jql).tokens());
        const auto where = parser.parseWhere();
        const QList<SortKey> orderBy = parser.parseOrderBy();
        if (where)
            d->where = d->compile(*where);
        for (const SortKey &key : orderBy)
            d->orderBy.append({d->resolveField(key.field, 0), key.descending});
    } catch (const SyntaxError &e) {
        *error = e.message;
        return nullptr;
    } catch (const CompileError &e) {
        *error = e.message;
        return nullptr;
    }
    return std::make_shared<const JqlQuery>(std::move(d));
}

bool JqlQuery::matches(const Issue &issue) const
{
    return !d->where || d->matches(*d->where, issue);
}

void JqlQuery::sort(QList<Issue *> &issues) const
{
    const Scheme &scheme = d->store->scheme();
    // One sort value per issue and ORDER BY field, computed once: numbers (keys, ids, dates,
    // numbers, priority rank) or text. Keys order by project first, then by number.
    struct Value {
        bool empty = true;
        QString text;
        double number = 0;
    };
    const auto valueOf = [&](const FieldRef &field, const Issue &issue) {
        Value v;
        std::optional<double> number;
        switch (field.kind) {
        case Kind::Key:
            v.text = issue.key.section(u'-', 0, -2);
            number = double(keyNumber(issue.key));
            break;
        case Kind::Id:
            number = double(issue.id);
            break;
        case Kind::Priority:
            for (qsizetype i = 0; i < scheme.priorities.size(); ++i) { // the scheme's order, highest first
                if (scheme.priorities.at(i).id == issue.string(QStringLiteral("priority")))
                    number = double(i);
            }
            break;
        case Kind::DateTime:
        case Kind::Date:
        case Kind::Number:
            number = d->numberOf(field, issue);
            break;
        default:
            v.text = d->sortText(field, issue);
            v.empty = v.text.isEmpty();
            return v;
        }
        v.empty = !number.has_value();
        v.number = number.value_or(0);
        return v;
    };
    const auto compare = [](const Value &a, const Value &b) {
        if (a.empty != b.empty)
            return a.empty ? 1 : -1; // empty values last
        if (const int byText = QString::compare(a.text, b.text, Qt::CaseInsensitive); byText != 0)
            return byText;
        return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    };

    struct Entry {
        Issue *issue;
        std::vector<Value> values;
    };
    std::vector<Entry> entries;
    entries.reserve(size_t(issues.size()));
    for (Issue *issue : std::as_const(issues)) {
        Entry entry{issue, {}};
        for (const auto &[field, descending] : std::as_const(d->orderBy))
            entry.values.push_back(valueOf(field, *issue));
        entries.push_back(std::move(entry));
    }
    std::stable_sort(entries.begin(), entries.end(), [&](const Entry &a, const Entry &b) {
        for (qsizetype i = 0; i < d->orderBy.size(); ++i) {
            const int order = compare(a.values[size_t(i)], b.values[size_t(i)]);
            if (order != 0)
                return d->orderBy.at(i).second ? order > 0 : order < 0;
        }
        if (d->orderBy.isEmpty() && a.issue->created != b.issue->created)
            return a.issue->created > b.issue->created;
        return a.issue->id > b.issue->id;
    });
    for (qsizetype i = 0; i < issues.size(); ++i)
        issues[i] = entries[size_t(i)].issue;
}

} // namespace ferry::sandbox
