"""Which rule version is in force for a payment, and which rules would overlap (issue 10 req. 1, 2; F8).

The version of a rule in force on a day
---------------------------------------
A rule's published versions are dated rows. On a day, the version of a rule in
force is its published version with the latest valid_from on or before that
day (of two from the same day, the higher number), unless that version's
valid_until (its last day) has passed: then the rule is not in force that day
(an earlier version does not come back). Drafts are never in force.

The rule in force for a payment
-------------------------------
Of the rules in force on the day that fit the payment, the most specific wins:
its scope first (one service over its department over all services), then its
kiosks (a volume tier over urban/rural over any kiosk). A rule fits when its
scope names the line's service, or the service's department, or all; and its
kiosks are any, the kiosk's area (urban or rural), or the tier the kiosk is in
for that day's month (emitra.commissions.models.KioskTier).

Two rules of equal specificity for the same payments (the same CommissionRule.key)
in force on the same day cannot be published (req. 1): `overlaps(version)` names
them, for the editor's publish check. Should two such rules exist all the same,
the one whose version was in force from the later date wins (then the higher
version id), so that the answer never depends on the order rows come back in.

`in_force(service, kiosk, day)` answers one line; `in_force_for(services, kiosk,
day)` answers every service of a receipt with ONE query (the pay path,
emitra.commissions.accrual). `preview(...)` is what a payment would earn under a
rule (published or a draft) to the paisa, the one calculation accrual uses too.
"""
import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from emitra.commissions.calculation import commission
from emitra.commissions.models import (
    CATEGORY_RANK,
    SCOPE_RANK,
    Category,
    CommissionRule,
    KioskTier,
    RuleVersion,
    Scope,
)
from emitra.core.prepared import Prepared

PUBLISHED = RuleVersion.Status.PUBLISHED


def month_of(day):
    return day.replace(day=1)


def tier_of(kiosk, day):
    """The kiosk's volume tier code for day's month, '' when it has none (req. 5)."""
    return (KioskTier.objects.filter(kiosk_id=kiosk.pk, month=month_of(day))
            .values_list("tier_code", flat=True).first() or "")


def _candidates(service_ids, department_ids, kiosk, day):
    """Published versions from on or before day of every rule that may fit these services at this
    kiosk: one query (the kiosk's tier for the month is a subquery), built once a process for each
    count of services and of departments (emitra.core.prepared; issue 14).

    The rule's conditions (scope ALL, or SERVICE of one of the services, or DEPARTMENT of one of
    their departments; category ANY or the kiosk's area, or TIER of the kiosk's tier that month)
    are one RawSQL condition on the rule's row, which the query joins for select_related under its
    table's own name: built by the ORM from Q objects over `rule__` lookups they cost ~2.3 ms of
    Python on every payment, more than the rest of the query (issue 14)."""
    services, departments = sorted(service_ids), sorted(department_ids)
    shape = (len(services), len(departments))
    if shape not in _CANDIDATES:
        _CANDIDATES[shape] = Prepared(
            lambda *values: _candidates_query(values[:shape[0]], values[shape[0]:sum(shape)], *values[sum(shape):]),
            *[int] * sum(shape), str, int, datetime.date, datetime.date)
    return _CANDIDATES[shape](*services, *departments, kiosk.area, kiosk.pk, month_of(day), day)


_CANDIDATES = {}  # {(services, departments): Prepared}


def _candidates_query(services, departments, area, kiosk_id, month, day):
    qn = connection.ops.quote_name
    rule, tier = CommissionRule._meta, KioskTier._meta

    def col(meta, name, table=None):
        return f"{table or qn(meta.db_table)}.{qn(meta.get_field(name).column)}"

    services, departments = list(services) or [None], list(departments) or [None]
    fits = (f"({col(rule, 'scope')} = %s"
            f" OR ({col(rule, 'scope')} = %s AND {col(rule, 'service')} IN ({', '.join(['%s'] * len(services))}))"
            f" OR ({col(rule, 'scope')} = %s AND {col(rule, 'department')} IN ({', '.join(['%s'] * len(departments))})))"
            f" AND ({col(rule, 'category')} IN (%s, %s) OR ({col(rule, 'category')} = %s AND {col(rule, 'tier_code')} IN"
            f" (SELECT {col(tier, 'tier_code', 't')} FROM {qn(tier.db_table)} t"
            f" WHERE {col(tier, 'kiosk', 't')} = %s AND {col(tier, 'month', 't')} = %s)))")
    params = [Scope.ALL, Scope.SERVICE, *services, Scope.DEPARTMENT, *departments,
              Category.ANY, area, Category.TIER, kiosk_id, connection.ops.adapt_datefield_value(month)]
    return (RuleVersion.objects.filter(RawSQL(fits, params, output_field=BooleanField()),
                                       status=PUBLISHED, valid_from__lte=day)
            .select_related("rule").order_by())


def _version_in_force(versions, day):
    """Of one rule's published versions, the one in force on day, or None (module docstring)."""
    started = [v for v in versions if v.status == PUBLISHED and v.valid_from <= day]
    if not started:
        return None
    latest = max(started, key=lambda v: (v.valid_from, v.number))
    if latest.valid_until is not None and latest.valid_until < day:
        return None
    return latest


def _fits(rule, service, kiosk, tier_code):
    if rule.scope == Scope.SERVICE and rule.service_id != service.pk:
        return False
    if rule.scope == Scope.DEPARTMENT and rule.department_id != service.department_id:
        return False
    if rule.category == Category.TIER:
        return bool(tier_code) and rule.tier_code == tier_code
    return rule.category in (Category.ANY, kiosk.area)


def choose(versions, service, kiosk, day, tier_code=""):
    """The version in force for one payment of `service` at `kiosk` on `day`, out of the
    published versions given (with their rules loaded); None when no rule fits. No query."""
    by_rule = {}
    for version in versions:
        by_rule.setdefault(version.rule_id, []).append(version)
    best = None
    for rule_versions in by_rule.values():
        rule = rule_versions[0].rule
        if not _fits(rule, service, kiosk, tier_code):
            continue
        version = _version_in_force(rule_versions, day)
        if version is None:
            continue
        rank = (SCOPE_RANK[rule.scope], CATEGORY_RANK[rule.category], version.valid_from, version.pk or 0)
        if best is None or rank > best[0]:
            best = (rank, version)
    return best[1] if best else None


def in_force_for(services, kiosk, day):
    """{service id: RuleVersion or None} for every service given, at kiosk on day: one query."""
    services = list(services)
    if not services:
        return {}
    versions = _candidates({s.pk for s in services}, {s.department_id for s in services}, kiosk, day)
    # the query kept only the tier rules of the kiosk's own tier that month (one KioskTier a month)
    tier_code = next((v.rule.tier_code for v in versions if v.rule.category == Category.TIER), "")
    return {s.pk: choose(versions, s, kiosk, day, tier_code) for s in services}


def in_force(service, kiosk, day):
    """The RuleVersion that decides the commission of a payment of service at kiosk on day, or None."""
    return in_force_for([service], kiosk, day)[service.pk]


# ---------------------------------------------------------------- what a payment earns

@dataclass(frozen=True)
class Earning:
    """What one line earns under a version: the base the formula was applied to, who bears it
    (and so the cap: what the bearer has on the line), and the split in paise."""

    version: RuleVersion
    base: int
    bearer: str
    cap: int
    split: object  # calculation.Split


def earning(version, government_amount, service_charge):
    """The Earning of a line of government_amount (the base) and service_charge under version.

    The department bears it out of the government amount, the citizen out of the
    service charge; the commission is never more than what the bearer has on the line."""
    cap = service_charge if version.bearer == "citizen" else government_amount
    return Earning(version=version, base=government_amount, bearer=version.bearer, cap=cap,
                   split=commission(version, government_amount, cap))


def preview(service, kiosk, amount, *, day=None, version=None, service_charge=None):
    """What a payment of `amount` paise (the government amount) for service at kiosk would earn
    (req. 2): under `version` (a draft being edited, or any version), else under the rule in
    force on day (default today). service_charge defaults to the service's own. Returns an
    Earning, or None when no rule is in force."""
    from django.utils import timezone

    day = day or timezone.localdate()
    version = version or in_force(service, kiosk, day)
    if version is None:
        return None
    if service_charge is None:
        service_charge = service.service_charge
    return earning(version, amount, service_charge)


# ---------------------------------------------------------------- equal-specificity overlaps

@dataclass(frozen=True)
class Span:
    """Days a version of a rule is in force: first_day..last_day (None: open-ended)."""

    version: RuleVersion
    first_day: datetime.date
    last_day: datetime.date = None

    def overlap(self, other):
        """The first day both spans are in force, or None."""
        first = max(self.first_day, other.first_day)
        lasts = [d for d in (self.last_day, other.last_day) if d is not None]
        if lasts and min(lasts) < first:
            return None
        return first


def spans(versions):
    """The Spans of one rule's versions that are ever in force (module docstring), in date order."""
    ordered = sorted(versions, key=lambda v: (v.valid_from, v.number))
    result = []
    for i, version in enumerate(ordered):
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        if nxt is not None and nxt.valid_from == version.valid_from:
            continue  # a higher version from the same day replaces this one altogether
        last = version.valid_until
        if nxt is not None:
            before_next = nxt.valid_from - datetime.timedelta(days=1)
            last = before_next if last is None else min(last, before_next)
        result.append(Span(version, version.valid_from, last))
    return result


@dataclass(frozen=True)
class Overlap:
    """`version` (another rule's) would be in force on `day` beside the one being published."""

    version: RuleVersion
    day: datetime.date


def overlaps(version):
    """The versions of other rules of equal specificity for the same payments (CommissionRule.key)
    that would be in force on a same day as `version` once it is published (req. 1): the publish
    check of the rule editor. Empty when it may be published. `version` may be a draft or unsaved."""
    rule = version.rule
    mine = [v for v in RuleVersion.objects.filter(rule_id=rule.pk, status=PUBLISHED) if v.pk != version.pk]
    my_spans = [s for s in spans([*mine, version]) if s.version is version]
    if not my_spans:
        return []
    scope, service_id, department_id, category, tier_code = rule.key
    others = (RuleVersion.objects.filter(status=PUBLISHED, rule__scope=scope, rule__service_id=service_id,
                                         rule__department_id=department_id, rule__category=category,
                                         rule__tier_code=tier_code)
              .exclude(rule_id=rule.pk).select_related("rule").order_by("rule_id", "valid_from", "number"))
    by_rule = {}
    for other in others:
        by_rule.setdefault(other.rule_id, []).append(other)
    found = []
    for rule_versions in by_rule.values():
        for span in spans(rule_versions):
            day = my_spans[0].overlap(span)
            if day is not None:
                found.append(Overlap(span.version, day))
    return sorted(found, key=lambda o: (o.day, o.version.rule.name, o.version.number))
