"""URLs reversed once (issue 14 req. 2: a lighter frame for every page).

A kiosk page draws a dozen links or more (the header, the kiosk's menu, a form per cart line),
and Django's `reverse` walks the URLconf's patterns for each: ~1.3 ms of every receipt's Python
went to `{% url %}`. `reverse` here gives what `django.urls.reverse` gives, remembering the answers
for the same view name, arguments, current app, URLconf, script prefix and language (a bounded
LRU), where every argument is a plain string (or a template's literal) or integer; anything else (a model instance, a lazy
string, a call that raises NoReverseMatch) is reversed by Django each time. The URLconf is part
of the key as its resolver object, which Django makes anew when the URLconf changes
(`clear_url_caches`, `override_settings(ROOT_URLCONF=...)`), so a changed URLconf is never
answered from the old one. The portal's `{% url %}` (emitra.core.templatetags.emitra) uses it.
"""
from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language

# the arguments remembered by: their text is their value (a template's string literal is a SafeString;
# a bool is not taken, since True == 1 would share 1's entry)
PLAIN = (str, SafeString, int)


def reverse(viewname, args=None, kwargs=None, current_app=None):
    """django.urls.reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)."""
    args = tuple(args or ())
    items = tuple(sorted(kwargs.items())) if kwargs else ()
    if (type(viewname) in PLAIN and all(type(a) in PLAIN for a in args)
            and all(type(v) in PLAIN for _k, v in items) and (current_app is None or type(current_app) in PLAIN)):
        return _reversed(viewname, args, items, current_app, get_resolver(get_urlconf()), get_script_prefix(),
                         get_language())
    return django_reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)


@lru_cache(maxsize=8192)
def _reversed(viewname, args, items, current_app, resolver, prefix, language):
    # resolver, prefix and language are the key: django_reverse reads them as they are now
    return django_reverse(viewname, args=args, kwargs=dict(items), current_app=current_app)
