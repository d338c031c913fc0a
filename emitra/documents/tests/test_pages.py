"""The locker's pages (F30), as a person uses them with plain forms: the citizen's "My documents",
a kiosk opening a citizen's locker by SSO ID or mobile and uploading for them, DoIT's kinds."""
import re

import pytest
from bs4 import BeautifulSoup

from emitra.documents import services
from emitra.documents.models import Blob, Document, DocumentKind, LockerGrant
from emitra.documents.tests.conftest import code_sent_to, make_image, make_pdf, stored_files, upload, wrong

pytestmark = pytest.mark.django_db

MOBILE = "9829012345"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def post_upload(client, url, data, name="scan.pdf", kind="income_proof", title=""):
    return client.post(url, {"kind": kind, "title": title, "file": upload(name, data)})


def test_my_documents_takes_an_upload_and_lists_it_with_its_link(kinds, storage_dir, client_as):
    citizen = client_as(kinds.citizen)
    page = citizen.get("/me/documents/")
    assert page.status_code == 200
    form = soup(page).find("form", enctype="multipart/form-data")
    assert form["method"] == "post" and form.find("input", type="file")["accept"]
    r = post_upload(citizen, "/me/documents/", make_pdf("income"), title="Income 2026")
    assert r.status_code == 302 and r["Location"] == "/me/documents/"
    document = Document.objects.get()
    page = citizen.get("/me/documents/")
    row = soup(page).find("table", class_="documents").find("tbody").find("tr")
    assert "Income 2026" in row.get_text() and "Proof of income" in row.get_text()
    assert row.find("a", href=f"/documents/{document.token}/")
    assert "Kept in the locker" in page.content.decode()


def test_the_same_file_sent_twice_through_the_page_is_stored_once_and_said_so(kinds, storage_dir, client_as):
    citizen = client_as(kinds.citizen)
    data = make_image("PNG", seed=4)
    post_upload(citizen, "/me/documents/", data, name="photo.png", kind="photo")
    r = post_upload(citizen, "/me/documents/", data, name="photo-again.png", kind="photo")
    assert r.status_code == 302
    assert "in the locker already" in citizen.get("/me/documents/").content.decode()
    assert Document.objects.count() == 1 and Blob.objects.count() == 1 and len(stored_files(storage_dir)) == 1


def test_a_file_that_is_not_what_its_name_says_is_refused_beside_the_field(kinds, storage_dir, client_as):
    r = post_upload(client_as(kinds.citizen), "/me/documents/", b"<html><script>alert(1)</script></html>",
                    name="aadhaar.pdf")
    assert r.status_code == 400
    error = soup(r).find(id="id_file-error")
    assert error and "not a PDF, JPEG or PNG" in error.get_text()
    assert not Document.objects.exists() and stored_files(storage_dir) == []


def test_an_oversized_file_is_refused_beside_the_field(kinds, storage_dir, client_as, settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    r = post_upload(client_as(kinds.citizen), "/me/documents/", make_pdf("x", pages=30))
    assert r.status_code == 400
    assert "largest allowed is 1000 B" in soup(r).find(id="id_file-error").get_text()
    assert "up to 1000 B" in soup(r).find("input", type="file").find_next("small").get_text()
    assert not Blob.objects.exists() and stored_files(storage_dir) == []


def test_an_upload_without_a_file_or_kind_is_refused_beside_the_fields(kinds, storage_dir, client_as):
    r = client_as(kinds.citizen).post("/me/documents/", {"kind": "nonsense", "title": "x" * 500})
    assert r.status_code == 400
    page = soup(r)
    assert page.find(id="id_file-error") and page.find(id="id_kind-error") and page.find(id="id_title-error")


def test_anyone_not_signed_in_is_sent_to_sign_in(client, kinds):
    r = client.get("/me/documents/")
    assert r.status_code == 302 and r["Location"].startswith("/auth/login/")


def test_the_kiosk_opens_a_citizens_locker_by_sso_id_and_uploads_for_them(kinds, storage_dir, client_as):
    operator = client_as(kinds.operator)
    base = f"/k/{kinds.kiosk.code}/documents/"
    assert operator.get(base).status_code == 200
    r = operator.post(base + "code/", {"by": "sso", "sso-sso_id": "citizen.demo", "sso-language": "en"})
    assert r.status_code == 200
    assert "******" + kinds.citizen.mobile[-4:] in r.content.decode()
    hidden = soup(r).find("input", attrs={"name": "sso_id"})
    assert hidden["value"] == "CITIZEN.DEMO"
    r = operator.post(base + "open/", {"code": code_sent_to(kinds.citizen.mobile), "sso_id": "CITIZEN.DEMO",
                                       "mobile": ""})
    grant = LockerGrant.objects.get()
    assert r.status_code == 302 and r["Location"] == f"{base}{grant.pk}/"
    page = operator.get(r["Location"])
    assert "CITIZEN.DEMO" in soup(page).find("main").get_text()
    r = post_upload(operator, f"{base}{grant.pk}/", make_pdf("caste"), kind="caste_proof")
    assert r.status_code == 302
    document = Document.objects.get()
    assert document.locker.person == kinds.citizen and document.kiosk == kinds.kiosk
    # the citizen sees it in their own locker, with the kiosk that added it
    mine = client_as(kinds.citizen).get("/me/documents/")
    assert kinds.kiosk.code in soup(mine).find("table", class_="documents").get_text()
    # the kiosk is done: the locker closes for it
    assert operator.post(f"{base}{grant.pk}/done/").status_code == 302
    r = operator.get(f"{base}{grant.pk}/")
    assert r.status_code == 302 and r["Location"] == base  # closed: open it again with a new code
    assert operator.post(f"{base}{grant.pk}/", {"kind": "caste_proof"}).status_code == 302
    assert operator.get(f"/documents/{document.token}/").status_code == 404


def test_a_wrong_code_at_the_kiosk_is_refused_beside_the_code_field(kinds, client_as):
    operator = client_as(kinds.operator)
    base = f"/k/{kinds.kiosk.code}/documents/"
    r = operator.post(base + "code/", {"by": "mobile", "m-mobile": "98290 12345", "m-language": "hi"})
    assert r.status_code == 200 and soup(r).find("input", attrs={"name": "mobile"})["value"] == MOBILE
    r = operator.post(base + "open/", {"code": wrong(code_sent_to(MOBILE)), "mobile": MOBILE, "sso_id": ""})
    assert r.status_code == 400
    assert "not right" in soup(r).find(id="id_code-error").get_text()
    assert not LockerGrant.objects.exists()
    r = operator.post(base + "open/", {"code": code_sent_to(MOBILE), "mobile": MOBILE, "sso_id": ""})
    assert r.status_code == 302 and LockerGrant.objects.get().locker.mobile == MOBILE


def test_bad_input_on_the_kiosk_open_page_is_told_beside_the_field(kinds, client_as):
    operator = client_as(kinds.operator)
    base = f"/k/{kinds.kiosk.code}/documents/"
    r = operator.post(base + "code/", {"by": "mobile", "m-mobile": "12345", "m-language": "hi"})
    assert r.status_code == 400 and soup(r).find(id="id_m-mobile-error")
    r = operator.post(base + "code/", {"by": "sso", "sso-sso_id": "NO.SUCH.PERSON", "sso-language": "hi"})
    assert r.status_code == 400 and "No citizen" in soup(r).find(id="id_sso-sso_id-error").get_text()
    r = operator.post(base + "open/", {"code": "12", "mobile": MOBILE})
    assert r.status_code == 400 and soup(r).find(id="id_code-error")


def test_only_the_kiosks_own_holder_and_operators_open_lockers_there(kinds, client_as):
    base = f"/k/{kinds.kiosk.code}/documents/"
    for person in (kinds.other_holder, kinds.citizen, kinds.lsp_jaipur, kinds.doit):
        assert client_as(person).get(base).status_code == 404
        assert client_as(person).post(base + "code/", {"by": "mobile", "m-mobile": MOBILE}).status_code == 404
    assert not code_sent_to_any()


def code_sent_to_any():
    from emitra.notifications.models import Message

    return Message.objects.exists()


def test_another_kiosk_cannot_reach_a_grant_by_its_number(kinds, client_as):
    services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)
    grant = services.open_locker_at_kiosk(kinds.kiosk, code=code_sent_to(MOBILE), by=kinds.operator, mobile=MOBILE)
    other = client_as(kinds.other_holder)
    assert other.get(f"/k/{kinds.other_kiosk.code}/documents/{grant.pk}/").status_code == 404
    assert other.get(f"/k/{kinds.kiosk.code}/documents/{grant.pk}/").status_code == 404
    assert client_as(kinds.operator).get(f"/k/{kinds.kiosk.code}/documents/{grant.pk}/").status_code == 200
    services.end_grant(grant, by=kinds.operator)
    assert other.get(f"/k/{kinds.other_kiosk.code}/documents/{grant.pk}/").status_code == 404


def test_the_citizen_sees_which_kiosk_can_open_the_locker_and_ends_it(kinds, client_as):
    services.start_kiosk_consent(kinds.citizen.sso_id, by=kinds.operator, kiosk=kinds.kiosk)
    grant = services.open_locker_at_kiosk(kinds.kiosk, code=code_sent_to(kinds.citizen.mobile), by=kinds.operator,
                                          sso_id=kinds.citizen.sso_id)
    citizen = client_as(kinds.citizen)
    page = soup(citizen.get("/me/documents/"))
    end = page.find("form", action=f"/me/documents/kiosks/{grant.pk}/end/")
    assert end and kinds.kiosk.code in end.get_text()
    assert client_as(kinds.holder).post(f"/me/documents/kiosks/{grant.pk}/end/").status_code == 404  # not theirs
    assert citizen.post(f"/me/documents/kiosks/{grant.pk}/end/").status_code == 302
    grant.refresh_from_db()
    assert grant.ended_by == kinds.citizen and not grant.is_live()


def test_the_citizen_brings_in_documents_a_kiosk_kept_for_their_mobile(kinds, storage_dir, client_as):
    from datetime import timedelta

    from django.db.models import F

    from emitra.accounts.models import Person
    from emitra.documents.models import MobileCode

    services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)
    grant = services.open_locker_at_kiosk(kinds.kiosk, code=code_sent_to(MOBILE), by=kinds.operator, mobile=MOBILE)
    services.store_upload(grant.locker, upload("r.pdf", make_pdf("ration")), kind="ration_card", by=kinds.operator,
                          kiosk=kinds.kiosk)
    MobileCode.objects.update(created=F("created") - timedelta(seconds=61))
    Person.objects.filter(pk=kinds.citizen.pk).update(mobile=MOBILE)
    citizen = client_as(kinds.citizen)
    page = citizen.get("/me/documents/")
    assert "******2345" in soup(page).find("main").get_text()  # the offer
    r = citizen.post("/me/documents/mobile/", {"mobile": MOBILE})
    assert r.status_code == 200
    r = citizen.post("/me/documents/mobile/code/", {"mobile": MOBILE, "code": wrong(code_sent_to(MOBILE))})
    assert r.status_code == 400 and soup(r).find(id="id_code-error")
    r = citizen.post("/me/documents/mobile/code/", {"mobile": MOBILE, "code": code_sent_to(MOBILE)})
    assert r.status_code == 302
    page = citizen.get("/me/documents/")
    assert "Ration card" in soup(page).find("table", class_="documents").get_text()


def test_doit_adds_a_kind_that_the_upload_form_offers_at_once(kinds, client_as):
    doit = client_as(kinds.doit)
    assert doit.get("/doit/documents/kinds/").status_code == 200
    r = doit.post("/doit/documents/kinds/", {"code": "disability_certificate", "name_en": "Disability certificate",
                                             "name_hi": "दिव्यांगता प्रमाण पत्र", "active": "on"})
    assert r.status_code == 302
    options = soup(client_as(kinds.citizen).get("/me/documents/")).find("select", attrs={"name": "kind"})
    assert options.find("option", value="disability_certificate").get_text() == "Disability certificate"
    r = doit.post("/doit/documents/kinds/disability_certificate/", {"name_en": "Disability certificate",
                                                                    "name_hi": "दिव्यांगता प्रमाण पत्र"})
    assert r.status_code == 302 and not DocumentKind.objects.get(code="disability_certificate").active
    options = soup(client_as(kinds.citizen).get("/me/documents/")).find("select", attrs={"name": "kind"})
    assert not options.find("option", value="disability_certificate")


def test_a_kind_code_is_checked_and_unique(kinds, client_as):
    doit = client_as(kinds.doit)
    r = doit.post("/doit/documents/kinds/", {"code": "aadhaar", "name_en": "A", "name_hi": "अ"})
    assert r.status_code == 400 and soup(r).find(id="id_code-error")
    r = doit.post("/doit/documents/kinds/", {"code": "no spaces!", "name_en": "A", "name_hi": "अ"})
    assert r.status_code == 400 and soup(r).find(id="id_code-error")
    assert doit.get("/doit/documents/kinds/no-such-kind/").status_code == 404


def test_kinds_are_doit_only(kinds, client_as):
    for person in (kinds.citizen, kinds.holder, kinds.lsp_jaipur, kinds.dept):
        assert client_as(person).get("/doit/documents/kinds/").status_code == 404


def test_the_kiosk_and_home_pages_link_to_the_locker(kinds, client_as):
    home = client_as(kinds.operator).get("/")
    assert soup(home).find("a", href="/me/documents/")
    kiosk = client_as(kinds.operator).get(f"/k/{kinds.kiosk.code}/")
    assert soup(kiosk).find("a", href=f"/k/{kinds.kiosk.code}/documents/")


def test_my_documents_in_hindi(kinds, storage_dir, client_as):
    citizen = client_as(kinds.citizen)
    citizen.cookies["django_language"] = "hi"
    services.store_upload(services.locker_for_person(kinds.citizen), upload("a.pdf", make_pdf("a")),
                          kind="aadhaar", by=kinds.citizen)
    page = soup(citizen.get("/me/documents/"))
    assert page.find("html")["lang"] == "hi"
    assert page.find("h1").get_text() == "मेरे दस्तावेज़"
    assert "आधार कार्ड" in page.find("table", class_="documents").get_text()
    assert re.search(r"\d\d-\d\d-\d{4}", page.find("table", class_="documents").get_text())
