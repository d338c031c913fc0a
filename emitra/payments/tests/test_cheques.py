"""Payment by cheque in the department's name (F20): no wallet debit; cleared or dishonoured."""
import re

import pytest
from django.utils import timezone

from emitra.ledger import services as ledger
from emitra.payments.models import Receipt, ReceiptLine
from emitra.payments.tests.conftest import (add, assert_ledger_sound, decide_cheque, pay, pay_form, shown_receipt,
                                           wallet_balance)
from emitra.wallet import accounts

pytestmark = pytest.mark.django_db


def pay_by_cheque(funded, client_as):
    c, kiosk = client_as(funded.operator), funded.kiosk
    add(c, kiosk, "PHED-NEWCONN")  # the demo department officer's department
    add(c, kiosk, "PHED-NAMECHANGE")
    before = wallet_balance(kiosk)
    response = pay(c, kiosk, pay_form(c, kiosk, mode="cheque", cheque_no="004512", cheque_bank="State Bank of India",
                                      cheque_date=timezone.localdate().isoformat()))
    assert shown_receipt(response)
    receipt = Receipt.objects.get()
    assert receipt.cheque_state == Receipt.ChequeState.IN_HAND
    assert wallet_balance(kiosk) == before
    return receipt, before


def test_a_cheque_moves_nothing_from_the_wallet_and_is_cleared_by_the_department(funded, client_as):
    receipt, before = pay_by_cheque(funded, client_as)
    dept = client_as(funded.dept)
    assert receipt.number in dept.get("/dept/cheques/").content.decode()
    decide_cheque(dept, receipt, "cleared")
    receipt.refresh_from_db()
    assert receipt.cheque_state == Receipt.ChequeState.CLEARED and receipt.state == Receipt.State.PAID
    assert ledger.balance(accounts.CHEQUES_IN_HAND) == 0
    assert wallet_balance(funded.kiosk) == before
    assert_ledger_sound()


def test_a_dishonoured_cheque_reverses_the_lines(funded, client_as):
    receipt, before = pay_by_cheque(funded, client_as)
    decide_cheque(client_as(funded.dept), receipt, "dishonoured")
    receipt.refresh_from_db()
    assert receipt.state == Receipt.State.DISHONOURED
    assert set(receipt.lines.values_list("state", flat=True)) == {ReceiptLine.State.DISHONOURED}
    assert ledger.balance(accounts.CHEQUES_IN_HAND) == 0
    assert ledger.balance(accounts.department_code("PHED")) == 0
    # deciding twice is refused
    decide_cheque(client_as(funded.dept), receipt, "cleared")
    receipt.refresh_from_db()
    assert receipt.cheque_state == Receipt.ChequeState.DISHONOURED
    assert_ledger_sound()


def test_only_a_department_officer_decides_cheques(funded, client_as):
    receipt, _ = pay_by_cheque(funded, client_as)
    assert client_as(funded.holder).post(f"/dept/cheques/{receipt.number}/", {"decision": "cleared"}).status_code == 404


def test_an_officer_decides_only_his_departments_and_offices_cheques(funded, client_as):
    receipt, _ = pay_by_cheque(funded, client_as)  # water, at a Jaipur kiosk
    # the Jodhpur office's officer of the same department: not his kiosks
    jodhpur = client_as(funded.dept_jodhpur)
    assert receipt.number not in jodhpur.get("/dept/cheques/").content.decode()
    assert jodhpur.post(f"/dept/cheques/{receipt.number}/", {"decision": "dishonoured"}).status_code == 404
    # another department's officer: not his department
    from emitra.accounts.services import add_department_officer
    from emitra.catalogue.models import Department

    add_department_officer(funded.citizen, Department.objects.get(code="REVENUE"), by=funded.doit)
    revenue = client_as(funded.citizen)
    assert receipt.number not in revenue.get("/dept/cheques/").content.decode()
    assert revenue.post(f"/dept/cheques/{receipt.number}/", {"decision": "cleared"}).status_code == 404
    receipt.refresh_from_db()
    assert receipt.cheque_state == Receipt.ChequeState.IN_HAND
    # the department's own (state-wide) officer sees and decides it
    assert receipt.number in client_as(funded.dept).get("/dept/cheques/").content.decode()


def test_a_cheque_decision_is_bound_to_the_cheque_as_the_list_showed_it(funded, client_as):
    """Issue 9 items 1-2: a decision without the row's seal, with another officer's, or on a
    cheque changed since the list was shown (a line undone meanwhile) decides nothing and says so."""
    from emitra.payments import services
    from emitra.payments.undo import undo_lines

    receipt, before = pay_by_cheque(funded, client_as)
    dept = client_as(funded.dept)
    for seen in ("", "made-up", services.cheque_seal(receipt, funded.operator)):
        r = dept.post(f"/dept/cheques/{receipt.number}/", {"decision": "dishonoured", "seen": seen}, follow=True)
        assert "Nothing was changed" in r.content.decode()
    page = dept.get("/dept/cheques/").content.decode()
    line = receipt.lines.order_by("position").first()
    undo_lines(receipt, [line], state=ReceiptLine.State.REJECTED, reason="department rejected it",
               key=f"rejected:{line.pk}")
    r = dept.post(f"/dept/cheques/{receipt.number}/", {
        "decision": "cleared", "seen": re.search(r'name="seen" value="([^"]*)"', page).group(1)}, follow=True)
    assert "Nothing was changed" in r.content.decode()
    receipt.refresh_from_db()
    assert receipt.cheque_state == Receipt.ChequeState.IN_HAND and receipt.state == Receipt.State.PAID
    assert decide_cheque(dept, receipt, "cleared").status_code == 302
    receipt.refresh_from_db()
    assert receipt.cheque_state == Receipt.ChequeState.CLEARED
    assert_ledger_sound()
