"""The monthly automatic payout (issue 10 req. 7), run by the sweep, not by hand: from the
month after the holder turned it on, once a month, the whole balance above the minimum."""
import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from emitra.payouts import monthly, services
from emitra.payouts.models import Payout, PayoutProfile
from emitra.payouts.tests.conftest import RUPEE, commission

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sound_ledger")]


def next_month(today):
    return (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def test_the_sweep_pays_out_the_whole_balance_once_a_month_from_the_month_after(cast, client_as, verified, earn):
    verified()
    earn(cast.kiosk, 7_500_25)
    r = client_as(cast.holder).post(f"/k/{cast.kiosk.code}/payouts/auto/", {"enabled": "on", "minimum": "5000"})
    assert r.status_code == 302
    today = timezone.localdate()
    assert monthly.sweep(today=today) == 0  # not in the month it was turned on
    first = next_month(today)
    assert monthly.sweep(today=first) == 1
    payout = Payout.objects.get()
    assert (payout.gross, payout.auto, payout.requested_by) == (7_500_25, True, None)
    assert commission(cast.kiosk) == 0
    earn(cast.kiosk, 6_000 * RUPEE)
    assert monthly.sweep(today=first + datetime.timedelta(days=3)) == 0  # once a month
    assert Payout.objects.count() == 1
    assert monthly.sweep(today=next_month(first)) == 1
    assert Payout.objects.count() == 2 and commission(cast.kiosk) == 0


def test_nothing_is_paid_out_at_or_below_the_minimum_or_when_turned_off(cast, verified, earn):
    verified()
    earn(cast.kiosk, 5_000 * RUPEE)
    services.set_auto_payout(cast.kiosk, by=cast.holder, enabled=True, minimum=5_000 * RUPEE)
    day = next_month(timezone.localdate())
    assert monthly.sweep(today=day) == 0
    earn(cast.kiosk, 1)
    services.set_auto_payout(cast.kiosk, by=cast.holder, enabled=False, minimum=0)
    assert monthly.sweep(today=day) == 0 and not Payout.objects.exists()


def test_the_outbox_command_runs_the_monthly_payout(cast, verified, earn):
    verified()
    earn(cast.kiosk, 1_000 * RUPEE)
    services.set_auto_payout(cast.kiosk, by=cast.holder, enabled=True, minimum=0)
    PayoutProfile.objects.filter(kiosk=cast.kiosk).update(auto_from=timezone.localdate())
    call_command("deliver_outbox")
    assert Payout.objects.get().gross == 1_000 * RUPEE and Payout.objects.get().auto


def test_a_bad_minimum_is_refused_beside_the_field(cast, client_as):
    r = client_as(cast.holder).post(f"/k/{cast.kiosk.code}/payouts/auto/", {"enabled": "on", "minimum": "-5"})
    assert r.status_code == 400 and "auto_minimum-error" in r.content.decode()
    assert not PayoutProfile.objects.filter(auto_payout=True).exists()
