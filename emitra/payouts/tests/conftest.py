"""Helpers for the payout tests: commission earned in a kiosk's commission account (as the
accrual would write it), a verified bank account, and the ledger checked after every test."""
import uuid

import pytest

from emitra.commissions import accounts as commission_accounts
from emitra.ledger import services as ledger
from emitra.ledger.integrity import ledger_violations
from emitra.payouts import services
from emitra.wallet import accounts

RUPEE = 100


@pytest.fixture
def key():
    return lambda: uuid.uuid4().hex


@pytest.fixture
def earn():
    """Credit a kiosk's commission account from a department's collections, as an accrual does."""
    def earn(kiosk, paise):
        commission_accounts.kiosk_commission_account(kiosk)
        return ledger.post("commission", [(commission_accounts.kiosk_commission_code(kiosk), paise),
                                          (accounts.department_account("JVVNL"), -paise)],
                           idempotency_key=uuid.uuid4().hex)
    return earn


@pytest.fixture
def verified(cast):
    """Give a kiosk a bank account its LSP officer verified."""
    officers = {cast.kiosk.lsp_id: cast.lsp_jaipur, cast.jodhpur_kiosk.lsp_id: cast.lsp_jodhpur}

    def verified(kiosk=None, account_no="30120000123456"):
        kiosk = kiosk or cast.kiosk
        account = services.request_bank_account(kiosk, by=kiosk.holder, name=kiosk.holder.name,
                                                 account_no=account_no, ifsc="SBIN0031JPR")
        return verify_account(account, officers.get(kiosk.lsp_id, cast.doit))
    return verified


@pytest.fixture
def sound_ledger():
    yield
    assert ledger_violations() == []


def commission(kiosk):
    return commission_accounts.balance(kiosk)


def request_payout(kiosk, *, by, gross, idempotency_key, day=None, **kw):
    """A payout as the holder confirms it: with the seal of the confirmation page as it would show now
    (emitra.core.confirmation; issue 9 item 1). Where no page could be shown (no verified account,
    more than the balance ...) the service refuses it as it would anyway."""
    try:
        account = services.check_payable(kiosk)
        seen = services.payout_seal(kiosk, by, account.pk, services.quote_payout(kiosk, gross, day=day))
    except services.PayoutError:
        seen = "no page was shown"
    return services.request_payout(kiosk, by=by, gross=gross, idempotency_key=idempotency_key, seen=seen, day=day,
                                   **kw)


def verify_account(account, officer):
    """The officer verifies the account from the page that shows it (its seal)."""
    return services.verify_bank_account(account, by=officer, seen=services.account_seal(account, officer))
