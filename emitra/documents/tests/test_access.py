"""Who sees a document (F30): its citizen, a kiosk with a live grant on the locker, and whoever a
registered rule vouches for; a document URL without permission gives 404, never 403."""
from datetime import timedelta

import pytest
from django.utils import timezone

from emitra.accounts.models import Membership, Person, Role
from emitra.documents import access, services
from emitra.documents.models import LockerGrant
from emitra.documents.tests.conftest import code_sent_to, make_image, make_pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def aadhaar(kinds, storage_dir):
    """The demo citizen's Aadhaar, uploaded by the citizen."""
    locker = services.locker_for_person(kinds.citizen)
    return services.store_upload(locker, upload("aadhaar.pdf", make_pdf("aadhaar")), kind="aadhaar",
                                 by=kinds.citizen)


def open_by_sso(cast, kiosk, operator):
    services.start_kiosk_consent(cast.citizen.sso_id, by=operator, kiosk=kiosk)
    return services.open_locker_at_kiosk(kiosk, code=code_sent_to(cast.citizen.mobile), by=operator,
                                         sso_id=cast.citizen.sso_id)


def test_the_citizen_gets_their_document_inline_never_cached_never_sniffed(aadhaar, kinds, client_as):
    r = client_as(kinds.citizen).get(access.document_url(aadhaar))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Cache-Control"] == "no-store"
    assert r["Content-Disposition"] == f'inline; filename="aadhaar-{aadhaar.pk}.pdf"'
    assert b"".join(r.streaming_content) == make_pdf("aadhaar")
    r = client_as(kinds.citizen).get(access.document_url(aadhaar) + "?download=1")
    assert r["Content-Disposition"].startswith("attachment;")


def test_an_image_is_served_with_its_type_in_a_sandbox(kinds, storage_dir, client_as):
    photo = services.store_upload(services.locker_for_person(kinds.citizen),
                                  upload("me.pdf", make_image("JPEG"), "application/pdf"), kind="photo",
                                  by=kinds.citizen)
    r = client_as(kinds.citizen).get(access.document_url(photo))
    assert r["Content-Type"] == "image/jpeg" and "sandbox" in r["Content-Security-Policy"]


def test_another_citizen_gets_404(aadhaar, kinds, client_as):
    assert client_as(kinds.holder).get(access.document_url(aadhaar)).status_code == 404
    assert not access.may_view(kinds.holder, aadhaar)


def test_someone_not_signed_in_gets_404(aadhaar, client):
    assert client.get(access.document_url(aadhaar)).status_code == 404


def test_a_guessed_or_altered_url_gets_404_even_for_the_citizen(aadhaar, kinds, client_as):
    citizen = client_as(kinds.citizen)
    url = access.document_url(aadhaar)
    token = aadhaar.token
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in [url.replace(token, altered), url.replace(token, token[:-4]), f"/documents/{aadhaar.pk}/",
                "/documents/" + "A" * 32 + "/", "/documents/..%2F..%2Fsecret_key/", "/documents/%00/",
                "/documents/" + "x" * 500 + "/"]:
        assert citizen.get(bad).status_code == 404, bad


def test_document_urls_are_random_not_derived_from_the_document(aadhaar, kinds, storage_dir):
    """The same bytes in another locker (the same blob) get another token: nothing in the URL comes
    from the document's number or content."""
    same_bytes = services.store_upload(services.locker_for_person(kinds.holder),
                                       upload("a.pdf", make_pdf("aadhaar")), kind="aadhaar", by=kinds.holder)
    assert same_bytes.blob_id == aadhaar.blob_id
    assert access.document_url(aadhaar) == f"/documents/{aadhaar.token}/"
    assert len(aadhaar.token) >= 32 and aadhaar.token != same_bytes.token
    assert aadhaar.blob.sha256[:8] not in aadhaar.token


def test_a_kiosk_with_a_live_grant_sees_the_document_and_another_kiosk_does_not(aadhaar, kinds, client_as):
    url = access.document_url(aadhaar)
    assert client_as(kinds.operator).get(url).status_code == 404  # before the citizen's code
    open_by_sso(kinds, kinds.kiosk, kinds.operator)
    assert client_as(kinds.operator).get(url).status_code == 200
    assert client_as(kinds.holder).get(url).status_code == 200  # the same kiosk's holder
    assert client_as(kinds.other_holder).get(url).status_code == 404  # another kiosk
    assert client_as(kinds.jodhpur_holder).get(url).status_code == 404
    assert client_as(kinds.lsp_jaipur).get(url).status_code == 404  # the kiosk's LSP oversees money, not documents
    assert client_as(kinds.doit).get(url).status_code == 404


def test_the_grant_ends_when_the_kiosk_is_done_and_when_it_expires(aadhaar, kinds, client_as):
    url = access.document_url(aadhaar)
    grant = open_by_sso(kinds, kinds.kiosk, kinds.operator)
    assert services.end_grant(grant, by=kinds.operator)
    assert client_as(kinds.operator).get(url).status_code == 404
    LockerGrant.objects.all().delete()
    from emitra.documents.models import MobileCode

    MobileCode.objects.all().delete()
    grant = open_by_sso(kinds, kinds.kiosk, kinds.operator)
    assert grant.expires_at - grant.created == timedelta(minutes=60)
    assert client_as(kinds.operator).get(url).status_code == 200
    LockerGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client_as(kinds.operator).get(url).status_code == 404


def test_a_kiosk_user_who_left_the_kiosk_loses_the_grant(aadhaar, kinds):
    open_by_sso(kinds, kinds.kiosk, kinds.operator)
    assert access.may_view(kinds.operator, aadhaar)
    Membership.objects.filter(person=kinds.operator, kiosk=kinds.kiosk).update(active=False)
    assert not access.may_view(kinds.operator, aadhaar)


def test_the_kiosk_accountant_does_not_see_citizens_documents(aadhaar, kinds):
    accountant = Person.objects.create(issuer="bundled", subject="acc-1", sso_id="KIOSK.ACCOUNTANT", name="A")
    Membership.objects.create(person=accountant, role=Role.KIOSK_ACCOUNTANT, kiosk=kinds.kiosk)
    open_by_sso(kinds, kinds.kiosk, kinds.operator)
    assert not access.may_view(accountant, aadhaar)


def test_a_registered_rule_lets_its_people_see_a_document_and_no_one_else(aadhaar, kinds, client_as):
    """What applications will register: e.g. the destination office of an application with this document."""
    allowed = {(kinds.dept.pk, aadhaar.pk)}

    def office_of_the_application(person, document):
        return (person.pk, document.pk) in allowed

    access.register_viewer(office_of_the_application)
    try:
        assert client_as(kinds.dept).get(access.document_url(aadhaar)).status_code == 200
        assert client_as(kinds.dept_jodhpur).get(access.document_url(aadhaar)).status_code == 404
    finally:
        access.unregister_viewer(office_of_the_application)
    assert client_as(kinds.dept).get(access.document_url(aadhaar)).status_code == 404


def test_each_view_of_a_document_is_in_the_audit_log(aadhaar, kinds, client_as):
    from emitra.core.models import AuditEvent

    client_as(kinds.citizen).get(access.document_url(aadhaar))
    event = AuditEvent.objects.get(action="documents.viewed")
    assert event.actor_sso_id == kinds.citizen.sso_id and event.target_id == str(aadhaar.pk)
