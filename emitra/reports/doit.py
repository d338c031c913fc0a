"""DoIT's reports (issue 13 req. 1): the whole state, by district, LSP, department, service
and kiosk; cancellations; duplicate warnings overridden; failed messages and postings."""
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from emitra.payments.models import ReceiptLine
from emitra.reports import statements, tickets
from emitra.reports.definition import CHOICE, DATE, DATETIME, DOIT, INT, MONEY, TEXT, Chart, Column, Filter, Report, line_columns

ROLE = DOIT
PAID = Filter("paid", _("Paid"), "dates", "paid_at")
# the live lines of a day range: one range scan of a covering index (migration payments 00xx)
INDEXES = ("payments_line_live_day",)


def _lines(scope, values):
    return ReceiptLine.objects.filter(state=ReceiptLine.State.ACTIVE)


VOLUME = (
    Column("lines", _("Receipt lines"), INT, source=Count("id"), total=True),
    Column("government", _("Government fees"), MONEY, source=Sum("government_amount"), total=True),
    Column("charges", _("Service charges"), MONEY, source=Sum("service_charge"), total=True),
    Column("amount", _("Amount"), MONEY, source=Sum("total"), total=True),
)


def _volume(slug, title, group_columns, default_sort, *, chart=None, description=""):
    return Report(slug=slug, title=title, role=DOIT, description=description,
                  columns=(*group_columns, *VOLUME), base=_lines, group=tuple(c.key for c in group_columns),
                  default_sort=default_sort, key=group_columns[0].key, chart=chart, filters=(PAID,),
                  indexes=INDEXES)


by_day = _volume("volume-by-day", _("Volume by day"), (Column("day", _("Day"), DATE, source=TruncDate("paid_at")),),
                 "day", chart=Chart("day", "amount"), description=_("What the state's kiosks sold each day."))
by_district = _volume("volume-by-district", _("Volume by district"), (
    Column("district", _("District"), TEXT, source="kiosk__district__code"),
    Column("district_name", _("Name"), TEXT, bilingual="kiosk__district__name")), "-amount",
    chart=Chart("district", "amount"))
by_lsp = _volume("volume-by-lsp", _("Volume by LSP"), (
    Column("lsp", _("LSP"), TEXT, source="kiosk__lsp__code"),
    Column("lsp_name", _("Name"), TEXT, source="kiosk__lsp__name")), "-amount")
by_department = _volume("volume-by-department", _("Volume by department"), (
    Column("department", _("Department"), TEXT, source="service__department__code"),
    Column("department_name", _("Name"), TEXT, bilingual="service__department__name")), "-amount")
by_service = _volume("volume-by-service", _("Volume by service"), (
    Column("service_code", _("Service"), TEXT, source="service__code"),
    Column("service_name", _("Name"), TEXT, bilingual="service__name")), "-amount",
    chart=Chart("service_code", "amount"))
by_kiosk = _volume("volume-by-kiosk", _("Volume by kiosk"), (
    Column("kiosk_code", _("Kiosk"), TEXT, source="kiosk__code"),
    Column("kiosk_name", _("Name"), TEXT, source="kiosk__name"),
    Column("district", _("District"), TEXT, source="kiosk__district__code")), "-amount")

cancellations = Report(
    slug="cancellations", title=_("Cancellations"), role=DOIT, wide=True,
    description=_("Receipt lines cancelled anywhere in the state, with the reason."),
    columns=(
        Column("cancelled_at", _("Cancelled at"), DATETIME),
        *line_columns(),
        Column("total", _("Amount"), MONEY, total=True),
        Column("cancel_reason", _("Reason"), TEXT),
    ),
    base=lambda scope, values: ReceiptLine.objects.filter(state=ReceiptLine.State.CANCELLED),
    default_sort="-cancelled_at", key="id",
    filters=(Filter("cancelled", _("Cancelled"), "dates", "cancelled_at"),
             Filter("kiosk", _("Kiosk code"), "text", "kiosk__code", upper=True)),
    indexes=("payments_line_cancelled",),
)


def _overridden(scope, values):
    from emitra.core.models import AuditEvent

    return AuditEvent.objects.filter(action="payments.duplicate_overridden")


duplicates = Report(
    slug="duplicates-overridden", title=_("Duplicate warnings overridden"), role=DOIT,
    description=_("Payments made although the portal warned of the same bill paid in the last 30 days (F24)."),
    columns=(
        Column("at", _("At"), DATETIME),
        Column("kiosk_code", _("Kiosk"), TEXT),
        Column("actor_sso_id", _("By"), TEXT),
        Column("summary", _("Receipt"), TEXT),
    ),
    base=_overridden, default_sort="-at", key="id",
    filters=(Filter("at", _("Days"), "dates", "at"),
             Filter("kiosk", _("Kiosk code"), "text", "kiosk_code", upper=True)),
    indexes=("audit_action_at",),
)


def _failed_messages(scope, values):
    from emitra.notifications.models import Message

    return Message.objects.filter(state=Message.State.FAILED)


def _channels():
    from emitra.notifications.models import Message

    return Message.Channel.choices


failed_messages = Report(
    slug="failed-messages", title=_("Failed messages"), role=DOIT, wide=True,
    description=_("SMS and e-mail to consumers that failed after the last retry."),
    columns=(
        Column("created", _("Made at"), DATETIME),
        Column("channel", _("Channel"), CHOICE, choices=_channels),
        Column("template", _("Message"), TEXT),
        Column("ref", _("About"), TEXT),
        Column("attempts", _("Attempts"), INT),
        Column("last_error", _("Last error"), TEXT),
    ),
    base=_failed_messages, default_sort="-created", key="id",
    filters=(Filter("created", _("Made"), "dates", "created"),),
    indexes=("notif_msg_due",),
)

FAILED_POSTINGS = [ReceiptLine.DeptState.REJECTED, ReceiptLine.DeptState.FAILED, ReceiptLine.DeptState.CANCEL_FAILED]

failed_postings = Report(
    slug="failed-postings", title=_("Failed postings to departments"), role=DOIT, wide=True,
    description=_("Receipt lines a department refused, or that could not be delivered after the last retry."),
    columns=(
        Column("paid_at", _("Paid at"), DATETIME),
        *line_columns(),
        Column("total", _("Amount"), MONEY, total=True),
        Column("dept_state", _("Posting"), CHOICE, choices=ReceiptLine.DeptState.choices),
        Column("dept_message", _("Department's answer"), TEXT),
    ),
    base=lambda scope, values: ReceiptLine.objects.filter(dept_state__in=FAILED_POSTINGS),
    default_sort="-paid_at", key="id",
    filters=(PAID, Filter("posting", _("Posting"), "choice", "dept_state",
                          choices=[c for c in ReceiptLine.DeptState.choices if c[0] in FAILED_POSTINGS])),
    indexes=("payments_line_dept_open",),
)

REPORTS = (by_day, by_district, by_lsp, by_department, by_service, by_kiosk, cancellations, duplicates,
           failed_messages, failed_postings, statements.doit_lsp_statement, tickets.doit_tickets)
