"""The demo department's consumers (issue 9 item 16): a few known consumer numbers per bill
service get a bill and are shown on the service page while the demo department serves it;
any other number is an unknown consumer, in process and over HTTP alike."""
import pytest
from bs4 import BeautifulSoup

from emitra.billers import demo
from emitra.billers.http_adapter import HttpBiller
from emitra.billers.interfaces import UnknownConsumer
from emitra.billers.registry import get_biller
from emitra.billers.server import DemoDepartmentServer
from emitra.billers.tests.test_billers import FakeService
from emitra.payments.models import CartLine
from emitra.payments.tests.conftest import add, catalogue  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_every_demo_bill_service_has_known_consumers_with_bills_and_others_are_unknown(catalogue):
    from emitra.catalogue.models import Service

    bill_services = Service.objects.filter(biller_code="demo").exclude(amount_rule=Service.AmountRule.FIXED)
    assert bill_services.count() >= 10
    for service in bill_services:
        known = demo.known_consumers(service.code)
        assert 2 <= len(known) <= 5, service.code
        for number in known:
            assert get_biller("demo").fetch_bill(service, number).amount_due > 0
        for guess in ("12345", known[0][:-1] + "0" if not known[0].endswith("0") else known[0][:-1] + "1",
                      "ANYTHING", demo.UNKNOWN):
            with pytest.raises(UnknownConsumer):
                get_biller("demo").fetch_bill(service, guess)


def test_the_departments_http_system_answers_unknown_for_a_number_it_does_not_know():
    server = DemoDepartmentServer().start()
    try:
        biller = HttpBiller("demo", server.url, timeout=0.5)
        assert biller.fetch_bill(FakeService(), "PH7654321").consumer_no == "PH7654321"
        with pytest.raises(UnknownConsumer):
            biller.fetch_bill(FakeService(), "PH0000009")
    finally:
        server.stop()


def test_the_load_test_series_is_known_but_a_guess_at_it_is_not():
    number = demo.issued_consumer_number("PHED-BILL", 42)
    assert demo.demo_bill("PHED-BILL", number).consumer_no == number
    with pytest.raises(UnknownConsumer):
        demo.demo_bill("PHED-BILL", number[:-1] + str((int(number[-1]) + 1) % 10))
    with pytest.raises(UnknownConsumer):
        demo.demo_bill("JVVNL-BILL", number)  # each service has its own


def test_the_service_page_shows_the_demo_consumer_numbers_and_an_unknown_one_is_refused_beside_the_field(
        catalogue, client_as):
    operator, kiosk = client_as(catalogue.operator), catalogue.kiosk
    page = BeautifulSoup(operator.get(f"/k/{kiosk.code}/services/PHED-BILL/").content, "html.parser")
    hint = page.find(id="demo-consumers")
    shown = [c.get_text() for c in hint.find_all("code")]
    assert set(demo.known_consumers("PHED-BILL")) <= set(shown) and demo.UNKNOWN in shown
    assert "Any other number is an unknown consumer." in hint.get_text()

    r = add(operator, kiosk, "PHED-BILL", "PH0000009")
    body = BeautifulSoup(r.content, "html.parser")
    assert r.status_code == 400 and "no consumer" in body.find(id="id_consumer_no-error").get_text().lower()
    assert not CartLine.objects.exists()
    assert add(operator, kiosk, "PHED-BILL", shown[0]).status_code == 302
    assert CartLine.objects.get().consumer_no == shown[0]


def test_no_demo_numbers_are_shown_for_a_real_department_or_a_service_without_bills(catalogue, client_as, settings):
    operator, kiosk = client_as(catalogue.operator), catalogue.kiosk
    page = operator.get(f"/k/{kiosk.code}/services/REV-INCOME/").content.decode()
    assert 'id="demo-consumers"' not in page
    settings.BILLERS = {"demo": {"url": "http://127.0.0.1:9/", "timeout": 0.1}}  # a department over HTTP
    assert 'id="demo-consumers"' not in operator.get(f"/k/{kiosk.code}/services/PHED-BILL/").content.decode()


def test_the_demo_numbers_are_explained_in_hindi(catalogue, client_as):
    operator = client_as(catalogue.operator)
    operator.cookies["django_language"] = "hi"
    page = BeautifulSoup(operator.get(f"/k/{catalogue.kiosk.code}/services/PHED-BILL/").content, "html.parser")
    text = page.find(id="demo-consumers").get_text()
    assert "डेमो" in text and "unknown" not in text
