"""DoIT registers department officers and ends their registrations (F29): the page under
/doit/officers/, linked from the DoIT desk."""
import pytest

from emitra.accounts.models import Membership, Role
from emitra.catalogue.demo import load_demo_department
from emitra.catalogue.models import Office
from emitra.core.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "/doit/officers/"


@pytest.fixture
def revenue(cast):
    return load_demo_department("REVENUE")


def officer_memberships(person):
    return list(Membership.objects.registered().filter(person=person, role=Role.DEPT_OFFICER))


def error_beside(page, field):
    """The text of the error shown beside a form field ({% form_field %})."""
    marker = f'id="id_{field}-error">'
    assert marker in page, f"no error beside {field}"
    return page.split(marker, 1)[1].split("</strong>", 1)[0]


def test_it_is_linked_from_the_doit_desk_and_lists_the_officers(cast, client_as):
    doit = client_as(cast.doit)
    assert f'href="{URL}"' in doit.get("/doit/").content.decode()
    page = doit.get(URL).content.decode()
    whole, jodhpur = page.split("DEPT.OFFICER", 1)[1], page.split("DEPT.JODHPUR", 1)[1]
    assert whole.split("</tr>", 1)[0].count("Whole department") == 1
    office = Office.objects.get(code="PHED-JDH")
    assert office.name_en in jodhpur.split("</tr>", 1)[0]
    assert "Vikram Choudhary" in page and "Laxman Bhati" in page


def test_doit_registers_an_officer_of_an_office_who_then_sees_its_collections(cast, revenue, client_as):
    office = Office.objects.get(code="REVENUE-JPR")
    citizen = client_as(cast.citizen)
    assert citizen.get("/dept/collections/").status_code == 404
    r = client_as(cast.doit).post(URL, {"sso_id": "citizen.demo", "department": revenue.pk, "office": office.pk})
    assert r.status_code == 302
    (membership,) = officer_memberships(cast.citizen)
    assert (membership.department, membership.office, membership.added_by) == (revenue, office, cast.doit)
    event = AuditEvent.objects.get(action="membership.dept_officer_added", target_id=str(membership.pk))
    assert event.actor_sso_id == "DOIT.ADMIN" and "REVENUE-JPR" in event.summary
    assert client_as(cast.citizen).get("/dept/collections/").status_code == 200


def test_an_officer_of_the_whole_department_has_no_office(cast, revenue, client_as):
    r = client_as(cast.doit).post(URL, {"sso_id": "CITIZEN.DEMO", "department": revenue.pk, "office": ""})
    assert r.status_code == 302
    (membership,) = officer_memberships(cast.citizen)
    assert membership.office is None
    row = client_as(cast.doit).get(URL).content.decode().split("CITIZEN.DEMO", 1)[1].split("</tr>", 1)[0]
    assert "Whole department" in row


def test_an_sso_id_that_never_signed_in_is_refused_beside_the_field(cast, revenue, client_as):
    r = client_as(cast.doit).post(URL, {"sso_id": "NOBODY.HERE", "department": revenue.pk, "office": ""})
    assert r.status_code == 400
    assert "No one with SSO ID NOBODY.HERE has signed in" in error_beside(r.content.decode(), "sso_id")
    assert not Membership.objects.filter(role=Role.DEPT_OFFICER, department=revenue).exists()
    assert not AuditEvent.objects.filter(action="membership.dept_officer_added", summary__contains="REVENUE").exists()


def test_an_office_of_another_department_is_refused_beside_the_office(cast, revenue, client_as):
    phed_office = Office.objects.get(code="PHED-JDH")
    r = client_as(cast.doit).post(URL, {"sso_id": "CITIZEN.DEMO", "department": revenue.pk,
                                        "office": phed_office.pk})
    assert r.status_code == 400
    assert "This office belongs to another department." in error_beside(r.content.decode(), "office")
    assert officer_memberships(cast.citizen) == []


@pytest.mark.parametrize("form, field", [
    ({"sso_id": "", "office": ""}, "sso_id"),
    ({"sso_id": "has space", "office": ""}, "sso_id"),
    ({"sso_id": "CITIZEN.DEMO", "department": "999999", "office": ""}, "department"),
    ({"sso_id": "CITIZEN.DEMO", "office": "not-a-number"}, "office"),
    ({"sso_id": "CITIZEN.DEMO", "office": "999999"}, "office"),
])
def test_bad_input_gets_a_message_beside_the_field_and_changes_nothing(cast, revenue, client_as, form, field):
    form = {"department": revenue.pk, **form}
    r = client_as(cast.doit).post(URL, form)
    assert r.status_code == 400
    assert error_beside(r.content.decode(), field)
    assert officer_memberships(cast.citizen) == []


def test_a_person_already_an_officer_is_refused_until_that_registration_ends(cast, revenue, client_as):
    r = client_as(cast.doit).post(URL, {"sso_id": "DEPT.OFFICER", "department": revenue.pk, "office": ""})
    assert r.status_code == 400
    assert "already an officer of" in error_beside(r.content.decode(), "sso_id")
    assert [m.department.code for m in officer_memberships(cast.dept)] == ["PHED"]


def test_ending_a_registration_asks_first_then_signs_the_officer_out(cast, client_as):
    officer = client_as(cast.dept)
    assert officer.get("/dept/collections/").status_code == 200
    (membership,) = officer_memberships(cast.dept)
    doit = client_as(cast.doit)
    confirm = doit.get(f"{URL}{membership.pk}/end/")
    assert confirm.status_code == 200
    assert "End the registration of DEPT.OFFICER (Vikram Choudhary)" in confirm.content.decode()
    assert officer_memberships(cast.dept) == [membership]  # asking changed nothing

    assert doit.post(f"{URL}{membership.pk}/end/").status_code == 302
    assert officer_memberships(cast.dept) == []
    membership.refresh_from_db()
    assert membership.deregistered_at is not None and not membership.active
    assert AuditEvent.objects.filter(action="membership.dept_officer_ended", target_id=str(membership.pk),
                                     actor_sso_id="DOIT.ADMIN").count() == 1
    assert "<td>DEPT.OFFICER</td>" not in doit.get(URL).content.decode()

    r = officer.get("/dept/collections/")  # the PersonMiddleware signs the person out
    assert r.status_code == 302 and r["Location"] == "/"
    assert client_as(cast.dept).get("/dept/collections/").status_code == 404

    # an ended registration is no longer on the page: ending it again finds nothing, writes nothing
    assert doit.post(f"{URL}{membership.pk}/end/").status_code == 404
    assert AuditEvent.objects.filter(action="membership.dept_officer_ended").count() == 1


def test_after_ending_the_person_can_be_registered_elsewhere(cast, revenue, client_as):
    (membership,) = officer_memberships(cast.dept)
    doit = client_as(cast.doit)
    doit.post(f"{URL}{membership.pk}/end/")
    assert doit.post(URL, {"sso_id": "DEPT.OFFICER", "department": revenue.pk, "office": ""}).status_code == 302
    assert [m.department.code for m in officer_memberships(cast.dept)] == ["REVENUE"]


@pytest.mark.parametrize("who", ["holder", "lsp_jaipur", "dept", "citizen"])
def test_only_doit_sees_or_changes_the_officers(cast, revenue, client_as, who):
    other = client_as(getattr(cast, who))
    (membership,) = officer_memberships(cast.dept_jodhpur)
    assert other.get(URL).status_code == 404
    assert other.post(URL, {"sso_id": "CITIZEN.DEMO", "department": revenue.pk, "office": ""}).status_code == 404
    assert other.get(f"{URL}{membership.pk}/end/").status_code == 404
    assert other.post(f"{URL}{membership.pk}/end/").status_code == 404
    assert officer_memberships(cast.citizen) == [] and officer_memberships(cast.dept_jodhpur) == [membership]


def test_the_pages_are_in_hindi(cast, client_as):
    doit = client_as(cast.doit)
    doit.post("/i18n/setlang/", {"language": "hi", "next": "/"})
    page = doit.get(URL).content.decode()
    assert "<title>विभागीय अधिकारी" in page and "पूरा विभाग" in page and "विभागीय अधिकारी पंजीकृत करें" in page
    (membership,) = officer_memberships(cast.dept)
    assert "पंजीकरण समाप्त करें" in doit.get(f"{URL}{membership.pk}/end/").content.decode()


def test_the_form_offers_every_office_grouped_by_its_department(cast, client_as):
    """With the whole demo catalogue (160 offices) the page still passes the page check."""
    from emitra.catalogue.demo import load_demo_catalogue

    load_demo_catalogue()
    page = client_as(cast.doit).get(URL).content.decode()
    group = page.split('<optgroup label="Revenue Department">', 1)[1].split("</optgroup>", 1)[0]
    revenue_offices = Office.objects.filter(department__code="REVENUE", active=True)
    assert group.count("<option") == revenue_offices.count() > 1
    assert all(f'value="{o.pk}"' in group for o in revenue_offices)
