"""F19 through the pages: the kiosk's search box and service page, without JavaScript."""
import pytest

from emitra.catalogue import services
from emitra.catalogue.models import Service

pytestmark = pytest.mark.django_db


def test_the_search_page_finds_hindi_in_roman_letters_and_shows_both_names_and_fees(catalogue, cast, client_as):
    page = client_as(cast.operator).get(f"/k/{cast.kiosk.code}/services/", {"q": "aay praman"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Income Certificate" in html and "आय प्रमाण पत्र" in html
    assert "₹50.00" in html
    assert f'href="/k/{cast.kiosk.code}/services/REV-INCOME/"' in html


def test_an_empty_search_lists_what_the_kiosk_uses_most(catalogue, cast, client_as):
    services.record_use(cast.kiosk, Service.objects.get(code="PHED-BILL"))
    html = client_as(cast.operator).get(f"/k/{cast.kiosk.code}/services/").content.decode()
    assert "Water Bill (PHED)" in html


def test_the_service_page_shows_the_fee_breakdown(catalogue, cast, client_as):
    page = client_as(cast.operator).get(f"/k/{cast.kiosk.code}/services/RTO-LL/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "₹350.00" in html and "₹50.00" in html and "₹400.00" in html
    assert "0041-00-102" in html


def test_another_kiosks_search_is_404(catalogue, cast, client_as):
    assert client_as(cast.operator).get(f"/k/{cast.other_kiosk.code}/services/").status_code == 404
    assert client_as(cast.operator).get(f"/k/{cast.other_kiosk.code}/services/REV-INCOME/").status_code == 404


def test_an_inactive_service_has_no_kiosk_page(catalogue, cast, client_as):
    services.set_service_active(Service.objects.get(code="REV-EWS"), False, by=cast.doit)
    assert client_as(cast.operator).get(f"/k/{cast.kiosk.code}/services/REV-EWS/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(catalogue, cast, client):
    r = client.get(f"/k/{cast.kiosk.code}/services/")
    assert r.status_code == 302 and r["Location"].startswith("/auth/login/")
