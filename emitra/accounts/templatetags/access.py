"""Links only to what the reader may open (issue 9 item 23): `{% load access %}`, then
`{% kiosk_access kiosk as may %}` and `{% if may.topup %}<a ...>{% endif %}`, the same rule
as the views (emitra.accounts.access.may_use)."""
from django import template

from emitra.accounts.access import KIOSK_PAGES, may_use

register = template.Library()


@register.simple_tag(takes_context=True)
def kiosk_access(context, kiosk):
    """{page: may open it} for the signed-in person at `kiosk`."""
    roles = context.get("roles")
    if roles is None or kiosk is None:
        return {}
    return {page: may_use(roles, kiosk, page) for page in KIOSK_PAGES}
