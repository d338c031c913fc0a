"""A department office's reports (issue 13 req. 1; F29): the scope is the officer's DeptScope
(accounts.access.dept_scope): the department's services sold at the kiosks the office covers,
and the applications sent to the offices it covers. "Amount" is the government amount of live
lines, the one rule of payments.collections (LIVE)."""
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emitra.catalogue.models import Service
from emitra.network.models import Kiosk
from emitra.payments.collections import LIVE, MAX_DAYS
from emitra.payments.models import Receipt, ReceiptLine
from emitra.reports.definition import (CHOICE, DATE, DATETIME, DEPT, INT, MONEY, RECEIPT_NULL, TEXT, Chart, Column,
                                       Filter, Report, line_columns)
from emitra.reports.engine import apply_filters

ROLE = DEPT


def _lines(scope, values):
    services = Service.objects.filter(department=scope.department).values("pk")
    return ReceiptLine.objects.filter(scope.kiosk_q(), service_id__in=services)


PAID = Filter("paid", _("Paid"), "dates", "paid_at")
SUMS = (
    Column("paid", _("Paid lines"), INT, source=Count("id", filter=LIVE), total=True),
    Column("undone", _("Undone lines"), INT, source=Count("id", filter=~LIVE), total=True),
    Column("amount", _("Amount"), MONEY, source=Sum("government_amount", filter=LIVE), total=True),
)
INDEXES = ("payments_line_service_day", "payments_line_kiosk_day")

by_day = Report(
    slug="collections-by-day", title=_("Collections by day"), role=DEPT,
    description=_("The department's collections each day, with a chart."),
    columns=(Column("day", _("Day"), DATE, source=TruncDate("paid_at")), *SUMS),
    base=_lines, group=("day",), default_sort="day", key="day", chart=Chart("day", "amount"),
    filters=(PAID,), indexes=INDEXES,
)

by_service = Report(
    slug="collections-by-service", title=_("Collections by service"), role=DEPT,
    columns=(Column("service_code", _("Service"), TEXT, source="service__code"),
             Column("service_name", _("Name"), TEXT, bilingual="service__name"), *SUMS),
    base=_lines, group=("service_code", "service_name"), default_sort="service_code", key="service_code",
    filters=(PAID,), indexes=INDEXES,
)

by_kiosk = Report(
    slug="collections-by-kiosk", title=_("Collections by kiosk"), role=DEPT,
    columns=(Column("kiosk_code", _("Kiosk"), TEXT, source="kiosk__code"),
             Column("kiosk_name", _("Name"), TEXT, source="kiosk__name"),
             Column("district", _("District"), TEXT, source="kiosk__district__code"), *SUMS),
    base=_lines, group=("kiosk_code", "kiosk_name", "district"), default_sort="-amount", key="kiosk_code",
    filters=(PAID,), indexes=INDEXES,
)

def _services(scope):
    return [(s.code, s.name) for s in Service.objects.filter(department=scope.department).order_by("name_en")]


def _postings(scope):
    return [c for c in ReceiptLine.DeptState.choices if c[0] != ReceiptLine.DeptState.NOT_NEEDED]


def _kiosk_in_place(scope, code):
    """A kiosk outside the office's place answers as one that does not exist, so that an officer
    cannot learn which kiosk codes exist elsewhere (issue 9 item 10)."""
    if Kiosk.objects.filter(scope.kiosk_q(prefix=""), code=code).exists():
        return None
    return _("No kiosk with this code is among those your office covers.")


def _collected(scope, values):
    """The paid and undone lines and the amount collected under the filters (the rule LIVE)."""
    lines = apply_filters(collections, _lines(scope, values), values)
    sums = lines.order_by().aggregate(paid=Count("id", filter=LIVE), undone=Count("id", filter=~LIVE),
                                      amount=Coalesce(Sum("government_amount", filter=LIVE), 0))
    return [(_("Paid lines"), sums["paid"], INT),
            (_("Undone lines (cancelled, refused, not paid or cheque dishonoured): they add nothing"),
             sums["undone"], INT),
            (_("Amount collected"), sums["amount"], MONEY)]


# /dept/collections.csv (issue 5 req. 5; F29): the columns a department's system imports by name since
# issue 5, kept when the page became a report (issue 13): these names are a contract.
FEED = (
    Column("receipt", "receipt", TEXT, source="receipt__number"),
    Column("line", "line", INT, source="position"),
    Column("paid_at", "paid_at", DATETIME),
    Column("kiosk", "kiosk", TEXT, source="kiosk__code"),
    Column("district", "district", TEXT, source="kiosk__district__code"),
    Column("service", "service", TEXT, source="service__code"),
    Column("service_name", "service_name", TEXT, source="service__name_en"),
    Column("consumer_no", "consumer_no", TEXT),
    Column("bill_number", "bill_number", TEXT),
    Column("government_amount", "government_amount", MONEY),
    Column("service_charge", "service_charge", MONEY),
    Column("total", "total", MONEY),
    Column("line_state", "line_state", TEXT, source="state"),
    Column("posting_state", "posting_state", TEXT, source="dept_state"),
    Column("department_reference", "department_reference", TEXT, source="dept_reference"),
    Column("collected", "collected", MONEY, source=Case(When(LIVE, then=F("government_amount")), default=Value(0))),
)

collections = Report(
    slug="collections", title=_("Collections: every receipt line"), role=DEPT, wide=True,
    description=_("Every receipt line of the department's services: the counter stub that is never carried."),
    columns=(
        Column("paid_at", _("Paid at"), DATETIME),
        *line_columns(),
        Column("consumer_no", _("Consumer number"), TEXT),
        Column("government_amount", _("Government fee"), MONEY, total=True),
        Column("collected", _("Collected"), MONEY, total=True,
               source=Case(When(LIVE, then=F("government_amount")), default=Value(0))),
        Column("state", _("Status"), CHOICE, choices=ReceiptLine.State.choices),
        Column("dept_state", _("Posting"), CHOICE, choices=ReceiptLine.DeptState.choices),
    ),
    base=_lines, default_sort="-paid_at", key="id", summary=_collected, refuse_bad_filters=True, feed=FEED,
    filters=(Filter("date", _("Paid"), "dates", "paid_at", default_days=0, max_days=MAX_DAYS),
             Filter("service", _("Service"), "choice", "service__code", choices=_services),
             Filter("posting", _("Posting"), "choice", "dept_state", choices=_postings),
             Filter("kiosk", _("Kiosk code"), "text", "kiosk__code", upper=True, check=_kiosk_in_place)),
    indexes=INDEXES,
)


def _cheques(scope, values):
    of_department = ReceiptLine.objects.filter(receipt=OuterRef("pk"), service__department=scope.department)
    return Receipt.objects.filter(scope.kiosk_q(), mode=Receipt.Mode.CHEQUE).filter(Exists(of_department))


cheques = Report(
    slug="cheques", title=_("Cheques"), role=DEPT,
    description=_("Receipts paid by cheque for the department's services, in hand, cleared or dishonoured."),
    columns=(
        Column("created", _("Paid at"), DATETIME),
        Column("receipt_number", _("Receipt"), TEXT, source="number", null=RECEIPT_NULL),  # definition.RECEIPT_NULL
        Column("kiosk_code", _("Kiosk"), TEXT, source="kiosk__code"),
        Column("cheque_no", _("Cheque"), TEXT),
        Column("cheque_bank", _("Bank"), TEXT),
        Column("total", _("Amount"), MONEY, total=True),
        Column("cheque_state", _("Status"), CHOICE, choices=Receipt.ChequeState.choices),
    ),
    base=_cheques, default_sort="created", key="id",
    renamed=(("number", "receipt_number"),),  # the key of the Receipt column before 90461fc (saved favourites, F27)
    filters=(Filter("created", _("Paid"), "dates", "created"),
             Filter("cheque", _("Status"), "choice", "cheque_state",
                    choices=[c for c in Receipt.ChequeState.choices if c[0]])),
    indexes=("payments_receipt_cheque", "payments_receipt_kiosk"),
)


def _open_states():
    from emitra.applications.workflow import State

    return [State.SUBMITTED, State.IN_PROCESS]


def _states():
    from emitra.applications.workflow import State

    return State.choices


def _applications(scope, values):
    from emitra.applications.models import Application

    return Application.objects.filter(scope.office_q())


def _overdue_q():
    return Q(due_date__lt=timezone.localdate(), state__in=_open_states())


applications = Report(
    slug="applications", title=_("Applications by status and SLA"), role=DEPT,
    description=_("The applications sent to your offices in each status: how many are past their delivery date."),
    columns=(
        Column("state", _("Status"), CHOICE, choices=_states),
        Column("applications", _("Applications"), INT, source=Count("id"), total=True),
        Column("overdue", _("Past the delivery date"), INT, source=Count("id", filter=_overdue_q()), total=True),
        Column("fees", _("Fees"), MONEY, source=Sum("fee_total"), total=True),
    ),
    base=_applications, group=("state",), default_sort="state", key="state",
    filters=(Filter("submitted", _("Submitted"), "dates", "submitted_at", default_days=92),),
    indexes=("applications_inbox",),
)


def _overdue(scope, values):
    return _applications(scope, values).filter(_overdue_q())


overdue = Report(
    slug="overdue", title=_("Overdue applications"), role=DEPT,
    description=_("Applications still open past their delivery date (the SLA of their form)."),
    columns=(
        Column("due_date", _("Due"), DATE),
        Column("number", _("Application"), TEXT),
        Column("service_name", _("Service"), TEXT, bilingual="service__name"),
        Column("kiosk_code", _("Kiosk"), TEXT, source="kiosk__code"),
        Column("submitted_at", _("Submitted at"), DATETIME),
        Column("state", _("Status"), CHOICE, choices=_states),
    ),
    base=_overdue, default_sort="due_date", key="id",
    filters=(Filter("submitted", _("Submitted"), "dates", "submitted_at", default_days=366),),
    indexes=("applications_inbox",),
)

REPORTS = (by_day, by_service, by_kiosk, collections, cheques, applications, overdue)
