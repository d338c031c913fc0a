"""The rule in force for a payment (issue 10 req. 1, 2; emitra.commissions.rules): service over
department over all, tier over category over any, the version of a rule by date, and the
equal-specificity overlap the publish check refuses."""
import datetime

import pytest

from emitra.catalogue.models import Service
from emitra.commissions import rules
from emitra.commissions.models import KioskTier, RuleVersion
from emitra.commissions.tests.conftest import DAY, make_rule, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def water(catalogue):
    return Service.objects.select_related("department").get(code="PHED-BILL")


def test_a_service_rule_beats_its_department_which_beats_all_services(catalogue, water):
    kiosk, by = catalogue.kiosk, catalogue.doit
    every = make_rule(by, "All services", flat_paise=1_00)
    assert rules.in_force(water, kiosk, DAY) == every
    phed = make_rule(by, "PHED", department=water.department, flat_paise=2_00)
    assert rules.in_force(water, kiosk, DAY) == phed
    own = make_rule(by, "Water bills", service=water, flat_paise=3_00)
    assert rules.in_force(water, kiosk, DAY) == own
    other = Service.objects.get(code="REV-INCOME")
    assert rules.in_force(other, kiosk, DAY) == every


def test_a_tier_beats_the_kiosks_area_which_beats_any_kiosk(catalogue, water):
    kiosk, by = catalogue.kiosk, catalogue.doit  # a rural kiosk
    assert kiosk.area == "rural"
    anyone = make_rule(by, "Any kiosk", service=water)
    make_rule(by, "Urban kiosks", service=water, category="urban")
    assert rules.in_force(water, kiosk, DAY) == anyone
    rural = make_rule(by, "Rural kiosks", service=water, category="rural")
    assert rules.in_force(water, kiosk, DAY) == rural
    tier_a = make_rule(by, "Tier A", service=water, category="tier", tier_code="A")
    assert rules.in_force(water, kiosk, DAY) == rural  # the kiosk has no tier yet
    KioskTier.objects.create(kiosk=kiosk, month=DAY.replace(day=1), tier_code="B")
    assert rules.in_force(water, kiosk, DAY) == rural  # a tier B kiosk: tier A's rule does not fit
    KioskTier.objects.filter(kiosk=kiosk).update(tier_code="A")
    assert rules.in_force(water, kiosk, DAY) == tier_a
    # the tier is the month's: next month the kiosk has none yet
    assert rules.in_force(water, kiosk, datetime.date(2026, 12, 1)) == rural


def test_scope_decides_before_the_kiosks(catalogue, water):
    kiosk, by = catalogue.kiosk, catalogue.doit
    KioskTier.objects.create(kiosk=kiosk, month=DAY.replace(day=1), tier_code="A")
    make_rule(by, "PHED tier A", department=water.department, category="tier", tier_code="A")
    own = make_rule(by, "Water bills", service=water)
    assert rules.in_force(water, kiosk, DAY) == own


def test_the_version_in_force_is_the_latest_from_on_or_before_the_day(catalogue, water):
    kiosk, by = catalogue.kiosk, catalogue.doit
    v1 = make_rule(by, "Water bills", service=water, valid_from=datetime.date(2026, 1, 1))
    v2 = published(v1.rule, number=2, valid_from=datetime.date(2026, 3, 1), flat_paise=20_00)
    RuleVersion.objects.create(rule=v1.rule, number=3, valid_from=datetime.date(2026, 2, 1), bearer="department",
                               formula="flat", flat_paise=30_00, kiosk_percent=100, lsp_percent=0, doit_percent=0,
                               created_by=by)  # a draft: never in force
    assert rules.in_force(water, kiosk, datetime.date(2025, 12, 31)) is None
    assert rules.in_force(water, kiosk, datetime.date(2026, 2, 28)) == v1
    assert rules.in_force(water, kiosk, datetime.date(2026, 3, 1)) == v2


def test_a_rule_past_its_last_day_is_not_in_force_and_its_earlier_version_does_not_come_back(catalogue, water):
    kiosk, by = catalogue.kiosk, catalogue.doit
    every = make_rule(by, "All services")
    v1 = make_rule(by, "Water bills", service=water, valid_from=datetime.date(2026, 1, 1))
    v2 = published(v1.rule, number=2, valid_from=datetime.date(2026, 6, 1), valid_until=datetime.date(2026, 6, 30))
    assert rules.in_force(water, kiosk, datetime.date(2026, 6, 30)) == v2
    assert rules.in_force(water, kiosk, datetime.date(2026, 7, 1)) == every


def test_every_service_of_a_receipt_is_answered_in_one_query(catalogue, water, django_assert_num_queries):
    kiosk, by = catalogue.kiosk, catalogue.doit
    KioskTier.objects.create(kiosk=kiosk, month=DAY.replace(day=1), tier_code="A")
    income = Service.objects.select_related("department").get(code="REV-INCOME")
    light = Service.objects.select_related("department").get(code="JVVNL-BILL")
    own = make_rule(by, "Water bills", service=water)
    revenue = make_rule(by, "Revenue tier A", department=income.department, category="tier", tier_code="A")
    with django_assert_num_queries(1):
        found = rules.in_force_for([water, income, light], kiosk, DAY)
    assert found == {water.pk: own, income.pk: revenue, light.pk: None}


def test_a_preview_shows_the_exact_split(catalogue, water):
    kiosk, by = catalogue.kiosk, catalogue.doit
    make_rule(by, "Water bills", service=water, formula="percent", flat_paise=None, percent="1.2500",
              min_paise=5_00, max_paise=50_00, shares=("70", "20", "10"), remainder_to="doit")
    earning = rules.preview(water, kiosk, 1234_56, day=DAY)
    # 1.25% of ₹1,234.56 is 1543.2 paise -> ₹15.43: kiosk 10.80, LSP 3.08, DoIT the rest 1.55
    assert (earning.split.total, earning.split.kiosk, earning.split.lsp, earning.split.doit) == (15_43, 10_80, 3_08, 1_55)
    assert earning.bearer == "department" and earning.base == 1234_56
    draft = RuleVersion(rule=earning.version.rule, number=2, valid_from=DAY, bearer="citizen", formula="flat",
                        flat_paise=80_00, kiosk_percent=100, lsp_percent=0, doit_percent=0, created_by=by)
    # the citizen bears it out of the service charge: never more than the charge on the line
    assert rules.preview(water, kiosk, 1234_56, version=draft, service_charge=30_00).split.total == 30_00
    assert rules.preview(Service.objects.get(code="REV-INCOME"), kiosk, 10_00, day=DAY) is None


def test_two_rules_of_equal_specificity_on_the_same_day_overlap_and_are_named(catalogue, water):
    by = catalogue.doit
    first = make_rule(by, "Water bills", service=water, valid_from=datetime.date(2026, 1, 1),
                      valid_until=datetime.date(2026, 6, 30))
    second = make_rule(by, "Water bills (new)", service=water, versionless=True)
    draft = RuleVersion(rule=second, number=1, valid_from=datetime.date(2026, 6, 1), bearer="department",
                        formula="flat", flat_paise=5_00, kiosk_percent=100, lsp_percent=0, doit_percent=0,
                        created_by=by)
    found = rules.overlaps(draft)
    assert [(o.version, o.day) for o in found] == [(first, datetime.date(2026, 6, 1))]
    draft.valid_from = datetime.date(2026, 7, 1)  # after the first one's last day
    assert rules.overlaps(draft) == []
    # other kiosks, or another scope, are other payments or another specificity: no overlap
    for other in (make_rule(by, "Rural water", service=water, category="rural", versionless=True),
                  make_rule(by, "PHED", department=water.department, versionless=True)):
        draft.rule, draft.valid_from = other, datetime.date(2026, 1, 1)
        assert rules.overlaps(draft) == []


def test_a_later_version_ends_the_span_of_the_one_before(catalogue, water):
    """v1 from January, v2 from March: a rule of equal specificity from February overlaps v1 only;
    one that a v2 ends before (its own last day) does not overlap anything after."""
    by = catalogue.doit
    v1 = make_rule(by, "Water bills", service=water, valid_from=datetime.date(2026, 1, 1))
    v2 = published(v1.rule, number=2, valid_from=datetime.date(2026, 3, 1), valid_until=datetime.date(2026, 3, 31))
    spans = rules.spans([v2, v1])
    assert [(s.version, s.first_day, s.last_day) for s in spans] == [
        (v1, datetime.date(2026, 1, 1), datetime.date(2026, 2, 28)), (v2, datetime.date(2026, 3, 1),
                                                                      datetime.date(2026, 3, 31))]
    other = make_rule(by, "Water bills (April)", service=water, versionless=True)
    draft = RuleVersion(rule=other, number=1, valid_from=datetime.date(2026, 4, 1), bearer="department",
                        formula="flat", flat_paise=5_00, kiosk_percent=100, lsp_percent=0, doit_percent=0,
                        created_by=by)
    assert rules.overlaps(draft) == []
    draft.valid_from = datetime.date(2026, 2, 15)
    assert [o.version for o in rules.overlaps(draft)] == [v1, v2]
