"""Demo payouts data (issue 10 req. 9): the demo holder's PAN and a bank account their LSP
verified, for every demo kiosk that has none yet, so that a payout can be made on first run.
Idempotent: nothing is added where a kiosk has a verified account or a PAN already."""

# kiosk holder's SSO ID -> PAN (format-valid, made up)
DEMO_PANS = {"KIOSK.HOLDER": "AMKPS4821L", "HOLDER.MANDORE": "BQRPJ7310D"}


def load_demo_payouts():
    from emitra.accounts.models import Membership, Person, Role
    from emitra.demo.cast import KIOSKS
    from emitra.network.models import Kiosk
    from emitra.payouts import services
    from emitra.payouts.models import BankAccount

    services.open_tds_account()
    doit = Person.objects.get(sso_id="DOIT.ADMIN")
    # the demo's own kiosks (not the thousands `emitra demo --transactions` generates)
    for kiosk in Kiosk.objects.filter(holder__sso_id__in=[k[0] for k in KIOSKS]).select_related("holder", "lsp"):
        pan = DEMO_PANS.get(kiosk.holder.sso_id)
        if pan and not services.profile_of(kiosk).pan:
            services.set_pan(kiosk, by=kiosk.holder, pan=pan)
        if BankAccount.objects.filter(kiosk=kiosk).exists():
            continue
        officer = (Membership.objects.live().filter(role=Role.LSP_OFFICER, lsp=kiosk.lsp)
                   .select_related("person").first())
        account = services.request_bank_account(kiosk, by=kiosk.holder, name=kiosk.bank_account_name,
                                                account_no=kiosk.bank_account_no, ifsc=kiosk.ifsc)
        officer = officer.person if officer else doit
        services.verify_bank_account(account, by=officer, seen=services.account_seal(account, officer))
