"""The whole path through the pages with the test client (issue 11 req. 2-5; F25)."""
from emitra.applications.models import Application
from emitra.applications.tests.conftest import (
    assert_ledger_sound,
    decide,
    file_and_pay,
    office_id,
    person,
    wallet_balance,
)
from emitra.payments.models import Receipt


def test_a_wrong_office_send_back_and_resubmit_keeps_the_number_and_charges_the_fee_once(apps_demo, client_as):
    kiosk = apps_demo.kiosk
    operator = client_as(apps_demo.operator)
    before = wallet_balance(kiosk)
    application = file_and_pay(operator, kiosk, office="REVENUE-JPR")
    assert application.state == "submitted" and application.office.code == "REVENUE-JPR"
    receipt = Receipt.objects.get()
    assert wallet_balance(kiosk) == before - receipt.total == before - 50_00

    collector = client_as(person("COLLECTOR.JAIPUR"))
    r = decide(collector, application.number, "wrong_office", "A tehsil office issues income certificates")
    assert r.status_code == 302
    application.refresh_from_db()
    assert application.state == "wrong_office"
    assert application.number in operator.get(f"/k/{kiosk.code}/applications/?show=sent_back").content.decode()

    # the same wrong office again is refused, beside the field, and nothing changes
    r = operator.post(f"/k/{kiosk.code}/applications/{application.number}/office/",
                      {"office": office_id("REVENUE-JPR")})
    assert r.status_code == 400 and "not theirs" in r.content.decode()
    operator.post(f"/k/{kiosk.code}/applications/{application.number}/office/",
                  {"office": office_id("REVENUE-JPR-CHAKSU")})
    operator.post(f"/k/{kiosk.code}/applications/{application.number}/resubmit/")
    application.refresh_from_db()
    assert application.state == "submitted" and application.office.code == "REVENUE-JPR-CHAKSU"

    tehsil = client_as(person("TEHSIL.CHAKSU"))
    assert decide(tehsil, application.number, "approve", "Income verified by the Patwari").status_code == 302
    application.refresh_from_db()
    assert application.state == "approved"
    pdf = operator.get(f"/k/{kiosk.code}/applications/{application.number}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert Receipt.objects.count() == 1 and wallet_balance(kiosk) == before - 50_00
    actions = list(application.events.values_list("action", flat=True))
    assert actions == ["create", "office", "attach", "attach", "submit", "wrong_office", "office", "resubmit", "approve"]
    assert Application.objects.filter(number=application.number).count() == 1
    assert_ledger_sound()
