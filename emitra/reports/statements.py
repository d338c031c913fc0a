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
from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import get_language, ngettext

from emitra.commissions import accounts as commission_accounts
from emitra.core.money import format_paise
from emitra.ledger.models import Posting
from emitra.network.models import LSP as LSPModel
from emitra.reports.definition import (CHOICE, DATETIME, DOIT, KIOSK, LSP, MONEY, NOTE, TEXT, Column, Filter,
                                       Report)
from emitra.reports.engine import day_range
from emitra.reports.models import CommissionItem

DAYS = Filter("date", _("Days"), "dates", "created")


def opening(account, start):
    """The account's balance before `start`: the sum of its postings before it."""
    return Posting.objects.filter(account=account, created__lt=start).aggregate(s=Coalesce(Sum("amount"), 0))["s"]


def balance_after(account, start, posting="id"):
    """The account's balance after the posting OuterRef(posting): the opening balance of the period
    from `start` plus the period's postings up to it in (created, id) order, so that the balance is
    right in any sort and on any page (the wallet's and the commission statements)."""
    upto = (Posting.objects.filter(account=account, created__gte=start)
            .filter(Q(created__lt=OuterRef("created")) | Q(created=OuterRef("created"), id__lte=OuterRef(posting)))
            .order_by().values("account").annotate(s=Sum("amount")).values("s"))
    return Value(opening(account, start)) + Coalesce(Subquery(upto), 0)


def _receipt_link(row, scope):
    number, kiosk = row["commission__line__receipt__number"], row["commission__kiosk__code"]
    return reverse("payments:receipt", args=[kiosk, number]) if number else ""


def _items(account, values):
    start, _end = day_range(values, DAYS.key)
    return CommissionItem.objects.filter(account=account).annotate(balance=balance_after(account, start, "posting_id"))


def _summary(account, values):
    """[(label, value, type)] of the ledger over the days asked; a note when a claw-back is being recovered."""
    start, end = day_range(values, DAYS.key)
    before, after = opening(account, start), opening(account, end)
    kind = CommissionItem.Kind
    sums = CommissionItem.objects.filter(account=account, created__gte=start, created__lt=end).aggregate(
        lines=Count("id", filter=Q(kind=kind.EARNED)),
        earned=Coalesce(Sum("amount", filter=Q(kind=kind.EARNED)), 0),
        taken_back=Coalesce(Sum("amount", filter=Q(kind=kind.TAKEN_BACK)), 0),
        paid_out=Coalesce(Sum("amount", filter=Q(kind__in=(kind.PAID_OUT, kind.PAYOUT_RETURNED))), 0),
        other=Coalesce(Sum("amount", filter=Q(kind=kind.OTHER)), 0))
    rows = [(_("Opening balance"), before, MONEY),
            (ngettext("Earned (%(n)s receipt line)", "Earned (%(n)s receipt lines)", sums["lines"])
             % {"n": sums["lines"]}, sums["earned"], MONEY),
            (_("Taken back (cancelled or undone lines)"), sums["taken_back"], MONEY),
            (_("Paid out to the bank"), sums["paid_out"], MONEY)]
    if sums["other"]:
        rows.append((_("Other entries"), sums["other"], MONEY))
    rows.append((_("Closing balance"), after, MONEY))
    if after < 0:
        rows.append((_("Commission already paid out was taken back: %(amount)s is recovered from the next "
                       "commission earned before any payout.") % {"amount": format_paise(-after)}, None, NOTE))
    return rows


def _of_line(expression):
    """The expression for an item of a receipt line, NULL (then "") for a posting of its own (Concat would give "/")."""
    return Case(When(commission__isnull=False, then=expression), default=None, output_field=CharField())


def columns(by_kiosk=False):
    """The statement's columns; the LSP's has the kiosk of each line."""
    line = _of_line(Concat("commission__line__receipt__number", Value("/"),
                           Cast("commission__line__position", CharField()), output_field=CharField()))
    def version():
        """The rule's name in the request's language (its Hindi name where it has one, issue 12 req. 6)."""
        name = F("commission__version__rule__name")
        if (get_language() or "").startswith("hi"):
            name = Coalesce(NullIf(F("commission__version__rule__name_hi"), Value("")), name)
        return _of_line(Concat(name, Value(" v"), Cast("commission__version__number", CharField()),
                               output_field=CharField()))

    return (
        Column("created", _("Date"), DATETIME),
        Column("receipt_line", _("Receipt line"), TEXT, source=line, link=_receipt_link, null=""),
        *((Column("kiosk_code", _("Kiosk"), TEXT, source="commission__kiosk__code", null=""),) if by_kiosk else ()),
        Column("service_name", _("Service"), TEXT, bilingual="commission__service__name", null=""),
        Column("version", _("Rule version"), TEXT, source=version, null=""),
        Column("line_commission", _("Line's commission"), MONEY, source="commission__total", null=0, blank_zero=True),
        Column("amount", _("Share"), MONEY, total=True),
        Column("kind", _("Entry"), CHOICE, choices=CommissionItem.Kind.choices),
        Column("balance", _("Balance"), MONEY),
    )


EXTRA = ("commission__line__receipt__number", "commission__kiosk__code")


def _kiosk_account(kiosk, values):
    return commission_accounts.kiosk_commission_account(kiosk)


kiosk_statement = Report(
    slug="commission", title=_("Commission statement"), role=KIOSK, kiosk_page="wallet", wide=True,
    description=_("The kiosk's share of the commission of each receipt line, what was taken back and paid "
                  "out, with the balance after each entry."),
    columns=columns(), extra=EXTRA, table_class="lines", refuse_bad_filters=True,
    base=lambda kiosk, values: _items(_kiosk_account(kiosk, values), values),
    summary=lambda kiosk, values: _summary(_kiosk_account(kiosk, values), values),
    default_sort="created", key="id", filters=(DAYS,), indexes=("ledger_posting_statement",),
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
    lsp = chosen_lsp(scope, values)
    return commission_accounts.lsp_commission_account(lsp) if lsp else None


def _lsp_items(scope, values):
    account = _lsp_account(scope, values)
    return _items(account, values) if account else CommissionItem.objects.none()


def _lsp_summary(scope, values):
    account = _lsp_account(scope, values)
    return _summary(account, values) if account else []


def lsp_statement(role):
    """The LSP's commission statement for an LSP officer (role LSP) or DoIT (role DOIT): one definition."""
    return Report(
        slug="commission-statement", title=_("LSP commission statement"), role=role, wide=True,
        description=_("The LSP's share of its kiosks' receipt lines, what was taken back and paid out, with "
                      "the balance after each entry."),
        columns=columns(by_kiosk=True), extra=EXTRA, table_class="lines", refuse_bad_filters=True,
        base=_lsp_items, summary=_lsp_summary, default_sort="created", key="id",
        filters=(DAYS, Filter("lsp", _("LSP"), "choice", "", choices=lsp_choices, blank=False)),
        indexes=("ledger_posting_statement",),
    )


lsp_officer_statement = lsp_statement(LSP)
doit_lsp_statement = lsp_statement(DOIT)
