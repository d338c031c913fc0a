"""An application's documents from the citizen's locker (issue 11 req. 6 as applications use it; F30):
attached from the locker or uploaded into it once, seen by the filing kiosk and the destination office
and nobody else, required slots filled before the fee."""
import pytest

from emitra.applications.models import ApplicationDocument
from emitra.applications.tests.conftest import decide, fill, number_from, office_id, pay_cart, person
from emitra.documents.tests.conftest import code_sent_to, make_pdf, stored_files, upload


@pytest.fixture
def grant(apps_demo, storage_dir):
    """The operator opened the citizen's locker with the code the citizen read out."""
    from emitra.documents import services as documents

    documents.start_kiosk_consent(apps_demo.citizen.sso_id, by=apps_demo.operator, kiosk=apps_demo.kiosk)
    return documents.open_locker_at_kiosk(apps_demo.kiosk, code=code_sent_to(apps_demo.citizen.mobile),
                                          by=apps_demo.operator, sso_id=apps_demo.citizen.sso_id)


def draft(client, kiosk, office="REVENUE-JPR-CHAKSU"):
    number = number_from(fill(client, kiosk))
    client.post(f"/k/{kiosk.code}/applications/{number}/office/", {"office": office_id(office)})
    return number


def attach_new(client, kiosk, number, slot, kind, data, grant):
    return client.post(f"/k/{kiosk.code}/applications/{number}/documents/",
                       {"slot": slot, "kind": kind, "locker": grant.locker.live.pk,
                        "file": upload(f"{slot}.pdf", data)})


def file_with_documents(client, kiosk, grant, aadhaar):
    number = draft(client, kiosk)
    attach_new(client, kiosk, number, "id_proof", "aadhaar", aadhaar, grant)
    attach_new(client, kiosk, number, "affidavit", "affidavit", make_pdf("affidavit " + number), grant)
    client.post(f"/k/{kiosk.code}/applications/{number}/fee/")
    return number


def test_the_same_document_attached_to_two_applications_is_stored_once(apps_demo, grant, storage_dir, client_as):
    from emitra.documents.models import Blob, Document

    operator, kiosk = client_as(apps_demo.operator), apps_demo.kiosk
    aadhaar = make_pdf("Aadhaar of Kamla Devi")
    first = file_with_documents(operator, kiosk, grant, aadhaar)
    pay_cart(operator, kiosk)
    second = draft(operator, kiosk)
    attach_new(operator, kiosk, second, "id_proof", "aadhaar", aadhaar, grant)  # uploaded again: the same
    page = operator.get(f"/k/{kiosk.code}/applications/{second}/documents/").content.decode()
    assert page.count("Aadhaar of Kamla Devi") or "Attached" in page
    one = ApplicationDocument.objects.get(application__number=first, slot="id_proof").document
    two = ApplicationDocument.objects.get(application__number=second, slot="id_proof").document
    assert one == two
    assert Blob.objects.filter(sha256=one.blob.sha256).count() == 1
    assert Document.objects.filter(blob=one.blob).count() == 1
    assert len([p for p in stored_files(storage_dir) if one.blob.sha256 in p.name]) == 1


def test_required_documents_come_before_the_fee(apps_demo, grant, client_as):
    from emitra.payments.models import CartLine

    operator, kiosk = client_as(apps_demo.operator), apps_demo.kiosk
    number = draft(operator, kiosk)
    r = operator.post(f"/k/{kiosk.code}/applications/{number}/fee/", follow=True)
    assert "Attach the required documents first" in r.content.decode()
    assert not CartLine.objects.exists()


def test_a_document_goes_only_to_the_filing_kiosk_and_the_destination_office(apps_demo, grant, client_as):
    from emitra.documents.access import document_url
    from emitra.documents.services import end_grant

    operator, kiosk = client_as(apps_demo.operator), apps_demo.kiosk
    number = file_with_documents(operator, kiosk, grant, make_pdf("Aadhaar for the office"))
    pay_cart(operator, kiosk)
    end_grant(grant, by=apps_demo.operator)  # the visit is over: the application's own right remains
    url = document_url(ApplicationDocument.objects.get(application__number=number, slot="id_proof").document)
    assert operator.get(url).status_code == 200
    assert client_as(person("TEHSIL.CHAKSU")).get(url).status_code == 200
    assert url in client_as(person("TEHSIL.CHAKSU")).get(f"/dept/applications/{number}/").content.decode()
    for stranger in (person("TEHSIL.SANGANER"), person("REGISTRAR.SANGANER"), apps_demo.other_holder,
                     apps_demo.lsp_jaipur):
        assert client_as(stranger).get(url).status_code == 404, stranger.sso_id
    # after a wrong-office send-back and a re-submit, the new office sees it and the old one still
    # covers the district only through its district scope
    decide(client_as(person("TEHSIL.CHAKSU")), number, "wrong_office", "This goes to Sanganer")
    operator.post(f"/k/{kiosk.code}/applications/{number}/office/", {"office": office_id("REVENUE-JPR")})
    operator.post(f"/k/{kiosk.code}/applications/{number}/resubmit/")
    assert client_as(person("COLLECTOR.JAIPUR")).get(url).status_code == 200


def test_a_slot_refuses_a_document_of_another_kind_or_not_in_an_open_locker(apps_demo, grant, client_as):
    from emitra.documents import services as documents

    operator, kiosk = client_as(apps_demo.operator), apps_demo.kiosk
    number = draft(operator, kiosk)
    photo = documents.store_upload(grant.locker, upload("ration.pdf", make_pdf("ration card")), kind="ration_card",
                                   by=apps_demo.operator)
    r = operator.post(f"/k/{kiosk.code}/applications/{number}/documents/", {"slot": "id_proof", "document": photo.pk})
    assert r.status_code == 400 and 'id="slot-id_proof-error"' in r.content.decode()
    other = client_as(apps_demo.other_holder)
    r = other.post(f"/k/{apps_demo.other_kiosk.code}/applications/{number}/documents/",
                   {"slot": "id_proof", "document": photo.pk})
    assert r.status_code == 404
    r = operator.post(f"/k/{kiosk.code}/applications/{number}/documents/",
                      {"slot": "id_proof", "kind": "aadhaar", "locker": grant.locker.pk,
                       "file": upload("aadhaar.pdf", b"MZ\x90\x00 not a pdf at all")})
    assert r.status_code == 400 and 'id="slot-id_proof-error"' in r.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_a_document_from_digilocker_shows_as_issuer_verified_to_the_kiosk_and_the_office(apps_demo, grant,
                                                                                        client_as):
    from bs4 import BeautifulSoup

    from emitra.documents import services as documents
    from emitra.documents.models import Document

    operator, kiosk = client_as(apps_demo.operator), apps_demo.kiosk
    locker = grant.locker.live
    # as documents.services.pull_from_digilocker leaves a copy fetched from DigiLocker (tested end to end
    # against the local DigiLocker in emitra/documents/tests/test_digilocker.py)
    verified = documents.store_upload(locker, upload("aadhaar.pdf", make_pdf("Aadhaar from UIDAI")), kind="aadhaar",
                                      title="Aadhaar Card", by=apps_demo.operator, kiosk=kiosk)
    Document.objects.filter(pk=verified.pk).update(source="digilocker", issuer_verified=True,
                                                   digilocker_uri="in.gov.uidai-ADHAR-XXXXXXXX0007")
    number = draft(operator, kiosk)
    operator.post(f"/k/{kiosk.code}/applications/{number}/documents/", {"slot": "id_proof", "document": verified.pk})
    attach_new(operator, kiosk, number, "affidavit", "affidavit", make_pdf("affidavit " + number), grant)

    page = BeautifulSoup(operator.get(f"/k/{kiosk.code}/applications/{number}/documents/").content, "html.parser")
    assert "Verified by the issuer (DigiLocker)" in page.select_one("#slot-id_proof > p").get_text()
    assert "Verified by the issuer" not in page.select_one("#slot-affidavit > p").get_text()

    operator.post(f"/k/{kiosk.code}/applications/{number}/fee/")
    pay_cart(operator, kiosk)
    office = BeautifulSoup(client_as(person("TEHSIL.CHAKSU")).get(f"/dept/applications/{number}/").content,
                           "html.parser")
    rows = {a.find_parent("tr").th.get_text(): a.find_parent("td").get_text(" ", strip=True)
            for a in office.select("table.answers a.attachment")}
    assert [label for label, text in rows.items() if "Verified by the issuer (DigiLocker)" in text] == [
        next(label for label, text in rows.items() if "Aadhaar Card" in text)]
    assert len(rows) == 2
