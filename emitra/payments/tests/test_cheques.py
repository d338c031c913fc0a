"""Payment by cheque in the department's name (F20): no wallet debit; cleared or dishonoured."""
import pytest
from django.utils import timezone

from emitra.ledger import services as ledger
from emitra.payments.models import Receipt, ReceiptLine
from emitra.payments.tests.conftest import add, assert_ledger_sound, pay, pay_form, wallet_balance
from emitra.wallet import accounts

pytestmark = pytest.mark.django_db


def pay_by_cheque(funded, client_as):
    c, kiosk = client_as(funded.operator), funded.kiosk
    add(c, kiosk, "REV-INCOME")
    add(c, kiosk, "REV-DOMICILE")
    before = wallet_balance(kiosk)
    response = pay(c, kiosk, pay_form(c, kiosk, mode="cheque", cheque_no="004512", cheque_bank="State Bank of India",
                                      cheque_date=timezone.localdate().isoformat()))
    assert response.status_code == 302
    receipt = Receipt.objects.get()
    assert receipt.cheque_state == Receipt.ChequeState.IN_HAND
    assert wallet_balance(kiosk) == before
    return receipt, before


def test_a_cheque_moves_nothing_from_the_wallet_and_is_cleared_by_the_department(funded, client_as):
    receipt, before = pay_by_cheque(funded, client_as)
    dept = client_as(funded.dept)
    assert receipt.number in dept.get("/dept/cheques/").content.decode()
    dept.post(f"/dept/cheques/{receipt.number}/", {"decision": "cleared"})
    receipt.refresh_from_db()
    assert receipt.cheque_state == Receipt.ChequeState.CLEARED and receipt.state == Receipt.State.PAID
    assert ledger.balance(accounts.CHEQUES_IN_HAND) == 0
    assert wallet_balance(funded.kiosk) == before
    assert_ledger_sound()


def test_a_dishonoured_cheque_reverses_the_lines(funded, client_as):
    receipt, before = pay_by_cheque(funded, client_as)
    client_as(funded.dept).post(f"/dept/cheques/{receipt.number}/", {"decision": "dishonoured"})
    receipt.refresh_from_db()
    assert receipt.state == Receipt.State.DISHONOURED
    assert set(receipt.lines.values_list("state", flat=True)) == {ReceiptLine.State.DISHONOURED}
    assert ledger.balance(accounts.CHEQUES_IN_HAND) == 0
    assert ledger.balance(accounts.department_code("REVENUE")) == 0
    # deciding twice is refused
    client_as(funded.dept).post(f"/dept/cheques/{receipt.number}/", {"decision": "cleared"})
    receipt.refresh_from_db()
    assert receipt.cheque_state == Receipt.ChequeState.DISHONOURED
    assert_ledger_sound()


def test_only_a_department_officer_decides_cheques(funded, client_as):
    receipt, _ = pay_by_cheque(funded, client_as)
    assert client_as(funded.holder).post(f"/dept/cheques/{receipt.number}/", {"decision": "cleared"}).status_code == 404
