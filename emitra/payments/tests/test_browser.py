"""The kiosk's whole job through the pages in Chromium with JavaScript OFF (issue 4 tests):
sign in through the bundled SSO, search, fetch bills, a cart of 3 services, pay, receipt."""
import re
from contextlib import contextmanager

import pytest
from django.db import connection, connections

from emitra.payments.models import Receipt
from emitra.payments.tests.conftest import assert_ledger_sound, fund, wallet_balance

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.needs("chromium"),
]

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def portal(settings, live_server, cast):
    from emitra.catalogue.demo import load_demo_catalogue
    from emitra.sso.services import ensure_portal_client

    settings.OIDC_ISSUER = ""
    settings.OIDC_CLIENT_ID = "emitra-portal"
    settings.OIDC_CLIENT_SECRET = ""
    ensure_portal_client(redirect_uris=[live_server.url + "/auth/callback/"])
    load_demo_catalogue()
    fund(cast.kiosk, 20_000_00)
    return live_server.url


@contextmanager
def chromium(base_url, monkeypatch):
    """A browser context of Chromium with JavaScript off; the test fails if the
    browser refused anything by the portal's Content-Security-Policy.

    Playwright's sync API runs an event loop in this thread, so while it is open
    Django keeps the test's own database connection in a context-local slot
    (asgiref's thread-critical Local, "async" while a loop runs), apart from the
    thread's usual one. Nothing closes that connection later: it is closed here,
    before the loop stops, or it stays open and PostgreSQL cannot drop the test
    database at the end of the run.
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the test's own ORM calls are plain sync
    from playwright import sync_api as playwright

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(java_script_enabled=False, base_url=base_url)
        refused = []  # what the Content-Security-Policy or Permissions-Policy refused (issue 9 item 9)
        context.on("console", lambda m: refused.append(m.text) if "Policy" in m.text else None)
        try:
            yield context
            assert not refused, refused
        finally:
            context.close()
            browser.close()
            connections.close_all()


@pytest.fixture
def page(portal, monkeypatch):
    with chromium(portal, monkeypatch) as context:
        yield context.new_page()


def sign_in(page, sso_id):
    from emitra.demo.cast import DEMO_PASSWORD

    page.goto("/auth/login/")
    page.fill("input[name=sso_id]", sso_id)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button").last.click()
    if page.locator("button[name=allow]").count():
        page.locator("button[name=allow]").click()
    assert sso_id in page.content()


def find_and_add(page, kiosk, query, service_name, consumer_no=None):
    page.goto(f"/k/{kiosk}/services/")
    page.fill("#id_q", query)
    page.locator("form[role=search] button").click()
    page.get_by_role("link", name=service_name, exact=True).first.click()
    if consumer_no:
        page.fill("#id_consumer_no", consumer_no)
    page.locator("form.add-to-cart button").click()
    assert page.url.endswith(f"/k/{kiosk}/cart/"), page.url


def test_the_whole_flow_without_javascript(page, cast):
    kiosk = cast.kiosk.code
    before = wallet_balance(cast.kiosk)
    sign_in(page, "KIOSK.OPERATOR")

    find_and_add(page, kiosk, "pani bill", "Water Bill (PHED)", "PH1234567")
    assert "PH1234567" in page.content()
    find_and_add(page, kiosk, "aay praman", "Income Certificate")
    find_and_add(page, kiosk, "bsnl landline", "BSNL Landline Bill", "0141-2345678")
    assert page.locator("table.lines tbody tr").count() == 3

    assert page.url.endswith(f"/k/{kiosk}/cart/")  # the cart is the confirmation: its pay form is here
    total = page.locator("#pay-total").inner_text()
    assert page.locator("#wallet-available").inner_text() == "₹20,000.00"
    page.fill("#id_consumer_name", "Kamla Devi")
    page.fill("#id_mobile", "94140")  # a slip: refused beside the field, nothing charged
    page.locator("main form button[type=submit]").click()
    assert page.locator("#id_mobile-error").count() == 1
    assert not Receipt.objects.exists()
    page.fill("#id_mobile", "9414000007")
    page.locator("main form button[type=submit]").click()

    receipt = Receipt.objects.get()
    # the payment's answer is the receipt itself, at the form's address (no redirect, issue 12 req. 3)
    assert page.url.endswith(f"/k/{kiosk}/cart/pay/"), page.url
    assert page.locator("p.rno b").inner_text() == receipt.number
    assert re.fullmatch(rf"{kiosk}-\d{{4}}-\d{{6}}", receipt.number)
    assert page.locator("#receipt-total").inner_text() == total
    assert page.locator("table.lines tbody tr").count() == 3
    assert "Paid" in page.locator("#receipt-state").inner_text()
    assert wallet_balance(cast.kiosk) == before - receipt.total
    assert_ledger_sound()


def other_sessions():
    """PostgreSQL sessions on the test database besides this thread's own."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid()")
        return cursor.fetchone()[0]


def test_no_database_session_outlives_the_browser(portal, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("sessions are counted in PostgreSQL's pg_stat_activity")
    connections.close_all()
    before = other_sessions()
    with chromium(portal, monkeypatch) as context:
        context.new_page().goto("/")
        assert Receipt.objects.count() == 0  # an ORM call while Playwright's loop runs
    assert other_sessions() == before
