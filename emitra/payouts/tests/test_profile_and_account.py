"""The holder's PAN on the kiosk's profile and the kiosk's bank account for payouts, which
an officer of the kiosk's LSP verifies on every change (F9, issue 10 req. 6-7)."""
import re

import pytest
from bs4 import BeautifulSoup

from emitra.core.models import AuditEvent
from emitra.payouts import services
from emitra.payouts.models import BankAccount, PayoutProfile
from emitra.payouts.tests.conftest import verify_account

pytestmark = pytest.mark.django_db


def error_beside(page, field):
    return BeautifulSoup(page, "html.parser").find(id=f"id_{field}-error").get_text()


def test_the_holder_saves_a_pan_and_it_is_shown_on_the_profile(cast, client_as):
    holder = client_as(cast.holder)
    r = holder.post(f"/k/{cast.kiosk.code}/payouts/pan/", {"pan": " abcpk1234f "})
    assert r.status_code == 302
    assert PayoutProfile.objects.get(kiosk=cast.kiosk).pan == "ABCPK1234F"
    page = holder.get(f"/k/{cast.kiosk.code}/payouts/").content.decode()
    assert BeautifulSoup(page, "html.parser").find(id="pan").get_text() == "ABCPK1234F"


@pytest.mark.parametrize("pan", ["ABCPK1234", "ABCPK12345", "1BCPK1234F", "ABCXK1234F", "ABCPK1234F1", "ABC PK12 34F!"])
def test_a_malformed_pan_is_refused_beside_the_field_and_nothing_is_saved(cast, client_as, pan):
    services.set_pan(cast.kiosk, by=cast.holder, pan="AAAPA1111A")
    r = client_as(cast.holder).post(f"/k/{cast.kiosk.code}/payouts/pan/", {"pan": pan})
    assert r.status_code == 400
    assert "A PAN has 10 characters" in error_beside(r.content.decode(), "pan")
    assert PayoutProfile.objects.get(kiosk=cast.kiosk).pan == "AAAPA1111A"


def test_only_the_holder_sets_the_pan(cast, client_as):
    assert client_as(cast.operator).post(f"/k/{cast.kiosk.code}/payouts/pan/", {"pan": "ABCPK1234F"}).status_code == 404
    assert client_as(cast.lsp_jaipur).post(f"/k/{cast.kiosk.code}/payouts/pan/", {"pan": "ABCPK1234F"}).status_code == 404
    assert not PayoutProfile.objects.filter(kiosk=cast.kiosk, pan="ABCPK1234F").exists()


def test_a_new_account_waits_for_the_kiosks_lsp_and_is_used_once_verified(cast, client_as):
    holder = client_as(cast.holder)
    r = holder.post(f"/k/{cast.kiosk.code}/payouts/bank-account/",
                    {"name": "Meena Sharma", "account_no": "3012 0000 1234", "ifsc": "sbin0031jpr"})
    assert r.status_code == 302
    account = BankAccount.objects.get(kiosk=cast.kiosk)
    assert (account.state, account.account_no, account.ifsc) == ("pending", "301200001234", "SBIN0031JPR")
    assert services.verified_account(cast.kiosk) is None

    # the other district's LSP does not see it
    assert client_as(cast.lsp_jodhpur).get(f"/lsp/payouts/accounts/{account.pk}/").status_code == 404
    officer = client_as(cast.lsp_jaipur)
    listing = officer.get("/lsp/payouts/accounts/").content.decode()
    assert account.masked_no in listing
    page = officer.get(f"/lsp/payouts/accounts/{account.pk}/").content.decode()
    assert "301200001234" in page and "SBIN0031JPR" in page
    # without the page's seal (a forged POST): nothing is verified, the page again
    r = officer.post(f"/lsp/payouts/accounts/{account.pk}/verify/", {"key": "k" * 32, "seen": "made-up"})
    assert r.status_code == 400 and "does not come from the page" in r.content.decode()
    account.refresh_from_db()
    assert account.state == "pending"
    seen = re.search(r'name="seen" value="([^"]+)"', page).group(1)
    r = officer.post(f"/lsp/payouts/accounts/{account.pk}/verify/", {"key": "k" * 32, "seen": seen})
    assert r.status_code == 302
    account.refresh_from_db()
    assert account.state == "verified" and account.decided_by == cast.lsp_jaipur
    assert services.verified_account(cast.kiosk) == account
    cast.kiosk.refresh_from_db()
    assert (cast.kiosk.bank_account_no, cast.kiosk.ifsc) == ("301200001234", "SBIN0031JPR")
    assert AuditEvent.objects.filter(action="payouts.bank_account.verified", target_id=str(account.pk)).exists()


def test_a_change_replaces_the_verified_account_only_when_verified(cast, verified):
    first = verified()
    change = services.request_bank_account(cast.kiosk, by=cast.holder, name="Meena Sharma",
                                           account_no="998877665544", ifsc="HDFC0001234")
    assert services.verified_account(cast.kiosk) == first  # still the old one
    with pytest.raises(services.PayoutError, match="waiting for the LSP"):
        services.request_bank_account(cast.kiosk, by=cast.holder, name="X", account_no="112233445566",
                                      ifsc="HDFC0001234")
    verify_account(change, cast.lsp_jaipur)
    first.refresh_from_db()
    assert first.state == "replaced" and services.verified_account(cast.kiosk).pk == change.pk
    with pytest.raises(services.PayoutError, match="already dealt with"):
        verify_account(change, cast.lsp_jaipur)


def test_the_lsp_rejects_with_a_reason_the_holder_reads(cast, client_as):
    account = services.request_bank_account(cast.kiosk, by=cast.holder, name="Meena", account_no="123456789012",
                                            ifsc="SBIN0031JPR")
    officer = client_as(cast.lsp_jaipur)
    r = officer.post(f"/lsp/payouts/accounts/{account.pk}/reject/", {"key": "r" * 32, "reason": "  "})
    assert r.status_code == 400
    account.refresh_from_db()
    assert account.state == "pending"
    officer.post(f"/lsp/payouts/accounts/{account.pk}/reject/", {"key": "r" * 32, "reason": "Name differs from PAN"})
    account.refresh_from_db()
    assert account.state == "rejected"
    page = client_as(cast.holder).get(f"/k/{cast.kiosk.code}/payouts/").content.decode()
    assert "Name differs from PAN" in BeautifulSoup(page, "html.parser").find(id="account").get_text()


@pytest.mark.parametrize("field,value,message", [
    ("ifsc", "SBIN1031JPR", "An IFSC has 11 characters"),
    ("ifsc", "SBI0031JPR", "An IFSC has 11 characters"),
    ("account_no", "12345", "9 to 18 digits"),
    ("account_no", "12345678901234567890", "9 to 18 digits"),
    ("name", "   ", "required"),
])
def test_a_malformed_account_is_refused_beside_the_field_and_nothing_is_saved(cast, client_as, field, value, message):
    data = {"name": "Meena Sharma", "account_no": "301200001234", "ifsc": "SBIN0031JPR", field: value}
    r = client_as(cast.holder).post(f"/k/{cast.kiosk.code}/payouts/bank-account/", data)
    assert r.status_code == 400
    assert message in error_beside(r.content.decode(), field)
    assert not BankAccount.objects.exists()


def test_the_holder_cannot_verify_and_others_cannot_name_an_account(cast, client_as):
    assert client_as(cast.operator).get(f"/k/{cast.kiosk.code}/payouts/bank-account/").status_code == 404
    assert client_as(cast.holder).get("/lsp/payouts/accounts/").status_code == 404
    r = client_as(cast.lsp_jaipur).post(f"/k/{cast.kiosk.code}/payouts/bank-account/",
                                        {"name": "X Y", "account_no": "301200001234", "ifsc": "SBIN0031JPR"})
    assert r.status_code == 404 and not BankAccount.objects.exists()


def test_a_hindi_page_says_in_hindi_that_no_pan_is_given_and_which_columns_the_bank_file_has(cast, client_as):
    """Issue 12 req. 6: a translated literal with a % in it ("20%") stayed English in templates;
    the bank file's column names are codes, set apart in <code>."""
    holder = client_as(cast.holder)
    holder.cookies["django_language"] = "hi"
    page = holder.get(f"/k/{cast.kiosk.code}/payouts/").content.decode()
    assert "नहीं दिया गया: टीडीएस 20% है" in page and "not given" not in page
    lsp = client_as(cast.lsp_jaipur)
    lsp.cookies["django_language"] = "hi"
    bank = lsp.get("/lsp/payouts/").content.decode()
    assert "<code>reference, status, amount, utr, reason</code> कॉलम वाली CSV फ़ाइल" in bank
