"""The catalogue itself (issue 4 req. 1): demo data, what a cart line needs, the benchmark."""
from io import StringIO

import pytest
from django.core.management import call_command

from emitra.catalogue.demo import load_demo_catalogue
from emitra.catalogue.models import AmountNotAllowed, Department, Office, Service

pytestmark = pytest.mark.django_db


def test_the_demo_catalogue_is_big_enough_and_loads_twice_without_duplicates(catalogue):
    counts = (Department.objects.count(), Service.objects.count(), Office.objects.count())
    assert counts[0] >= 10 and counts[1] >= 60
    load_demo_catalogue()
    assert (Department.objects.count(), Service.objects.count(), Office.objects.count()) == counts


def test_offices_form_a_state_district_tehsil_tree(catalogue):
    sanganer = Office.objects.get(code="REVENUE-JPR-SANGANER")
    assert sanganer.level == "tehsil" and sanganer.district_code == "JPR"
    assert sanganer.parent.level == "district" and sanganer.parent.parent.level == "state"
    for district in ("JPR", "JDH", "AJM"):
        assert Office.objects.filter(department__code="REVENUE", level="district", district_code=district).exists()


def test_a_fixed_fee_service_charges_its_fee_split_into_revenue_heads(catalogue):
    ll = Service.objects.get(code="RTO-LL")
    charges = ll.charges()
    assert (charges.government_amount, charges.service_charge, charges.total) == (35000, 5000, 40000)
    assert sorted((head.code, paise) for head, paise in charges.parts) == [
        ("0041-00-101", 15000), ("0041-00-102", 20000)]


def test_a_bill_must_be_paid_exactly_where_the_rule_says_so(catalogue):
    bill = Service.objects.get(code="JVVNL-BILL")
    assert bill.charges(bill_amount=123456).total == 123456
    assert [(h.code, p) for h, p in bill.charges(bill_amount=123456).parts] == [("JVVNL-ENERGY", 123456)]
    with pytest.raises(AmountNotAllowed):
        bill.charges(bill_amount=123456, amount=100000)
    with pytest.raises(AmountNotAllowed):
        bill.charges()


def test_a_bill_that_allows_any_amount_takes_a_part_payment(catalogue):
    broadband = Service.objects.get(code="BSNL-BROADBAND")
    assert broadband.charges(bill_amount=99900, amount=50000).government_amount == 50000
    with pytest.raises(AmountNotAllowed):
        broadband.charges(bill_amount=99900, amount=0)


def test_no_float_touches_a_fee(catalogue):
    for service in Service.objects.all():
        assert isinstance(service.government_fee, int) and isinstance(service.service_charge, int)


def test_the_search_benchmark_prints_p95_and_leaves_nothing_behind(catalogue):
    before = Service.objects.count()
    out = StringIO()
    call_command("bench_search", services_count=300, queries=30, stdout=out)
    assert "p95: " in out.getvalue() and out.getvalue().rstrip().endswith(" ms")
    assert "services: 300" in out.getvalue()
    assert Service.objects.count() == before
