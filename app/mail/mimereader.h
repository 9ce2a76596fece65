#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace ferry {

/// Reads the one thing Ferry needs from a message: its headers and the attachment of a given
/// content type. This is deliberately not a general MIME library (libcurl builds messages but does
/// not read them, and a full parser such as GMime would bring GLib for this one task): Ferry reads
/// only messages Ferry wrote, and what it takes out is a bundle that proves itself by its
/// signature, so a message the reader misunderstands is at worst left alone, never trusted.
class MimeReader {
public:
    explicit MimeReader(const QByteArray &message);

    /// A top-level header, unfolded; empty when missing.
    QByteArray header(const QByteArray &name) const;
    /// The decoded body of the first part of this content type (at any depth), with its file name.
    struct Part {
        QByteArray data;
        QString fileName;
    };
    std::optional<Part> attachment(const QByteArray &contentType) const;

private:
    struct Entity {
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        QByteArray header(const QByteArray &name) const;
    };
    static Entity parse(const QByteArray &bytes);
    static std::optional<Part> find(const Entity &entity, const QByteArray &contentType, int depth);
    /// A parameter of a header value: boundary="x" in multipart/mixed; boundary="x".
    static QByteArray parameter(const QByteArray &value, const QByteArray &name);

    Entity m_message;
};

} // namespace ferry
