"""Department officers belong to a department, and optionally one of its offices (F29)."""
import pytest
from django.db import IntegrityError, transaction

from emitra.accounts.models import Membership, Role
from emitra.accounts.services import MembershipError, add_department_officer
from emitra.catalogue.models import Department, Office

pytestmark = pytest.mark.django_db


def test_a_department_officer_without_a_department_is_refused_by_the_database(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(person=cast.citizen, role=Role.DEPT_OFFICER)


def test_the_demo_officers_are_scoped(cast):
    whole = Membership.objects.live().get(person=cast.dept, role=Role.DEPT_OFFICER)
    district = Membership.objects.live().get(person=cast.dept_jodhpur, role=Role.DEPT_OFFICER)
    assert (whole.department.code, whole.office) == ("PHED", None)
    assert (district.department.code, district.office.code) == ("PHED", "PHED-JDH")


def test_an_office_of_another_department_is_refused(cast):
    from emitra.catalogue.demo import load_demo_catalogue

    load_demo_catalogue()
    with pytest.raises(MembershipError):
        add_department_officer(cast.citizen, Department.objects.get(code="PHED"),
                               Office.objects.get(code="REVENUE-JPR"), by=cast.doit)
    assert not Membership.objects.filter(person=cast.citizen).exists()
