"""`emitra up --demo-digilocker` (README): the portal comes up connected to a local DigiLocker,
and the demo citizen can allow e-Mitra there and see the demo issued documents."""
import os
import signal
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from emitra.core.loopback import free_port
from emitra.demo.tests import up
from emitra.demo.tests.up import form_data


def test_emitra_up_with_the_demo_digilocker(tmp_path):
    digilocker_port = free_port()
    proc, base = up.start(tmp_path / "data", "--demo-digilocker", str(digilocker_port), drop=("EMITRA_DIGILOCKER",))
    try:
        browser, _ = up.sign_in(base, "CITIZEN.DEMO")
        mine = BeautifulSoup(browser.get(base + "/me/documents/").text, "html.parser")
        link = mine.find("a", href="/me/documents/digilocker/connect/")
        assert link is not None, mine.get_text()[:500]

        consent = browser.get(base + link["href"])
        assert consent.url.startswith(f"http://127.0.0.1:{digilocker_port}/oauth2/1/authorize?"), consent.url
        form = BeautifulSoup(consent.text, "html.parser").find("form")
        data = dict(form_data(form), username="9414000007", pin="123456", decision="allow")
        listing = browser.post(urljoin(consent.url, form["action"]), data=data)
        assert listing.url == base + "/me/documents/digilocker/", listing.url
        names = [b.get_text() for b in BeautifulSoup(listing.text, "html.parser").select("table.documents td b")]
        assert names == ["Income Certificate", "Caste Certificate", "Aadhaar Card", "Class X Marksheet"]

        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
        assert f"Demo DigiLocker at http://127.0.0.1:{digilocker_port}/" in out and "Stopped." in out
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
