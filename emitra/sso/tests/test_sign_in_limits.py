"""Sign-in limits at the bundled SSO (issue 9 item 8): per SSO ID and address, per
address, and an SSO ID tried from many addresses slowed but never locked; the
refusal says when to try again; failures are audit rows; a person sees the
recent failed sign-ins on their own SSO ID."""
import re
from datetime import timedelta

import pytest
from django.test import Client

from emitra.core.models import AuditEvent
from emitra.sso import services
from emitra.sso.models import Identity

pytestmark = pytest.mark.django_db

PASSWORD = "kiosk-at-bassi-77"


@pytest.fixture
def identity():
    return Identity.objects.create_user(sso_id="MEENA.OPERATOR", password=PASSWORD, name="Meena", mobile="9829012345")


def try_sign_in(client, password, *, sso_id="meena.operator", ip="10.1.1.1"):
    return client.post("/sso/login/", {"sso_id": sso_id, "password": password}, REMOTE_ADDR=ip)


def signed_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def age_failures(seconds):
    """Move every failure back in time, as if `seconds` had passed (no waiting in tests)."""
    for event in AuditEvent.objects.filter(action=services.SIGN_IN_FAILED):
        AuditEvent.objects.filter(pk=event.pk).update(at=event.at - timedelta(seconds=seconds))


def test_after_five_wrong_passwords_from_one_address_even_the_right_one_waits_and_is_told_until_when(identity):
    client = Client()
    for _ in range(5):
        r = try_sign_in(client, "wrong-password")
        assert r.status_code == 200 and "The SSO ID or the password is not right." in r.content.decode()
    r = try_sign_in(client, PASSWORD)
    assert r.status_code == 429 and not signed_in(r)
    assert 14 * 60 < int(r["Retry-After"]) <= 15 * 60
    assert re.search(r"Too many failed sign-ins\. Try again at \d\d:\d\d:\d\d \(in 15 minutes\)\.",
                     r.content.decode())
    assert AuditEvent.objects.filter(action=services.SIGN_IN_FAILED, actor_sso_id="MEENA.OPERATOR",
                                     ip="10.1.1.1").count() == 5
    assert AuditEvent.objects.filter(action=services.SIGN_IN_REFUSED, actor_sso_id="MEENA.OPERATOR").count() == 1

    age_failures(15 * 60 + 1)  # the oldest failures leave the window
    assert signed_in(try_sign_in(client, PASSWORD))


def test_the_owner_at_another_address_still_signs_in_while_one_address_is_refused(identity):
    for _ in range(5):
        try_sign_in(Client(), "wrong-password", ip="203.0.113.9")
    assert try_sign_in(Client(), PASSWORD, ip="203.0.113.9").status_code == 429
    assert signed_in(try_sign_in(Client(), PASSWORD, ip="10.1.1.1"))


def test_one_address_trying_many_sso_ids_is_refused(identity):
    client = Client()
    for n in range(services.FAILURES_PER_ADDRESS):
        try_sign_in(client, "wrong-password", sso_id=f"SOMEONE.{n:02d}")
    r = try_sign_in(client, PASSWORD)  # a new SSO ID, the right password, the same address
    assert r.status_code == 429 and not signed_in(r)


def test_an_sso_id_tried_from_many_addresses_is_slowed_not_locked(identity):
    for n in range(services.SLOW_AFTER_FAILURES):
        try_sign_in(Client(), "wrong-password", ip=f"198.51.100.{n + 1}")
    r = try_sign_in(Client(), PASSWORD, ip="10.1.1.1")
    assert r.status_code == 429 and int(r["Retry-After"]) <= 30
    assert "seconds" in r.content.decode()
    age_failures(31)  # one try each 30 seconds, for its owner as for anyone
    assert signed_in(try_sign_in(Client(), PASSWORD, ip="10.1.1.1"))


def test_a_browser_that_signed_in_before_is_not_slowed_by_guessing_from_elsewhere(identity):
    kiosk_browser = Client()
    assert signed_in(try_sign_in(kiosk_browser, PASSWORD))
    kiosk_browser.post("/sso/logout/")
    for n in range(services.SLOW_AFTER_FAILURES + 5):
        try_sign_in(Client(), "wrong-password", ip=f"198.51.100.{n + 1}")
    assert try_sign_in(Client(), PASSWORD, ip="10.1.1.1").status_code == 429  # a stranger's browser waits
    assert signed_in(try_sign_in(kiosk_browser, PASSWORD))  # the operator's own does not


def test_an_sso_id_that_does_not_exist_is_limited_alike(identity):
    """The limits tell nobody which SSO IDs exist."""
    answers = {}
    for sso_id in ("MEENA.OPERATOR", "NOBODY.HERE"):
        client = Client()
        for _ in range(5):
            try_sign_in(client, "wrong-password", sso_id=sso_id, ip="192.0.2.7" if sso_id == "NOBODY.HERE" else "10.9.9.9")
        r = try_sign_in(client, "wrong-password", sso_id=sso_id, ip="192.0.2.7" if sso_id == "NOBODY.HERE" else "10.9.9.9")
        answers[sso_id] = (r.status_code, int(r["Retry-After"]))
    (known, known_wait), (unknown, unknown_wait) = answers["MEENA.OPERATOR"], answers["NOBODY.HERE"]
    assert known == unknown == 429
    # the same wait, but for the seconds that passed between the two clients' tries on a busy machine
    assert abs(known_wait - unknown_wait) <= 5


def test_the_refusal_is_in_hindi_for_a_hindi_page(identity):
    client = Client()
    client.cookies["django_language"] = "hi"
    for _ in range(5):
        try_sign_in(client, "wrong-password")
    body = try_sign_in(client, PASSWORD).content.decode()
    assert "बहुत" in body and "Too many" not in body


def test_a_person_sees_the_recent_failed_sign_ins_on_their_own_sso_id(cast, client_as):
    for ip in ("198.51.100.20", "198.51.100.21"):
        try_sign_in(Client(), "wrong-password", sso_id=cast.operator.sso_id, ip=ip)
    try_sign_in(Client(), "wrong-password", sso_id=cast.holder.sso_id, ip="198.51.100.99")

    page = client_as(cast.operator).get("/auth/me/").content.decode()
    section = page.split('id="failed-sign-ins"', 1)[1]
    assert "198.51.100.20" in section and "198.51.100.21" in section
    assert "198.51.100.99" not in page  # another person's
    assert 'id="failed-sign-ins"' not in client_as(cast.citizen).get("/auth/me/").content.decode()
