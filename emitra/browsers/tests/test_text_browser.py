"""Sign-in and one payment completed in a text browser (issue 12 req 5): lynx from
Debian, scripted with its own keystroke scripts (-cmd_script) on a terminal of its
own (a pty), cookies kept in a file between its runs. Each step first reads the page
as lynx numbers it (-dump -number_fields), then moves to the fields by their
numbers, types and submits, as a person at a text terminal would."""
import os
import pty
import re
import select
import subprocess

import pytest

from emitra.demo.cast import DEMO_PASSWORD
from emitra.payments.models import Receipt
from emitra.payments.tests.conftest import assert_ledger_sound, wallet_balance

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs("lynx")]


class Lynx:
    def __init__(self, folder):
        self.folder = folder
        self.cookies = folder / "cookies"
        self.cookies.touch()
        self.config = folder / "lynx.cfg"
        # the session cookie must outlive one run of lynx
        self.config.write_text("INCLUDE:/etc/lynx/lynx.cfg\nPERSISTENT_COOKIES:TRUE\n")

    def options(self):
        return [f"-cfg={self.config}", "-number_fields", "-accept_all_cookies", "-noreferer",
                f"-cookie_file={self.cookies}", f"-cookie_save_file={self.cookies}"]

    def dump(self, url):
        run = subprocess.run(["lynx", *self.options(), "-dump", url], capture_output=True, text=True,
                             env={**os.environ, "HOME": str(self.folder)}, check=True)
        return run.stdout

    def keys(self, url, keys):
        """Run lynx on url in a terminal, typing keys (then Q, quit); what it showed, roughly."""
        script = self.folder / "keys"
        script.write_text("".join(f"key {k}\n" for k in [*keys, "Q"]))
        master, slave = pty.openpty()
        process = subprocess.Popen(["lynx", *self.options(), f"-cmd_script={script}", url],
                                   stdin=slave, stdout=slave, stderr=slave,
                                   env={**os.environ, "HOME": str(self.folder), "TERM": "vt100"})
        os.close(slave)
        screen = b""
        while process.poll() is None or select.select([master], [], [], 0)[0]:
            if select.select([master], [], [], 1)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal closed with lynx
                    break
                if not chunk:
                    break
                screen += chunk
        os.close(master)
        assert process.wait() == 0, screen[-2000:]
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", " ", screen.decode("utf-8", "replace"))


def number(page, pattern):
    """lynx's number of the field or link that pattern (a regex with one group around the
    number) finds in a -number_fields dump."""
    found = re.search(pattern, page)
    assert found, (pattern, page)
    return int(found.group(1))


def field(page, label):
    return number(page, re.escape(label) + r"\s*\[(\d+)\]")


def button(page, label):
    return number(page, r"\(\[(\d+)\]BUTTON\) " + re.escape(label))


def link(page, text):
    return number(page, r"\[(\d+)\]" + re.escape(text))


KEY_NAMES = {" ": "0x20"}  # a cmd_script line "key  " would lose its space


def fill(steps):
    """Keystrokes for a page: steps are (number, text or None); a None presses Enter there.
    lynx starts on link 1; Down moves to the next link or field."""
    keys, at = [], 1
    for n, text in steps:
        keys += ["Down Arrow"] * (n - at)
        keys += [KEY_NAMES.get(c, c) for c in text] if text is not None else ["^J"]
        at = n
    return keys


def test_sign_in_and_a_payment_in_lynx(demo_portal, tmp_path):
    cast = demo_portal
    base, kiosk = cast.url, cast.kiosk.code
    before = wallet_balance(cast.kiosk)
    lynx = Lynx(tmp_path)

    page = lynx.dump(base + "/auth/login/")
    lynx.keys(base + "/auth/login/", fill([(field(page, "SSO ID"), "KIOSK.OPERATOR"),
                                          (field(page, "Password"), DEMO_PASSWORD),
                                          (button(page, "Sign in"), None)]))
    home = lynx.dump(base + "/")
    assert "KIOSK.OPERATOR" in home and "Sign out" in home

    search = lynx.dump(base + f"/k/{kiosk}/services/")
    lynx.keys(base + f"/k/{kiosk}/services/", fill([(field(search, "in English or Hindi"), "pani bill"),
                                                   (button(search, "Search"), None)]))
    results = lynx.dump(base + f"/k/{kiosk}/services/?q=pani+bill")
    service = lynx.dump(base + f"/k/{kiosk}/services/PHED-BILL/")
    lynx.keys(base + f"/k/{kiosk}/services/?q=pani+bill",
              fill([(link(results, "Water Bill (PHED)"), None)])
              + fill([(field(service, "Consumer number"), "PH1234567"),
                      (button(service, "Fetch bill and add to cart"), None)]))
    cart = lynx.dump(base + f"/k/{kiosk}/cart/")  # the cart is the confirmation: its pay form is here
    assert "PH1234567" in cart and "Kamla Bishnoi" in cart
    total = re.search(r"Total to pay\s+(₹[\d,.]+)", cart).group(1)
    lynx.keys(base + f"/k/{kiosk}/cart/",
              fill([(field(cart, "Consumer's name"), "Kamla Devi"), (field(cart, "Mobile"), "9414000007"),
                    (button(cart, f"Pay {total}"), None)]))

    receipt = Receipt.objects.get(kiosk=cast.kiosk, consumer_name="Kamla Devi", mobile="9414000007")
    shown = lynx.dump(base + f"/k/{kiosk}/receipts/{receipt.number}/")
    assert receipt.number in shown and "Paid" in shown and total in shown
    assert wallet_balance(cast.kiosk) == before - receipt.total
    assert_ledger_sound()
