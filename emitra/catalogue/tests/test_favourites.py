"""F27: often-used services or pages are kept as favourites and open in one click."""
import pytest
from django.template.loader import render_to_string

from emitra.catalogue import services
from emitra.catalogue.models import Favourite, Service

pytestmark = pytest.mark.django_db


def test_starring_twice_unstars(catalogue, cast):
    income = Service.objects.get(code="REV-INCOME")
    assert services.toggle_favourite(cast.operator, service=income) is not None
    assert [f.service for f in services.list_favourites(cast.operator)] == [income]
    assert services.toggle_favourite(cast.operator, service=income) is None
    assert services.list_favourites(cast.operator) == []


def test_a_page_with_its_filters_is_a_favourite(catalogue, cast):
    path = f"/k/{cast.kiosk.code}/reports/daily/?from=2026-01-01&to=2026-01-31&sort=-amount"
    services.toggle_favourite(cast.operator, path=path, title="January collections")
    links = services.favourite_links(cast.operator, cast.kiosk)
    assert [(link.title, link.url) for link in links] == [("January collections", path)]


def test_only_pages_of_this_portal_can_be_favourites(cast):
    for bad in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)", "", "/x" * 400):
        with pytest.raises(services.InvalidFavourite):
            services.toggle_favourite(cast.operator, path=bad, title="x")
    assert not Favourite.objects.exists()


def test_favourites_are_each_persons_own(catalogue, cast):
    services.toggle_favourite(cast.operator, service=Service.objects.get(code="PHED-BILL"))
    assert services.list_favourites(cast.holder) == []


def test_the_star_form_works_without_javascript_and_goes_back(catalogue, cast, client_as):
    operator = client_as(cast.operator)
    service_page = f"/k/{cast.kiosk.code}/services/PHED-BILL/"
    assert "Add to favourites" in operator.get(service_page).content.decode()
    r = operator.post("/favourites/toggle/", {"service": "PHED-BILL", "next": service_page})
    assert r.status_code == 302 and r["Location"] == service_page
    assert "★" in operator.get(service_page).content.decode()
    links = services.favourite_links(cast.operator, cast.kiosk)
    assert [link.url for link in links] == [service_page]


def test_the_star_form_never_sends_anyone_elsewhere(catalogue, cast, client_as):
    r = client_as(cast.operator).post(
        "/favourites/toggle/", {"path": "/doit/", "title": "x", "next": "https://evil.example/"})
    assert r["Location"] == "/"


def test_the_dashboard_partial_lists_favourites_one_click_away(catalogue, cast):
    services.toggle_favourite(cast.operator, service=Service.objects.get(code="REV-INCOME"))
    services.toggle_favourite(cast.operator, path="/k/X/reports/?d=1", title="Daily report")
    html = render_to_string("catalogue/partials/favourites.html",
                            {"favourites": services.favourite_links(cast.operator, cast.kiosk)})
    assert f'href="/k/{cast.kiosk.code}/services/REV-INCOME/"' in html
    assert 'href="/k/X/reports/?d=1"' in html and "Daily report" in html


def test_the_favourites_page_lists_them(catalogue, cast, client_as):
    services.toggle_favourite(cast.operator, service=Service.objects.get(code="REV-INCOME"))
    html = client_as(cast.operator).get("/favourites/").content.decode()
    assert "Income Certificate" in html
