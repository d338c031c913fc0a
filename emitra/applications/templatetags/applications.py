"""The kiosk dashboard's applications panel: the re-submit list's count (F25)."""
from django import template

register = template.Library()


@register.inclusion_tag("applications/panel.html")
def applications_panel(kiosk):
    from emitra.applications.services import sent_back

    return {"kiosk": kiosk, "sent_back": sent_back(kiosk).count()}


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (a kind's name by its code), or the key itself."""
    return mapping.get(key, key)
