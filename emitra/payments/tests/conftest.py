"""Payments fixtures: the demo catalogue, a funded wallet, and helpers that go through the pages."""
import re
import uuid

import pytest

from emitra.ledger import services as ledger
from emitra.ledger.integrity import ledger_violations
from emitra.wallet import accounts


@pytest.fixture
def catalogue(cast):
    from emitra.catalogue.demo import load_demo_catalogue

    load_demo_catalogue()
    return cast


def fund(kiosk, paise):
    """Put money in a kiosk's wallet, as a confirmed top-up would (from the bank account)."""
    wallet = accounts.wallet_account(kiosk)
    accounts.open_network_accounts([])
    ledger.post("test_topup", [(wallet, paise), (accounts.BANK, -paise)], idempotency_key=f"test-topup:{uuid.uuid4()}")
    return wallet


@pytest.fixture
def funded(catalogue):
    fund(catalogue.kiosk, 50_000_00)
    return catalogue


def wallet_balance(kiosk):
    return ledger.balance(accounts.wallet_account(kiosk))


def assert_ledger_sound():
    assert ledger_violations() == []


def add(client, kiosk, service, consumer_no="", amount=""):
    return client.post(f"/k/{kiosk.code}/services/{service}/add/", {"consumer_no": consumer_no, "amount": amount})


def hidden_fields(page):
    """{name: value} of the hidden inputs of a page (the CSRF token left out)."""
    return {m.group(1): m.group(2) for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
            if m.group(1) != "csrfmiddlewaretoken"}


def pay_form(client, kiosk, **overrides):
    """The pay page's form fields as shown (cart id, idempotency key and the seal of what the page
    shows), with the consumer filled in."""
    page = client.get(f"/k/{kiosk.code}/cart/pay/").content.decode()
    data = {**hidden_fields(page), "consumer_name": "Kamla Devi", "mobile": "9414000007", "email": "",
            "language": "hi", "mode": "wallet", "cheque_no": "", "cheque_bank": "", "cheque_date": ""}
    assert {"cart", "key", "seen"} <= set(data)
    data.update(overrides)
    return data


def pay(client, kiosk, data):
    return client.post(f"/k/{kiosk.code}/cart/pay/", data)


def shown_receipt(response):
    """The number of the receipt a payment answered with (the receipt page itself, not a redirect
    to it: issue 12 req. 3), or None when the answer is not a receipt."""
    found = re.search(r'<p class="rno">[^<]*<b>([^<]+)</b>', response.content.decode())
    return found.group(1) if response.status_code == 200 and found else None


HINDI_NAME = "सीता देवी"


@pytest.fixture
def receipt(funded, client_as):
    """A receipt of two lines (a water bill and an income certificate) for a consumer named in Hindi."""
    from emitra.payments.models import Receipt

    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "PHED-BILL", "PH1234567")
    add(operator, kiosk, "REV-INCOME")
    pay(operator, kiosk, pay_form(operator, kiosk, consumer_name=HINDI_NAME))
    return Receipt.objects.get()


def receipt_url(receipt, what=""):
    """The receipt page, or one of its formats (print/, pdf/, dmp/, escp/)."""
    return f"/k/{receipt.kiosk.code}/receipts/{receipt.number}/{what}"


@pytest.fixture
def department(settings):
    """The demo department's system at the end of a real HTTP link (a local server), reached by
    every service whose biller is "demo"; `department.down = True` makes it answer 503."""
    from emitra.billers.server import DemoDepartmentServer

    server = DemoDepartmentServer(slow_seconds=1.0).start()
    settings.BILLERS = {"demo": {"url": server.url, "timeout": 0.5}}
    settings.DEPT_POSTING_MAX_ATTEMPTS = 4
    settings.DEPT_POSTING_RETRY_BASE_SECONDS = 30
    yield server
    server.stop()


def cancel(client, kiosk, receipt, what="all", reason="consumer paid twice by mistake", **overrides):
    """The cancellation form sent from the cancellation page as it shows now (its seal, issue 9 item 1)."""
    url = f"/k/{kiosk.code}/receipts/{receipt.number}/cancel/"
    page = client.get(url)
    data = {**hidden_fields(page.content.decode()), "what": what, "reason": reason, **overrides}
    return client.post(url, data)


def decide_cheque(client, receipt, decision):
    """A department officer's decision on a cheque, sent as the cheques list shows its row
    (with the row's seal)."""
    page = client.get("/dept/cheques/").content.decode()
    match = re.search(rf'action="/dept/cheques/{re.escape(receipt.number)}/"[^>]*>.*?name="seen" value="([^"]*)"',
                      page, re.S)
    return client.post(f"/dept/cheques/{receipt.number}/", {"decision": decision, "seen": match.group(1) if match else ""})
