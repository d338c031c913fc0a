"""DoIT's commission rule pages (issue 10 req. 1, 2): rules as dated rows with their history,
drafts, bad terms refused beside the field, the preview to the paisa, publishing through a
sealed confirmation, and the equal-specificity refusal that names both rules."""
import datetime
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from emitra.catalogue.models import Department, Service
from emitra.commissions import services
from emitra.commissions.models import CommissionRule, RuleVersion
from emitra.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def doit(cast, client_as):
    from emitra.catalogue.demo import load_demo_catalogue

    load_demo_catalogue()
    return client_as(cast.doit)


def today():
    return timezone.localdate()


def terms(**changes):
    """A form's POST of a rule's terms: a flat ₹10, 80/15/5, from today."""
    data = {"bearer": "department", "formula": "flat", "flat_paise": "10", "percent": "", "min_paise": "",
            "max_paise": "", "kiosk_percent": "80", "lsp_percent": "15", "doit_percent": "5",
            "remainder_to": "kiosk", "valid_from": today().isoformat(), "valid_until": ""}
    data.update(changes)
    return data


def new_rule(**changes):
    data = {"name": "Certificates", "scope": "department", "service": "",
            "department": str(Department.objects.get(code="REVENUE").pk), "category": "any", "tier_code": ""}
    data.update(terms(**changes))
    return data


def field_error(response, name):
    """The message shown beside the field `name` (its id-error element), or None."""
    soup = BeautifulSoup(response.content, "html.parser")
    el = soup.find(id=f"id_{name}-error")
    return el.get_text(" ", strip=True) if el else None


def publish(client, version, day=None):
    """Publish a draft as DoIT does: the date, then the sealed confirmation page's button."""
    day = day or today()
    url = f"/doit/commissions/{version.rule_id}/v{version.number}/publish/"
    page = client.post(url, {"valid_from": day.isoformat()})
    if page.status_code != 200:
        return page
    seal = BeautifulSoup(page.content, "html.parser").find("input", {"name": "seal"})["value"]
    return client.post(url + "confirm/", {"valid_from": day.isoformat(), "seal": seal})


def test_doit_makes_a_rule_saved_as_a_draft_and_finds_it_in_the_list_and_its_history(doit):
    r = doit.post("/doit/commissions/new/", new_rule())
    version = RuleVersion.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/doit/commissions/{version.rule_id}/v1/"
    assert (version.status, version.number, version.formula, version.flat_paise) == ("draft", 1, "flat", 10_00)
    assert (version.kiosk_percent, version.lsp_percent, version.doit_percent) == (80, 15, 5)
    rule = version.rule
    assert (rule.scope, rule.department.code, rule.service, rule.category) == ("department", "REVENUE", None, "any")
    listing = doit.get("/doit/commissions/").content.decode()
    assert "Certificates" in listing and f"/doit/commissions/{rule.pk}/v1/" in listing
    history = BeautifulSoup(doit.get(f"/doit/commissions/{rule.pk}/").content, "html.parser")
    assert [a.get_text() for a in history.select("tbody a")] == ["v1"]
    assert AuditEvent.objects.filter(action="commission.rule.created").exists()
    assert "/doit/commissions/" in doit.get("/doit/").content.decode()  # the DoIT menu links here


@pytest.mark.parametrize("changes,field,words", [
    ({"kiosk_percent": "80", "lsp_percent": "10", "doit_percent": "5"}, "kiosk_percent", "95"),
    ({"formula": "percent", "percent": "120"}, "percent", "at most 100"),
    ({"formula": "percent", "percent": "1", "min_paise": "50", "max_paise": "10"}, "max_paise", "below the minimum"),
    ({"flat_paise": "0"}, "flat_paise", "more than"),
    ({"flat_paise": "-5"}, "flat_paise", "more than"),
    ({"formula": "slab", "slab_from_0": "0", "slab_to_0": "999.99", "slab_paise_0": "5",
      "slab_from_1": "1001", "slab_to_1": "", "slab_paise_1": "10"}, "slab_from_1", "gap"),
    ({"formula": "slab", "slab_from_0": "0", "slab_to_0": "999.99", "slab_paise_0": "5",
      "slab_from_1": "900", "slab_to_1": "", "slab_paise_1": "10"}, "slab_from_1", "overlap"),
    ({"formula": "slab", "slab_from_0": "0", "slab_to_0": "999.99", "slab_paise_0": "5"}, "slab_to_0",
     "last slab"),
])
def test_bad_terms_are_refused_beside_the_field_and_nothing_is_saved(doit, changes, field, words):
    r = doit.post("/doit/commissions/new/", new_rule(**changes))
    assert r.status_code == 400
    assert words in (field_error(r, field) or ""), r.content.decode()
    assert not CommissionRule.objects.exists() and not RuleVersion.objects.exists()


def test_a_sound_slab_table_is_saved_in_paise(doit):
    r = doit.post("/doit/commissions/new/", new_rule(
        formula="slab", flat_paise="", slab_from_0="0", slab_to_0="499.99", slab_paise_0="3",
        slab_from_1="500", slab_to_1="1999.99", slab_paise_1="6", slab_from_2="2000", slab_paise_2="12.50"))
    assert r.status_code == 302
    version = RuleVersion.objects.get()
    assert version.flat_paise is None
    assert version.slabs == [{"from": 0, "to": 499_99, "paise": 3_00}, {"from": 500_00, "to": 1999_99, "paise": 6_00},
                             {"from": 2000_00, "to": None, "paise": 12_50}]


def test_a_published_version_is_never_edited_and_a_change_is_a_new_version_from_a_date(cast, doit):
    doit.post("/doit/commissions/new/", new_rule())
    v1 = RuleVersion.objects.get()
    assert publish(doit, v1).status_code == 302
    v1.refresh_from_db()
    assert v1.status == "published"
    r = doit.post(f"/doit/commissions/{v1.rule_id}/v1/edit/", terms(flat_paise="99"))
    assert r.status_code == 302
    v1.refresh_from_db()
    assert v1.flat_paise == 10_00
    with pytest.raises(ValidationError):
        v1.save()
    with pytest.raises(services.RuleInvalid):
        services.update_draft(v1, by=cast.doit, **services.next_version_terms(v1.rule))
    # the next version starts from v1's terms, from tomorrow
    page = BeautifulSoup(doit.get(f"/doit/commissions/{v1.rule_id}/versions/new/").content, "html.parser")
    assert page.find(id="id_flat_paise")["value"] == "10.00"
    tomorrow = today() + datetime.timedelta(days=1)
    r = doit.post(f"/doit/commissions/{v1.rule_id}/versions/new/", terms(flat_paise="12", valid_from=tomorrow))
    assert r.status_code == 302
    v2 = RuleVersion.objects.get(number=2)
    assert (v2.status, v2.flat_paise) == ("draft", 12_00)
    assert publish(doit, v2, tomorrow).status_code == 302
    history = BeautifulSoup(doit.get(f"/doit/commissions/{v1.rule_id}/").content, "html.parser")
    assert [a.get_text() for a in history.select("tbody a")] == ["v2", "v1"]
    assert "in force today" in history.select("tbody tr")[1].get_text()  # v1 until v2's day


def test_the_preview_gives_the_exact_split_in_rupees_and_paise_under_the_draft(cast, doit):
    doit.post("/doit/commissions/new/", new_rule(
        name="Electricity", scope="service", department="",
        service=str(Service.objects.get(code="JVVNL-BILL").pk), formula="percent", flat_paise="",
        percent="0.5", min_paise="2", max_paise="25", kiosk_percent="70", lsp_percent="20", doit_percent="10"))
    version = RuleVersion.objects.get()
    url = f"/doit/commissions/{version.rule_id}/v1/"
    service = Service.objects.get(code="JVVNL-BILL").pk

    def preview(amount):
        page = BeautifulSoup(doit.get(url, {"service": service, "kiosk": cast.kiosk.code, "amount": amount}).content,
                             "html.parser")
        return [page.find(id=f"preview-{k}").get_text(strip=True) for k in ("total", "kiosk", "lsp", "doit")]

    # 0.5% of ₹1,234.57 = ₹6.17285 -> ₹6.17; 70/20/10 -> 4.31 (+ remainder) / 1.23 / 0.61
    assert preview("1234.57") == ["₹6.17", "₹4.33", "₹1.23", "₹0.61"]
    assert preview("100000") == ["₹25.00", "₹17.50", "₹5.00", "₹2.50"]  # capped at the maximum
    assert preview("10") == ["₹2.00", "₹1.40", "₹0.40", "₹0.20"]  # the minimum
    r = doit.get(url, {"service": service, "kiosk": "NOPE", "amount": "10"})
    error = BeautifulSoup(r.content, "html.parser").find(id="p_kiosk-error")
    assert r.status_code == 400 and error.get_text(strip=True) == "No kiosk has this code."
    assert RuleVersion.objects.get().status == "draft"  # a preview publishes nothing


def test_publishing_needs_the_sealed_confirmation_of_what_was_shown(cast, doit):
    doit.post("/doit/commissions/new/", new_rule())
    version = RuleVersion.objects.get()
    url = f"/doit/commissions/{version.rule_id}/v1/publish/confirm/"
    r = doit.post(url, {"valid_from": today().isoformat()})  # no seal: the page was never shown
    assert r.status_code == 409 and RuleVersion.objects.get().status == "draft"
    page = doit.post(f"/doit/commissions/{version.rule_id}/v1/publish/", {"valid_from": today().isoformat()})
    seal = BeautifulSoup(page.content, "html.parser").find("input", {"name": "seal"})["value"]
    # the draft changes after the page was shown: the seal no longer binds it
    services.update_draft(version, by=cast.doit, **{**services.next_version_terms(version.rule),
                                                    "valid_from": today(), "flat_paise": 11_00})
    r = doit.post(url, {"valid_from": today().isoformat(), "seal": seal})
    assert r.status_code == 409 and RuleVersion.objects.get().status == "draft"
    assert "changed" in r.content.decode()
    # another day than the one shown
    other = (today() + datetime.timedelta(days=3)).isoformat()
    r = doit.post(url, {"valid_from": other, "seal": seal})
    assert r.status_code == 409 and RuleVersion.objects.get().status == "draft"
    assert publish(doit, version).status_code == 302
    published = RuleVersion.objects.get()
    assert (published.status, published.flat_paise, published.published_by) == ("published", 11_00, cast.doit)
    assert AuditEvent.objects.filter(action="commission.version.published").count() == 1


def test_a_version_comes_into_force_today_or_later(doit):
    doit.post("/doit/commissions/new/", new_rule())
    version = RuleVersion.objects.get()
    r = publish(doit, version, today() - datetime.timedelta(days=1))
    assert r.status_code == 400 and "today or later" in field_error(r, "valid_from")
    assert RuleVersion.objects.get().status == "draft"


def test_an_equal_specificity_rule_in_force_the_same_day_cannot_be_published_and_the_message_names_both(doit):
    doit.post("/doit/commissions/new/", new_rule(name="Certificates 2026"))
    first = RuleVersion.objects.get()
    assert publish(doit, first).status_code == 302
    doit.post("/doit/commissions/new/", new_rule(name="Certificates special", flat_paise="15"))
    second = RuleVersion.objects.get(rule__name="Certificates special")
    r = publish(doit, second, today() + datetime.timedelta(days=10))
    message = field_error(r, "valid_from")
    assert r.status_code == 400
    assert "Certificates special v1" in message and "Certificates 2026 v1" in message
    assert RuleVersion.objects.get(pk=second.pk).status == "draft"
    # the service refuses it too, whatever page sent it
    with pytest.raises(services.RuleInvalid) as e:
        services.publish(second, by=first.created_by, valid_from=today() + datetime.timedelta(days=10),
                         seal=services.publish_seal(second, today() + datetime.timedelta(days=10), first.created_by))
    assert "Certificates 2026 v1" in e.value.errors["valid_from"]
    # a rule of another specificity (urban kiosks) is no clash
    doit.post("/doit/commissions/new/", new_rule(name="Certificates urban", category="urban"))
    urban = RuleVersion.objects.get(rule__name="Certificates urban")
    assert publish(doit, urban).status_code == 302


def test_the_pages_are_doit_only(cast, client_as, doit):
    doit.post("/doit/commissions/new/", new_rule())
    version = RuleVersion.objects.get()
    holder = client_as(cast.holder)
    for url in ("/doit/commissions/", "/doit/commissions/new/", f"/doit/commissions/{version.rule_id}/",
                f"/doit/commissions/{version.rule_id}/v1/", "/doit/commissions/tiers/"):
        assert holder.get(url).status_code in (403, 404), url
    r = holder.post(f"/doit/commissions/{version.rule_id}/v1/publish/confirm/",
                    {"valid_from": today().isoformat(), "seal": "x"})
    assert r.status_code in (403, 404) and RuleVersion.objects.get().status == "draft"


def test_shares_are_decimals_and_must_add_to_exactly_100(cast):
    with pytest.raises(services.RuleInvalid) as e:
        services.create_rule(by=cast.doit, name="x", scope="all", category="any",
                             **{"valid_from": today(), "valid_until": None, "slabs": [], "percent": None,
                                "min_paise": None, "max_paise": None, "bearer": "department", "formula": "flat", "flat_paise": 100, "remainder_to": "kiosk",
                                "kiosk_percent": Decimal("33.33"), "lsp_percent": Decimal("33.33"),
                                "doit_percent": Decimal("33.33")})
    assert re.search(r"99\.99", e.value.errors["kiosk_percent"])
    assert not CommissionRule.objects.exists()


def test_a_versions_formula_reads_plainly():
    version = RuleVersion(formula="percent", percent=Decimal("10.0000"), min_paise=2_00, max_paise=None)
    assert services.describe(version) == "10% of the amount, at least ₹2.00"
    version = RuleVersion(formula="percent", percent=Decimal("0.2500"), min_paise=0, max_paise=25_00)
    assert services.describe(version) == "0.25% of the amount, at least ₹0.00, at most ₹25.00"
