"""Helpers that run the portal's own processes (gunicorn as `emitra up` runs it, the task
worker, the outbox sweep) on the test database, for the round-the-clock and slow-client
tests (issue 12 reqs 7 and 9)."""
import os
import signal
import subprocess
import sys
import time
from urllib.parse import quote

import requests
from django.conf import settings
from django.db import connection


def database_env():
    """The variables that point the portal's processes at the test database this test uses
    (committed data: transaction=True); see served_settings."""
    d = connection.settings_dict
    if d["ENGINE"].endswith("sqlite3"):
        return {"EMITRA_TEST_SQLITE": str(d["NAME"])}
    auth = quote(d["USER"] or "") + (":" + quote(d["PASSWORD"]) if d.get("PASSWORD") else "")
    return {"DATABASE_URL": f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"}


def environment(data_dir, database=None):
    """The environment of a portal process: served_settings, its own data folder, and
    database (variables, database_env() unless given)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DJANGO_SETTINGS_MODULE", "EMITRA_ENV", "DATABASE_URL", "EMITRA_TEST_SQLITE")}
    # the secrets given, as `emitra up` has made them before it starts gunicorn's workers
    env.update(EMITRA_SECRET_KEY=settings.SECRET_KEY, EMITRA_OIDC_KEY=settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"])
    env.update(DJANGO_SETTINGS_MODULE="emitra.browsers.tests.served_settings", EMITRA_DATA_DIR=str(data_dir),
               EMITRA_LOG_LEVEL="WARNING", **(database if database is not None else database_env()))
    return env


def start(command, env, log):
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_until_up(base, process, log_path, path="/healthz", ok=(200,)):
    for _ in range(600):
        assert process.poll() is None, log_path.read_text()[-3000:]
        try:
            if requests.get(base + path, timeout=5).status_code in ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not come up: " + log_path.read_text()[-3000:])


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def worker_pids(master_pid):
    out = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout
    return set(out.split())


PYTHON = sys.executable
