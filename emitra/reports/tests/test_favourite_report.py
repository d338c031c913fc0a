"""A favourite report keeps its filters (issue 13, F27): the star on a report page keeps the
report with its filters and sort (not the page it was on), named by them, and the person's
favourites open it so."""
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from emitra.catalogue.models import Favourite
from emitra.reports.definition import KIOSK
from emitra.reports.tests.test_reports import body_rows, url

pytestmark = pytest.mark.django_db


def star_form(page):
    return BeautifulSoup(page.content.decode(), "html.parser").find("form", action="/favourites/toggle/")


def test_a_starred_report_opens_with_its_filters_from_the_favourites(sales, client_as):
    holder = client_as(sales.holder)
    address = url(KIOSK, "transactions", sales.kiosk)
    page = holder.get(address, {"state": "active", "sort": "-total"})
    form = star_form(page)
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input")}
    path = urlsplit(fields["path"])
    assert path.path == address
    query = parse_qs(path.query)
    assert query["sort"] == ["-total"] and query["state"] == ["active"] and "after" not in query
    assert fields["title"].startswith("Transactions")
    assert holder.post("/favourites/toggle/", fields).status_code == 302
    favourite = Favourite.objects.get(person=sales.holder)
    assert favourite.path == fields["path"]

    listing = BeautifulSoup(holder.get("/favourites/").content.decode(), "html.parser")
    link = listing.find("a", href=fields["path"])
    assert link is not None and "Transactions" in link.get_text()
    again = holder.get(link["href"])
    assert body_rows(again.content.decode()) == body_rows(page.content.decode())  # the same filtered, sorted rows
    assert "★" in star_form(again).get_text()  # starred: pressing it again removes it
