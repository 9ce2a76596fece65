#!/usr/bin/env python3
"""Drives ferry-sandbox with Debian's python3-jira, used unchanged, as it would drive a real site.

Usage: jira_client_test.py /path/to/ferry-sandbox
"""
import io
import subprocess
import sys
import unittest

from jira import JIRA, JIRAError

SANDBOX = None


class Sandbox:
    """A ferry-sandbox process; its base URL comes from the READY line."""

    def __init__(self, flavor, project, issues):
        self.process = subprocess.Popen(
            [SANDBOX, "--flavor", flavor, "--seed-project", project, "--seed-issues", str(issues)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("READY "):
            self.process.kill()
            raise RuntimeError("ferry-sandbox did not start: %r" % line)
        self.url = line.split(" ", 1)[1]

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class DataCenterClient(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = Sandbox("dc", "GLX", 50)
        cls.jira = JIRA(server=cls.sandbox.url, basic_auth=("admin", "admin"))

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.close()

    def test_server_info(self):
        self.assertEqual(self.jira.server_info()["deploymentType"], "Server")
        self.assertFalse(self.jira._is_cloud)

    def test_create_search_edit_transition_comment_attach(self):
        j = self.jira
        issue = j.create_issue(project="GLX", summary="Created by python-jira", issuetype={"name": "Bug"},
                               description="h3. Steps\n# one\n# two", labels=["pyjira"])
        self.assertEqual(issue.fields.status.name, "Open")
        found = j.search_issues("project = GLX AND labels = pyjira")
        self.assertEqual([i.key for i in found], [issue.key])

        issue.update(summary="Edited by python-jira", priority={"name": "Critical"})
        issue = j.issue(issue.key)
        self.assertEqual(issue.fields.summary, "Edited by python-jira")
        self.assertEqual(issue.fields.priority.name, "Critical")

        names = [t["name"] for t in j.transitions(issue)]
        self.assertEqual(names, ["Start Progress", "Resolve Issue", "Close Issue"])
        j.transition_issue(issue, "Start Progress")
        self.assertEqual(j.issue(issue.key).fields.status.name, "In Progress")
        with self.assertRaises(JIRAError) as refused:
            j.transition_issue(issue, "3")  # Reopen is not offered from In Progress
        self.assertEqual(refused.exception.status_code, 400)

        comment = j.add_comment(issue, "A comment from python-jira")
        self.assertEqual(j.comment(issue.key, comment.id).body, "A comment from python-jira")

        attachment = j.add_attachment(issue=issue.key, attachment=io.BytesIO(b"\x00\x01binary\r\n"),
                                      filename="data.bin")
        self.assertEqual(attachment.get(), b"\x00\x01binary\r\n")

        worklog = j.add_worklog(issue, timeSpent="1h 30m", comment="did work")
        self.assertEqual(worklog.timeSpentSeconds, 5400)

        other = j.create_issue(project="GLX", summary="Blocked one", issuetype={"name": "Task"})
        j.create_issue_link("Blocks", issue.key, other.key)
        self.assertEqual([l.type.name for l in j.issue(issue.key).fields.issuelinks], ["Blocks"])

        history = j.issue(issue.key, expand="changelog").changelog.histories
        fields = [item.field for h in history for item in h.items]
        for expected in ("summary", "priority", "status", "Attachment", "Link"):
            self.assertIn(expected, fields)

    def test_paging_to_the_end(self):
        everything = self.jira.search_issues("project = GLX ORDER BY key", maxResults=False)
        keys = [i.key for i in everything]
        self.assertGreaterEqual(len(keys), 50)
        self.assertEqual(len(keys), len(set(keys)))

    def test_wrong_password(self):
        with self.assertRaises(JIRAError) as failed:
            JIRA(server=self.sandbox.url, basic_auth=("admin", "wrong"), max_retries=0).myself()
        self.assertEqual(failed.exception.status_code, 401)

    def test_personal_access_token(self):
        j = JIRA(server=self.sandbox.url, token_auth="sandbox-pat")
        self.assertEqual(j.myself()["name"], "admin")

    def test_bad_jql_is_an_error(self):
        with self.assertRaises(JIRAError) as failed:
            self.jira.search_issues("colour = red")
        self.assertIn("Field 'colour' does not exist", failed.exception.text)


class CloudClient(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = Sandbox("cloud", "ACME", 20)
        cls.jira = JIRA(server=cls.sandbox.url, basic_auth=("admin@example.com", "sandbox-token"))

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.close()

    def search(self, jql, fields="summary"):
        # python3-jira 3.4 still calls /rest/api/2/search, which Cloud has removed; search/jql is the way.
        reply = self.jira._session.get(self.sandbox.url + "/rest/api/3/search/jql",
                                       params={"jql": jql, "fields": fields})
        return reply.json()

    def test_server_info(self):
        self.assertEqual(self.jira.server_info()["deploymentType"], "Cloud")
        self.assertTrue(self.jira._is_cloud)

    def test_removed_search_answers_gone(self):
        with self.assertRaises(JIRAError) as gone:
            self.jira.search_issues("project = ACME")
        self.assertEqual(gone.exception.status_code, 410)
        self.assertIn("/rest/api/3/search/jql", gone.exception.text)

    def test_create_search_edit_transition_comment_attach(self):
        j = self.jira
        issue = j.create_issue(project="ACME", summary="Created by python-jira", issuetype={"name": "Bug"},
                               description="Hello\nworld", labels=["pyjira"])
        self.assertEqual(issue.fields.status.name, "To Do")
        self.assertEqual(issue.fields.description, "Hello\nworld")
        result = self.search("project = ACME AND labels = pyjira")
        self.assertEqual([i["key"] for i in result["issues"]], [issue.key])
        self.assertTrue(result["isLast"])

        alice = "712020:00000000-0000-4000-8000-000000000002"
        issue.update(summary="Edited", priority={"name": "High"}, assignee={"accountId": alice})
        issue = j.issue(issue.key)
        self.assertEqual((issue.fields.summary, issue.fields.priority.name, issue.fields.assignee.accountId),
                         ("Edited", "High", alice))

        j.transition_issue(issue, "31")
        done = j.issue(issue.key)
        self.assertEqual((done.fields.status.name, done.fields.resolution.name), ("Done", "Done"))

        comment = j.add_comment(issue, "A comment")
        self.assertEqual(comment.body, "A comment")
        attachment = j.add_attachment(issue=issue.key, attachment=io.BytesIO(b"bytes"), filename="x.bin")
        self.assertEqual(attachment.get(), b"bytes")

        v3 = j._session.get(self.sandbox.url + "/rest/api/3/issue/" + issue.key,
                            params={"fields": "description"}).json()
        self.assertEqual(v3["fields"]["description"]["type"], "doc")


if __name__ == "__main__":
    SANDBOX = sys.argv.pop(1)
    unittest.main(verbosity=2)
