"""The kiosk's menu (`{% kiosk_nav kiosk %}`, issue 14): remembered once drawn, it is still exactly
what network/kiosk_nav.html draws for the reader at that kiosk in the page's language, links only to
the pages the reader may open (emitra.accounts.access.may_use) and names its own kiosk."""
import re

import pytest
from django.template import Context
from django.template.loader import render_to_string
from django.utils import translation

from emitra.accounts.access import KIOSK_PAGES, may_use
from emitra.accounts.roles import Roles
from emitra.network.templatetags.network import kiosk_nav


def drawn_afresh(kiosk, roles):
    may = {page: may_use(roles, kiosk, page) for page in KIOSK_PAGES}
    return render_to_string("network/kiosk_nav.html", {"kiosk": kiosk, "may": may})


@pytest.mark.django_db
def test_the_remembered_menu_is_the_menu_drawn_afresh_for_each_reader_kiosk_and_language(cast):
    readers = {name: Roles(list(person.memberships.live())) for name, person in
               [("holder", cast.holder), ("operator", cast.operator), ("lsp", cast.lsp_jaipur), ("doit", cast.doit)]}
    seen = set()
    for language in ("hi", "en", "hi"):
        with translation.override(language):
            for name, roles in readers.items():
                for kiosk in (cast.kiosk, cast.other_kiosk):
                    menu = kiosk_nav(Context({"roles": roles}), kiosk)
                    assert menu == drawn_afresh(kiosk, roles), (language, name, kiosk.code)
                    assert f">{kiosk.code}</a>" in menu
                    seen.add((language, menu))
    assert len({menu for _language, menu in seen}) >= 4  # the readers' menus differ, and by language


@pytest.mark.django_db
def test_a_reader_is_shown_only_the_pages_they_may_open(cast):
    holder, operator = (Roles(list(p.memberships.live())) for p in (cast.holder, cast.operator))
    with translation.override("en"):
        links = {who: re.findall(r'<a href="([^"]+)"', kiosk_nav(Context({"roles": roles}), cast.kiosk))
                 for who, roles in (("holder", holder), ("operator", operator))}
    users = f"/k/{cast.kiosk.code}/users/"
    assert users in links["holder"] and users not in links["operator"]
    assert kiosk_nav(Context({}), None) == ""
