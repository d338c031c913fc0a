"""DoIT's commission rule editor: rules, draft versions, publishing (issue 10 req. 1, 2; F8).

Rules of the editor
-------------------
* A rule's scope (one service, a department, all services) and its kiosks (any,
  urban, rural, one volume tier) are fixed when it is made; its numbers are in
  versions. A new rule is saved with its first version as a draft.
* A draft is edited as often as needed and previewed (emitra.commissions.rules.preview).
  A published version is a dated row that is never edited again (no receipt can be
  explained by numbers that changed afterwards): a change is the rule's next version,
  a draft again, published from a later date. A rule has at most one draft at a time.
* The terms are checked here, all at once, before anything is written, and each
  refusal names the form field it belongs beside (RuleInvalid.errors):
  the shares (kiosk, LSP, DoIT) add up to exactly 100%; a percentage is above 0 and
  at most 100, its minimum at most its maximum; a flat amount is above zero; a slab
  table starts at ₹0.00 and has no gaps or overlaps (calculation.slab_problems).
* Publishing is confirmed on a page sealed with the core seal (emitra.core.confirmation,
  kind "commission_publish") over everything the page showed; the draft is locked, the
  seal checked against the draft as it is now, and it comes into force today or later.
  Two rules of equal specificity for the same payments in force on a same day cannot
  be published: the refusal names both (rules.overlaps). Publishing is one conditional
  UPDATE from draft to published, so two confirmations publish once.
Every change writes an audit row.
"""
import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.core import audit, confirmation
from emitra.core.money import format_paise
from emitra.commissions import rules
from emitra.commissions.calculation import SHARES, slab_problems
from emitra.commissions.models import Category, CommissionRule, Formula, RuleVersion, Scope, TierLevel

PUBLISH_SEAL = "commission_publish"
PUBLISH_SEAL_MAX_AGE = 30 * 60
HUNDRED = Decimal(100)
MAX_SLABS = 8
TERMS = ("bearer", "formula", "flat_paise", "percent", "min_paise", "max_paise", "slabs", "kiosk_percent",
         "lsp_percent", "doit_percent", "remainder_to", "valid_from", "valid_until")


class RuleInvalid(Exception):
    """Refused input; `errors` is {form field name or None: message}, nothing was saved."""

    def __init__(self, errors):
        super().__init__("; ".join(str(m) for m in errors.values()))
        self.errors = errors


def slab_field(i, part):
    """The form field of slab row i (0-based): part is from, to or paise."""
    return f"slab_{part}_{i}"


SLAB_MESSAGES = {
    "empty": ("from", lambda: _("Enter at least one slab, starting at ₹0.00 and the last one open-ended.")),
    "gap": ("from", lambda: _("A gap: this slab must start one paisa after the slab above ends.")),
    "overlap": ("from", lambda: _("An overlap: this slab starts before the slab above ends.")),
    "reversed": ("to", lambda: _("This slab ends before it starts.")),
    "open_not_last": ("to", lambda: _("Only the last slab may be open-ended.")),
    "last_closed": ("to", lambda: _("Leave the last slab's upper end empty, so that every amount falls in a slab.")),
    "negative": ("paise", lambda: _("A slab's commission is zero or more.")),
}


def tier_codes():
    """The tier codes DoIT has set (any scale), highest first, for a rule that targets a tier."""
    seen = []
    for code in TierLevel.objects.order_by("-minimum").values_list("code", flat=True):
        if code not in seen:
            seen.append(code)
    return seen


def rule_problems(*, name, scope, service, department, category, tier_code):
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Give the rule a name.")
    if scope == Scope.SERVICE and service is None:
        errors["service"] = _("Choose the service this rule is for.")
    if scope == Scope.DEPARTMENT and department is None:
        errors["department"] = _("Choose the department this rule is for.")
    if category == Category.TIER and tier_code not in tier_codes():
        errors["tier_code"] = _("Choose one of the volume tiers DoIT has set.")
    return errors


def terms_problems(terms):
    """{field: message} for the terms of a version (module docstring), empty when they are sound."""
    errors = {}
    shares = [terms.get(f"{name}_percent") for name in SHARES]
    if any(s is None or s < 0 for s in shares):
        errors["kiosk_percent"] = _("Enter each share as a percentage of 0 or more.")
    elif sum(shares, Decimal(0)) != HUNDRED:
        errors["kiosk_percent"] = _("The shares add up to %(sum)s%%; kiosk, LSP and DoIT must add up to "
                                    "100%%.") % {"sum": sum(shares, Decimal(0))}
    formula = terms.get("formula")
    if formula == Formula.FLAT:
        if terms.get("flat_paise") is None or terms["flat_paise"] <= 0:
            errors["flat_paise"] = _("A flat commission is more than ₹0.00.")
    elif formula == Formula.PERCENT:
        percent = terms.get("percent")
        if percent is None or percent <= 0:
            errors["percent"] = _("Enter a percentage above 0.")
        elif percent > HUNDRED:
            errors["percent"] = _("A percentage is at most 100.")
        low, high = terms.get("min_paise") or 0, terms.get("max_paise")
        if low < 0:
            errors["min_paise"] = _("The minimum is ₹0.00 or more.")
        if high is not None and high < low:
            errors["max_paise"] = _("The maximum cannot be below the minimum.")
    elif formula == Formula.SLAB:
        slabs = terms.get("slabs") or []
        if len(slabs) > MAX_SLABS:
            errors[slab_field(MAX_SLABS, "from")] = _("At most %(n)s slabs.") % {"n": MAX_SLABS}
        for row, code in slab_problems(slabs):
            part, message = SLAB_MESSAGES[code]
            errors.setdefault(slab_field(row, part), message())
    else:
        errors["formula"] = _("Choose a formula.")
    if terms.get("remainder_to") not in SHARES:
        errors["remainder_to"] = _("Choose the share that takes the rounding remainder.")
    valid_from, valid_until = terms.get("valid_from"), terms.get("valid_until")
    if valid_from is None:
        errors["valid_from"] = _("Enter the first day the version is in force.")
    elif valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = _("The last day cannot be before the first.")
    return errors


def _clean_terms(terms):
    """Only the numbers of the chosen formula are kept, so that a version says one thing."""
    terms = {name: terms.get(name) for name in TERMS}
    formula = terms["formula"]
    if formula != Formula.FLAT:
        terms["flat_paise"] = None
    if formula != Formula.PERCENT:
        terms["percent"] = terms["min_paise"] = terms["max_paise"] = None
    else:
        terms["min_paise"] = terms["min_paise"] or 0
    terms["slabs"] = list(terms["slabs"] or []) if formula == Formula.SLAB else []
    return terms


def describe(version):
    """One line saying a version's formula, for lists (and, from its terms, the audit log: commissions.audit_texts)."""
    return formula_words(version.formula, flat=None if version.flat_paise is None else format_paise(version.flat_paise),
                         percent=None if version.percent is None else f"{version.percent.normalize():f}",
                         low=format_paise(version.min_paise or 0),
                         high=None if version.max_paise is None else format_paise(version.max_paise),
                         slabs=len(version.slabs or []))


def version_detail(version):
    """The parameters of a version's audit row (commissions.audit_texts): the rule's names, the
    number and the formula's terms."""
    return {"rule_en": version.rule.name, "rule_hi": version.rule.name_hi, "number": version.number,
            "formula": version.formula, "flat_paise": version.flat_paise,
            "percent": f"{version.percent.normalize():f}" if version.percent is not None else None,
            "min_paise": version.min_paise or 0, "max_paise": version.max_paise, "slabs": len(version.slabs or [])}


def formula_words(formula, *, flat, percent, low, high, slabs):
    """A formula's words in the active language, its amounts already shown in rupees."""
    if formula == Formula.FLAT:
        return _("flat %(amount)s") % {"amount": flat}
    if formula == Formula.PERCENT:
        text = _("%(percent)s%% of the amount, at least %(low)s") % {"percent": percent, "low": low}
        if high is not None:
            text += ", " + _("at most %(high)s") % {"high": high}
        return text
    return _("slab table of %(n)s slabs") % {"n": slabs}


def create_rule(*, by, name, scope, service=None, department=None, category=Category.ANY, tier_code="", name_hi="",
                **terms):
    """A new rule with its first version, a draft (req. 1), named in English and in Hindi (issue 12
    req. 6). Raises RuleInvalid; nothing is saved then."""
    service = service if scope == Scope.SERVICE else None
    department = department if scope == Scope.DEPARTMENT else None
    tier_code = tier_code if category == Category.TIER else ""
    errors = {**rule_problems(name=name, scope=scope, service=service, department=department, category=category,
                              tier_code=tier_code), **terms_problems(terms)}
    if errors:
        raise RuleInvalid(errors)
    with transaction.atomic():
        rule = CommissionRule.objects.create(name=name.strip(), name_hi=name_hi.strip(), scope=scope, service=service, department=department,
                                             category=category, tier_code=tier_code, created_by=by)
        version = RuleVersion.objects.create(rule=rule, number=1, created_by=by, **_clean_terms(terms))
        audit.record("commission.rule.created", actor=by, target=rule,
                     **version_detail(version))
    return version


def draft_of(rule):
    return rule.versions.filter(status=RuleVersion.Status.DRAFT).first()


def new_version(rule, *, by, **terms):
    """The rule's next version, a draft (req. 1: a change is a new version from a date)."""
    errors = terms_problems(terms)
    if errors:
        raise RuleInvalid(errors)
    with transaction.atomic():
        CommissionRule.objects.select_for_update().get(pk=rule.pk)  # one next number at a time
        if draft_of(rule) is not None:
            raise RuleInvalid({None: _("This rule has a draft already: change that draft, or publish it first.")})
        number = (rule.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = RuleVersion.objects.create(rule=rule, number=number, created_by=by, **_clean_terms(terms))
        audit.record("commission.version.created", actor=by, target=rule,
                     **version_detail(version))
    return version


def update_draft(version, *, by, **terms):
    """Change a draft's terms. A published version is never edited (req. 1): RuleInvalid."""
    errors = terms_problems(terms)
    if errors:
        raise RuleInvalid(errors)
    cleaned = _clean_terms(terms)
    with transaction.atomic():
        changed = RuleVersion.objects.filter(pk=version.pk, status=RuleVersion.Status.DRAFT).update(**cleaned)
        if not changed:
            raise RuleInvalid({None: _("A published rule version is never edited; make a new version.")})
        version.refresh_from_db()
        audit.record("commission.version.changed", actor=by, target=version.rule,
                     **version_detail(version))
    return version


# ------------------------------------------------------------------ publishing (req. 1, 2)

def publish_facts(version, valid_from, person):
    """What the publish confirmation page shows, and its seal binds."""
    return {"person": person.pk, "version": version.pk, "rule": version.rule_id, "number": version.number,
            "valid_from": str(valid_from), **{name: getattr(version, name) for name in TERMS if name != "valid_from"}}


def publish_seal(version, valid_from, person):
    return confirmation.seal(PUBLISH_SEAL, publish_facts(version, valid_from, person))


def publish_problems(version, valid_from, today=None):
    """{field: message} refusing to publish version from valid_from; empty when it may be published."""
    today = today or timezone.localdate()
    if version.status != RuleVersion.Status.DRAFT:
        return {None: _("This version is published already.")}
    if valid_from is None:
        return {"valid_from": _("Enter the first day the version is in force.")}
    if valid_from < today:
        return {"valid_from": _("A version comes into force today or later; receipts already paid keep their "
                                "version.")}
    if version.valid_until is not None and version.valid_until < valid_from:
        return {"valid_from": _("The draft ends on %(day)s, before this day.")
                % {"day": version.valid_until.strftime("%d-%m-%Y")}}
    candidate = RuleVersion(**{f.attname: getattr(version, f.attname) for f in RuleVersion._meta.concrete_fields})
    candidate.valid_from = valid_from
    candidate.rule = version.rule
    clashes = rules.overlaps(candidate)
    if clashes:
        first = clashes[0]
        return {"valid_from": _("%(mine)s cannot be in force beside %(other)s: both are for the same services and "
                                "kiosks, and both would be in force on %(day)s. Choose a day after the other ends, "
                                "or change the other rule first.") % {
            "mine": candidate.label, "other": first.version.label, "day": first.day.strftime("%d-%m-%Y")}}
    return {}


def publish(version, *, by, valid_from, seal, today=None):
    """Publish a draft from valid_from, as the confirmation page showed it (req. 1, 2). Raises
    RuleInvalid (nothing published) or a confirmation.NotConfirmed when the seal does not bind it."""
    with transaction.atomic():
        locked = RuleVersion.objects.select_for_update().select_related("rule").get(pk=version.pk)
        if locked.status == RuleVersion.Status.DRAFT:
            confirmation.check(PUBLISH_SEAL, seal, publish_facts(locked, valid_from, by),
                               max_age=PUBLISH_SEAL_MAX_AGE)
        errors = publish_problems(locked, valid_from, today)
        if errors:
            raise RuleInvalid(errors)
        now = timezone.now()
        done = RuleVersion.objects.filter(pk=locked.pk, status=RuleVersion.Status.DRAFT).update(
            status=RuleVersion.Status.PUBLISHED, valid_from=valid_from, published_by=by, published_at=now)
        if not done:
            raise RuleInvalid({None: _("This version is published already.")})
        locked.refresh_from_db()
        audit.record("commission.version.published", actor=by, target=locked.rule,
                     **version_detail(locked), valid_from=valid_from,
                     kiosk_percent=locked.kiosk_percent, lsp_percent=locked.lsp_percent,
                     doit_percent=locked.doit_percent)
    return locked


def version_in_force(published, day):
    """Of one rule's published versions, the one in force on day (rules.spans), or None."""
    for span in rules.spans(published):
        if span.first_day <= day and (span.last_day is None or day <= span.last_day):
            return span.version
    return None


def next_version_terms(rule, today=None):
    """The form's starting terms for a rule's next version: its latest version's, from tomorrow."""
    latest = rule.versions.order_by("-number").first()
    terms = {name: getattr(latest, name) for name in TERMS} if latest else {}
    terms["valid_from"] = (today or timezone.localdate()) + datetime.timedelta(days=1)
    terms["valid_until"] = None
    return terms
