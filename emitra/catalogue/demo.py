"""Demo catalogue of a state like Rajasthan (issue 4 req. 1): departments with their
offices and revenue heads, and services at realistic fees. `load_demo_catalogue()`
may run any number of times: it updates rows by code and never duplicates them.
"""
from django.db import transaction

from emitra.demo.cast import DISTRICTS as NETWORK_DISTRICTS
from emitra.demo.cast import TEHSILS, tehsil_code

from emitra.catalogue.models import (
    CatalogueStamp,
    Department,
    Office,
    RevenueHead,
    Service,
    ServiceFeePart,
)

BILL = Service.Kind.BILL_PAYMENT
APP = Service.Kind.APPLICATION
FIXED = Service.AmountRule.FIXED
EXACT = Service.AmountRule.BILL_EXACT
ANY = Service.AmountRule.BILL_ANY

# code, English, Hindi, revenue heads [(code, name, name in Hindi)]
DEPARTMENTS = [
    ("JVVNL", "Jaipur Vidyut Vitran Nigam Ltd", "जयपुर विद्युत वितरण निगम लिमिटेड",
     [("JVVNL-ENERGY", "Energy charges collection", "ऊर्जा शुल्क संग्रहण")]),
    ("AVVNL", "Ajmer Vidyut Vitran Nigam Ltd", "अजमेर विद्युत वितरण निगम लिमिटेड",
     [("AVVNL-ENERGY", "Energy charges collection", "ऊर्जा शुल्क संग्रहण")]),
    ("JDVVNL", "Jodhpur Vidyut Vitran Nigam Ltd", "जोधपुर विद्युत वितरण निगम लिमिटेड",
     [("JDVVNL-ENERGY", "Energy charges collection", "ऊर्जा शुल्क संग्रहण")]),
    ("PHED", "Public Health Engineering Department", "जन स्वास्थ्य अभियांत्रिकी विभाग",
     [("0215-01-102", "Water supply: receipts from water charges", "जल प्रदाय: जल शुल्क से प्राप्तियाँ")]),
    ("BSNL", "Bharat Sanchar Nigam Ltd", "भारत संचार निगम लिमिटेड",
     [("BSNL-BILLS", "Telephone bill collection", "टेलीफ़ोन बिल संग्रहण")]),
    ("REVENUE", "Revenue Department", "राजस्व विभाग",
     [("0029-00-800", "Land revenue: other receipts", "भू-राजस्व: अन्य प्राप्तियाँ"), ("0070-01-501", "Services and service fees", "सेवाएँ एवं सेवा शुल्क")]),
    ("DES", "Directorate of Economics and Statistics", "आर्थिक एवं सांख्यिकी निदेशालय",
     [("0070-60-800", "Birth, death and marriage registration fees", "जन्म, मृत्यु एवं विवाह पंजीयन शुल्क")]),
    ("FOOD", "Food, Civil Supplies and Consumer Affairs Department",
     "खाद्य, नागरिक आपूर्ति एवं उपभोक्ता मामले विभाग",
     [("0408-01-800", "Food: other receipts", "खाद्य: अन्य प्राप्तियाँ")]),
    ("PLANNING", "Planning Department (Jan Aadhaar)", "आयोजना विभाग (जन आधार)",
     [("1475-00-800", "Jan Aadhaar service fees", "जन आधार सेवा शुल्क")]),
    ("SJED", "Social Justice and Empowerment Department", "सामाजिक न्याय एवं अधिकारिता विभाग",
     [("0235-60-800", "Social security: other receipts", "सामाजिक सुरक्षा: अन्य प्राप्तियाँ")]),
    ("TRANSPORT", "Transport Department", "परिवहन विभाग",
     [("0041-00-101", "Taxes on vehicles: motor vehicle tax", "वाहनों पर कर: मोटर वाहन कर"), ("0041-00-102", "Fees under the Motor Vehicles Act", "मोटर वाहन अधिनियम के अंतर्गत शुल्क"),
      ("0041-00-800", "Fines (e-challan)", "जुर्माना (ई-चालान)")]),
    ("POLICE", "Rajasthan Police", "राजस्थान पुलिस",
     [("0055-00-501", "Police: services and service fees", "पुलिस: सेवाएँ एवं सेवा शुल्क")]),
    ("LSG", "Local Self Government Department", "स्वायत्त शासन विभाग",
     [("0217-60-800", "Urban development: taxes and fees", "नगरीय विकास: कर एवं शुल्क")]),
    ("LABOUR", "Labour Department", "श्रम विभाग",
     [("0230-00-800", "Building and other construction workers welfare cess", "भवन एवं अन्य सन्निर्माण श्रमिक कल्याण उपकर")]),
    ("BSER", "Board of Secondary Education Rajasthan", "माध्यमिक शिक्षा बोर्ड राजस्थान",
     [("BSER-FEES", "Board fees", "बोर्ड शुल्क")]),
    ("RPSC", "Rajasthan Public Service Commission", "राजस्थान लोक सेवा आयोग",
     [("0051-00-105", "Examination fees", "परीक्षा शुल्क")]),
    ("RSSB", "Rajasthan Staff Selection Board", "राजस्थान कर्मचारी चयन बोर्ड",
     [("0051-00-106", "Registration and examination fees", "पंजीयन एवं परीक्षा शुल्क")]),
    ("IGRS", "Registration and Stamps Department", "पंजीयन एवं मुद्रांक विभाग",
     [("0030-02-102", "Sale of stamps", "स्टाम्प विक्रय"), ("0030-03-104", "Fees for copies of documents", "दस्तावेज़ों की प्रतियों का शुल्क")]),
    ("HEALTH", "Medical, Health and Family Welfare Department", "चिकित्सा, स्वास्थ्य एवं परिवार कल्याण विभाग",
     [("0210-04-800", "Public health insurance contributions", "जन स्वास्थ्य बीमा अंशदान")]),
    ("AGRICULTURE", "Agriculture Department", "कृषि विभाग",
     [("0401-00-800", "Crop husbandry: other receipts", "फ़सल कृषि: अन्य प्राप्तियाँ")]),
    ("LIC", "Life Insurance Corporation of India", "भारतीय जीवन बीमा निगम",
     [("LIC-PREMIUM", "Premium collection", "प्रीमियम संग्रहण")]),
    ("RSGL", "Rajasthan State Gas Ltd", "राजस्थान स्टेट गैस लिमिटेड",
     [("RSGL-BILLS", "Piped gas bill collection", "पाइप गैस बिल संग्रहण")]),
]

# F20: the name each department's cheques are drawn in (issue 9 item 23); the same table
# fills existing demo departments in migration catalogue 0003.
PAYEES = {
    "JVVNL": "Jaipur Vidyut Vitran Nigam Ltd.",
    "AVVNL": "Ajmer Vidyut Vitran Nigam Ltd.",
    "JDVVNL": "Jodhpur Vidyut Vitran Nigam Ltd.",
    "PHED": "Executive Engineer, PHED Rajasthan",
    "BSNL": "Bharat Sanchar Nigam Ltd.",
    "REVENUE": "Revenue Department, Government of Rajasthan",
    "DES": "Directorate of Economics and Statistics, Rajasthan",
    "FOOD": "Food and Civil Supplies Department, Rajasthan",
    "PLANNING": "Planning Department, Government of Rajasthan",
    "SJED": "Social Justice and Empowerment Department, Rajasthan",
    "TRANSPORT": "Transport Department, Government of Rajasthan",
    "POLICE": "Rajasthan Police",
    "LSG": "Local Self Government Department, Rajasthan",
    "LABOUR": "Rajasthan Building and Other Construction Workers Welfare Board",
    "BSER": "Secretary, Board of Secondary Education Rajasthan",
    "RPSC": "Secretary, Rajasthan Public Service Commission",
    "RSSB": "Rajasthan Staff Selection Board",
    "IGRS": "Inspector General of Registration and Stamps, Rajasthan",
    "HEALTH": "Rajasthan State Health Assurance Agency",
    "AGRICULTURE": "Agriculture Department, Government of Rajasthan",
    "LIC": "Life Insurance Corporation of India",
    "RSGL": "Rajasthan State Gas Ltd.",
}

# The network's demo districts (emitra.demo.cast), so that every office's district_code
# names a real network.District and a district office covers its kiosks (F29).
DISTRICTS = [(code, name_en, name_hi) for code, name_en, name_hi, _lsp in NETWORK_DISTRICTS]

# departments whose applications go down to tehsil offices
TEHSIL_DEPARTMENTS = ("REVENUE", "DES")

# The districts each distribution company serves, among the demo districts.
DISCOM_DISTRICTS = {"JVVNL": ("JPR", "KOT"), "AVVNL": ("AJM", "UDR"), "JDVVNL": ("JDH", "BKN")}

# (code, department, kind, amount rule, English, Hindi, government fee and
#  service charge in rupees, keywords, biller, department confirms, cancel hours,
#  fee parts [(head code, rupees)] when the fee is split)
SERVICES = [
    ("JVVNL-BILL", "JVVNL", BILL, EXACT, "Electricity Bill (Jaipur Discom)", "बिजली बिल (जयपुर डिस्कॉम)", 0, 0,
     "electricity bijli light power bill vidyut jaipur discom jvvnl बिजली लाइट", "demo", True, 24, None),
    ("AVVNL-BILL", "AVVNL", BILL, EXACT, "Electricity Bill (Ajmer Discom)", "बिजली बिल (अजमेर डिस्कॉम)", 0, 0,
     "electricity bijli light power bill vidyut ajmer discom avvnl बिजली लाइट", "demo", True, 24, None),
    ("JDVVNL-BILL", "JDVVNL", BILL, EXACT, "Electricity Bill (Jodhpur Discom)", "बिजली बिल (जोधपुर डिस्कॉम)", 0, 0,
     "electricity bijli light power bill vidyut jodhpur discom jdvvnl बिजली लाइट", "demo", True, 24, None),
    ("JVVNL-NEWCONN", "JVVNL", APP, FIXED, "New Electricity Connection (Jaipur Discom)",
     "नया बिजली कनेक्शन (जयपुर डिस्कॉम)", 100, 50, "electricity connection naya bijli meter", "", False, 2, None),
    ("AVVNL-NEWCONN", "AVVNL", APP, FIXED, "New Electricity Connection (Ajmer Discom)",
     "नया बिजली कनेक्शन (अजमेर डिस्कॉम)", 100, 50, "electricity connection naya bijli meter", "", False, 2, None),
    ("JDVVNL-NEWCONN", "JDVVNL", APP, FIXED, "New Electricity Connection (Jodhpur Discom)",
     "नया बिजली कनेक्शन (जोधपुर डिस्कॉम)", 100, 50, "electricity connection naya bijli meter", "", False, 2, None),
    ("JVVNL-LOAD", "JVVNL", APP, FIXED, "Electricity Load Change (Jaipur Discom)",
     "बिजली भार परिवर्तन (जयपुर डिस्कॉम)", 50, 50, "load extension bijli bhar kilowatt", "", False, 2, None),
    ("PHED-BILL", "PHED", BILL, EXACT, "Water Bill (PHED)", "पानी का बिल (जलदाय विभाग)", 0, 0,
     "water pani paani jal jaldaay phed water supply पानी जल", "demo", False, 24, None),
    ("PHED-NEWCONN", "PHED", APP, FIXED, "New Water Connection", "नया जल कनेक्शन", 500, 50,
     "water connection pani nal tap jal", "", False, 2, None),
    ("PHED-NAMECHANGE", "PHED", APP, FIXED, "Water Connection Name Change", "जल कनेक्शन नाम परिवर्तन", 100, 50,
     "water connection name transfer pani naam", "", False, 2, None),
    ("BSNL-LANDLINE", "BSNL", BILL, EXACT, "BSNL Landline Bill", "बीएसएनएल लैंडलाइन बिल", 0, 0,
     "telephone phone landline bsnl fone टेलीफोन", "demo", False, 24, None),
    ("BSNL-BROADBAND", "BSNL", BILL, ANY, "BSNL Broadband and FTTH Bill", "बीएसएनएल ब्रॉडबैंड बिल", 0, 0,
     "internet broadband ftth fiber wifi bsnl", "demo", False, 24, None),
    ("BSNL-POSTPAID", "BSNL", BILL, EXACT, "BSNL Postpaid Mobile Bill", "बीएसएनएल पोस्टपेड मोबाइल बिल", 0, 0,
     "mobile postpaid phone bsnl", "demo", False, 24, None),
    ("REV-INCOME", "REVENUE", APP, FIXED, "Income Certificate", "आय प्रमाण पत्र", 10, 40,
     "aay praman patra income certificate aay pramaan amdani", "", False, 2, None),
    ("REV-CASTE-SCST", "REVENUE", APP, FIXED, "Caste Certificate (SC/ST)",
     "जाति प्रमाण पत्र (अनुसूचित जाति/जनजाति)", 10, 40,
     "caste jati praman patra sc st scheduled anusuchit", "", False, 2, None),
    ("REV-CASTE-OBC", "REVENUE", APP, FIXED, "Caste Certificate (OBC)", "जाति प्रमाण पत्र (अन्य पिछड़ा वर्ग)", 10, 40,
     "caste jati praman patra obc backward class creamy layer pichhda", "", False, 2, None),
    ("REV-DOMICILE", "REVENUE", APP, FIXED, "Domicile (Bonafide Resident) Certificate", "मूल निवास प्रमाण पत्र",
     10, 40, "domicile mool niwas nivas bonafide resident praman patra", "", False, 2, None),
    ("REV-EWS", "REVENUE", APP, FIXED, "EWS Certificate (Economically Weaker Section)",
     "आर्थिक रूप से कमजोर वर्ग (ईडब्ल्यूएस) प्रमाण पत्र", 10, 40,
     "ews economically weaker section arthik kamjor praman patra", "", False, 2, None),
    ("REV-SOLVENCY", "REVENUE", APP, FIXED, "Solvency Certificate", "हैसियत प्रमाण पत्र", 100, 50,
     "solvency haisiyat praman patra", "", False, 2, None),
    ("REV-JAMABANDI", "REVENUE", APP, FIXED, "Copy of Jamabandi (Land Record)", "जमाबंदी की नकल", 10, 10,
     "land record jamabandi nakal bhulekh apna khata khatauni zameen", "", False, 2, None),
    ("REV-KHASRA", "REVENUE", APP, FIXED, "Copy of Khasra Girdawari", "खसरा गिरदावरी की नकल", 10, 10,
     "land record khasra girdawari nakal bhulekh crop", "", False, 2, None),
    ("REV-NAKSHA", "REVENUE", APP, FIXED, "Copy of Land Map (Naksha)", "भू-नक्शे की नकल", 20, 10,
     "land map naksha bhu naksha nakal", "", False, 2, None),
    ("REV-MUTATION", "REVENUE", APP, FIXED, "Mutation (Namantaran) of Land", "भूमि नामांतरण आवेदन", 100, 50,
     "mutation namantaran land transfer inheritance", "", False, 2, None),
    ("REV-CONVERSION", "REVENUE", APP, FIXED, "Land Conversion (Section 90-A)", "भूमि रूपांतरण (धारा 90-ए)", 500, 50,
     "land conversion 90a bhu rupantaran agriculture residential", "", False, 2, None),
    ("DES-BIRTH", "DES", APP, FIXED, "Birth Certificate", "जन्म प्रमाण पत्र", 10, 40,
     "birth janm praman patra registration pehchan", "", False, 2, None),
    ("DES-DEATH", "DES", APP, FIXED, "Death Certificate", "मृत्यु प्रमाण पत्र", 10, 40,
     "death mrityu praman patra registration pehchan", "", False, 2, None),
    ("DES-BIRTH-LATE", "DES", APP, FIXED, "Delayed Birth Registration", "विलंबित जन्म पंजीकरण", 10, 40,
     "late delayed birth registration janm vilambit", "", False, 2, None),
    ("DES-MARRIAGE", "DES", APP, FIXED, "Marriage Registration Certificate", "विवाह पंजीयन प्रमाण पत्र", 10, 50,
     "marriage vivah shadi registration praman patra", "", False, 2, None),
    ("FOOD-RATION-NEW", "FOOD", APP, FIXED, "New Ration Card", "नया राशन कार्ड", 0, 50,
     "ration card rashan khadya naya", "", False, 2, None),
    ("FOOD-RATION-MEMBER", "FOOD", APP, FIXED, "Add a Member to Ration Card", "राशन कार्ड में सदस्य जोड़ना", 0, 50,
     "ration card rashan member add sadasya", "", False, 2, None),
    ("FOOD-RATION-DUP", "FOOD", APP, FIXED, "Duplicate Ration Card", "डुप्लीकेट राशन कार्ड", 10, 50,
     "ration card rashan duplicate lost", "", False, 2, None),
    ("FOOD-NFSA", "FOOD", APP, FIXED, "Food Security (NFSA) Inclusion", "खाद्य सुरक्षा योजना में नाम जोड़ना", 0, 50,
     "nfsa food security khadya suraksha ration gehu wheat", "", False, 2, None),
    ("JANAADHAAR-ENROL", "PLANNING", APP, FIXED, "Jan Aadhaar Enrolment", "जन आधार नामांकन", 0, 30,
     "jan aadhaar janaadhar jan aadhar family card bhamashah enrolment", "", False, 2, None),
    ("JANAADHAAR-UPDATE", "PLANNING", APP, FIXED, "Jan Aadhaar Update", "जन आधार संशोधन", 0, 30,
     "jan aadhaar janaadhar update correction sanshodhan", "", False, 2, None),
    ("JANAADHAAR-PRINT", "PLANNING", APP, FIXED, "Jan Aadhaar Card Print", "जन आधार कार्ड प्रिंट", 0, 20,
     "jan aadhaar card print colour pvc", "", False, 2, None),
    ("SJE-PALANHAR", "SJED", APP, FIXED, "Palanhar Scheme", "पालनहार योजना", 0, 50,
     "palanhar orphan anath child yojana", "", False, 2, None),
    ("SJE-PENSION-OLDAGE", "SJED", APP, FIXED, "Old Age Pension", "वृद्धावस्था पेंशन", 0, 50,
     "old age pension vridhavastha budhapa senior citizen", "", False, 2, None),
    ("SJE-PENSION-WIDOW", "SJED", APP, FIXED, "Widow and Single Woman Pension", "विधवा एवं एकल नारी पेंशन", 0, 50,
     "widow pension vidhwa ekal nari single woman", "", False, 2, None),
    ("SJE-PENSION-DIVYANG", "SJED", APP, FIXED, "Disability Pension", "विशेष योग्यजन पेंशन", 0, 50,
     "disability pension divyang viklang handicapped vishesh yogyajan", "", False, 2, None),
    ("SJE-PENSION-VERIFY", "SJED", APP, FIXED, "Pensioner Annual Verification", "पेंशनर वार्षिक सत्यापन", 0, 20,
     "pension verification life certificate jeevan praman satyapan", "", False, 2, None),
    ("SJE-SCHOLARSHIP", "SJED", APP, FIXED, "Post-Matric Scholarship", "उत्तर मैट्रिक छात्रवृत्ति", 0, 50,
     "scholarship chhatravritti student post matric", "", False, 2, None),
    ("RTO-LL", "TRANSPORT", APP, FIXED, "Learner's Driving Licence", "लर्निंग ड्राइविंग लाइसेंस", 350, 50,
     "rto learner licence ll driving license dl parivahan", "", False, 2,
     [("0041-00-102", 200), ("0041-00-101", 150)]),
    ("RTO-DL-RENEW", "TRANSPORT", APP, FIXED, "Driving Licence Renewal", "ड्राइविंग लाइसेंस नवीनीकरण", 400, 50,
     "rto driving license licence dl renewal parivahan", "", False, 2, None),
    ("RTO-DL-DUP", "TRANSPORT", APP, FIXED, "Duplicate Driving Licence", "डुप्लीकेट ड्राइविंग लाइसेंस", 400, 50,
     "rto driving license licence dl duplicate lost", "", False, 2, None),
    ("RTO-RC-TRANSFER", "TRANSPORT", APP, FIXED, "Vehicle Ownership Transfer", "वाहन स्वामित्व हस्तांतरण", 300, 50,
     "rto vehicle rc transfer ownership gadi vahan", "", False, 2, None),
    ("RTO-ROADTAX", "TRANSPORT", BILL, EXACT, "Vehicle Road Tax", "वाहन कर (रोड टैक्स)", 0, 10,
     "rto road tax vehicle vahan kar motor", "demo", True, 24, None),
    ("RTO-CHALLAN", "TRANSPORT", BILL, EXACT, "Traffic e-Challan", "यातायात ई-चालान", 0, 10,
     "traffic challan fine echallan penalty jurmana", "demo", True, 24, None),
    ("POL-TENANT", "POLICE", APP, FIXED, "Tenant Verification", "किरायेदार सत्यापन", 0, 50,
     "police tenant verification kirayedar satyapan rent", "", False, 2, None),
    ("POL-CHARACTER", "POLICE", APP, FIXED, "Character (Police) Verification Certificate",
     "चरित्र सत्यापन प्रमाण पत्र", 0, 50, "police verification character charitra pcc clearance", "", False, 2, None),
    ("POL-SERVANT", "POLICE", APP, FIXED, "Domestic Help Verification", "घरेलू सहायक सत्यापन", 0, 50,
     "police servant domestic help naukar verification", "", False, 2, None),
    ("POL-FIR-COPY", "POLICE", APP, FIXED, "Copy of FIR", "एफआईआर की प्रति", 0, 20,
     "police fir copy report thana", "", False, 2, None),
    ("POL-EVENT", "POLICE", APP, FIXED, "Permission for an Event or Loudspeaker", "कार्यक्रम या लाउडस्पीकर की अनुमति",
     100, 50, "police permission event loudspeaker anumati", "", False, 2, None),
    ("LSG-TRADE", "LSG", APP, FIXED, "Trade Licence", "व्यापार अनुज्ञा पत्र", 500, 50,
     "trade licence license vyapar shop municipal nagar nigam", "", False, 2, None),
    ("LSG-UDTAX", "LSG", BILL, ANY, "Urban Development Tax", "नगरीय विकास कर", 0, 10,
     "urban development tax ud tax property house nagar nigam", "demo", False, 24, None),
    ("LSG-FIRENOC", "LSG", APP, FIXED, "Fire NOC", "अग्निशमन अनापत्ति प्रमाण पत्र", 1000, 50,
     "fire noc agnishaman anapatti", "", False, 2, None),
    ("LSG-BUILDING", "LSG", APP, FIXED, "Building Plan Approval", "भवन मानचित्र अनुमोदन", 1000, 50,
     "building plan map naksha bhawan approval", "", False, 2, None),
    ("LAB-NIRMAN", "LABOUR", APP, FIXED, "Construction Worker Registration", "निर्माण श्रमिक पंजीयन", 60, 50,
     "labour card shramik majdoor nirman construction worker bocw", "", False, 2, None),
    ("LAB-CARD-RENEW", "LABOUR", APP, FIXED, "Labour Card Renewal", "श्रमिक कार्ड नवीनीकरण", 60, 50,
     "labour card shramik renewal", "", False, 2, None),
    ("LAB-SHUBHSHAKTI", "LABOUR", APP, FIXED, "Shubh Shakti Scheme", "शुभ शक्ति योजना", 0, 50,
     "shubh shakti daughter marriage labour yojana", "", False, 2, None),
    ("BSER-DUP-MARKSHEET", "BSER", APP, FIXED, "Duplicate Marksheet (Board)", "डुप्लीकेट अंकतालिका (बोर्ड)", 300, 50,
     "marksheet ankatalika duplicate board 10th 12th", "", False, 2, None),
    ("BSER-MIGRATION", "BSER", APP, FIXED, "Migration Certificate (Board)", "प्रव्रजन प्रमाण पत्र (बोर्ड)", 200, 50,
     "migration certificate board pravrajan", "", False, 2, None),
    ("RPSC-EXAM", "RPSC", APP, FIXED, "RPSC Examination Fee", "आरपीएससी परीक्षा शुल्क", 600, 50,
     "rpsc exam fee pariksha form recruitment", "", False, 2, None),
    ("RSSB-OTR", "RSSB", APP, FIXED, "RSSB One Time Registration", "आरएसएसबी एकबारीय पंजीयन", 600, 50,
     "rssb rsmssb otr exam registration pariksha", "", False, 2, None),
    ("IGRS-ESTAMP", "IGRS", BILL, ANY, "e-Stamp Paper", "ई-स्टाम्प पेपर", 0, 20,
     "stamp paper estamp affidavit agreement registry", "", False, 2, None),
    ("IGRS-COPY", "IGRS", APP, FIXED, "Certified Copy of a Registered Document", "पंजीकृत दस्तावेज की प्रमाणित प्रति",
     100, 50, "registry copy deed document nakal", "", False, 2, None),
    ("HEALTH-MAA", "HEALTH", APP, FIXED, "MAA Health Insurance Registration",
     "मुख्यमंत्री आयुष्मान आरोग्य (मा) योजना पंजीकरण", 850, 0,
     "health insurance maa chiranjeevi ayushman swasthya bima", "", False, 2, None),
    ("AGR-SUBSIDY", "AGRICULTURE", APP, FIXED, "Farmer Subsidy Application (Raj Kisan Sathi)",
     "किसान अनुदान आवेदन (राज किसान साथी)", 0, 50,
     "kisan farmer subsidy anudan krishi agriculture", "", False, 2, None),
    ("LIC-PREMIUM", "LIC", BILL, EXACT, "LIC Premium", "एलआईसी बीमा प्रीमियम", 0, 0,
     "lic insurance premium bima policy", "demo", False, 24, None),
    ("RSGL-BILL", "RSGL", BILL, EXACT, "Piped Gas Bill (Rajasthan State Gas)", "पाइप गैस बिल (राजस्थान स्टेट गैस)", 0, 0,
     "gas png piped gas bill", "demo", False, 24, None),
]


def _offices(department):
    """Headquarters in Jaipur, district offices, and tehsil offices where applications go."""
    code = department.code
    state, _ = Office.objects.update_or_create(
        code=f"{code}-HQ",
        defaults=dict(
            department=department, level=Office.Level.STATE, parent=None, district_code="JPR",
            name_en=f"{department.name_en}, Headquarters, Jaipur",
            name_hi=f"{department.name_hi}, मुख्यालय, जयपुर",
        ),
    )
    districts = DISCOM_DISTRICTS.get(code, [d for d, _en, _hi in DISTRICTS])
    for district_code, district_en, district_hi in DISTRICTS:
        if district_code not in districts:
            continue
        if code == "REVENUE":
            names = (f"Collectorate, {district_en}", f"जिला कलेक्टर कार्यालय, {district_hi}")
        else:
            names = (f"{department.name_en}, District Office, {district_en}",
                     f"{department.name_hi}, जिला कार्यालय, {district_hi}")
        district_office, _ = Office.objects.update_or_create(
            code=f"{code}-{district_code}",
            defaults=dict(department=department, level=Office.Level.DISTRICT, parent=state,
                          district_code=district_code, name_en=names[0], name_hi=names[1]),
        )
        if code not in TEHSIL_DEPARTMENTS:
            continue
        for tehsil_en, tehsil_hi in TEHSILS.get(district_code, []):
            if code == "REVENUE":
                names = (f"Tehsil Office, {tehsil_en}", f"तहसील कार्यालय, {tehsil_hi}")
            else:
                names = (f"Registrar (Births and Deaths), {tehsil_en}", f"रजिस्ट्रार (जन्म-मृत्यु), {tehsil_hi}")
            Office.objects.update_or_create(
                code=f"{code}-{tehsil_code(district_code, tehsil_en)}",
                defaults=dict(department=department, level=Office.Level.TEHSIL, parent=district_office,
                              district_code=district_code, tehsil_code=tehsil_code(district_code, tehsil_en),
                              name_en=names[0], name_hi=names[1]),
            )


def _department(code, name_en, name_hi, head_rows):
    """Create or refresh one demo department with its revenue heads and offices."""
    department, _ = Department.objects.update_or_create(
        code=code, defaults=dict(name_en=name_en, name_hi=name_hi, payee_name=PAYEES.get(code, ""), active=True)
    )
    heads = {}
    for head_code, head_name, head_name_hi in head_rows:
        heads[head_code], _ = RevenueHead.objects.update_or_create(
            department=department, code=head_code, defaults=dict(name=head_name, name_hi=head_name_hi)
        )
    _offices(department)
    return department, heads


def load_demo_department(code):
    """One demo department with its offices, e.g. for the demo department officers (F29)."""
    row = next(row for row in DEPARTMENTS if row[0] == code)
    return _department(*row)[0]


@transaction.atomic
def load_demo_catalogue():
    """Create or refresh the demo departments, offices, revenue heads and services."""
    departments = {}
    heads = {}
    for row in DEPARTMENTS:
        department, department_heads = _department(*row)
        departments[department.code] = department
        heads.update(department_heads)

    for (code, dept, kind, rule, name_en, name_hi, fee, charge, keywords, biller, confirm,
         window, parts) in SERVICES:
        department = departments[dept]
        service = Service.objects.filter(code=code).first() or Service(code=code)
        service.department = department
        service.kind, service.amount_rule = kind, rule
        service.name_en, service.name_hi = name_en, name_hi
        service.government_fee, service.service_charge = fee * 100, charge * 100
        service.keywords, service.biller_code = keywords, biller
        service.needs_department_confirmation = confirm
        service.cancellation_window_hours = window
        service.active = True
        service.save()
        if parts is None:
            first_head = department.revenue_heads.order_by("id").first()
            parts = [(first_head.code, fee)]
        service.fee_parts.all().delete()
        ServiceFeePart.objects.bulk_create(
            ServiceFeePart(service=service, head=heads[head_code], amount=rupees * 100)
            for head_code, rupees in parts
        )
    CatalogueStamp.renew()
    return len(departments), len(SERVICES)
