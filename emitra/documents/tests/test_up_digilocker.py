"""`emitra up --demo-digilocker` (README): the portal comes up connected to a local DigiLocker,
and the demo citizen can allow e-Mitra there and see the demo issued documents."""
import os
import signal
import subprocess
import sys
import time
from urllib.parse import urljoin

import requests
from bs4 import BeautifulSoup

from emitra.demo.tests.test_up import free_port


def form_data(form):
    return {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}


def test_emitra_up_with_the_demo_digilocker(tmp_path):
    port, digilocker_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "EMITRA_ENV")
           and not k.startswith("EMITRA_DIGILOCKER")}
    env["EMITRA_DATA_DIR"] = str(tmp_path / "data")
    proc = subprocess.Popen([sys.executable, "-m", "emitra.cli", "up", "--port", str(port), "--demo-digilocker",
                             str(digilocker_port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert proc.poll() is None, proc.stdout.read()
            time.sleep(0.5)
        else:
            raise AssertionError("the portal did not come up")

        browser = requests.Session()
        page = browser.get(base + "/auth/login/")
        form = BeautifulSoup(page.text, "html.parser").find(lambda t: t.name == "form" and t.find("input", attrs={"name": "password"}))
        data = dict(form_data(form), sso_id="CITIZEN.DEMO", password="emitra-demo")
        browser.post(urljoin(page.url, form["action"]), data=data)
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
