"""Template filters loaded on every template (settings TEMPLATES builtins)."""
from django import template

from emitra.core.money import format_paise

register = template.Library()


@register.filter
def rupees(paise):
    """Paise as ₹1,23,456.00 with Indian digit grouping."""
    if paise is None or paise == "":
        return ""
    return format_paise(paise)
