"""The wallet figure in front of the operator is true on every page right after money moves
(F23; issue 9 item 12): the header of the receipt page, the kiosk's home and the wallet page
agree, for a payment a department has still to confirm, after it confirms, and after a refund."""
import pytest
from bs4 import BeautifulSoup

from emitra.payments.models import Receipt
from emitra.payments.tests.conftest import add, cancel, pay, pay_form, wallet_balance
from emitra.payments import settlement

pytestmark = pytest.mark.django_db


def header_figure(client, url):
    """The header's wallet figure (the first amount of the wallet bar) on a page, in text."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return soup.select_one("p.wallet b").get_text()


def rupees(paise):
    from emitra.core.money import format_paise

    return format_paise(paise)


def test_a_held_payment_shows_in_the_header_at_once_and_the_figure_stays_when_the_department_confirms(
        funded, client_as, department, django_capture_on_commit_callbacks):
    c, kiosk = client_as(funded.operator), funded.kiosk
    before = wallet_balance(kiosk)
    assert add(c, kiosk, "JVVNL-BILL", "JV1234567").status_code == 302  # confirmed by the department first
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not run yet
        response = pay(c, kiosk, pay_form(c, kiosk))
    receipt = Receipt.objects.get()
    assert receipt.state == Receipt.State.AWAITING
    after = rupees(before - receipt.total)
    # the payment's answer is the receipt page, its header drawn after the money moved
    assert BeautifulSoup(response.content, "html.parser").select_one("p.wallet b").get_text() == after
    receipt_url = f"/k/{kiosk.code}/receipts/{receipt.number}/"
    for url in (receipt_url, f"/k/{kiosk.code}/", f"/k/{kiosk.code}/wallet/", f"/k/{kiosk.code}/receipts/"):
        assert header_figure(c, url) == after, url
    soup = BeautifulSoup(c.get(f"/k/{kiosk.code}/wallet/").content, "html.parser")
    assert soup.select_one("#in-wallet").get_text() == after

    settlement.deliver_due()  # the department confirms: the money is taken from the hold
    receipt.refresh_from_db()
    assert receipt.state == Receipt.State.PAID and wallet_balance(kiosk) == before - receipt.total
    for url in (receipt_url, f"/k/{kiosk.code}/wallet/"):
        assert header_figure(c, url) == after, url


def test_a_refund_shows_in_the_header_of_the_page_after_it(funded, client_as):
    c, kiosk = client_as(funded.holder), funded.kiosk
    before = wallet_balance(kiosk)
    add(c, kiosk, "REV-INCOME")
    pay(c, kiosk, pay_form(c, kiosk))
    receipt = Receipt.objects.get()
    receipt_url = f"/k/{kiosk.code}/receipts/{receipt.number}/"
    assert header_figure(c, receipt_url) == rupees(before - receipt.total)
    assert cancel(c, kiosk, receipt, "all", "wrong service chosen").status_code == 302
    assert header_figure(c, receipt_url) == rupees(before)
