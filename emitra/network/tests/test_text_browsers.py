"""Text browsers (issue 9 item 22): the menus are lists, so w3m and lynx show their items apart
("Services", "Users", ... each on its line) instead of one run-together word."""
import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.django_db

BROWSERS = {
    "w3m": ["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "-cols", "100"],
    "lynx": ["lynx", "-dump", "-stdin", "-force_html", "-nolist", "-nonumbers", "-display_charset=UTF-8",
             "-assume_charset=UTF-8", "-width=100"],
}


def dump(browser, html):
    if shutil.which(BROWSERS[browser][0]) is None:
        pytest.fail(f"{browser} is not installed: apt-get install -y w3m lynx")
    return subprocess.run(BROWSERS[browser], input=html, capture_output=True, check=True).stdout.decode()


def menu_lines(text, items):
    """The lines of the dump that hold a menu item, without list bullets."""
    return [re.sub(r"^[\s*•+o-]+|\((?:BUTTON|hi|en)\)|[\[\]]", "", line).strip() for line in text.splitlines()
            if any(item in line for item in items)]


@pytest.fixture
def kiosk_page(cast, client_as):
    from emitra.catalogue.demo import load_demo_catalogue

    load_demo_catalogue()
    return client_as(cast.holder).get(f"/k/{cast.kiosk.code}/").content


@pytest.mark.parametrize("browser", BROWSERS)
def test_the_kiosk_menu_items_stand_apart_in_a_text_browser(cast, kiosk_page, browser):
    text = dump(browser, kiosk_page)
    items = [cast.kiosk.code, "Services", "Users", "Wallet", "Applications", "Cart", "Receipts", "Documents"]
    for a, b in zip(items, items[1:]):
        assert a + b not in text
    lines = menu_lines(text, items)
    for item in items:
        assert item in lines, (item, lines)  # the item alone on its line
    for word in ("KIOSK.HOLDER", "Sign out", "हिन्दी"):  # the header's own menu, apart too
        assert word in menu_lines(text, [word]), (word, text[:400])


@pytest.mark.parametrize("browser", BROWSERS)
def test_the_department_and_doit_menus_stand_apart_in_a_text_browser(cast, client_as, browser):
    dept = dump(browser, client_as(cast.dept).get("/dept/applications/").content)
    assert {"Applications", "Collections", "Cheques"} <= set(menu_lines(dept, ["Applications", "Collections",
                                                                               "Cheques"]))
    doit = dump(browser, client_as(cast.doit).get("/doit/services/").content)
    assert {"DoIT", "Services", "Departments"} <= set(menu_lines(doit, ["DoIT", "Services", "Departments"]))
