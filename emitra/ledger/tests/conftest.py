"""A fixed cast of ledger accounts: a kiosk wallet with a credit limit, its commission
account, and the network's unfloored accounts."""
import itertools

import pytest

from emitra.ledger import services
from emitra.ledger.models import AccountKind

_keys = itertools.count(1)


@pytest.fixture
def key():
    """A fresh idempotency key on every call."""
    return lambda: f"test-key-{next(_keys)}"


@pytest.fixture
def wallet(db):
    """Kiosk KJPR00001's wallet: credit limit ₹1,000 (floor -100000 paise), balance 0."""
    return services.open_account("wallet:KJPR00001", AccountKind.WALLET, "KJPR00001 wallet",
                                 "kiosk:KJPR00001", floor=-100_000)


@pytest.fixture
def department(db):
    return services.open_account("dept:JVVNL", AccountKind.DEPARTMENT_COLLECTIONS, "JVVNL collections",
                                 "department:JVVNL")


@pytest.fixture
def topups(db):
    return services.open_account("topups_in_transit", AccountKind.TOPUPS_IN_TRANSIT, "Top-ups in transit")


@pytest.fixture
def top_up(topups, key):
    """Credit a wallet from top-ups in transit (what a confirmed top-up does)."""
    def top_up(account, paise):
        return services.post("topup", [(account, paise), (topups, -paise)], idempotency_key=key())
    return top_up


@pytest.fixture
def pay(department, key):
    """Debit a wallet and credit the department (what a wallet payment does, F17)."""
    def pay(account, paise, idempotency_key=None):
        return services.post("payment", [(account, -paise), (department, paise)],
                             idempotency_key=idempotency_key or key())
    return pay
