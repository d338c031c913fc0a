"""Bad input of the applications' pages (issue 11 "Bad input"): a clear message beside the field,
nothing half-saved."""
from emitra.applications.models import Application, ApplicationEvent
from emitra.applications.tests.conftest import decide, file_and_pay, fill, person
from emitra.payments.models import CartLine, Receipt


def test_a_missing_required_field_is_named_beside_it_and_nothing_is_saved(apps_demo, client_as):
    operator = client_as(apps_demo.operator)
    r = fill(operator, apps_demo.kiosk, father_name="", annual_income="")
    page = r.content.decode()
    assert r.status_code == 400
    assert 'id="id_father_name-error"' in page and 'id="id_annual_income-error"' in page
    assert not Application.objects.exists()


def test_a_value_out_of_range_or_in_the_wrong_form_is_refused(apps_demo, client_as):
    operator = client_as(apps_demo.operator)
    r = fill(operator, apps_demo.kiosk, annual_income="-5", family_members="31", jan_aadhaar="12AB",
             date_of_birth="31-02-1990", address__pin="3039")
    page = r.content.decode()
    assert r.status_code == 400
    for field in ("annual_income", "family_members", "jan_aadhaar", "date_of_birth", "address__pin"):
        assert f'id="id_{field}-error"' in page, field
    assert "DD-MM-YYYY" in page
    r = fill(operator, apps_demo.kiosk, date_of_birth="01-01-2999")
    assert r.status_code == 400 and 'id="id_date_of_birth-error"' in r.content.decode()
    assert not Application.objects.exists()


def test_a_bad_applicant_mobile_is_refused_beside_it(apps_demo, client_as):
    r = fill(client_as(apps_demo.operator), apps_demo.kiosk, **{"a-mobile": "12345"})
    assert r.status_code == 400 and 'id="id_a-mobile-error"' in r.content.decode()
    assert not Application.objects.exists()


def test_a_move_the_workflow_does_not_allow_is_refused_with_its_reason(apps_demo, client_as):
    application = file_and_pay(client_as(apps_demo.operator), apps_demo.kiosk)
    collector = client_as(person("COLLECTOR.JAIPUR"))
    decide(collector, application.number, "reject", "Income proof does not match")
    events = ApplicationEvent.objects.count()
    r = decide(collector, application.number, "approve", "Approve after all")
    assert r.status_code == 400 and "is not possible for an application that is" in r.content.decode()
    application.refresh_from_db()
    assert application.state == "rejected" and ApplicationEvent.objects.count() == events
    # a remark is required for every move
    other = file_and_pay(client_as(apps_demo.operator), apps_demo.kiosk)
    r = decide(collector, other.number, "approve", "ok")
    assert r.status_code == 400 and 'id="id_remark-error"' in r.content.decode()
    other.refresh_from_db()
    assert other.state == "submitted" and not other.office_acted


def test_resubmitting_to_the_office_that_sent_it_back_as_wrong_is_refused(apps_demo, client_as):
    operator, kiosk = client_as(apps_demo.operator), apps_demo.kiosk
    application = file_and_pay(operator, kiosk, office="REVENUE-JPR")
    decide(client_as(person("COLLECTOR.JAIPUR")), application.number, "wrong_office", "Goes to the tehsil")
    r = operator.post(f"/k/{kiosk.code}/applications/{application.number}/resubmit/", follow=True)
    assert "sent this application back as not theirs" in r.content.decode()
    application.refresh_from_db()
    assert application.state == "wrong_office" and application.office.code == "REVENUE-JPR"


def test_a_draft_fee_goes_in_the_cart_once_and_an_application_service_is_not_sold_plain(apps_demo, client_as):
    from emitra.applications.tests.conftest import attach_required, number_from, office_id

    operator, kiosk = client_as(apps_demo.operator), apps_demo.kiosk
    number = number_from(fill(operator, kiosk))
    r = operator.post(f"/k/{kiosk.code}/applications/{number}/fee/", follow=True)
    assert "Choose the destination office first" in r.content.decode()
    operator.post(f"/k/{kiosk.code}/applications/{number}/office/", {"office": office_id("REVENUE-JPR-CHAKSU")})
    attach_required(operator, kiosk, number)
    operator.post(f"/k/{kiosk.code}/applications/{number}/fee/")
    r = operator.post(f"/k/{kiosk.code}/applications/{number}/fee/", follow=True)
    assert "in a cart already" in r.content.decode()
    assert CartLine.objects.filter(linked_ref=number).count() == 1
    r = operator.post(f"/k/{kiosk.code}/services/REV-INCOME/add/", {"consumer_no": "", "amount": ""})
    assert r.status_code == 400 and "fill its form first" in r.content.decode()
    assert CartLine.objects.count() == 1 and not Receipt.objects.exists()
