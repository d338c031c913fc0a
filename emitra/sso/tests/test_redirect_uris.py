"""Redirect URIs at the bundled provider (issue 9 item 11): the portal, a web client,
gets codes and post-logout redirects only at its URIs exactly as registered; only a
client registered as a native app (RFC 8252) has its loopback URIs match any port."""
import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from emitra.sso import services
from emitra.sso.models import Identity

pytestmark = pytest.mark.django_db

VERIFIER = "k" * 64
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()


@pytest.fixture
def signed_in_to_sso():
    Identity.objects.create_user(sso_id="MEENA.OPERATOR", password="kiosk-at-bassi-77", name="Meena",
                                 mobile="9829012345")
    client = Client()
    assert client.post("/sso/login/", {"sso_id": "MEENA.OPERATOR", "password": "kiosk-at-bassi-77"}).status_code == 302
    return client


def authorize(client, client_id, redirect_uri):
    return client.get("/sso/authorize/", {
        "response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri, "scope": "openid",
        "state": "s1", "code_challenge": CHALLENGE, "code_challenge_method": "S256"})


def allow(client, response):
    """Press "Allow" on the consent page a client without skip_authorization gets."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(response.content, "html.parser").find("form", action=lambda a: a and "authorize" in a)
    data = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    return client.post(form["action"], {**data, "allow": "Authorize"})


def code_sent_to(response):
    """The URL a code was sent to, or None."""
    if response.status_code != 302:
        return None
    location = response["Location"]
    return location.split("?")[0] if "code" in parse_qs(urlsplit(location).query) else None


def test_the_portal_gets_a_code_only_at_its_registered_port(signed_in_to_sso):
    services.ensure_portal_client(["http://127.0.0.1:8722/auth/callback/"])
    at_registered = authorize(signed_in_to_sso, services.PORTAL_CLIENT_ID, "http://127.0.0.1:8722/auth/callback/")
    assert code_sent_to(at_registered) == "http://127.0.0.1:8722/auth/callback/"
    for elsewhere in ("http://127.0.0.1:9999/auth/callback/", "http://127.0.0.1/auth/callback/",
                      "http://[::1]:8722/auth/callback/", "http://127.0.0.1:8722/auth/callback/?x=1"):
        response = authorize(signed_in_to_sso, services.PORTAL_CLIENT_ID, elsewhere)
        assert code_sent_to(response) is None, elsewhere
        assert "9999" not in response.get("Location", "")


def test_a_native_app_gets_a_code_on_any_loopback_port_but_no_other_host(signed_in_to_sso):
    services.register_native_client("desk-app", "Kiosk desk app", ["http://127.0.0.1/callback"])
    consent = authorize(signed_in_to_sso, "desk-app", "http://127.0.0.1:53124/callback")
    assert consent.status_code == 200 and "Kiosk desk app" in consent.content.decode()
    assert code_sent_to(allow(signed_in_to_sso, consent)) == "http://127.0.0.1:53124/callback"
    refused = authorize(signed_in_to_sso, "desk-app", "http://evil.example:53124/callback")
    assert code_sent_to(refused) is None and 'id="authorize-error"' in refused.content.decode()


def test_the_portal_is_sent_back_after_sign_out_only_to_its_registered_address():
    services.ensure_portal_client(["http://127.0.0.1:8722/auth/callback/"], ["http://127.0.0.1:8722/"])
    response = Client().get("/sso/end-session/", {
        "client_id": services.PORTAL_CLIENT_ID, "post_logout_redirect_uri": "http://127.0.0.1:9999/"})
    assert "Location" not in response and 'id="logout-error"' in response.content.decode()
    response = Client().get("/sso/end-session/", {
        "client_id": services.PORTAL_CLIENT_ID, "post_logout_redirect_uri": "http://127.0.0.1:8722/"})
    assert response.status_code == 302 and response["Location"] == "http://127.0.0.1:8722/"
