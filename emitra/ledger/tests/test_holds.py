"""Two-phase holds: reserve, then post or void or expire (DESIGN "How money moves")."""
import datetime

import pytest
from django.utils import timezone

from emitra.ledger import services
from emitra.ledger.errors import HoldNotPending, IdempotencyConflict, InsufficientFunds, InvalidAmount, NotFloored
from emitra.ledger.integrity import holds_do_not_outlive_expiry, ledger_violations
from emitra.ledger.models import HoldState


def test_a_hold_reserves_funds_without_moving_the_balance(wallet, top_up, key):
    top_up(wallet, 10_000)
    services.hold(wallet, 4_000, idempotency_key=key())
    assert services.balance(wallet) == 10_000
    assert services.available(wallet) == 10_000 - 4_000 + 100_000
    assert ledger_violations() == []


def test_a_hold_beyond_what_is_available_is_refused(wallet, key):
    with pytest.raises(InsufficientFunds):
        services.hold(wallet, 100_001, idempotency_key=key())
    assert services.available(wallet) == 100_000


def test_held_funds_cannot_be_spent_twice(wallet, pay, key):
    services.hold(wallet, 60_000, idempotency_key=key())
    with pytest.raises(InsufficientFunds):
        pay(wallet, 50_000)
    pay(wallet, 40_000)
    assert services.available(wallet) == 0


def test_posting_a_hold_debits_the_wallet_and_releases_the_reservation(wallet, department, key):
    held = services.hold(wallet, 5_000, idempotency_key=key())
    entry = services.post_hold(held, [(department, 5_000)], idempotency_key="confirm-1", kind="payment")
    assert services.balance(wallet) == -5_000
    assert services.available(wallet) == 95_000
    assert services.balance(department) == 5_000
    held.refresh_from_db()
    assert (held.state, held.entry_id) == (HoldState.POSTED, entry.pk)
    assert services.post_hold(held, [(department, 5_000)], idempotency_key="confirm-1").pk == entry.pk
    assert ledger_violations() == []


def test_a_hold_may_post_less_than_it_reserved(wallet, department, key):
    held = services.hold(wallet, 5_000, idempotency_key=key())
    services.post_hold(held, [(department, 3_000)], idempotency_key=key(), amount=3_000)
    assert services.balance(wallet) == -3_000
    assert services.available(wallet) == 97_000


def test_a_hold_cannot_post_more_than_it_reserved(wallet, department, key):
    held = services.hold(wallet, 5_000, idempotency_key=key())
    with pytest.raises(InvalidAmount):
        services.post_hold(held, [(department, 6_000)], idempotency_key=key(), amount=6_000)


def test_voiding_a_hold_releases_it_and_a_voided_hold_cannot_post(wallet, department, key):
    held = services.hold(wallet, 5_000, idempotency_key=key())
    services.void_hold(held)
    services.void_hold(held)
    assert services.available(wallet) == 100_000
    with pytest.raises(HoldNotPending):
        services.post_hold(held, [(department, 5_000)], idempotency_key=key())
    assert services.balance(wallet) == 0
    assert ledger_violations() == []


def test_a_posted_hold_cannot_be_voided(wallet, department, key):
    held = services.hold(wallet, 5_000, idempotency_key=key())
    services.post_hold(held, [(department, 5_000)], idempotency_key=key())
    with pytest.raises(HoldNotPending):
        services.void_hold(held)


def test_expired_holds_are_released_by_the_background_job(wallet, department, key):
    held = services.hold(wallet, 5_000, idempotency_key=key(), expires_in=datetime.timedelta(minutes=1))
    later = timezone.now() + datetime.timedelta(minutes=30)
    assert holds_do_not_outlive_expiry(now=later) != []
    assert services.expire_holds(now=later) == 1
    held.refresh_from_db()
    assert held.state == HoldState.EXPIRED
    assert services.available(wallet) == 100_000
    assert holds_do_not_outlive_expiry(now=later) == []


def test_a_hold_past_its_expiry_cannot_post(wallet, department, key):
    held = services.hold(wallet, 5_000, idempotency_key=key(), expires_in=datetime.timedelta(microseconds=1))
    with pytest.raises(HoldNotPending):
        services.post_hold(held, [(department, 5_000)], idempotency_key=key())


def test_the_same_hold_key_twice_reserves_once(wallet, key):
    first = services.hold(wallet, 5_000, idempotency_key="h-1")
    assert services.hold(wallet, 5_000, idempotency_key="h-1").pk == first.pk
    assert services.available(wallet) == 95_000
    with pytest.raises(IdempotencyConflict):
        services.hold(wallet, 6_000, idempotency_key="h-1")


def test_only_floored_accounts_take_holds(department, key):
    with pytest.raises(NotFloored):
        services.hold(department, 5_000, idempotency_key=key())


def test_the_background_task_expires_holds(wallet, key):
    from emitra.ledger.tasks import expire_pending_holds

    held = services.hold(wallet, 5_000, idempotency_key=key(), expires_in=datetime.timedelta(microseconds=1))
    assert expire_pending_holds.enqueue().return_value == 1
    held.refresh_from_db()
    assert held.state == HoldState.EXPIRED
    assert services.available(wallet) == 100_000
