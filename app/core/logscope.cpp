#include "core/logscope.h"

namespace ferry {

namespace {
thread_local QString t_pair;
thread_local QString t_issue;
} // namespace

LogScope::LogScope(const QString &pair, const QString &issue)
    : m_outerPair(t_pair)
    , m_outerIssue(t_issue)
{
    t_pair = pair;
    t_issue = issue;
}

LogScope::~LogScope()
{
    t_pair = m_outerPair;
    t_issue = m_outerIssue;
}

QString LogScope::currentPair()
{
    return t_pair;
}

QString LogScope::currentIssue()
{
    return t_issue;
}

} // namespace ferry
