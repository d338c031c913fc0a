"""Applications fixtures: the demo catalogue with the demo forms and officers, a funded kiosk,
and helpers that go through the pages as an operator and an officer do."""
import re

import pytest

from emitra.documents.tests.conftest import storage_dir  # noqa: F401 - a fixture of the locker's
from emitra.payments.tests.conftest import assert_ledger_sound, fund, wallet_balance  # noqa: F401


@pytest.fixture
def apps_demo(cast):
    from emitra.applications.demo import load_demo_applications
    from emitra.catalogue.demo import load_demo_catalogue

    load_demo_catalogue()
    load_demo_applications()
    fund(cast.kiosk, 10_000_00)
    return cast


def person(sso_id):
    from emitra.accounts.models import Person

    return Person.objects.get(sso_id=sso_id)


INCOME = {
    "a-applicant_name": "Kamla Devi", "a-mobile": "9414000007", "a-email": "kamla@example.in", "a-language": "hi",
    "a-sso_id": "CITIZEN.DEMO",
    "father_name": "Ramesh Chand", "date_of_birth": "15-08-1985", "gender": "female", "jan_aadhaar": "1234567890",
    "purpose": "scholarship", "occupation": "labour", "annual_income": "96000", "family_members": "4",
    "address__line": "Ward 12, near the school, Chaksu", "address__tehsil": "JPR-CHAKSU", "address__pin": "303901",
}


def fill(client, kiosk, service="REV-INCOME", **changes):
    data = {**INCOME, **changes}
    return client.post(f"/k/{kiosk.code}/services/{service}/apply/", data)


def number_from(response):
    return re.search(r"/applications/(AP-\d{4}-\d{7})/", response["Location"]).group(1)


def office_id(code):
    from emitra.catalogue.models import Office

    return Office.objects.get(code=code).pk


def pay_cart(client, kiosk, **overrides):
    from emitra.payments.tests.conftest import pay, pay_form

    return pay(client, kiosk, pay_form(client, kiosk, **overrides))


def open_locker(kiosk, operator, citizen):
    """The kiosk's live grant on the citizen's locker, opened with the code the citizen reads out."""
    from emitra.documents import services as documents
    from emitra.documents.tests.conftest import code_sent_to

    grant = documents.live_grants(kiosk=kiosk).first()
    if grant is None:
        documents.start_kiosk_consent(citizen.sso_id, by=operator, kiosk=kiosk)
        grant = documents.open_locker_at_kiosk(kiosk, code=code_sent_to(citizen.mobile), by=operator,
                                               sso_id=citizen.sso_id)
    return grant


def attach_required(client, kiosk, number):
    """Upload a PDF into the citizen's locker for each required document slot, through the page."""
    from emitra.applications.models import Application
    from emitra.applications.formdefs import document_slots
    from emitra.documents.tests.conftest import make_pdf, upload

    application = Application.objects.get(number=number)
    grant = open_locker(kiosk, application.created_by, person("CITIZEN.DEMO"))
    for slot in document_slots(application.form.fields):
        if slot["required"]:
            client.post(f"/k/{kiosk.code}/applications/{number}/documents/", {
                "slot": slot["key"], "kind": slot["kinds"][0], "locker": grant.locker.live.pk,
                "file": upload(f"{slot['key']}.pdf", make_pdf(f"{slot['key']} of {number}"))})


def file_and_pay(client, kiosk, office="REVENUE-JPR", **changes):
    """Fill an income certificate, send it to `office`, attach its documents, pay its fee: the
    submitted application."""
    from emitra.applications.models import Application

    number = number_from(fill(client, kiosk, **changes))
    client.post(f"/k/{kiosk.code}/applications/{number}/office/", {"office": office_id(office)})
    attach_required(client, kiosk, number)
    client.post(f"/k/{kiosk.code}/applications/{number}/fee/")
    pay_cart(client, kiosk)
    return Application.objects.get(number=number)


def decide(client, number, action, remark="Checked the records of the office"):
    return client.post(f"/dept/applications/{number}/", {"action": action, "remark": remark})
