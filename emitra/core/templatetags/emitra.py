"""Template filters loaded on every template (settings TEMPLATES builtins)."""
from django import template

from emitra.core.i18n import in_page_language
from emitra.core.money import format_paise

register = template.Library()


@register.filter
def rupees(paise):
    """Paise as ₹1,23,456.00 with Indian digit grouping."""
    if paise is None or paise == "":
        return ""
    return format_paise(paise)


@register.filter
def local_name(row, field="name"):
    """The name in the page's language of a row read with .values(): `{{ r|local_name:"service__name" }}`
    reads r["service__name_en"] and r["service__name_hi"] (emitra.core.i18n; issue 9 item 17)."""
    return in_page_language(row.get(f"{field}_en", ""), row.get(f"{field}_hi", ""))
