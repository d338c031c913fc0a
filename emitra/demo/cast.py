"""The demo's cast (issue 2, req. 10): its people, districts, tehsils, LSPs and kiosks, and
how a demo person is made. Each part's demo loader (catalogue.demo, applications.demo, ...)
reads these; emitra.demo.loaders loads them. This module imports no demo loader.
"""
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
