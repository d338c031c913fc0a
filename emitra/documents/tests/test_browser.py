"""The locker through the pages in Chromium with JavaScript OFF (F30): the citizen signs in with
SSO and uploads on "My documents"; a kiosk operator opens that citizen's locker by SSO ID with
the code from the citizen's SMS and uploads for them; the file opens for both, and for nobody
after the kiosk is done. Screenshots go to EMITRA_SHOTS_DIR when it is set."""
import os
from pathlib import Path

import pytest

from emitra.documents.models import Document, LockerGrant
from emitra.documents.tests.conftest import code_sent_to, make_image, make_pdf
from emitra.payments.tests.test_browser import chromium, sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.needs("chromium"),
]


def shot(page, name):
    folder = os.environ.get("EMITRA_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_citizen_and_kiosk_use_the_locker_without_javascript(portal, kinds, monkeypatch, tmp_path):
    pdf = tmp_path / "income-2026.pdf"
    pdf.write_bytes(make_pdf("income certificate 2026"))
    fake = tmp_path / "aadhaar.pdf"
    fake.write_bytes(b"<html><body>not a document</body></html>")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(make_image("JPEG", seed=9, size=(120, 160)))

    with chromium(portal, monkeypatch) as citizen_browser:
        kiosk_browser = citizen_browser.browser.new_context(java_script_enabled=False, base_url=portal)
        citizen = citizen_browser.new_page()
        sign_in(citizen, "CITIZEN.DEMO")
        citizen.get_by_role("link", name="My documents").click()
        assert citizen.url.endswith("/me/documents/")
        citizen.select_option("#id_kind", "income_proof")
        citizen.fill("#id_title", "Income certificate 2026")
        citizen.set_input_files("#id_file", str(pdf))
        citizen.locator("form[enctype] button").click()
        assert "Kept in the locker" in citizen.locator(".messages").inner_text()
        assert citizen.locator("table.documents tbody tr").count() == 1
        # an impostor is refused beside the field, and nothing is kept
        citizen.select_option("#id_kind", "aadhaar")
        citizen.set_input_files("#id_file", str(fake))
        citizen.locator("form[enctype] button").click()
        assert "not a PDF, JPEG or PNG" in citizen.locator("#id_file-error").inner_text()
        shot(citizen, "citizen-refused-file")
        assert Document.objects.count() == 1
        citizen.goto("/me/documents/")
        shot(citizen, "citizen-my-documents")

        operator = kiosk_browser.new_page()
        sign_in(operator, "KIOSK.OPERATOR")
        kiosk = kinds.kiosk.code
        operator.goto(f"/k/{kiosk}/")
        operator.locator("nav.subnav").get_by_role("link", name="Documents").click()
        shot(operator, "kiosk-open-locker")
        operator.fill("#id_sso-sso_id", "CITIZEN.DEMO")
        operator.locator("form:has(#id_sso-sso_id) button").click()
        assert "******" + kinds.citizen.mobile[-4:] in operator.locator("main").inner_text()
        shot(operator, "kiosk-enter-code")
        operator.fill("#id_code", code_sent_to(kinds.citizen.mobile))
        operator.locator("main form button").first.click()
        grant = LockerGrant.objects.get()
        assert operator.url.endswith(f"/k/{kiosk}/documents/{grant.pk}/"), operator.url
        assert "Income certificate 2026" in operator.locator("table.documents").inner_text()
        operator.select_option("#id_kind", "photo")
        operator.set_input_files("#id_file", str(photo))
        operator.locator("form[enctype] button").click()
        assert operator.locator("table.documents tbody tr").count() == 2
        shot(operator, "kiosk-citizen-locker")

        income = Document.objects.get(kind__code="income_proof")
        url = f"/documents/{income.token}/"
        assert operator.request.get(url).headers["content-type"] == "application/pdf"
        # the citizen sees the kiosk's upload and which kiosk may open the locker now
        citizen.goto("/me/documents/")
        assert kiosk in citizen.locator("table.documents").inner_text()
        assert citizen.locator(f"form[action='/me/documents/kiosks/{grant.pk}/end/']").count() == 1
        citizen.get_by_role("button", name="हिन्दी").click()
        assert citizen.locator("h1").inner_text() == "मेरे दस्तावेज़"
        shot(citizen, "citizen-my-documents-hi")

        operator.get_by_role("button", name="Done with this citizen: close the locker").click()
        assert operator.request.get(url).status == 404
        assert citizen.request.get(url).status == 200
        kiosk_browser.close()
