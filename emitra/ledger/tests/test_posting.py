"""Posting entries: balances, floors, idempotency and bad input (issue 3 req. 1-3, "Bad input")."""
import pytest

from emitra.ledger import services
from emitra.ledger.errors import (
    IdempotencyConflict,
    InsufficientFunds,
    InvalidAmount,
    InvalidPostings,
    UnbalancedEntry,
    UnknownAccount,
)
from emitra.ledger.integrity import ledger_violations
from emitra.ledger.models import Account, AccountKind, JournalEntry, Posting


def test_it_credits_and_debits_a_wallet(wallet, department, top_up, pay):
    top_up(wallet, 50_000)
    pay(wallet, 20_000)
    assert services.balance(wallet) == 30_000
    assert services.available(wallet) == 130_000
    assert services.balance(department) == 20_000
    assert ledger_violations() == []


def test_unfloored_accounts_keep_no_balance_row(department, wallet, top_up, pay):
    top_up(wallet, 50_000)
    pay(wallet, 1_000)
    pay(wallet, 2_000)
    row = Account.objects.get(pk=department.pk)
    assert (row.balance, row.held) == (0, 0)
    assert services.balance(department) == 3_000
    assert services.available(department) is None


def test_a_wallet_may_spend_down_to_its_credit_limit_and_no_further(wallet, department, pay):
    pay(wallet, 100_000)
    assert services.balance(wallet) == -100_000
    with pytest.raises(InsufficientFunds):
        pay(wallet, 1)
    assert services.balance(wallet) == -100_000
    assert Posting.objects.filter(account=wallet).count() == 1


def test_a_refused_debit_posts_nothing_in_any_account(wallet, department, pay):
    entries = JournalEntry.objects.count()
    with pytest.raises(InsufficientFunds):
        pay(wallet, 100_001)
    assert JournalEntry.objects.count() == entries
    assert services.balance(department) == 0


def test_accounts_can_be_named_by_code(wallet, department, key):
    services.post("payment", [("wallet:KJPR00001", -500), ("dept:JVVNL", 500)], idempotency_key=key())
    assert services.balance("wallet:KJPR00001") == -500


def test_the_same_key_twice_has_one_effect_and_returns_the_first_entry(wallet, department, pay):
    first = pay(wallet, 700, idempotency_key="pay-1")
    again = pay(wallet, 700, idempotency_key="pay-1")
    assert again.pk == first.pk
    assert services.balance(wallet) == -700
    assert JournalEntry.objects.filter(idempotency_key="pay-1").count() == 1


def test_the_same_key_for_different_postings_is_refused(wallet, department, pay):
    pay(wallet, 700, idempotency_key="pay-1")
    with pytest.raises(IdempotencyConflict):
        pay(wallet, 800, idempotency_key="pay-1")
    assert services.balance(wallet) == -700


def test_opening_an_account_twice_returns_the_same_account(wallet):
    again = services.open_account("wallet:KJPR00001", AccountKind.WALLET, floor=-100_000)
    assert again.pk == wallet.pk
    with pytest.raises(IdempotencyConflict):
        services.open_account("wallet:KJPR00001", AccountKind.LSP)


@pytest.mark.parametrize("amount", [0, 1.5, 10.0, "100", True, None, 10**15, -(10**15), 10**30])
def test_bad_amounts_are_refused_and_nothing_is_posted(wallet, department, key, amount):
    with pytest.raises(InvalidAmount):
        services.post("payment", [(wallet, amount), (department, amount)], idempotency_key=key())
    assert JournalEntry.objects.count() == 0
    assert Posting.objects.count() == 0


def test_a_negative_amount_is_refused_where_only_a_positive_one_makes_sense(wallet, key):
    with pytest.raises(InvalidAmount):
        services.hold(wallet, -5, idempotency_key=key())


def test_unbalanced_postings_are_refused(wallet, department, key):
    with pytest.raises(UnbalancedEntry):
        services.post("payment", [(wallet, -500), (department, 499)], idempotency_key=key())
    assert JournalEntry.objects.count() == 0


def test_an_unknown_account_is_refused(wallet, key):
    with pytest.raises(UnknownAccount):
        services.post("payment", [(wallet, -500), ("dept:NOSUCH", 500)], idempotency_key=key())
    with pytest.raises(UnknownAccount):
        services.balance("wallet:NOSUCH")
    assert JournalEntry.objects.count() == 0


def test_an_entry_needs_two_distinct_accounts(wallet, department, key):
    with pytest.raises(InvalidPostings):
        services.post("payment", [(wallet, 0 + 5)], idempotency_key=key())
    with pytest.raises(InvalidPostings):
        services.post("payment", [(wallet, -5), (wallet, 5)], idempotency_key=key())
    assert JournalEntry.objects.count() == 0


def test_an_entry_may_split_a_payment_across_several_accounts(wallet, department, key, top_up):
    commission = services.open_account("commission:KJPR00001", AccountKind.COMMISSION, floor=0)
    doit = services.open_account("doit", AccountKind.DOIT)
    top_up(wallet, 10_000)
    services.post("payment", [(wallet, -1_000), (department, 950), (commission, 40), (doit, 10)],
                  idempotency_key=key())
    assert [services.balance(a) for a in (wallet, department, commission, doit)] == [9_000, 950, 40, 10]
    assert ledger_violations() == []


def test_an_entry_moving_two_floored_accounts_debits_within_the_floor_and_credits_the_other(wallet, department,
                                                                                          key, top_up):
    """Issue 14: the floored accounts of one entry (a wallet paid from and a commission account
    credited) move in one statement, with the wallet's floor still the limit: the last paisa of the
    credit limit may be spent, one more is refused and nothing moves in any account. (Kind "payment":
    a "receipt" that credits commission must have its LineCommission rows, emitra.commissions.integrity.)"""
    commission = services.open_account("commission:KJPR00001", AccountKind.COMMISSION, floor=-10**9)
    top_up(wallet, 50_000)
    services.post("payment", [(wallet, -150_000), (department, 149_000), (commission, 1_000)], idempotency_key=key())
    assert (services.balance(wallet), services.balance(commission), services.balance(department)) == (
        -100_000, 1_000, 149_000)
    with pytest.raises(InsufficientFunds) as refused:
        services.post("payment", [(wallet, -1), (department, -999), (commission, 1_000)], idempotency_key=key())
    assert (refused.value.account_code, refused.value.amount) == ("wallet:KJPR00001", 1)
    assert (services.balance(wallet), services.balance(commission), services.balance(department)) == (
        -100_000, 1_000, 149_000)
    assert ledger_violations() == []


def test_keep_at_least_holds_when_two_floored_accounts_move_together(wallet, key, top_up):
    """A payout of commission (keep_at_least 0) from a commission account into a wallet: both
    floored, one statement; a payout beyond what the commission account holds is refused whole."""
    commission = services.open_account("commission:KJPR00001", AccountKind.COMMISSION, floor=-10**9)
    source = services.open_account("doit-commission", AccountKind.DOIT, floor=None)
    services.post("accrual", [(commission, 5_000), (source, -5_000)], idempotency_key=key())
    with pytest.raises(InsufficientFunds):
        services.post("payout", [(commission, -5_001), (wallet, 5_001)], idempotency_key=key(),
                      keep_at_least={commission: 0})
    assert (services.balance(commission), services.balance(wallet)) == (5_000, 0)
    services.post("payout", [(commission, -5_000), (wallet, 5_000)], idempotency_key=key(),
                  keep_at_least={commission: 0})
    assert (services.balance(commission), services.balance(wallet)) == (0, 5_000)
    assert ledger_violations() == []
