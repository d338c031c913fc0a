"""Taking commission back (issue 10 req. 4; emitra.commissions.accrual): a cancellation or a
line undone any other way reverses its commission exactly, in the same reversing entry; commission
already paid out is clawed back (the account goes below zero) and recovered from the next accruals
before any payout; `emitra check-ledger` agrees."""
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from emitra.catalogue.models import Service
from emitra.commissions import accounts
from emitra.commissions.models import LineCommission
from emitra.commissions.tests.conftest import make_rule
from emitra.commissions.tests.test_accrual import cancel, paid
from emitra.ledger import services as ledger
from emitra.ledger.models import Posting
from emitra.payments import services as payments
from emitra.payments import undo
from emitra.payments.models import ReceiptLine
from emitra.payments.tests.conftest import assert_ledger_sound, fund
from emitra.payouts import services as payouts
from emitra.payouts.tests.conftest import request_payout, verify_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(catalogue):
    fund(catalogue.kiosk, 50_000_00)
    water = Service.objects.get(code="PHED-BILL")
    income = Service.objects.get(code="REV-INCOME")
    make_rule(catalogue.doit, "Water bills", service=water, flat_paise=5_00)  # 4.00 / 0.75 / 0.25
    make_rule(catalogue.doit, "Certificates", department=income.department, bearer="citizen",
              flat_paise=10_00)  # 8.00 / 1.50 / 0.50
    return catalogue


def legs(entry_id):
    return dict(Posting.objects.filter(entry_id=entry_id).values_list("account__code", "amount"))


def test_a_cancelled_line_gives_back_exactly_its_commission_in_the_reversing_entry(funded, client_as):
    kiosk = funded.kiosk
    receipt = paid(funded, client_as(funded.operator), ("PHED-BILL", "PH1234567"), ("REV-INCOME", ""))
    water, income = receipt.lines.order_by("position")
    cancel(receipt, by=funded.holder, reason="wrong consumer", positions=[1])
    water.refresh_from_db()
    row = LineCommission.objects.get(line=water)
    assert row.reversal_entry_id == water.reversal_entry_id and row.reversed_at is not None
    assert legs(water.reversal_entry_id) == {
        f"wallet:{kiosk.code}": water.total, "dept:PHED": -(water.government_amount - 5_00),
        f"commission:{kiosk.code}": -4_00, "lsp:LSP-JPR": -75, "doit-commission": -25}
    assert LineCommission.objects.get(line=income).reversed_at is None
    assert accounts.balance(kiosk) == 8_00  # the certificate's share stays
    # the rest of the receipt cancelled: the second reversing entry takes the certificate's back
    cancel(receipt, by=funded.holder, reason="consumer left", positions=[2])
    income.refresh_from_db()
    assert LineCommission.objects.get(line=income).reversal_entry_id == income.reversal_entry_id
    assert accounts.balance(kiosk) == 0
    assert_ledger_sound()


def test_a_whole_receipt_cancelled_reverses_its_entry_commission_and_all(funded, client_as):
    kiosk = funded.kiosk
    receipt = paid(funded, client_as(funded.operator), ("PHED-BILL", "PH1234567"), ("REV-INCOME", ""))
    cancel(receipt, by=funded.holder, reason="paid twice by mistake")
    receipt.refresh_from_db()
    (reversal_id,) = set(ReceiptLine.objects.filter(receipt=receipt).values_list("reversal_entry_id", flat=True))
    assert legs(reversal_id) == {code: -amount for code, amount in legs(receipt.entry_id).items()}
    assert set(LineCommission.objects.values_list("reversal_entry_id", flat=True)) == {reversal_id}
    assert [ledger.balance(ledger.get_account(code)) for code in
            (f"commission:{kiosk.code}", "lsp:LSP-JPR", "doit-commission")] == [0, 0, 0]
    assert_ledger_sound()


def test_a_line_refused_after_its_cheque_cleared_gives_back_the_commission_of_the_clearing_entry(
        funded, client_as):
    """A cheque earns in its clearing entry; undoing the whole receipt reverses the receipt's
    entry, so the commission is given back by one more entry in the same transaction."""
    receipt = paid(funded, client_as(funded.operator), ("PHED-BILL", "PH1234567"), mode="cheque",
                   cheque_no="004512", cheque_bank="State Bank of India",
                   cheque_date=timezone.localdate().isoformat())
    payments.clear_cheque(receipt, by=funded.dept, seen=payments.cheque_seal(receipt, funded.dept))
    assert accounts.balance(funded.kiosk) == 4_00
    line = receipt.lines.get()
    undo.undo_lines(receipt, [line], state=ReceiptLine.State.REJECTED, reason="department rejected it",
                    key=f"rejected:{line.pk}")
    row = LineCommission.objects.get()
    assert row.reversal_entry.kind == "commission_reversal" and row.reversed_at is not None
    assert accounts.balance(funded.kiosk) == 0
    assert_ledger_sound()


def test_a_dishonoured_cheque_never_earned_and_has_nothing_to_give_back(funded, client_as):
    receipt = paid(funded, client_as(funded.operator), ("PHED-BILL", "PH1234567"), mode="cheque",
                   cheque_no="004513", cheque_bank="State Bank of India",
                   cheque_date=timezone.localdate().isoformat())
    payments.dishonour_cheque(receipt, by=funded.dept, seen=payments.cheque_seal(receipt, funded.dept))
    assert not LineCommission.objects.exists() and accounts.balance(funded.kiosk) == 0
    assert_ledger_sound()


def verified_account(funded):
    account = payouts.request_bank_account(funded.kiosk, by=funded.holder, name=funded.holder.name,
                                           account_no="30120000123456", ifsc="SBIN0031JPR")
    return verify_account(account, funded.lsp_jaipur)


def test_cancel_after_payout_claws_back_and_the_next_accrual_recovers_it(funded, client_as, capsys):
    kiosk, operator = funded.kiosk, client_as(funded.operator)
    verified_account(funded)
    first = paid(funded, operator, ("PHED-BILL", "PH1234567"), ("REV-INCOME", ""))
    assert accounts.balance(kiosk) == 12_00
    payout = request_payout(kiosk, by=funded.holder, gross=12_00, idempotency_key=uuid.uuid4().hex)
    assert payout.gross == 12_00 and accounts.balance(kiosk) == 0
    # the receipt is cancelled after its commission was paid out: the account goes below zero
    cancel(first, by=funded.holder, reason="consumer paid at the office")
    assert accounts.balance(kiosk) == -12_00 and accounts.payable(kiosk) == 0
    with pytest.raises(payouts.PayoutError):
        request_payout(kiosk, by=funded.holder, gross=1, idempotency_key=uuid.uuid4().hex)
    # the next accruals recover it before anything can be paid out
    paid(funded, operator, ("REV-INCOME", ""))
    assert accounts.balance(kiosk) == -4_00 and accounts.payable(kiosk) == 0
    paid(funded, operator, ("PHED-BILL", "PH1234568"), ("REV-INCOME", ""))
    assert accounts.balance(kiosk) == 8_00 and accounts.payable(kiosk) == 8_00
    assert_ledger_sound()
    call_command("check_ledger")
    assert capsys.readouterr().out.rstrip().endswith("ledger sound")
