"""Run `emitra up` (the README's first command) as a person would, for the tests that check it:
a throwaway data folder, a free port, and a wait until /healthz answers; and sign-in on the
served portal through its SSO's login form."""
import os
import subprocess
import sys
import time
from urllib.parse import urljoin

import requests
from bs4 import BeautifulSoup

from emitra.core.loopback import free_port


def start(data_dir, *arguments, drop=()):
    """`emitra up --port P *arguments` on a SQLite database in data_dir, with none of the test
    run's settings (nor the variables whose names start with one of drop); returns (process,
    base URL) once /healthz answers 200, with the process's output still to be read."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "EMITRA_ENV")
           and not any(k.startswith(prefix) for prefix in drop)}
    env["EMITRA_DATA_DIR"] = str(data_dir)
    proc = subprocess.Popen([sys.executable, "-m", "emitra.cli", "up", "--port", str(port), *arguments], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            if requests.get(base + "/healthz", timeout=2).status_code == 200:
                return proc, base
        except requests.RequestException:
            pass
        assert proc.poll() is None, proc.stdout.read()
        time.sleep(0.5)
    proc.kill()
    raise AssertionError("the portal did not come up")


def form_data(form):
    return {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}


def sign_in(base, sso_id, password="emitra-demo"):
    """A requests session signed in as sso_id through the login form; returns (session, the
    answer the form's post ended on)."""
    browser = requests.Session()
    page = browser.get(base + "/auth/login/")
    form = BeautifulSoup(page.text, "html.parser").find(lambda t: t.name == "form" and t.find("input", attrs={"name": "password"}))
    answer = browser.post(urljoin(page.url, form["action"]), data=dict(form_data(form), sso_id=sso_id, password=password))
    return browser, answer
