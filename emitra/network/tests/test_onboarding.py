"""F6: a citizen applies to open a kiosk; the LSP verifies or returns it; the
applicant corrects; DoIT approves; the applicant becomes the holder."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from emitra.accounts.models import Membership, Role
from emitra.core.models import AuditEvent
from emitra.network.models import District, Kiosk, KioskApplication

pytestmark = pytest.mark.django_db


def pdf(name="proof.pdf"):
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def form_data(**over):
    data = {
        "shop_name": "Kamla e-Mitra", "address": "Ward 3, Bassi", "district": District.objects.get(code="JPR").pk,
        "area": "rural", "bank_account_name": "Kamla Devi", "bank_account_no": "123456789012",
        "ifsc": "sbin0001234", "id_proof": pdf(), "address_proof": pdf("addr.pdf"),
    }
    data.update(over)
    return data


def test_the_whole_onboarding_from_application_to_kiosk_holder(cast, client_as):
    citizen = client_as(cast.citizen)
    r = citizen.post("/apply/", form_data())
    application = KioskApplication.objects.get(applicant=cast.citizen)
    assert r.status_code == 302 and r["Location"] == f"/applications/{application.pk}/"
    assert application.status == "submitted" and application.ifsc == "SBIN0001234"

    # the LSP of Jodhpur does not see it; the LSP of Jaipur returns it with remarks
    assert client_as(cast.lsp_jodhpur).get(f"/applications/{application.pk}/").status_code == 404
    lsp = client_as(cast.lsp_jaipur)
    assert "Kamla e-Mitra" in lsp.get("/lsp/applications/").content.decode()
    lsp.post(f"/applications/{application.pk}/return/", {"remarks": "Address proof is unreadable"})
    application.refresh_from_db()
    assert application.status == "returned"

    # the applicant sees the remarks, corrects and sends it again
    page = citizen.get(f"/applications/{application.pk}/").content.decode()
    assert "Address proof is unreadable" in page
    citizen.post(f"/applications/{application.pk}/", form_data(address="Ward 3, near school, Bassi",
                                                               address_proof=pdf("better.pdf")))
    application.refresh_from_db()
    assert application.status == "submitted" and "near school" in application.address

    lsp.post(f"/applications/{application.pk}/verify/")
    client_as(cast.doit).post(f"/applications/{application.pk}/approve/")
    application.refresh_from_db()
    assert application.status == "approved"
    kiosk = application.kiosk
    assert kiosk.code == f"KJPR{kiosk.pk:05d}" and kiosk.holder == cast.citizen and kiosk.lsp.code == "LSP-JPR"
    assert Membership.objects.get(person=cast.citizen, kiosk=kiosk).role == Role.KIOSK_HOLDER

    steps = [s.action for s in application.steps.all()]
    assert steps == ["submitted", "returned", "resubmitted", "verified", "approved"]
    page = client_as(cast.citizen).get(f"/applications/{application.pk}/").content.decode()
    assert kiosk.code in page and "Approved by DoIT" in page
    assert AuditEvent.objects.filter(action="kiosk.opened", kiosk_code=kiosk.code).exists()


def test_bad_application_input_is_shown_beside_the_field_and_nothing_is_saved(cast, client_as):
    r = client_as(cast.citizen).post("/apply/", form_data(ifsc="12", bank_account_no="abc",
                                                          id_proof=SimpleUploadedFile("x.exe", b"MZ")))
    assert r.status_code == 200
    body = r.content.decode()
    assert "An IFSC has 11 characters" in body and "9 to 18 digits" in body and "Upload a PDF" in body
    assert not KioskApplication.objects.exists()


def test_only_the_right_people_decide(cast, client_as):
    client_as(cast.citizen).post("/apply/", form_data())
    application = KioskApplication.objects.get()
    # DoIT cannot approve before the LSP verified; the applicant cannot verify
    client_as(cast.doit).post(f"/applications/{application.pk}/approve/")
    client_as(cast.citizen).post(f"/applications/{application.pk}/verify/")
    application.refresh_from_db()
    assert application.status == "submitted"
    # returning needs remarks
    client_as(cast.lsp_jaipur).post(f"/applications/{application.pk}/return/", {"remarks": "  "})
    application.refresh_from_db()
    assert application.status == "submitted"
    assert not Kiosk.objects.filter(holder=cast.citizen).exists()


def test_doit_rejects_with_a_reason_the_applicant_sees(cast, client_as):
    client_as(cast.citizen).post("/apply/", form_data())
    application = KioskApplication.objects.get()
    client_as(cast.lsp_jaipur).post(f"/applications/{application.pk}/verify/")
    client_as(cast.doit).post(f"/applications/{application.pk}/reject/", {"remarks": "A kiosk already serves this ward"})
    application.refresh_from_db()
    assert application.status == "rejected"
    assert "A kiosk already serves this ward" in client_as(cast.citizen).get(
        f"/applications/{application.pk}/").content.decode()


def test_a_proof_is_checked_by_its_content_not_its_name(cast, client_as):
    import io

    from PIL import Image

    page = SimpleUploadedFile("id.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    r = client_as(cast.citizen).post("/apply/", form_data(id_proof=page))
    assert r.status_code == 200 and "not a PDF, JPEG or PNG" in r.content.decode()
    assert not KioskApplication.objects.exists()
    png = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 20, 30)).save(png, "PNG")
    client_as(cast.citizen).post("/apply/", form_data(id_proof=SimpleUploadedFile("id.pdf", png.getvalue())))
    application = KioskApplication.objects.get()
    assert application.id_proof.name.endswith(".png")  # kept as what it is, so it is served as an image


def test_a_kiosk_holder_cannot_apply_for_another_kiosk_and_is_told_why(cast, client_as):
    """Issue 9 item 20: refused at the application, not only at DoIT's approval."""
    from bs4 import BeautifulSoup

    holder = client_as(cast.holder)
    page = BeautifulSoup(holder.get("/apply/").content, "html.parser")
    refusal = page.find(id="apply-refused").get_text()
    assert f"You already hold kiosk {cast.kiosk.code}" in refusal
    assert not page.find("form", action="/apply/")
    r = holder.post("/apply/", form_data())
    assert r.status_code == 409 and "You already hold kiosk" in r.content.decode()
    assert not KioskApplication.objects.filter(applicant=cast.holder).exists()


def test_an_operator_of_a_kiosk_is_told_to_de_register_before_applying(cast, client_as):
    from emitra.network import services

    services.add_kiosk_user(cast.kiosk, cast.holder, sso_id="CITIZEN.DEMO", role="kiosk_operator")
    body = client_as(cast.citizen).post("/apply/", form_data()).content.decode()
    assert f"registered at kiosk {cast.kiosk.code}" in body and "de-register" in body
    assert not KioskApplication.objects.filter(applicant=cast.citizen).exists()


def test_a_second_application_waits_for_the_first_to_be_decided(cast, client_as):
    citizen = client_as(cast.citizen)
    assert citizen.post("/apply/", form_data()).status_code == 302
    r = citizen.post("/apply/", form_data(shop_name="Second shop"))
    assert r.status_code == 409 and "still in progress" in r.content.decode()
    assert KioskApplication.objects.filter(applicant=cast.citizen).count() == 1


def test_the_lsp_cannot_verify_an_applicant_who_has_joined_a_kiosk_since_and_is_told_why(cast, client_as):
    from emitra.network import services

    citizen = client_as(cast.citizen)
    citizen.post("/apply/", form_data())
    application = KioskApplication.objects.get(applicant=cast.citizen)
    services.add_kiosk_user(cast.kiosk, cast.holder, sso_id="CITIZEN.DEMO", role="kiosk_operator")
    lsp = client_as(cast.lsp_jaipur)
    r = lsp.post(f"/applications/{application.pk}/verify/", follow=True)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert f"registered at kiosk {cast.kiosk.code}" in r.content.decode()


def test_the_refusal_is_in_hindi(cast, client_as):
    from bs4 import BeautifulSoup

    holder = client_as(cast.holder)
    holder.cookies["django_language"] = "hi"
    text = BeautifulSoup(holder.get("/apply/").content, "html.parser").find(id="apply-refused").get_text()
    assert cast.kiosk.code in text and "already" not in text
