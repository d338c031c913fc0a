"""A department's collections, online as they happen (F29; issue 5 req. 5).

Every receipt line of the department's services, sold at the kiosks its
officer's office covers (accounts.access.DeptScope), is the department's
counter stub: nothing is carried on paper. The officer's pages are reports
(emitra.reports.dept: the lines, and the sums by day, service and kiosk, with
their exports); the department's API reads the same lines and totals here.

"Amount" is the government amount of live lines (the money the department
gets). A line undone in any way (emitra.payments.undo: cancelled, refused by
the department, not paid on a hold, cheque dishonoured) is listed, counted as
"undone" and adds nothing, the same in the summary, the sums by day, service and
kiosk, the list of lines and its exports (issue 9 item 3): paid + undone = the
lines listed, and the `Collected` column sums to the amount. One index range
scan per service (payments_line_service_day).
"""
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from emitra.catalogue.models import Service
from emitra.payments.models import ReceiptLine

MAX_DAYS = 31  # one filter covers at most a month, so that a page stays small and quick


@dataclass(frozen=True)
class Filters:
    date_from: datetime.date
    date_to: datetime.date
    service: object = None  # catalogue.Service
    kiosk: object = None  # network.Kiosk
    posting: str = ""  # a ReceiptLine.DeptState value


def lines(scope, f):
    """The receipt lines the officer sees under these filters, newest first."""
    start = timezone.make_aware(datetime.datetime.combine(f.date_from, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(f.date_to + datetime.timedelta(days=1), datetime.time.min))
    services = [f.service.pk] if f.service else list(
        Service.objects.filter(department=scope.department).values_list("pk", flat=True))
    qs = ReceiptLine.objects.filter(scope.kiosk_q(), service_id__in=services, paid_at__gte=start, paid_at__lt=end)
    if f.kiosk is not None:
        qs = qs.filter(kiosk=f.kiosk)
    if f.posting:
        qs = qs.filter(dept_state=f.posting)
    return qs.order_by("-paid_at", "-pk")


LIVE = Q(state=ReceiptLine.State.ACTIVE)  # the one rule of "counted": see the module docstring
_SUMS = dict(paid=Count("pk", filter=LIVE), undone=Count("pk", filter=~LIVE),
             amount=Coalesce(Sum("government_amount", filter=LIVE), 0))


def totals(qs):
    return qs.order_by().aggregate(**_SUMS)
