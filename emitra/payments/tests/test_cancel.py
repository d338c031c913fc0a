"""Cancellation (req. 9): within the window, with a reason, by the holder; a reversing entry refunds."""
import datetime

import pytest

from emitra.ledger.models import JournalEntry
from emitra.payments.models import Receipt, ReceiptLine
from emitra.payments.tests.conftest import add, assert_ledger_sound, cancel, pay, pay_form, wallet_balance

pytestmark = pytest.mark.django_db


def paid_receipt(funded, client_as):
    c, kiosk = client_as(funded.operator), funded.kiosk
    add(c, kiosk, "PHED-BILL", "PH1234567")
    add(c, kiosk, "REV-INCOME")
    pay(c, kiosk, pay_form(c, kiosk))
    return Receipt.objects.get()


def test_cancelling_refunds_the_wallet_exactly_and_shows_cancelled(funded, client_as):
    before = wallet_balance(funded.kiosk)
    receipt = paid_receipt(funded, client_as)
    holder = client_as(funded.holder)
    response = cancel(holder, funded.kiosk, receipt)
    assert response.status_code == 302
    receipt.refresh_from_db()
    assert receipt.state == Receipt.State.CANCELLED
    assert wallet_balance(funded.kiosk) == before
    assert JournalEntry.objects.get(reverses=receipt.entry)
    assert "CANCELLED" in holder.get(f"/k/{funded.kiosk.code}/receipts/{receipt.number}/").content.decode()
    assert "CANCELLED" in holder.get(f"/k/{funded.kiosk.code}/receipts/").content.decode()
    assert_ledger_sound()


def test_cancelling_twice_is_refused(funded, client_as):
    receipt = paid_receipt(funded, client_as)
    holder = client_as(funded.holder)
    cancel(holder, funded.kiosk, receipt)
    balance = wallet_balance(funded.kiosk)
    response = cancel(holder, funded.kiosk, receipt)
    assert response.status_code == 400 and "already cancelled" in response.content.decode()
    assert wallet_balance(funded.kiosk) == balance
    assert_ledger_sound()


def test_one_line_can_be_cancelled_and_then_the_rest(funded, client_as):
    before = wallet_balance(funded.kiosk)
    receipt = paid_receipt(funded, client_as)
    line2 = receipt.lines.get(position=2)
    holder = client_as(funded.holder)
    assert cancel(holder, funded.kiosk, receipt, what="2").status_code == 302
    assert wallet_balance(funded.kiosk) == before - receipt.total + line2.total
    assert cancel(holder, funded.kiosk, receipt, what="2").status_code == 400
    receipt.refresh_from_db()
    assert receipt.state == Receipt.State.PAID
    assert cancel(holder, funded.kiosk, receipt, what="all").status_code == 302
    receipt.refresh_from_db()
    assert receipt.state == Receipt.State.CANCELLED and wallet_balance(funded.kiosk) == before
    assert set(receipt.lines.values_list("state", flat=True)) == {ReceiptLine.State.CANCELLED}
    assert_ledger_sound()


def test_another_kiosks_receipt_is_not_found(funded, client_as):
    receipt = paid_receipt(funded, client_as)
    other = client_as(funded.other_holder)
    assert cancel(other, funded.kiosk, receipt).status_code == 404
    assert cancel(other, funded.other_kiosk, receipt).status_code == 404
    receipt.refresh_from_db()
    assert receipt.state == Receipt.State.PAID


def test_an_operator_cannot_cancel(funded, client_as):
    receipt = paid_receipt(funded, client_as)
    assert cancel(client_as(funded.operator), funded.kiosk, receipt).status_code == 404


def test_a_reason_is_needed(funded, client_as):
    receipt = paid_receipt(funded, client_as)
    response = cancel(client_as(funded.holder), funded.kiosk, receipt, reason="")
    assert response.status_code == 400 and 'id="id_reason-error"' in response.content.decode()


def test_after_the_window_a_receipt_cannot_be_cancelled(funded, client_as):
    receipt = paid_receipt(funded, client_as)
    Receipt.objects.filter(pk=receipt.pk).update(created=receipt.created - datetime.timedelta(hours=25))
    response = cancel(client_as(funded.holder), funded.kiosk, receipt)
    assert response.status_code == 400 and "within" in response.content.decode()
    receipt.refresh_from_db()
    assert receipt.state == Receipt.State.PAID


def test_an_operator_the_holder_allows_may_cancel_and_one_not_allowed_may_not(funded, client_as):
    from emitra.accounts.models import Membership

    receipt = paid_receipt(funded, client_as)
    operator = client_as(funded.operator)
    membership = Membership.objects.live().get(person=funded.operator, kiosk=funded.kiosk)
    page = client_as(funded.holder).get(f"/k/{funded.kiosk.code}/users/").content.decode()
    assert "Allow to cancel receipts" in page
    # the holder allows him on the kiosk users page
    holder = client_as(funded.holder)
    assert holder.post(f"/k/{funded.kiosk.code}/users/{membership.pk}/allow_cancel/").status_code == 302
    assert "Stop receipt cancelling" in holder.get(f"/k/{funded.kiosk.code}/users/").content.decode()
    assert "Cancel this receipt" in operator.get(f"/k/{funded.kiosk.code}/receipts/{receipt.number}/").content.decode()
    assert cancel(operator, funded.kiosk, receipt, what="2").status_code == 302
    assert receipt.lines.get(position=2).state == ReceiptLine.State.CANCELLED
    # and takes it back: refused again
    assert holder.post(f"/k/{funded.kiosk.code}/users/{membership.pk}/forbid_cancel/").status_code == 302
    assert cancel(operator, funded.kiosk, receipt, what="1").status_code == 404
    assert receipt.lines.get(position=1).state == ReceiptLine.State.ACTIVE
    assert_ledger_sound()


def test_only_the_holder_allows_cancelling_and_only_for_operators(funded, client_as):
    from emitra.accounts.models import Membership
    from emitra.network import services as network

    operator = Membership.objects.live().get(person=funded.operator, kiosk=funded.kiosk)
    # the operator cannot allow himself
    assert client_as(funded.operator).post(
        f"/k/{funded.kiosk.code}/users/{operator.pk}/allow_cancel/").status_code == 404
    accountant = network.add_kiosk_user(funded.kiosk, funded.holder, sso_id="CITIZEN.DEMO", role="kiosk_accountant")
    r = client_as(funded.holder).post(f"/k/{funded.kiosk.code}/users/{accountant.pk}/allow_cancel/", follow=True)
    assert "Only an operator can be allowed" in r.content.decode()
    operator.refresh_from_db()
    accountant.refresh_from_db()
    assert not operator.may_cancel_receipts and not accountant.may_cancel_receipts
