"""A bill fetched from the search results (issue 12 req. 1): each bill service's row carries the
consumer number box and "Fetch bill", so the operator does not open the service page first
(one round trip fewer on GPRS); a service with fixed fees has no such box; a wrong number comes
back beside the field on the service page with what was typed, and nothing is added."""
import pytest
from bs4 import BeautifulSoup

from emitra.payments.models import CartLine

pytestmark = pytest.mark.django_db


def row_forms(page):
    soup = BeautifulSoup(page.content.decode(), "html.parser")
    return {f["action"]: f for f in soup.select("form.fetch")}


def test_the_results_fetch_a_bill_into_the_cart(funded, client_as):
    operator, kiosk = client_as(funded.operator), funded.kiosk
    forms = row_forms(operator.get(f"/k/{kiosk.code}/services/?q=pani"))
    action = f"/k/{kiosk.code}/services/PHED-BILL/add/"
    assert action in forms
    assert f"/k/{kiosk.code}/services/PHED-NEWCONN/add/" not in forms  # fixed fees: its page, not a box
    box = forms[action].find("input", attrs={"name": "consumer_no"})
    label = forms[action].find("label", attrs={"for": box["id"]})
    assert label is not None and "Consumer number" in label.get_text()
    r = operator.post(action, {"consumer_no": "PH1234567"})
    assert r.status_code == 302 and r["Location"] == f"/k/{kiosk.code}/cart/"
    assert CartLine.objects.filter(cart__kiosk=kiosk, service__code="PHED-BILL", consumer_no="PH1234567").count() == 1


def test_a_wrong_number_from_the_results_comes_back_beside_the_field(funded, client_as):
    operator, kiosk = client_as(funded.operator), funded.kiosk
    r = operator.post(f"/k/{kiosk.code}/services/PHED-BILL/add/", {"consumer_no": "PH0000000"})
    assert r.status_code == 400
    soup = BeautifulSoup(r.content.decode(), "html.parser")
    assert soup.find(id="id_consumer_no")["value"] == "PH0000000"
    assert soup.find(id="id_consumer_no-error").get_text().strip()
    assert not CartLine.objects.filter(cart__kiosk=kiosk).exists()
