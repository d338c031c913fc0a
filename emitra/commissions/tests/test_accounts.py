"""The commission accounts' balance rules (issue 10 req. 4; emitra.commissions.accounts): a reversal
after a payout takes the kiosk's account below zero, the next accrual recovers it, and a payout
(keep_at_least 0) never takes a claw-back or more than the balance."""
import pytest

from emitra.commissions import accounts
from emitra.ledger import services as ledger
from emitra.ledger.errors import InsufficientFunds
from emitra.ledger.integrity import ledger_violations
from emitra.wallet import accounts as network_accounts


def accrue(kiosk, paise, key):
    """A credit of the kiosk's account as an accrual makes it (the bearer debited), with no receipt line:
    of a kind outside the pay path, which would need LineCommission rows for it (emitra.commissions.integrity)."""
    return ledger.post("commission", [(accounts.kiosk_commission_account(kiosk), paise),
                                      (network_accounts.department_account("PHED"), -paise)], idempotency_key=key)


def payout(kiosk, paise, key):
    """A payout as emitra.payouts makes it: to payouts in transit, never below zero."""
    return ledger.post("payout", [(accounts.kiosk_commission_account(kiosk), -paise),
                                  (network_accounts.PAYOUTS_IN_TRANSIT, paise)],
                       idempotency_key=key, keep_at_least=accounts.payout_minimum(kiosk))


def test_a_reversal_after_a_payout_goes_below_zero_and_the_next_accrual_recovers_it(cast):
    kiosk = cast.kiosk
    accounts.open_commission_accounts(kiosk)
    entry = accrue(kiosk, 40_00, "t-accrue-1")
    payout(kiosk, 40_00, "t-payout-1")
    assert accounts.balance(kiosk) == 0
    ledger.reverse(entry, reason="cancelled", idempotency_key="t-reverse-1")
    assert accounts.balance(kiosk) == -40_00
    assert accounts.payable(kiosk) == 0
    accrue(kiosk, 25_00, "t-accrue-2")
    assert accounts.balance(kiosk) == -15_00
    accrue(kiosk, 25_00, "t-accrue-3")
    assert accounts.balance(kiosk) == 10_00
    assert accounts.payable(kiosk) == 10_00
    assert ledger_violations() == []


def test_a_payout_never_takes_more_than_the_balance_nor_a_claw_back(cast):
    kiosk = cast.kiosk
    accounts.open_commission_accounts(kiosk)
    accrue(kiosk, 30_00, "t-accrue-1")
    with pytest.raises(InsufficientFunds):
        payout(kiosk, 30_01, "t-payout-1")
    assert accounts.balance(kiosk) == 30_00
    entry = accrue(kiosk, 10_00, "t-accrue-2")
    payout(kiosk, 30_00, "t-payout-2")
    ledger.reverse(entry, reason="cancelled", idempotency_key="t-reverse-2")  # 40 - 30 paid - 10 back
    assert accounts.balance(kiosk) == 0
    accrue(kiosk, 5_00, "t-accrue-3")
    payout(kiosk, 5_00, "t-payout-3")
    assert accounts.balance(kiosk) == 0
    with pytest.raises(InsufficientFunds):
        payout(kiosk, 1, "t-payout-4")
    assert ledger_violations() == []


def test_an_account_opened_with_floor_zero_is_lowered_to_the_claw_back_floor(cast):
    code = network_accounts.commission_code(cast.kiosk)
    ledger.set_floor(ledger.get_account(code), 0)
    assert accounts.kiosk_commission_account(cast.kiosk).floor == accounts.CLAWBACK_FLOOR
    assert ledger.get_account(code).floor == accounts.CLAWBACK_FLOOR


def test_the_accounts_an_accrual_names_are_opened_once(cast):
    accounts.open_commission_accounts(cast.kiosk)
    accounts.open_commission_accounts(cast.kiosk)
    assert accounts.lsp_commission_account(cast.kiosk.lsp).code == "lsp:LSP-JPR"
    assert accounts.doit_commission_account().code == "doit-commission"
    assert accounts.bearer_code("citizen", None) == "doit"
    assert accounts.bearer_code("department", "PHED") == "dept:PHED"
