"""The `emitra` commands on a database that was never migrated (issue 9 item 21):
`emitra demo` migrates first; the commands that work on existing rows stop with
one line saying what to run, never a traceback."""
import os
import sqlite3
import subprocess
import sys

import pytest


def emitra(data_dir, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(EMITRA_DATA_DIR=str(data_dir), EMITRA_LOG_LEVEL="WARNING")
    return subprocess.run([sys.executable, "-m", "emitra.cli", *args], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("command", ["check-ledger", "deliver_outbox", "reconcile_topups"])
def test_a_command_on_a_never_migrated_database_says_in_one_line_what_to_run(tmp_path, command):
    out = emitra(tmp_path, command)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    assert "is not set up" in lines[0] and "run `emitra migrate`" in lines[0]


def test_emitra_demo_on_a_never_migrated_database_migrates_first_then_loads(tmp_path):
    out = emitra(tmp_path, "demo")
    assert out.returncode == 0, out.stderr
    assert "Migrating the database first" in out.stdout and "Demo data loaded" in out.stdout
    with sqlite3.connect(tmp_path / "emitra.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM sso_identity").fetchone()[0] > 0
    again = emitra(tmp_path, "check-ledger")
    assert again.returncode == 0 and "ledger sound" in again.stdout, again.stdout + again.stderr
