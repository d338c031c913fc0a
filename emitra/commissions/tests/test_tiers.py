"""Volume tiers (issue 10 req. 5): DoIT's thresholds as dated rows; each kiosk's tier recomputed
at the month's start from real paid receipts by the scheduled sweep (`emitra deliver_outbox`,
F4: no button); the kiosk's page shows its tier and what the next tier needs."""
import datetime
import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from emitra.catalogue.models import Service
from emitra.commissions import tiers
from emitra.commissions.models import KioskTier, TierRun, TierScale
from emitra.ledger.integrity import ledger_violations
from emitra.network.models import Kiosk
from emitra.payments import services as payments
from emitra.payments.tests.conftest import fund

pytestmark = pytest.mark.django_db


def pay(kiosk, person, codes, when):
    """Pay a receipt of the demo services `codes` at kiosk through the pay service, at `when`."""
    cart = payments.current_cart(kiosk, person)
    for code in codes:
        payments.add_to_cart(cart, Service.objects.get(code=code), by=person)
    page = payments.pay_page(cart)
    return payments.pay_cart(cart, by=person, idempotency_key=uuid.uuid4().hex, seen=page.seal,
                             consumer_name="Kamla Devi", mobile="9414000007", confirm_duplicate=True, now=when)


@pytest.fixture
def month():
    return timezone.localdate().replace(day=1)


@pytest.fixture
def last_month(month):
    day = tiers.previous_month_start(month) + datetime.timedelta(days=9)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 30)))


@pytest.fixture
def tiered(catalogue, client_as, month):
    """DoIT's tiers by count from this month, set on the tiers page: A 3, B 2, C 1."""
    fund(catalogue.kiosk, 50_000_00)
    fund(catalogue.other_kiosk, 50_000_00)
    r = client_as(catalogue.doit).post("/doit/commissions/tiers/", {
        "valid_from": month.isoformat(), "basis": "count", "code_0": "A", "minimum_0": "3", "code_1": "b",
        "minimum_1": "2", "code_2": "C", "minimum_2": "1"})
    assert r.status_code == 302
    return catalogue


def test_the_sweep_computes_each_kiosks_tier_at_the_months_start_from_real_paid_receipts(tiered, month,
                                                                                          last_month):
    cast = tiered
    first = pay(cast.kiosk, cast.operator, ["REV-INCOME", "REV-DOMICILE"], last_month)  # two lines
    second = pay(cast.kiosk, cast.operator, ["REV-INCOME"], last_month + datetime.timedelta(days=3))
    cancelled = pay(cast.kiosk, cast.operator, ["REV-DOMICILE"], last_month + datetime.timedelta(days=4))
    payments.cancel_receipt(cancelled, by=cast.holder, reason="wrong service",
                            seen=payments.cancel_seal(cancelled, cast.holder),  # as its page shows it (issue 9)
                            now=last_month + datetime.timedelta(days=4, hours=1))
    pay(cast.kiosk, cast.operator, ["REV-INCOME"], timezone.now())  # this month: counts next month
    pay(cast.other_kiosk, cast.other_holder, ["REV-INCOME"], last_month)
    assert not KioskTier.objects.exists()

    call_command("deliver_outbox")  # the scheduled sweep `emitra up` runs every minute

    mine = KioskTier.objects.get(kiosk=cast.kiosk, month=month)
    assert (mine.tier_code, mine.count) == ("A", 3)  # 3 paid lines; the cancelled one does not count
    assert mine.value == first.total + second.total > 0
    other = KioskTier.objects.get(kiosk=cast.other_kiosk, month=month)
    assert (other.tier_code, other.count) == ("C", 1)
    jodhpur = KioskTier.objects.get(kiosk=cast.jodhpur_kiosk, month=month)
    assert (jodhpur.tier_code, jodhpur.count, jodhpur.level) == ("", 0, None)
    run = TierRun.objects.get()
    assert run.month == month and run.scale == TierScale.objects.get() and run.kiosks == Kiosk.objects.count()
    # once a month: later sweeps leave the month alone, even after more receipts
    pay(cast.other_kiosk, cast.other_holder, ["REV-INCOME", "REV-DOMICILE"], last_month)
    call_command("deliver_outbox")
    assert KioskTier.objects.get(kiosk=cast.other_kiosk, month=month).tier_code == "C"
    assert TierRun.objects.count() == 1
    assert ledger_violations() == []


def test_a_sweep_on_a_later_day_of_the_month_still_computes_it_once(tiered, month, last_month):
    pay(tiered.kiosk, tiered.operator, ["REV-INCOME", "REV-DOMICILE"], last_month)
    assert tiers.sweep(today=month + datetime.timedelta(days=5)) == Kiosk.objects.count()
    assert tiers.sweep(today=month + datetime.timedelta(days=6)) == 0
    assert KioskTier.objects.get(kiosk=tiered.kiosk, month=month).tier_code == "B"


def test_the_kiosk_page_shows_its_tier_and_what_the_next_tier_needs(tiered, client_as, month, last_month):
    cast = tiered
    pay(cast.kiosk, cast.operator, ["REV-INCOME", "REV-DOMICILE"], last_month)
    call_command("deliver_outbox")
    pay(cast.kiosk, cast.operator, ["REV-INCOME"], timezone.now())  # one this month so far
    page = BeautifulSoup(client_as(cast.holder).get(f"/k/{cast.kiosk.code}/").content, "html.parser")
    panel = page.find(id="tier").get_text(" ", strip=True)
    assert "Volume tier this month: B" in panel and "last month 2 transactions" in panel
    assert "Next month's tier A needs 3 transactions this month: 1 so far, 2 more." in panel


def test_tiers_by_value_measure_rupees(catalogue, month, last_month):
    fund(catalogue.kiosk, 50_000_00)
    tiers.add_scale(by=catalogue.doit, valid_from=month, basis="value", levels=[(0, "A+", 100_00), (1, "C", 0)])
    pay(catalogue.kiosk, catalogue.operator, ["REV-INCOME"], last_month)
    tiers.sweep()
    line_total = Service.objects.get(code="REV-INCOME").government_fee + Service.objects.get(
        code="REV-INCOME").service_charge
    expected = "A+" if line_total >= 100_00 else "C"
    assert KioskTier.objects.get(kiosk=catalogue.kiosk, month=month).tier_code == expected


@pytest.mark.parametrize("data,field,words", [
    ({"valid_from": "2026-12-15"}, "valid_from", "first day of a month"),
    ({"valid_from": "2020-01-01"}, "valid_from", "later month"),
    ({"minimum_1": "3"}, "minimum_1", "same figure"),
    ({"code_1": "A"}, "code_1", "own name"),
    ({"minimum_1": "many"}, "minimum_1", "whole number"),
    ({"code_0": "", "minimum_0": "", "code_1": "", "minimum_1": ""}, "code_0", "at least one"),
])
def test_bad_tiers_are_refused_beside_the_field_and_nothing_is_saved(catalogue, client_as, month, data, field,
                                                                    words):
    post = {"valid_from": tiers.next_month_start().isoformat(), "basis": "count", "code_0": "A", "minimum_0": "3",
            "code_1": "B", "minimum_1": "1"}
    if data.get("valid_from") == "2026-12-15":
        data = {"valid_from": (tiers.next_month_start() + datetime.timedelta(days=14)).isoformat()}
    post.update(data)
    r = client_as(catalogue.doit).post("/doit/commissions/tiers/", post)
    assert r.status_code == 400
    error = BeautifulSoup(r.content, "html.parser").find(id=f"id_{field}-error")
    assert error is not None and words in error.get_text(), r.content.decode()[-3000:]
    assert not TierScale.objects.exists()
