"""`emitra up` (the README's first command): set-up from nothing, serve the
portal with demo data and the worker, sign-in through the bundled SSO works,
and Ctrl-C stops both processes."""
import os
import signal
import socket
import subprocess
import sys
import time
from urllib.parse import urljoin

import requests
from bs4 import BeautifulSoup


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_emitra_up_serves_the_demo_and_stops_cleanly_on_ctrl_c(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "EMITRA_ENV")}
    env["EMITRA_DATA_DIR"] = str(tmp_path / "data")
    proc = subprocess.Popen([sys.executable, "-m", "emitra.cli", "up", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
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
        assert (tmp_path / "data" / "secret_key").exists() and (tmp_path / "data" / "oidc_rsa_key.pem").exists()

        browser = requests.Session()
        page = browser.get(base + "/auth/login/")
        form = BeautifulSoup(page.text, "html.parser").find(lambda t: t.name == "form" and t.find("input", attrs={"name": "password"}))
        data = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
        data.update(sso_id="KIOSK.HOLDER", password="emitra-demo")
        home = browser.post(urljoin(page.url, form["action"]), data=data)
        assert home.url == base + "/" and "KIOSK.HOLDER" in home.text

        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
        assert f"running at http://127.0.0.1:{port}/" in out and "KIOSK.HOLDER" in out and "Stopped." in out
        # neither gunicorn nor the worker outlives it
        left = subprocess.run(["pgrep", "-s", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert left == []
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
