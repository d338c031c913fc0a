"""Demo data (`emitra demo`, idempotent): the network, its people and their
kiosks, so that a new install shows every desk at once (issue 2, req. 10).

Each later part of the portal adds its own demo loader to LOADERS.
"""
from django.db import transaction

DEMO_PASSWORD = "emitra-demo"

# (SSO ID, name, mobile, e-mail)
PEOPLE = [
    ("DOIT.ADMIN", "Anita Mathur", "9414000001", "doit.admin@emitra.localhost"),
    ("LSP.JAIPUR", "Rakesh Sharma", "9414000002", "lsp.jaipur@emitra.localhost"),
    ("LSP.JODHPUR", "Mahendra Singh Rathore", "9414000003", "lsp.jodhpur@emitra.localhost"),
    ("KIOSK.HOLDER", "Sunita Meena", "9414000004", "kiosk.holder@emitra.localhost"),
    ("KIOSK.OPERATOR", "Imran Khan", "9414000005", "kiosk.operator@emitra.localhost"),
    ("DEPT.OFFICER", "Vikram Choudhary", "9414000006", "dept.officer@emitra.localhost"),
    ("CITIZEN.DEMO", "Kamla Devi", "9414000007", "citizen.demo@emitra.localhost"),
    ("HOLDER.SANGANER", "Gopal Saini", "9414000008", "holder.sanganer@emitra.localhost"),
    ("HOLDER.MANDORE", "Pushpa Bishnoi", "9414000009", "holder.mandore@emitra.localhost"),
    ("HOLDER.PHALODI", "Ramesh Purohit", "9414000010", "holder.phalodi@emitra.localhost"),
    ("DEPT.JODHPUR", "Laxman Bhati", "9414000011", "dept.jodhpur@emitra.localhost"),
]

# Department officers (F29): (SSO ID, department, office code or None for the whole department).
# Water (PHED) has bills collected at every demo kiosk.
DEPT_OFFICERS = [("DEPT.OFFICER", "PHED", None), ("DEPT.JODHPUR", "PHED", "PHED-JDH")]

# The one list of demo districts: the catalogue's demo offices are made for these codes.
DISTRICTS = [
    ("JPR", "Jaipur", "जयपुर", "LSP-JPR"),
    ("JDH", "Jodhpur", "जोधपुर", "LSP-JDH"),
    ("AJM", "Ajmer", "अजमेर", None),
    ("UDR", "Udaipur", "उदयपुर", None),
    ("KOT", "Kota", "कोटा", None),
    ("BKN", "Bikaner", "बीकानेर", None),
]
# district code -> its demo tehsils (English, Hindi): network.Tehsil rows (code
# "<district>-<NAME>") and the catalogue's tehsil offices are made from this one list.
TEHSILS = {
    "JPR": [("Sanganer", "सांगानेर"), ("Amer", "आमेर"), ("Chomu", "चौमूं"), ("Chaksu", "चाकसू")],
    "JDH": [("Jodhpur", "जोधपुर"), ("Bilara", "बिलाड़ा"), ("Osian", "ओसियां")],
    "AJM": [("Ajmer", "अजमेर"), ("Kishangarh", "किशनगढ़"), ("Nasirabad", "नसीराबाद")],
    "UDR": [("Girwa", "गिर्वा"), ("Mavli", "मावली")],
    "KOT": [("Ladpura", "लाडपुरा"), ("Ramganj Mandi", "रामगंज मंडी")],
    "BKN": [("Bikaner", "बीकानेर"), ("Nokha", "नोखा")],
}


def tehsil_code(district_code, name_en):
    return f"{district_code}-{name_en.upper().replace(' ', '')}"


# codes earlier demo data used, renamed on the next `emitra demo` while no kiosk uses them
RENAMED_DISTRICTS = {"KTA": "KOT"}

LSPS = [("LSP-JPR", "Jaipur e-Mitra Services (LSP)"), ("LSP-JDH", "Marwar Digital Seva (LSP)")]

# (holder, kiosk name, address, district, area, tehsil or None)
KIOSKS = [
    ("KIOSK.HOLDER", "Meena e-Mitra Kendra", "Shop 4, Ward 12, Chaksu", "JPR", "rural", "Chaksu"),
    ("HOLDER.SANGANER", "Saini Digital Seva", "Near bus stand, Sanganer", "JPR", "urban", "Sanganer"),
    ("HOLDER.MANDORE", "Mandore e-Mitra", "Main market, Mandore", "JDH", "urban", "Jodhpur"),
    # Phalodi is a district of its own since 2023, outside the demo's districts: a kiosk
    # that records no tehsil, as kiosks opened before tehsils were known do
    ("HOLDER.PHALODI", "Purohit Jan Seva Kendra", "Gandhi chowk, Phalodi", "JDH", "rural", None),
]


def identity_and_person(sso_id, name, mobile, email):
    from emitra.accounts.models import Person
    from emitra.accounts.oidc import BUNDLED
    from emitra.sso.models import Identity

    identity = Identity.objects.filter(sso_id=sso_id).first()
    if identity is None:
        identity = Identity.objects.create_user(sso_id=sso_id, password=DEMO_PASSWORD, name=name, mobile=mobile,
                                                email=email)
    person, _ = Person.objects.get_or_create(
        issuer=BUNDLED, subject=str(identity.pk),
        defaults={"sso_id": sso_id, "name": name, "mobile": mobile, "email": email})
    return person


def load_network():
    from emitra.accounts.models import Membership, Role
    from emitra.network.models import LSP, District, Kiosk, Tehsil
    from emitra.network.services import open_kiosk

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
    _department_officers(people, admin)
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


def _department_officers(people, admin):
    from emitra.accounts.models import Membership, Role
    from emitra.accounts.services import add_department_officer
    from emitra.catalogue.demo import load_demo_department
    from emitra.catalogue.models import Office

    for sso_id, department_code, office_code in DEPT_OFFICERS:
        person = people[sso_id]
        if Membership.objects.registered().filter(person=person, role=Role.DEPT_OFFICER).exists():
            continue
        department = load_demo_department(department_code)
        office = Office.objects.get(code=office_code) if office_code else None
        add_department_officer(person, department, office, by=admin)


def load_catalogue():
    from emitra.catalogue.demo import load_demo_catalogue

    load_demo_catalogue()


def load_wallets():
    from emitra.wallet.demo import load_wallet_demo

    load_wallet_demo()


def load_applications():
    from emitra.applications.demo import load_demo_applications

    load_demo_applications()


def load_documents():
    from emitra.documents.demo import load_demo_documents

    load_demo_documents()


def load_payouts():
    from emitra.payouts.demo import load_demo_payouts

    load_demo_payouts()


def load_commissions():
    from emitra.commissions.demo import load_demo_rules

    load_demo_rules()


def load_commission_month():
    from emitra.core.volume import load_demo_month

    load_demo_month()


LOADERS = [load_network, load_catalogue, load_wallets, load_documents, load_applications, load_commissions,
           load_payouts, load_commission_month]


def load_demo():
    """Load every part's demo data; running it twice changes nothing."""
    with transaction.atomic():
        for loader in LOADERS:
            loader()
