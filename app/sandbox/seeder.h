#pragma once

#include <QString>

namespace ferry::sandbox {

class Store;

/// Fills a project with realistic issues: rich-text descriptions, comments, labels,
/// components, priorities, statuses along the workflow, attachments, worklogs, links and
/// sub-tasks. Deterministic for a given project key, so runs compare.
void seedIssues(Store &store, const QString &projectKey, int count);

} // namespace ferry::sandbox
