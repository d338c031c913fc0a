"""Search benchmark (issue 4, F19): p95 of search_services over 5,000 services.

Generates the services inside a transaction that is rolled back at the end,
so nothing stays behind (the database is migrated first); prints p50/p95 and the line `p95: <ms> ms`.
"""
import random
import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from emitra.catalogue import services
from emitra.catalogue.demo import SERVICES, load_demo_catalogue
from emitra.catalogue.models import CatalogueStamp, Department, Service

DISTRICTS = [
    ("Jaipur", "जयपुर"), ("Jodhpur", "जोधपुर"), ("Ajmer", "अजमेर"), ("Udaipur", "उदयपुर"),
    ("Kota", "कोटा"), ("Bikaner", "बीकानेर"), ("Alwar", "अलवर"), ("Bharatpur", "भरतपुर"),
    ("Sikar", "सीकर"), ("Jhunjhunu", "झुंझुनूं"), ("Churu", "चूरू"), ("Nagaur", "नागौर"),
    ("Pali", "पाली"), ("Barmer", "बाड़मेर"), ("Jaisalmer", "जैसलमेर"), ("Bhilwara", "भीलवाड़ा"),
    ("Chittorgarh", "चित्तौड़गढ़"), ("Tonk", "टोंक"), ("Bundi", "बूंदी"), ("Jhalawar", "झालावाड़"),
    ("Baran", "बारां"), ("Dausa", "दौसा"), ("Karauli", "करौली"), ("Dholpur", "धौलपुर"),
    ("Sawai Madhopur", "सवाई माधोपुर"), ("Banswara", "बांसवाड़ा"), ("Dungarpur", "डूंगरपुर"),
    ("Pratapgarh", "प्रतापगढ़"), ("Rajsamand", "राजसमंद"), ("Sirohi", "सिरोही"), ("Jalore", "जालोर"),
    ("Hanumangarh", "हनुमानगढ़"), ("Sri Ganganagar", "श्रीगंगानगर"),
]
SCHEMES = [
    ("Mukhyamantri", "मुख्यमंत्री"), ("Gramin", "ग्रामीण"), ("Shahri", "शहरी"), ("Vishesh", "विशेष"),
    ("Tatkal", "तत्काल"), ("Samanya", "सामान्य"), ("Nagar Nigam", "नगर निगम"), ("Panchayat", "पंचायत"),
    ("Mahila", "महिला"), ("Yuva", "युवा"), ("Kisan", "किसान"), ("Vridh", "वृद्ध"),
]
SYLLABLES = ["ka", "ra", "ma", "vi", "ja", "su", "ni", "pa", "ta", "sha", "lo", "de", "go", "ban", "dhar", "pur"]

QUERIES = [
    "income certificate", "aay praman", "आय प्रमाण पत्र", "bijli bill", "बिजली बिल", "electrcity",
    "incom certificat", "jal", "water bill", "pani ka bill", "jamabandi", "जमाबंदी नकल", "nakal",
    "caste certificate", "jati praman patra", "mool niwas", "domicle", "ews", "ration card", "rashan",
    "राशन कार्ड", "jan aadhaar", "janadhar", "palanhar", "pension", "pensn", "vridhavastha pension",
    "driving licence", "driving lisence", "rto", "challan", "police verification", "kirayedar",
    "REV-INCOME", "JVVNL-BILL", "jvvnl", "jodhpur discom", "bsnl landline", "telephone bill",
    "birth certificate", "janm praman", "मृत्यु प्रमाण पत्र", "marriage registration", "trade licence",
    "labour card", "shramik", "scholarship", "chhatravritti", "lic premium", "e stamp", "jaipur",
    "income certificate jodhpur", "bijli jaipur", "सीकर", "mukhyamantri yojana", "gramin", "elec", "cert",
]


class Command(BaseCommand):
    help = "Time service search over generated services (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--services", dest="services_count", type=int, default=5000)
        parser.add_argument("--queries", type=int, default=400)
        parser.add_argument("--seed", type=int, default=4)

    def handle(self, *args, services_count, queries, seed, **options):
        rng = random.Random(seed)
        call_command("migrate", verbosity=0)  # a fresh database works, as with `emitra up`
        try:
            with transaction.atomic():
                self.run(rng, services_count, queries)
                transaction.set_rollback(True)
        finally:
            services.forget_index()

    def run(self, rng, count, query_count):
        load_demo_catalogue()
        departments = {d.code: d for d in Department.objects.all()}
        existing = Service.objects.count()
        rows = []
        for i in range(max(0, count - existing)):
            (code, dept, kind, rule, name_en, name_hi, fee, charge, keywords, biller, confirm,
             window, _parts) = SERVICES[i % len(SERVICES)]
            district_en, district_hi = DISTRICTS[(i // len(SERVICES)) % len(DISTRICTS)]
            scheme_en, scheme_hi = rng.choice(SCHEMES)
            made_up = "".join(rng.choice(SYLLABLES) for _ in range(3))
            service = Service(
                code=f"BENCH-{i:05d}", department=departments[dept], kind=kind, amount_rule=rule,
                name_en=f"{name_en} {district_en} {scheme_en}", name_hi=f"{name_hi} {district_hi} {scheme_hi}",
                government_fee=fee * 100, service_charge=charge * 100, keywords=f"{keywords} {made_up}",
                biller_code=biller, needs_department_confirmation=confirm, cancellation_window_hours=window,
            )
            service.search_text = service.make_search_text(departments[dept])
            rows.append(service)
        Service.objects.bulk_create(rows, batch_size=1000)
        CatalogueStamp.renew()
        total = Service.objects.count()

        from emitra.network.models import Kiosk

        kiosk = Kiosk.objects.order_by("id").first()
        if kiosk is not None:
            for service in rng.sample(rows, min(40, len(rows))):
                for _ in range(rng.randint(1, 5)):
                    services.record_use(kiosk, service)
        kiosk_arg = kiosk if kiosk is not None else -1  # -1: still runs the use query, finds none

        started = time.perf_counter()
        services.current_index()
        build_ms = (time.perf_counter() - started) * 1000

        timings = []
        found = 0
        for n in range(query_count):
            query = QUERIES[n % len(QUERIES)]
            started = time.perf_counter()
            results = services.search_services(query, kiosk=kiosk_arg)
            timings.append((time.perf_counter() - started) * 1000)
            found += bool(results)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        self.stdout.write(f"services: {total}, queries: {query_count} ({len(QUERIES)} distinct), "
                          f"with results: {found}, kiosk use ranking: {'yes' if kiosk else 'no kiosk rows'}")
        self.stdout.write(f"index build: {build_ms:.0f} ms (once per process per catalogue change)")
        self.stdout.write(f"p50: {p50:.2f} ms, max: {timings[-1]:.2f} ms")
        self.stdout.write(f"p95: {p95:.2f} ms")
