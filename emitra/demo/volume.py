"""Generated volume: `emitra demo --transactions N` (issue 13 req. 8; F10-F13 at state scale).

Adds N receipt lines over the last 12 months (the days before today), spread over a
generated network of kiosks (2,000 by default, `--kiosks`) in every district of
Rajasthan, each kiosk with its holder, its wallet and its commission account, and
its district's LSP. The mix of services and amounts follows the catalogue (its
fees and service charges; bills of realistic sizes for each biller); about one
receipt in sixty is cancelled within hours, one in fifty is paid by cheque (most
clear a few days later, some are dishonoured, the last days' are still in hand),
and every application fee files its application, decided by its office or not yet.

The rows are written in bulk (COPY on PostgreSQL, emitra.core.bulk), never one by
one, but what they say is what the pay path would have written:

* each receipt's ledger entry has the legs of emitra.payments.entries.receipt_postings
  (the source debited with the total, each department credited with its government
  amounts, DoIT with the service charges) plus the commission legs of
  emitra.commissions.accrual (`earning_legs` of the rule version in force, chosen by
  emitra.commissions.rules.choose and computed by rules.earning: the one rounding
  function), legs on one account added up, zeros left out;
* a line's LineCommission names its version and that entry; a cancellation is the
  receipt entry reversed (emitra.ledger's REVERSAL entry), and the rows name it;
* a cheque's receipt entry carries no commission; its clearing entry does
  (emitra.payments.services.clear_cheque), a dishonour reverses the receipt entry;
* a wallet is topped up (a confirmed bank transfer, the wallet demo's "topup" entry)
  before a receipt it could not pay, so that, counting this run's entries only, no
  wallet is ever below zero; the floored accounts' running balances are raised by
  exactly this run's postings, by `balance = balance + delta` (never read-then-write);
* receipt and application numbers come from the kiosks' and months' own counters,
  bumped by the number taken.

So `emitra check-ledger` passes afterwards, and running it again adds N more lines
(kiosks already generated are reused). Each slice of days is one transaction: an
interrupted run leaves whole days behind, never half an entry.
"""
import datetime
import random
import time
import uuid
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate

from django.db import connection, transaction
from django.utils import timezone

from emitra.core.bulk import BulkWriter, IdPool, is_postgresql
from emitra.accounts.models import Membership, Person, Role
from emitra.applications.models import Application, ApplicationCounter, ApplicationEvent, FormDefinition
from emitra.applications.services import LINK_KIND
from emitra.applications.workflow import State as AppState
from emitra.catalogue.models import Office, Service
from emitra.commissions import accounts as commission_accounts, rules
from emitra.commissions.accrual import earning_legs
from emitra.commissions.models import KioskTier, LineCommission, RuleVersion
from emitra.ledger import memos
from emitra.ledger.memos import Memo
from emitra.ledger.models import Account, AccountKind, JournalEntry, Posting
from emitra.ledger.services import REVERSAL
from emitra.network.models import District, Kiosk, LSP, Tehsil
from emitra.payments.models import Receipt, ReceiptCounter, ReceiptLine
from emitra.wallet import accounts as network_accounts
from emitra.wallet.models import TopUp

GENERATED = "generated"  # Person.issuer of generated holders: no one signs in as them
HOLDER_PREFIX = "GEN.K"
DEFAULT_KIOSKS = 2000
DAYS = 365
SLICE_LINES = 20_000  # lines written in one transaction

# Rajasthan's 41 districts: (code, English, Hindi, division, population in lakhs (2011, rounded)).
# The demo's six keep their codes (emitra.demo.cast.DISTRICTS).
RAJASTHAN = [
    ("AJM", "Ajmer", "अजमेर", "AJM", 18), ("ALW", "Alwar", "अलवर", "JPR", 24),
    ("BLT", "Balotra", "बालोतरा", "JDH", 10), ("BSW", "Banswara", "बांसवाड़ा", "UDR", 18),
    ("BRN", "Baran", "बारां", "KOT", 12), ("BMR", "Barmer", "बाड़मेर", "JDH", 16),
    ("BWR", "Beawar", "ब्यावर", "AJM", 9), ("BHP", "Bharatpur", "भरतपुर", "BHP", 17),
    ("BHL", "Bhilwara", "भीलवाड़ा", "AJM", 24), ("BKN", "Bikaner", "बीकानेर", "BKN", 24),
    ("BUN", "Bundi", "बूंदी", "KOT", 11), ("CTG", "Chittorgarh", "चित्तौड़गढ़", "UDR", 15),
    ("CHU", "Churu", "चूरू", "BKN", 20), ("DAU", "Dausa", "दौसा", "JPR", 16),
    ("DEG", "Deeg", "डीग", "BHP", 9), ("DHO", "Dholpur", "धौलपुर", "BHP", 12),
    ("DDK", "Didwana-Kuchaman", "डीडवाना-कुचामन", "AJM", 16), ("DNG", "Dungarpur", "डूंगरपुर", "UDR", 14),
    ("HMH", "Hanumangarh", "हनुमानगढ़", "BKN", 18), ("JPR", "Jaipur", "जयपुर", "JPR", 52),
    ("JSM", "Jaisalmer", "जैसलमेर", "JDH", 7), ("JLR", "Jalore", "जालोर", "JDH", 18),
    ("JHW", "Jhalawar", "झालावाड़", "KOT", 14), ("JJN", "Jhunjhunu", "झुंझुनूं", "JPR", 21),
    ("JDH", "Jodhpur", "जोधपुर", "JDH", 30), ("KRL", "Karauli", "करौली", "BHP", 15),
    ("KTT", "Khairthal-Tijara", "खैरथल-तिजारा", "JPR", 12), ("KOT", "Kota", "कोटा", "KOT", 20),
    ("KPB", "Kotputli-Behror", "कोटपूतली-बहरोड़", "JPR", 12), ("NGR", "Nagaur", "नागौर", "AJM", 17),
    ("PAL", "Pali", "पाली", "JDH", 20), ("PHL", "Phalodi", "फलोदी", "JDH", 8),
    ("PTG", "Pratapgarh", "प्रतापगढ़", "UDR", 9), ("RSM", "Rajsamand", "राजसमंद", "UDR", 11),
    ("SLB", "Salumbar", "सलूम्बर", "UDR", 6), ("SWM", "Sawai Madhopur", "सवाई माधोपुर", "BHP", 13),
    ("SKR", "Sikar", "सीकर", "JPR", 26), ("SRH", "Sirohi", "सिरोही", "JDH", 10),
    ("SGN", "Sri Ganganagar", "श्रीगंगानगर", "BKN", 20), ("TNK", "Tonk", "टोंक", "AJM", 14),
    ("UDR", "Udaipur", "उदयपुर", "UDR", 25),
]
# division -> the LSP that runs its kiosks (the demo's two LSPs keep Jaipur's and Jodhpur's)
DIVISION_LSPS = {
    "JPR": ("LSP-JPR", "Jaipur e-Mitra Services (LSP)"), "JDH": ("LSP-JDH", "Marwar Digital Seva (LSP)"),
    "AJM": ("LSP-AJM", "Ajmer Jan Seva Network (LSP)"), "UDR": ("LSP-UDR", "Mewar e-Seva (LSP)"),
    "KOT": ("LSP-KOT", "Hadoti Digital Services (LSP)"), "BKN": ("LSP-BKN", "Bikaner Nagrik Seva (LSP)"),
    "BHP": ("LSP-BHP", "Braj e-Mitra Kendra Sangh (LSP)"),
}

# service code -> (weight in the mix, bill amount in rupees: (median, spread) of a log-normal, or None
# for the catalogue's fixed fee). Services not named here share what weight is left.
MIX = {
    "JVVNL-BILL": (16, (950, 0.8)), "AVVNL-BILL": (10, (850, 0.8)), "JDVVNL-BILL": (10, (900, 0.8)),
    "PHED-BILL": (12, (320, 0.6)), "BSNL-LANDLINE": (1.5, (550, 0.5)), "BSNL-BROADBAND": (1.5, (750, 0.4)),
    "BSNL-POSTPAID": (1, (420, 0.5)), "LIC-PREMIUM": (3, (4800, 0.7)), "RSGL-BILL": (1, (650, 0.5)),
    "RTO-ROADTAX": (0.8, (4500, 0.8)), "RTO-CHALLAN": (1, (1000, 0.5)), "LSG-UDTAX": (0.8, (2800, 0.8)),
    "IGRS-ESTAMP": (1, (500, 1.2)),
    "REV-INCOME": (4, None), "REV-CASTE-OBC": (2, None), "REV-CASTE-SCST": (1.5, None),
    "REV-DOMICILE": (3, None), "REV-JAMABANDI": (4, None), "REV-KHASRA": (1.5, None), "REV-EWS": (1, None),
    "DES-BIRTH": (2, None), "DES-DEATH": (1, None), "FOOD-RATION-MEMBER": (1.5, None),
    "JANAADHAAR-ENROL": (2, None), "JANAADHAAR-UPDATE": (3, None), "JANAADHAAR-PRINT": (2, None),
    "SJE-PENSION-VERIFY": (3, None), "SJE-SCHOLARSHIP": (1, None), "RTO-LL": (1, None),
    "LAB-NIRMAN": (1, None), "POL-CHARACTER": (1, None), "HEALTH-MAA": (1, None),
}
OTHER_WEIGHT = 0.25
LINES_PER_RECEIPT = [1] * 80 + [2] * 15 + [3] * 5
# hour of the day (IST) -> share of the day's receipts
HOURS = {9: 4, 10: 9, 11: 12, 12: 12, 13: 10, 14: 9, 15: 10, 16: 10, 17: 9, 18: 8, 19: 5, 20: 2}
CANCEL_RATE = 1 / 60
CHEQUE_RATE = 1 / 50
DISHONOUR_RATE = 1 / 15  # of cheques
CHEQUE_DAYS = (2, 5)  # a cheque clears (or bounces) this many days after it is taken
TOPUPS = [5_000, 10_000, 20_000, 50_000, 1_00_000]  # rupees a holder sends at a time
# as operators in the state type them, in Hindi: a reason is shown as typed, and a Hindi page of
# the demo month (test_whole_hindi) must not depend on whether the hour of the run drew a cancellation
CANCEL_REASONS = ["गलत उपभोक्ता संख्या दर्ज हुई", "उपभोक्ता ने रद्द करने को कहा", "राशि गलत दर्ज हुई",
                  "गलती से दो बार भुगतान हुआ", "गलत सेवा चुनी गई"]
FIRST = ["Ramesh", "Suresh", "Mahesh", "Sunita", "Kamla", "Geeta", "Mohan", "Rajesh", "Pooja", "Anil", "Lalit",
         "Savitri", "Bhanwar", "Kishan", "Santosh", "Manju", "Prakash", "Rekha", "Govind", "Sita", "Imran",
         "Salma", "Harish", "Dinesh", "Kavita", "Om Prakash", "Shankar", "Pushpa", "Naresh", "Usha"]
LAST = ["Sharma", "Meena", "Jat", "Gurjar", "Rajput", "Saini", "Mali", "Kumawat", "Choudhary", "Bishnoi",
        "Purohit", "Agarwal", "Khan", "Verma", "Yadav", "Rathore", "Bairwa", "Prajapat", "Jain", "Regar"]
BANKS = ["State Bank of India", "Bank of Baroda", "Punjab National Bank", "Rajasthan Marudhara Gramin Bank",
         "Baroda Rajasthan Kshetriya Gramin Bank", "HDFC Bank", "ICICI Bank"]


@dataclass
class Result:
    lines: int = 0
    receipts: int = 0
    kiosks: int = 0
    districts: int = 0
    rows: int = 0
    seconds: float = 0.0
    building: float = 0.0  # seconds making the rows in Python
    writing: float = 0.0  # seconds the database took to take them (COPY, balances, commit)
    counts: dict = field(default_factory=dict)

    @property
    def lines_per_second(self):
        return self.lines / self.seconds if self.seconds else 0.0


# ---------------------------------------------------------------- the network

def ensure_network(kiosks=DEFAULT_KIOSKS, rng=None):
    """Every district of the state with its division's LSP, and `kiosks` generated kiosks over
    them (by population, at least one a district when there are enough), each with its holder,
    holder's membership, wallet and commission account and receipt counter. Idempotent: what
    exists is reused, only what is missing is added. Returns the generated kiosks."""
    rng = rng or random.Random(13)
    with transaction.atomic():
        lsps = {}
        for division, (code, name) in DIVISION_LSPS.items():
            lsps[division] = LSP.objects.get_or_create(code=code, defaults={"name": name})[0]
        network_accounts.open_network_accounts(list(lsps.values()))
        districts = []
        for code, en, hi, division, _people in RAJASTHAN:
            district, _ = District.objects.get_or_create(
                code=code, defaults={"name_en": en, "name_hi": hi, "lsp": lsps[division]})
            if district.lsp_id is None:  # a demo district no LSP served yet
                District.objects.filter(pk=district.pk, lsp__isnull=True).update(lsp=lsps[division])
                district.lsp = lsps[division]
            districts.append(district)
        have = Kiosk.objects.filter(holder__sso_id__startswith=HOLDER_PREFIX).count()
        wanted = kiosks - have
        if wanted > 0:
            _add_kiosks(have, wanted, districts, rng, Person, Membership, Role, Kiosk, Tehsil, Account, AccountKind,
                        ReceiptCounter, network_accounts)
    return list(Kiosk.objects.filter(holder__sso_id__startswith=HOLDER_PREFIX)
                .select_related("lsp", "district", "holder").order_by("pk")[:max(kiosks, 0)])


def _add_kiosks(have, wanted, districts, rng, Person, Membership, Role, Kiosk, Tehsil, Account, AccountKind,
                ReceiptCounter, network_accounts):
    population = {code: people for code, _en, _hi, _div, people in RAJASTHAN}
    weights = list(accumulate(population[d.code] for d in districts))
    tehsils = defaultdict(list)
    for tehsil in Tehsil.objects.all():
        tehsils[tehsil.district_id].append(tehsil)
    now = timezone.now()
    people, places = [], []
    for n in range(have + 1, have + wanted + 1):
        # the first kiosks go round the districts, so that every district has one
        district = districts[n - 1] if n <= len(districts) else districts[bisect(weights, rng.random() * weights[-1])]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        sso_id = f"{HOLDER_PREFIX}{n:05d}"
        people.append(Person(issuer=GENERATED, subject=sso_id, sso_id=sso_id, name=f"{first} {last}",
                             mobile=f"9{rng.randrange(10**8, 10**9)}"))
        places.append((district, first, last))
    people = Person.objects.bulk_create(people)
    rows = []
    for person, (district, first, last) in zip(people, places):
        tehsil = rng.choice(tehsils[district.pk]) if tehsils.get(district.pk) else None
        place = tehsil.name_en if tehsil else district.name_en
        rows.append(Kiosk(code=uuid.uuid4().hex[:20], name=f"{last} e-Mitra Kendra", holder=person,
                          address=f"Shop {rng.randrange(1, 80)}, Main market, {place}", district=district,
                          tehsil=tehsil, area="urban" if rng.random() < 0.3 else "rural", lsp_id=district.lsp_id,
                          bank_account_name=person.name, bank_account_no=f"30{rng.randrange(10**10, 10**11)}",
                          ifsc=f"SBIN00{rng.randrange(10000, 99999)}"))
    made = Kiosk.objects.bulk_create(rows)
    for kiosk in made:
        kiosk.code = f"K{kiosk.district.code}{kiosk.pk:05d}"
    Kiosk.objects.bulk_update(made, ["code"])
    Membership.objects.bulk_create([Membership(person=k.holder, role=Role.KIOSK_HOLDER, kiosk=k, registered_at=now)
                                    for k in made])
    accounts = []
    for kiosk in made:
        owner = f"kiosk:{kiosk.code}"
        accounts.append(Account(code=network_accounts.wallet_code(kiosk), kind=AccountKind.WALLET, name=kiosk.name,
                                owner_ref=owner, floor=0))
        accounts.append(Account(code=network_accounts.commission_code(kiosk), kind=AccountKind.COMMISSION,
                                name=kiosk.name, owner_ref=owner, floor=network_accounts.COMMISSION_FLOOR))
    Account.objects.bulk_create(accounts)
    ReceiptCounter.objects.bulk_create([ReceiptCounter(kiosk=k, last=0) for k in made])


# ---------------------------------------------------------------- what is sold

@dataclass
class Catalogue:
    services: list
    cumulative: list
    versions: list
    forms: dict  # service id -> current FormDefinition
    offices: dict  # (department id, district code) -> Office id; (department id, None) -> a state office


def load_catalogue(bills_only=False):
    services = [s for s in Service.objects.filter(active=True).select_related("department").order_by("code")
                if s.is_bill or not bills_only]
    if not services:
        raise ValueError("the catalogue has no services: run `emitra demo` first")
    weights = [MIX[s.code][0] if s.code in MIX else OTHER_WEIGHT for s in services]
    forms = {}
    for form in FormDefinition.objects.order_by("service_id", "version"):
        forms[form.service_id] = form
    offices = {}
    for office in Office.objects.filter(active=True).order_by("-level", "code"):
        if office.level == Office.Level.DISTRICT:
            offices.setdefault((office.department_id, office.district_code), office.pk)
        elif office.level == Office.Level.STATE:
            offices.setdefault((office.department_id, None), office.pk)
    versions = list(RuleVersion.objects.filter(status=RuleVersion.Status.PUBLISHED).select_related("rule"))
    return Catalogue(services, list(accumulate(weights)), versions, forms, offices)


def _amount(service, rng):
    """(government amount, service charge) in paise of one line of service."""
    spec = MIX.get(service.code, (0, None))[1]
    if spec is None and not service.is_bill:
        return service.government_fee, service.service_charge
    median, spread = spec or (800, 0.7)
    rupees = max(20, min(2_00_000, rng.lognormvariate(0, spread) * median))
    paise = int(rupees) * 100 + (rng.randrange(100) if rng.random() < 0.3 else 0)
    return paise, service.service_charge


# ---------------------------------------------------------------- the generator

class _Run:
    """One generation run: the context loaded once, and the rows of the current slice."""
    def __init__(self, kiosks, catalogue, rng, now, people):
        self.rng, self.now, self.catalogue = rng, now, catalogue
        self.kiosks = kiosks
        activity = [rng.paretovariate(1.6) for _ in kiosks]  # a few busy kiosks, many quiet ones
        self.kiosk_weights = list(accumulate(activity))
        self.run_id = uuid.uuid4().hex[:10]
        self.admin, self.officer = people
        na, ca = network_accounts, commission_accounts
        for department in {s.department for s in catalogue.services}:
            na.department_account(department)
        ca.doit_commission_account()
        na.open_network_accounts(list({k.lsp_id: k.lsp for k in kiosks}.values()))
        self.account = dict(Account.objects.values_list("code", "id"))
        self.floored = set(Account.objects.filter(floor__isnull=False).values_list("id", flat=True))
        self.ids = None  # a fresh set of id pools each slice (_write_slice)
        self.codes = {"doit": na.DOIT, "cheques": na.CHEQUES_IN_HAND, "bank": na.BANK}
        self.wallet_code = {k.pk: na.wallet_code(k) for k in kiosks}
        self.local = defaultdict(int)  # kiosk id -> this run's net into its wallet so far (never below 0)
        self.tiers = _tiers(kiosks)
        self.version_cache = {}
        self.topups = 0

    # -- commission, as emitra.commissions.accrual computes it
    def earning(self, kiosk, service, government, charge, day):
        tier = self.tiers.get((kiosk.pk, day.replace(day=1)), "")
        key = (service.pk, kiosk.area, tier, day)
        if key not in self.version_cache:
            self.version_cache[key] = rules.choose(self.catalogue.versions, service, kiosk, day, tier)
        version = self.version_cache[key]
        if version is None:
            return None
        earning = rules.earning(version, government, charge)
        return earning if earning.split.total else None


class _IdPools(dict):
    def __missing__(self, model):
        pool = self[model] = IdPool(model, block=5_000)
        return pool


def _tiers(kiosks):
    ids = [k.pk for k in kiosks]
    return {(kiosk_id, month): code for kiosk_id, month, code in
            KioskTier.objects.filter(kiosk_id__in=ids).exclude(tier_code="")
            .values_list("kiosk_id", "month", "tier_code")}


def generate(transactions, *, kiosks=DEFAULT_KIOSKS, seed=None, now=None, days=DAYS, slice_lines=SLICE_LINES,
             progress=None, network=None, key_prefix="gen", bills_only=False, cheques=True):
    """Add `transactions` receipt lines over the `days` days before today at `kiosks` generated kiosks
    (module docstring). Returns a Result with what was written and how fast.

    network: these kiosks (with lsp, district and holder loaded) instead of the generated ones (the
    demo's month, load_demo_month); key_prefix starts the receipts' idempotency keys; bills_only
    sells bills alone (no application is filed); cheques=False takes no cheque."""
    if transactions <= 0:
        return Result()
    rng = random.Random(seed)
    started = time.monotonic()
    network = ensure_network(kiosks, random.Random(13)) if network is None else network
    catalogue = load_catalogue(bills_only)
    admin = Person.objects.get(sso_id="DOIT.ADMIN")
    officer = Person.objects.filter(sso_id="DEPT.OFFICER").first() or admin
    now = now or timezone.now()
    run = _Run(network, catalogue, rng, now, (admin, officer))
    run.key_prefix, run.cheque_rate = key_prefix, CHEQUE_RATE if cheques else 0
    result = Result(kiosks=len(network), districts=len({k.district_id for k in network}))
    today = timezone.localdate(now)
    day_list = [today - datetime.timedelta(days=d) for d in range(days, 0, -1)]
    per_day = _spread(transactions, day_list, rng)
    batch = []
    for day, lines in zip(day_list, per_day):
        batch.append((day, lines))
        if sum(n for _d, n in batch) >= slice_lines:
            _write_slice(run, batch, result)
            batch = []
            if progress:
                progress(result)
    if batch:
        _write_slice(run, batch, result)
    result.seconds = time.monotonic() - started
    if progress:
        progress(result)
    return result


def _spread(total, day_list, rng):
    """Lines per day: fewer on Sundays and holidays' eves, a little more each month (the network grows),
    more in the days before bills fall due; exactly `total` in all."""
    weights = []
    for i, day in enumerate(day_list):
        w = 0.35 if day.weekday() == 6 else 1.0
        w *= 0.85 + 0.3 * i / max(len(day_list) - 1, 1)
        w *= 1.25 if 5 <= day.day <= 12 else 1.0
        weights.append(w)
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in rng.choices(range(len(day_list)), weights=weights, k=total - sum(counts)):
        counts[i] += 1
    return counts


def _local(day, hour, minute, second):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=_tz())


def _tz():
    return timezone.get_default_timezone()  # zoneinfo: a fixed object, cheap to reuse


def _day(at):
    return at.astimezone(_tz()).date()


@dataclass
class _Receipt:
    kiosk: object
    at: datetime.datetime
    day: datetime.date
    period: str  # yymm, as receipt and application numbers carry it
    lines: list  # [(service, government, charge)]
    cheque: bool


def _receipts_of_day(run, day, lines):
    rng, cat = run.rng, run.catalogue
    hours = list(HOURS)
    hour_weights = list(accumulate(HOURS.values()))
    receipts = []
    left = lines
    while left > 0:
        n = min(left, rng.choice(LINES_PER_RECEIPT))
        left -= n
        kiosk = run.kiosks[bisect(run.kiosk_weights, rng.random() * run.kiosk_weights[-1])]
        cheque = rng.random() < run.cheque_rate
        picked = []
        for _ in range(n):
            service = cat.services[bisect(cat.cumulative, rng.random() * cat.cumulative[-1])]
            if cheque and picked and service.department_id != picked[0][0].department_id:
                service = picked[0][0]  # a cheque pays one department
            government, charge = _amount(service, rng)
            if government + charge <= 0:
                government = 100_00
            picked.append((service, government, charge))
        hour = hours[bisect(hour_weights, rng.random() * hour_weights[-1])]
        at = _local(day, hour, rng.randrange(60), rng.randrange(60))
        receipts.append(_Receipt(kiosk, at, day, f"{day:%y%m}", picked, cheque))
    receipts.sort(key=lambda r: r.at)
    return receipts


def _reserve_serials(counter_model, key, column, wanted):
    """{key value: first serial} after bumping each counter row by its count (one statement on PostgreSQL)."""
    qn = connection.ops.quote_name
    meta = counter_model._meta
    last, pk = qn(meta.get_field(column).column), qn(meta.get_field(key).column)
    first = {}
    with connection.cursor() as cursor:
        if is_postgresql() and wanted:
            kind = "bigint" if key.endswith("_id") else "text"
            values = ", ".join([f"(%s::{kind}, %s::bigint)"] * len(wanted))
            cursor.execute(f"UPDATE {qn(meta.db_table)} AS c SET {last} = c.{last} + w.n FROM (VALUES {values}) "
                           f"AS w(k, n) WHERE c.{pk} = w.k RETURNING c.{pk}, c.{last}",
                           [v for item in wanted.items() for v in item])
            first = {k: high - wanted[k] + 1 for k, high in cursor.fetchall()}
        for value, n in wanted.items():
            if value in first:
                continue
            cursor.execute(f"UPDATE {qn(meta.db_table)} SET {last} = {last} + %s WHERE {pk} = %s RETURNING {last}",
                           [n, value])
            row = cursor.fetchone()
            if row is None:
                counter_model.objects.bulk_create([counter_model(**{key: value, column: 0})], ignore_conflicts=True)
                cursor.execute(f"UPDATE {qn(meta.db_table)} SET {last} = {last} + %s WHERE {pk} = %s "
                               f"RETURNING {last}", [n, value])
                row = cursor.fetchone()
            first[value] = row[0] - n + 1
    return first


def _write_slice(run, batch, result):
    rng, now, acc = run.rng, run.now, run.account
    started = time.monotonic()
    receipts = [r for day, lines in batch for r in _receipts_of_day(run, day, lines)]
    n_lines = sum(len(r.lines) for r in receipts)
    with transaction.atomic():
        run.ids = _IdPools()
        serial = _reserve_serials(ReceiptCounter, "kiosk_id", "last",
                                  _count(r.kiosk.pk for r in receipts))
        app_services = run.catalogue.forms
        periods = _count(r.period for r in receipts for s, _g, _c in r.lines
                         if s.pk in app_services)
        app_serial = _reserve_serials(ApplicationCounter, "period", "last", periods) if periods else {}
        entry_ids, receipt_ids, line_ids = run.ids[JournalEntry], run.ids[Receipt], run.ids[ReceiptLine]
        app_ids, topup_ids = run.ids[Application], run.ids[TopUp]
        entries, postings, topups, receipt_rows, line_rows, apps, events, commissions = ([] for _ in range(8))
        delta = defaultdict(int)  # floored account id -> this slice's net

        def entry(kind, legs, key, at, memo, ref, actor="", reverses=None):
            pk = next(entry_ids)
            text, code, args = memos.stored(memo)  # a Memo: its code, said in the reader's language
            entries.append((pk, kind, text, code, args, key, actor, ref, at, reverses))
            for code, amount in legs:
                account_id = acc[code]
                postings.append((pk, account_id, amount, at))
                delta[account_id] += amount
            return pk

        for r in receipts:
            kiosk = r.kiosk
            number_serial = serial[kiosk.pk]
            serial[kiosk.pk] += 1
            number = f"{kiosk.code}-{r.period}-{number_serial:06d}"
            receipt_id = next(receipt_ids)
            government = sum(g for _s, g, _c in r.lines)
            charge = sum(c for _s, _g, c in r.lines)
            total = government + charge
            wallet = run.wallet_code[kiosk.pk]
            if not r.cheque and run.local[kiosk.pk] < total:
                amount = next((t * 100 for t in TOPUPS if t * 100 >= total - run.local[kiosk.pk]),
                              (total - run.local[kiosk.pk] + TOPUPS[-1] * 100))
                topup_id = next(topup_ids)
                at = r.at - datetime.timedelta(minutes=rng.randrange(5, 90))
                run.topups += 1
                utr = f"G{run.run_id[:8].upper()}{run.topups:012d}"
                key = f"gen:{run.run_id}:topup:{run.topups}"
                topup_entry = entry("topup", [(wallet, amount), (run.codes["bank"], -amount)], f"topup:{topup_id}", at,
                                    Memo("topup", utr=utr), f"topup:{topup_id}", actor=run.admin.sso_id)
                topups.append((topup_id, kiosk.pk, TopUp.Method.BANK_TRANSFER, amount, utr, _day(at),
                               "", None, TopUp.State.CONFIRMED, key, kiosk.holder_id, at, run.admin.pk, at, key, "", 0,
                               topup_entry))
                run.local[kiosk.pk] += amount
            # the lines and what each earns
            lines, earned = [], []
            cleared_at = None
            if r.cheque:
                cleared_at = r.at + datetime.timedelta(days=rng.randint(*CHEQUE_DAYS), hours=rng.randrange(6))
                if cleared_at >= now:
                    cleared_at = None  # still in hand
            accrues_at = cleared_at if r.cheque else r.at
            for position, (service, g, c) in enumerate(r.lines, start=1):
                line_id = next(line_ids)
                earning = None
                if accrues_at is not None:
                    earning = run.earning(kiosk, service, g, c, r.day if accrues_at is r.at else _day(accrues_at))
                lines.append((line_id, position, service, g, c))
                earned.append(earning)
            # the receipt's entry: receipt_postings' legs, and the commission legs unless a cheque
            amounts = defaultdict(int)
            for _pk, _pos, service, g, c in lines:
                amounts[network_accounts.department_code(service.department)] += g
                amounts[run.codes["doit"]] += c
            commission_legs = defaultdict(int)
            for (_pk, _pos, service, _g, _c), earning in zip(lines, earned):
                if earning is not None:
                    for code, amount in earning_legs(earning, kiosk, service.department):
                        commission_legs[code] += amount
            if r.cheque:
                source = run.codes["cheques"]
            else:
                source = wallet
                for code, amount in commission_legs.items():
                    amounts[code] += amount
            legs = [(source, -total)] + [(code, a) for code, a in amounts.items() if a]
            memo = Memo("receipt", number=number)
            receipt_entry = entry("receipt" if not r.cheque else "receipt_cheque", legs, f"receipt:{number}", r.at,
                                  memo, number, actor=kiosk.holder.sso_id)
            if not r.cheque:
                run.local[kiosk.pk] -= total
            commission_entry, commission_at = receipt_entry, r.at
            state, cheque_state, line_state = Receipt.State.PAID, "", ReceiptLine.State.ACTIVE
            decided_at = decided_by = None
            cancelled_at = cancel_reason = None
            reversal = None
            if r.cheque:
                cheque_state = Receipt.ChequeState.IN_HAND
                if cleared_at is not None and rng.random() < DISHONOUR_RATE:
                    cheque_state, state, line_state = (Receipt.ChequeState.DISHONOURED, Receipt.State.DISHONOURED,
                                                       ReceiptLine.State.DISHONOURED)
                    decided_at, decided_by = cleared_at, run.officer.pk
                    cancel_reason = f"cheque {number_serial % 1_000_000:06d} dishonoured"
                    cancelled_at = cleared_at
                    reversal = entry(REVERSAL, [(code, -a) for code, a in legs], f"dishonoured:{number}", cleared_at,
                                     cancel_reason, number, reverses=receipt_entry)
                    earned = [None] * len(earned)  # a bounced cheque never earned
                elif cleared_at is not None:
                    cheque_state, decided_at, decided_by = Receipt.ChequeState.CLEARED, cleared_at, run.officer.pk
                    clearing = [(run.codes["cheques"], total), (run.codes["bank"], -total)]
                    clearing += [(code, a) for code, a in commission_legs.items() if a]
                    commission_entry = entry("cheque_cleared", clearing, f"cheque-cleared:{number}", cleared_at,
                                             Memo("cheque_cleared", cheque_no=f"{number_serial % 1_000_000:06d}"), number,
                                             actor=run.officer.sso_id)
                    commission_at = cleared_at
            elif rng.random() < CANCEL_RATE:
                cancelled_at = r.at + datetime.timedelta(minutes=rng.randrange(3, 180))
                if cancelled_at < now:
                    cancel_reason = rng.choice(CANCEL_REASONS)
                    state, line_state = Receipt.State.CANCELLED, ReceiptLine.State.CANCELLED
                    positions = ",".join(str(p) for _pk, p, *_rest in lines)
                    reversal = entry(REVERSAL, [(code, -a) for code, a in legs], f"cancel:{number}:{positions}", cancelled_at,
                                     Memo("receipt_cancelled", number=number, reason=cancel_reason), number,
                                     reverses=receipt_entry)
                else:
                    cancelled_at = None
            first, last = rng.choice(FIRST), rng.choice(LAST)
            mobile = f"{rng.choice('6789')}{rng.randrange(10**8, 10**9)}"
            cheque_no = f"{rng.randrange(10**5, 10**6)}" if r.cheque else ""
            receipt_rows.append((
                receipt_id, number, kiosk.pk, None, f"{run.key_prefix}:{run.run_id}:{receipt_id}", kiosk.holder_id,
                r.at,
                f"{first} {last}", mobile, "", "hi" if rng.random() < 0.8 else "en", "cheque" if r.cheque else "wallet",
                state, government, charge, total, receipt_entry, None, cheque_no,
                rng.choice(BANKS) if r.cheque else "", r.day if r.cheque else None, cheque_state,
                decided_by, decided_at, cancelled_at if state == Receipt.State.CANCELLED else None,
                kiosk.holder_id if state == Receipt.State.CANCELLED else None,
                cancel_reason if state == Receipt.State.CANCELLED else ""))
            for (line_id, position, service, g, c), earning in zip(lines, earned):
                undone = line_state != ReceiptLine.State.ACTIVE
                if service.biller_code:
                    dept_state = (ReceiptLine.DeptState.CANCEL_CONFIRMED if undone
                                  else ReceiptLine.DeptState.CONFIRMED)
                    dept_reference = f"{service.biller_code.upper()}-{line_id}"
                else:
                    dept_state, dept_reference = ReceiptLine.DeptState.NOT_NEEDED, ""
                consumer_no = bill_name = bill_number = ""
                due = None
                if service.is_bill:
                    consumer_no = f"{service.code[:2]}{rng.randrange(10**7, 10**9)}"
                    bill_name, bill_number = f"{first} {last}", f"B{rng.randrange(10**8, 10**9)}"
                    due = r.day + datetime.timedelta(days=rng.randrange(1, 15))
                linked_kind = linked_ref = ""
                if service.pk in app_services:
                    period = r.period
                    app_number = f"AP-{period}-{app_serial[period]:07d}"
                    app_serial[period] += 1
                    linked_kind, linked_ref = LINK_KIND, app_number
                    _application(run, apps, events, next(app_ids), app_number, service, kiosk, r.at, r.day, first, last,
                                 mobile, line_id, g + c, undone, cancelled_at, AppState)
                line_rows.append((
                    line_id, receipt_id, position, service.pk, kiosk.pk, r.at, consumer_no, bill_name, bill_number,
                    due, g, c, g + c, line_state, dept_state, dept_reference, "", 1 if service.biller_code else 0,
                    r.at, cancel_reason if undone else "", reversal if undone else None,
                    cancelled_at if undone else None, linked_kind, linked_ref))
                if earning is not None:
                    split = earning.split
                    gone = line_state == ReceiptLine.State.CANCELLED
                    commissions.append((
                        line_id, earning.version.pk, kiosk.pk, kiosk.lsp_id, service.pk, commission_at, earning.base,
                        earning.bearer, split.total, split.kiosk, split.lsp, split.doit, commission_entry,
                        reversal if gone else None, cancelled_at if gone else None))
        built = time.monotonic()
        writer = BulkWriter()
        writer.write(JournalEntry, ["id", "kind", "memo", "memo_code", "memo_args", "idempotency_key", "actor_ref",
                                    "ref", "created", "reverses_id"], entries)
        writer.write(Posting, ["entry_id", "account_id", "amount", "created"], postings)
        writer.write(TopUp, ["id", "kiosk_id", "method", "amount", "utr", "transferred_on", "gateway", "gateway_ref",
                             "state", "idempotency_key", "requested_by_id", "created", "decided_by_id", "decided_at",
                             "decision_key", "reason", "attempts", "entry_id"], topups)
        writer.write(Receipt, ["id", "number", "kiosk_id", "cart_id", "idempotency_key", "created_by_id", "created",
                               "consumer_name", "mobile", "email", "language", "mode", "state", "government_total",
                               "service_charge_total", "total", "entry_id", "hold_id", "cheque_no", "cheque_bank",
                               "cheque_date", "cheque_state", "cheque_decided_by_id", "cheque_decided_at",
                               "cancelled_at", "cancelled_by_id", "cancel_reason"], receipt_rows)
        writer.write(ReceiptLine, ["id", "receipt_id", "position", "service_id", "kiosk_id", "paid_at", "consumer_no",
                                   "bill_consumer_name", "bill_number", "bill_due_date", "government_amount",
                                   "service_charge", "total", "state", "dept_state", "dept_reference", "dept_message",
                                   "dept_attempts", "dept_next_attempt_at", "cancel_reason", "reversal_entry_id",
                                   "cancelled_at", "linked_kind", "linked_ref"], line_rows)
        writer.write(Application, ["id", "number", "service_id", "form_id", "kiosk_id", "created_by_id", "created",
                                   "applicant_name", "mobile", "email", "language", "applicant_sso_id", "answers",
                                   "district_code", "tehsil_code", "office_id", "state", "office_acted", "fee_total",
                                   "fee_line_id", "submitted_at", "due_date", "decided_at", "decided_by_id",
                                   "output_blob_id", "updated"], apps)
        writer.write(ApplicationEvent, ["application_id", "at", "actor_id", "action", "from_state", "to_state",
                                        "office_id", "remark", "via", "changes"], events)
        writer.write(LineCommission, ["line_id", "version_id", "kiosk_id", "lsp_id", "service_id", "accrued_at",
                                      "base", "bearer", "total", "kiosk_share", "lsp_share", "doit_share", "entry_id",
                                      "reversal_entry_id", "reversed_at"], commissions)
        _raise_balances(Account, {pk: d for pk, d in delta.items() if d and pk in run.floored})
    result.building += built - started
    result.writing += time.monotonic() - built
    result.lines += n_lines
    result.receipts += len(receipts)
    result.rows += writer.rows
    for table, n in writer.counts.items():
        result.counts[table] = result.counts.get(table, 0) + n


def _application(run, apps, events, pk, number, service, kiosk, at, day, first, last, mobile, line_id, fee, withdrawn,
                 withdrawn_at, State):
    """The application a paid fee filed (emitra.applications.services._submit), decided by its office or not."""
    rng, now = run.rng, run.now
    form = run.catalogue.forms[service.pk]
    office = (run.catalogue.offices.get((service.department_id, kiosk.district.code))
              or run.catalogue.offices.get((service.department_id, None)))
    created = at - datetime.timedelta(minutes=rng.randrange(2, 20))
    due = day + datetime.timedelta(days=form.sla_days)
    state, decided_at, decided_by, acted = State.SUBMITTED, None, None, False
    decision = None
    if withdrawn:
        state = State.WITHDRAWN
        decision = ("withdraw", State.SUBMITTED, State.WITHDRAWN, withdrawn_at, None, "fee cancelled")
    else:
        days = rng.uniform(0.3, form.sla_days * 1.4)
        when = at + datetime.timedelta(days=days)
        if when < now:
            roll = rng.random()
            if roll < 0.85:
                state, action, remark = State.APPROVED, "approve", "Verified and issued"
            elif roll < 0.93:
                state, action, remark = State.REJECTED, "reject", "Documents incomplete"
            else:
                state, action, remark = State.IN_PROCESS, "take_up", "Field verification ordered"
            acted = True
            if state != State.IN_PROCESS:
                decided_at, decided_by = when, run.officer.pk
            decision = (action, State.SUBMITTED, state, when, run.officer.pk, remark)
    updated = decision[3] if decision else at
    apps.append((pk, number, service.pk, form.pk, kiosk.pk, kiosk.holder_id, created, f"{first} {last}", mobile, "",
                 "hi", "", {}, kiosk.district.code, "", office, state, acted, fee, line_id, at, due, decided_at,
                 decided_by, None, updated))
    events.append((pk, created, kiosk.holder_id, "create", State.DRAFT, State.DRAFT, office, "", "", {}))
    events.append((pk, at, kiosk.holder_id, "submit", State.DRAFT, State.SUBMITTED, office, "", "", {}))
    if decision:
        action, before, after, when, actor, remark = decision
        events.append((pk, when, actor, action, before, after, office, remark, "", {}))


def _count(values):
    counts = defaultdict(int)
    for value in values:
        counts[value] += 1
    return counts


def _raise_balances(Account, delta):
    """balance = balance + delta for each floored account this slice moved: one statement on PostgreSQL."""
    if not delta:
        return
    qn = connection.ops.quote_name
    table, balance, pk = qn(Account._meta.db_table), qn("balance"), qn("id")
    with connection.cursor() as cursor:
        if is_postgresql():
            values = ", ".join(["(%s::bigint, %s::bigint)"] * len(delta))
            cursor.execute(f"UPDATE {table} AS a SET {balance} = a.{balance} + d.amount FROM (VALUES {values}) "
                           f"AS d(id, amount) WHERE a.{pk} = d.id",
                           [v for item in delta.items() for v in item])
        else:
            cursor.executemany(f"UPDATE {table} SET {balance} = {balance} + %s WHERE {pk} = %s",
                               [(d, pk_) for pk_, d in delta.items()])


# ---------------------------------------------------------------- the demo's month (issue 10 req. 9)

# demo kiosk holder -> bill lines paid over the last DEMO_MONTH_DAYS days (about three a day at the
# demo holder's kiosk), so that commission statements and payouts are not empty on first run
DEMO_MONTH = {"KIOSK.HOLDER": 90, "HOLDER.SANGANER": 45, "HOLDER.MANDORE": 45}
DEMO_MONTH_DAYS = 30
DEMO_MONTH_KEY = "demo-month"


def load_demo_month():
    """A month of earned commission at the demo kiosks (issue 10 req. 9), made by the generator above:
    bills only (so no application appears in the demo's lists), wallet-paid (no cheque in a
    department's queue), on the days before today (today's pages start as the demo left them), with
    random consumer numbers (so no demo bill is ever a duplicate, F24), and the commission each line
    earned under the demo rules in its receipt's own entry. Once per kiosk: a kiosk with demo-month
    receipts already is left alone, so loading the demo again changes nothing."""
    for n, (sso_id, lines) in enumerate(DEMO_MONTH.items()):
        kiosk = Kiosk.objects.filter(holder__sso_id=sso_id).select_related("lsp", "district", "holder").first()
        if kiosk is None or Receipt.objects.filter(kiosk=kiosk,
                                                   idempotency_key__startswith=f"{DEMO_MONTH_KEY}:").exists():
            continue
        generate(lines, network=[kiosk], days=DEMO_MONTH_DAYS, seed=1000 + n, key_prefix=DEMO_MONTH_KEY,
                 bills_only=True, cheques=False)
