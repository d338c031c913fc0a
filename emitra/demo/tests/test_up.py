"""`emitra up` (the README's first command): set-up from nothing, serve the
portal with demo data and the worker, sign-in through the bundled SSO works,
and Ctrl-C stops both processes."""
import os
import signal
import subprocess

from emitra.demo.tests import up


def test_emitra_up_serves_the_demo_and_stops_cleanly_on_ctrl_c(tmp_path):
    proc, base = up.start(tmp_path / "data")
    port = base.rsplit(":", 1)[1]
    try:
        assert (tmp_path / "data" / "secret_key").exists() and (tmp_path / "data" / "oidc_rsa_key.pem").exists()

        _, home = up.sign_in(base, "KIOSK.HOLDER")
        # the callback's own answer is the home page (issue 12 req. 1), signed in
        assert home.url.startswith(base + "/auth/callback/?") and "KIOSK.HOLDER" in home.text
        assert 'action="/auth/logout/"' in home.text

        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
        assert f"running at http://127.0.0.1:{port}/" in out and "KIOSK.HOLDER" in out and "Stopped." in out
        # neither gunicorn nor the worker outlives it
        left = subprocess.run(["pgrep", "-s", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert left == []
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
