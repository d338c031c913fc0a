"""The kiosk page's volume tier panel (issue 10 req. 5): `{% load commissions %}{% tier_panel kiosk %}`."""
from django import template

from emitra.commissions import tiers

register = template.Library()


@register.inclusion_tag("commissions/kiosk_tier.html")
def tier_panel(kiosk):
    """The kiosk's tier this month and what next month's higher tier needs."""
    return {"standing": tiers.standing(kiosk)}
