"""DoIT manages departments and services in the portal (issue 4 req. 1)."""
import pytest

from emitra.catalogue import services
from emitra.catalogue.models import Department, Service
from emitra.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def service_form(service, **changes):
    data = {
        "code": service.code, "name_en": service.name_en, "name_hi": service.name_hi,
        "department": service.department_id, "kind": service.kind, "amount_rule": service.amount_rule,
        "government_fee": f"{service.government_fee / 100:.2f}", "service_charge": f"{service.service_charge / 100:.2f}",
        "keywords": service.keywords, "cancellation_window_hours": service.cancellation_window_hours,
        "biller_code": service.biller_code,
        "parts-TOTAL_FORMS": "0", "parts-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def snapshot(service):
    return Service.objects.filter(pk=service.pk).values().get()


@pytest.mark.parametrize("path", ["/doit/services/", "/doit/services/new/", "/doit/services/REV-INCOME/",
                                  "/doit/departments/", "/doit/departments/REVENUE/"])
def test_non_doit_people_get_404_on_doit_pages(catalogue, cast, client_as, path):
    for person in (cast.citizen, cast.holder, cast.operator, cast.lsp_jaipur, cast.dept):
        assert client_as(person).get(path).status_code == 404
    assert client_as(cast.doit).get(path).status_code == 200


def test_non_doit_people_cannot_deactivate_a_service(catalogue, cast, client_as):
    r = client_as(cast.holder).post("/doit/services/REV-INCOME/active/", {"active": "0"})
    assert r.status_code == 404
    assert Service.objects.get(code="REV-INCOME").active


def test_doit_edits_a_service_and_the_audit_log_says_so(catalogue, cast, client_as):
    income = Service.objects.get(code="REV-INCOME")
    r = client_as(cast.doit).post("/doit/services/REV-INCOME/", service_form(
        income, service_charge="45.00", **{
            "parts-TOTAL_FORMS": "1", "parts-0-head": income.fee_parts.get().head_id, "parts-0-amount": "10"}))
    assert r.status_code == 302
    assert Service.objects.get(code="REV-INCOME").service_charge == 4500
    event = AuditEvent.objects.get(action="catalogue.service_updated")
    assert event.actor_sso_id == cast.doit.sso_id and "service_charge" in event.detail["changed"]


@pytest.mark.parametrize("field,value,message", [
    ("government_fee", "-10", "cannot be negative"),
    ("service_charge", "-0.50", "cannot be negative"),
    ("code", "REV-EWS", "already exists"),
    ("name_en", "", "required"),
    ("name_hi", "  ", "required"),
    ("government_fee", "ten", "Enter an amount"),
])
def test_a_service_edit_with_bad_input_shows_the_error_beside_the_field_and_changes_nothing(
        catalogue, cast, client_as, field, value, message):
    income = Service.objects.get(code="REV-INCOME")
    before = snapshot(income)
    r = client_as(cast.doit).post("/doit/services/REV-INCOME/", service_form(income, **{field: value}))
    assert r.status_code == 400
    html = r.content.decode()
    error_at = html.index(f'id="id_{field}-error"')
    assert message in html[error_at:error_at + 200]
    assert html.rfind(f'id="id_{field}"', 0, error_at) != -1
    assert snapshot(income) == before
    assert not AuditEvent.objects.filter(action="catalogue.service_updated").exists()


def test_fee_parts_that_do_not_add_up_are_refused_and_change_nothing(catalogue, cast, client_as):
    income = Service.objects.get(code="REV-INCOME")
    head = income.fee_parts.get().head_id
    r = client_as(cast.doit).post("/doit/services/REV-INCOME/", service_form(
        income, **{"parts-TOTAL_FORMS": "1", "parts-0-head": head, "parts-0-amount": "7"}))
    assert r.status_code == 400
    assert "add up to the government fee" in r.content.decode()
    assert income.fee_parts.get().amount == 1000


def test_doit_creates_a_service(catalogue, cast, client_as):
    lsg = Department.objects.get(code="LSG")
    head = lsg.revenue_heads.first()
    r = client_as(cast.doit).post("/doit/services/new/", {
        "code": "lsg-signboard", "name_en": "Signboard Permission", "name_hi": "साइनबोर्ड अनुमति",
        "department": lsg.pk, "kind": "application", "amount_rule": "fixed", "government_fee": "250",
        "service_charge": "50", "keywords": "hoarding board", "cancellation_window_hours": "2",
        "biller_code": "", "parts-TOTAL_FORMS": "2", "parts-INITIAL_FORMS": "0",
        "parts-0-head": head.pk, "parts-0-amount": "250", "parts-1-head": "", "parts-1-amount": "",
    })
    assert r.status_code == 302 and r["Location"] == "/doit/services/LSG-SIGNBOARD/"
    service = Service.objects.get(code="LSG-SIGNBOARD")
    assert (service.government_fee, service.service_charge, service.fixed_total) == (25000, 5000, 30000)
    assert [code for code in (s.code for s in services.search_services("signboard"))] == ["LSG-SIGNBOARD"]


def test_doit_deactivates_and_activates_a_service(catalogue, cast, client_as):
    doit = client_as(cast.doit)
    doit.post("/doit/services/REV-INCOME/active/", {"active": "0"})
    assert not Service.objects.get(code="REV-INCOME").active
    assert "REV-INCOME" in doit.get("/doit/services/", {"q": "income"}).content.decode()
    doit.post("/doit/services/REV-INCOME/active/", {"active": "1"})
    assert Service.objects.get(code="REV-INCOME").active
    assert AuditEvent.objects.filter(action="catalogue.service_deactivated").count() == 1


def test_doit_adds_and_renames_a_department(catalogue, cast, client_as):
    doit = client_as(cast.doit)
    r = doit.post("/doit/departments/", {"code": "tourism", "name_en": "Tourism Department",
                                         "name_hi": "पर्यटन विभाग", "active": "on"})
    assert r.status_code == 302
    r = doit.post("/doit/departments/", {"code": "TOURISM", "name_en": "Again", "name_hi": "फिर"})
    assert r.status_code == 400 and "already exists" in r.content.decode()
    r = doit.post("/doit/departments/PHED/", {"code": "PHED", "name_en": "Water Works Department",
                                              "name_hi": "जलदाय विभाग", "active": "on"})
    assert r.status_code == 302
    assert "PHED-BILL" in [s.code for s in services.search_services("water works")]


def test_the_service_list_pages(catalogue, cast, client_as):
    html = client_as(cast.doit).get("/doit/services/").content.decode()
    assert "Page 1 of 2" in html
