"""Every view checks role and scope: another kiosk's pages are 404 (issue 2, req. 5)."""
import pytest

pytestmark = pytest.mark.django_db


def test_an_operator_of_kiosk_a_gets_404_for_kiosk_b(cast, client_as):
    operator = client_as(cast.operator)
    assert operator.get(f"/k/{cast.kiosk.code}/").status_code == 200
    assert operator.get(f"/k/{cast.other_kiosk.code}/").status_code == 404
    assert operator.get(f"/k/{cast.other_kiosk.code}/users/").status_code == 404
    assert operator.get("/k/NOSUCH/").status_code == 404


def test_lsp_officers_see_only_their_lsps_kiosks(cast, client_as):
    assert client_as(cast.lsp_jaipur).get(f"/k/{cast.kiosk.code}/").status_code == 200
    assert client_as(cast.lsp_jaipur).get(f"/k/{cast.jodhpur_kiosk.code}/").status_code == 404
    assert cast.jodhpur_kiosk.code not in client_as(cast.lsp_jaipur).get("/lsp/").content.decode()


def test_doit_desks_are_for_doit_only(cast, client_as):
    for person in (cast.citizen, cast.holder, cast.lsp_jaipur):
        assert client_as(person).get("/doit/").status_code == 404
        assert client_as(person).get("/doit/audit/").status_code == 404
    assert client_as(cast.doit).get("/doit/").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(cast, client):
    r = client.get(f"/k/{cast.kiosk.code}/")
    assert r.status_code == 302 and r["Location"].startswith("/auth/login/?next=")
