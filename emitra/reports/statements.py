"""The commission statements as reports (issue 10 req. 8 moved onto issue 13 req. 1; F5, F10):
the kiosk's (its share, /k/<code>/wallet/commission/) and the LSP's (its share of its kiosks'
lines, /lsp/commission/; DoIT chooses the LSP). One definition serves the page, the print view
and every export, sorted by any column, totalled over the filtered days.

Each row is a reports.models.CommissionItem: a receipt line's part of a posting of the
commission account, or a posting of its own (a payout, its return), with the account's balance
after that posting. The summary above the table is the ledger's: the opening balance, earned,
taken back, paid out and the closing balance of the days asked, and a claw-back still being
recovered when the closing balance is below zero (emitra.commissions.accounts rules 2, 3).
"""
from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Sum, Value, When, Window
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, TruncDate
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import get_language, ngettext

from emitra.catalogue.models import Service
from emitra.commissions import accounts as commission_accounts
from emitra.commissions.models import RuleVersion
from emitra.core.money import format_paise
from emitra.ledger.models import Account, Posting
from emitra.network.models import LSP as LSPModel, Kiosk
from emitra.payments.models import ReceiptLine
from emitra.reports.definition import (CHOICE, DATE, DATETIME, DOIT, INT, KIOSK, LSP, MONEY, NOTE, TEXT, Column,
                                       Filter, Report, Table)
from emitra.reports import engine
from emitra.reports.engine import day_range
from emitra.reports.models import CommissionItem

DAYS = Filter("date", _("Days"), "dates", "created")
# The items of a statement's days are the account's postings of the days, each probing the covering
# indexes of its line commissions (commissions 0005, 0006) and, on a page, its receipt line: priced at
# PostgreSQL's default random_page_cost (4, a disk's), a probe looked dearer than reading every line
# commission of the state (a parallel sequential scan and a hash join); these pages read indexes that
# are in memory, where 1.1 is the usual setting. For the statement's own statements only (engine._planner).
PLANNER = (("random_page_cost", "1.1"),)


def opening(account, start):
    """The account's balance before `start`, read once in a run of a report (engine.memo: the
    statement's base, summary and tables all need it). A floored account (a wallet, a kiosk's
    commission) keeps its balance on its row (emitra.ledger): its balance less the postings
    since `start`, in one statement (one snapshot), reads the days since `start` and not the
    account's whole past; an unfloored one (an LSP's) sums its postings before `start`."""
    memo, key = engine.memo(), ("opening", account.pk, start)
    if key not in memo:
        if account.floor is not None:
            since = (Posting.objects.filter(account=OuterRef("pk"), created__gte=start).order_by()
                     .values("account").annotate(s=Sum("amount")).values("s"))
            memo[key] = Account.objects.filter(pk=account.pk).values_list(
                F("balance") - Coalesce(Subquery(since), 0), flat=True).get()
        else:
            memo[key] = Posting.objects.filter(account=account, created__lt=start).aggregate(
                s=Coalesce(Sum("amount"), 0))["s"]
    return memo[key]


def balance_after(account, start, *order):
    """The account's balance after each row: the opening balance of the period from `start` plus a
    running sum of the period's amounts in `order` (("created", "id") for postings; for commission
    items ("created", "posting_id"), whose frame takes in every item of the same posting, so that
    each shows the balance after its posting), right in any sort and on any page (the wallet's and
    the commission statements).

    One window over the rows of the period, read once per page (O(n) for n rows), where a
    subquery per row summed the period up to it (O(n^2): a busy kiosk's month sorted by balance
    took seconds at state scale). The window sums the rows the report's WHERE leaves, so the
    period must be the report's only filter of these rows; engine.after keeps a page's keyset
    out of it."""
    return Value(opening(account, start)) + Window(Sum("amount"), order_by=[F(key).asc() for key in order])


def _receipt_link(row, scope):
    number, kiosk = row["line__receipt__number"], row["kiosk__code"]
    return reverse("payments:receipt", args=[kiosk, number]) if number else ""


def _items(account, values):
    start, _end = day_range(values, DAYS.key)
    return CommissionItem.objects.filter(account=account).annotate(balance=balance_after(account, start, "created", "posting_id"))


def _days(account, values):
    """The statement's figures per day over the days asked ([dict]): the summary, the per day table and
    the totals row all come from them (_groups)."""
    return _groups(account, values)["days"]


def _groups(account, values):
    """{"days": the figures per day, "parts": per service and kiosk}, over the days asked, read once in a
    run of a report (engine.memo): every read of the items is a read of the account's postings of the
    days, each probing its line commissions (an LSP's month is a posting for every receipt of its kiosks).
    On PostgreSQL one read with two grouping sets; elsewhere a grouped read for each."""
    memo, key = engine.memo(), ("groups", account.pk, *day_range(values, DAYS.key))
    if key not in memo:
        start, end = key[2:]
        hindi = (get_language() or "").startswith("hi")
        if connection.vendor == "postgresql":
            memo[key] = _grouping_sets(account, start, end, hindi)
        else:
            kind = CommissionItem.Kind
            items = CommissionItem.objects.filter(account=account, created__gte=start, created__lt=end).order_by()
            other = Coalesce(Sum("amount", filter=Q(kind=kind.OTHER)), 0)
            days = [_whole(row) for row in items.annotate(day=TruncDate("created")).values("day").annotate(
                **_sums(), items=Count("id"), other=other).order_by("day")]
            groups = dict(code=F("service__code"), name=F("service__name_hi" if hindi else "service__name_en"),
                          kiosk_code=F("kiosk__code"), kiosk_name=F("kiosk__name"))
            parts = [_whole(row) for row in items.filter(service__isnull=False).values(**groups).annotate(**_sums())]
            memo[key] = {"days": days, "parts": parts}
    return memo[key]


SUMS = ("lines", "earned", "taken_back", "paid_out", "net", "items", "other")
GROUPING_SETS = """
SELECT g.by_day, g.day, s.code, s.{name}, k.code, k.name, {sums}
FROM (SELECT GROUPING(i.service_id, i.kiosk_id) AS by_day, (i.created AT TIME ZONE %s)::date AS day,
             i.service_id, i.kiosk_id,
             COUNT(*) FILTER (WHERE i.kind = 'earned') AS lines,
             COALESCE(SUM(i.amount) FILTER (WHERE i.kind = 'earned'), 0) AS earned,
             COALESCE(-SUM(i.amount) FILTER (WHERE i.kind = 'taken_back'), 0) AS taken_back,
             COALESCE(-SUM(i.amount) FILTER (WHERE i.kind IN ('paid_out', 'payout_returned')), 0) AS paid_out,
             COALESCE(SUM(i.amount), 0) AS net, COUNT(*) AS items,
             COALESCE(SUM(i.amount) FILTER (WHERE i.kind = 'other'), 0) AS other
      FROM reports_commission_item i
      WHERE i.account_id = %s AND i.created >= %s AND i.created < %s
      GROUP BY GROUPING SETS ((2), (3, 4))) g
LEFT JOIN catalogue_service s ON s.id = g.service_id
LEFT JOIN network_kiosk k ON k.id = g.kiosk_id
"""


def _grouping_sets(account, start, end, hindi):
    """_groups on PostgreSQL: the days and the parts by service and kiosk in one read of the items (a hash
    aggregate with two keys), where two grouped reads read them twice. The day is the item's date in the
    portal's time zone, as TruncDate gives it."""
    tz = timezone.get_current_timezone_name()
    sql = GROUPING_SETS.format(name="name_hi" if hindi else "name_en", sums=", ".join(f"g.{s}" for s in SUMS))
    days, parts = [], []
    with connection.cursor() as cursor:
        cursor.execute(sql, [tz, account.pk, start, end])
        for by_day, day, code, name, kiosk_code, kiosk_name, *sums in cursor.fetchall():
            figures = dict(zip(SUMS, (int(value) for value in sums)))
            if by_day:
                days.append({"day": day, **figures})
            elif code is not None:  # the items of a line (a posting of its own has no service)
                del figures["items"], figures["other"]
                parts.append({"code": code, "name": name, "kiosk_code": kiosk_code, "kiosk_name": kiosk_name,
                              **figures})
    days.sort(key=lambda row: row["day"])
    return {"days": days, "parts": parts}


def _counted(account, values):
    """The totals row (the share column) and the count of items, from the days (Report.counted)."""
    days = _days(account, values)
    return {"amount": sum(day["net"] for day in days)}, sum(day["items"] for day in days)


def _summary(account, values):
    """[(label, value, type)] of the ledger over the days asked; a note when a claw-back is being recovered."""
    start, _end = day_range(values, DAYS.key)
    days = _days(account, values)
    sums = {key: sum(day[key] for day in days) for key in ("net", "lines", "earned", "taken_back", "paid_out", "other")}
    before = opening(account, start)
    after = before + sums["net"]  # the items of the days sum to their postings (CommissionItem)
    rows = [(_("Opening balance"), before, MONEY),
            (ngettext("Earned (%(n)s receipt line)", "Earned (%(n)s receipt lines)", sums["lines"])
             % {"n": sums["lines"]}, sums["earned"], MONEY),
            (_("Taken back (cancelled or undone lines)"), -sums["taken_back"], MONEY),
            (_("Paid out to the bank"), -sums["paid_out"], MONEY)]
    if sums["other"]:
        rows.append((_("Other entries"), sums["other"], MONEY))
    rows.append((_("Closing balance"), after, MONEY))
    if after < 0:
        rows.append((_("Commission already paid out was taken back: %(amount)s is recovered from the next "
                       "commission earned before any payout.") % {"amount": format_paise(-after)}, None, NOTE))
    return rows


def _sums():
    """The aggregates of a group of items: the old statement's Sums (commissions.statements), what
    was taken back and paid out as positive amounts, and the net the group adds to the balance."""
    kind = CommissionItem.Kind
    return dict(lines=Count("id", filter=Q(kind=kind.EARNED)),
                earned=Coalesce(Sum("amount", filter=Q(kind=kind.EARNED)), 0),
                taken_back=Coalesce(-Sum("amount", filter=Q(kind=kind.TAKEN_BACK)), 0),
                paid_out=Coalesce(-Sum("amount", filter=Q(kind__in=(kind.PAID_OUT, kind.PAYOUT_RETURNED))), 0),
                net=Coalesce(Sum("amount"), 0))


def _whole(row):
    """A view's sums read as int (a numeric column of the view is Decimal on PostgreSQL)."""
    return {key: int(value) if key in ("lines", "earned", "taken_back", "paid_out", "net", "items", "other") else value
            for key, value in row.items()}


LINES, EARNED, TAKEN_BACK = (Column("lines", _("Lines"), INT), Column("earned", _("Earned"), MONEY),
                             Column("taken_back", _("Taken back"), MONEY))
NET = Column("net", _("Net"), MONEY)


def _tables(account, values, by_kiosk=False):
    """The statement's per day and per service tables (and per kiosk for an LSP's), over the days
    asked: what issue 10 req. 8's statement showed before it became a report. A day's balance is
    the opening balance plus the net of the days up to it, so its last day's is the closing balance.
    The per service and per kiosk tables are added up from one grouped read by service and kiosk."""
    start, _end = day_range(values, DAYS.key)
    days, balance = [], opening(account, start)
    for row in _days(account, values):
        balance += row["net"]
        days.append({**row, "balance": balance})
    parts = _groups(account, values)["parts"]
    services = _added_up(parts, ("code", "name"))
    tables = [
        Table(_("Per day"), (Column("day", _("Date"), DATE), LINES, EARNED, TAKEN_BACK,
                             Column("paid_out", _("Paid out"), MONEY), Column("balance", _("Balance"), MONEY)),
              days, _("No entries in these days.")),
        Table(_("Per service"), (Column("name", _("Service"), TEXT), Column("code", _("Code"), TEXT), LINES, EARNED,
                                 TAKEN_BACK, NET), services, _("No commission in these days.")),
    ]
    if by_kiosk:
        kiosks = _added_up(parts, ("kiosk_code", "kiosk_name"), as_=("code", "name"))
        tables.append(Table(_("Per kiosk"), (Column("code", _("Kiosk"), TEXT), Column("name", _("Name"), TEXT),
                                             LINES, EARNED, TAKEN_BACK, NET), kiosks, _("No commission in these days.")))
    return tables


def _added_up(parts, keys, as_=None):
    """The grouped sums of `parts` added up by `keys` (named `as_`), in the order of the first key."""
    totals = {}
    for part in parts:
        group = tuple(part[key] for key in keys)
        row = totals.setdefault(group, dict(zip(as_ or keys, group), lines=0, earned=0, taken_back=0, paid_out=0,
                                            net=0))
        for key in ("lines", "earned", "taken_back", "paid_out", "net"):
            row[key] += part[key]
    return [totals[group] for group in sorted(totals, key=lambda group: tuple(v or "" for v in group))]


def _of_line(expression):
    """The expression for an item of a receipt line, NULL (then "") for a posting of its own (Concat would give "/")."""
    return Case(When(commission__isnull=False, then=expression), default=None, output_field=CharField())


def columns(by_kiosk=False):
    """The statement's columns; the LSP's has the kiosk of each line."""
    line = _of_line(Concat("line__receipt__number", Value("/"),
                           Cast("line__position", CharField()), output_field=CharField()))
    def version():
        """The rule's name in the request's language (its Hindi name where it has one, issue 12 req. 6)."""
        name = F("rule_version__rule__name")
        if (get_language() or "").startswith("hi"):
            name = Coalesce(NullIf(F("rule_version__rule__name_hi"), Value("")), name)
        return _of_line(Concat(name, Value(" v"), Cast("rule_version__number", CharField()),
                               output_field=CharField()))

    return (
        Column("created", _("Date"), DATETIME),
        Column("receipt_line", _("Receipt line"), TEXT, source=line, link=_receipt_link, null="",
               late=_receipt_lines, late_fields=("line__receipt__number", "kiosk__code")),
        *((Column("kiosk_code", _("Kiosk"), TEXT, source="kiosk__code", null="", late=_kiosk_codes),)
          if by_kiosk else ()),
        Column("service_name", _("Service"), TEXT, bilingual="service__name", null="", late=_service_names),
        Column("version", _("Rule version"), TEXT, source=version, null="", late=_versions),
        Column("line_commission", _("Line's commission"), MONEY, source="total", null=0, blank_zero=True),
        Column("amount", _("Share"), MONEY, total=True),
        Column("kind", _("Entry"), CHOICE, choices=CommissionItem.Kind.choices),
        Column("balance", _("Balance"), MONEY),
    )


EXTRA = ("line__receipt__number", "kiosk__code", "line", "kiosk", "service", "rule_version")


def _receipt_lines(rows):
    """The receipt line column (and the receipt number its link reads) of a page's rows (Column.late):
    the receipt and the line's position of each, in one read of the page's lines, where the query of
    the page joined the receipt line and the receipt of every item of the days before taking its
    page. The same text as the column's expression: number/position, "" for a posting of its own."""
    lines = {row["id"]: row for row in ReceiptLine.objects.filter(pk__in={r["line"] for r in rows if r["line"]})
             .values("id", "receipt__number", "position")}
    codes = _codes(rows)
    for row in rows:
        line = lines.get(row["line"])
        row["line__receipt__number"] = line["receipt__number"] if line else None
        row["kiosk__code"] = codes.get(row["kiosk"])
        row["receipt_line"] = f"{line['receipt__number'] or ''}/{line['position']}" if line else ""


# The kiosk, service and rule version columns are late too (Column.late): their joins, cheap each, were
# most of the rest of a page's query before its window's sort (which they made wider).
def _codes(rows):
    return dict(Kiosk.objects.filter(pk__in={r["kiosk"] for r in rows if r["kiosk"]}).values_list("id", "code"))


def _kiosk_codes(rows):
    codes = _codes(rows)
    for row in rows:
        row["kiosk_code"] = codes.get(row["kiosk"]) or ""


def _service_names(rows):
    """The service's name in the request's language (the column's bilingual field), "" for a posting of its own."""
    field = "name_hi" if (get_language() or "").startswith("hi") else "name_en"
    names = dict(Service.objects.filter(pk__in={r["service"] for r in rows if r["service"]})
                 .values_list("id", field))
    for row in rows:
        row["service_name"] = names.get(row["service"]) or ""


def _versions(rows):
    """The rule's name (its Hindi name where it has one, in Hindi) and the version's number, as the
    column's expression gives them: "name vN", "" for a posting of its own."""
    hindi = (get_language() or "").startswith("hi")
    texts = {}
    for version in RuleVersion.objects.filter(pk__in={r["rule_version"] for r in rows if r["rule_version"]}).values(
            "id", "number", "rule__name", "rule__name_hi"):
        name = (version["rule__name_hi"] if hindi else None) or version["rule__name"]
        texts[version["id"]] = f"{name or ''} v{version['number']}"
    for row in rows:
        row["version"] = texts.get(row["rule_version"], "") if row["line"] else ""


def _kiosk_account(kiosk, values):
    memo, key = engine.memo(), ("account", "kiosk", kiosk.pk)
    if key not in memo:
        memo[key] = commission_accounts.kiosk_commission_account(kiosk)
    return memo[key]


kiosk_statement = Report(
    slug="commission", title=_("Commission statement"), role=KIOSK, kiosk_page="wallet", wide=True,
    description=_("The kiosk's share of the commission of each receipt line, what was taken back and paid "
                  "out, with the balance after each entry."),
    columns=columns(), extra=EXTRA, table_class="lines", refuse_bad_filters=True,
    base=lambda kiosk, values: _items(_kiosk_account(kiosk, values), values),
    summary=lambda kiosk, values: _summary(_kiosk_account(kiosk, values), values),
    tables=lambda kiosk, values: _tables(_kiosk_account(kiosk, values), values),
    counted=lambda kiosk, values: _counted(_kiosk_account(kiosk, values), values),
    default_sort="created", key="id", filters=(DAYS,), indexes=("ledger_posting_statement",), planner=PLANNER,
)


def _lsps(scope):
    """The LSPs a statement may be of: the officer's own (a list of ids), or every LSP for DoIT (None)."""
    lsps = LSPModel.objects.order_by("code")
    return lsps if scope is None else lsps.filter(pk__in=scope)


def lsp_choices(scope):
    return [(lsp.code, f"{lsp.code} {lsp.name}") for lsp in _lsps(scope)]


def chosen_lsp(scope, values):
    """The LSP asked for (a choice among those of the scope), else the first of the scope."""
    lsps = _lsps(scope)
    return (lsps.filter(code=values.get("lsp")).first() if values.get("lsp") else None) or lsps.first()


def _lsp_account(scope, values):
    """The commission account of the LSP chosen (read once in a run of a report: engine.memo)."""
    memo, key = engine.memo(), ("account", "lsp", repr(scope), values.get("lsp"))
    if key not in memo:
        lsp = chosen_lsp(scope, values)
        memo[key] = commission_accounts.lsp_commission_account(lsp) if lsp else None
    return memo[key]


def _lsp_items(scope, values):
    account = _lsp_account(scope, values)
    return _items(account, values) if account else CommissionItem.objects.none()


def _lsp_summary(scope, values):
    account = _lsp_account(scope, values)
    return _summary(account, values) if account else []


def _lsp_tables(scope, values):
    account = _lsp_account(scope, values)
    return _tables(account, values, by_kiosk=True) if account else []


def _lsp_counted(scope, values):
    account = _lsp_account(scope, values)
    return _counted(account, values) if account else ({"amount": 0}, 0)


def lsp_statement(role):
    """The LSP's commission statement for an LSP officer (role LSP) or DoIT (role DOIT): one definition."""
    return Report(
        slug="commission-statement", title=_("LSP commission statement"), role=role, wide=True,
        description=_("The LSP's share of its kiosks' receipt lines, what was taken back and paid out, with "
                      "the balance after each entry."),
        columns=columns(by_kiosk=True), extra=EXTRA, table_class="lines", refuse_bad_filters=True,
        base=_lsp_items, summary=_lsp_summary, tables=_lsp_tables, counted=_lsp_counted, default_sort="created", key="id",
        filters=(DAYS, Filter("lsp", _("LSP"), "choice", "", choices=lsp_choices, blank=False)),
        indexes=("ledger_posting_statement",), planner=PLANNER,
    )


lsp_officer_statement = lsp_statement(LSP)
doit_lsp_statement = lsp_statement(DOIT)
