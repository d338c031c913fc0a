"""Department API fixtures: a department's client issued by DoIT, a token from the bundled
provider's token endpoint (OAuth 2.0 client credentials), and an application filed at a
kiosk and paid, sent to a Revenue Department office."""
import base64

import pytest
from django.test import Client

from emitra.applications.tests.conftest import apps_demo, file_and_pay  # noqa: F401 - fixtures used here
from emitra.documents.tests.conftest import storage_dir  # noqa: F401

BASE = "/api/dept/v1"
ALL_SCOPES = ["applications:read", "applications:write", "collections:read"]


def department(code):
    from emitra.catalogue.models import Department

    return Department.objects.get(code=code)


def issue(code, scopes=ALL_SCOPES, by=None):
    """(DepartmentClient, secret) of a new client of department `code`."""
    from emitra.accounts.models import Person
    from emitra.deptapi import services

    return services.issue_client(department(code), scopes=scopes, by=by or Person.objects.get(sso_id="DOIT.ADMIN"))


def token_response(client_id, secret, scope=None):
    """The bundled provider's token endpoint, asked as a department's system asks it."""
    data = {"grant_type": "client_credentials"}
    if scope:
        data["scope"] = scope
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return Client().post("/sso/token/", data, HTTP_AUTHORIZATION=f"Basic {basic}")


def token_for(code, scopes=ALL_SCOPES):
    client, secret = issue(code, scopes)
    response = token_response(client.client_id, secret)
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


class Api:
    """A department's system calling the API with a bearer token."""

    def __init__(self, token):
        self.http = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, path, **params):
        return self.http.get(BASE + path, params, **self.headers)

    def post(self, path, body):
        return self.http.post(BASE + path, body, content_type="application/json", **self.headers)


@pytest.fixture
def filed(apps_demo, client_as):
    """A paid income certificate application at the Chaksu tehsil office (Revenue Department)."""
    return file_and_pay(client_as(apps_demo.operator), apps_demo.kiosk, office="REVENUE-JPR-CHAKSU")


@pytest.fixture
def revenue(filed):
    return Api(token_for("REVENUE"))
