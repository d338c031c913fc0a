"""`emitra bench payments`: kiosks pay carts through HTTP against a running portal (issue 4, Performance).

On the DATABASE_URL PostgreSQL server, a throwaway database <name>_paybench is
migrated and filled with the demo network and catalogue plus one funded kiosk
per client. The portal runs under gunicorn on a free loopback port, as `emitra
up` runs it; N client threads, each signed in as the holder of its own kiosk,
repeat for T seconds: add a water bill (fetched from the in-process demo
department) and an income certificate to the cart, open the pay page, pay.
(Threads suffice: the clients use 1-2% of the CPU, the server the rest.)
Printed: receipts/s and the p50/p95 of the pay request (the one that moves
money) and of the whole cart; requests/s; the SQL statements of each request
of one cart, counted in process before the run (receipt_statements, which the
guard test emitra/payments/tests/test_receipt_cost.py runs too); the CPU
seconds gunicorn, the bench database's PostgreSQL backends, the clients and
the rest of the machine used during the run (from /proc, where there is one).
Then pgbench tpcb-like runs on the same server with the same client count, and
the throwaway database is checked with the ledger's invariants and dropped.
The run ends with the figures a bar can read (issue 14 req. 4), in this order:
`statements per receipt: <n>`, `cpu per receipt: <ms> ms` (gunicorn plus the
bench database's backends, over the run), `receipts/s: <r>`, `p95: <ms> ms`
(the pay request) and `ratio: <ours/pgbench>`.
--profile FILE: after the timed run the clients pay again as long while py-spy
samples gunicorn's workers, and FILE gets a text profile of the four requests
(_write_profile: gunicorn's CPU by part of the stack, the functions by their
own and total samples, each request's SQL; issue 14 req. 1).
"""
import http.client
import logging
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from importlib import import_module

from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from emitra.billers.demo import issued_consumer_number
from emitra.deploy import gunicorn
from emitra.ledger.management.commands.bench_ledger import Command as LedgerBench
from emitra.core.loopback import free_port


class Command(BaseCommand):
    help = "Benchmark paying carts over HTTP against gunicorn, then pgbench tpcb-like on the same server."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=10)
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--workers", type=int, default=gunicorn.WORKERS, help="gunicorn workers (as `emitra up`)")
        parser.add_argument("--threads", type=int, default=gunicorn.THREADS, help="threads a worker (as `emitra up`)")
        parser.add_argument("--profile", metavar="FILE",
                            help="also write a text profile (py-spy on gunicorn) of the four requests of a receipt")

    def handle(self, *args, seconds, clients, workers, threads, profile=None, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench payments needs PostgreSQL: set DATABASE_URL=postgres://...")
        s = connection.settings_dict
        bench_db = f"{s['NAME']}_paybench"
        helper = LedgerBench(stdout=self.stdout)
        helper._recreate(bench_db)
        connections.close_all()
        s["NAME"] = bench_db
        url = "postgres://{}{}@{}:{}/{}".format(
            urllib.parse.quote(s["USER"] or ""), (":" + urllib.parse.quote(s["PASSWORD"])) if s["PASSWORD"] else "",
            s["HOST"] or "127.0.0.1", s["PORT"] or 5432, bench_db)
        server = None
        violations = []
        try:
            self.stdout.write(f"preparing {bench_db} ...")
            self.stdout.flush()
            call_command("migrate", verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)  # as `emitra up` does
            cookies = self._prepare(clients + 1)
            probe = cookies.pop()  # a kiosk of its own for the in-process probes
            statements = _count_queries(*probe)
            queries = {label: len(sqls) for label, sqls in statements.items()}
            port = free_port()
            server = self._start_gunicorn(url, port, workers, threads)
            results, cpu_before = self._run_clients(port, cookies, seconds, lambda: _cpu_seconds(server.pid, bench_db))
            cpu = {k: v - cpu_before.get(k, 0) for k, v in _cpu_seconds(server.pid, bench_db).items()}
            pay_ms = sorted(ms for r in results for ms in r["pay"])
            cart_ms = sorted(ms for r in results for ms in r["cart"])
            errors = [e for r in results for e in r["errors"]]
            receipts = len(pay_ms)
            if not receipts:
                raise CommandError(f"no cart was paid: {errors[:3]}")
            ours = receipts / seconds
            self.stdout.write(f"payments over HTTP: {ours:.1f} receipts/s ({receipts} receipts, {clients} clients, "
                              f"{seconds} s, {len(errors)} errors)")
            self.stdout.write(f"  pay request  p50 {_pct(pay_ms, 50):.1f} ms  p95 {_pct(pay_ms, 95):.1f} ms")
            self.stdout.write(f"  whole cart   p50 {_pct(cart_ms, 50):.1f} ms  p95 {_pct(cart_ms, 95):.1f} ms "
                              "(add 2 lines, open pay page, pay)")
            self.stdout.write(f"  {4 * ours:.1f} requests/s (4 a receipt; gunicorn {workers} workers x {threads} "
                              f"threads); SQL statements a receipt: {sum(queries.values())} ("
                              + ", ".join(f"{k} {v}" for k, v in queries.items()) + ")")
            if cpu:
                self.stdout.write(
                    f"  CPU used during the run ({os.cpu_count()} CPUs x {seconds} s): "
                    f"gunicorn {cpu['gunicorn']:.1f} s ({1000 * cpu['gunicorn'] / receipts:.0f} ms a receipt), "
                    f"PostgreSQL {cpu['postgres']:.1f} s ({1000 * cpu['postgres'] / receipts:.0f} ms a receipt), "
                    f"bench clients {cpu['clients']:.1f} s, all else on the machine "
                    f"{cpu['machine'] - cpu['gunicorn'] - cpu['postgres'] - cpu['clients']:.1f} s")
            for e in errors[:5]:
                self.stdout.write(f"  error: {e}")
            if profile:
                self._profile(server, port, cookies, seconds, profile, statements)
            self._stop(server)
            server = None
            theirs = helper._pgbench(seconds, clients)
            self.stdout.write(f"pgbench tpcb-like: {theirs:.0f} transactions/s ({clients} clients, {seconds} s)")
            from emitra.ledger.integrity import ledger_violations
            from emitra.payments.models import Receipt

            violations = ledger_violations()
            self.stdout.write(f"check-ledger on {bench_db}: {len(violations)} violations; "
                              f"{Receipt.objects.count()} receipts in the database")
            for violation in violations:
                self.stdout.write(f"  {violation}")
            # the closing lines, the figures a bar can read (issue 14 req. 4), in this order
            self.stdout.write(f"statements per receipt: {sum(queries.values())}")
            if cpu:
                self.stdout.write(f"cpu per receipt: {1000 * (cpu['gunicorn'] + cpu['postgres']) / receipts:.1f} ms")
            else:
                self.stdout.write("cpu per receipt: unknown ms (no /proc)")
            self.stdout.write(f"receipts/s: {ours:.1f}")
            self.stdout.write(f"p95: {_pct(pay_ms, 95):.1f} ms")
            self.stdout.write(f"ratio: {ours / theirs:.3f}")
        finally:
            if server is not None:
                self._stop(server)
            connections.close_all()
            helper._drop(bench_db)
        if violations:
            sys.exit(1)

    def _prepare(self, clients):
        """Demo data, one funded kiosk per client, and a signed-in session for each holder."""
        from emitra.accounts.models import Person
        from emitra.accounts.session import MEMBERSHIPS_KEY, PERSON_KEY
        from emitra.catalogue.demo import load_demo_catalogue
        from emitra.commissions.demo import load_demo_rules
        from emitra.demo.cast import identity_and_person
        from emitra.demo.loaders import load_network
        from emitra.ledger import services as ledger
        from emitra.network.models import District, Kiosk
        from emitra.network.services import open_kiosk
        from emitra.wallet import accounts

        load_network()
        load_demo_catalogue()
        load_demo_rules()  # every receipt earns commission, as on a real network (issue 10 req. 3)
        admin = Person.objects.get(sso_id="DOIT.ADMIN")
        district = District.objects.get(code="JPR")
        accounts.open_network_accounts()
        store = import_module(django_settings.SESSION_ENGINE).SessionStore
        cookies = []
        for n in range(clients):
            person = identity_and_person(f"BENCH.HOLDER{n:02d}", f"Bench Holder {n}", f"98{n:08d}",
                                         f"bench{n}@emitra.localhost")
            kiosk = Kiosk.objects.filter(holder=person).first() or open_kiosk(
                holder=person, by=admin, district=district, name=f"Bench Kiosk {n}", address="Bench road",
                area="urban", bank_account_name=person.name, bank_account_no=f"3012{n:08d}", ifsc="SBIN0031JPR")
            wallet = accounts.wallet_account(kiosk)
            ledger.post("bench_topup", [(wallet, 10**13), (accounts.BANK, -(10**13))],
                        idempotency_key=f"bench-topup:{kiosk.code}")
            session = store()
            session[PERSON_KEY] = person.pk
            session[MEMBERSHIPS_KEY] = sorted(person.memberships.live().values_list("pk", flat=True))
            session.create()
            cookies.append((kiosk.code, f"{django_settings.SESSION_COOKIE_NAME}={session.session_key}"))
        connection.cursor().execute("ANALYZE")
        connections.close_all()
        return cookies

    def _start_gunicorn(self, url, port, workers, threads):
        env = {**os.environ, "DATABASE_URL": url, "EMITRA_DEBUG": "false", "DJANGO_SETTINGS_MODULE": "emitra.settings",
               "EMITRA_LOG_LEVEL": "WARNING"}
        # the server's output goes to a file: a pipe nobody reads fills up and stops the server
        self.server_log = tempfile.TemporaryFile()
        server = subprocess.Popen(gunicorn.gunicorn_command(f"127.0.0.1:{port}", workers, threads),
                                  env=env, stdout=self.server_log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                self.server_log.seek(0)
                raise CommandError(f"gunicorn stopped: {self.server_log.read().decode()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return server
            except OSError:
                time.sleep(0.2)
        self._stop(server)
        raise CommandError("gunicorn did not start within 60 s")

    def _stop(self, server):
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    def _profile(self, server, port, cookies, seconds, path, statements):
        """After the timed run, the clients pay again for `seconds` while py-spy samples gunicorn's
        workers (issue 14 req. 1); the profile (_write_profile) goes to `path`."""
        collapsed = f"{path}.collapsed"
        spy = subprocess.Popen([_py_spy(), "record", "--pid", str(server.pid), "--subprocesses", "--nonblocking", "--gil",
                                "--full-filenames", "--nolineno", "--format", "raw", "--rate", "250",
                                "--duration", str(seconds + 2), "--output", collapsed],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(1)  # py-spy attaches to the workers
        results, before = self._run_clients(port, cookies, seconds, lambda: _cpu_seconds(server.pid, "-"),
                                            first=50_000)  # other consumers than the timed run's: no duplicates
        after = _cpu_seconds(server.pid, "-")
        _, err = spy.communicate(timeout=seconds + 60)
        if spy.returncode != 0 or not os.path.exists(collapsed):
            raise CommandError(f"py-spy failed: {err.decode(errors='replace')[-500:]}")
        receipts = sum(len(r["pay"]) for r in results)
        cpu = after.get("gunicorn", 0) - before.get("gunicorn", 0)
        _write_profile(path, collapsed, seconds, receipts, cpu, statements)
        self.stdout.write(f"profile written to {path} (py-spy on gunicorn, {receipts} receipts; "
                          f"its samples in {collapsed})")

    def _run_clients(self, port, cookies, seconds, cpu_seconds, first=0):
        """Run the clients; returns their results and the CPU seconds read when they start timing.
        Client n's carts take the bills of consumers n * 100000 + first + 1, + 2, ..."""
        results = [{"pay": [], "cart": [], "errors": []} for _ in cookies]
        barrier = threading.Barrier(len(cookies) + 1)
        threads = [threading.Thread(target=_client, args=(port, code, cookie, seconds, barrier, results[n],
                                                          n * 100_000 + first))
                   for n, (code, cookie) in enumerate(cookies)]
        for t in threads:
            t.start()
        barrier.wait()
        cpu_before = cpu_seconds()
        for t in threads:
            t.join()
        return results, cpu_before


RECEIPT_REQUESTS = ("add bill", "add certificate", "pay page", "pay")


def receipt_statements(client, kiosk, serial=0):
    """{request: [SQL]} of the four requests of one receipt (RECEIPT_REQUESTS), a cart of two
    lines, paid through Django's test client `client` (signed in at kiosk code `kiosk`; the same
    views, middleware and database as the HTTP clients). Two carts are paid and the second is
    counted: the kiosk's first cart, receipt and use of the day make rows once (issue 14 req. 5).
    serial makes the bill's consumer number differ between calls (no duplicate alert)."""
    from django.test.utils import CaptureQueriesContext

    token = _csrf(client.get(f"/k/{kiosk}/services/PHED-BILL/").content.decode())
    counts = {}

    def run(label, path, form=None):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path) if form is None else client.post(path, form)
        counts[label] = [q["sql"] for q in captured.captured_queries]
        return response

    add = {"csrfmiddlewaretoken": token, "amount": ""}
    for n in (1, 2):
        response = run("add bill", f"/k/{kiosk}/services/PHED-BILL/add/",
                       {**add, "consumer_no": issued_consumer_number("PHED-BILL", 9_000_000 + 2 * serial + n)})
        if response.status_code != 302:
            raise CommandError(f"the bill was not added: HTTP {response.status_code}")
        run("add certificate", f"/k/{kiosk}/services/REV-INCOME/add/", {**add, "consumer_no": ""})
        page = run("pay page", f"/k/{kiosk}/cart/pay/").content.decode()
        response = run("pay", f"/k/{kiosk}/cart/pay/", {
            "csrfmiddlewaretoken": _csrf(page) or token,
            "cart": re.search(r'name="cart" value="(\d+)"', page).group(1),
            "key": re.search(r'name="key" value="([0-9a-f]+)"', page).group(1), "seen": _seal(page),
            "consumer_name": "Bench Consumer",
            "mobile": "9414000007", "email": "", "language": "hi", "mode": "wallet", "cheque_no": "",
            "cheque_bank": "", "cheque_date": ""})
        if response.status_code != 200 or b'class="rno"' not in response.content:
            raise CommandError(f"the query-count cart was not paid: HTTP {response.status_code}")
    return counts


def _probe_client(cookie):
    from django.test import Client

    logging.getLogger("emitra.request").setLevel(logging.WARNING)  # the probe's requests are not for the reader
    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    name, value = cookie.split("=", 1)
    client.cookies[name] = value
    return client


def _count_queries(kiosk, cookie):
    """{request: [SQL]} of one receipt, counted in process before the timed run."""
    counts = receipt_statements(_probe_client(cookie), kiosk)
    connections.close_all()
    return counts


def _py_spy():
    """The py-spy executable beside this Python's (the venv's bin), or on PATH."""
    import shutil

    here = os.path.join(os.path.dirname(sys.executable), "py-spy")
    found = here if os.path.exists(here) else shutil.which("py-spy")
    if not found:
        raise CommandError("--profile needs py-spy: pip install py-spy")
    return found


def _write_profile(path, collapsed, seconds, receipts, cpu_seconds, statements):
    """The text profile (issue 14 req. 1) of py-spy's samples of gunicorn's workers while the
    clients paid `receipts` receipts (gunicorn using `cpu_seconds` of CPU): the CPU by part of the stack, the functions by their own
    and their total samples, then each request's SQL. Only the samples of the thread holding
    the GIL are taken (py-spy --gil), so a thread waiting on PostgreSQL or the network is not
    counted: this is gunicorn's CPU in Python (a worker is one process: one thread at a time)."""
    stacks = []
    with open(collapsed) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if stack and count.isdigit():
                stacks.append((stack.split(";"), int(count)))
    total = sum(count for _, count in stacks) or 1
    own, inclusive, parts = {}, {}, {}
    for frames, count in stacks:
        leaf = frames[-1]
        own[leaf] = own.get(leaf, 0) + count
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + count
        part = _part(frames)
        parts[part] = parts.get(part, 0) + count

    def ms(count):  # milliseconds of gunicorn's CPU a receipt
        return 1000 * cpu_seconds * count / total / max(receipts, 1)

    with open(path, "w") as f:
        f.write(f"# emitra bench payments --profile: py-spy on gunicorn's workers for {seconds} s, "
                f"{receipts} receipts, {total} samples, {ms(total):.1f} ms of gunicorn's CPU a receipt\n")
        f.write("# the requests of a receipt: " + ", ".join(f"{k} {len(v)}" for k, v in statements.items())
                + " SQL statements\n\n")
        f.write("## gunicorn's CPU by part of the stack (the innermost part a sample is in)\n")
        for name, count in sorted(parts.items(), key=lambda item: -item[1]):
            f.write(f"{100 * count / total:5.1f}%  {ms(count):5.1f} ms  {name}\n")
        f.write("\n## the 40 functions of most own samples\n")
        for frame, count in sorted(own.items(), key=lambda item: -item[1])[:40]:
            f.write(f"{100 * count / total:5.1f}%  {_short(frame)}\n")
        f.write("\n## the 60 functions of most samples, callees included\n")
        for frame, count in sorted(inclusive.items(), key=lambda item: -item[1])[:60]:
            f.write(f"{100 * count / total:5.1f}%  {_short(frame)}\n")
        f.write("\n## SQL of each request of a receipt (counted in process)\n")
        for label, sqls in statements.items():
            f.write(f"\n### {label}: {len(sqls)}\n")
            for sql in sqls:
                f.write(f"  {sql[:300]}\n")


def _short(frame):
    """'function (/.../site-packages/django/db/x.py)' -> 'function (django/db/x.py)'."""
    for marker in ("site-packages/", "/emitra/"):
        if marker in frame:
            head, _, tail = frame.partition(" (")
            return f"{head} ({('emitra/' if marker == '/emitra/' else '') + tail.split(marker, 1)[1]}"
    return frame


# the part of the stack a sample is in: the innermost frame whose file matches names it
_PARTS = [
    ("PostgreSQL driver (psycopg: sending, reading rows)", ("/psycopg/", "/psycopg_binary/")),
    ("ORM: building queries and model instances", ("/django/db/",)),
    ("templates", ("/django/template/", "/templatetags/")),
    ("session", ("/django/contrib/sessions/", "/emitra/accounts/session")),
    ("ledger", ("/emitra/ledger/",)),
    ("outbox, messages and tasks", ("/emitra/notifications/", "/emitra/core/outbox", "/django_tasks")),
    ("audit", ("/emitra/core/audit",)),
    ("forms and seals", ("/django/forms/", "/emitra/core/forms", "/emitra/core/confirmation")),
    ("translation", ("/django/utils/translation/",)),
    ("request log", ("/logging/", "/emitra/core/logs")),
    ("middleware (Django's, WhiteNoise, the portal's)", ("/django/middleware/", "/whitenoise/",
                                                         "middleware.py", "/django/contrib/messages/",
                                                         "/django/contrib/auth/")),
    ("the views and services", ("/emitra/",)),
    ("request and response (Django's handler, URL routing, HTTP)", ("/django/",)),
    ("gunicorn (HTTP parsing, the worker's loop)", ("/gunicorn/",)),
]


# frames that take the part of their caller: the standard library and Django's utilities
_TRANSPARENT = ("/django/utils/", "/django/core/signing", "/django/dispatch/", "/django/conf/", "/django/apps/")


def _part(frames):
    if any("<frozen importlib" in frame for frame in frames):
        return "imports (a worker (re)starting: its first request loads the URLconf and its modules)"
    for frame in reversed(frames):
        library = "site-packages/" in frame or "/emitra/" in frame
        if not library or (any(t in frame for t in _TRANSPARENT) and "/django/utils/translation/" not in frame):
            continue
        for name, needles in _PARTS:
            if any(needle in frame for needle in needles):
                return name
    return "other (Python itself)"


def _cpu_seconds(server_pid, bench_db):
    """CPU seconds so far of gunicorn (master and workers), the bench database's PostgreSQL
    backends, this process (the clients) and the whole machine; {} where /proc cannot tell."""
    ticks = os.sysconf("SC_CLK_TCK")
    totals = {"gunicorn": 0.0, "postgres": 0.0, "clients": 0.0}
    try:
        with open("/proc/stat") as f:
            busy = f.readline().split()[1:]  # user nice system idle iowait irq softirq steal
        totals["machine"] = sum(int(busy[i]) for i in (0, 1, 2, 5, 6, 7)) / ticks
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except (OSError, IndexError, ValueError):
        return {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        seconds = (int(fields[11]) + int(fields[12])) / ticks
        if int(pid) == server_pid or int(fields[1]) == server_pid:
            totals["gunicorn"] += seconds
        elif cmdline.startswith("postgres:") and f" {bench_db} " in cmdline:
            totals["postgres"] += seconds
        elif int(pid) == os.getpid():
            totals["clients"] += seconds
    return totals


def _pct(values, p):
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


class _Browser:
    """A keep-alive HTTP client with a cookie jar, enough for the portal's forms."""

    def __init__(self, port, cookie):
        self.port = port
        self.cookies = dict([cookie.split("=", 1)])
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "Host": f"127.0.0.1:{self.port}"}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), text


def _csrf(text):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
    return match.group(1) if match else ""


def _seal(page):
    """The pay page's seal of the lines and total it shows (emitra.core.confirmation)."""
    match = re.search(r'name="seen" value="([^"]+)"', page)
    return match.group(1) if match else ""


def _client(port, kiosk, cookie, seconds, barrier, out, series):
    browser = _Browser(port, cookie)
    token = ""
    try:
        status, _, page = browser.request("GET", f"/k/{kiosk}/services/PHED-BILL/")
        token = _csrf(page)
        if status != 200 or not token:
            raise RuntimeError(f"service page: HTTP {status} {page[:300]}")
    except Exception as exc:  # noqa: BLE001
        out["errors"].append(f"{type(exc).__name__}: {exc}")
    barrier.wait()
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        i += 1
        started = time.perf_counter()
        try:
            bill = issued_consumer_number("PHED-BILL", series + i)  # a consumer the demo department has
            for service, consumer in (("PHED-BILL", bill), ("REV-INCOME", "")):
                status, _, page = browser.request("POST", f"/k/{kiosk}/services/{service}/add/",
                                                  {"csrfmiddlewaretoken": token, "consumer_no": consumer, "amount": ""})
                if status != 302:
                    raise RuntimeError(f"add {service}: HTTP {status}")
            status, _, page = browser.request("GET", f"/k/{kiosk}/cart/pay/")
            cart = re.search(r'name="cart" value="(\d+)"', page).group(1)
            key = re.search(r'name="key" value="([0-9a-f]+)"', page).group(1)
            token = _csrf(page) or token
            form = {"csrfmiddlewaretoken": token, "cart": cart, "key": key, "seen": _seal(page),
                    "consumer_name": "Bench Consumer",
                    "mobile": "9414000007", "email": "", "language": "hi", "mode": "wallet", "cheque_no": "",
                    "cheque_bank": "", "cheque_date": ""}
            paid = time.perf_counter()
            status, location, page = browser.request("POST", f"/k/{kiosk}/cart/pay/", form)
            done = time.perf_counter()
            if status != 200 or 'class="rno"' not in page:  # the answer is the receipt itself
                raise RuntimeError(f"pay: HTTP {status} {location}")
            out["pay"].append((done - paid) * 1000)
            out["cart"].append((done - started) * 1000)
        except Exception as exc:  # noqa: BLE001 -- counted and shown, the run goes on
            out["errors"].append(f"{type(exc).__name__}: {exc}")
            if len(out["errors"]) > 50:
                break
