"""The portal served by the live test server with the whole demo, and browsers on it."""
from contextlib import contextmanager

import pytest
from django.db import connections
from django.test import Client

from emitra.conftest import Cast, sign_in

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def demo_portal(settings, live_server):
    """The live server with every part's demo data and the bundled SSO's portal client."""
    from emitra.demo.loaders import load_demo
    from emitra.payments.tests.conftest import fund
    from emitra.sso.services import ensure_portal_client

    settings.OIDC_ISSUER = ""
    settings.OIDC_CLIENT_ID = "emitra-portal"
    settings.OIDC_CLIENT_SECRET = ""
    ensure_portal_client(redirect_uris=[live_server.url + "/auth/callback/"])
    load_demo()
    cast = Cast()
    fund(cast.kiosk, 20_000_00)
    cast.url = live_server.url
    return cast


def session_cookie(person, base_url):
    """A portal session for person, as a cookie a browser can be given (sign-in itself is tested
    through the pages elsewhere)."""
    client = sign_in(Client(), person)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}


@contextmanager
def chromium(monkeypatch, **context_options):
    """A Chromium context; see emitra/payments/tests/test_browser.py on the database connection."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright import sync_api as playwright

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(**context_options)
        try:
            yield context
        finally:
            context.close()
            browser.close()
            connections.close_all()
