"""The day at a glance (issue 13 req. 5): the figures a kiosk, an LSP or DoIT would rather look
at than read, for the top of their desk.

- kiosk: receipts and their amount today and this month, commission earned this month (its
  share, less what was taken back), the wallet's closing balance on each of the last 30 days,
  and what waits for the kiosk: applications sent back to re-submit, tickets waiting for it,
  cheques in hand;
- LSP and DoIT: the same receipts and amounts over their kiosks, the amount of each of the
  last 30 days, and what waits for their desk.

Each figure is one aggregate over an index range (payments_line_kiosk_day,
payments_line_live_day, commissions_line_kiosk, ledger_posting_statement).
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.applications.services import sent_back
from emitra.commissions.models import LineCommission
from emitra.core.money import format_paise
from emitra.helpdesk.models import Desk, Ticket
from emitra.helpdesk.workflow import State
from emitra.ledger.models import Posting
from emitra.network.models import KioskApplication
from emitra.notifications.models import Message
from emitra.payments.models import Receipt, ReceiptLine
from emitra.reports import charts
from emitra.wallet import accounts
from emitra.wallet.models import CreditLimitRequest, TopUp

DAYS = 30


@dataclass
class Glance:
    today: dict  # {"receipts": n, "amount": paise}
    month: dict
    figures: list = field(default_factory=list)  # [(label, text)]
    waits: list = field(default_factory=list)  # [(label, count, url)]
    trend: object = None  # charts.Line or Picture


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _sold(lines):
    today = timezone.localdate()
    month_start = _midnight(today.replace(day=1))
    lines = lines.filter(state=ReceiptLine.State.ACTIVE, paid_at__gte=min(month_start, _midnight(today)))
    got = lines.aggregate(
        month_receipts=Count("receipt_id", distinct=True), month_amount=Coalesce(Sum("total"), 0),
        today_receipts=Count("receipt_id", distinct=True, filter=Q(paid_at__gte=_midnight(today))),
        today_amount=Coalesce(Sum("total", filter=Q(paid_at__gte=_midnight(today))), 0))
    return ({"receipts": got["today_receipts"], "amount": got["today_amount"]},
            {"receipts": got["month_receipts"], "amount": got["month_amount"]})


def _daily_amounts(lines, title):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=DAYS - 1)
    sums = dict(lines.filter(state=ReceiptLine.State.ACTIVE, paid_at__gte=_midnight(start))
                .annotate(day=TruncDate("paid_at")).order_by().values("day").annotate(s=Sum("total"))
                .values_list("day", "s"))
    points = [((start + datetime.timedelta(days=n)).strftime("%d-%m"), sums.get(start + datetime.timedelta(days=n), 0))
              for n in range(DAYS)]
    return charts.picture(title, points, format_paise, _("Amount sold"))


def kiosk(kiosk, may):
    """The kiosk's glance; may is its {% kiosk_access %} (which of its pages this person may open)."""
    today_sums, month_sums = _sold(ReceiptLine.objects.filter(kiosk=kiosk))
    month_start = _midnight(timezone.localdate().replace(day=1))
    earned = LineCommission.objects.filter(kiosk=kiosk, accrued_at__gte=month_start).aggregate(
        s=Coalesce(Sum("kiosk_share"), 0))["s"]
    back = LineCommission.objects.filter(kiosk=kiosk, reversed_at__gte=month_start).aggregate(
        s=Coalesce(Sum("kiosk_share"), 0))["s"]
    glance = Glance(today_sums, month_sums, figures=[(_("Commission earned this month"), format_paise(earned - back))])
    wallet = accounts.wallet_account(kiosk)
    glance.trend = wallet_trend(wallet)
    waits = [(_("Applications to re-submit"), sent_back(kiosk).count(),
              reverse("applications:kiosk_list", args=[kiosk.code]) if may.get("applications") else "")]
    waits.append((_("Cheques in hand"), Receipt.objects.filter(
        kiosk=kiosk, cheque_state=Receipt.ChequeState.IN_HAND).count(),
        reverse("reports:kiosk_report", args=[kiosk.code, "transactions"]) if may.get("receipts") else ""))
    waits.append((_("Tickets waiting for your answer"),
                  Ticket.objects.filter(kiosk=kiosk, state=State.WAITING).count(), reverse("helpdesk:mine")))
    glance.waits = waits
    return glance


def wallet_trend(wallet):
    """The wallet's balance at the end of each of the last 30 days, from its balance now and the
    postings since (one grouped read of ledger_posting_statement)."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=DAYS - 1)
    moved = dict(Posting.objects.filter(account=wallet, created__gte=_midnight(start))
                 .annotate(day=TruncDate("created")).order_by().values("day").annotate(s=Sum("amount"))
                 .values_list("day", "s"))
    balance, points = wallet.balance, []
    for n in range(DAYS):
        day = today - datetime.timedelta(days=n)
        points.append((day.strftime("%d-%m"), balance))
        balance -= moved.get(day, 0)
    return charts.line(_("Wallet balance, last 30 days"), list(reversed(points)), format_paise, _("Wallet balance"))


DESK_OPEN = [State.OPEN, State.IN_PROGRESS, State.REOPENED]  # the desk owes an answer


def lsp(ids):
    lines = ReceiptLine.objects.filter(kiosk__lsp_id__in=ids)
    today_sums, month_sums = _sold(lines)
    glance = Glance(today_sums, month_sums, trend=_daily_amounts(lines, _("Your kiosks: amount sold each day")))
    glance.waits = [
        (_("Top-ups to confirm"), TopUp.objects.filter(kiosk__lsp_id__in=ids, state=TopUp.State.PENDING).count(),
         reverse("wallet:lsp_topups")),
        (_("Credit limit requests"), CreditLimitRequest.objects.filter(
            kiosk__lsp_id__in=ids, state=CreditLimitRequest.State.PENDING).count(), reverse("wallet:lsp_limits")),
    ]
    glance.waits.append((_("Open tickets"), Ticket.objects.filter(
        lsp_id__in=ids, desk=Desk.LSP, state__in=DESK_OPEN).count(), reverse("helpdesk:lsp_tickets")))
    return glance


def doit():
    lines = ReceiptLine.objects.all()
    today_sums, month_sums = _sold(lines)
    glance = Glance(today_sums, month_sums, trend=_daily_amounts(lines, _("The state: amount sold each day")))
    glance.waits = [
        (_("Kiosk applications to decide"), KioskApplication.objects.filter(
            status=KioskApplication.Status.SUBMITTED).count(), reverse("network:doit_applications")),
        (_("Failed postings to departments"), ReceiptLine.objects.filter(
            dept_state__in=["rejected", "failed", "cancel_failed"]).count(),
         reverse("reports:doit_report", args=["failed-postings"])),
        (_("Failed messages"), Message.objects.filter(state=Message.State.FAILED).count(),
         reverse("reports:doit_report", args=["failed-messages"])),
    ]
    glance.waits.append((_("Open tickets"), Ticket.objects.filter(desk=Desk.DOIT, state__in=DESK_OPEN).count(),
                         reverse("helpdesk:doit_tickets")))
    return glance
