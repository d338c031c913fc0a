"""An LSP's reports (issue 13 req. 1): the scope is the LSP ids of the officer's own LSPs
(scopes.resolve), so every row is of a kiosk of those LSPs."""
from django.db.models import Count, F, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Concat, Replace, TruncDate
from django.utils.translation import gettext_lazy as _

from emitra.commissions.models import KioskTier, LineCommission
from emitra.ledger.models import Account, AccountKind
from emitra.network.models import Kiosk
from emitra.payments.models import ReceiptLine
from emitra.payouts.models import Payout
from emitra.reports import statements, tickets
from emitra.reports.definition import CHOICE, DATE, DATETIME, INT, LSP, MONEY, TEXT, Chart, Column, Filter, Report
from emitra.wallet.models import SecurityDeposit, TopUp

ROLE = LSP


def _lines(ids, values):
    return ReceiptLine.objects.filter(kiosk__lsp_id__in=ids, state=ReceiptLine.State.ACTIVE)


def of_kiosks(model):
    """The base of a report of a model's rows of the LSPs' kiosks (top-ups, deposits, payouts,
    tiers: duplicates D1): callable(ids, values) as Report.base is."""
    return lambda ids, values: model.objects.filter(kiosk__lsp_id__in=ids)


def choices_of(choices_class):
    """The choices of a TextChoices, read when asked (a report's column or filter; D1)."""
    return lambda *scope: choices_class.choices


PAID = Filter("paid", _("Paid"), "dates", "paid_at")
VOLUME = (
    Column("lines", _("Receipt lines"), INT, source=Count("id"), total=True),
    Column("amount", _("Amount"), MONEY, source=Sum("total"), total=True),
    Column("charges", _("Service charge"), MONEY, source=Sum("service_charge"), total=True),
)

volume = Report(
    slug="volume", title=_("Kiosks' volume"), role=LSP,
    description=_("What each of your kiosks sold: receipt lines and amounts (cancelled lines left out)."),
    columns=(Column("kiosk_code", _("Kiosk"), TEXT, source="kiosk__code"),
             Column("kiosk_name", _("Name"), TEXT, source="kiosk__name"),
             Column("district", _("District"), TEXT, source="kiosk__district__code"), *VOLUME),
    base=_lines, group=("kiosk_code", "kiosk_name", "district"), default_sort="-amount", key="kiosk_code",
    filters=(PAID,), indexes=("payments_line_kiosk_day",),
)

volume_by_day = Report(
    slug="volume-by-day", title=_("Volume by day"), role=LSP,
    description=_("What your kiosks sold each day, with a chart."),
    columns=(Column("day", _("Day"), DATE, source=TruncDate("paid_at")), *VOLUME),
    base=_lines, group=("day",), default_sort="day", key="day", chart=Chart("day", "amount"),
    filters=(PAID,), indexes=("payments_line_kiosk_day",),
)


def _wallets(ids, values):
    refs = Kiosk.objects.filter(lsp_id__in=ids).annotate(ref=Concat(Value("kiosk:"), "code")).values("ref")
    return Account.objects.filter(kind=AccountKind.WALLET, owner_ref__in=Subquery(refs))


wallets = Report(
    slug="wallets", title=_("Wallet balances and limits"), role=LSP,
    description=_("Each kiosk's wallet now: balance, held for departments, credit limit and what it may spend."),
    columns=(
        Column("kiosk_code", _("Kiosk"), TEXT, source=Replace(F("code"), Value("wallet:"), Value(""))),
        Column("name", _("Name"), TEXT),
        Column("balance", _("Balance"), MONEY, total=True),
        Column("held", _("Held"), MONEY, total=True),
        Column("limit", _("Credit limit"), MONEY, source=-F("floor"), total=True),
        Column("available", _("Available"), MONEY, source=F("balance") - F("held") - F("floor"), total=True),
    ),
    base=_wallets, default_sort="kiosk_code", key="id",
)


topups = Report(
    slug="topups", title=_("Pending top-ups"), role=LSP,
    description=_("Top-ups of your kiosks, waiting for confirmation first."),
    columns=(
        Column("created", _("Asked at"), DATETIME),
        Column("kiosk_code", _("Kiosk"), TEXT, source="kiosk__code"),
        Column("method", _("Method"), CHOICE, choices=choices_of(TopUp.Method)),
        Column("utr_text", _("UTR"), TEXT, source=Coalesce(F("utr"), Value(""))),
        Column("amount", _("Amount"), MONEY, total=True),
        Column("state", _("Status"), CHOICE, choices=choices_of(TopUp.State)),
    ),
    base=of_kiosks(TopUp), default_sort="created", key="id",
    filters=(Filter("created", _("Asked"), "dates", "created"),
             Filter("state", _("Status"), "choice", "state", choices=choices_of(TopUp.State))),
    indexes=("wallet_topup_queue",),
)


deposits = Report(
    slug="deposits", title=_("Security deposits"), role=LSP,
    description=_("Security deposits recorded for your kiosks."),
    columns=(
        Column("received_on", _("Received on"), DATE),
        Column("kiosk_code", _("Kiosk"), TEXT, source="kiosk__code"),
        Column("reference", _("Reference"), TEXT),
        Column("amount", _("Amount"), MONEY, total=True),
    ),
    base=of_kiosks(SecurityDeposit), default_sort="-received_on", key="id",
    filters=(Filter("received", _("Received"), "dates", "received_on", date_field=True, default_days=366),),
)


def _commission(ids, values):
    return LineCommission.objects.filter(lsp_id__in=ids)


commission = Report(
    slug="commission", title=_("Commission by kiosk"), role=LSP,
    description=_("The commission your kiosks' lines earned: the kiosk's share and yours."),
    columns=(
        Column("kiosk_code", _("Kiosk"), TEXT, source="kiosk__code"),
        Column("lines", _("Receipt lines"), INT, source=Count("id"), total=True),
        Column("kiosk_part", _("Kiosk's share"), MONEY, source=Sum("kiosk_share"), total=True),
        Column("lsp_part", _("LSP's share"), MONEY, source=Sum("lsp_share"), total=True),
    ),
    base=_commission, group=("kiosk_code",), default_sort="-lsp_part", key="kiosk_code",
    filters=(Filter("accrued", _("Earned"), "dates", "accrued_at"),),
    indexes=("commissions_line_lsp",),
)


payouts = Report(
    slug="payouts", title=_("Commission payouts"), role=LSP,
    description=_("Payouts of commission to your kiosks' bank accounts."),
    columns=(
        Column("paid_on", _("Day"), DATE),
        Column("reference", _("Reference"), TEXT),
        Column("kiosk_code", _("Kiosk"), TEXT, source="kiosk__code"),
        Column("gross", _("Gross"), MONEY, total=True),
        Column("tds", _("TDS"), MONEY, total=True),
        Column("net", _("Net"), MONEY, total=True),
        Column("state", _("Status"), CHOICE, choices=choices_of(Payout.State)),
    ),
    base=of_kiosks(Payout), default_sort="-paid_on", key="id",
    filters=(Filter("paid", _("Day"), "dates", "paid_on", date_field=True, default_days=92),),
)


tiers = Report(
    slug="tiers", title=_("Kiosks by tier"), role=LSP,
    description=_("Each kiosk's tier by month, with the count and value it was measured by."),
    columns=(
        Column("month", _("Month"), DATE),
        Column("kiosk_code", _("Kiosk"), TEXT, source="kiosk__code"),
        Column("tier_code", _("Tier"), TEXT),
        Column("count", _("Receipt lines"), INT, total=True),
        Column("value", _("Value"), MONEY, total=True),
    ),
    base=of_kiosks(KioskTier), default_sort="-month", key="id",
    filters=(Filter("month", _("Month"), "dates", "month", date_field=True, default_days=92),),
)

REPORTS = (volume, volume_by_day, wallets, topups, deposits, commission, statements.lsp_officer_statement, payouts, tiers,
           tickets.lsp_tickets)
