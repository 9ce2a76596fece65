#pragma once

#include "sandbox/render.h"

namespace ferry::sandbox {

/// Applies the `fields` and `update` parts of a create or edit request to an issue, as Jira
/// does: values in Jira's input shapes, its validation messages per field, and the changelog
/// items for what changed.
class FieldEditor {
public:
    FieldEditor(const Renderer &renderer, Issue &issue, bool creating);

    void setFields(const QJsonObject &fields);
    void applyUpdate(const QJsonObject &update);
    /// Checks what a complete issue needs (summary, issue type, parent of a sub-task).
    void checkComplete();
    /// Refuses each field set so far that the issue's type leaves off its screens (after the
    /// type itself may have been set).
    void checkScreen();

    bool hasErrors() const { return !m_errors.isEmpty(); }
    QJsonObject errors() const { return m_errors; }
    /// Changelog items for every field whose value differs from before the edit.
    QList<ChangeItem> changes() const;

    /// Seconds of a Jira duration ("1w 2d 3h 30m"; a day is 8 hours, a week 5 days), or -1.
    static qint64 parseDuration(const QString &text);

private:
    const FieldDefinition *editableField(const QString &id);
    QJsonValue convert(const FieldDefinition &field, const QJsonValue &input, QString *error) const;
    QString convertSingle(const FieldDefinition &field, const QJsonValue &input, QString *error) const;
    void addError(const QString &field, const QString &message);

    const Renderer &m_renderer;
    Issue &m_issue;
    const QJsonObject m_before;
    const bool m_creating;
    QJsonObject m_errors;
    QStringList m_touched; ///< the fields set, for checkScreen()
};

} // namespace ferry::sandbox
