"""Names from data in the page's language (issue 9 item 17): a service's name on a Hindi page
is its Hindi name (search results, cart, receipt, cancellation choices, the department's
collections), on an English page its English name; the wallet statement's title names the
kiosk, never the ledger's internal code."""
import re

import pytest

from emitra.catalogue.models import Service
from emitra.payments.models import Receipt
from emitra.payments.tests.conftest import add, pay, pay_form, shown_receipt

pytestmark = pytest.mark.django_db


def in_hindi(client):
    client.cookies["django_language"] = "hi"
    return client


def main_part(response):
    """The page's <main>, without the header and menus."""
    return re.search(r"<main>(.*)</main>", response.content.decode(), re.S).group(1)


@pytest.fixture
def names():
    water, income = Service.objects.get(code="PHED-BILL"), Service.objects.get(code="REV-INCOME")
    assert water.name_hi and income.name_hi
    return water, income


def assert_hindi_names_only(html, *services):
    for service in services:
        assert service.name_hi in html
        assert service.name_en not in html


def test_search_results_link_the_service_by_its_hindi_name_on_a_hindi_page(funded, client_as, names):
    water, _ = names
    operator = in_hindi(client_as(funded.operator))
    html = main_part(operator.get(f"/k/{funded.kiosk.code}/services/", {"q": "PHED-BILL"}))
    assert re.search(rf'<a href="/k/{funded.kiosk.code}/services/PHED-BILL/">{re.escape(water.name_hi)}</a>', html)
    assert water.name_en not in html
    service_page = main_part(operator.get(f"/k/{funded.kiosk.code}/services/PHED-BILL/"))
    assert_hindi_names_only(service_page, water, water.department)


def test_an_english_page_names_the_service_in_english(funded, client_as, names):
    water, _ = names
    html = main_part(client_as(funded.operator).get(f"/k/{funded.kiosk.code}/services/", {"q": "PHED-BILL"}))
    assert f">{water.name_en}</a>" in html and water.name_hi not in html


def test_cart_receipt_and_cancellation_choices_name_services_in_hindi(funded, client_as, names):
    kiosk = funded.kiosk
    operator = in_hindi(client_as(funded.operator))
    add(operator, kiosk, "PHED-BILL", "PH1234567")
    add(operator, kiosk, "REV-INCOME")
    assert_hindi_names_only(main_part(operator.get(f"/k/{kiosk.code}/cart/")), *names)
    assert_hindi_names_only(main_part(operator.get(f"/k/{kiosk.code}/cart/pay/")), *names)
    assert shown_receipt(pay(operator, kiosk, pay_form(operator, kiosk)))
    number = Receipt.objects.get(kiosk=kiosk).number
    assert_hindi_names_only(main_part(operator.get(f"/k/{kiosk.code}/receipts/{number}/")), *names)
    holder = in_hindi(client_as(funded.holder))
    cancel = main_part(holder.get(f"/k/{kiosk.code}/receipts/{number}/cancel/"))
    assert_hindi_names_only(cancel, *names)


def test_the_departments_collections_name_its_services_in_hindi(funded, client_as, names):
    water, _ = names
    operator = client_as(funded.operator)
    add(operator, funded.kiosk, "PHED-BILL", "PH1234567")
    pay(operator, funded.kiosk, pay_form(operator, funded.kiosk))
    html = main_part(in_hindi(client_as(funded.dept)).get("/dept/collections/"))
    assert_hindi_names_only(html, water, water.department)


def test_the_wallet_statement_is_titled_with_the_kiosk_not_the_ledger_code(funded, client_as):
    holder = in_hindi(client_as(funded.holder))
    page = holder.get(f"/k/{funded.kiosk.code}/wallet/statement/", follow=True).content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "wallet:" not in page
    assert funded.kiosk.code in heading and funded.kiosk.name in heading
    assert "वॉलेट" in heading and funded.kiosk.code in title


def test_doit_reads_an_account_by_its_kind_and_owner(funded, client_as):
    doit = in_hindi(client_as(funded.doit))
    page = doit.get(f"/doit/wallet/accounts/wallet:{funded.kiosk.code}/").content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert "wallet:" not in heading and f"कियोस्क वॉलेट {funded.kiosk.code}" in heading
