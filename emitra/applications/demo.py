"""Demo application forms of Rajasthan services and the officers who decide them (issue 11 req. 1).

Nine services of the demo catalogue get their forms as data: income, caste
(SC/ST and OBC), mool niwas (domicile), EWS, birth, death, adding a member to a
ration card and the old-age pension, with delivery times in the spirit of the
Rajasthan Public Services Guarantee Act. `load_demo_applications()` may run any
number of times: a form already there is left as it is (DoIT may have changed it).
"""
from emitra.demo.cast import identity_and_person


def text(key, en, hi, required=True, *, low=None, high=None, pattern="", certificate=False, hint=("", "")):
    return {"key": key, "type": "text", "label_en": en, "label_hi": hi, "required": required, "min": low,
            "max": high, "pattern": pattern, "certificate": certificate, "hint_en": hint[0], "hint_hi": hint[1]}


def number(key, en, hi, required=True, *, low=None, high=None, certificate=False):
    return {"key": key, "type": "number", "label_en": en, "label_hi": hi, "required": required, "min": low,
            "max": high, "certificate": certificate}


def date(key, en, hi, required=True, *, low="", high="today", certificate=False):
    return {"key": key, "type": "date", "label_en": en, "label_hi": hi, "required": required, "min": low,
            "max": high, "certificate": certificate}


def choice(key, en, hi, options, required=True, *, certificate=False):
    return {"key": key, "type": "choice", "label_en": en, "label_hi": hi, "required": required,
            "choices": [list(o) for o in options], "certificate": certificate}


def yesno(key, en, hi, required=True, *, certificate=False):
    return {"key": key, "type": "yesno", "label_en": en, "label_hi": hi, "required": required,
            "certificate": certificate}


def address(key="address", en="Permanent address", hi="स्थायी पता", *, certificate=True):
    return {"key": key, "type": "address", "label_en": en, "label_hi": hi, "required": True,
            "certificate": certificate}


def document(key, en, hi, kinds, required=True):
    return {"key": key, "type": "document", "label_en": en, "label_hi": hi, "required": required, "kinds": kinds}


GENDER = choice("gender", "Gender", "लिंग", [("female", "Female", "महिला"), ("male", "Male", "पुरुष"),
                                            ("other", "Other", "अन्य")], certificate=True)
FATHER = text("father_name", "Father's or husband's name", "पिता / पति का नाम", high=120, certificate=True)
DOB = date("date_of_birth", "Date of birth", "जन्म तिथि", low="01-01-1900", certificate=True)
JAN_AADHAAR = text("jan_aadhaar", "Jan Aadhaar number", "जन आधार संख्या", pattern=r"[0-9]{10}", high=10,
                   hint=("10 digits, as on the Jan Aadhaar card", "10 अंक, जैसे जन आधार कार्ड पर"))
PURPOSE = choice("purpose", "Purpose", "प्रयोजन", [
    ("education", "Education or admission", "शिक्षा / प्रवेश"), ("scholarship", "Scholarship", "छात्रवृत्ति"),
    ("job", "Government job", "सरकारी नौकरी"), ("scheme", "Government scheme", "सरकारी योजना"),
    ("other", "Other", "अन्य")], certificate=True)
ID_PROOF = document("id_proof", "Identity proof", "पहचान का प्रमाण", ["aadhaar", "jan_aadhaar"])
AFFIDAVIT = document("affidavit", "Self-declaration (affidavit)", "स्वघोषणा पत्र (शपथ पत्र)", ["affidavit"])
CASTE_FIELDS = [
    text("caste", "Caste", "जाति", high=60, certificate=True),
    text("father_caste_certificate", "Father's caste certificate number (if any)",
         "पिता के जाति प्रमाण पत्र की संख्या (यदि हो)", required=False, high=30),
    number("years_in_rajasthan", "Years of residence in Rajasthan", "राजस्थान में निवास के वर्ष", low=0, high=120),
    document("caste_proof", "Proof of caste (father's certificate or Jamabandi)",
             "जाति का प्रमाण (पिता का प्रमाण पत्र या जमाबंदी)", ["caste_proof"], required=False),
]

# service code, what is issued (English, Hindi), delivery days, fields
FORMS = [
    ("REV-INCOME", ("Income Certificate", "आय प्रमाण पत्र"), 7, [
        FATHER, DOB, GENDER, JAN_AADHAAR, PURPOSE,
        choice("occupation", "Occupation", "व्यवसाय", [
            ("agriculture", "Agriculture", "कृषि"), ("labour", "Labour", "मजदूरी"),
            ("business", "Business", "व्यवसाय / दुकान"), ("service", "Salaried job", "नौकरी"),
            ("other", "Other", "अन्य")]),
        number("annual_income", "Annual family income from all sources (₹)", "सभी स्रोतों से परिवार की वार्षिक आय (₹)",
               low=0, high=100_00_00_000, certificate=True),
        number("family_members", "Members of the family", "परिवार के सदस्यों की संख्या", low=1, high=30),
        address(), ID_PROOF, AFFIDAVIT,
        document("income_proof", "Proof of income (salary slip, ITR or Patwari report)",
                 "आय का प्रमाण (वेतन पर्ची, आयकर विवरणी या पटवारी रिपोर्ट)", ["income_proof"],
                 required=False),
    ]),
    ("REV-CASTE-SCST", ("Caste Certificate (Scheduled Caste / Scheduled Tribe)",
                        "जाति प्रमाण पत्र (अनुसूचित जाति / अनुसूचित जनजाति)"), 7, [
        FATHER, DOB, GENDER, JAN_AADHAAR,
        choice("category", "Category", "वर्ग", [("sc", "Scheduled Caste", "अनुसूचित जाति"),
                                                ("st", "Scheduled Tribe", "अनुसूचित जनजाति")], certificate=True),
        *CASTE_FIELDS, address(), ID_PROOF, AFFIDAVIT,
    ]),
    ("REV-CASTE-OBC", ("Caste Certificate (Other Backward Class, non-creamy layer)",
                       "जाति प्रमाण पत्र (अन्य पिछड़ा वर्ग, नॉन-क्रीमीलेयर)"), 7, [
        FATHER, DOB, GENDER, JAN_AADHAAR, *CASTE_FIELDS,
        number("annual_income", "Annual family income (₹)", "परिवार की वार्षिक आय (₹)", low=0, high=100_00_00_000),
        yesno("parent_class_one_officer", "Is either parent a Class I or II officer?",
              "क्या माता या पिता प्रथम या द्वितीय श्रेणी अधिकारी हैं?"),
        address(), ID_PROOF, AFFIDAVIT,
    ]),
    ("REV-DOMICILE", ("Bonafide Resident (Mool Niwas) Certificate", "मूल निवास प्रमाण पत्र"), 7, [
        FATHER, DOB, GENDER, JAN_AADHAAR, PURPOSE,
        text("birth_place", "Place of birth", "जन्म स्थान", high=100, certificate=True),
        number("years_in_rajasthan", "Years of residence in Rajasthan", "राजस्थान में निवास के वर्ष", low=10, high=120,
               certificate=True),
        yesno("father_domiciled", "Is the father a bonafide resident of Rajasthan?",
              "क्या पिता राजस्थान के मूल निवासी हैं?"),
        address(), ID_PROOF, AFFIDAVIT,
        document("residence_proof", "Proof of residence for ten years", "दस वर्ष के निवास का प्रमाण",
                 ["residence_proof", "ration_card"]),
    ]),
    ("REV-EWS", ("Economically Weaker Section (EWS) Income and Asset Certificate",
                 "आर्थिक रूप से कमजोर वर्ग (ईडब्ल्यूएस) आय एवं संपत्ति प्रमाण पत्र"), 15, [
        FATHER, DOB, GENDER, JAN_AADHAAR,
        text("caste", "Caste (not SC, ST or OBC)", "जाति (अनुसूचित जाति, जनजाति या अन्य पिछड़ा वर्ग नहीं)", high=60,
             certificate=True),
        number("annual_income", "Annual family income of the last financial year (₹)",
               "पिछले वित्तीय वर्ष की परिवार की वार्षिक आय (₹)", low=0, high=8_00_000, certificate=True),
        yesno("agricultural_land", "Does the family own agricultural land?", "क्या परिवार के पास कृषि भूमि है?"),
        number("land_bigha", "Agricultural land (bigha), 0 if none", "कृषि भूमि (बीघा), न हो तो 0", low=0, high=10_000,
               required=False),
        number("house_sq_ft", "Residential house or plot (square feet)", "आवासीय मकान या भूखंड (वर्ग फुट)", low=0,
               high=1_00_000),
        address(), ID_PROOF, AFFIDAVIT,
    ]),
    ("DES-BIRTH", ("Birth Certificate", "जन्म प्रमाण पत्र"), 7, [
        text("child_name", "Child's name (if given)", "बच्चे का नाम (यदि रखा हो)", required=False, high=120,
             certificate=True),
        GENDER,
        date("date_of_birth", "Date of birth", "जन्म तिथि", low="01-01-1970", certificate=True),
        choice("place_of_birth", "Place of birth", "जन्म का स्थान", [
            ("hospital", "Hospital or health centre", "अस्पताल / स्वास्थ्य केंद्र"), ("home", "Home", "घर"),
            ("other", "Other", "अन्य")], certificate=True),
        text("hospital_name", "Hospital's name (if born in one)", "अस्पताल का नाम (यदि वहाँ जन्म हुआ)", required=False,
             high=150),
        text("father_name", "Father's name", "पिता का नाम", high=120, certificate=True),
        text("mother_name", "Mother's name", "माता का नाम", high=120, certificate=True),
        text("informant", "Informant's name", "सूचना देने वाले का नाम", high=120),
        address("address", "Parents' address at the time of birth", "जन्म के समय माता-पिता का पता"),
        document("hospital_slip", "Hospital discharge slip or birth report", "अस्पताल डिस्चार्ज पर्ची या जन्म रिपोर्ट",
                 ["birth_proof"], required=False),
    ]),
    ("DES-DEATH", ("Death Certificate", "मृत्यु प्रमाण पत्र"), 7, [
        text("deceased_name", "Name of the deceased", "मृतक का नाम", high=120, certificate=True),
        GENDER, FATHER,
        number("age", "Age at death (years)", "मृत्यु के समय आयु (वर्ष)", low=0, high=125, certificate=True),
        date("date_of_death", "Date of death", "मृत्यु की तिथि", low="01-01-1970", certificate=True),
        choice("place_of_death", "Place of death", "मृत्यु का स्थान", [
            ("hospital", "Hospital", "अस्पताल"), ("home", "Home", "घर"), ("other", "Other", "अन्य")],
               certificate=True),
        text("informant", "Informant's name", "सूचना देने वाले का नाम", high=120),
        choice("informant_relation", "Informant's relation to the deceased", "मृतक से सूचना देने वाले का संबंध", [
            ("spouse", "Husband or wife", "पति / पत्नी"), ("child", "Son or daughter", "पुत्र / पुत्री"),
            ("parent", "Father or mother", "पिता / माता"), ("other", "Other", "अन्य")]),
        address("address", "Address of the deceased", "मृतक का पता"),
        document("death_report", "Hospital's death report or cremation slip", "अस्पताल की मृत्यु रिपोर्ट या श्मशान पर्ची",
                 ["death_proof"], required=False),
    ]),
    ("FOOD-RATION-MEMBER", ("Ration card with the member added", "सदस्य जोड़ा गया राशन कार्ड"), 30, [
        text("ration_card", "Ration card number", "राशन कार्ड संख्या", pattern=r"[0-9]{12}", high=12,
             certificate=True, hint=("12 digits", "12 अंक")),
        text("head_of_family", "Head of the family", "परिवार के मुखिया का नाम", high=120, certificate=True),
        text("member_name", "New member's name", "नए सदस्य का नाम", high=120, certificate=True),
        choice("relation", "Relation to the head of the family", "मुखिया से संबंध", [
            ("spouse", "Husband or wife", "पति / पत्नी"), ("son", "Son", "पुत्र"), ("daughter", "Daughter", "पुत्री"),
            ("daughter_in_law", "Daughter-in-law", "पुत्रवधू"), ("parent", "Father or mother", "पिता / माता"),
            ("other", "Other", "अन्य")], certificate=True),
        date("member_dob", "New member's date of birth", "नए सदस्य की जन्म तिथि", low="01-01-1900"),
        GENDER,
        choice("reason", "Reason for adding", "जोड़ने का कारण", [
            ("birth", "Birth", "जन्म"), ("marriage", "Marriage", "विवाह"), ("other", "Other", "अन्य")]),
        JAN_AADHAAR, address(),
        document("member_proof", "Birth or marriage certificate of the member", "सदस्य का जन्म या विवाह प्रमाण पत्र",
                 ["birth_proof", "other"]),
    ]),
    ("SJE-PENSION-OLDAGE", ("Old Age Pension sanction order", "वृद्धावस्था पेंशन स्वीकृति आदेश"), 30, [
        FATHER, date("date_of_birth", "Date of birth (women 55, men 58 years or more)",
                     "जन्म तिथि (महिला 55, पुरुष 58 वर्ष या अधिक)", low="01-01-1900", certificate=True),
        GENDER, JAN_AADHAAR,
        number("annual_income", "Annual family income (₹)", "परिवार की वार्षिक आय (₹)", low=0, high=48_000),
        yesno("bpl", "Is the family BPL or Antyodaya?", "क्या परिवार बीपीएल या अंत्योदय है?"),
        text("bank_account", "Bank account number", "बैंक खाता संख्या", pattern=r"[0-9]{9,18}", high=18,
             hint=("9 to 18 digits", "9 से 18 अंक")),
        text("ifsc", "IFSC of the bank branch", "बैंक शाखा का आईएफएससी", pattern=r"[A-Z]{4}0[A-Z0-9]{6}", high=11,
             hint=("11 characters, like SBIN0001234", "11 अक्षर, जैसे SBIN0001234")),
        address(),
        document("age_proof", "Proof of age", "आयु का प्रमाण", ["age_proof", "aadhaar"]),
        document("passbook", "Bank passbook's first page", "बैंक पासबुक का पहला पृष्ठ", ["bank_passbook"]),
    ]),
]

# (SSO ID, name, mobile, e-mail, department, office code or None)
OFFICERS = [
    ("TEHSIL.SANGANER", "Ramesh Chand Jangid", "9414000021", "tehsil.sanganer@emitra.localhost", "REVENUE",
     "REVENUE-JPR-SANGANER"),
    ("TEHSIL.CHAKSU", "Kiran Kanwar", "9414000024", "tehsil.chaksu@emitra.localhost", "REVENUE",
     "REVENUE-JPR-CHAKSU"),
    ("COLLECTOR.JAIPUR", "Alok Saxena", "9414000022", "collector.jaipur@emitra.localhost", "REVENUE", "REVENUE-JPR"),
    ("REGISTRAR.SANGANER", "Meera Choudhary", "9414000023", "registrar.sanganer@emitra.localhost", "DES",
     "DES-JPR-SANGANER"),
    ("DSO.JAIPUR", "Suresh Kumar Bairwa", "9414000025", "dso.jaipur@emitra.localhost", "FOOD", "FOOD-JPR"),
    ("SJED.JAIPUR", "Neelam Sharma", "9414000026", "sjed.jaipur@emitra.localhost", "SJED", "SJED-JPR"),
]


def load_demo_applications():
    from emitra.accounts.models import Membership, Role
    from emitra.accounts.services import add_department_officer
    from emitra.applications.models import FormDefinition
    from emitra.applications.services import save_form
    from emitra.catalogue.models import Office, Service

    from emitra.documents.demo import load_document_kinds

    load_document_kinds()  # the slots name these kinds
    admin = identity_and_person("DOIT.ADMIN", "Anita Mathur", "9414000001", "doit.admin@emitra.localhost")
    for code, (output_en, output_hi), days, fields in FORMS:
        service = Service.objects.get(code=code)
        if not FormDefinition.objects.filter(service=service).exists():
            save_form(service, by=admin, fields=fields, sla_days=days, output_en=output_en, output_hi=output_hi)
    for sso_id, name, mobile, email, department, office in OFFICERS:
        person = identity_and_person(sso_id, name, mobile, email)
        if not Membership.objects.registered().filter(person=person, role=Role.DEPT_OFFICER).exists():
            office = Office.objects.get(code=office)
            add_department_officer(person, office.department, office, by=admin)
