"""F31-F33: the holder adds users by SSO ID with a role, deactivates them;
an SSO ID is registered at one kiosk at a time until de-registered."""
import threading

import pytest
from django.db import connection

from emitra.accounts.models import Membership
from emitra.network import services

pytestmark = pytest.mark.django_db


def test_holder_adds_a_citizen_as_operator_who_then_sees_the_kiosk(cast, client_as):
    holder = client_as(cast.holder)
    r = holder.post(f"/k/{cast.kiosk.code}/users/", {"sso_id": "citizen.demo", "role": "kiosk_operator"})
    assert r.status_code == 302
    m = Membership.objects.get(person=cast.citizen, kiosk=cast.kiosk)
    assert m.role == "kiosk_operator" and m.active and m.added_by == cast.holder
    operator = client_as(cast.citizen)
    assert operator.get(f"/k/{cast.kiosk.code}/").status_code == 200
    assert cast.kiosk.code in operator.get("/").content.decode()


def test_an_sso_id_registered_at_one_kiosk_is_refused_at_another_with_where_and_how(cast, client_as):
    services.add_kiosk_user(cast.kiosk, cast.holder, sso_id="CITIZEN.DEMO", role="kiosk_operator")
    r = client_as(cast.other_holder).post(f"/k/{cast.other_kiosk.code}/users/",
                                          {"sso_id": "CITIZEN.DEMO", "role": "kiosk_operator"})
    body = r.content.decode()
    assert r.status_code == 200
    assert f"already registered at kiosk {cast.kiosk.code}" in body and "de-registered there" in body
    assert not Membership.objects.filter(person=cast.citizen, kiosk=cast.other_kiosk).exists()


def test_after_deregistering_the_sso_id_can_be_registered_elsewhere(cast, client_as):
    m = services.add_kiosk_user(cast.kiosk, cast.holder, sso_id="CITIZEN.DEMO", role="kiosk_operator")
    me = client_as(cast.citizen)
    assert cast.kiosk.code in me.get("/auth/me/").content.decode()
    me.post(f"/me/registrations/{m.pk}/deregister/")
    m.refresh_from_db()
    assert m.deregistered_at is not None
    client_as(cast.other_holder).post(f"/k/{cast.other_kiosk.code}/users/",
                                      {"sso_id": "CITIZEN.DEMO", "role": "kiosk_accountant"})
    assert Membership.objects.registered().get(person=cast.citizen).kiosk == cast.other_kiosk


def test_the_holder_can_deregister_a_user(cast, client_as):
    m = services.add_kiosk_user(cast.kiosk, cast.holder, sso_id="CITIZEN.DEMO", role="kiosk_operator")
    client_as(cast.holder).post(f"/k/{cast.kiosk.code}/users/{m.pk}/deregister/")
    assert not Membership.objects.registered().filter(person=cast.citizen).exists()


def test_a_deactivated_user_is_signed_out_at_the_next_request(cast, client_as):
    m = services.add_kiosk_user(cast.kiosk, cast.holder, sso_id="CITIZEN.DEMO", role="kiosk_operator")
    operator = client_as(cast.citizen)
    assert operator.get(f"/k/{cast.kiosk.code}/").status_code == 200
    client_as(cast.holder).post(f"/k/{cast.kiosk.code}/users/{m.pk}/deactivate/")
    r = operator.get(f"/k/{cast.kiosk.code}/")
    assert r.status_code == 302 and r["Location"] == "/"
    assert "signed out" in operator.get("/").content.decode()
    # signing in again, the person is a citizen with no kiosk
    assert client_as(cast.citizen).get(f"/k/{cast.kiosk.code}/").status_code == 404
    client_as(cast.holder).post(f"/k/{cast.kiosk.code}/users/{m.pk}/activate/")
    assert client_as(cast.citizen).get(f"/k/{cast.kiosk.code}/").status_code == 200


def test_only_the_holder_manages_users(cast, client_as):
    r = client_as(cast.operator).post(f"/k/{cast.kiosk.code}/users/", {"sso_id": "CITIZEN.DEMO", "role": "kiosk_operator"})
    assert r.status_code == 404
    holder_m = Membership.objects.get(person=cast.holder, kiosk=cast.kiosk)
    client_as(cast.holder).post(f"/k/{cast.kiosk.code}/users/{holder_m.pk}/deactivate/")
    holder_m.refresh_from_db()
    assert holder_m.active


def test_bad_sso_ids_get_a_message_beside_the_field(cast, client_as):
    holder = client_as(cast.holder)
    for bad, message in [("ab", "4 to 30 letters"), ("NO.SUCH.PERSON", "has signed in to e-Mitra yet"),
                         ("a b c d", "4 to 30 letters")]:
        body = holder.post(f"/k/{cast.kiosk.code}/users/", {"sso_id": bad, "role": "kiosk_operator"}).content.decode()
        assert message in body
    body = holder.post(f"/k/{cast.kiosk.code}/users/", {"sso_id": "CITIZEN.DEMO", "role": "kiosk_holder"}).content.decode()
    assert "Select a valid choice" in body
    assert Membership.objects.filter(kiosk=cast.kiosk).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_registrations_of_one_sso_id_leave_exactly_one(cast):
    """The database constraint decides, not a read-then-write (F32)."""
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs PostgreSQL; run with DATABASE_URL")
    barrier = threading.Barrier(2)
    outcomes = []

    def register(kiosk, holder):
        try:
            barrier.wait()
            services.add_kiosk_user(kiosk, holder, sso_id="CITIZEN.DEMO", role="kiosk_operator")
            outcomes.append("ok")
        except services.AlreadyRegistered:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=a) for a in
               [(cast.kiosk, cast.holder), (cast.other_kiosk, cast.other_holder)]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Membership.objects.registered().filter(person=cast.citizen).count() == 1


def test_de_registering_a_user_asks_first_and_says_what_it_does(cast, client_as):
    """Issue 9 item 15: the users page has no one-click de-register; its page says what
    happens, changes nothing, and only its POST removes the person."""
    from bs4 import BeautifulSoup

    m = services.add_kiosk_user(cast.kiosk, cast.holder, sso_id="CITIZEN.DEMO", role="kiosk_operator")
    holder = client_as(cast.holder)
    url = f"/k/{cast.kiosk.code}/users/{m.pk}/deregister/"
    users = BeautifulSoup(holder.get(f"/k/{cast.kiosk.code}/users/").content, "html.parser")
    assert not users.find("form", action=url)  # no button that acts at once
    link = users.find("a", href=url)
    assert link and "De-register" in link.get_text()

    page = holder.get(url)
    assert page.status_code == 200
    what = BeautifulSoup(page.content, "html.parser").find(id="deregister-what").get_text(" ", strip=True)
    assert "CITIZEN.DEMO" in what and cast.kiosk.code in what and "signed out at once" in what
    assert Membership.objects.registered().filter(pk=m.pk).exists()  # nothing changed yet

    holder.post(url)
    assert not Membership.objects.registered().filter(pk=m.pk).exists()


def test_de_registering_myself_asks_first_and_says_what_it_does(cast, client_as):
    from bs4 import BeautifulSoup

    m = services.add_kiosk_user(cast.kiosk, cast.holder, sso_id="CITIZEN.DEMO", role="kiosk_operator")
    me = client_as(cast.citizen)
    url = f"/me/registrations/{m.pk}/deregister/"
    account = BeautifulSoup(me.get("/auth/me/").content, "html.parser")
    assert not account.find("form", action=url) and account.find("a", href=url)
    page = BeautifulSoup(me.get(url).content, "html.parser")
    assert "another kiosk" in page.find(id="deregister-what").get_text(" ", strip=True)
    assert page.find("form", action=url)
    assert Membership.objects.registered().filter(pk=m.pk).exists()
    me.post(url)
    assert not Membership.objects.registered().filter(pk=m.pk).exists()


def test_de_registering_is_in_hindi_for_a_hindi_page(cast, client_as):
    m = services.add_kiosk_user(cast.kiosk, cast.holder, sso_id="CITIZEN.DEMO", role="kiosk_operator")
    holder = client_as(cast.holder)
    holder.cookies["django_language"] = "hi"
    from bs4 import BeautifulSoup

    page = BeautifulSoup(holder.get(f"/k/{cast.kiosk.code}/users/{m.pk}/deregister/").content, "html.parser")
    what = page.find(id="deregister-what").get_text(" ", strip=True)
    assert "तुरंत साइन आउट" in what and "signed out" not in what
