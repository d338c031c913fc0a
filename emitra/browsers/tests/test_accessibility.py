"""Accessibility (issue 12 req 8): every page of the kiosk flow (in English and in Hindi,
issue 12 req 6: lang="hi" on a Hindi page) and each role's main pages pass axe-core at
WCAG 2.1 AA in Chromium, with no violation and nothing left for a person to review
("incomplete"). axe-core comes from npm (emitra/webtools,
installed by `emitra test`) and is injected into the page as a script; the page
itself still runs under its strict CSP otherwise (bypass_csp lets only the test's
script in).

Labels and the ids aria-describedby names are checked on every page the suite
renders by the page check (emitra.pagecheck.check_references)."""
import json

import pytest

from emitra.browsers.tests.conftest import chromium, session_cookie
from emitra.payments.models import Receipt
from emitra.testsetup import WEBTOOLS_DIR, WEBTOOLS_NPM_CI

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs("chromium")]

AXE = WEBTOOLS_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

ROLE_PAGES = {
    "holder": ["/", "/k/{kiosk}/", "/k/{kiosk}/users/", "/k/{kiosk}/wallet/", "/k/{kiosk}/reports/wallet/",
               "/k/{kiosk}/wallet/topup/", "/k/{kiosk}/receipts/", "/k/{kiosk}/applications/",
               "/k/{kiosk}/payouts/", "/k/{kiosk}/documents/"],
    "lsp_jaipur": ["/", "/lsp/", "/lsp/applications/", "/lsp/wallet/topups/", "/lsp/payouts/accounts/",
                   "/lsp/payouts/"],
    "doit": ["/", "/doit/", "/doit/applications/", "/doit/services/", "/doit/services/new/",
             "/doit/departments/", "/doit/forms/", "/doit/audit/", "/doit/messages/", "/doit/officers/",
             "/doit/api-clients/", "/doit/payments/rejected/", "/doit/documents/kinds/"],
    "dept": ["/", "/dept/applications/", "/dept/collections/", "/dept/cheques/"],
    "citizen": ["/", "/apply/", "/applications/", "/me/documents/", "/citizen/"],
}
PUBLIC_PAGES = ["/", "/sso/login/", "/sso/register/", "/sso/reset/", "/status/", "/nothing-here/"]


def axe_problems(page):
    """axe-core's violations and incomplete results on the page now shown, one line each."""
    assert AXE.exists(), f"axe-core is not installed: run `emitra test` or `{' '.join(WEBTOOLS_NPM_CI)}`"
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                            ".then(r => ({violations: r.violations, incomplete: r.incomplete}))", WCAG_21_AA)
    problems = []
    for kind in ("violations", "incomplete"):
        for rule in results[kind]:
            targets = [json.dumps(n["target"]) + " " + (n.get("failureSummary") or "")[:160].replace("\n", " ")
                       for n in rule["nodes"][:3]]
            problems.append(f"{page.url} {kind[:-1] if kind == 'violations' else kind}: {rule['id']} "
                            f"({rule['help']}): {targets}")
    return problems


def visit(page, path, problems):
    response = page.goto(path)
    assert response.status < 500, (path, response.status)
    problems += axe_problems(page)


@pytest.fixture
def browser(demo_portal, monkeypatch):
    with chromium(monkeypatch, base_url=demo_portal.url, bypass_csp=True) as context:
        yield context


@pytest.mark.parametrize("language", ["en", "hi"])
def test_the_kiosk_flow_passes_axe_at_wcag_21_aa(demo_portal, browser, language):
    cast = demo_portal
    kiosk = cast.kiosk.code
    browser.add_cookies([session_cookie(cast.operator, cast.url),
                         {"name": "django_language", "value": language, "url": cast.url}])
    page = browser.new_page()
    problems = []
    visit(page, "/", problems)
    assert page.locator("html").get_attribute("lang") == language
    visit(page, f"/k/{kiosk}/", problems)
    visit(page, f"/k/{kiosk}/services/", problems)
    page.fill("#id_q", "pani bill")
    page.locator("form[role=search] button").click()
    problems += axe_problems(page)
    page.locator(f"main a[href='/k/{kiosk}/services/PHED-BILL/']").first.click()
    problems += axe_problems(page)
    page.fill("#id_consumer_no", "NOPE")  # a refused consumer number: the error beside the field
    page.locator("form.add-to-cart button").click()
    problems += axe_problems(page)
    page.fill("#id_consumer_no", "PH1234567")
    page.locator("form.add-to-cart button").click()
    assert page.url.endswith(f"/k/{kiosk}/cart/"), page.url
    problems += axe_problems(page)  # the cart, which is the confirmation with its pay form
    page.fill("#id_consumer_name", "Kamla Devi")
    page.fill("#id_mobile", "94140")  # refused beside the field
    page.locator("main form button[type=submit]").click()
    assert page.locator("#id_mobile-error").count() == 1
    problems += axe_problems(page)
    page.fill("#id_mobile", "9414000007")
    page.locator("main form button[type=submit]").click()
    receipt = Receipt.objects.get(kiosk=cast.kiosk, consumer_name="Kamla Devi")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("p.rno b").inner_text() == receipt.number  # the payment's answer is the receipt
    problems += axe_problems(page)
    visit(page, f"/k/{kiosk}/receipts/{receipt.number}/print/", problems)
    visit(page, f"/k/{kiosk}/receipts/{receipt.number}/dmp/", problems)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", sorted(ROLE_PAGES))
def test_each_roles_main_pages_pass_axe_at_wcag_21_aa(demo_portal, browser, role):
    person = {"holder": demo_portal.holder, "lsp_jaipur": demo_portal.lsp_jaipur, "doit": demo_portal.doit,
              "dept": demo_portal.dept, "citizen": demo_portal.citizen}[role]
    browser.add_cookies([session_cookie(person, demo_portal.url)])
    page = browser.new_page()
    problems = []
    for path in ROLE_PAGES[role]:
        visit(page, path.format(kiosk=demo_portal.kiosk.code), problems)
    assert not problems, "\n".join(problems)


def test_the_public_pages_pass_axe_at_wcag_21_aa(demo_portal, browser):
    page = browser.new_page()
    problems = []
    for path in PUBLIC_PAGES:
        visit(page, path, problems)
    assert not problems, "\n".join(problems)
