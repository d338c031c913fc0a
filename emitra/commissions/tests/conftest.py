"""Commissions fixtures: published rule versions made as the rule editor publishes them."""
import datetime
from decimal import Decimal

import pytest

from emitra.commissions.models import CommissionRule, RuleVersion

DAY = datetime.date(2026, 11, 10)


def published(rule, *, number=1, valid_from=datetime.date(2026, 1, 1), valid_until=None, bearer="department",
              formula="flat", flat_paise=10_00, percent=None, min_paise=None, max_paise=None, slabs=(),
              shares=("80", "15", "5"), remainder_to="kiosk", by=None):
    """A published version of rule (a dated row: never edited afterwards)."""
    kiosk, lsp, doit = (Decimal(s) for s in shares)
    return RuleVersion.objects.create(
        rule=rule, number=number, status=RuleVersion.Status.PUBLISHED, valid_from=valid_from,
        valid_until=valid_until, bearer=bearer, formula=formula,
        flat_paise=flat_paise if formula == "flat" else None, percent=percent, min_paise=min_paise,
        max_paise=max_paise, slabs=list(slabs), kiosk_percent=kiosk, lsp_percent=lsp, doit_percent=doit,
        remainder_to=remainder_to, created_by=by or rule.created_by, published_by=by or rule.created_by)


def make_rule(by, name, *, service=None, department=None, category="any", tier_code="", **version):
    """A rule and its first published version (version=None: the rule alone)."""
    scope = "service" if service else "department" if department else "all"
    rule = CommissionRule.objects.create(name=name, scope=scope, service=service, department=department,
                                         category=category, tier_code=tier_code, created_by=by)
    if version.pop("versionless", False):
        return rule
    return published(rule, **version)


@pytest.fixture
def catalogue(cast):
    from emitra.catalogue.demo import load_demo_catalogue

    load_demo_catalogue()
    return cast
