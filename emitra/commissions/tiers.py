"""Volume tiers (issue 10 req. 5; F4, F8): DoIT's thresholds as dated rows, each kiosk's tier
recomputed at every month's start by the sweep, and what a kiosk's next tier needs.

Rules
-----
* A TierScale is in force from the first day of a month; the scale in force on a
  month's first day decides that month. A scale is added for this month (while the
  month's tiers are not yet computed) or a later one, and never edited: a change is
  a new scale from a later month. Its tiers (A+, A, B+, B, C ...) each name the least
  a kiosk's last month must reach: a number of transactions, or their value in paise.
* A kiosk's last month is measured from real paid receipts: its receipt lines paid
  in that calendar month (India time) that are still paid now, on receipts that are
  paid (not awaiting a department, and not a cheque still in hand). Count is the
  number of such lines; value their total (government amount and service charge).
* The tier of a kiosk for a month is the highest tier whose minimum its last month
  reached; none when it reached no tier's minimum (or no scale is in force).
* The recomputation runs by itself (no button): `sweep` is one of the outbox
  sweeps (settings.OUTBOX_SWEEPERS) that `emitra deliver_outbox --every 60` (run
  by `emitra up`) calls every minute; from a month's first day the first sweep
  computes every kiosk's tier for the month, once: the TierRun row of the month is
  inserted once, so a second sweep (or two at once) does nothing. A sweep that was
  down on the 1st does it on the next day it runs.
"""
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.commissions.models import KioskTier, TierLevel, TierRun, TierScale
from emitra.core import audit
from emitra.network.models import Kiosk
from emitra.payments.models import Receipt, ReceiptLine

CODE_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-")


class TierInvalid(Exception):
    """Refused tiers; `errors` is {form field or None: message}; nothing was saved."""

    def __init__(self, errors):
        super().__init__("; ".join(str(m) for m in errors.values()))
        self.errors = errors


def month_start(day):
    return day.replace(day=1)


def next_month_start(today=None):
    today = today or timezone.localdate()
    return (month_start(today) + datetime.timedelta(days=32)).replace(day=1)


def previous_month_start(month):
    return (month - datetime.timedelta(days=1)).replace(day=1)


def add_scale(*, by, valid_from, basis, levels, today=None):
    """DoIT's tiers from the month starting valid_from; levels are [(form row, code, minimum)]."""
    today = today or timezone.localdate()
    errors = {}
    if valid_from.day != 1:
        errors["valid_from"] = _("Tiers come into force on the first day of a month.")
    elif valid_from < month_start(today) or (valid_from == month_start(today)
                                             and TierRun.objects.filter(month=valid_from).exists()):
        errors["valid_from"] = _("This month's tiers are computed already: choose a later month.")
    elif TierScale.objects.filter(valid_from=valid_from).exists():
        errors["valid_from"] = _("Tiers from this day exist already; choose another month.")
    if basis not in TierScale.Basis.values:
        errors["basis"] = _("Choose what the tiers are measured by.")
    if not levels:
        errors["code_0"] = _("Enter at least one tier with where it starts.")
    codes, minimums = set(), set()
    for row, code, minimum in levels:
        code = code.upper()
        if not set(code) <= CODE_CHARS:
            errors[f"code_{row}"] = _("A tier is named with letters, digits, + or -, like A+.")
        elif code in codes:
            errors[f"code_{row}"] = _("Each tier has its own name.")
        if minimum < 0:
            errors[f"minimum_{row}"] = _("A tier starts at 0 or more.")
        elif minimum in minimums:
            errors[f"minimum_{row}"] = _("Two tiers cannot start at the same figure.")
        codes.add(code)
        minimums.add(minimum)
    if errors:
        raise TierInvalid(errors)
    with transaction.atomic():
        scale = TierScale.objects.create(valid_from=valid_from, basis=basis, created_by=by)
        TierLevel.objects.bulk_create([TierLevel(scale=scale, code=code.upper(), minimum=minimum)
                                       for _row, code, minimum in levels])
        audit.record("commission.tiers.added", actor=by, target=scale, valid_from=valid_from, basis=basis,
                     levels=", ".join(f"{code.upper()} {minimum}"
                                      for _row, code, minimum in sorted(levels, key=lambda lv: -lv[2])))
    return scale


def scale_for(month):
    """The TierScale in force on the month's first day, or None."""
    return TierScale.objects.filter(valid_from__lte=month).order_by("-valid_from").first()


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def measured_lines(start, end):
    """Receipt lines that count for a kiosk's volume: paid in [start, end) and paid still (module docstring)."""
    return (ReceiptLine.objects.filter(paid_at__gte=_local_midnight(start), paid_at__lt=_local_midnight(end),
                                       state=ReceiptLine.State.ACTIVE, receipt__state=Receipt.State.PAID)
            .exclude(receipt__cheque_state=Receipt.ChequeState.IN_HAND))


def measure(start, end, kiosk_ids=None):
    """{kiosk id: (count, value)} of the lines that count, paid from start up to (not incl.) end."""
    lines = measured_lines(start, end)
    if kiosk_ids is not None:
        lines = lines.filter(kiosk_id__in=kiosk_ids)
    rows = lines.values("kiosk_id").annotate(n=Count("id"), v=Sum("total")).order_by()
    return {row["kiosk_id"]: (row["n"], row["v"] or 0) for row in rows}


def level_for(levels, figure):
    """The highest level (of levels) whose minimum figure reaches, or None."""
    reached = [lv for lv in levels if lv.minimum <= figure]
    return max(reached, key=lambda lv: lv.minimum) if reached else None


def recompute(month):
    """Every kiosk's tier for month (its first day) from the month before; once per month
    (module docstring). Returns the month's TierRun."""
    with transaction.atomic():
        run, created = TierRun.objects.get_or_create(month=month)
        if not created:
            return run
        scale = scale_for(month)
        levels = list(scale.levels.all()) if scale else []
        figures = measure(previous_month_start(month), month)
        now = timezone.now()
        rows = []
        for kiosk_id in Kiosk.objects.order_by("pk").values_list("pk", flat=True):
            count, value = figures.get(kiosk_id, (0, 0))
            level = level_for(levels, value if scale and scale.basis == TierScale.Basis.VALUE else count)
            rows.append(KioskTier(kiosk_id=kiosk_id, month=month, level=level, tier_code=level.code if level else "",
                                  count=count, value=value, computed_at=now))
        KioskTier.objects.bulk_create(rows, batch_size=500, update_conflicts=True, unique_fields=["kiosk", "month"],
                                      update_fields=["level", "tier_code", "count", "value", "computed_at"])
        TierRun.objects.filter(pk=run.pk).update(scale=scale, kiosks=len(rows), ran_at=now)
        run.refresh_from_db()
        audit.record("commission.tiers.recomputed", month=f"{month:%Y-%m}", kiosks=len(rows),
                     valid_from=scale.valid_from if scale else None)
    return run


def sweep(limit=500, today=None):
    """The outbox sweep's part (F4): this month's tiers, once, from the month's first sweep.
    Returns how many kiosks were given a tier now (0 when the month is done)."""
    month = month_start(today or timezone.localdate())
    if TierRun.objects.filter(month=month).exists():
        return 0
    return recompute(month).kiosks


def recent_runs():
    return TierRun.objects.select_related("scale")[:6]


# ------------------------------------------------------------------ the kiosk's page

@dataclass(frozen=True)
class Standing:
    """A kiosk's tier this month and what next month's higher tier needs (req. 5)."""

    current: KioskTier  # None before the month's tiers are computed
    basis: str  # "count" or "value" of next month's scale, "" without one
    so_far: int  # this month's count or value so far
    next_code: str  # "" when the kiosk is at the top, or no tiers are set
    needs: int  # how much more (count or paise) this month reaches next_code
    next_minimum: int

    @property
    def by_value(self):
        return self.basis == TierScale.Basis.VALUE


def standing(kiosk, today=None):
    """The kiosk's Standing: its tier this month, and the tier above it next month."""
    today = today or timezone.localdate()
    month = month_start(today)
    current = KioskTier.objects.filter(kiosk_id=kiosk.pk, month=month).first()
    following = next_month_start(today)
    scale = scale_for(following)
    if scale is None:
        return Standing(current, "", 0, "", 0, 0)
    levels = sorted(scale.levels.all(), key=lambda lv: lv.minimum)
    count, value = measure(month, following, [kiosk.pk]).get(kiosk.pk, (0, 0))
    so_far = value if scale.basis == TierScale.Basis.VALUE else count
    mine = next((lv for lv in levels if current and lv.code == current.tier_code), None)
    floor = max(mine.minimum if mine else -1, so_far if mine is None else -1)
    above = next((lv for lv in levels if lv.minimum > floor), None)
    if above is None:
        return Standing(current, scale.basis, so_far, "", 0, 0)
    return Standing(current, scale.basis, so_far, above.code, max(0, above.minimum - so_far), above.minimum)

