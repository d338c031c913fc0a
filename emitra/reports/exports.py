"""A report's rows as the screen, CSV, XLSX and PDF show them (issue 13 req. 3; F12).

Every form reads the same ordered query (engine.run(page=False)) and the same totals, so an
export holds exactly the rows, order and totals of the screen, and the filters and the time
of the report are written above the table.

- CSV: amounts as plain rupees (123456.50), dates ISO; the header, the rows, the totals row.
- XLSX (XlsxWriter, constant memory: rows are written in order and flushed as they go):
  amounts as numbers in rupees with an Indian-grouping number format, real dates and times,
  the title, filters and time above a frozen header row with an autofilter.
- PDF (WeasyPrint through core.pdf, which shapes Devanagari): A4, landscape for a wide
  report, the header row repeated on every page, page numbers in the margin.
"""
import csv
import datetime
import os
import re
import tempfile

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.core.money import format_paise, group_indian, paise_to_input
from emitra.reports.definition import CHOICE, DATE, DATETIME, INT, MONEY, NOTE, Column

CHUNK = 2000
PDF_MAX_ROWS = 5000  # WeasyPrint lays out every row: past this, Excel or CSV
# lakh and crore grouping in Excel's own format language
INR_FORMAT = "[>=10000000]##\\,##\\,##\\,##0.00;[>=100000]##\\,##\\,##0.00;##,##0.00"


def local(value):
    return timezone.localtime(value) if isinstance(value, datetime.datetime) and timezone.is_aware(value) else value


def screen_text(column, value):
    """What a cell shows on the screen, in print and in the PDF."""
    if value is None or value == "" or (column.blank_zero and value == 0):
        return ""
    if column.type == MONEY:
        return format_paise(value)
    if column.type == DATETIME:
        return local(value).strftime("%d-%m-%Y %H:%M")
    if column.type == DATE:
        return value.strftime("%d-%m-%Y")
    if column.type == CHOICE:
        return column.label_of(value)
    if column.type == INT:
        return group_indian(str(value)) if value >= 0 else "-" + group_indian(str(-value))
    return str(column.label_of(value))


def csv_text(column, value):
    if value is None or (column.blank_zero and value == 0):
        return ""
    if column.type == MONEY:
        return paise_to_input(value)
    if column.type == DATETIME:
        return local(value).strftime("%Y-%m-%d %H:%M:%S")
    if column.type == DATE:
        return value.isoformat()
    if column.type == CHOICE:
        return column.label_of(value)
    return str(column.label_of(value))


def filter_lines(result, scope_label):
    """[(label, text)] of the scope and every filter as it was applied, for the top of an export."""
    lines = [(_("Report"), str(result.report.title))]
    if scope_label:
        lines.append((_("For"), scope_label))
    for f in result.report.filters:
        if f.kind == "dates":
            text = f"{result.values[f.key + '_from']:%d-%m-%Y} – {result.values[f.key + '_to']:%d-%m-%Y}"
        elif f.kind == "choice":
            value = result.values.get(f.key)
            text = str(dict(result.form.fields[f.key].choices).get(value, value)) if value else _("All")
        else:
            text = result.values.get(f.key) or _("All")
        lines.append((str(f.label), text))
    column = result.column
    lines.append((_("Sorted by"), f"{column.label} {'↓' if result.descending else '↑'}"))
    lines.append((_("Made at"), timezone.localtime().strftime("%d-%m-%Y %H:%M")))
    return lines


def totals_cells(result, text=screen_text):
    """The totals row: the first cell says how many rows; totalled columns carry their sums."""
    cells = []
    for n, column in enumerate(result.report.columns):
        if column.total:
            cells.append(text(column, result.totals.get(column.key) or 0))
        elif n == 0:
            cells.append(_("Total of %(rows)s rows") % {"rows": result.count})
        else:
            cells.append("")
    return cells


def summary_cells(result):
    """[(label, text)] of the figures above the table (a statement's opening and closing balance)."""
    return [(label, screen_text(Column("", "", kind), value)) for label, value, kind in result.summary
            if kind != NOTE]


def notes(result):
    """The sentences of the summary (a warning) to show above the table."""
    return [label for label, _value, kind in result.summary if kind == NOTE]


def table_cells(result):
    """The report's summary tables as the screen, paper and PDF show them:
    [(title, [column], [[(text, css)]], empty)]."""
    return [(table.title, table.columns, [[(screen_text(c, row[c.key]), c.css) for c in table.columns]
                                          for row in table.rows], table.empty) for table in result.tables]


def iterate(result):
    return result.rows.iterator(chunk_size=CHUNK)


class _Echo:
    def write(self, value):
        return value


def csv_stream(result, progress=None):
    """The CSV, one text row at a time."""
    writer = csv.writer(_Echo())
    columns = result.report.columns
    yield "\ufeff" + writer.writerow([str(c.label) for c in columns])  # the BOM: Excel reads UTF-8
    for n, row in enumerate(iterate(result), 1):
        yield writer.writerow([csv_text(c, row[c.key]) for c in columns])
        if progress and n % CHUNK == 0:
            progress(n)
    yield writer.writerow(totals_cells(result, csv_text))


def feed_text(column, value):
    """A cell of a feed (exports.feed_stream): what another system reads, in one fixed form whatever
    the reader's language: amounts as plain rupees, times in ISO 8601 with their offset, states
    as their stored values."""
    if value is None:
        return ""
    if column.type == MONEY:
        return paise_to_input(value)
    if column.type == DATETIME:
        return local(value).isoformat(timespec="seconds")
    if column.type == DATE:
        return value.isoformat()
    return str(value)


def feed_stream(result):
    """The report's rows as the CSV another system reads (Report.feed; F29): its header is the feed
    columns' keys, which are a contract (never translated, never renamed: a department's import
    reads them by name), then one row per report row in the screen's filters and order, and no
    totals row. The rows are the report's own query, so the feed holds nothing the screen may not."""
    writer = csv.writer(_Echo())
    feed = result.report.feed
    yield writer.writerow([c.key for c in feed])
    rows = result.rows.annotate(**{f"feed__{c.key}": c.expression() if c.source is not None else F(c.key)
                                   for c in feed})
    for row in rows.iterator(chunk_size=CHUNK):
        yield writer.writerow([feed_text(c, row[f"feed__{c.key}"]) for c in feed])


def write_xlsx(result, target, scope_label, progress=None):
    """Write the XLSX to `target` (a path or a file) in constant memory."""
    import xlsxwriter

    book = xlsxwriter.Workbook(target, {"constant_memory": True, "tmpdir": tempfile.gettempdir(),
                                        "default_date_format": "dd-mm-yyyy"})
    sheet = book.add_worksheet(re.sub(r"[\[\]:*?/\\]", " ", str(result.report.title))[:31])  # Excel refuses these
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": INR_FORMAT})
    money_bold = book.add_format({"num_format": INR_FORMAT, "bold": True})
    formats = {DATETIME: book.add_format({"num_format": "dd-mm-yyyy hh:mm"}),
               DATE: book.add_format({"num_format": "dd-mm-yyyy"}), MONEY: money,
               INT: book.add_format({"num_format": "0"})}
    columns = result.report.columns
    r = 0
    for label, text in filter_lines(result, scope_label):
        sheet.write_string(r, 0, label, bold)
        sheet.write_string(r, 1, text)
        r += 1
    r += 1
    header = r
    for c, column in enumerate(columns):
        sheet.write_string(header, c, str(column.label), bold)
        sheet.set_column(c, c, 20 if column.type in (DATETIME, MONEY) else 16)
    sheet.freeze_panes(header + 1, 0)
    for n, row in enumerate(iterate(result), 1):
        r = header + n
        for c, column in enumerate(columns):
            _cell(sheet, r, c, column, row[column.key], formats)
        if progress and n % CHUNK == 0:
            progress(n)
    r += 1
    sheet.autofilter(header, 0, max(r - 1, header), len(columns) - 1)
    for c, cell in enumerate(totals_cells(result, lambda column, value: value)):
        column = columns[c]
        if column.total:
            sheet.write_number(r, c, (cell or 0) / 100 if column.type == MONEY else cell, money_bold
                               if column.type == MONEY else bold)
        elif cell:
            sheet.write_string(r, c, str(cell), bold)
    book.close()


def _cell(sheet, r, c, column, value, formats):
    if value is None or value == "" or (column.blank_zero and value == 0):
        sheet.write_blank(r, c, None)
    elif column.type == MONEY:
        # Excel holds numbers as binary floats: paise / 100 is the rupee amount to the paisa
        sheet.write_number(r, c, value / 100, formats[MONEY])
    elif column.type == INT:
        sheet.write_number(r, c, value, formats[INT])
    elif column.type == DATETIME:
        sheet.write_datetime(r, c, local(value).replace(tzinfo=None), formats[DATETIME])
    elif column.type == DATE:
        sheet.write_datetime(r, c, datetime.datetime.combine(value, datetime.time.min), formats[DATE])
    elif column.type == CHOICE:
        sheet.write_string(r, c, column.label_of(value))
    else:
        sheet.write_string(r, c, str(value))


def xlsx_file(result, scope_label, progress=None):
    """An open temporary file holding the XLSX (already unlinked: it goes when it is closed)."""
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        write_xlsx(result, path, scope_label, progress)
        return open(path, "rb")
    finally:
        os.unlink(path)


def pdf_bytes(result, scope_label, request=None):
    from emitra.core.pdf import render_pdf

    columns = result.report.columns
    rows = ([(screen_text(c, row[c.key]), c.css) for c in columns] for row in iterate(result))
    sheets = ["reports/pdf.css"] + (["reports/pdf-landscape.css"] if result.report.wide else [])
    return render_pdf("reports/pdf.html", {
        "result": result, "columns": columns, "rows": rows, "totals": totals_cells(result),
        "summary": summary_cells(result), "notes": notes(result), "tables": table_cells(result), "filters": filter_lines(result, scope_label)}, stylesheets=sheets, request=request)
