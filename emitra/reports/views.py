"""Report pages (issue 13 req. 1-4; F10-F13): the Reports menu of each role, a report with its
filters, sortable headers, totals and keyset pages, its print view, and its exports.

Views are thin: the scope comes from scopes.resolve (the portal's access helpers), the rows
from engine.run, the files from exports; a large export goes to background.ask and the
person follows a progress page that refreshes itself without JavaScript.
"""
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from emitra.accounts.access import kiosk_for, person_required
from emitra.core.text import query_text
from emitra.reports import background, charts, dept, engine, exports, registry, scopes, statements
from emitra.reports.definition import DEPT, DOIT, KIOSK, LSP
from emitra.reports.models import ReportExport

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "pdf": "application/pdf"}
BACKGROUND_ROWS = {"csv": 3000, "xlsx": 3000, "pdf": 300}  # more than this: written in the background
PRINT_MAX_ROWS = 1000


def url_of(role, name, code=None, *args):
    return reverse(f"reports:{role}_{name}", args=([code] if role == KIOSK else []) + list(args))


@person_required
def menu(request, role, code=None):
    """The Reports menu of a role (of a kiosk: the reports of the pages this person may open)."""
    reports = registry.of_role(role)
    context = {"role": role}
    if role == KIOSK:
        kiosk = kiosk_for(request, code, page="home")
        reports = scopes.kiosk_reports(request, kiosk, reports)
        context.update(kiosk=kiosk, back_url=reverse("network:kiosk_home", args=[kiosk.code]))
    elif not scopes.may_open_role(request, role):
        raise Http404
    else:
        context["back_url"] = reverse("accounts:home")
    context["reports"] = [(r, url_of(role, "report", code, r.slug)) for r in reports]
    return render(request, "reports/menu.html", context)


def _open(request, role, slug, code):
    report = registry.get(role, slug)
    if report is None:
        raise Http404
    scope, ref = scopes.resolve(request, report, code)
    return report, scope, ref


@person_required
def report(request, role, slug, code=None):
    """One report: filters, a header that sorts by each column both ways, a page of rows, the
    totals of the whole filtered set, and links to the next page, print and the exports."""
    report, scope, ref = _open(request, role, slug, code)
    result = engine.run(report, scope, ref, request.GET)
    return render(request, "reports/report.html", _context(request, report, scope, ref, result, code))


@person_required
def kiosk_commission_statement(request, code):
    """The kiosk's commission statement at its address of issue 10 (/k/<code>/wallet/commission/):
    the report itself, under the wallet page's rule."""
    return report(request, role=KIOSK, slug=statements.kiosk_statement.slug, code=code)


@person_required
def lsp_commission_statement(request):
    """The LSP's commission statement at its address of issue 10 (/lsp/commission/): an LSP
    officer's of its own LSPs, DoIT's of any LSP; an LSP outside the scope is not found."""
    roles = request.roles
    role = DOIT if roles.is_doit else LSP if roles.is_lsp else None
    if role is None:
        raise Http404
    slug = statements.lsp_officer_statement.slug
    scope, _ref = scopes.resolve(request, registry.get(role, slug))
    asked = query_text(request, "lsp")  # a control character: the default LSP and a message (issue 9 item 6)
    if asked and asked not in {code for code, _label in statements.lsp_choices(scope)}:
        raise Http404
    if request.GET.get("lsp") and not asked:
        request.GET = request.GET.copy()
        del request.GET["lsp"]
    return report(request, role=role, slug=slug)


@person_required
def dept_collections(request):
    """The department's collections (F29; issue 5 req. 5) at their address of issue 5
    (/dept/collections/): the report itself, under dept_scope."""
    return report(request, role=DEPT, slug=dept.collections.slug)


@person_required
def dept_collections_csv(request):
    """The same lines as CSV at their address of issue 5 (/dept/collections.csv), in the columns a
    department's system reads by name (the report's feed, exports.feed_stream): the report's rows
    in its filters and order, streamed however many there are; bad filters give no file (400)."""
    report, scope, ref = _open(request, DEPT, dept.collections.slug, None)
    result = engine.run(report, scope, ref, request.GET, page=False)
    if result.form.errors:
        return render(request, "reports/report.html", _context(request, report, scope, ref, result, None), status=400)
    response = StreamingHttpResponse(exports.feed_stream(result), content_type=FORMATS["csv"])
    start, end = (result.values[f"date_{end}"] for end in ("from", "to"))
    response["Content-Disposition"] = (f'attachment; filename="collections-{scope.department.code}-'
                                       f'{start:%Y%m%d}-{end:%Y%m%d}.csv"')
    return response


def _context(request, report, scope, ref, result, code):
    query = result.query
    headers = []
    for column in report.columns:
        current = column.key == result.column.key
        q = query.copy()
        q["sort"] = ("" if current and result.descending else "-" if current else "") + column.key
        headers.append({"column": column, "href": "?" + q.urlencode(), "current": current,
                        "aria": ("descending" if result.descending else "ascending") if current else ""})
    sorted_query = query.copy()
    sorted_query["sort"] = result.sort
    next_url, prev_url = (_page_url(sorted_query, token) for token in (result.next_token, result.prev_token))
    kiosk = scope if report.role == KIOSK else None
    rows = [[(exports.screen_text(c, row[c.key]), c.link(row, scope) if c.link else "", c.css)
             for c in report.columns] for row in result.rows]
    exports_q = "?" + sorted_query.urlencode()
    return {
        "report": report, "result": result, "headers": headers, "rows": rows, "kiosk": kiosk,
        "totals": exports.totals_cells(result) if result.count else [],
        "summary": exports.summary_cells(result), "notes": exports.notes(result), "tables": exports.table_cells(result),
        "refused": report.refuse_bad_filters and bool(result.form.errors),
        "next_url": next_url, "prev_url": prev_url, "first_url": "?" + sorted_query.urlencode(),
        "print_url": url_of(report.role, "print", code, report.slug),
        "print_params": [(name, value) for name, value in sorted_query.items()],
        "export_urls": [(fmt.upper(), url_of(report.role, "export", code, report.slug, fmt) + exports_q)
                        for fmt in FORMATS],
        "chart": charts.bars(report, result) if report.chart else None,
        "back_url": url_of(report.role, "menu", code),
        "scope_label": scopes.label(report.role, scope),
        # F27: the report starred with its filters and sort (not its page), named by them
        "favourite_path": request.path + "?" + sorted_query.urlencode(),
        "favourite_title": favourite_title(result, scopes.label(report.role, scope)),
    }


def favourite_title(result, scope_label):
    """A favourite report's name in the person's favourites (F27): the report and its filters."""
    lines = exports.filter_lines(result, scope_label)  # the report, its scope, the filters, the sort, the time
    filters = [text for _label, text in lines[(2 if scope_label else 1):-2]]
    return f"{result.report.title}: {'; '.join(filters)}" if filters else str(result.report.title)


def _page_url(query, token):
    """The address of the page a token starts (next) or ends (back), with the filters and sort."""
    if not token:
        return ""
    q = query.copy()
    q["after"] = token
    return "?" + q.urlencode()


@person_required
def print_view(request, role, slug, code=None):
    """The report for paper (F13): every row (up to PRINT_MAX_ROWS), no navigation, A4 by its
    width. The report page's Print button opens it (a form: no JavaScript needed); where
    JavaScript runs, reports/print.js opens the browser's print dialogue at once."""
    report, scope, ref = _open(request, role, slug, code)
    result = engine.run(report, scope, ref, request.GET, page=False)
    columns = report.columns
    rows = [[(exports.screen_text(c, row[c.key]), c.css) for c in columns]
            for row in result.rows[:PRINT_MAX_ROWS]]
    response = render(request, "reports/print.html", {
        "report": report, "result": result, "rows": rows, "totals": exports.totals_cells(result),
        "filters": exports.filter_lines(result, scopes.label(role, scope)), "cut": result.count > PRINT_MAX_ROWS,
        "summary": exports.summary_cells(result), "notes": exports.notes(result), "tables": exports.table_cells(result),
        "max_rows": PRINT_MAX_ROWS, "back_url": url_of(role, "report", code, slug) + "?" + result.query.urlencode()})
    response.same_site_scripts = True  # reports/print.js (core.middleware.content_security_policy)
    return response


@person_required
def export(request, role, slug, fmt, code=None):
    """The report as CSV, XLSX or PDF: streamed at once, or for more than a few thousand rows
    written in the background while a progress page shows how far it is."""
    if fmt not in FORMATS:
        raise Http404
    report, scope, ref = _open(request, role, slug, code)
    result = engine.run(report, scope, ref, request.GET, page=False)
    if report.refuse_bad_filters and result.form.errors:  # no file of other rows than were asked for
        return render(request, "reports/report.html", _context(request, report, scope, ref, result, code), status=400)
    if fmt == "pdf" and result.count > exports.PDF_MAX_ROWS:
        return render(request, "reports/too_many.html", {
            "report": report, "max_rows": exports.PDF_MAX_ROWS, "count": result.count,
            "back_url": url_of(role, "report", code, slug) + "?" + result.query.urlencode()}, status=400)
    if result.count > BACKGROUND_ROWS[fmt]:
        params = {k: v for k, v in result.query.items()}
        params["sort"] = result.sort
        job = background.ask(request.person, report, ref, params, fmt, get_language() or "en")
        return redirect("reports:export_status", job.pk)
    name = file_name(report, fmt)
    label = scopes.label(role, scope)
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_stream(result), content_type=FORMATS[fmt])
    elif fmt == "xlsx":
        response = FileResponse(exports.xlsx_file(result, label), content_type=FORMATS[fmt])
    else:
        response = FileResponse(iter([exports.pdf_bytes(result, label, request)]), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def file_name(report, fmt):
    return f"{report.slug}-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"


@person_required
def export_status(request, pk):
    """How far a background export is; the page refreshes itself (a meta refresh, no script)
    until the file is ready, then links to it for a day."""
    job = get_object_or_404(ReportExport, pk=pk, person=request.person)
    report = registry.get(job.role, job.slug)
    return render(request, "reports/export_status.html", {
        "job": job, "report": report, "refresh": job.state in (ReportExport.State.QUEUED, ReportExport.State.RUNNING),
        "back_url": url_of(job.role, "report", job.scope.get("kiosk"), job.slug)})


@person_required
def export_file(request, pk):
    job = get_object_or_404(ReportExport, pk=pk, person=request.person, state=ReportExport.State.DONE)
    if job.expired or not job.file:
        raise Http404
    report = registry.get(job.role, job.slug)
    response = FileResponse(default_storage.open(job.file, "rb"), content_type=FORMATS[job.format])
    response["Content-Disposition"] = f'attachment; filename="{file_name(report, job.format)}"'
    return response

