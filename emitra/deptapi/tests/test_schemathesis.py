"""Schemathesis against the department API's OpenAPI document on a running server (F29, issue 11
req. 9): every operation, valid and invalid requests, every check; it must find no failure.

The server is the test's live server over real HTTP; the token comes from the bundled provider's
token endpoint over HTTP too, as a department's system gets it. The application number is fixed
to a real one (so the answers about a real application, its documents and its moves are checked
against the document, not only 404s); everything else schemathesis makes up.
"""
import base64
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from emitra.deptapi.tests.conftest import issue

pytestmark = pytest.mark.django_db(transaction=True)

# What no schema can say: a base64 file that is not a PDF, JPEG or PNG, an output document with a
# move other than approve. The API answers those 422 document_refused, and says so in its document.
CONFIG = """
[parameters]
"path.number" = "{number}"

[[operations]]
include-name = "POST /api/dept/v1/applications/{{number}}/moves"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]
"""


def test_schemathesis_finds_no_failure_in_the_api_on_a_running_server(live_server, apps_demo, client_as, tmp_path):
    from emitra.applications.tests.conftest import file_and_pay

    application = file_and_pay(client_as(apps_demo.operator), apps_demo.kiosk, office="REVENUE-JPR-CHAKSU")
    client, secret = issue("REVENUE")
    answer = requests.post(f"{live_server.url}/sso/token/", data={"grant_type": "client_credentials"},
                           headers={"Authorization": "Basic " + base64.b64encode(
                               f"{client.client_id}:{secret}".encode()).decode()}, timeout=30)
    assert answer.status_code == 200, answer.text
    token = answer.json()["access_token"]
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.format(number=application.number))

    st = Path(sys.executable).with_name("st")
    run = subprocess.run(
        [str(st), "--config-file", str(config), "run", f"{live_server.url}/api/dept/v1/openapi.json",
         "--header", f"Authorization: Bearer {token}", "--checks", "all", "--max-examples", "30",
         "--workers", "1", "--seed", "20261202", "--request-timeout", "30", "--no-color"],
        capture_output=True, text=True, timeout=900, cwd=tmp_path)  # its cache folder goes there too
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert "No issues found" in run.stdout or "passed" in run.stdout, run.stdout[-3000:]
    # it reached the real application, not only made-up numbers
    from emitra.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="api.call", detail__path=f"/api/dept/v1/applications/{application.number}",
                                     detail__status=200).exists()
