"""Demo money (issue 3 req. 11): a credit rule, and for each demo kiosk a security deposit,
a credit limit and a few top-ups, so that wallets and statements are not empty.
Idempotent: every operation carries a fixed idempotency key, and the rule and the
limit are set only when missing."""
import datetime

from django.utils import timezone

RUPEE = 100

# kiosk holder's SSO ID -> (deposit, credit limit, [(top-up, confirmed?)]) in rupees
DEMO_WALLETS = {
    "KIOSK.HOLDER": (10_000, 10_000, [(25_000, True), (15_000, True), (5_000, False)]),
    "HOLDER.SANGANER": (10_000, 5_000, [(20_000, True), (7_500, False)]),
    "HOLDER.MANDORE": (15_000, 15_000, [(30_000, True), (12_000, True)]),
    "HOLDER.PHALODI": (5_000, 0, [(8_000, True), (4_000, False)]),
}


def load_wallet_demo():
    from emitra.accounts.models import Membership, Person, Role
    from emitra.network.models import Kiosk
    from emitra.wallet import services
    from emitra.wallet.accounts import open_network_accounts
    from emitra.wallet.models import CreditLimitChange, CreditRule

    open_network_accounts()
    doit = Person.objects.get(sso_id="DOIT.ADMIN")
    if not CreditRule.objects.exists():
        CreditRule.objects.create(valid_from=datetime.date(2024, 4, 1), deposit_percent=100, volume_days=7,
                                  auto_max=50_000 * RUPEE, lsp_max=2_00_000 * RUPEE, created_by=doit)
    today = timezone.localdate()
    for sso_id, (deposit, limit, topups) in DEMO_WALLETS.items():
        kiosk = Kiosk.objects.filter(holder__sso_id=sso_id).select_related("lsp", "holder").first()
        if kiosk is None:
            continue
        officer = (Membership.objects.live().filter(role=Role.LSP_OFFICER, lsp=kiosk.lsp)
                   .select_related("person").first())
        officer = officer.person if officer else doit
        figures = {"by": officer, "amount": deposit * RUPEE, "reference": f"DD{kiosk.pk:06d}", "received_on": today,
                   "idempotency_key": f"demo-{kiosk.code}-deposit"}
        # the demo confirms what its pages would show (the seals of emitra.core.confirmation)
        services.record_deposit(kiosk, seen=services.deposit_seal(kiosk, **figures), **figures)
        for n, (amount, confirmed) in enumerate(topups, start=1):
            key = f"demo-{kiosk.code}-topup-{n}"
            topup = services.TopUp.objects.filter(idempotency_key=key).first() or services.record_topup(
                kiosk, by=kiosk.holder, amount=amount * RUPEE, utr=f"SBIN{kiosk.code}{n:04d}",
                transferred_on=today, idempotency_key=key)
            if confirmed and topup.state == services.TopUp.State.PENDING:
                services.confirm_topup(topup, by=officer, decision_key=key,
                                       seen=services.topup_seal(topup, officer))
        if limit and not CreditLimitChange.objects.filter(kiosk=kiosk).exists():
            services.request_credit_limit(kiosk, by=kiosk.holder, amount=limit * RUPEE,
                                          idempotency_key=f"demo-{kiosk.code}-limit",
                                          seen=services.limit_request_seal(kiosk, kiosk.holder))
