"""Credit limits as floors (F16), the balance always at hand (F23), statements with no day close (F5)."""
import datetime

import pytest
from django.utils import timezone

from emitra.ledger import services
from emitra.ledger.errors import BalanceBelowNewFloor, NotFloored
from emitra.ledger.models import AccountKind, Posting


def test_raising_the_credit_limit_lowers_the_floor(wallet, pay):
    services.set_floor(wallet, -300_000)
    pay(wallet, 250_000)
    assert services.available(wallet) == 50_000


def test_a_limit_cut_below_what_is_already_spent_is_refused(wallet, pay, key):
    pay(wallet, 60_000)
    with pytest.raises(BalanceBelowNewFloor):
        services.set_floor(wallet, -50_000)
    services.set_floor(wallet, -60_000)
    assert services.available(wallet) == 0


def test_a_limit_cut_counts_held_funds(wallet, key):
    services.hold(wallet, 30_000, idempotency_key=key())
    with pytest.raises(BalanceBelowNewFloor):
        services.set_floor(wallet, 0)


def test_an_account_without_a_floor_gets_none(department):
    with pytest.raises(NotFloored):
        services.set_floor(department, -1_000)


def test_a_statement_shows_opening_running_and_closing_balances(wallet, top_up, pay):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    old = top_up(wallet, 10_000)
    Posting.objects.filter(entry=old).update(created=timezone.now() - datetime.timedelta(days=1))
    top_up(wallet, 5_000)
    pay(wallet, 2_000)
    pay(wallet, 500)

    today_only = services.statement(wallet, today, today)
    assert today_only.opening == 10_000
    assert [(line.amount, line.running) for line in today_only.lines] == [
        (5_000, 15_000), (-2_000, 13_000), (-500, 12_500)]
    assert today_only.closing == 12_500 == services.balance(wallet)
    assert [line.kind for line in today_only.lines] == ["topup", "payment", "payment"]

    both = services.statement(wallet, yesterday, today)
    assert (both.opening, len(both.lines), both.closing) == (0, 4, 12_500)


def test_a_statement_of_a_quiet_range_carries_the_balance_through(wallet, top_up):
    top_up(wallet, 10_000)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    quiet = services.statement(wallet, tomorrow, tomorrow + datetime.timedelta(days=6))
    assert (quiet.opening, quiet.lines, quiet.closing) == (10_000, [], 10_000)


def test_an_unfloored_accounts_statement_agrees_with_its_balance(department, wallet, pay):
    pay(wallet, 300)
    pay(wallet, 700)
    today = timezone.localdate()
    assert services.statement(department, today, today).closing == services.balance(department) == 1_000


def test_keep_at_least_refuses_a_debit_below_the_minimum_and_writes_nothing(department, key):
    from emitra.ledger.errors import InsufficientFunds, NotFloored

    deep = services.open_account("commission:KJPR00009", AccountKind.COMMISSION, floor=-10**12)
    services.post("accrual", [(deep, 500), (department, -500)], idempotency_key=key())
    with pytest.raises(InsufficientFunds):
        services.post("payout", [(deep, -501), (department, 501)], idempotency_key=key(), keep_at_least={deep: 0})
    assert services.balance(deep) == 500
    services.post("payout", [(deep, -500), (department, 500)], idempotency_key=key(), keep_at_least={deep: 0})
    assert services.balance(deep) == 0
    services.post("claw-back", [(deep, -700), (department, 700)], idempotency_key=key())  # the floor is far below
    assert services.balance(deep) == -700
    with pytest.raises(NotFloored):
        services.post("payout", [(deep, -1), (department, 1)], idempotency_key=key(), keep_at_least={department: 0})
