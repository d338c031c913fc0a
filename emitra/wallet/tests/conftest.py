"""Helpers for the wallet tests: fresh idempotency keys, a credit rule, money in a wallet,
and a check that the ledger is sound after every money test."""
import datetime
import itertools
import uuid

import pytest

from emitra.ledger import services as ledger
from emitra.ledger.integrity import ledger_violations
from emitra.wallet import accounts, services

RUPEE = 100


@pytest.fixture
def key():
    return lambda: uuid.uuid4().hex


_utrs = itertools.count(1)


@pytest.fixture
def utr():
    return lambda: f"SBIN{next(_utrs):012d}"


@pytest.fixture
def rule(cast):
    """Up to the deposit, or 7 days of average daily debits; at once up to ₹50,000; LSP up to ₹2,00,000."""
    return services.CreditRule.objects.create(
        valid_from=datetime.date(2024, 4, 1), deposit_percent=100, volume_days=7,
        auto_max=50_000 * RUPEE, lsp_max=2_00_000 * RUPEE, created_by=cast.doit)


@pytest.fixture
def spend(key):
    """Debit a kiosk's wallet to a department, as a payment would."""
    def spend(kiosk, paise):
        dept = accounts.department_account("JVVNL")
        return ledger.post("payment", [(accounts.wallet_code(kiosk), -paise), (dept, paise)], idempotency_key=key())
    return spend


@pytest.fixture
def sound_ledger():
    """Use in money tests: after the test, every ledger invariant holds."""
    yield
    assert ledger_violations() == []


def balance(kiosk):
    return ledger.balance(accounts.wallet_code(kiosk))
