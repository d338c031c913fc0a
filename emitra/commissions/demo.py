"""Demo commission rules and volume tiers (issue 10 req. 5, 9): a flat amount on certificates (the citizen bears it
out of the service charge), a percentage with a minimum and a cap on electricity bills and a slab
table on water bills (the department bears them out of its collection), with shares to the LSP
and DoIT. Published from 1 April 2025, so that every demo payment earns. Idempotent: a rule
already there by name is left as it is (a published version is never edited)."""
import datetime
from decimal import Decimal

from django.utils import timezone

VALID_FROM = datetime.date(2025, 4, 1)

# (name, name in Hindi, scope target: ("department", code) or ("service", code), version fields)
RULES = [
    ("Certificates: flat ₹10", "प्रमाण-पत्र: एकमुश्त ₹10", ("department", "REVENUE"),
     dict(bearer="citizen", formula="flat", flat_paise=10_00, shares=("80", "15", "5"))),
    ("Electricity bills (Jaipur Discom): 0.5%, ₹2 to ₹25", "बिजली बिल (जयपुर डिस्कॉम): 0.5%, ₹2 से ₹25", ("service", "JVVNL-BILL"),
     dict(bearer="department", formula="percent", percent=Decimal("0.5"), min_paise=2_00, max_paise=25_00,
          shares=("70", "20", "10"))),
    ("Electricity bills (Ajmer Discom): 0.5%, ₹2 to ₹25", "बिजली बिल (अजमेर डिस्कॉम): 0.5%, ₹2 से ₹25", ("service", "AVVNL-BILL"),
     dict(bearer="department", formula="percent", percent=Decimal("0.5"), min_paise=2_00, max_paise=25_00,
          shares=("70", "20", "10"))),
    ("Electricity bills (Jodhpur Discom): 0.5%, ₹2 to ₹25", "बिजली बिल (जोधपुर डिस्कॉम): 0.5%, ₹2 से ₹25", ("service", "JDVVNL-BILL"),
     dict(bearer="department", formula="percent", percent=Decimal("0.5"), min_paise=2_00, max_paise=25_00,
          shares=("70", "20", "10"))),
    ("Water bills: slabs", "पानी के बिल: स्लैब", ("service", "PHED-BILL"),
     dict(bearer="department", formula="slab", slabs=[
         {"from": 0, "to": 500_00, "paise": 3_00},
         {"from": 500_01, "to": 2000_00, "paise": 6_00},
         {"from": 2000_01, "to": None, "paise": 10_00}], shares=("75", "20", "5"))),
]


def load_demo_rules():
    from emitra.accounts.models import Person
    from emitra.catalogue.models import Department, Service
    from emitra.commissions import accounts
    from emitra.commissions.models import CommissionRule, RuleVersion

    accounts.doit_commission_account()
    admin = Person.objects.get(sso_id="DOIT.ADMIN")
    now = datetime.datetime.combine(VALID_FROM, datetime.time(9), tzinfo=datetime.timezone.utc)
    for name, name_hi, (scope, code), fields in RULES:
        if CommissionRule.objects.filter(name=name).exists():
            CommissionRule.objects.filter(name=name, name_hi="").update(name_hi=name_hi)  # made before Hindi names
            continue
        target = {"department": Department.objects.filter(code=code).first()} if scope == "department" else {
            "service": Service.objects.filter(code=code).first()}
        if None in target.values():
            continue  # the department or service is not in this catalogue
        rule = CommissionRule.objects.create(name=name, name_hi=name_hi, scope=scope, created_by=admin, created=now, **target)
        fields = dict(fields)
        kiosk, lsp, doit = (Decimal(s) for s in fields.pop("shares"))
        RuleVersion.objects.create(
            rule=rule, number=1, status=RuleVersion.Status.PUBLISHED, valid_from=VALID_FROM,
            kiosk_percent=kiosk, lsp_percent=lsp, doit_percent=doit, remainder_to="kiosk", created_by=admin,
            created=now, published_by=admin, published_at=now, **fields)


# DoIT's demo volume tiers (req. 5, 9), by a month's number of transactions (receipt lines), highest first
DEMO_TIERS = [("A+", 200), ("A", 100), ("B+", 50), ("B", 20), ("C", 0)]


def load_demo_tiers():
    """DoIT's volume tiers, in force from the first day of last month (once)."""
    from emitra.accounts.models import Person
    from emitra.commissions import tiers
    from emitra.commissions.models import TierScale

    if TierScale.objects.exists():
        return
    first = tiers.previous_month_start(tiers.month_start(timezone.localdate()))
    tiers.add_scale(by=Person.objects.get(sso_id="DOIT.ADMIN"), valid_from=first, basis="count",
                    levels=[(i, code, minimum) for i, (code, minimum) in enumerate(DEMO_TIERS)], today=first)


def load_demo_month_tiers():
    """This month's tiers from the demo month's receipts, as the sweep works them out on the 1st."""
    from emitra.commissions import tiers

    tiers.recompute(tiers.month_start(timezone.localdate()))
