#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace ferry {

/// What went wrong with a Jira request, in Jira's own terms and in a sentence an admin can act on.
struct JiraError {
    enum class Kind {
        None,
        Network, ///< the site could not be reached
        Timeout, ///< no data moved for too long
        Tls, ///< the certificate is not trusted, expired, or for another host
        Redirect, ///< a redirect Ferry refuses to follow (downgrade to http, too many)
        Http, ///< Jira answered with an error status
        RateLimited, ///< still refused after waiting as long as Jira asked
        OutcomeUnknown, ///< a request that creates something may or may not have reached Jira
        Aborted,
        BadResponse, ///< the answer is not what the API documents
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    QStringList errorMessages; ///< Jira's errorMessages
    QMap<QString, QString> fieldErrors; ///< Jira's errors: field → message
    QString detail; ///< the transport's or Ferry's own words

    bool isError() const { return kind != Kind::None; }
    /// "HTTP 400: Field 'priority' cannot be set. It is not on the appropriate screen, or unknown."
    QString sentence() const;
    /// Reads Jira's error body {"errorMessages": [...], "errors": {...}} into this error.
    void readBody(const QByteArray &body);
};

} // namespace ferry
