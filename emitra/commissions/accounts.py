"""The ledger accounts of commission, and their balance rules (issue 10 req. 3, 4, 7; F8, F9).

Payouts (emitra.payouts) builds on these functions; nothing else names the codes.

Accounts
--------
* kiosk_commission_account(kiosk): "commission:<kiosk code>", kind commission,
  with a running balance (a floored account), opened with the kiosk.
* lsp_commission_account(lsp): "lsp:<LSP code>", the LSP's account; no floor
  (its balance is the sum of its postings).
* doit_commission_account(): "doit-commission", DoIT's share; no floor.
* bearer_account(bearer, department): who pays the commission of a line:
  the department's collections ("dept:<code>"), or, when the citizen bears it
  as the service charge on the receipt, DoIT's account ("doit"), where the
  service charges are credited.

Balance rules of the kiosk commission account
---------------------------------------------
1. It is credited only by accruals, inside the receipt's own ledger entry (or,
   for a cheque, inside the entry that records it cleared): bearer debited,
   kiosk, LSP and DoIT accounts credited, one balanced entry.
2. It is debited by reversals (a cancellation, a dishonoured cheque, a line
   the department rejected), in the same reversing entry as the refund; a
   reversal always goes through. Its floor is CLAWBACK_FLOOR, far below zero,
   so that taking back commission already paid out makes the balance negative
   (a claw-back) instead of refusing the cancellation. Nothing is written off.
3. A negative balance is recovered by the next accruals, which credit this
   same account: no separate recovery entry, and the statement shows the
   balance going back up through zero.
4. A payout debits it ONLY through ledger.post(..., keep_at_least={account: 0})
   (see payout_minimum): one conditional UPDATE that also requires
   balance - held >= 0 afterwards, so no payout ever exceeds the balance, and
   none happens while a claw-back is outstanding. payable(kiosk) is what a
   payout may take now: max(0, balance - held). Never read it and then debit:
   the conditional UPDATE is the check.
5. Its balance is one row read (ledger.balance); the statement
   (emitra.commissions.statements) explains every paisa of it.
"""
from django.db import transaction

from emitra.ledger import services as ledger
from emitra.ledger.models import Account, AccountKind
from emitra.wallet import accounts as network_accounts

# The lowest a kiosk commission account may reach: in practice no limit, so that a
# claw-back never refuses a cancellation (rule 2). Payouts keep it at or above 0 (rule 4).
CLAWBACK_FLOOR = network_accounts.COMMISSION_FLOOR
DOIT_COMMISSION = "doit-commission"
BEARER_CITIZEN_ACCOUNT = network_accounts.DOIT  # where the service charges the citizen paid are credited


def kiosk_commission_code(kiosk):
    return network_accounts.commission_code(kiosk)


def lsp_commission_code(lsp):
    return network_accounts.lsp_code(lsp)


def kiosk_commission_account(kiosk):
    """The kiosk's commission account (opened if missing), floored at CLAWBACK_FLOOR (rule 2)."""
    account = network_accounts.commission_account(kiosk)
    if account.floor != CLAWBACK_FLOOR:
        # an account opened before claw-backs: lowering a floor is always allowed
        account = ledger.set_floor(account, CLAWBACK_FLOOR)
    return account


def lsp_commission_account(lsp):
    code = lsp_commission_code(lsp)
    account = Account.objects.filter(code=code).first()
    if account is None:
        network_accounts.open_network_accounts([lsp])
        account = Account.objects.get(code=code)
    return account


def doit_commission_account():
    return ledger.open_account(DOIT_COMMISSION, AccountKind.DOIT, name="DoIT (commission share)",
                               name_hi="डीओआईटी (कमीशन का हिस्सा)")


def bearer_code(bearer, department):
    """The account that pays a line's commission: the department's collections, or DoIT's service charges."""
    if bearer == "citizen":
        return BEARER_CITIZEN_ACCOUNT
    return network_accounts.department_code(department)


def open_commission_accounts(kiosk):
    """Every account an accrual at this kiosk may name (idempotent)."""
    with transaction.atomic():
        kiosk_commission_account(kiosk)
        lsp_commission_account(kiosk.lsp)
        doit_commission_account()


def balance(kiosk):
    """The kiosk commission account's balance in paise; below zero while a claw-back is outstanding."""
    return ledger.balance(kiosk_commission_account(kiosk))


def payable(kiosk):
    """What a payout may take now: max(0, balance - held) (rule 4). For showing; the payout's
    conditional UPDATE (keep_at_least) is the check."""
    account = kiosk_commission_account(kiosk)
    return max(0, ledger.available(account) + account.floor)


def payout_minimum(kiosk):
    """The keep_at_least argument a payout passes to ledger.post (rule 4)."""
    return {kiosk_commission_account(kiosk): 0}
