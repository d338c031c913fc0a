"""The whole path of an application through the pages in Chromium with JavaScript OFF (issue 11
tests): fill and submit, pay the fee, sent back as wrong office, re-submitted to the right office,
approved, the certificate downloaded and its QR verified; the fee is charged once."""
import re
import subprocess
from contextlib import contextmanager

import pytest
from django.db import connections

from emitra.applications.models import Application
from emitra.documents.tests.conftest import code_sent_to, make_pdf
from emitra.payments.models import Receipt
from emitra.payments.tests.conftest import assert_ledger_sound, fund, wallet_balance
from emitra.payments.tests.test_browser import ARGS, sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.needs("chromium"),
]


@pytest.fixture
def portal(settings, live_server, cast):
    from emitra.applications.demo import load_demo_applications
    from emitra.catalogue.demo import load_demo_catalogue
    from emitra.sso.services import ensure_portal_client

    settings.OIDC_ISSUER = ""
    settings.OIDC_CLIENT_ID = "emitra-portal"
    settings.OIDC_CLIENT_SECRET = ""
    ensure_portal_client(redirect_uris=[live_server.url + "/auth/callback/"])
    load_demo_catalogue()
    load_demo_applications()
    fund(cast.kiosk, 5_000_00)
    return live_server.url


@contextmanager
def browser_for(base_url, monkeypatch):
    """One Chromium for the module's test; a context (own cookies, own SSO session) per person."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright import sync_api as playwright

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        def as_person(sso_id):
            context = browser.new_context(java_script_enabled=False, base_url=base_url)
            page = context.new_page()
            sign_in(page, sso_id)
            return page

        try:
            yield as_person
        finally:
            browser.close()
            connections.close_all()


def decide(page, number, action, remark):
    page.goto("/dept/applications/")
    page.get_by_role("link", name=number).click()
    page.check(f"input[name=action][value={action}]")
    page.fill("#id_remark", remark)
    page.locator("main form.card button[type=submit]").click()
    assert "/dept/applications/" in page.url


def qr_url_of(pdf_bytes, tmp_path):
    """The URL the PDF's QR code carries, read back by zbarimg from the rendered page."""
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    png = next(tmp_path.glob("page*.png"))
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.mark.needs("zbar", "poppler")
def test_an_application_from_form_to_verified_certificate_without_javascript(portal, cast, monkeypatch, tmp_path):
    kiosk = cast.kiosk.code
    before = wallet_balance(cast.kiosk)
    with browser_for(portal, monkeypatch) as as_person:
        operator = as_person("KIOSK.OPERATOR")
        operator.goto(f"/k/{kiosk}/services/")
        operator.fill("#id_q", "aay praman")
        operator.locator("form[role=search] button").click()
        operator.get_by_role("link", name="Income Certificate", exact=True).first.click()
        operator.get_by_role("link", name="Fill the application form").click()
        for field, value in {"#id_a-applicant_name": "Kamla Devi", "#id_a-mobile": "9414000007",
                             "#id_a-sso_id": "CITIZEN.DEMO", "#id_father_name": "Ramesh Chand",
                             "#id_date_of_birth": "15-08-1985", "#id_jan_aadhaar": "1234567890",
                             "#id_annual_income": "960000000000", "#id_family_members": "4",
                             "#id_address__line": "Ward 12, Chaksu", "#id_address__pin": "303901"}.items():
            operator.fill(field, value)
        operator.check("input[name=gender][value=female]")
        operator.select_option("#id_purpose", "scholarship")
        operator.select_option("#id_occupation", "labour")
        operator.select_option("#id_address__tehsil", "JPR-CHAKSU")
        operator.locator("main form button[type=submit]").click()
        # a slip: an income above the form's range is refused beside the field, nothing saved
        assert operator.locator("#id_annual_income-error").count() == 1
        assert not Application.objects.exists()
        operator.fill("#id_annual_income", "96000")
        operator.locator("main form button[type=submit]").click()
        assert "/office/" in operator.url
        number = re.search(r"AP-\d{4}-\d{7}", operator.url).group(0)
        operator.get_by_label("Collectorate, Jaipur").check()
        operator.locator("main form button[type=submit]").click()
        # the documents: the citizen's locker opened with the code they read out, files uploaded into it
        operator.get_by_role("link", name="Documents", exact=True).last.click()
        operator.get_by_role("link", name="Open the citizen's locker").click()
        operator.fill("#id_sso-sso_id", "CITIZEN.DEMO")
        operator.locator("main form").first.locator("button").click()
        operator.fill("#id_code", code_sent_to(cast.citizen.mobile))
        operator.locator("main form button").first.click()
        operator.goto(f"/k/{kiosk}/applications/{number}/documents/")
        for slot, name in (("id_proof", "aadhaar.pdf"), ("affidavit", "affidavit.pdf")):
            path = tmp_path / name
            path.write_bytes(make_pdf(f"{slot} of Kamla Devi"))
            operator.set_input_files(f"#file-{slot}", str(path))
            operator.locator(f"#slot-{slot} form[enctype] button").click()
        assert operator.locator("#slot-id_proof a").count() == 1
        operator.goto(f"/k/{kiosk}/applications/{number}/")
        operator.get_by_role("button", name=re.compile("Add the fee to the cart")).click()
        operator.fill("#id_consumer_name", "Kamla Devi")
        operator.fill("#id_mobile", "9414000007")
        operator.locator("main form button[type=submit]").click()
        assert operator.locator("p.rno b").count() == 1  # the payment answers with its receipt
        operator.goto(f"/k/{kiosk}/applications/{number}/")
        assert operator.locator("#application-state").inner_text() == "Submitted"
        operator.get_by_role("link", name="Acknowledgement").click()
        assert operator.locator("#ack-number").inner_text() == number
        assert re.fullmatch(r"\d{2}-\d{2}-\d{4}", operator.locator("#ack-due").inner_text())

        collector = as_person("COLLECTOR.JAIPUR")
        decide(collector, number, "wrong_office", "Income certificates are issued by the tehsil")

        operator.goto(f"/k/{kiosk}/")
        operator.locator("#applications-panel").get_by_role("link", name=re.compile("1 sent back")).click()
        operator.get_by_role("link", name=number).click()
        assert operator.locator("#application-state").inner_text() == "Sent back: wrong office"
        operator.get_by_role("link", name="Change the office").click()
        operator.get_by_label("Tehsil Office, Chaksu").check()
        operator.locator("main form button[type=submit]").click()
        operator.get_by_role("button", name=re.compile("Re-submit")).click()
        assert operator.locator("#application-state").inner_text() == "Submitted"
        assert operator.locator("#application-office").inner_text() == "Tehsil Office, Chaksu"

        tehsil = as_person("TEHSIL.CHAKSU")
        tehsil.goto(f"/dept/applications/{number}/")
        document = tehsil.context.request.get(tehsil.locator("a.attachment").first.get_attribute("href"))
        assert document.ok and document.body().startswith(b"%PDF")  # the office sees the documents
        decide(tehsil, number, "approve", "Income verified by the Patwari's report")

        operator.goto(f"/k/{kiosk}/applications/{number}/")
        href = operator.locator("#certificate-link").get_attribute("href")
        pdf = operator.context.request.get(href)
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        url = qr_url_of(pdf.body(), tmp_path)
        assert url.startswith(portal + "/c/" + number + ".")
        citizen_side = as_person("CITIZEN.DEMO")  # anyone; the QR's page needs no sign-in
        citizen_side.goto(url)
        assert citizen_side.locator("#verdict").inner_text() == "Valid"
        citizen_side.goto("/citizen/")
        assert number in citizen_side.content()

    application = Application.objects.get(number=number)
    assert application.state == "approved" and application.office.code == "REVENUE-JPR-CHAKSU"
    assert Receipt.objects.count() == 1 and application.fee_line.receipt == Receipt.objects.get()
    assert wallet_balance(cast.kiosk) == before - 50_00
    assert list(application.events.values_list("action", flat=True)) == [
        "create", "office", "attach", "attach", "submit", "wrong_office", "office", "resubmit", "approve"]
    assert_ledger_sound()
