"""The monthly automatic payout (F4, F9, issue 10 req. 7): no button.

Run by the sweep (`emitra deliver_outbox`, every 60 s, settings.OUTBOX_SWEEPERS):
each month, from its 1st, every kiosk whose holder turned it on (from the month
after) gets one payout of its whole commission balance when that is above the
holder's minimum. One a month: the payout's idempotency key is the kiosk and the
month, so a sweep that runs every minute, or twice at once, makes one payout;
a sweep that was down on the 1st makes it on the next day it runs. The balance
(balance - held, net of any claw-back) is only the amount asked for: the payout's
own conditional debit decides.
A kiosk that cannot be paid (no verified account, a change waiting) is tried
again by the next sweep.
"""
import logging

from django.db.models import Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone

from emitra.ledger.models import Account
from emitra.payouts import services
from emitra.payouts.models import Payout, PayoutProfile
from emitra.commissions.accounts import kiosk_commission_code

log = logging.getLogger("emitra.payouts")


def due_profiles(today):
    month_start = today.replace(day=1)
    done = Payout.objects.filter(kiosk=OuterRef("kiosk"), auto=True, paid_on__gte=month_start)
    available = Account.objects.filter(code=Concat(Value(kiosk_commission_code("")), OuterRef("kiosk__code"))).annotate(
        free=F("balance") - F("held")).values("free")[:1]
    return (PayoutProfile.objects.filter(auto_payout=True, auto_from__lte=today).exclude(Exists(done))
            .annotate(free=Subquery(available)).filter(free__gt=F("auto_minimum"))
            .select_related("kiosk", "kiosk__lsp").order_by("pk"))


def sweep(limit=500, today=None):
    """Make this month's automatic payouts that are due; returns how many kiosks were tried."""
    today = today or timezone.localdate()
    tried = 0
    for profile in due_profiles(today)[:limit]:
        tried += 1
        kiosk = profile.kiosk
        try:
            services.request_payout(kiosk, by=None, gross=profile.free, auto=True, day=today,
                                    idempotency_key=f"auto:{kiosk.pk}:{today:%Y-%m}")
        except services.PayoutError as e:
            log.info("monthly payout of %s not made: %s", kiosk.code, e)
    return tried
