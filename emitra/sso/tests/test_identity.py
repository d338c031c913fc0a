"""The bundled identity provider: registering an SSO ID, signing in, and
resetting a forgotten password with a one-time code (F2, F7)."""
import json
import re

import pytest
from django.conf import settings
from django.core import mail

from emitra.sso.models import Identity, ResetCode

pytestmark = pytest.mark.django_db

GOOD = {"sso_id": "ramesh.sharma", "name": "Ramesh  Sharma", "mobile": "+91 98290 12345",
        "email": "ramesh@example.com", "password1": "kiosk-at-bassi-77", "password2": "kiosk-at-bassi-77"}


def test_it_registers_an_sso_id_upper_cased_and_signs_in(client):
    r = client.post("/sso/register/", GOOD)
    assert r.status_code == 302
    identity = Identity.objects.get()
    assert identity.sso_id == "RAMESH.SHARMA" and identity.mobile == "9829012345" and identity.name == "Ramesh Sharma"
    assert identity.password.startswith("md5$") or identity.password.startswith("argon2")
    client.post("/sso/logout/")
    r = client.post("/sso/login/", {"sso_id": "Ramesh.Sharma", "password": GOOD["password1"]})
    assert r.status_code == 302


def test_sso_ids_are_unique_whatever_the_case(client):
    Identity.objects.create_user(sso_id="RAMESH.SHARMA", password="x", name="R", mobile="9829012345")
    body = client.post("/sso/register/", GOOD).content.decode()
    assert "This SSO ID is taken" in body
    assert Identity.objects.count() == 1


@pytest.mark.parametrize("field,value,message", [
    ("sso_id", "abc", "4 to 30 letters"),
    ("sso_id", "ram esh", "4 to 30 letters"),
    ("sso_id", "x" * 31, "at most 30 characters"),
    ("mobile", "12345", "10-digit mobile"),
    ("email", "not-an-email", "valid email"),
    ("password2", "different-password-1", "The two passwords differ"),
])
def test_bad_registration_input_is_shown_beside_the_field(client, field, value, message):
    body = client.post("/sso/register/", dict(GOOD, **{field: value})).content.decode()
    assert message in body
    assert not Identity.objects.exists()


def test_production_settings_hash_passwords_with_argon2():
    from emitra import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.AUTH_USER_MODEL == "sso.Identity"


def test_wrong_password_is_refused(client):
    Identity.objects.create_user(sso_id="RAMESH.SHARMA", password="right-password-9", name="R", mobile="9829012345")
    body = client.post("/sso/login/", {"sso_id": "RAMESH.SHARMA", "password": "wrong"}).content.decode()
    assert "is not right" in body


def _last_sms_code():
    lines = (settings.DATA_DIR / "sms.log").read_text().splitlines()
    return re.search(r"\b(\d{6})\b", json.loads(lines[-1])["text"]).group(1)


def test_a_forgotten_password_is_reset_with_the_code_sent_by_sms_and_email(client):
    Identity.objects.create_user(sso_id="RAMESH.SHARMA", password="old-password-9", name="R",
                                 mobile="9829012345", email="r@example.com")
    r = client.post("/sso/reset/", {"sso_id": "ramesh.sharma"})
    assert r.status_code == 302
    code = _last_sms_code()
    assert code in mail.outbox[-1].body
    new = "new-password-for-bassi"
    r = client.post("/sso/reset/code/", {"sso_id": "RAMESH.SHARMA", "code": code, "password1": new, "password2": new})
    assert r.status_code == 302
    assert Identity.objects.get().check_password(new)
    # the code is used once
    body = client.post("/sso/reset/code/", {"sso_id": "RAMESH.SHARMA", "code": code, "password1": "another-pass-77",
                                            "password2": "another-pass-77"}).content.decode()
    assert "expired or was already used" in body


def test_a_wrong_code_is_refused_and_five_wrong_tries_kill_it(client):
    Identity.objects.create_user(sso_id="RAMESH.SHARMA", password="old-password-9", name="R", mobile="9829012345")
    client.post("/sso/reset/", {"sso_id": "RAMESH.SHARMA"})
    code = _last_sms_code()
    wrong = "000000" if code != "000000" else "111111"
    data = {"sso_id": "RAMESH.SHARMA", "code": wrong, "password1": "new-password-x1", "password2": "new-password-x1"}
    for _ in range(ResetCode.MAX_ATTEMPTS):
        assert "not right" in client.post("/sso/reset/code/", data).content.decode()
    body = client.post("/sso/reset/code/", dict(data, code=code)).content.decode()
    assert "expired or was already used" in body
    assert Identity.objects.get().check_password("old-password-9")


def test_reset_does_not_reveal_whether_an_sso_id_exists(client):
    r = client.post("/sso/reset/", {"sso_id": "NOBODY.HERE"}, follow=True)
    assert "If this SSO ID exists" in r.content.decode()


def test_discovery_names_the_standard_endpoints(client):
    meta = client.get("/sso/.well-known/openid-configuration").json()
    assert meta["issuer"] == "http://testserver/sso"
    for key in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "end_session_endpoint"):
        assert meta[key].startswith("http://testserver/sso/")
    assert "S256" in meta.get("code_challenge_methods_supported", ["S256"])
    assert client.get("/sso/.well-known/jwks.json").json()["keys"][0]["kty"] == "RSA"
