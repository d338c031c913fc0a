"""The kiosk page's volume tier panel (issue 10 req. 5): `{% load commissions %}{% tier_panel kiosk %}`."""
from django import template

from emitra.commissions import tiers

register = template.Library()


@register.inclusion_tag("commissions/kiosk_tier.html")
def tier_panel(kiosk):
    """The kiosk's tier this month and what next month's higher tier needs."""
    return {"standing": tiers.standing(kiosk)}


@register.inclusion_tag("commissions/receipt_commission.html")
def receipt_commission(receipt, lines=()):
    """What each line of a receipt earned, under which rule version (issue 10 req. 2, 8), for the
    kiosk's receipt page (not the printed receipt): one query, read from the lines' rows; none
    when every line carries `commission_written` (its row as the payment just wrote it, or None
    for a line that earned nothing: emitra.commissions.accrual.CommissionLegs.written; issue 14)."""
    from emitra.commissions.accrual import WRITTEN_ATTR
    from emitra.commissions.models import LineCommission

    if lines and all(hasattr(line, WRITTEN_ATTR) for line in lines):
        rows = [getattr(line, WRITTEN_ATTR) for line in lines if getattr(line, WRITTEN_ATTR) is not None]
    else:
        rows = list(LineCommission.objects.filter(line__receipt_id=receipt.pk).select_related("line", "version__rule")
                    .order_by("line__position"))
    return {"rows": rows, "total": sum(row.kiosk_share for row in rows if row.reversed_at is None)}
