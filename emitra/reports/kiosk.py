"""A kiosk's reports (issue 13 req. 1; F5, F10): its scope is the kiosk that kiosk_for gave,
under the rule of the kiosk page each report stands for (accounts.access.KIOSK_PAGES)."""
from django.db.models import Case, Count, F, Sum, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emitra.ledger.memos import in_words
from emitra.ledger.models import Posting
from emitra.payments.models import Receipt, ReceiptLine
from emitra.reports import statements, tickets
from emitra.reports.definition import (CHOICE, DATETIME, INT, KIOSK, MONEY, RECEIPT_NULL, TEXT, Column, Filter,
                                       Report)
from emitra.reports.engine import day_range

ROLE = KIOSK


def _receipt_link(row, kiosk):
    return reverse("payments:receipt", args=[kiosk.code, row["receipt_number"]])


def receipt_and_service():
    """The receipt (a link to it) and service columns of every kiosk report of its receipt lines
    (duplicates D4): one place for their keys, labels and sources."""
    return (Column("receipt_number", _("Receipt"), TEXT, source="receipt__number", link=_receipt_link,
                   null=RECEIPT_NULL),  # definition.RECEIPT_NULL: no walk of the state's receipts
            Column("service_name", _("Service"), TEXT, bilingual="service__name"))


LINE_STATES = ReceiptLine.State.choices

transactions = Report(
    slug="transactions", title=_("Transactions and receipts"), role=KIOSK, kiosk_page="receipts",
    description=_("Every receipt line sold at the kiosk, with its receipt, service and amounts."),
    columns=(
        Column("paid_at", _("Paid at"), DATETIME),
        *receipt_and_service(),
        Column("consumer_no", _("Consumer number"), TEXT),
        Column("government_amount", _("Government fee"), MONEY, total=True),
        Column("service_charge", _("Service charge"), MONEY, total=True),
        Column("total", _("Total"), MONEY, total=True),
        Column("mode", _("Mode"), CHOICE, source="receipt__mode", choices=Receipt.Mode.choices),
        Column("state", _("Status"), CHOICE, choices=LINE_STATES),
    ),
    base=lambda kiosk, values: ReceiptLine.objects.filter(kiosk=kiosk),
    default_sort="-paid_at", key="id", wide=True,
    filters=(
        Filter("paid", _("Paid"), "dates", "paid_at"),
        Filter("state", _("Status"), "choice", "state", choices=LINE_STATES),
        Filter("consumer", _("Consumer number"), "text", "consumer_no"),
        Filter("receipt", _("Receipt number"), "text", "receipt__number", upper=True),
    ),
    indexes=("payments_line_kiosk_day",),
)


def _wallet_account(kiosk):
    from emitra.wallet import accounts

    return accounts.wallet_account(kiosk)


def _wallet_base(kiosk, values):
    """The wallet's postings, each with the balance after it (statements.balance_after: right in
    any sort and on any page)."""
    account = _wallet_account(kiosk)
    start, _end = day_range(values, "created")
    return Posting.objects.filter(account=account).annotate(
        balance=statements.balance_after(account, start, "created", "id"))


def _wallet_summary(kiosk, values):
    account = _wallet_account(kiosk)
    start, end = day_range(values, "created")
    return [(_("Opening balance"), statements.opening(account, start), MONEY),
            (_("Closing balance"), statements.opening(account, end), MONEY)]


def _kind_labels():
    from emitra.wallet.services import kind_labels

    return list(kind_labels().items())


DEBIT = Case(When(amount__lt=0, then=-F("amount")), default=Value(0))
CREDIT = Case(When(amount__gt=0, then=F("amount")), default=Value(0))

wallet = Report(
    slug="wallet", title=_("Wallet statement"), role=KIOSK, kiosk_page="wallet",
    description=_("Every entry of the kiosk's wallet with the balance after it, for any days (F5)."),
    columns=(
        Column("created", _("Date"), DATETIME),
        Column("entry_id", _("Entry"), INT),
        Column("kind", _("Kind"), CHOICE, source="entry__kind", choices=_kind_labels),
        Column("memo", _("Particulars"), TEXT, source="entry__memo", words=in_words),
        Column("debit", _("Debit"), MONEY, source=DEBIT, total=True, blank_zero=True),
        Column("credit", _("Credit"), MONEY, source=CREDIT, total=True, blank_zero=True),
        Column("balance", _("Balance"), MONEY),
    ),
    base=_wallet_base, summary=_wallet_summary,
    default_sort="created", key="id",
    filters=(Filter("created", _("Days"), "dates", "created"),),
    indexes=("ledger_posting_statement",),
)


def _applications_base(kiosk, values):
    from emitra.applications.models import Application

    return Application.objects.filter(kiosk=kiosk)


def _application_states():
    from emitra.applications.workflow import State

    return State.choices


applications = Report(
    slug="applications", title=_("Applications by status"), role=KIOSK, kiosk_page="applications",
    description=_("How many of the kiosk's applications stand in each status, and their fees."),
    columns=(
        Column("state", _("Status"), CHOICE, choices=_application_states),
        Column("applications", _("Applications"), INT, source=Count("id"), total=True),
        Column("fees", _("Fees"), MONEY, source=Sum("fee_total"), total=True),
    ),
    base=_applications_base, group=("state",), default_sort="state", key="state",
    filters=(Filter("created", _("Made"), "dates", "created"),),
    indexes=("applications_kiosk_state",),
)

cancellations = Report(
    slug="cancellations", title=_("Cancellations"), role=KIOSK, kiosk_page="receipts",
    description=_("Receipt lines the kiosk cancelled, with the reason."),
    columns=(
        Column("cancelled_at", _("Cancelled at"), DATETIME),
        *receipt_and_service(),
        Column("total", _("Amount"), MONEY, total=True),
        Column("cancel_reason", _("Reason"), TEXT),
    ),
    base=lambda kiosk, values: ReceiptLine.objects.filter(kiosk=kiosk, state=ReceiptLine.State.CANCELLED),
    default_sort="-cancelled_at", key="id",
    filters=(Filter("cancelled", _("Cancelled"), "dates", "cancelled_at"),),
    indexes=("payments_line_kiosk_cancelled",),
)

REPORTS = (transactions, wallet, statements.kiosk_statement, applications, cancellations, tickets.kiosk_tickets)
