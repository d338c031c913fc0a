"""A department's collections, online as they happen (F29; issue 5 req. 5).

Every receipt line of the department's services, sold at the kiosks its
officer's office covers (accounts.access.DeptScope), is the department's
counter stub: nothing is carried on paper. The officer filters by dates,
service, kiosk and posting state, sees sums by day, service and kiosk, pages
through the lines, and downloads the same lines as CSV.

"Amount" is the government amount of live lines (the money the department
gets). A line undone in any way (emitra.payments.undo: cancelled, refused by
the department, not paid on a hold, cheque dishonoured) is listed, counted as
"undone" and adds nothing, the same in the summary, the sums by day, service and
kiosk, the list of lines and the CSV (issue 9 item 3): paid + undone = the lines
listed, and the CSV's `collected` column sums to the amount. One index range
scan per service (payments_line_service_day).
"""
import csv
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from emitra.core.money import paise_to_input
from emitra.catalogue.models import Service
from emitra.payments.models import ReceiptLine

MAX_DAYS = 31  # one filter covers at most a month, so that a page stays small and quick
TOP_KIOSKS = 25  # the summary by kiosk shows the largest; the lines and the CSV have all


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


def by_day(qs):
    return list(qs.order_by().annotate(day=TruncDate("paid_at")).values("day").annotate(**_SUMS).order_by("day"))


def by_service(qs):
    return list(qs.order_by().values("service__code", "service__name_en", "service__name_hi")
                .annotate(**_SUMS).order_by("service__code"))


def by_kiosk(qs, limit=TOP_KIOSKS):
    """The kiosks with the largest amounts first, at most `limit`; and how many kiosks there are in all."""
    rows = qs.order_by().values("kiosk__code", "kiosk__name").annotate(**_SUMS)
    return list(rows.order_by("-amount", "kiosk__code")[:limit]), rows.count()


CSV_HEADER = ["receipt", "line", "paid_at", "kiosk", "district", "service", "service_name", "consumer_no",
              "bill_number", "government_amount", "service_charge", "total", "line_state", "posting_state",
              "department_reference", "collected"]


class _Echo:
    def write(self, value):
        return value


def csv_rows(qs):
    """The CSV of the lines, one text row at a time (streamed: the lines are read in chunks)."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    rows = qs.select_related("receipt", "kiosk__district", "service").iterator(chunk_size=2000)
    for line in rows:
        yield writer.writerow([
            line.receipt.number, line.position, timezone.localtime(line.paid_at).isoformat(timespec="seconds"),
            line.kiosk.code, line.kiosk.district.code, line.service.code, line.service.name_en, line.consumer_no,
            line.bill_number, paise_to_input(line.government_amount), paise_to_input(line.service_charge),
            paise_to_input(line.total), line.state, line.dept_state, line.dept_reference,
            paise_to_input(0 if line.is_undone else line.government_amount),
        ])
