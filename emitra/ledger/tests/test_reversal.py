"""Cancellation is a reversing entry, never an update or delete (DESIGN, STYLE 5)."""
import pytest

from emitra.ledger import services
from emitra.ledger.errors import AlreadyReversed, CannotReverseReversal, IdempotencyConflict, InsufficientFunds
from emitra.ledger.integrity import ledger_violations
from emitra.ledger.models import AccountKind, JournalEntry, Posting


def test_a_reversal_restores_every_balance_exactly(wallet, department, top_up, pay, key):
    commission = services.open_account("commission:KJPR00001", AccountKind.COMMISSION, floor=0)
    top_up(wallet, 10_000)
    before = [services.balance(a) for a in (wallet, department, commission)]
    entry = services.post("payment", [(wallet, -1_234), (department, 1_200), (commission, 34)],
                          idempotency_key=key())
    reversal = services.reverse(entry, reason="receipt cancelled", idempotency_key=key(), actor_ref="person:7")
    assert [services.balance(a) for a in (wallet, department, commission)] == before
    assert reversal.reverses_id == entry.pk
    assert sorted(reversal.postings.values_list("account_id", "amount")) == sorted(
        (a, -amt) for a, amt in entry.postings.values_list("account_id", "amount"))
    assert ledger_violations() == []


def test_the_original_entry_is_left_unchanged(wallet, department, pay, key):
    entry = pay(wallet, 500)
    postings = list(entry.postings.values_list("id", "account_id", "amount"))
    services.reverse(entry, reason="mistake", idempotency_key=key())
    assert list(Posting.objects.filter(entry=entry).values_list("id", "account_id", "amount")) == postings
    assert JournalEntry.objects.get(pk=entry.pk).memo == entry.memo


def test_a_reversal_of_a_reversal_is_refused(wallet, department, pay, key):
    reversal = services.reverse(pay(wallet, 500), reason="mistake", idempotency_key=key())
    with pytest.raises(CannotReverseReversal):
        services.reverse(reversal, reason="undo the undo", idempotency_key=key())
    assert services.balance(wallet) == 0


def test_an_entry_is_reversed_at_most_once(wallet, department, pay, key):
    entry = pay(wallet, 500)
    services.reverse(entry, reason="mistake", idempotency_key=key())
    with pytest.raises(AlreadyReversed):
        services.reverse(entry, reason="again", idempotency_key=key())
    assert services.balance(wallet) == 0


def test_retrying_a_reversal_with_its_key_returns_the_first_reversal(wallet, department, pay):
    entry = pay(wallet, 500)
    first = services.reverse(entry, reason="mistake", idempotency_key="cancel-1")
    again = services.reverse(entry, reason="mistake", idempotency_key="cancel-1")
    assert again.pk == first.pk
    assert services.balance(wallet) == 0


def test_a_reversal_key_used_elsewhere_is_refused(wallet, department, pay):
    pay(wallet, 100, idempotency_key="used")
    with pytest.raises(IdempotencyConflict):
        services.reverse(pay(wallet, 200), reason="mistake", idempotency_key="used")


def test_a_lost_reversal_leaves_the_callers_transaction_usable(wallet, department, pay, key):
    from django.db import transaction

    entry = pay(wallet, 500)
    services.reverse(entry, reason="mistake", idempotency_key=key())
    with transaction.atomic():
        with pytest.raises(AlreadyReversed):
            services.reverse(entry, reason="again", idempotency_key=key())
        pay(wallet, 100)
    assert services.balance(wallet) == -100


def test_reversing_a_top_up_already_spent_beyond_the_limit_is_refused(wallet, department, top_up, pay, key):
    credit = top_up(wallet, 50_000)
    pay(wallet, 120_000)
    with pytest.raises(InsufficientFunds):
        services.reverse(credit, reason="bounced", idempotency_key=key())
    assert services.balance(wallet) == -70_000
