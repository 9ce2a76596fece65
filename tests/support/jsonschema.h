#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace ferry::test {

/// Validates JSON values against JSON Schema (draft-04 keywords) as used by OpenAPI 3
/// component schemas and by the ADF schema: $ref (local), type, nullable, enum, properties,
/// required, additionalProperties, items, allOf, anyOf, oneOf, minItems, maxItems,
/// minLength, maxLength, minimum, maximum, pattern. Formats are not checked.
class JsonSchemaValidator {
public:
    /// root is the document that local "$ref"s ("#/components/schemas/X") point into.
    explicit JsonSchemaValidator(QJsonObject root);

    /// Loads a JSON document from a file; an empty object when it cannot be read.
    static QJsonObject loadDocument(const QString &path);

    /// Problems found, each with its JSON path; empty when the value is valid.
    QStringList validate(const QJsonValue &value, const QJsonObject &schema) const;
    QStringList validate(const QJsonValue &value, const QString &ref) const;

    QJsonObject resolve(const QString &ref) const;
    const QJsonObject &root() const { return m_root; }

private:
    void check(const QJsonValue &value, const QJsonObject &schema, const QString &path, QStringList *problems,
               int depth) const;

    QJsonObject m_root;
};

} // namespace ferry::test
