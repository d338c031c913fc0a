"""The day at a glance on a kiosk's home and on the LSP's and DoIT's desks (issue 13 req. 5)."""
from django import template

from emitra.reports import glance

register = template.Library()


@register.inclusion_tag("reports/_glance.html")
def kiosk_glance(kiosk, may):
    return {"glance": glance.kiosk(kiosk, may)}


@register.inclusion_tag("reports/_glance.html", takes_context=True)
def desk_glance(context, doit=False):
    roles = context["request"].roles
    return {"glance": glance.doit() if doit else glance.lsp(sorted(roles.lsp_ids))}
