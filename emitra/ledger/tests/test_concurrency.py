"""Concurrent debits and retries on PostgreSQL (issue 3, "Tests that must exist")."""
import random
import threading
from collections import Counter

import pytest
from django.db import connection, connections

from emitra.ledger import services
from emitra.ledger.errors import InsufficientFunds
from emitra.ledger.integrity import ledger_violations
from emitra.ledger.models import AccountKind, JournalEntry

pytestmark = pytest.mark.django_db(transaction=True)


def skip_unless_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("real row-level concurrency needs PostgreSQL (set DATABASE_URL); SQLite serialises writers")


def in_threads(count, work):
    """Run work(n) in count threads started together; close each thread's connection."""
    start = threading.Barrier(count)
    errors = []

    def run(n):
        try:
            start.wait()
            work(n)
        except Exception as exc:  # noqa: BLE001 -- reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_sixteen_threads_of_debits_never_take_a_wallet_below_its_floor():
    skip_unless_postgresql()
    wallet = services.open_account("wallet:RACE", AccountKind.WALLET, floor=-5_000_000)
    department = services.open_account("dept:RACE", AccountKind.DEPARTMENT_COLLECTIONS)
    funding = services.open_account("deposits:RACE", AccountKind.DEPOSITS_HELD)
    services.post("deposit", [(wallet, 20_000_000), (funding, -20_000_000)], idempotency_key="race-deposit")
    plans = {n: [random.Random(n).randint(1, 20_000) for _ in range(200)] for n in range(16)}
    outcome = Counter()
    refused = []
    lock = threading.Lock()

    def debit(n):
        for i, amount in enumerate(plans[n]):
            try:
                services.post("payment", [(wallet, -amount), (department, amount)],
                              idempotency_key=f"race-{n}-{i}")
                result = ("paid", amount)
            except InsufficientFunds:
                result = ("refused", amount)
                refused.append(amount)
            with lock:
                outcome[result[0]] += 1
                outcome[result[0] + " paise"] += result[1]

    in_threads(16, debit)

    total_requested = sum(sum(p) for p in plans.values())
    assert total_requested > 25_000_000, "the plan must overrun the limit so that some debits are refused"
    assert outcome["paid"] + outcome["refused"] == 16 * 200
    assert services.balance(wallet) == 20_000_000 - outcome["paid paise"]
    assert services.balance(wallet) >= -5_000_000
    # the balance only falls, so a debit refused at any moment still does not fit at the end:
    # every refusal was a real one
    assert outcome["refused"] == len(refused) > 0
    assert services.available(wallet) < min(refused)
    assert JournalEntry.objects.filter(kind="payment").count() == outcome["paid"]
    assert services.balance(department) == outcome["paid paise"]
    assert ledger_violations() == []


def test_the_same_key_from_eight_threads_at_once_posts_once():
    skip_unless_postgresql()
    wallet = services.open_account("wallet:RETRY", AccountKind.WALLET, floor=-100_000)
    department = services.open_account("dept:RETRY", AccountKind.DEPARTMENT_COLLECTIONS)
    ids = []

    def pay(n):
        entry = services.post("payment", [(wallet, -7_500), (department, 7_500)], idempotency_key="the-one-key")
        ids.append(entry.pk)

    in_threads(8, pay)

    assert len(ids) == 8 and len(set(ids)) == 1
    assert JournalEntry.objects.filter(idempotency_key="the-one-key").count() == 1
    assert services.balance(wallet) == -7_500
    assert ledger_violations() == []


def test_entries_moving_the_same_two_floored_accounts_both_ways_at_once_never_deadlock():
    """Issue 14: the floored accounts of one entry move in one statement that locks their rows in
    id order first (ledger._move_floored), so eight threads sending money both ways between two
    wallets (as a receipt debits a wallet and credits its kiosk's commission account while a
    payout moves commission back) neither deadlock nor lose a paisa."""
    skip_unless_postgresql()
    a = services.open_account("wallet:RACE-A", AccountKind.WALLET, floor=0)
    b = services.open_account("wallet:RACE-B", AccountKind.WALLET, floor=0)
    funding = services.open_account("deposits:RACE-AB", AccountKind.DEPOSITS_HELD)
    services.post("deposit", [(a, 1_000_000), (b, 1_000_000), (funding, -2_000_000)], idempotency_key="race-ab")
    plans = {n: [random.Random(100 + n).randint(1, 500) for _ in range(150)] for n in range(8)}
    moved = Counter()
    lock = threading.Lock()

    def transfer(n):
        for i, amount in enumerate(plans[n]):
            source, target = (a, b) if (n + i) % 2 else (b, a)
            services.post("transfer", [(source, -amount), (target, amount)], idempotency_key=f"race-ab-{n}-{i}")
            with lock:
                moved[source.code] -= amount
                moved[target.code] += amount

    in_threads(8, transfer)
    assert services.balance(a) == 1_000_000 + moved[a.code]
    assert services.balance(b) == 1_000_000 + moved[b.code]
    assert JournalEntry.objects.filter(kind="transfer").count() == 8 * 150
    assert ledger_violations() == []
