#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace ferry::sandbox {

struct MultipartPart {
    QByteArray name;
    QString filename;
    QByteArray contentType;
    QByteArray data;
};

/// Splits a multipart/form-data body into its parts. Returns false with a reason when the
/// content type has no boundary or the body is not well formed.
bool parseMultipart(const QByteArray &contentType, const QByteArray &body, QList<MultipartPart> *parts, QString *error);

} // namespace ferry::sandbox
