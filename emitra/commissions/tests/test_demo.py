"""The demo has commission on first run (issue 10 req. 9): rules, tiers, a month of receipts paid
through the pay service that earned commission in their own ledger entries, this month's tiers
from them, and a payout; loading it again changes nothing."""
import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from emitra.commissions import accounts, tiers
from emitra.commissions.models import KioskTier, LineCommission, TierRun
from emitra.core.demo import load_demo
from emitra.ledger.integrity import ledger_violations
from emitra.payments.models import Receipt, ReceiptLine
from emitra.payouts.models import Payout

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_month_of_earned_commission_tiers_and_a_payout(cast, client_as):
    load_demo()
    kiosk = cast.kiosk
    today = timezone.localdate()
    earned = LineCommission.objects.filter(kiosk=kiosk, reversed_at__isnull=True)
    assert earned.count() >= 40
    lines = ReceiptLine.objects.filter(kiosk=kiosk, receipt__idempotency_key__startswith="demo-month:")
    assert {line.paid_at.date() for line in lines} >= {today - datetime.timedelta(days=d) for d in (1, 15, 29)}
    assert set(earned.values_list("service__code", flat=True)) >= {"JVVNL-BILL", "PHED-BILL"}
    # the commission account holds what the lines earned less the payout (gross) made from it
    payout = Payout.objects.get(kiosk=kiosk)
    assert accounts.balance(kiosk) == earned.aggregate(s=Sum("kiosk_share"))["s"] - payout.gross
    assert ledger_violations() == []
    # this month's tiers, from last month's paid receipts
    month = tiers.month_start(today)
    mine = KioskTier.objects.get(kiosk=kiosk, month=month)
    last_month = tiers.measure(tiers.previous_month_start(month), month, [kiosk.pk])[kiosk.pk]
    assert (mine.count, mine.value) == last_month and mine.count > 0 and mine.tier_code
    assert TierRun.objects.filter(month=month).exists()
    assert "Volume tier this month" in client_as(cast.holder).get(f"/k/{kiosk.code}/").content.decode()
    # again: nothing new
    counts = (Receipt.objects.count(), LineCommission.objects.count(), Payout.objects.count())
    load_demo()
    assert (Receipt.objects.count(), LineCommission.objects.count(), Payout.objects.count()) == counts
