"""Lockers (F30): one per SSO person; a consumer locker by a verified mobile; a kiosk opens a
citizen's locker with the citizen's code; a consumer locker joins the person's when the person
proves the same mobile."""
from datetime import timedelta

import pytest
from django.db.models import F

from emitra.accounts.models import Person
from emitra.documents import access, services
from emitra.documents.models import Document, Locker, LockerGrant, MobileCode
from emitra.documents.tests.conftest import code_sent_to, make_image, make_pdf, upload
from emitra.notifications.models import Message

pytestmark = pytest.mark.django_db

MOBILE = "9829012345"


def later():
    """As if the last code was sent long enough ago to send another."""
    MobileCode.objects.update(created=F("created") - timedelta(seconds=61))


def consumer_locker_at_kiosk(cast, mobile=MOBILE):
    services.start_mobile_verification(mobile, by=cast.operator, kiosk=cast.kiosk)
    grant = services.open_locker_at_kiosk(cast.kiosk, code=code_sent_to(mobile), by=cast.operator, mobile=mobile)
    later()
    return grant


def test_a_person_has_one_locker(kinds):
    assert services.locker_for_person(kinds.citizen).pk == services.locker_for_person(kinds.citizen).pk
    assert Locker.objects.count() == 1


def test_the_kiosk_opens_an_sso_citizens_locker_with_the_code_sent_to_the_mobile_of_the_sso_id(kinds):
    masked = services.start_kiosk_consent(kinds.citizen.sso_id.lower(), by=kinds.operator, kiosk=kinds.kiosk)
    assert masked == "******" + kinds.citizen.mobile[-4:]
    sms = Message.objects.get(to=kinds.citizen.mobile)
    assert kinds.kiosk.code in sms.body
    grant = services.open_locker_at_kiosk(kinds.kiosk, code=code_sent_to(kinds.citizen.mobile), by=kinds.operator,
                                          sso_id=kinds.citizen.sso_id)
    assert grant.locker.person == kinds.citizen and grant.kiosk == kinds.kiosk and grant.how == "sso"
    assert grant.is_live()


def test_a_code_for_one_citizen_does_not_open_another_citizens_locker(kinds):
    other = Person.objects.create(issuer="bundled", subject="o-1", sso_id="OTHER.CITIZEN", mobile=kinds.citizen.mobile)
    services.start_kiosk_consent(kinds.citizen.sso_id, by=kinds.operator, kiosk=kinds.kiosk)
    with pytest.raises(services.DocumentError):
        services.open_locker_at_kiosk(kinds.kiosk, code=code_sent_to(kinds.citizen.mobile), by=kinds.operator,
                                      sso_id=other.sso_id)
    assert not LockerGrant.objects.exists()


def test_an_unknown_sso_id_or_one_without_a_mobile_is_told_clearly(kinds):
    with pytest.raises(services.DocumentError, match="No citizen with SSO ID NOBODY.HERE") as refused:
        services.start_kiosk_consent("nobody.here", by=kinds.operator, kiosk=kinds.kiosk)
    assert refused.value.field == "sso_id"
    Person.objects.filter(pk=kinds.citizen.pk).update(mobile="")
    with pytest.raises(services.DocumentError, match="no mobile number"):
        services.start_kiosk_consent(kinds.citizen.sso_id, by=kinds.operator, kiosk=kinds.kiosk)
    assert not Message.objects.exists()


def test_a_kiosk_keeps_documents_for_a_citizen_without_sso_id_by_mobile(kinds, storage_dir):
    grant = consumer_locker_at_kiosk(kinds)
    assert grant.locker.person is None and grant.locker.mobile == MOBILE and grant.how == "mobile"
    document = services.store_upload(grant.locker, upload("ration.pdf", make_pdf("ration")), kind="ration_card",
                                     by=kinds.operator, kiosk=kinds.kiosk)
    assert document.kiosk == kinds.kiosk and document.uploaded_by == kinds.operator
    assert access.may_view(kinds.operator, document) and not access.may_view(kinds.other_holder, document)
    # another visit, another kiosk: the same mobile's code opens the same locker
    services.start_mobile_verification(MOBILE, by=kinds.other_holder, kiosk=kinds.other_kiosk)
    again = services.open_locker_at_kiosk(kinds.other_kiosk, code=code_sent_to(MOBILE), by=kinds.other_holder,
                                          mobile=MOBILE)
    assert again.locker == grant.locker
    assert list(services.documents_in(again.locker)) == [document]


def test_a_consumer_locker_joins_the_persons_when_the_signed_in_person_proves_the_mobile(kinds, storage_dir):
    grant = consumer_locker_at_kiosk(kinds)
    consumer = grant.locker
    ration = services.store_upload(consumer, upload("ration.pdf", make_pdf("ration")), kind="ration_card",
                                   by=kinds.operator, kiosk=kinds.kiosk)
    photo_bytes = make_image("JPEG", seed=2)
    photo_at_kiosk = services.store_upload(consumer, upload("p.jpg", photo_bytes), kind="photo", by=kinds.operator,
                                           kiosk=kinds.kiosk)
    mine = services.locker_for_person(kinds.citizen)
    my_photo = services.store_upload(mine, upload("me.jpg", photo_bytes), kind="photo", by=kinds.citizen)

    services.start_mobile_verification(MOBILE, by=kinds.citizen)
    assert Message.objects.filter(to=MOBILE).latest("created", "pk").template == "locker_code"
    moved = services.join_mobile(mine, MOBILE, code_sent_to(MOBILE), by=kinds.citizen)

    assert moved == 1
    consumer.refresh_from_db()
    assert consumer.merged_into == mine and mine.mobile == MOBILE
    assert set(services.documents_in(mine)) == {ration, my_photo}  # the photo is there once
    assert set(services.documents_in(consumer)) == {ration, my_photo}  # the old locker reads as the new
    assert Document.objects.get(pk=ration.pk).locker == mine
    assert access.may_view(kinds.citizen, photo_at_kiosk)  # the copy left behind is still the citizen's
    assert not LockerGrant.objects.live().filter(locker=consumer).exists()  # the kiosk's visit ended
    # a kiosk that proves the mobile now opens the person's locker
    later()
    services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)
    assert services.verify_mobile(MOBILE, code_sent_to(MOBILE)) == mine


def test_no_locker_joins_on_sign_in_alone(kinds, storage_dir):
    """The SSO's mobile is not proved by anyone: the person must prove it with a code."""
    Person.objects.filter(pk=kinds.citizen.pk).update(mobile=MOBILE)
    kinds.citizen.refresh_from_db()
    consumer = consumer_locker_at_kiosk(kinds).locker
    services.store_upload(consumer, upload("r.pdf", make_pdf("r")), kind="ration_card", by=kinds.operator)
    mine = services.locker_for_person(kinds.citizen)
    assert services.consumer_locker_waiting(kinds.citizen) == consumer  # offered on "My documents"
    assert not services.documents_in(mine).exists()


def test_a_wrong_code_joins_nothing(kinds, storage_dir):
    consumer = consumer_locker_at_kiosk(kinds).locker
    mine = services.locker_for_person(kinds.citizen)
    services.start_mobile_verification(MOBILE, by=kinds.citizen)
    with pytest.raises(services.DocumentError):
        services.join_mobile(mine, MOBILE, "000000" if code_sent_to(MOBILE) != "000000" else "111111",
                             by=kinds.citizen)
    consumer.refresh_from_db()
    mine.refresh_from_db()
    assert consumer.merged_into is None and mine.mobile == ""


def test_a_mobile_proved_by_another_person_moves_without_their_documents(kinds, storage_dir):
    theirs = services.locker_for_person(kinds.holder)
    services.start_mobile_verification(MOBILE, by=kinds.holder)
    services.join_mobile(theirs, MOBILE, code_sent_to(MOBILE), by=kinds.holder)
    their_doc = services.store_upload(theirs, upload("h.pdf", make_pdf("h")), kind="aadhaar", by=kinds.holder)
    later()
    mine = services.locker_for_person(kinds.citizen)
    services.start_mobile_verification(MOBILE, by=kinds.citizen)
    assert services.join_mobile(mine, MOBILE, code_sent_to(MOBILE), by=kinds.citizen) == 0
    theirs.refresh_from_db()
    assert theirs.mobile == "" and mine.mobile == MOBILE
    assert list(services.documents_in(theirs)) == [their_doc] and not services.documents_in(mine).exists()
    assert not access.may_view(kinds.citizen, their_doc)
