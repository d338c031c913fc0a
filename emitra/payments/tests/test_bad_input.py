"""Bad input: a clear message beside the field; nothing charged, nothing half-written."""
import datetime

import pytest
from django.utils import timezone

from emitra.payments.models import Cart, CartLine, Receipt
from emitra.payments.tests.conftest import add, assert_ledger_sound, pay, pay_form, wallet_balance

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("consumer_no, message", [
    ("", "Enter the consumer number"),
    ("  ", "Enter the consumer number"),
    ("PH#12!", "4 to 20 letters and digits"),
    ("AB", "4 to 20 letters and digits"),
    ("1" * 21, "at most 20 characters"),
    ("1000000404", "no consumer with this number"),
    ("1000000503", "not reachable just now"),
    ("1000000504", "took too long"),
])
def test_a_bad_or_unknown_consumer_number_is_refused_beside_the_field(funded, client_as, consumer_no, message):
    c, kiosk = client_as(funded.operator), funded.kiosk
    response = add(c, kiosk, "PHED-BILL", consumer_no)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_consumer_no-error"' in page and message in page
    assert not CartLine.objects.exists()


def test_an_amount_that_differs_from_the_bill_is_refused_where_the_service_forbids_it(funded, client_as):
    c, kiosk = client_as(funded.operator), funded.kiosk
    response = add(c, kiosk, "PHED-BILL", "PH1234567", "1.00")
    assert response.status_code == 400
    assert 'id="id_amount-error"' in response.content.decode()
    assert "paid in full" in response.content.decode()
    assert not CartLine.objects.exists()


def test_a_part_payment_is_taken_where_the_service_allows_it(funded, client_as):
    c, kiosk = client_as(funded.operator), funded.kiosk
    assert add(c, kiosk, "BSNL-BROADBAND", "BB12345", "100.50").status_code == 302
    assert CartLine.objects.get().government_amount == 100_50


def test_an_empty_cart_cannot_be_paid(funded, client_as):
    c, kiosk = client_as(funded.operator), funded.kiosk
    response = pay(c, kiosk, pay_form(c, kiosk))
    assert response.status_code == 400 and "The cart is empty" in response.content.decode()
    assert not Receipt.objects.exists()


@pytest.mark.parametrize("mobile", ["", "94140", "94140000071", "94140abcde"])
def test_a_mobile_that_is_not_ten_digits_is_refused(funded, client_as, mobile):
    c, kiosk = client_as(funded.operator), funded.kiosk
    add(c, kiosk, "REV-INCOME")
    before = wallet_balance(kiosk)
    response = pay(c, kiosk, pay_form(c, kiosk, mobile=mobile))
    assert response.status_code == 400 and 'id="id_mobile-error"' in response.content.decode()
    assert not Receipt.objects.exists() and wallet_balance(kiosk) == before
    assert Cart.objects.get().state == Cart.State.OPEN


@pytest.mark.parametrize("days, message", [(-1, "post-dated"), (91, "older than three months")])
def test_a_cheque_dated_beyond_the_rules_is_refused(funded, client_as, days, message):
    c, kiosk = client_as(funded.operator), funded.kiosk
    add(c, kiosk, "REV-INCOME")
    date = timezone.localdate() - datetime.timedelta(days=days)
    response = pay(c, kiosk, pay_form(c, kiosk, mode="cheque", cheque_no="123456", cheque_bank="SBI",
                                      cheque_date=date.isoformat()))
    assert response.status_code == 400
    assert 'id="id_cheque_date-error"' in response.content.decode() and message in response.content.decode()
    assert not Receipt.objects.exists()
    assert_ledger_sound()


def test_a_cheque_for_two_departments_is_refused(funded, client_as):
    c, kiosk = client_as(funded.operator), funded.kiosk
    add(c, kiosk, "REV-INCOME")
    add(c, kiosk, "PHED-BILL", "PH1234567")
    response = pay(c, kiosk, pay_form(c, kiosk, mode="cheque", cheque_no="123456", cheque_bank="SBI",
                                      cheque_date=timezone.localdate().isoformat()))
    assert response.status_code == 400 and "one department" in response.content.decode()
    assert not Receipt.objects.exists()


def test_an_accountant_or_another_kiosk_cannot_take_money(funded, client_as):
    kiosk = funded.kiosk
    assert add(client_as(funded.other_holder), kiosk, "REV-INCOME").status_code == 404
    assert client_as(funded.lsp_jaipur).get(f"/k/{kiosk.code}/cart/").status_code == 404
