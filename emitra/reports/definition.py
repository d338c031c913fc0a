"""What a report is (issue 13 req. 1-2; F10-F12): one definition serves the page, the print
view and every export.

A Report names its columns (each with a type that decides how it is shown, sorted and
exported), its filters, its default sort, which columns are totalled, who may open it (a
role, and for a kiosk's reports the kiosk page whose rule it follows, accounts.access
KIOSK_PAGES) and the indexes its sorts and filters rely on. `base(scope, values)` is the
only place that knows the report's rows: it receives the scope that the view resolved
through the portal's access helpers (a kiosk from kiosk_for, the LSP ids of lsp_scope, the
DeptScope of dept_scope, or None for DoIT), so a report cannot be opened wider than the
page it stands for, and an export is the same query as the screen.

Rows are read as dicts (QuerySet.values): a column's `source` is a field path, an
expression, or nothing (the key is the field). A grouped report (group=...) reads
base.values(*group).annotate(aggregates); its totals are the same aggregates over the
ungrouped rows, so the totals row is over the whole filtered set, never the page.
"""
from dataclasses import dataclass, field

from django.db.models import F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import get_language, gettext_lazy as _

KIOSK, LSP, DEPT, DOIT = "kiosk", "lsp", "dept", "doit"
ROLES = (KIOSK, LSP, DEPT, DOIT)

TEXT, INT, MONEY, DATE, DATETIME, CHOICE = "text", "int", "money", "date", "datetime", "choice"
NOTE = "note"  # a summary entry that is a sentence to read (a warning), not a figure


@dataclass(frozen=True)
class Column:
    """One column. type: TEXT, INT, MONEY (paise), DATE, DATETIME, CHOICE (choices: value -> label).

    source: a field path ("receipt__number"), an expression (an aggregate in a grouped
    report), a function of no arguments giving the expression for this request (one that
    reads the request's language), or None when key is itself a field. bilingual="service__name" reads
    service__name_en or service__name_hi in the language of the request. total: the
    column is summed in the totals row. link: (row, scope) -> URL on the screen only.
    words: value -> the text it reads as, in the request's language (a ledger memo: memos.in_words).
    """

    key: str
    label: str
    type: str = TEXT
    source: object = None
    total: bool = False
    choices: object = ()  # (value, label) pairs, or a callable returning them
    bilingual: str = ""
    link: object = None
    blank_zero: bool = False  # a zero shows as an empty cell (a statement's debit or credit)
    words: object = None
    null: object = None  # what a row without a value (NULL) reads as: keyset pages cannot compare NULL
    # late(rows): fills this column (and late_fields, which its link reads) in the rows of a page after the
    # page is read, when the page is not sorted by it: a column that costs a join for every row of the
    # filtered set (a statement's window reads them all) is then read for the page's rows only. The rows
    # of an export, and a page sorted by it, read it in the query as any column.
    late: object = None
    late_fields: tuple = ()

    def expression(self):
        if self.bilingual:
            expression = F(f"{self.bilingual}_{'hi' if (get_language() or '').startswith('hi') else 'en'}")
        elif isinstance(self.source, str):
            expression = F(self.source)
        elif callable(self.source) and not hasattr(self.source, "resolve_expression"):
            expression = self.source()
        else:
            expression = self.source
        if self.null is None:
            return expression
        return Coalesce(expression if expression is not None else F(self.key), Value(self.null))

    @property
    def numeric(self):
        return self.type in (INT, MONEY)

    @property
    def css(self):
        """The cell's class: numbers right-aligned, and numbers, dates and states kept on one line."""
        return "num" if self.numeric else "nw" if self.type in (DATE, DATETIME, CHOICE) else ""

    def label_of(self, value):
        if self.words is not None:
            return self.words(value)
        if self.type == CHOICE:
            choices = self.choices() if callable(self.choices) else self.choices
            return str(dict(choices).get(value, value))
        return value


@dataclass(frozen=True)
class Filter:
    """One filter. kind: "dates" (a from-to pair over `field`, a datetime or date field, at most
    max_days long, default the last `default_days`), "choice" (choices: a list of (value, label)
    or a callable(scope) returning one) or "text" (an exact value of `field`, upper-cased when
    upper=True). A choice with blank=False offers no "All": its empty value is the first choice.
    No `field`: the report's base reads the value itself (which account a statement is of)."""

    key: str
    label: str
    kind: str
    field: str
    choices: object = ()
    upper: bool = False
    default_days: int = 30
    max_days: int = 366
    date_field: bool = False  # `field` is a DateField (not a DateTimeField)
    blank: bool = True
    check: object = None  # a text filter: callable(scope, value) -> a message when the value is refused, else None

    def choices_for(self, scope):
        return list(self.choices(scope) if callable(self.choices) else self.choices)


@dataclass(frozen=True)
class Chart:
    """A small bar chart of one column against another (req. 5): x is the label, y a numeric column."""

    x: str
    y: str


@dataclass(frozen=True)
class Table:
    """A small table of figures beside a report (its summary tables: a statement's per day and
    per service): a title, its columns (Column, shown as a report's cells are) and its rows
    (dicts by column key). It is read over the whole filtered set, like the totals row."""

    title: str
    columns: tuple
    rows: list
    empty: str = ""  # what the table says when it has no rows


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    role: str
    columns: tuple
    base: object  # callable(scope, values) -> QuerySet of the rows before any sort
    default_sort: str  # a column key, "-" in front for descending
    key: str  # the column (or field) that makes a row unique: the tie-breaker of every sort and page
    filters: tuple = ()
    group: tuple = ()  # a grouped report: the keys of the columns it is grouped by; the others are aggregates
    indexes: tuple = ()  # the index names (migrations) its filters and sorts rely on
    kiosk_page: str = "receipts"  # KIOSK reports: the kiosk page (accounts.access.KIOSK_PAGES) it follows
    wide: bool = False  # more than fits A4 portrait: landscape on paper and in the PDF
    chart: Chart = None
    description: str = ""
    summary: object = None  # callable(scope, values) -> [(label, value, type)] shown above the table
    tables: object = None  # callable(scope, values) -> [Table] shown above the table (on screen, paper, PDF)
    # callable(scope, values) -> ({total column key: sum}, rows): the totals row and the count read by the
    # report from what it reads anyway (a statement's days), instead of one more aggregate over its rows
    counted: object = None
    table_class: str = ""  # a further class of the report's table on the screen
    feed: tuple = ()  # the columns of its CSV for another system (a contract): see exports.feed_stream
    refuse_bad_filters: bool = False  # a bad filter: its message and no rows (a statement of other days misleads)
    extra: tuple = field(default_factory=tuple)  # further fields read for links
    # ((old key, column key), ...): a column's key before it was renamed, still read from a saved favourite
    # or a bookmark (F27), so that such a link keeps its sort instead of opening in the default one
    renamed: tuple = ()
    # ((PostgreSQL setting, value), ...) for the statements of a run of the report only (engine._planner):
    # the commission statements' random_page_cost (see DESIGN-NOTES, "Reports at state scale")
    planner: tuple = ()

    def column(self, key):
        key = dict(self.renamed).get(key, key)
        for column in self.columns:
            if column.key == key:
                return column
        return None

    @property
    def total_columns(self):
        return [c for c in self.columns if c.total]

    def total_expressions(self):
        """{key: aggregate} of the totals row over the ungrouped filtered rows."""
        if self.group:
            return {c.key: c.source for c in self.total_columns}
        return {c.key: Sum(c.expression() if c.source is not None or c.bilingual else F(c.key))
                for c in self.total_columns}


# A receipt column sorts by COALESCE(number, ''), which no index provides: sorted by the receipt's own
# number index PostgreSQL walks every receipt of the state in order to find a kiosk's month (3.6 s at
# 5,000,000 lines, emitra bench reports); by the expression it reads the lines of the filter through
# their own index and sorts those (a receipt always has a number: the value is the same).
RECEIPT_NULL = ""


def line_columns():
    """The receipt, kiosk and service columns every report of receipt lines shows after its time
    column (F10): one place for their keys, labels and sources (issue 13 req. 1)."""
    return (Column("receipt_number", _("Receipt"), TEXT, source="receipt__number", null=RECEIPT_NULL),
            Column("kiosk_code", _("Kiosk"), TEXT, source="kiosk__code"),
            Column("service_code", _("Service"), TEXT, source="service__code"))
