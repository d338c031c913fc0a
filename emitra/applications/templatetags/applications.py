"""The kiosk dashboard's applications panel: the re-submit list's count (F25)."""
from django import template

register = template.Library()


@register.inclusion_tag("applications/panel.html")
def applications_panel(kiosk):
    from emitra.applications.services import sent_back

    return {"kiosk": kiosk, "sent_back": sent_back(kiosk).count()}
