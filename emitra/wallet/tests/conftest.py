"""Helpers for the wallet tests: fresh idempotency keys, a credit rule, money in a wallet,
and a check that the ledger is sound after every money test."""
import datetime
import itertools
import re
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


def seal_on(client, url):
    """The seal (hidden `seen`) of the confirmation form the page at url shows (issue 9 items 1-2)."""
    page = client.get(url).content.decode()
    found = re.search(r'name="seen" value="([^"]*)"', page)
    assert found, f"no seal on {url}"
    return found.group(1)


def record_deposit(kiosk, by, paise, reference="DD1"):
    """A security deposit recorded as its confirmation page would confirm it."""
    figures = {"by": by, "amount": paise, "reference": reference, "received_on": datetime.date.today(),
               "idempotency_key": uuid.uuid4().hex}
    from django.utils import timezone

    figures["received_on"] = timezone.localdate()
    return services.record_deposit(kiosk, seen=services.deposit_seal(kiosk, **figures), **figures)


def request_limit(kiosk, by, amount, idempotency_key=None):
    """A credit-limit request sent from the limit page as it shows now."""
    return services.request_credit_limit(kiosk, by=by, amount=amount, idempotency_key=idempotency_key or
                                         uuid.uuid4().hex, seen=services.limit_request_seal(kiosk, by))
