"""`emitra bench reports`: every report of every role over HTTP at state scale (issue 13, Performance).

On the DATABASE_URL PostgreSQL database (not a throwaway one: the generated volume is kept for
the next run): migrates, loads the demo, and when the database holds fewer receipt lines than
--lines (default 5,000,000) adds the rest with `emitra demo --transactions N` (emitra.demo.volume).
The database is vacuumed and analysed (VACUUM ANALYZE, as autovacuum keeps a live one).
Then the portal runs under gunicorn on a free loopback port as `emitra up` runs it, and for each
role (the holder of the busiest generated kiosk, the officer of the LSP with most kiosks, the
department officer of the whole department, DoIT) every report is asked for sorted by each of
its columns both ways and filtered by the last full month: the first page, and a page deep
into the data (a page token made for the row half-way through, at most --deep rows in), each
--repeat times. Printed per report and column: p50/p95 in ms. Then an XLSX export of
--export-rows rows (every receipt line of the busiest department over a year, state-wide) is written in a child
process, as the background worker writes it, and its peak resident memory is read.
The run ends with `p95: <ms> ms` (the slowest sort's p95) and `peak: <MB> MB`.
"""
import datetime
import http.client
import json
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from emitra.payments.management.commands.bench_payments import Command as PaymentsBench
from emitra.reports import engine, registry, scopes
from emitra.reports.definition import DEPT, DOIT, KIOSK, LSP


class Command(BaseCommand):
    help = "Benchmark every report of every role over HTTP, and an XLSX export of a million rows."

    def add_arguments(self, parser):
        parser.add_argument("--lines", type=int, default=5_000_000, help="receipt lines the database should hold")
        parser.add_argument("--repeat", type=int, default=3, help="requests of each page")
        parser.add_argument("--deep", type=int, default=100_000, help="at most this many rows into the data")
        parser.add_argument("--export-rows", type=int, default=1_000_000)
        parser.add_argument("--only", default="", help="only the reports whose role/slug contains this")
        parser.add_argument("--skip", default="", help="not the reports whose role/slug contains this")
        parser.add_argument("--export-child", action="store_true", help=_INTERNAL)

    def handle(self, *args, lines, repeat, deep, export_rows, only, skip, export_child, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench reports needs PostgreSQL: set DATABASE_URL=postgres://...")
        if export_child:
            return self._export(export_rows)
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        from emitra.demo.loaders import load_demo
        from emitra.payments.models import ReceiptLine

        load_demo()
        have = ReceiptLine.objects.count()
        if have < lines:
            self.stdout.write(f"{have:,} receipt lines; generating {lines - have:,} more ...")
            self.stdout.flush()
            call_command("demo", transactions=lines - have, stdout=self.stdout)
        have = ReceiptLine.objects.count()
        call_command("createcachetable", verbosity=0)
        # as autovacuum keeps a live database: the statistics, and the visibility map that lets an
        # index-only scan (a statement's postings, ledger 0004) skip the heap; a bulk load leaves it unset
        connection.cursor().execute("VACUUM ANALYZE")
        self.stdout.write(f"scale: {have:,} receipt lines")
        people = self._people()
        cookies = {role: self._session(person) for role, person in people.items()}
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        bench = PaymentsBench(stdout=self.stdout)
        server = bench._start_gunicorn(_url(), port, 2, 8)
        worst = 0.0
        try:
            for role, cookie in cookies.items():  # each worker and thread warmed once, not timed
                for _n in range(16):
                    _get(port, _menu(role, people[role]), cookie)
            month = _last_month()
            for role, person in people.items():
                request = _Request(person)
                for report in registry.of_role(role):
                    if (only and only not in f"{role}/{report.slug}") or (skip and skip in f"{role}/{report.slug}"):
                        continue
                    worst = max(worst, self._report(port, cookies[role], request, report, month, repeat, deep))
        finally:
            bench._stop(server)
        peak, rows, seconds = self._export_in_child(export_rows)
        self.stdout.write(f"export: XLSX of {rows:,} rows in {seconds:.1f} s")
        self.stdout.write(f"p95: {worst:.0f} ms")
        self.stdout.write(f"peak: {peak:.0f} MB")

    def _people(self):
        from emitra.accounts.models import Membership, Person, Role
        from emitra.network.models import Kiosk
        from emitra.payments.models import ReceiptLine

        since = timezone.now() - datetime.timedelta(days=40)
        busiest = (ReceiptLine.objects.filter(paid_at__gte=since).values("kiosk").annotate(n=Count("id"))
                   .order_by("-n").first())
        kiosk = Kiosk.objects.get(pk=busiest["kiosk"]) if busiest else Kiosk.objects.first()
        lsp = (Membership.objects.live().filter(role=Role.LSP_OFFICER).annotate(n=Count("lsp__kiosks"))
               .order_by("-n").first())
        return {KIOSK: kiosk.holder, LSP: lsp.person, DEPT: Person.objects.get(sso_id="DEPT.OFFICER"),
                DOIT: Person.objects.get(sso_id="DOIT.ADMIN")}

    def _session(self, person):
        from importlib import import_module

        from emitra.accounts.session import MEMBERSHIPS_KEY, PERSON_KEY

        session = import_module(django_settings.SESSION_ENGINE).SessionStore()
        session[PERSON_KEY] = person.pk
        session[MEMBERSHIPS_KEY] = sorted(person.memberships.live().values_list("pk", flat=True))
        session.create()
        return f"{django_settings.SESSION_COOKIE_NAME}={session.session_key}"

    def _report(self, port, cookie, request, report, month, repeat, deep):
        scope, ref = scopes.resolve(request, report, getattr(request.kiosk, "code", None))
        prefix = f"/k/{scope.code}/" if report.role == KIOSK else f"/{report.role}/"
        path = f"{prefix}reports/{report.slug}/"
        dates = {}
        for f in report.filters:
            if f.kind == "dates":
                dates = {f"{f.key}_from": month[0].isoformat(), f"{f.key}_to": month[1].isoformat()}
        worst = 0.0
        for column in report.columns:
            for sort in (column.key, "-" + column.key):
                query = {**dates, "sort": sort}
                result = engine.run(report, scope, ref, query, page=False)
                pages = [query]
                offset = min(result.count // 2, deep)
                if offset > engine.PAGE_ROWS:
                    row = result.rows[offset - 1:offset].first()
                    pages.append({**query, "after": engine.make_token(report, result.sort, result.finger, row,
                                                                       result.column)})
                times = []
                for q in pages:
                    for _n in range(repeat):
                        times.append(_get(port, path + "?" + urllib.parse.urlencode(q), cookie))
                p50, p95 = statistics.median(times), _p95(times)
                worst = max(worst, p95)
                self.stdout.write(f"  {report.role}/{report.slug} sort={sort:<22} rows={result.count:>9,} "
                                  f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
                self.stdout.flush()
        return worst

    def _export_in_child(self, rows):
        """(peak MB, rows, seconds) of writing the XLSX in a process of its own."""
        done = subprocess.run([sys.executable, "-c", "import sys; from emitra.cli import main; main(sys.argv[1:])",
                               "bench_reports", "--export-child", "--export-rows", str(rows)],
                              capture_output=True, text=True, timeout=7200)
        if done.returncode:
            raise CommandError(f"the export failed: {done.stderr[-2000:]}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        return figures["peak_mb"], figures["rows"], figures["seconds"]

    def _export(self, rows):
        """The child: the department's every receipt line over a year as XLSX, as the worker writes it."""
        from emitra.accounts.access import DeptScope
        from emitra.catalogue.models import Department
        from emitra.payments.models import ReceiptLine
        from emitra.reports import exports

        report = registry.get(DEPT, "collections")
        # the whole of the department that sells most (the demo's officer sees one district)
        busiest = (ReceiptLine.objects.values("service__department").annotate(n=Count("id")).order_by("-n")
                   .values_list("service__department", flat=True).first())
        scope = DeptScope(department=Department.objects.get(pk=busiest))
        ref = {"department": scope.department.pk}
        # the page's filter holds at most a month (payments.collections.MAX_DAYS): the bench asks the
        # report's own query for a year, past the form, to have a million rows to write
        today = timezone.localdate()
        result = engine.run(report, scope, ref, {"sort": "-paid_at"}, page=False)
        result.values.update(date_from=today - datetime.timedelta(days=365), date_to=today)
        base, year = engine.rows_query(report, scope, result.values)
        result.totals, result.count = engine.totals(report, base, year)
        result.rows = engine.ordered(report, year, result.column, result.descending)[:rows]
        started = time.monotonic()
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as target:
            exports.write_xlsx(result, target.name, scopes.label(DEPT, scope))
        seconds = time.monotonic() - started
        self.stdout.write(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                                      "rows": min(rows, result.count), "seconds": seconds}))


_INTERNAL = "internal: write the export in this process and print its figures"


class _Request:
    """What scopes.resolve reads of a request: the person and their roles."""

    def __init__(self, person):
        from emitra.accounts.roles import Roles

        self.person = person
        self.roles = Roles(list(person.memberships.live()))
        self.kiosk = person.kiosks_held.first()


def _url():
    s = connection.settings_dict
    return "postgres://{}{}@{}:{}/{}".format(
        urllib.parse.quote(s["USER"] or ""), (":" + urllib.parse.quote(s["PASSWORD"])) if s["PASSWORD"] else "",
        s["HOST"] or "127.0.0.1", s["PORT"] or 5432, s["NAME"])


def _menu(role, person):
    return f"/k/{person.kiosks_held.first().code}/reports/" if role == KIOSK else f"/{role}/reports/"


def _last_month():
    first = timezone.localdate().replace(day=1)
    end = first - datetime.timedelta(days=1)
    return end.replace(day=1), end


def _get(port, path, cookie):
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path, headers={"Cookie": cookie, "Accept-Encoding": "gzip"})
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise CommandError(f"{path}: HTTP {response.status}")
    return 1000 * (time.perf_counter() - started)


def _p95(times):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
