"""Show people only what they may use (issue 9 item 23): every link on each role's main
pages (the home page, the kiosk's pages in its menu, and the pages they link to) opens;
none answers 403 or 404. The links are drawn by the same rule the views check
(emitra.accounts.access.may_use)."""
import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest

from emitra.accounts.access import KIOSK_PAGES, may_use
from emitra.accounts.models import Person, Role
from emitra.accounts.roles import Roles
from emitra.network.services import add_kiosk_user

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a [^>]*href="([^"]+)"')
NOT_PAGES = ("/static/", "/accounts/logout")


@pytest.fixture
def shop(cast):
    """The demo catalogue, an accountant at the kiosk, and a paid receipt, so that every kind of page has rows."""
    from emitra.catalogue.demo import load_demo_catalogue
    from emitra.payments.tests.conftest import add, fund, pay, pay_form, shown_receipt
    from emitra.conftest import sign_in
    from django.test import Client

    load_demo_catalogue()
    accountant = Person.objects.create(issuer="test", subject="acc", sso_id="KIOSK.ACCOUNTANT", name="Accountant")
    add_kiosk_user(cast.kiosk, cast.holder, sso_id=accountant.sso_id, role=Role.KIOSK_ACCOUNTANT)
    cast.accountant = accountant
    fund(cast.kiosk, 10_000_00)
    operator = sign_in(Client(), cast.operator)
    assert add(operator, cast.kiosk, "PHED-BILL", "PH1234567").status_code == 302
    assert shown_receipt(pay(operator, cast.kiosk, pay_form(operator, cast.kiosk)))
    return cast


def local_links(path, html):
    for href in LINK.findall(html):
        url = urljoin(path, unescape(href))
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(NOT_PAGES):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def walk(client, starts):
    """{url: status} of the start pages, every link on them, and every link on the pages those open."""
    seen, main_pages = {}, []
    for url in starts:
        seen[url] = client.get(url)
        main_pages.append(url)
    for url in list(main_pages):
        for link in local_links(url, seen[url].content.decode(errors="replace")):
            if link not in seen:
                seen[link] = client.get(link)
                main_pages.append(link)
    for url in main_pages[len(starts):]:
        response = seen[url]
        if response.get("Content-Type", "").startswith("text/html"):
            for link in local_links(url, response.content.decode(errors="replace")):
                if link not in seen:
                    seen[link] = client.get(link)
    return {url: r.status_code for url, r in seen.items()}


@pytest.mark.parametrize("who", ["holder", "operator", "accountant", "lsp_jaipur", "doit", "dept", "citizen"])
def test_no_link_a_person_is_shown_leads_to_a_page_closed_to_them(shop, client_as, who):
    client = client_as(getattr(shop, who))
    starts = ["/", f"/k/{shop.kiosk.code}/"] if who in ("holder", "operator", "accountant", "lsp_jaipur", "doit") \
        else ["/"]
    statuses = walk(client, starts)
    closed = {url: status for url, status in statuses.items() if status in (403, 404)}
    assert closed == {}
    assert len(statuses) >= 5


def test_an_operator_is_not_shown_top_up_and_the_holder_is(shop, client_as):
    kiosk_page = f"/k/{shop.kiosk.code}/"
    topup = f'href="/k/{shop.kiosk.code}/wallet/topup/"'
    assert topup not in client_as(shop.operator).get(kiosk_page).content.decode()
    assert topup not in client_as(shop.operator).get(f"/k/{shop.kiosk.code}/wallet/").content.decode()
    assert topup in client_as(shop.holder).get(kiosk_page).content.decode()


def test_the_links_and_the_views_read_one_rule(shop, client_as):
    """For every kiosk page and every role, the page opens exactly when may_use says so."""
    pages = {"home": "", "services": "services/", "users": "users/", "wallet": "wallet/", "topup": "wallet/topup/",
             "payouts": "payouts/", "cart": "cart/", "receipts": "receipts/", "applications": "applications/",
             "documents": "documents/"}
    assert set(pages) == set(KIOSK_PAGES)
    for person in (shop.holder, shop.operator, shop.accountant, shop.lsp_jaipur, shop.lsp_jodhpur, shop.doit,
                   shop.dept):
        roles = Roles(list(person.memberships.live()))
        client = client_as(person)
        for page, path in pages.items():
            status = client.get(f"/k/{shop.kiosk.code}/{path}").status_code
            assert (status == 200) == may_use(roles, shop.kiosk, page), (person.sso_id, page, status)
