"""Favourites on any page (F27): `{% load catalogue %}` then `{% favourite_button "Title" %}`
stars the current page with its query string, `{% favourite_button service=service %}` a
service; `{% favourites_list %}` shows the person's favourites."""
from django import template

from emitra.catalogue import services

register = template.Library()


@register.inclusion_tag("catalogue/partials/star.html", takes_context=True)
def favourite_button(context, title="", service=None, path=""):
    """path: the page to star, when it is not the address asked for as it is (a report without its
    page token, F27); by default the current page with its query string."""
    request = context["request"]
    person = getattr(request, "person", None)
    path = "" if service is not None else (path or request.get_full_path())
    starred = services.find_favourite(person, service=service, path=path) is not None
    return {
        "person": person, "service": service, "path": path, "title": title,
        "starred": starred, "next": request.get_full_path(), "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("catalogue/partials/favourites.html", takes_context=True)
def favourites_list(context):
    request = context["request"]
    person = getattr(request, "person", None)
    kiosk = getattr(request, "kiosk", None)
    return {"favourites": services.favourite_links(person, kiosk)}
