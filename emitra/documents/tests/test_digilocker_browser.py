"""DigiLocker through the pages in Chromium with JavaScript OFF (F30, issue 11 req. 7): the citizen
signed in with SSO presses "Get documents from DigiLocker", signs in and allows e-Mitra on the
local DigiLocker's consent page, keeps an issued certificate (marked as verified by its issuer), is
told beside the marksheet that DigiLocker has no file for it; then a kiosk operator, with the
citizen's locker open, has the citizen allow e-Mitra at DigiLocker on the kiosk's screen and keeps
their Aadhaar. Screenshots go to EMITRA_SHOTS_DIR when it is set."""
import pytest

from emitra.documents.digilocker_server import DEMO_PIN
from emitra.documents.models import Document
from emitra.documents.tests.conftest import code_sent_to
from emitra.documents.tests.test_browser import shot
from emitra.payments.tests.test_browser import chromium, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs("chromium")]


def test_the_digilocker_consent_flow_without_javascript(portal, digilocker, kinds, monkeypatch):
    with chromium(portal, monkeypatch) as context:
        citizen = context.new_page()
        sign_in(citizen, "CITIZEN.DEMO")
        citizen.goto("/me/documents/")
        citizen.get_by_role("link", name="Get documents from DigiLocker").click()
        assert citizen.url.startswith(digilocker.url + "/oauth2/1/authorize?"), citizen.url
        assert "e-Mitra asks to see the documents issued to you" in citizen.locator("body").inner_text()
        shot(citizen, "digilocker-consent")
        citizen.fill("#username", "9414000007")
        citizen.fill("#pin", DEMO_PIN)
        citizen.get_by_role("button", name="Allow").click()
        assert citizen.url == portal + "/me/documents/digilocker/", citizen.url
        assert "Connected to DigiLocker: Kamla Devi." in citizen.locator(".messages").inner_text()
        shot(citizen, "digilocker-issued-documents")

        citizen.get_by_role("row", name="Income Certificate").get_by_role("button", name="Keep a copy").click()
        assert "verified by its issuer: Income Certificate" in citizen.locator(".messages").inner_text()
        assert "In the locker" in citizen.get_by_role("row", name="Income Certificate").inner_text()
        citizen.get_by_role("row", name="Class X Marksheet").get_by_role("button", name="Keep a copy").click()
        error = citizen.get_by_role("row", name="Class X Marksheet").locator("strong.error").inner_text()
        assert "DigiLocker has no file for this document" in error
        shot(citizen, "digilocker-missing-file")
        citizen.goto("/me/documents/")
        row = citizen.get_by_role("row", name="Income Certificate")
        assert "Verified by the issuer (DigiLocker)" in row.inner_text()
        shot(citizen, "digilocker-my-documents-verified")

        kiosk_context = context.browser.new_context(java_script_enabled=False, base_url=portal)
        operator = kiosk_context.new_page()
        sign_in(operator, "KIOSK.OPERATOR")
        operator.goto(f"/k/{kinds.kiosk.code}/documents/")
        operator.fill("#id_sso-sso_id", "CITIZEN.DEMO")
        operator.locator("form:has(#id_sso-sso_id) button").click()
        operator.fill("#id_code", code_sent_to(kinds.citizen.mobile))
        operator.locator("main form button").first.click()
        operator.get_by_role("link", name="Get documents from the citizen's DigiLocker").click()
        assert operator.url.startswith(digilocker.url + "/oauth2/1/authorize?"), operator.url
        operator.fill("#username", "kamla.devi")  # the citizen types on the kiosk's screen
        operator.fill("#pin", DEMO_PIN)
        operator.get_by_role("button", name="Allow").click()
        assert "Copying into the locker of CITIZEN.DEMO" in operator.locator("main").inner_text()
        operator.get_by_role("row", name="Aadhaar Card").get_by_role("button", name="Keep a copy").click()
        shot(operator, "digilocker-kiosk-kept")
        aadhaar = Document.objects.get(kind__code="aadhaar")
        assert aadhaar.issuer_verified and aadhaar.kiosk == kinds.kiosk
        assert Document.objects.filter(issuer_verified=True).count() == 2
        kiosk_context.close()
