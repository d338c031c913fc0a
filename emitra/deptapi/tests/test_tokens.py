"""Tokens for the department API (F29, issue 11 req. 9): client credentials of the bundled
provider, scopes per client; a wrong, expired, revoked or person's token is 401 JSON with a code."""
import datetime

from django.utils import timezone
from oauth2_provider.models import AccessToken, Application

from emitra.deptapi import services
from emitra.deptapi.tests.conftest import Api, issue, token_for, token_response


def test_the_secret_is_kept_only_as_a_hash_and_gets_a_token(apps_demo):
    client, secret = issue("REVENUE")
    app = Application.objects.get(client_id=client.client_id)
    assert app.client_secret != secret and secret not in app.client_secret
    assert app.authorization_grant_type == "client-credentials"
    response = token_response(client.client_id, secret)
    assert response.status_code == 200
    assert set(response.json()["scope"].split()) == {"applications:read", "applications:write", "collections:read"}
    assert token_response(client.client_id, secret + "x").status_code == 401


def test_a_client_gets_only_the_scopes_doit_granted_it(apps_demo):
    client, secret = issue("REVENUE", scopes=["collections:read"])
    assert token_response(client.client_id, secret, scope="applications:read").json()["error"] == "invalid_scope"
    assert token_response(client.client_id, secret, scope="openid profile").json()["error"] == "invalid_scope"
    token = token_response(client.client_id, secret).json()
    assert token["scope"] == "collections:read"
    refused = Api(token["access_token"]).get("/applications")
    assert refused.status_code == 403 and refused.json()["code"] == "insufficient_scope"


def test_missing_wrong_and_expired_tokens_are_401_with_a_code(filed):
    missing = Api(None).get(f"/applications/{filed.number}")
    assert missing.status_code == 401 and missing.json()["code"] == "token_missing"
    assert missing["WWW-Authenticate"].startswith("Bearer")
    wrong = Api("x" * 30).get(f"/applications/{filed.number}")
    assert wrong.status_code == 401 and wrong.json()["code"] == "invalid_token"
    basic = Api(None)
    basic.headers = {"HTTP_AUTHORIZATION": "Basic eDp5"}
    assert basic.get("/applications").json()["code"] == "invalid_token"

    token = token_for("REVENUE")
    AccessToken.objects.filter(application__client_id__startswith="dept-revenue-").update(
        expires=timezone.now() - datetime.timedelta(seconds=1))
    expired = Api(token).post(f"/applications/{filed.number}/moves", {"action": "take_up", "remark": "Too late now"})
    assert expired.status_code == 401 and expired.json()["code"] == "token_expired"
    filed.refresh_from_db()
    assert filed.state == "submitted"


def test_a_revoked_client_loses_its_tokens_and_gets_no_new_one(filed):
    client, secret = issue("REVENUE")
    token = token_response(client.client_id, secret).json()["access_token"]
    assert Api(token).get("/applications").status_code == 200
    services.revoke_client(client, by=client.issued_by)
    revoked = Api(token).get("/applications")
    assert revoked.status_code == 401 and revoked.json()["code"] == "invalid_token"
    assert token_response(client.client_id, secret).status_code == 401
    # and the department may be issued a new one
    issue("REVENUE")


def test_a_persons_token_does_not_open_the_api(filed, apps_demo):
    from emitra.sso.models import Identity

    portal = Application.objects.create(name="e-Mitra portal", client_id="emitra-portal-test",
                                        client_type="public", authorization_grant_type="authorization-code",
                                        redirect_uris="http://127.0.0.1/auth/callback/")
    identity = Identity.objects.get(sso_id="TEHSIL.CHAKSU")
    AccessToken.objects.create(user=identity, application=portal, token="person-token-of-tehsil-chaksu",
                               expires=timezone.now() + datetime.timedelta(hours=1),
                               scope="openid applications:read")
    response = Api("person-token-of-tehsil-chaksu").get("/applications")
    assert response.status_code == 401 and response.json()["code"] == "invalid_token"


def test_one_live_client_per_department(apps_demo):
    issue("REVENUE")
    try:
        issue("REVENUE")
    except services.ClientError as e:
        assert e.field == "department"
    else:
        raise AssertionError("a second live client was issued")
