"""Demo commission rules (issue 10 req. 9): a flat amount on certificates (the citizen bears it
out of the service charge), a percentage with a minimum and a cap on electricity bills and a slab
table on water bills (the department bears them out of its collection), with shares to the LSP
and DoIT. Published from 1 April 2025, so that every demo payment earns. Idempotent: a rule
already there by name is left as it is (a published version is never edited)."""
import datetime
from decimal import Decimal

from django.utils import timezone

VALID_FROM = datetime.date(2025, 4, 1)

# (name, scope target: ("department", code) or ("service", code), version fields)
RULES = [
    ("Certificates: flat ₹10", ("department", "REVENUE"),
     dict(bearer="citizen", formula="flat", flat_paise=10_00, shares=("80", "15", "5"))),
    ("Electricity bills (Jaipur Discom): 0.5%, ₹2 to ₹25", ("service", "JVVNL-BILL"),
     dict(bearer="department", formula="percent", percent=Decimal("0.5"), min_paise=2_00, max_paise=25_00,
          shares=("70", "20", "10"))),
    ("Electricity bills (Ajmer Discom): 0.5%, ₹2 to ₹25", ("service", "AVVNL-BILL"),
     dict(bearer="department", formula="percent", percent=Decimal("0.5"), min_paise=2_00, max_paise=25_00,
          shares=("70", "20", "10"))),
    ("Electricity bills (Jodhpur Discom): 0.5%, ₹2 to ₹25", ("service", "JDVVNL-BILL"),
     dict(bearer="department", formula="percent", percent=Decimal("0.5"), min_paise=2_00, max_paise=25_00,
          shares=("70", "20", "10"))),
    ("Water bills: slabs", ("service", "PHED-BILL"),
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
    for name, (scope, code), fields in RULES:
        if CommissionRule.objects.filter(name=name).exists():
            continue
        target = {"department": Department.objects.filter(code=code).first()} if scope == "department" else {
            "service": Service.objects.filter(code=code).first()}
        if None in target.values():
            continue  # the department or service is not in this catalogue
        rule = CommissionRule.objects.create(name=name, scope=scope, created_by=admin, created=now, **target)
        fields = dict(fields)
        kiosk, lsp, doit = (Decimal(s) for s in fields.pop("shares"))
        RuleVersion.objects.create(
            rule=rule, number=1, status=RuleVersion.Status.PUBLISHED, valid_from=VALID_FROM,
            kiosk_percent=kiosk, lsp_percent=lsp, doit_percent=doit, remainder_to="kiosk", created_by=admin,
            created=now, published_by=admin, published_at=now, **fields)


# ------------------------------------------------------------------ tiers and a month of receipts (req. 5, 9)

# DoIT's demo tiers by last month's number of transactions (receipt lines), highest first
DEMO_TIERS = [("A+", 200), ("A", 100), ("B+", 50), ("B", 20), ("C", 0)]

# kiosk holder's SSO ID -> receipts a day over the last DEMO_DAYS days (paid by the holder at the kiosk)
DEMO_RECEIPTS_A_DAY = {"KIOSK.HOLDER": 2, "HOLDER.SANGANER": 1, "HOLDER.MANDORE": 1}
DEMO_DAYS = 30
# what the receipts carry, in turn: (service code, consumer number or "" for a certificate)
DEMO_BASKETS = [
    [("PHED-BILL", "PH1234567")],
    [("JVVNL-BILL", "JV1234567")],
    [("PHED-BILL", "PH7654321"), ("BSNL-LANDLINE", "0141-2345678")],
    [("JVVNL-BILL", "JV2345678"), ("PHED-BILL", "PH1111111")],
    [("PHED-BILL", "PH5555555")],
    [("JVVNL-BILL", "JV3456789")],
]
DEMO_TOPUP = 50_000 * 100  # what a demo kiosk's holder tops up when the month's receipts empty the wallet
DEMO_CONSUMERS = [("Kamla Devi", "9414000007"), ("Ramesh Kumar", "9414100021"), ("सीता देवी", "9414100022"),
                  ("Abdul Rashid", "9414100023")]


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


def load_demo_month():
    """A month of earned commission (req. 9): bills paid at the demo kiosks over the last 30 days
    through the pay service, so that each receipt's own ledger entry accrued its commission under
    the demo rules as any payment does (a bill the department confirms first earns when the
    postings sweep, run here once, has its confirmation); a wallet that runs short is topped up by
    a bank transfer its LSP confirms, as in the wallet demo. Then this month's tiers from those
    receipts (what the sweep does on the 1st). Idempotent: each receipt's and top-up's
    idempotency key is fixed, and a receipt already paid is not paid again."""
    from emitra.billers.interfaces import BillerError
    from emitra.catalogue.models import Service
    from emitra.commissions import tiers
    from emitra.network.models import Kiosk
    from emitra.payments import postings
    from emitra.payments import services as payments
    from emitra.payments.errors import PaymentError
    from emitra.payments.models import Receipt

    services = {s.code: s for s in Service.objects.filter(code__in={c for b in DEMO_BASKETS for c, _n in b})}
    today = timezone.localdate()
    turn = 0
    for sso_id, a_day in DEMO_RECEIPTS_A_DAY.items():
        kiosk = Kiosk.objects.filter(holder__sso_id=sso_id).select_related("holder", "lsp").first()
        if kiosk is None:
            continue
        holder = kiosk.holder
        for days_ago in range(DEMO_DAYS, 0, -1):
            for n in range(a_day):
                turn += 1
                key = f"demo-month:{kiosk.code}:{days_ago}:{n}"
                if Receipt.objects.filter(idempotency_key=key).exists():
                    continue
                basket = [(services[code], no) for code, no in DEMO_BASKETS[turn % len(DEMO_BASKETS)]
                          if code in services]
                if not basket:
                    continue
                cart = payments.current_cart(kiosk, holder)
                if cart.lines.exists():
                    break  # the holder has a cart of their own open: leave it alone
                day = today - datetime.timedelta(days=days_ago)
                when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10 + 3 * n, 5 * turn % 60)))
                name, mobile = DEMO_CONSUMERS[turn % len(DEMO_CONSUMERS)]
                try:
                    for service, consumer_no in basket:
                        payments.add_to_cart(cart, service, consumer_no, by=holder)
                    _pay(cart, holder, key, name, mobile, when, kiosk, days_ago)
                except (PaymentError, BillerError):
                    for line in cart.lines.all():
                        payments.remove_line(cart, line.pk)
    postings.post_due()
    tiers.recompute(tiers.month_start(today))


def _pay(cart, holder, key, name, mobile, when, kiosk, days_ago):
    """Pay the cart at `when`; when the wallet is short, the holder tops it up first (once a day)."""
    from emitra.accounts.models import Membership, Role
    from emitra.payments import services as payments
    from emitra.payments.errors import NotEnoughInWallet
    from emitra.wallet import services as wallet

    def pay():
        payments.pay_cart(cart, by=holder, idempotency_key=key, seen=payments.pay_page(cart).seal,
                          consumer_name=name, mobile=mobile, confirm_duplicate=True, now=when)

    try:
        pay()
    except NotEnoughInWallet:
        officer = (Membership.objects.live().filter(role=Role.LSP_OFFICER, lsp=kiosk.lsp)
                   .select_related("person").first())
        topup_key = f"demo-month:{kiosk.code}:topup:{days_ago}"
        topup = wallet.TopUp.objects.filter(idempotency_key=topup_key).first() or wallet.record_topup(
            kiosk, by=holder, amount=DEMO_TOPUP, utr=f"SBIN{kiosk.code}M{days_ago:03d}",
            transferred_on=timezone.localdate(), idempotency_key=topup_key)
        if topup.state == wallet.TopUp.State.PENDING and officer is not None:
            wallet.confirm_topup(topup, by=officer.person, decision_key=topup_key)
        pay()


# the demo holder's first payout, of part of the month's commission (to their verified account)
DEMO_PAYOUT = ("KIOSK.HOLDER", 200 * 100)


def load_demo_payout():
    """One payout of the demo kiosk's commission (req. 7, 9), so that its payout list is not empty:
    through the payout service, to the account its LSP verified; once (a fixed idempotency key)."""
    from emitra.commissions import accounts
    from emitra.network.models import Kiosk
    from emitra.payouts import services as payouts

    sso_id, gross = DEMO_PAYOUT
    kiosk = Kiosk.objects.filter(holder__sso_id=sso_id).select_related("holder", "lsp").first()
    if kiosk is None or accounts.payable(kiosk) < gross:
        return
    try:
        payouts.request_payout(kiosk, by=kiosk.holder, gross=gross, idempotency_key=f"demo-payout:{kiosk.code}")
    except payouts.PayoutError:
        pass  # no verified account in this demo: nothing to pay out to
