"""TDS under section 194H (issue 10 req. 6), to the paisa: dated rates (5% before
1 October 2024, 2% from then, 20% without a PAN) and the financial year's threshold
(₹15,000, ₹20,000 from April 2025) within which nothing is deducted."""
import datetime
from decimal import Decimal

import pytest

from emitra.ledger import services as ledger
from emitra.payouts import services
from emitra.payouts.tests.conftest import RUPEE, commission, request_payout

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sound_ledger")]


@pytest.fixture
def ready(cast, verified, earn):
    verified()
    earn(cast.kiosk, 10_00_000 * RUPEE)
    return cast.kiosk


def pay(kiosk, key, paise, day):
    return request_payout(kiosk, by=kiosk.holder, gross=paise, idempotency_key=key(), day=day)


def test_with_a_pan_nothing_is_deducted_within_the_threshold_then_2_percent_on_the_whole_year(cast, ready, key):
    services.set_pan(ready, by=cast.holder, pan="ABCPK1234F")
    day = datetime.date(2025, 6, 10)
    first = pay(ready, key, 20_000_00, day)  # exactly the threshold: within it
    assert (first.gross, first.tds, first.net) == (20_000_00, 0, 20_000_00)
    second = pay(ready, key, 1_234_57, day)  # the year is now ₹21,234.57: 2% of it, ₹424.6914
    assert (second.gross, second.tds, second.net) == (1_234_57, 424_69, 809_88)
    assert second.tds_base == 21_234_57 and second.pan == "ABCPK1234F"
    third = pay(ready, key, 5_000_25, day)  # 2% of ₹5,000.25 = ₹100.005, half up
    assert (third.tds, third.net) == (100_01, 4_900_24)
    assert ledger.balance(services.TDS_PAYABLE) == 424_69 + 100_01
    assert commission(ready) == 10_00_000 * RUPEE - 20_000_00 - 1_234_57 - 5_000_25


def test_without_a_pan_the_rate_is_20_percent(cast, ready, key):
    day = datetime.date(2025, 6, 10)
    assert pay(ready, key, 15_000_00, day).tds == 0
    payout = pay(ready, key, 10_000_01, day)  # 20% of the year's ₹25,000.01 = ₹5,000.002
    assert (payout.tds, payout.net, payout.pan) == (5_000_00, 5_000_01, "")
    later = pay(ready, key, 333_33, day)  # 20% of ₹333.33 = ₹66.666
    assert (later.tds, later.net) == (66_67, 266_66)


def test_a_payout_too_small_to_carry_the_years_catch_up_is_refused_with_the_smallest_that_can(cast, ready, key):
    day = datetime.date(2025, 6, 10)
    pay(ready, key, 20_000_00, day)
    before = commission(ready)
    with pytest.raises(services.PayoutError, match="Transfer at least ₹5,000.01") as e:
        pay(ready, key, 1_000_00, day)  # 20% of ₹21,000 is ₹4,200, more than ₹1,000
    assert e.value.field == "amount" and commission(ready) == before
    assert pay(ready, key, 5_000_01, day).net > 0


def test_the_rate_in_force_on_the_day_of_the_payout(cast, verified, earn, key):
    verified()
    kiosk = cast.kiosk
    earn(kiosk, 1_00_000 * RUPEE)
    services.set_pan(kiosk, by=cast.holder, pan="ABCPK1234F")
    sept = pay(kiosk, key, 16_000_05, datetime.date(2024, 9, 30))  # 5% of ₹16,000.05 = ₹800.0025
    assert (sept.tds, sept.tds_rate) == (800_00, Decimal("0.05"))
    oct_ = pay(kiosk, key, 16_000_25, datetime.date(2024, 10, 1))  # 2% of ₹16,000.25 = ₹320.005
    assert oct_.tds == 320_01


def test_the_threshold_is_15000_until_march_2025_and_20000_from_april(cast, verified, earn, key):
    verified()
    earn(cast.kiosk, 1_00_000 * RUPEE)
    services.set_pan(cast.kiosk, by=cast.holder, pan="ABCPK1234F")
    march = pay(cast.kiosk, key, 17_500_00, datetime.date(2025, 3, 31))
    assert march.tds == 350_00  # past ₹15,000 in 2024-25: 2% of ₹17,500
    april = pay(cast.kiosk, key, 17_500_00, datetime.date(2025, 4, 1))
    assert april.tds == 0  # a new year, within ₹20,000


def test_a_failed_payout_does_not_count_towards_the_years_threshold(cast, ready, key):
    day = datetime.date(2025, 6, 10)
    first = pay(ready, key, 19_000_00, day)
    services.fail_payout(first, reason="account closed", states=("queued",))
    assert pay(ready, key, 19_000_00, day).tds == 0


def test_the_quarterly_statement_per_pan_carries_the_form_16a_figures(cast, ready, key, client_as):
    services.set_pan(ready, by=cast.holder, pan="ABCPK1234F")
    pay(ready, key, 20_000_00, datetime.date(2025, 6, 10))
    pay(ready, key, 1_234_57, datetime.date(2025, 6, 11))
    pay(ready, key, 3_000_00, datetime.date(2025, 7, 1))  # Q2: not in Q1's statement
    page = client_as(cast.holder).get(f"/k/{ready.code}/payouts/tds/?fy=2025&quarter=1").content.decode()
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    assert "PAN ABCPK1234F" in soup.find("h2").get_text()
    total = [td.get_text() for td in soup.find("table", class_="tds").find_all("tr")[-1].find_all("th")]
    assert total[1:] == ["₹21,234.57", "", "₹424.69", "₹20,809.88"]
    doit = client_as(cast.doit).get("/doit/payouts/tds/?fy=2025&quarter=2").content.decode()
    assert "₹60.00" in doit and "ABCPK1234F" in doit  # 2% of ₹3,000


@pytest.mark.parametrize("day,fy,quarter", [
    (datetime.date(2025, 4, 1), 2025, 1), (datetime.date(2025, 6, 30), 2025, 1), (datetime.date(2025, 7, 1), 2025, 2),
    (datetime.date(2025, 12, 31), 2025, 3), (datetime.date(2026, 1, 1), 2025, 4), (datetime.date(2026, 3, 31), 2025, 4),
])
def test_financial_years_and_quarters(day, fy, quarter):
    assert (services.financial_year(day), services.quarter_of(day)) == (fy, quarter)
    start, end = services.quarter_bounds(fy, quarter)
    assert start <= day <= end and (end - start).days in (89, 90, 91)
