"""The ledger accounts of the kiosk network, by code (issue 3 req. 4).

Codes: "wallet:<kiosk code>" (floored at minus the credit limit, F16),
"commission:<kiosk code>" (floored at COMMISSION_FLOOR, far below zero, so
that a reversal after a payout is a claw-back, never a refusal; its balance
rules are in emitra.commissions.accounts), "lsp:<LSP code>", "dept:<department code>", and one account each for
DoIT, security deposits held, top-ups in transit, cheques in hand, payouts in
transit and the bank. Every opener is idempotent, so any part of the portal
may call it before posting.
"""
from django.db import transaction

from emitra.core.money import ABSURD_PAISE
from emitra.ledger import services as ledger
from emitra.ledger.models import Account, AccountKind

DOIT = "doit"
DEPOSITS_HELD = "deposits_held"
TOPUPS_IN_TRANSIT = "topups_in_transit"
CHEQUES_IN_HAND = "cheques_in_hand"
PAYOUTS_IN_TRANSIT = "payouts_in_transit"
BANK = "bank"
# A kiosk commission account's floor: in practice none (issue 10 req. 4; emitra.commissions.accounts)
COMMISSION_FLOOR = -(ABSURD_PAISE - 1)

# (code, kind, name, name in Hindi): the network's own accounts, one each, no floor.
NETWORK_ACCOUNTS = [
    (DOIT, AccountKind.DOIT, "DoIT", "डीओआईटी"),
    (DEPOSITS_HELD, AccountKind.DEPOSITS_HELD, "Security deposits held", "जमा अमानत राशि"),
    (TOPUPS_IN_TRANSIT, AccountKind.TOPUPS_IN_TRANSIT, "Top-ups in transit (payment gateway)",
     "प्रक्रियाधीन टॉप-अप (पेमेंट गेटवे)"),
    (CHEQUES_IN_HAND, AccountKind.CHEQUES_IN_HAND, "Cheques in hand", "हाथ में चेक"),
    (PAYOUTS_IN_TRANSIT, AccountKind.PAYOUTS_IN_TRANSIT, "Payouts in transit", "प्रक्रियाधीन भुगतान (पेआउट)"),
    (BANK, AccountKind.BANK, "Bank (e-Mitra collection account)", "बैंक (ई-मित्र संग्रहण खाता)"),
]


def account_label(account):
    """What a person reads for an account instead of its code (issue 9 item 17): its kind in the
    page's language and whose it is, e.g. "Kiosk wallet KJPR00001" for "wallet:KJPR00001"."""
    from django.utils.text import capfirst

    owner = account.code.partition(":")[2]
    return f"{capfirst(account.get_kind_display())} {owner}".strip()


def wallet_code(kiosk):
    return f"wallet:{_code(kiosk)}"


def commission_code(kiosk):
    return f"commission:{_code(kiosk)}"


def lsp_code(lsp):
    return f"lsp:{getattr(lsp, 'code', lsp)}"


def department_code(department):
    return f"dept:{getattr(department, 'code', department)}"


def _code(kiosk):
    return getattr(kiosk, "code", kiosk)


def open_network_accounts(lsps=None):
    """Open DoIT's and the network's accounts, and one per LSP (all LSPs when lsps is None)."""
    from emitra.network.models import LSP

    with transaction.atomic():
        opened = [ledger.open_account(code, kind, name=name, name_hi=name_hi)
                  for code, kind, name, name_hi in NETWORK_ACCOUNTS]
        for lsp in LSP.objects.all() if lsps is None else lsps:
            opened.append(ledger.open_account(lsp_code(lsp), AccountKind.LSP, name=lsp.name, owner_ref=f"lsp:{lsp.code}"))
    return opened


def open_kiosk_accounts(kiosk):
    """The kiosk's wallet (limit 0 to start) and commission account, plus the network's accounts."""
    with transaction.atomic():
        open_network_accounts([kiosk.lsp])
        owner = f"kiosk:{kiosk.code}"
        wallet = ledger.open_account(wallet_code(kiosk), AccountKind.WALLET, name=kiosk.name, owner_ref=owner,
                                     floor=0)
        ledger.open_account(commission_code(kiosk), AccountKind.COMMISSION, name=kiosk.name, owner_ref=owner,
                            floor=COMMISSION_FLOOR)
    return wallet


def department_account(department):
    """The collection account of a department (a catalogue Department or its code), opened on first use.

    It has no floor and so no running balance: every payment in the state credits
    some department, and its balance is the sum of its postings (DESIGN).
    """
    code = getattr(department, "code", department)
    name = getattr(department, "name_en", "") or code
    return ledger.open_account(department_code(code), AccountKind.DEPARTMENT_COLLECTIONS, name=name,
                               name_hi=getattr(department, "name_hi", ""), owner_ref=f"dept:{code}")


def wallet_account(kiosk):
    """The kiosk's wallet account; opened if a kiosk made before the ledger has none."""
    account = Account.objects.filter(code=wallet_code(kiosk)).first()
    return account or open_kiosk_accounts(kiosk)


def commission_account(kiosk):
    account = Account.objects.filter(code=commission_code(kiosk)).first()
    if account is None:
        open_kiosk_accounts(kiosk)
        account = Account.objects.get(code=commission_code(kiosk))
    return account
