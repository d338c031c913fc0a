"""DoIT issues and revokes a department's API client (F29, issue 11 req. 9): the secret is shown
once and works at the token endpoint; a revoked client's token stops at once."""
import re

from emitra.deptapi.models import DepartmentClient
from emitra.deptapi.tests.conftest import Api, department, token_response


def test_doit_issues_a_client_whose_secret_is_shown_once_and_then_revokes_it(apps_demo, client_as):
    doit = client_as(apps_demo.doit)
    assert "REVENUE" not in doit.get("/doit/api-clients/").content.decode()
    issued = doit.post("/doit/api-clients/", {"department": department("REVENUE").pk,
                                              "scopes": ["applications:read", "collections:read"]})
    assert issued.status_code == 200 and "no-store" in issued["Cache-Control"]
    page = issued.content.decode()
    client_id = re.search(r'id="client-id">([^<]+)<', page).group(1)
    secret = re.search(r'id="client-secret">([^<]+)<', page).group(1)
    client = DepartmentClient.objects.get(client_id=client_id)
    assert client.scopes == "applications:read collections:read" and client.issued_by == apps_demo.doit
    token = token_response(client_id, secret).json()["access_token"]
    assert Api(token).get("/applications").status_code == 200
    # the list never shows the secret again
    listing = doit.get("/doit/api-clients/").content.decode()
    assert client_id in listing and secret not in listing

    assert doit.get(f"/doit/api-clients/{client.pk}/revoke/").status_code == 200
    doit.post(f"/doit/api-clients/{client.pk}/revoke/")
    client.refresh_from_db()
    assert client.revoked_at is not None and client.revoked_by == apps_demo.doit
    assert Api(token).get("/applications").json()["code"] == "invalid_token"
    assert doit.post(f"/doit/api-clients/{client.pk}/revoke/").status_code == 404


def test_issuing_without_a_scope_or_twice_is_refused_beside_the_field(apps_demo, client_as):
    doit = client_as(apps_demo.doit)
    revenue = department("REVENUE").pk
    no_scope = doit.post("/doit/api-clients/", {"department": revenue})
    assert no_scope.status_code == 400 and not DepartmentClient.objects.exists()
    doit.post("/doit/api-clients/", {"department": revenue, "scopes": ["collections:read"]})
    twice = doit.post("/doit/api-clients/", {"department": revenue, "scopes": ["collections:read"]})
    assert twice.status_code == 400 and "revoke it first" in twice.content.decode()
    assert DepartmentClient.objects.count() == 1
    assert doit.post("/doit/api-clients/", {"department": "999999", "scopes": ["x"]}).status_code == 400


def test_nobody_but_doit_sees_the_page(apps_demo, client_as):
    for person in (apps_demo.dept, apps_demo.holder, apps_demo.lsp_jaipur):
        assert client_as(person).get("/doit/api-clients/").status_code == 404
