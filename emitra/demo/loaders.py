"""Demo data (`emitra demo`, idempotent): the network, its people and their
kiosks, then each part's own demo, so that a new install shows every desk at once
(issue 2, req. 10).

The demo sits above every app (issue 14 req. 3): it imports them, none imports it, and
`core` stays free of them. Each later part of the portal adds its own demo loader to LOADERS.
"""
from django.db import transaction

from emitra.demo.cast import (
    DEPT_OFFICERS,
    DISTRICTS,
    KIOSKS,
    LSPS,
    PEOPLE,
    RENAMED_DISTRICTS,
    TEHSILS,
    identity_and_person,
    tehsil_code,
)
from emitra.accounts.models import Membership, Role
from emitra.accounts.services import add_department_officer
from emitra.applications.demo import load_demo_applications
from emitra.catalogue.demo import load_demo_catalogue, load_demo_department
from emitra.catalogue.models import Office
from emitra.commissions.demo import load_demo_month_tiers, load_demo_rules, load_demo_tiers
from emitra.demo.volume import load_demo_month
from emitra.documents.demo import load_demo_documents
from emitra.network.models import District, Kiosk, LSP, Tehsil
from emitra.network.services import open_kiosk
from emitra.payouts.demo import load_demo_payouts
from emitra.wallet.demo import load_wallet_demo


def load_network():
    people = {p[0]: identity_and_person(*p) for p in PEOPLE}
    lsps = {code: LSP.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in LSPS}
    for old_code, code in RENAMED_DISTRICTS.items():
        if not District.objects.filter(code=code).exists():
            District.objects.filter(code=old_code, kiosks__isnull=True).update(code=code)
    districts = {}
    for code, en, hi, lsp in DISTRICTS:
        districts[code], _ = District.objects.get_or_create(
            code=code, defaults={"name_en": en, "name_hi": hi, "lsp": lsps.get(lsp)})
    tehsils = {}
    for district_code, rows in TEHSILS.items():
        for name_en, name_hi in rows:
            tehsils[(district_code, name_en)], _ = Tehsil.objects.get_or_create(
                code=tehsil_code(district_code, name_en),
                defaults={"district": districts[district_code], "name_en": name_en, "name_hi": name_hi})
    admin = people["DOIT.ADMIN"]
    if not Membership.objects.filter(person=admin, role=Role.DOIT_ADMIN).exists():
        Membership.objects.create(person=admin, role=Role.DOIT_ADMIN)
        Membership.objects.create(person=people["LSP.JAIPUR"], role=Role.LSP_OFFICER, lsp=lsps["LSP-JPR"])
        Membership.objects.create(person=people["LSP.JODHPUR"], role=Role.LSP_OFFICER, lsp=lsps["LSP-JDH"])
    load_department_officers(people, admin)
    for holder, name, address, district, area, tehsil in KIOSKS:
        if tehsil:  # kiosks of earlier demo data get their tehsil
            Kiosk.objects.filter(holder=people[holder], tehsil__isnull=True).update(
                tehsil=tehsils[(district, tehsil)])
        if not Kiosk.objects.filter(holder=people[holder]).exists():
            kiosk = open_kiosk(holder=people[holder], by=admin, name=name, address=address,
                               district=districts[district], area=area, bank_account_name=people[holder].name,
                               tehsil=tehsils[(district, tehsil)] if tehsil else None,
                               bank_account_no="3012" + people[holder].mobile[-8:], ifsc="SBIN0031" + district[:3])
            if holder == "KIOSK.HOLDER":
                Membership.objects.create(person=people["KIOSK.OPERATOR"], role=Role.KIOSK_OPERATOR,
                                          kiosk=kiosk, added_by=people[holder])


def load_department_officers(people, admin):
    for sso_id, department_code, office_code in DEPT_OFFICERS:
        person = people[sso_id]
        if Membership.objects.registered().filter(person=person, role=Role.DEPT_OFFICER).exists():
            continue
        department = load_demo_department(department_code)
        office = Office.objects.get(code=office_code) if office_code else None
        add_department_officer(person, department, office, by=admin)


def load_catalogue():
    load_demo_catalogue()


def load_wallets():
    load_wallet_demo()


def load_applications():
    load_demo_applications()


def load_documents():
    load_demo_documents()


def load_payouts():
    load_demo_payouts()


def load_commissions():
    load_demo_rules()
    load_demo_tiers()


def load_commission_month():
    load_demo_month()
    load_demo_month_tiers()


LOADERS = [load_network, load_catalogue, load_wallets, load_documents, load_applications, load_commissions,
           load_payouts, load_commission_month]


def load_demo():
    """Load every part's demo data; running it twice changes nothing."""
    with transaction.atomic():
        for loader in LOADERS:
            loader()
