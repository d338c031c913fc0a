"""Destination offices for the applicant's place, the tehsil rule of an officer's scope, and the
service's delivery time (issue 11 req. 2, 3)."""
import datetime

from django.utils import timezone

from emitra.accounts.access import DeptScope
from emitra.applications import services
from emitra.applications.tests.conftest import file_and_pay, fill, number_from, person
from emitra.catalogue.models import Office


def test_the_offices_offered_are_the_departments_for_the_applicants_district_and_tehsil(apps_demo, client_as):
    from emitra.applications.models import Application

    operator, kiosk = client_as(apps_demo.operator), apps_demo.kiosk
    chaksu = Application.objects.get(number=number_from(fill(operator, kiosk)))
    assert {o.code for o in services.offices_for(chaksu)} == {"REVENUE-JPR", "REVENUE-JPR-CHAKSU"}
    ajmer = Application.objects.get(number=number_from(fill(operator, kiosk, address__tehsil="AJM-KISHANGARH")))
    assert (ajmer.district_code, ajmer.tehsil_code) == ("AJM", "AJM-KISHANGARH")
    assert {o.code for o in services.offices_for(ajmer)} == {"REVENUE-AJM", "REVENUE-AJM-KISHANGARH"}
    page = operator.get(f"/k/{kiosk.code}/applications/{ajmer.number}/office/").content.decode()
    assert "Kishangarh" in page and "Chaksu" not in page
    # an office not offered is refused, even when posted by hand
    r = operator.post(f"/k/{kiosk.code}/applications/{ajmer.number}/office/",
                      {"office": Office.objects.get(code="REVENUE-JPR-CHAKSU").pk})
    assert r.status_code == 400
    ajmer.refresh_from_db()
    assert ajmer.office is None


def test_a_tehsil_office_covers_its_tehsils_kiosks_and_those_of_its_district_with_no_tehsil(apps_demo):
    from emitra.network.models import Kiosk

    scope = DeptScope(Office.objects.get(code="REVENUE-JPR-CHAKSU").department,
                      Office.objects.get(code="REVENUE-JPR-CHAKSU"))
    covered = set(Kiosk.objects.filter(scope.kiosk_q(prefix="")).values_list("code", flat=True))
    assert apps_demo.kiosk.code in covered  # Chaksu
    assert apps_demo.other_kiosk.code not in covered  # Sanganer
    Kiosk.objects.filter(pk=apps_demo.other_kiosk.pk).update(tehsil=None)
    covered = set(Kiosk.objects.filter(scope.kiosk_q(prefix="")).values_list("code", flat=True))
    assert apps_demo.other_kiosk.code in covered and apps_demo.jodhpur_kiosk.code not in covered
    district = DeptScope(scope.department, Office.objects.get(code="REVENUE-JPR"))
    assert set(Kiosk.objects.filter(district.kiosk_q(prefix="")).values_list("code", flat=True)) >= {
        apps_demo.kiosk.code, apps_demo.other_kiosk.code}


def test_the_due_date_is_the_services_days_and_overdue_ones_are_listed(apps_demo, client_as):
    operator, kiosk = client_as(apps_demo.operator), apps_demo.kiosk
    late = file_and_pay(operator, kiosk)
    on_time = file_and_pay(operator, kiosk)
    today = timezone.localdate()
    assert late.due_date == today + datetime.timedelta(days=7)
    ack = operator.get(f"/k/{kiosk.code}/applications/{late.number}/acknowledgement/").content.decode()
    assert late.due_date.strftime("%d-%m-%Y") in ack
    type(late).objects.filter(pk=late.pk).update(due_date=today - datetime.timedelta(days=1))
    collector = client_as(person("COLLECTOR.JAIPUR"))
    page = collector.get("/dept/applications/").content.decode()
    assert 'id="overdue-count">1 overdue' in page
    row = page[page.index(late.number):].split("</tr>")[0]
    assert "OVERDUE" in row and "OVERDUE" not in page[page.index(on_time.number):].split("</tr>")[0]
    overdue = collector.get("/dept/applications/?overdue=1").content.decode()
    assert late.number in overdue and on_time.number not in overdue
