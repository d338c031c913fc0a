"""A payment is of exactly what the pay page showed (issue 9 item 1; F17, F22): a pay form
shown before the cart changed pays nothing and brings the page back with the cart as it is
now; a form without the page's seal, or with an altered one, pays nothing."""
import threading

import pytest
from bs4 import BeautifulSoup
from django.db import connection

from emitra.core.money import format_paise
from emitra.ledger.models import JournalEntry
from emitra.payments import line_hooks, services
from emitra.payments.models import Cart, CartLine, Receipt
from emitra.payments.models import ReceiptLine
from emitra.payments.tests.conftest import (add, assert_ledger_sound, hidden_fields, pay, pay_form, shown_receipt,
                                           wallet_balance)

pytestmark = pytest.mark.django_db


def _total_shown(response):
    return BeautifulSoup(response.content, "html.parser").find(id="pay-total").get_text()


def _errors(response):
    return " ".join(p.get_text() for p in BeautifulSoup(response.content, "html.parser").select("p.error"))


def test_a_pay_form_shown_before_a_bill_was_added_in_another_tab_pays_nothing(funded, client_as):
    c, kiosk = client_as(funded.operator), funded.kiosk
    assert add(c, kiosk, "PHED-BILL", "PH1234567").status_code == 302
    first_tab = pay_form(c, kiosk)
    assert add(c, kiosk, "BSNL-LANDLINE", "0141-2345678").status_code == 302  # the second tab
    before, entries = wallet_balance(kiosk), JournalEntry.objects.count()

    response = pay(c, kiosk, first_tab)

    assert response.status_code == 400
    assert not Receipt.objects.exists()
    assert wallet_balance(kiosk) == before and JournalEntry.objects.count() == entries
    cart = Cart.objects.get(kiosk=kiosk)
    assert cart.state == Cart.State.OPEN and cart.lines.count() == 2
    assert "The cart changed after the pay page was shown" in _errors(response)
    assert _total_shown(response) == format_paise(cart.total)  # the new total, where the total is shown
    # the page shown again confirms the cart as it is now: sent as it is, it pays both lines
    again = {**first_tab, **hidden_fields(response.content.decode())}
    assert again["seen"] != first_tab["seen"]
    assert shown_receipt(pay(c, kiosk, again))
    receipt = Receipt.objects.get()
    assert receipt.lines.count() == 2 and receipt.total == cart.total
    assert wallet_balance(kiosk) == before - cart.total
    assert_ledger_sound()


def test_a_pay_form_shown_before_a_line_was_taken_out_pays_nothing(funded, client_as):
    c, kiosk = client_as(funded.operator), funded.kiosk
    add(c, kiosk, "PHED-BILL", "PH1234567")
    add(c, kiosk, "REV-INCOME")
    form = pay_form(c, kiosk)
    line = CartLine.objects.filter(cart__kiosk=kiosk).order_by("id").first()
    assert c.post(f"/k/{kiosk.code}/cart/lines/{line.pk}/remove/").status_code == 302
    before = wallet_balance(kiosk)

    response = pay(c, kiosk, form)

    assert response.status_code == 400 and not Receipt.objects.exists() and wallet_balance(kiosk) == before
    assert "The cart changed after the pay page was shown" in _errors(response)


def test_a_bill_taken_out_and_added_again_is_a_changed_cart(funded, client_as):
    """The same service, consumer and amount again is a new line: what was confirmed is gone."""
    c, kiosk = client_as(funded.operator), funded.kiosk
    add(c, kiosk, "PHED-BILL", "PH1234567")
    form = pay_form(c, kiosk)
    line = CartLine.objects.get(cart__kiosk=kiosk)
    c.post(f"/k/{kiosk.code}/cart/lines/{line.pk}/remove/")
    add(c, kiosk, "PHED-BILL", "PH1234567")
    assert pay(c, kiosk, form).status_code == 400 and not Receipt.objects.exists()


@pytest.mark.parametrize("seal", ["", "made-up", "x" * 500, None])
def test_a_pay_form_without_the_pages_seal_pays_nothing(funded, client_as, seal):
    c, kiosk = client_as(funded.operator), funded.kiosk
    add(c, kiosk, "REV-INCOME")
    form = pay_form(c, kiosk)
    if seal is None:
        del form["seen"]
    else:
        form["seen"] = seal
    before = wallet_balance(kiosk)
    response = pay(c, kiosk, form)
    assert response.status_code == 400 and not Receipt.objects.exists() and wallet_balance(kiosk) == before
    assert "does not come from the page that shows what it confirms" in _errors(response)


def test_a_seal_of_another_cart_with_the_same_lines_pays_nothing(funded, client_as):
    """A seal binds its cart: the operator's form cannot be sent for the holder's cart."""
    operator, holder, kiosk = client_as(funded.operator), client_as(funded.holder), funded.kiosk
    add(operator, kiosk, "REV-INCOME")
    add(holder, kiosk, "REV-INCOME")
    theirs = pay_form(holder, kiosk)
    mine = pay_form(operator, kiosk, seen=theirs["seen"])
    assert pay(operator, kiosk, mine).status_code == 400 and not Receipt.objects.exists()


def test_the_seal_binds_the_lines_and_total_not_the_consumer_typed(funded, client_as):
    """The consumer's name and mobile are typed on the same page: correcting them after an error
    pays (only the cart's lines and total are what is confirmed)."""
    c, kiosk = client_as(funded.operator), funded.kiosk
    add(c, kiosk, "REV-INCOME")
    form = pay_form(c, kiosk, mobile="12")
    assert pay(c, kiosk, form).status_code == 400
    assert shown_receipt(pay(c, kiosk, {**form, "mobile": "9414000007"}))
    assert Receipt.objects.get().mobile == "9414000007"


# ---------------------------------------------------------------- the race, on PostgreSQL

PAUSE = "test-pause"


@pytest.mark.django_db(transaction=True)
def test_a_bill_added_while_the_cart_is_being_paid_is_never_left_unpaid_in_a_paid_cart(funded, client_as):
    """Tab one pays; tab two adds a bill while the payment's transaction is open. The bill
    must wait for the payment and then be refused by the paid cart (or, had it come first,
    make the payment refused): never a paid cart with a line its receipt does not carry."""
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs PostgreSQL; run with DATABASE_URL")
    from emitra.catalogue.models import Service

    kiosk, operator = funded.kiosk, funded.operator
    c1, c2 = client_as(operator), client_as(operator)
    cart = services.current_cart(kiosk, operator)
    services.add_to_cart(cart, Service.objects.get(code="REV-INCOME"), by=operator, linked=(PAUSE, "1"))
    form, confirmed_total = pay_form(c1, kiosk), cart.total
    in_payment, adder_pid, added = threading.Event(), [], threading.Event()
    outcome = {}

    def paused(lines):
        """Inside the payment's transaction, after the cart's row is taken: let tab two try now."""
        in_payment.set()
        with connection.cursor() as cur:  # ours is another connection than tab two's
            for _ in range(3000):
                if added.is_set():
                    break
                if adder_pid:
                    cur.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [adder_pid[0]])
                    row = cur.fetchone()
                    if row and row[0] == "Lock":
                        break
                threading.Event().wait(0.01)

    line_hooks.register(line_hooks.LineHooks(kind=PAUSE, paid=paused))

    def tab_one():
        try:
            outcome["pay"] = pay(c1, kiosk, form).status_code
        finally:
            connection.close()

    def tab_two():
        try:
            in_payment.wait(60)
            with connection.cursor() as cur:
                cur.execute("SELECT pg_backend_pid()")
                adder_pid.append(cur.fetchone()[0])
            outcome["add"] = add(c2, kiosk, "PHED-BILL", "PH1234567").status_code
        finally:
            added.set()
            connection.close()

    try:
        threads = [threading.Thread(target=tab_one), threading.Thread(target=tab_two)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        line_hooks.register(line_hooks.LineHooks(kind=PAUSE))

    receipt = Receipt.objects.get()
    assert outcome == {"pay": 200, "add": 400}  # the payment answers with its receipt
    assert receipt.total == confirmed_total
    assert CartLine.objects.filter(cart=receipt.cart).count() == receipt.lines.count() == 1
    assert not CartLine.objects.filter(cart__kiosk=kiosk, cart__state=Cart.State.OPEN).exists()
    assert_ledger_sound()


# ---------------------------------------------------------------- cancellation (issue 9 item 1, the rest)

def _cancel_page(client, receipt):
    url = f"/k/{receipt.kiosk.code}/receipts/{receipt.number}/cancel/"
    return url, hidden_fields(client.get(url).content.decode())


def test_a_cancellation_page_shown_before_a_line_was_cancelled_in_another_tab_cancels_nothing(
        funded, client_as, receipt):
    """Tab one shows the receipt with both lines and is sent to cancel all of it; tab two cancelled
    line 1 meanwhile: tab one's form would refund only line 2, which is not what it showed."""
    holder = client_as(funded.holder)
    url, first_tab = _cancel_page(holder, receipt)
    _, second_tab = _cancel_page(holder, receipt)
    assert holder.post(url, {**second_tab, "what": "1", "reason": "wrong consumer number"}).status_code == 302
    before, entries = wallet_balance(funded.kiosk), JournalEntry.objects.count()

    response = holder.post(url, {**first_tab, "what": "all", "reason": "consumer paid twice by mistake"})

    assert response.status_code == 409
    assert wallet_balance(funded.kiosk) == before and JournalEntry.objects.count() == entries
    assert ReceiptLine.objects.get(receipt=receipt, position=2).state == ReceiptLine.State.ACTIVE
    assert "The receipt changed after the cancellation page was shown" in _errors(response)
    rows = BeautifulSoup(response.content, "html.parser").select("#cancel-lines tbody tr")
    assert "cancelled" in rows[0].get_text().lower()  # the receipt as it is now
    again = {**hidden_fields(response.content.decode()), "what": "all", "reason": "consumer paid twice by mistake"}
    assert holder.post(url, again).status_code == 302
    line = ReceiptLine.objects.get(receipt=receipt, position=2)
    assert line.state == ReceiptLine.State.CANCELLED and wallet_balance(funded.kiosk) == before + line.total
    assert_ledger_sound()


@pytest.mark.parametrize("seal", ["", "made-up", "x" * 500, None])
def test_a_cancellation_without_the_pages_seal_cancels_nothing(funded, client_as, receipt, seal):
    holder = client_as(funded.holder)
    url, form = _cancel_page(holder, receipt)
    form = {**form, "what": "all", "reason": "consumer paid twice by mistake"}
    if seal is None:
        del form["seen"]
    else:
        form["seen"] = seal
    before = wallet_balance(funded.kiosk)
    response = holder.post(url, form)
    assert response.status_code == 400 and wallet_balance(funded.kiosk) == before
    assert not ReceiptLine.objects.filter(receipt=receipt).exclude(state=ReceiptLine.State.ACTIVE).exists()
    assert "does not come from the page that shows what it cancels" in _errors(response)
    assert_ledger_sound()


def test_the_seal_of_one_receipt_does_not_cancel_another(funded, client_as, receipt):
    holder, operator, kiosk = client_as(funded.holder), client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "REV-INCOME")
    pay(operator, kiosk, pay_form(operator, kiosk))
    other = Receipt.objects.exclude(pk=receipt.pk).get()
    _, theirs = _cancel_page(holder, other)
    url, mine = _cancel_page(holder, receipt)
    before = wallet_balance(kiosk)
    response = holder.post(url, {**mine, "seen": theirs["seen"], "what": "all", "reason": "consumer paid twice"})
    assert response.status_code == 409 and wallet_balance(kiosk) == before


def test_a_cancellation_sent_twice_refunds_once(funded, client_as, receipt):
    holder = client_as(funded.holder)
    url, form = _cancel_page(holder, receipt)
    form = {**form, "what": "all", "reason": "consumer paid twice by mistake"}
    before = wallet_balance(funded.kiosk)
    assert holder.post(url, form).status_code == 302
    second = holder.post(url, form)
    assert second.status_code == 400 and "already cancelled" in second.content.decode()
    assert wallet_balance(funded.kiosk) == before + receipt.total
    assert_ledger_sound()
