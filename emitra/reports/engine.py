"""Running a report (issue 13 req. 2; F11): filters, sort, totals and keyset pages.

- Filters come from a form built from the definition (core.forms.Form). A bad value gets
  its message beside the field and the report runs with that filter's default: never a 500.
- The sort is one column key, "-" in front for descending; anything else is the default
  sort. Every sort ends with the report's key column in the same direction, so the order
  is total and one composite index (scope, column, key) serves both directions.
- Pages are keyset (cursor) pages: the page token carries a row's sort value and key and
  the way to go from it (on after the last row of a page, or back before its first row),
  signed (django.core.signing) together with the report, the sort and a fingerprint of the
  filters and scope. A token that was tampered with, or made for another sort, filter or
  scope, is ignored: the first page of what was asked. A page back is read in the reverse
  order from its token and turned round, so it uses the same index as a page on.
- The totals row is one aggregate over the whole filtered set (or the report's own, Report.counted,
  from what it reads anyway: a statement's per day figures).
"""
import contextvars
import datetime
import decimal
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emitra.core.forms import DateField, Form
from emitra.reports.definition import DATE, DATETIME, INT, MONEY

PAGE_ROWS = 50
TOKEN_SALT = "emitra.reports.page"
FIRST_DAY = datetime.date(2000, 1, 1)


class FilterForm(Form):
    """The filters of one report; fields are added from its definition."""

    def __init__(self, report, scope, data):
        self.report = report
        self.scope = scope
        super().__init__(data)
        for f in report.filters:
            if f.kind == "dates":
                self.fields[f"{f.key}_from"] = DateField(label=_("From"), required=False)
                self.fields[f"{f.key}_to"] = DateField(label=_("To"), required=False)
            elif f.kind == "choice":
                self.fields[f.key] = forms.ChoiceField(label=f.label, required=False,
                                                       choices=[("", _("All"))] * f.blank + f.choices_for(scope))
            else:
                self.fields[f.key] = forms.CharField(label=f.label, required=False, max_length=60)

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for f in self.report.filters:
            if f.kind == "text" and f.check and cleaned.get(f.key, "").strip():
                message = f.check(self.scope, cleaned[f.key].strip().upper() if f.upper else cleaned[f.key].strip())
                if message:
                    self.add_error(f.key, message)
            if f.kind != "dates":
                continue
            a, b = cleaned.get(f"{f.key}_from"), cleaned.get(f"{f.key}_to")
            for name, day in ((f"{f.key}_from", a), (f"{f.key}_to", b)):
                if day is not None and not FIRST_DAY <= day <= today + datetime.timedelta(days=366):
                    self.add_error(name, _("Give a date between %(first)s and next year.")
                                   % {"first": FIRST_DAY.strftime("%d-%m-%Y")})
            if a and b and b < a:
                self.add_error(f"{f.key}_to", _("The end date is before the start date."))
            elif a and b and (b - a).days >= f.max_days:
                self.add_error(f"{f.key}_to", _("Give at most %(days)s days.") % {"days": f.max_days})
        return cleaned


def defaults(report):
    today = timezone.localdate()
    values = {}
    for f in report.filters:
        if f.kind == "dates":
            values[f"{f.key}_from"] = today - datetime.timedelta(days=f.default_days)
            values[f"{f.key}_to"] = today
        else:
            values[f.key] = ""
    return values


def filter_values(report, scope, data):
    """(form, values): the form to show, and each filter's cleaned value or its default where it was bad."""
    form = FilterForm(report, scope, data if any(k in data for k in _names(report)) else None)
    values = defaults(report)
    if form.is_bound:
        form.is_valid()
        cleaned = getattr(form, "cleaned_data", {})
        bad = set(form.errors)
        for name in values:
            if name in cleaned and cleaned[name] not in (None,) and name not in bad:
                values[name] = cleaned[name]
        for f in report.filters:  # a bad pair falls back as a pair
            if f.kind == "dates" and ({f"{f.key}_from", f"{f.key}_to"} & bad):
                values.update({k: v for k, v in defaults(report).items() if k.startswith(f.key + "_")})
        for f in report.filters:
            if f.kind == "text" and values[f.key]:
                values[f.key] = values[f.key].strip().upper() if f.upper else values[f.key].strip()
    else:
        form = FilterForm(report, scope, {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                          for k, v in values.items()})
        form.is_valid()
    return form, values


def _names(report):
    for f in report.filters:
        if f.kind == "dates":
            yield f"{f.key}_from"
            yield f"{f.key}_to"
        else:
            yield f.key


def day_range(values, key):
    """The aware datetimes [start, end) of the from-to days of the dates filter `key`."""
    start = timezone.make_aware(datetime.datetime.combine(values[f"{key}_from"], datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(values[f"{key}_to"] + datetime.timedelta(days=1),
                                                        datetime.time.min))
    return start, end


def apply_filters(report, qs, values):
    """The filters' WHERE over the base rows (dates, choices, exact text)."""
    for f in report.filters:
        if f.kind == "dates":
            if f.date_field:
                qs = qs.filter(**{f"{f.field}__gte": values[f"{f.key}_from"], f"{f.field}__lte": values[f"{f.key}_to"]})
            else:
                start, end = day_range(values, f.key)
                qs = qs.filter(**{f"{f.field}__gte": start, f"{f.field}__lt": end})
        elif values.get(f.key) and f.field:
            qs = qs.filter(**{f.field: values[f.key]})
    return qs


def parse_sort(report, text):
    """(column, descending) of a sort parameter; the default for anything unknown."""
    text = text if isinstance(text, str) else ""
    descending = text.startswith("-")
    column = report.column(text[1:] if descending else text) if text else None
    if column is None:
        descending = report.default_sort.startswith("-")
        column = report.column(report.default_sort.lstrip("-"))
    return column, descending


def rows_query(report, scope, values, late=()):
    """The report's rows as dicts: the filtered base rows, grouped where the report groups; without the
    `late` columns (Column.late), which the page fills in itself."""
    base = apply_filters(report, report.base(scope, values), values).order_by()
    if report.group:
        plain, named = [], {}
        for key in report.group:
            expression = report.column(key).expression()
            (named.__setitem__(key, expression) if expression is not None else plain.append(key))
        aggregates = {c.key: c.source for c in report.columns if c.key not in report.group}
        return base, base.values(*plain, **named).annotate(**aggregates)
    plain, named = [], {}
    for c in report.columns:
        if c in late:
            continue
        expression = c.expression()
        (named.__setitem__(c.key, expression) if expression is not None else plain.append(c.key))
    if report.key not in plain and report.key not in named:
        plain.append(report.key)
    left_out = {name for c in late for name in c.late_fields}
    return base, base.values(*plain, *(name for name in report.extra if name not in left_out), **named)


def ordered(report, qs, column, descending):
    sign = "-" if descending else ""
    keys = [f"{sign}{column.key}"]
    if column.key != report.key:
        keys.append(f"{sign}{report.key}")
    return qs.order_by(*keys)


def totals(report, base, rows):
    """The totals row over the whole filtered set, and how many rows the report has. The
    aggregates are named apart from the fields they sum (an aggregate may not be named as a
    field another one reads)."""
    named = {f"total__{key}": expression for key, expression in report.total_expressions().items()}
    if report.group:
        sums, count = (base.aggregate(**named) if named else {}), rows.count()
    else:
        sums = base.aggregate(total__rows=Count("pk"), **named)
        count = sums.pop("total__rows")
    return {key.removeprefix("total__"): value for key, value in sums.items()}, count


def fingerprint(report, scope_ref, values):
    text = json.dumps([report.role, report.slug, scope_ref, {k: str(v) for k, v in sorted(values.items())}])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def encode(column_type, value):
    """A sort key's value as the page token's JSON holds it. A whole-number column may read as
    Decimal (a database view's numeric column on PostgreSQL: the commission statement's amounts),
    which JSON cannot hold: the token of such a page was a 500."""
    if value is None:
        return None
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if column_type in (INT, MONEY):
        return int(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def decode(column_type, value):
    if value is None:
        return None
    if column_type == DATETIME:
        parsed = parse_datetime(str(value))
        if parsed is None:
            raise ValueError(value)
        return parsed
    if column_type == DATE:
        return datetime.date.fromisoformat(str(value))
    if column_type in (INT, MONEY):
        return int(value)
    return str(value)


def make_token(report, sort, finger, row, column, back=False):
    """The signed token of a page that starts after `row` (back=False) or ends before it (back=True)."""
    key_column = report.column(report.key)
    data = {"s": sort, "f": finger, "v": encode(column.type, row[column.key]),
            "k": encode(key_column.type if key_column else INT, row[report.key])}
    if back:
        data["b"] = 1
    return signing.dumps(data, salt=f"{TOKEN_SALT}:{report.role}:{report.slug}", compress=True)


def read_token(report, token, sort, finger, column):
    """(value, key, back): the row after which the page starts (back False) or before which it
    ends (back True), or None for the first page (no token, a tampered one, or one made for
    another sort, filter or scope)."""
    if not token or not isinstance(token, str) or len(token) > 500:
        return None
    try:
        data = signing.loads(token, salt=f"{TOKEN_SALT}:{report.role}:{report.slug}")
        if data.get("s") != sort or data.get("f") != finger:
            return None
        key_column = report.column(report.key)
        return (decode(column.type, data["v"]), decode(key_column.type if key_column else INT, data["k"]),
                data.get("b") == 1)
    except (signing.BadSignature, ValueError, KeyError, TypeError, AttributeError):
        return None


def after(report, qs, column, descending, value, key):
    """Rows after (value, key) in the order (column, key), both ascending or both descending."""
    op = "lt" if descending else "gt"
    if column.key == report.key:
        keyset = Q(**{f"{report.key}__{op}": key})
    else:
        keyset = Q(**{f"{column.key}__{op}": value}) | Q(**{column.key: value, f"{report.key}__{op}": key})
    return qs.filter(_outside_windows(qs, keyset))


def _outside_windows(qs, keyset):
    """The keyset of a page, kept out of the rows a window of the report reads (a statement's
    running balance, statements.balance_after): Django filters the rows a window reads by any
    condition that names no window (then a second page's balances would start from zero) and
    the window's result by one that does (in an outer query). One branch that names the window
    and is never true (a running sum over at least the row itself is never NULL) takes the
    keyset outside, unchanged in meaning."""
    windows = [name for name, expression in qs.query.annotations.items()
               if getattr(expression, "contains_over_clause", False)]
    return keyset | Q(**{f"{windows[0]}__isnull": True}) if windows else keyset


@dataclass
class Result:
    report: object
    form: object
    values: dict
    column: object  # the sort column
    descending: bool
    rows: list
    totals: dict
    count: int
    next_token: str
    first_page: bool
    sort: str
    finger: str
    summary: list
    ordered: object = None  # every row in order (a query), for a chart
    prev_token: str = ""  # the page before this one ("" on the first page)
    tables: list = ()  # the report's summary tables (definition.Table) over the filtered set

    @property
    def query(self):
        """The filters as they stand, for links (sort headers, pages, exports)."""
        from django.http import QueryDict

        q = QueryDict(mutable=True)
        for name, value in self.values.items():
            if value not in ("", None):
                q[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return q


_MEMO = contextvars.ContextVar("emitra.reports.memo", default=None)


def memo():
    """A dict that lives as long as one run of a report (else a new one each time): what the
    report's parts (its base, summary and tables) would each read again, read once, such as a
    statement's opening balance (a sum over the account's whole past)."""
    current = _MEMO.get()
    return current if current is not None else {}


@contextmanager
def _one_memo():
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def run(report, scope, scope_ref, data, *, page_rows=None, page=True):
    """The report's page (page=True) or its whole ordered rows as a query (page=False, for exports)."""
    with _one_memo(), _planner(report):
        return _run(report, scope, scope_ref, data, page_rows=page_rows, page=page)


@contextmanager
def _planner(report):
    """The report's planner settings (Report.planner) for the statements of one run, on PostgreSQL: set
    with SET LOCAL in a transaction of their own, so that they end with it and no other query of the
    connection plans with them. A run's page, summary, tables and totals are read inside; the rows of
    page=False (an export) are read later, with the connection's own settings."""
    if not report.planner or connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            for name, value in report.planner:
                cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
        yield


def _run(report, scope, scope_ref, data, *, page_rows=None, page=True):
    form, values = filter_values(report, scope, data)
    column, descending = parse_sort(report, data.get("sort"))
    sort = ("-" if descending else "") + column.key
    finger = fingerprint(report, scope_ref, values)
    late = [c for c in report.columns if c.late and c is not column] if page else []
    base, rows = rows_query(report, scope, values, late)
    sums, count = report.counted(scope, values) if report.counted else totals(report, base, rows)
    base_rows = rows
    rows = ordered(report, rows, column, descending)
    summary = report.summary(scope, values) if report.summary else []
    tables = report.tables(scope, values) if report.tables else []
    if not page:
        return Result(report, form, values, column, descending, rows, sums, count, "", True, sort, finger, summary,
                      tables=tables)
    page_rows = page_rows or PAGE_ROWS
    got, next_token, prev_token = _page(report, rows, base_rows, column, descending, sort, finger, page_rows,
                                        read_token(report, data.get("after"), sort, finger, column))
    for c in late:
        c.late(got)
    return Result(report, form, values, column, descending, got, sums, count, next_token, not prev_token, sort,
                  finger, summary, ordered=base_rows, prev_token=prev_token, tables=tables)


def _page(report, rows, unordered, column, descending, sort, finger, page_rows, start):
    """(rows of the page, token of the next page, token of the page before). A page back reads
    page_rows + 1 rows in the reverse order before its token's row: one more means there is a
    page before it; it always has a next page (the one it was asked from)."""
    if start is not None and start[2]:
        backwards = ordered(report, unordered, column, not descending)
        got = list(after(report, backwards, column, not descending, start[0], start[1])[:page_rows + 1])
        if got:
            more_before = len(got) > page_rows
            got = list(reversed(got[:page_rows]))
            return (got, make_token(report, sort, finger, got[-1], column),
                    make_token(report, sort, finger, got[0], column, back=True) if more_before else "")
        start = None  # nothing before it any more: the first page
    if start is not None:
        rows = after(report, rows, column, descending, start[0], start[1])
    got = list(rows[:page_rows + 1])
    next_token = ""
    if len(got) > page_rows:
        got = got[:page_rows]
        next_token = make_token(report, sort, finger, got[-1], column)
    prev_token = make_token(report, sort, finger, got[0], column, back=True) if start is not None and got else ""
    return got, next_token, prev_token


ALL = gettext_lazy("All")
