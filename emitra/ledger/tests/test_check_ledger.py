"""`emitra check-ledger` (issue 3 req. 10)."""
import pytest
from django.core.management import call_command

from emitra.ledger import services
from emitra.ledger.integrity import ledger_violations
from emitra.ledger.models import Account, Hold, Posting


def run_check(capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("check_ledger")
        raise SystemExit(0)
    return exited.value.code, capsys.readouterr().out


def test_it_passes_on_a_clean_ledger(wallet, top_up, pay, key, capsys):
    top_up(wallet, 10_000)
    pay(wallet, 3_000)
    services.hold(wallet, 1_000, idempotency_key=key())
    code, out = run_check(capsys)
    assert code == 0
    assert "entries sum to zero: 0 violations" in out
    assert "ledger sound" in out


def test_it_fails_on_a_posting_changed_behind_its_back(wallet, top_up, pay, capsys):
    top_up(wallet, 10_000)
    entry = pay(wallet, 3_000)
    Posting.objects.filter(entry=entry, account=wallet).update(amount=-3_001)
    code, out = run_check(capsys)
    assert code == 1
    assert f"entries sum to zero: entry {entry.pk}: postings sum to -1" in out
    assert "floored balances equal their postings: wallet:KJPR00001" in out
    assert len(ledger_violations()) == 2


def test_it_fails_on_a_balance_changed_behind_its_back(wallet, top_up, capsys):
    top_up(wallet, 10_000)
    Account.objects.filter(pk=wallet.pk).update(balance=99_999)
    code, out = run_check(capsys)
    assert code == 1
    assert "balance 99999 but postings sum to 10000" in out


def test_it_fails_on_held_funds_that_no_hold_explains(wallet, key, capsys):
    held = services.hold(wallet, 1_000, idempotency_key=key())
    Hold.objects.filter(pk=held.pk).update(state="voided")
    code, out = run_check(capsys)
    assert code == 1
    assert "held 1000 but pending holds sum to 0" in out
