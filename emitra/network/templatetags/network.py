"""The kiosk's menu (`{% load network %}`, `{% kiosk_nav kiosk %}`) on every kiosk page.

The menu is network/kiosk_nav.html drawn with the pages the reader may open at the kiosk (the
same rule as the views: emitra.accounts.access.may_use, through `{% kiosk_access %}`). What it
shows is decided by the kiosk's code, those pages, the language and the URLconf, so the drawn
menu is remembered for them (a bounded LRU) and a page takes it as a string: drawing it cost
~0.4-0.7 ms of each kiosk page's Python, twice a receipt (issue 14).
"""
from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import get_resolver, get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from emitra.accounts.templatetags.access import kiosk_access

register = template.Library()


@register.simple_tag(takes_context=True)
def kiosk_nav(context, kiosk):
    """The kiosk's menu for the signed-in reader (network/kiosk_nav.html); none without a kiosk."""
    if kiosk is None:
        return ""
    may = kiosk_access(context, kiosk)
    allowed = tuple(sorted(page for page, yes in may.items() if yes))
    return _drawn(kiosk.code, allowed, get_language(), get_resolver(get_urlconf()), get_script_prefix())


@lru_cache(maxsize=4096)
def _drawn(code, allowed, language, resolver, prefix):
    # language, resolver and prefix are the key: the template reads them as they are now
    return mark_safe(render_to_string("network/kiosk_nav.html", {
        "kiosk": {"code": code}, "may": dict.fromkeys(allowed, True)}))
