"""One-time codes (F30): sent by SMS through the outbox, expiring, used once, tries counted,
sends rate-limited; a consumer locker is keyed by the mobile its code proved."""
from datetime import timedelta

import pytest
from django.db.models import F

from emitra.documents import services
from emitra.documents.models import Locker, MobileCode
from emitra.documents.tests.conftest import code_sent_to, wrong
from emitra.notifications.models import Message

pytestmark = pytest.mark.django_db

MOBILE = "9829012345"


def test_a_code_goes_by_sms_through_the_outbox_naming_the_kiosk_in_the_chosen_language(kinds):
    services.start_mobile_verification("98290 12345", by=kinds.operator, kiosk=kinds.kiosk, language="hi")
    message = Message.objects.get(to=MOBILE)
    assert message.channel == "sms" and message.template == "locker_code_kiosk" and message.language == "hi"
    assert kinds.kiosk.code in message.body and "कोड" in message.body
    row = MobileCode.objects.get()
    code = code_sent_to(MOBILE)
    assert code not in row.code_hash and len(row.code_hash) == 64  # only a keyed hash is kept


def test_the_right_code_opens_the_consumer_locker_of_the_mobile_once(kinds):
    services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)
    code = code_sent_to(MOBILE)
    locker = services.verify_mobile(MOBILE, code)
    assert locker.person is None and locker.mobile == MOBILE and locker.mobile_verified_at is not None
    with pytest.raises(services.DocumentError, match="expired or was already used"):
        services.verify_mobile(MOBILE, code)
    MobileCode.objects.update(created=F("created") - timedelta(minutes=2))
    services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)
    assert services.verify_mobile(MOBILE, code_sent_to(MOBILE)).pk == locker.pk  # the same locker next time


def test_a_wrong_code_is_refused_with_the_tries_left_and_opens_nothing(kinds):
    services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)
    code = code_sent_to(MOBILE)
    with pytest.raises(services.DocumentError) as refused:
        services.verify_mobile(MOBILE, wrong(code))
    assert "not right" in str(refused.value) and "4 tries left" in str(refused.value)
    assert refused.value.field == "code"
    assert not Locker.objects.exists()
    assert MobileCode.objects.get().attempts == 1
    assert services.verify_mobile(MOBILE, code).mobile == MOBILE  # the right one still works


def test_an_expired_code_is_refused(kinds):
    services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)
    code = code_sent_to(MOBILE)
    MobileCode.objects.update(expires_at=F("created") - timedelta(seconds=1))
    with pytest.raises(services.DocumentError, match="expired"):
        services.verify_mobile(MOBILE, code)
    assert not Locker.objects.exists()


def test_a_code_expires_ten_minutes_after_it_is_sent(kinds):
    services.start_mobile_verification(MOBILE, by=kinds.operator)
    row = MobileCode.objects.get()
    assert row.expires_at - row.created == timedelta(minutes=10)


def test_after_five_wrong_codes_even_the_right_one_is_refused(kinds):
    services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)
    code = code_sent_to(MOBILE)
    for attempt in range(MobileCode.MAX_ATTEMPTS):
        with pytest.raises(services.DocumentError):
            services.verify_mobile(MOBILE, wrong(code))
    with pytest.raises(services.DocumentError, match="Too many wrong codes"):
        services.verify_mobile(MOBILE, code)
    assert not Locker.objects.exists()


def test_a_new_code_to_the_same_mobile_waits_a_minute_and_kills_the_older_one(kinds):
    services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)
    first = code_sent_to(MOBILE)
    with pytest.raises(services.DocumentError, match="Wait"):
        services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)
    assert Message.objects.filter(to=MOBILE).count() == 1
    MobileCode.objects.update(created=F("created") - timedelta(seconds=61))
    services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)
    second = code_sent_to(MOBILE)
    if first != second:
        with pytest.raises(services.DocumentError):
            services.verify_mobile(MOBILE, first)
    assert services.verify_mobile(MOBILE, second).mobile == MOBILE


def test_at_most_five_codes_an_hour_go_to_one_mobile(kinds):
    for _ in range(services.CODES_PER_MOBILE_PER_HOUR):
        services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)
        MobileCode.objects.update(created=F("created") - timedelta(seconds=61))
    with pytest.raises(services.DocumentError, match="Too many codes"):
        services.start_mobile_verification(MOBILE, by=kinds.holder, kiosk=kinds.kiosk)
    assert Message.objects.filter(to=MOBILE).count() == services.CODES_PER_MOBILE_PER_HOUR
    MobileCode.objects.update(created=F("created") - timedelta(hours=1))
    services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)


def test_one_person_asks_for_at_most_thirty_codes_an_hour(kinds):
    for n in range(services.CODES_PER_REQUESTER_PER_HOUR):
        services.start_mobile_verification(f"98290000{n:02d}", by=kinds.operator, kiosk=kinds.kiosk)
    with pytest.raises(services.DocumentError, match="too many codes"):
        services.start_mobile_verification("9829000099", by=kinds.operator, kiosk=kinds.kiosk)
    assert MobileCode.objects.count() == services.CODES_PER_REQUESTER_PER_HOUR == 30
    services.start_mobile_verification("9829000099", by=kinds.holder, kiosk=kinds.kiosk)  # another person may


def test_a_code_counts_only_for_the_person_who_asked_for_it(kinds):
    services.start_mobile_verification(MOBILE, by=kinds.operator, kiosk=kinds.kiosk)
    code = code_sent_to(MOBILE)
    with pytest.raises(services.DocumentError):
        services.verify_mobile(MOBILE, code, by=kinds.other_holder)
    assert services.verify_mobile(MOBILE, code, by=kinds.operator).mobile == MOBILE


@pytest.mark.parametrize("mobile", ["12345", "5829012345", "98290123456", "abcdefghij", ""])
def test_a_mobile_that_is_not_an_indian_mobile_number_gets_no_code(kinds, mobile):
    with pytest.raises(services.DocumentError) as refused:
        services.start_mobile_verification(mobile, by=kinds.operator)
    assert refused.value.field == "mobile"
    assert not MobileCode.objects.exists() and not Message.objects.exists()
