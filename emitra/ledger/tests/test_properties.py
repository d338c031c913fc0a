"""Random sequences of top-ups, debits, holds, posts, voids, reversals and limit changes keep
every invariant (issue 3, "Tests that must exist"; STYLE 10)."""
import itertools

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from emitra.ledger import services
from emitra.ledger.errors import (
    AlreadyReversed,
    BalanceBelowNewFloor,
    CannotReverseReversal,
    HoldNotPending,
    InsufficientFunds,
)
from emitra.ledger.integrity import ledger_violations
from emitra.ledger.models import AccountKind, HoldState

_runs = itertools.count()
amounts = st.one_of(st.integers(1, 1_000), st.integers(1, 300_000), st.integers(1, 5_000_000))
near = st.integers(-2, 2)  # a few paise either side of the exact available amount
WALLETS = 3


class LedgerMachine(RuleBasedStateMachine):
    """The model: per-account balance, held and floor; per hold its state; per entry its postings."""

    def __init__(self):
        super().__init__()
        run = next(_runs)
        self.keys = (f"prop-{run}-{n}" for n in itertools.count())
        self.wallets = [
            services.open_account(f"wallet:P{run}-{n}", AccountKind.WALLET, floor=-100_000 * n)
            for n in range(WALLETS)
        ]
        self.department = services.open_account(f"dept:P{run}", AccountKind.DEPARTMENT_COLLECTIONS)
        self.topups = services.open_account(f"topups:P{run}", AccountKind.TOPUPS_IN_TRANSIT)
        self.balance = {a.pk: 0 for a in [*self.wallets, self.department, self.topups]}
        self.held = {a.pk: 0 for a in self.wallets}
        self.floor = {a.pk: a.floor for a in self.wallets}
        self.holds = []  # [Hold, state]
        self.entries = []  # [entry, postings {account_pk: amount}, key, reversed, is_reversal]

    def _spendable(self, account):
        return self.balance[account.pk] - self.held[account.pk] - self.floor[account.pk]

    def _post(self, kind, postings):
        key = next(self.keys)
        can = all(self._spendable(a) >= -amt for a, amt in postings if a.has_floor and amt < 0)
        if not can:
            with pytest.raises(InsufficientFunds):
                services.post(kind, postings, idempotency_key=key)
            return
        entry = services.post(kind, postings, idempotency_key=key)
        for account, amount in postings:
            self.balance[account.pk] += amount
        self.entries.append([entry, postings, key, False, False])

    @rule(wallet=st.integers(0, WALLETS - 1), amount=amounts)
    def top_up(self, wallet, amount):
        self._post("topup", [(self.wallets[wallet], amount), (self.topups, -amount)])

    @rule(wallet=st.integers(0, WALLETS - 1), amount=amounts)
    def pay(self, wallet, amount):
        self._post("payment", [(self.wallets[wallet], -amount), (self.department, amount)])

    @rule(wallet=st.integers(0, WALLETS - 1), delta=near)
    def pay_about_all_available(self, wallet, delta):
        amount = self._spendable(self.wallets[wallet]) + delta
        if amount > 0:
            self._post("payment", [(self.wallets[wallet], -amount), (self.department, amount)])

    @rule(wallet=st.integers(0, WALLETS - 1), delta=near)
    def hold_about_all_available(self, wallet, delta):
        amount = self._spendable(self.wallets[wallet]) + delta
        if amount > 0:
            self.hold(wallet, amount)

    @rule(source=st.integers(0, WALLETS - 1), to=st.integers(0, WALLETS - 1), amount=amounts)
    def transfer(self, source, to, amount):
        if source != to:
            self._post("transfer", [(self.wallets[source], -amount), (self.wallets[to], amount)])

    @rule(wallet=st.integers(0, WALLETS - 1), amount=amounts)
    def hold_some(self, wallet, amount):
        self.hold(wallet, amount)

    def hold(self, wallet, amount):
        account = self.wallets[wallet]
        key = next(self.keys)
        if self._spendable(account) < amount:
            with pytest.raises(InsufficientFunds):
                services.hold(account, amount, idempotency_key=key)
            return
        self.holds.append([services.hold(account, amount, idempotency_key=key), HoldState.PENDING])
        self.held[account.pk] += amount

    @precondition(lambda self: self.holds)
    @rule(data=st.data(), part=st.floats(0.01, 1.0))
    def post_hold(self, data, part):
        item = data.draw(st.sampled_from(self.holds))
        held, state = item
        amount = max(1, int(held.amount * part))
        key = next(self.keys)
        if state != HoldState.PENDING:
            with pytest.raises(HoldNotPending):
                services.post_hold(held, [(self.department, amount)], idempotency_key=key, amount=amount)
            return
        entry = services.post_hold(held, [(self.department, amount)], idempotency_key=key, amount=amount)
        item[1] = HoldState.POSTED
        self.held[held.account_id] -= held.amount
        self.balance[held.account_id] -= amount
        self.balance[self.department.pk] += amount
        self.entries.append([entry, [(held.account, -amount), (self.department, amount)], key, False, False])

    @precondition(lambda self: self.holds)
    @rule(data=st.data())
    def void_hold(self, data):
        item = data.draw(st.sampled_from(self.holds))
        held, state = item
        if state == HoldState.POSTED:
            with pytest.raises(HoldNotPending):
                services.void_hold(held)
            return
        services.void_hold(held)
        if state == HoldState.PENDING:
            item[1] = HoldState.VOIDED
            self.held[held.account_id] -= held.amount

    @precondition(lambda self: self.entries)
    @rule(data=st.data())
    def reverse(self, data):
        item = data.draw(st.sampled_from(self.entries))
        entry, postings, _, reversed_, is_reversal = item
        key = next(self.keys)
        if is_reversal:
            with pytest.raises(CannotReverseReversal):
                services.reverse(entry, reason="test", idempotency_key=key)
            return
        if reversed_:
            with pytest.raises(AlreadyReversed):
                services.reverse(entry, reason="test", idempotency_key=key)
            return
        negated = [(a, -amt) for a, amt in postings]
        if not all(self._spendable(a) >= -amt for a, amt in negated if a.has_floor and amt < 0):
            with pytest.raises(InsufficientFunds):
                services.reverse(entry, reason="test", idempotency_key=key)
            return
        reversal = services.reverse(entry, reason="test", idempotency_key=key)
        item[3] = True
        for account, amount in negated:
            self.balance[account.pk] += amount
        self.entries.append([reversal, negated, key, False, True])

    @precondition(lambda self: self.entries)
    @rule(data=st.data())
    def replay(self, data):
        entry, postings, key, _, is_reversal = data.draw(st.sampled_from(self.entries))
        if not is_reversal and entry.kind != "hold":
            assert services.post(entry.kind, postings, idempotency_key=key).pk == entry.pk

    @rule(wallet=st.integers(0, WALLETS - 1), floor=st.integers(-10_000_000, 100_000))
    def set_floor(self, wallet, floor):
        account = self.wallets[wallet]
        if self.balance[account.pk] - self.held[account.pk] < floor:
            with pytest.raises(BalanceBelowNewFloor):
                services.set_floor(account, floor)
            return
        services.set_floor(account, floor)
        self.floor[account.pk] = floor

    @invariant()
    def balances_agree_with_the_model(self):
        for account in [*self.wallets, self.department, self.topups]:
            assert services.balance(account) == self.balance[account.pk]
        for account in self.wallets:
            assert services.available(account) == self._spendable(account)
            assert self._spendable(account) >= 0

    @invariant()
    def the_ledger_is_sound(self):
        assert ledger_violations() == []
        assert sum(self.balance.values()) == 0


@pytest.mark.django_db
def test_random_operations_keep_every_invariant():
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(max_examples=40, stateful_step_count=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow]),
    )
