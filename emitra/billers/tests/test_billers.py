"""Biller adapters (issue 4 req. 4): the demo department in process and over real HTTP."""
import pytest

from emitra.billers import demo
from emitra.billers.http_adapter import HttpBiller
from emitra.billers.interfaces import BillerDown, BillerTimeout, PostingRejected, UnknownBiller, UnknownConsumer
from emitra.billers.registry import get_biller
from emitra.billers.server import DemoDepartmentServer
from emitra.core.loopback import JsonHandler, LoopbackServer


class FakeService:
    def __init__(self, code="PHED-BILL", biller_code="demo"):
        self.code, self.biller_code = code, biller_code


@pytest.fixture
def department():
    server = DemoDepartmentServer(slow_seconds=1.0).start()
    yield server
    server.stop()


def test_the_demo_bill_is_the_same_every_time_for_a_consumer():
    one = demo.demo_bill("PHED-BILL", "PH1234567")
    assert one == demo.demo_bill("PHED-BILL", "PH1234567")
    assert one != demo.demo_bill("PHED-BILL", "PH1234568")
    assert 10_000 <= one.amount_due < 500_000 and one.consumer_name and one.bill_number


@pytest.mark.parametrize("consumer_no, error", [
    (demo.UNKNOWN, UnknownConsumer), (demo.DOWN, BillerDown), (demo.SLOW, BillerTimeout)])
def test_the_documented_consumer_numbers_misbehave_in_process(consumer_no, error):
    with pytest.raises(error):
        get_biller("demo").fetch_bill(FakeService(), consumer_no)


def test_an_unknown_biller_code_is_an_error():
    with pytest.raises(UnknownBiller):
        get_biller("nobody")


def test_the_http_adapter_fetches_the_same_bill_as_the_demo(department):
    biller = HttpBiller("demo", department.url, timeout=0.5)
    assert biller.fetch_bill(FakeService(), "PH1234567") == demo.demo_bill("PHED-BILL", "PH1234567")


@pytest.mark.parametrize("consumer_no, error", [
    (demo.UNKNOWN, UnknownConsumer), (demo.DOWN, BillerDown), (demo.SLOW, BillerTimeout)])
def test_the_http_adapter_maps_failures(department, consumer_no, error):
    with pytest.raises(error):
        HttpBiller("demo", department.url, timeout=0.3).fetch_bill(FakeService(), consumer_no)


def test_a_department_that_is_not_listening_is_down():
    server = DemoDepartmentServer().start()
    url = server.url
    server.stop()
    with pytest.raises(BillerDown):
        HttpBiller("demo", url, timeout=0.5).fetch_bill(FakeService(), "PH1234567")


def test_a_posting_is_confirmed_once_per_reference_or_rejected(department):
    biller = HttpBiller("demo", department.url, timeout=0.5)
    args = dict(consumer_no="PH1234567", bill_number="B1", amount=1000)
    first = biller.post_payment(FakeService(), reference="R-1/1", **args)
    again = biller.post_payment(FakeService(), reference="R-1/1", **args)
    assert first == again and len(department.postings) == 1
    with pytest.raises(PostingRejected) as e:
        biller.post_payment(FakeService(), reference="R-2/1", consumer_no=demo.REJECTS, bill_number="B", amount=1)
    assert "dispute" in str(e.value)


@pytest.mark.django_db
def test_the_portal_reaches_a_department_over_http_when_configured(settings, department, cast, client_as):
    """Fetch and post through the pages, the department at the end of a real HTTP link."""
    from emitra.catalogue.demo import load_demo_catalogue
    from emitra.payments.tests.conftest import add, fund

    load_demo_catalogue()
    settings.BILLERS = {"demo": {"url": department.url, "timeout": 0.3}}
    c, kiosk = client_as(cast.operator), cast.kiosk
    fund(kiosk, 10_000_00)
    assert add(c, kiosk, "PHED-BILL", "PH1234567").status_code == 302
    assert ("GET", "PHED-BILL", "PH1234567") in department.calls
    slow = add(c, kiosk, "PHED-BILL", demo.SLOW)
    assert slow.status_code == 400 and "took too long" in slow.content.decode()


def test_a_cancellation_is_acknowledged_once_per_reference_and_a_cancelled_payment_is_refused(department):
    biller = HttpBiller("demo", department.url, timeout=0.5)
    args = dict(consumer_no="PH1234567", bill_number="B1", amount=1000)
    biller.post_payment(FakeService(), reference="R-3/1", **args)
    first = biller.cancel_payment(FakeService(), reference="R-3/1", reason="paid twice")
    again = biller.cancel_payment(FakeService(), reference="R-3/1", reason="paid twice")
    assert first == again and list(department.cancellations) == ["R-3/1"]
    # a payment the department never received: nothing to cancel, still acknowledged
    assert biller.cancel_payment(FakeService(), reference="R-4/1", reason="wrong consumer").reference
    # and a late posting of a cancelled payment is refused, not counted
    with pytest.raises(PostingRejected):
        biller.post_payment(FakeService(), reference="R-4/1", **args)
    assert get_biller("demo").cancel_payment(FakeService(), reference="R-3/1", reason="x").reference


def test_a_department_that_is_down_answers_every_call_with_503(department):
    department.down = True
    biller = HttpBiller("demo", department.url, timeout=0.5)
    with pytest.raises(BillerDown):
        biller.post_payment(FakeService(), reference="R-5/1", consumer_no="PH1", bill_number="B", amount=1)
    with pytest.raises(BillerDown):
        biller.cancel_payment(FakeService(), reference="R-5/1", reason="x")
    assert department.postings == {} and department.cancellations == {}


HOSTILE_NAME = "\x01\x07\x1b[31mRam\u202eLal\r\n\t\x7f  Meena"


class HostileDepartment(LoopbackServer):
    """A department whose bill answer names the consumer with control and direction-changing
    characters (issue 9 item 7); it accepts no payment (503), as a department that is down."""

    class handler(JsonHandler):
        def do_GET(self):
            consumer_no = self.path.rstrip("/").rsplit("/", 1)[-1]
            self.send_json(200, {"consumer_no": consumer_no, "consumer_name": HOSTILE_NAME, "amount_due": 1234_00,
                                 "due_date": "2030-01-31", "bill_number": "B\x00-77\u2066"})

        def do_POST(self):
            self.send_json(503, {"error": "unavailable"})


def test_a_departments_hostile_consumer_name_is_made_safe_before_any_page_shows_it(settings, cast, client_as):
    """Issue 9 item 7: text from a department's system is put in NFC with its control and
    direction-changing characters taken out before it is stored, so the cart, the receipt and
    its print view show 'RamLal Meena', never the raw characters."""
    from emitra.catalogue.demo import load_demo_catalogue
    from emitra.payments.models import Receipt, ReceiptLine
    from emitra.payments.tests.conftest import add, fund, pay, pay_form

    load_demo_catalogue()
    server = HostileDepartment().start()
    try:
        settings.BILLERS = {"demo": {"url": server.url, "timeout": 0.5}}
        c, kiosk = client_as(cast.operator), cast.kiosk
        fund(kiosk, 10_000_00)
        assert add(c, kiosk, "PHED-BILL", "PH1234567").status_code == 302
        cart = c.get(f"/k/{kiosk.code}/cart/").content.decode()
        pay(c, kiosk, pay_form(c, kiosk))
    finally:
        server.stop()
    line = ReceiptLine.objects.get()
    assert line.bill_consumer_name == "RamLal Meena" and line.bill_number == "B-77"
    receipt = Receipt.objects.get()
    pages = [cart] + [c.get(f"/k/{kiosk.code}/receipts/{receipt.number}/{what}").content.decode()
                      for what in ("", "print/")]
    for page in pages:
        assert "RamLal Meena" in page
        assert not any(ch in page for ch in "\x00\x01\x07\x1b\x7f\u202e\u2066")
