"""Generated volume (issue 13 req. 8): `emitra demo --transactions N` adds N receipt lines over the
last 12 months at a generated network in every district, with the legs the pay path writes, so
that the ledger stays sound; run again, it adds as many again and corrupts nothing."""
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone

from emitra.applications.models import Application
from emitra.commissions.models import LineCommission
from emitra.demo import volume
from emitra.demo.loaders import load_demo
from emitra.ledger.integrity import ledger_violations
from emitra.ledger.models import Account, Posting
from emitra.network.models import District, Kiosk
from emitra.payments.entries import receipt_postings, source_account
from emitra.payments.models import Receipt, ReceiptLine
from emitra.wallet import accounts as network_accounts

pytestmark = pytest.mark.django_db

KIOSKS = 45  # the test's scale; the big run's default is volume.DEFAULT_KIOSKS (2,000)


def generated_lines():
    return ReceiptLine.objects.filter(kiosk__holder__sso_id__startswith=volume.HOLDER_PREFIX)


def test_the_command_adds_n_lines_over_twelve_months_in_every_district_and_the_ledger_stays_sound():
    out = StringIO()
    call_command("demo", transactions=2000, kiosks=KIOSKS, seed=7, stdout=out)
    assert "Generated 2,000 receipt lines" in out.getvalue() and "lines/s" in out.getvalue()
    lines = generated_lines()
    assert lines.count() == 2000
    today = timezone.localdate()
    days = {timezone.localdate(at) for at in lines.values_list("paid_at", flat=True)}
    assert max(days) < today and min(days) >= today - datetime.timedelta(days=365)
    assert len({(d.year, d.month) for d in days}) >= 12
    kiosks = Kiosk.objects.filter(holder__sso_id__startswith=volume.HOLDER_PREFIX)
    assert kiosks.count() == KIOSKS
    assert District.objects.count() == len(volume.RAJASTHAN) == 41
    assert set(kiosks.values_list("district__code", flat=True)) == {d[0] for d in volume.RAJASTHAN}
    assert not District.objects.filter(lsp__isnull=True).exists()
    # a mix of services and amounts from the catalogue, cancellations, cheques and applications
    assert lines.values("service").distinct().count() >= 15
    assert lines.filter(state=ReceiptLine.State.CANCELLED).exists()
    cheques = Receipt.objects.filter(kiosk__in=kiosks, mode=Receipt.Mode.CHEQUE)
    assert cheques.filter(cheque_state=Receipt.ChequeState.CLEARED).exists()
    assert Application.objects.filter(kiosk__in=kiosks, fee_line__isnull=False).count() == lines.filter(
        linked_kind="application").count() > 0
    assert LineCommission.objects.filter(kiosk__in=kiosks, reversed_at__isnull=True).count() > 100
    # nothing waits to be sent to a department: history is answered
    assert not lines.filter(dept_state__in=[ReceiptLine.DeptState.PENDING, ReceiptLine.DeptState.CANCEL_PENDING])
    assert ledger_violations() == []


def test_each_receipt_entry_has_the_legs_the_pay_path_writes():
    """A paid wallet receipt's entry is what receipt_postings gives back for its lines (sign=-1 reads the
    LineCommission rows back through the commission leg provider, as a cancellation would): the same
    accounts and amounts, commission legs included; a cleared cheque's commission is in its clearing entry."""
    load_demo()
    volume.generate(600, kiosks=KIOSKS, seed=3)
    receipts = Receipt.objects.filter(kiosk__holder__sso_id__startswith=volume.HOLDER_PREFIX,
                                      state=Receipt.State.PAID, mode=Receipt.Mode.WALLET).select_related("kiosk")
    checked = 0
    for receipt in receipts.order_by("pk")[:60]:
        lines = list(receipt.lines.select_related("service__department", "kiosk__lsp"))
        back = receipt_postings(source_account(receipt), lines, sign=-1)
        posted = dict(Posting.objects.filter(entry=receipt.entry).values_list("account__code", "amount"))
        assert {account.code: -amount for account, amount in back} == posted, receipt.number
        checked += 1
    assert checked == 60
    earned = LineCommission.objects.filter(line__receipt__kiosk__holder__sso_id__startswith=volume.HOLDER_PREFIX)
    wallet_rows = earned.filter(line__receipt__mode=Receipt.Mode.WALLET).select_related("line__receipt")
    assert wallet_rows and all(row.entry_id == row.line.receipt.entry_id for row in wallet_rows)
    for row in earned.filter(line__receipt__mode=Receipt.Mode.CHEQUE):
        assert row.entry.kind == "cheque_cleared" and row.entry.ref == row.line.receipt.number


def test_running_it_twice_adds_and_never_corrupts():
    load_demo()
    volume.generate(700, kiosks=KIOSKS, seed=1)
    wallets = Account.objects.filter(code__startswith="wallet:K").exclude(code__in=[
        network_accounts.wallet_code(k) for k in Kiosk.objects.exclude(holder__sso_id__startswith="GEN.")])
    first = wallets.aggregate(s=Sum("balance"))["s"]
    volume.generate(700, kiosks=KIOSKS, seed=1)
    assert generated_lines().count() == 1400
    assert Kiosk.objects.filter(holder__sso_id__startswith=volume.HOLDER_PREFIX).count() == KIOSKS
    numbers = Receipt.objects.values("number").annotate(n=Count("pk")).filter(n__gt=1)
    assert not numbers.exists()  # the kiosks' counters went on, never started over
    assert wallets.aggregate(s=Sum("balance"))["s"] != first
    assert ledger_violations() == []
