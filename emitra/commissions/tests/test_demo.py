"""The demo has a month of earned commission (issue 10 req. 9): the demo holder's commission statement
and the LSP's show it, a payout is possible, the ledger agrees, and loading the demo again adds nothing."""
import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from emitra.commissions import accounts, statements
from emitra.commissions.models import LineCommission
from emitra.demo.loaders import load_demo
from emitra.demo.volume import DEMO_MONTH_DAYS
from emitra.ledger.integrity import ledger_violations
from emitra.payments.models import Receipt

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_month_of_earned_commission_on_both_statements(cast, client_as):
    load_demo()
    kiosk = cast.kiosk
    today = timezone.localdate()
    month_ago = today - datetime.timedelta(days=DEMO_MONTH_DAYS)
    earned = LineCommission.objects.filter(kiosk=kiosk, reversed_at__isnull=True)
    assert earned.count() >= 40
    days = {timezone.localdate(at) for at in earned.values_list("accrued_at", flat=True)}
    assert min(days) >= month_ago and max(days) < today and len(days) >= 20
    assert set(earned.values_list("service__code", flat=True)) & {"JVVNL-BILL", "AVVNL-BILL", "JDVVNL-BILL",
                                                                 "PHED-BILL"}
    # the statements agree with the rows, and so with the ledger (check-ledger below)
    mine = statements.kiosk_statement(kiosk, month_ago, today)
    assert mine.closing == accounts.balance(kiosk) == earned.aggregate(s=Sum("kiosk_share"))["s"] > 0
    assert accounts.payable(kiosk) == mine.closing  # nothing paid out yet: all of it may be
    lsp = statements.lsp_statement(kiosk.lsp, month_ago, today)
    assert any(k.pk == kiosk.pk for k, _sums in lsp.kiosks)
    assert ledger_violations() == []
    page = client_as(cast.holder).get(f"/k/{kiosk.code}/wallet/commission/").content.decode()
    assert "PHED-BILL" in page or "Water Bill" in page
    assert client_as(cast.lsp_jaipur).get("/lsp/commission/").status_code == 200
    # again: nothing new, no balance moved
    counts = (Receipt.objects.count(), LineCommission.objects.count(), accounts.balance(kiosk))
    load_demo()
    assert (Receipt.objects.count(), LineCommission.objects.count(), accounts.balance(kiosk)) == counts


def test_the_demo_has_volume_tiers_and_the_demo_kiosks_tier_this_month(cast):
    """Issue 10 req. 9: DoIT's tiers are in the demo, in force since last month, and this month's
    tiers are worked out from the demo month's receipts, as the sweep does on the 1st (req. 5)."""
    from emitra.commissions import tiers
    from emitra.commissions.models import KioskTier, TierScale

    load_demo()
    month = tiers.month_start(timezone.localdate())
    scale = tiers.scale_for(month)
    assert scale is not None and [lv.code for lv in scale.levels.order_by("-minimum")] == ["A+", "A", "B+", "B", "C"]
    row = KioskTier.objects.get(kiosk=cast.kiosk, month=month)
    last_month = tiers.measure(tiers.previous_month_start(month), month).get(cast.kiosk.pk, (0, 0))[0]
    assert row.count == last_month and row.tier_code == tiers.level_for(list(scale.levels.all()), last_month).code
    load_demo()
    assert TierScale.objects.count() == 1 and KioskTier.objects.filter(kiosk=cast.kiosk, month=month).count() == 1
