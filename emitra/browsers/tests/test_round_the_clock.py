"""Round the clock (issue 12 req 7, F28): the portal's own processes, started as `emitra up`
starts them, on this test's database.

- gunicorn reloaded (HUP: new workers, the old ones finish what they have) twice under a
  steady load of requests: no request fails;
- /healthz answers a load balancer 200 "ok", and 503 saying the database is unreachable;
- the task worker and the outbox sweep stopped (SIGTERM, as a deploy stops them) while
  they deliver, and started again: every message is delivered exactly once.
"""
import json
import signal
import threading
from collections import Counter

import pytest
import requests

from emitra.browsers.tests import serving
from emitra.core.loopback import free_port
from emitra.deploy.gunicorn import gunicorn_command


@pytest.mark.django_db(transaction=True)
def test_a_reload_under_steady_load_fails_no_request(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = serving.start(gunicorn_command(f"127.0.0.1:{port}", workers=2, threads=4),
                               serving.environment(tmp_path), log)
    try:
        serving.wait_until_up(base, server, log_path)
        answered, failed, stopping = Counter(), [], threading.Event()

        def load(path):
            while not stopping.is_set():
                try:  # a new connection each time, as a load balancer's health-checked pool may
                    r = requests.get(base + path, timeout=60, headers={"Connection": "close"})
                    if r.status_code == 200:
                        answered[path] += 1
                    else:
                        failed.append((path, r.status_code))
                except requests.RequestException as error:
                    failed.append((path, repr(error)))

        clients = [threading.Thread(target=load, args=(p,)) for p in ("/", "/healthz", "/status/", "/sso/login/")]
        for c in clients:
            c.start()

        def wait_for_answers(n):
            start = sum(answered.values())
            while sum(answered.values()) < start + n and not failed and server.poll() is None:
                stopping.wait(0.05)

        try:
            wait_for_answers(40)
            for _ in range(2):
                old = serving.worker_pids(server.pid)
                server.send_signal(signal.SIGHUP)
                while (serving.worker_pids(server.pid) & old or len(serving.worker_pids(server.pid)) < 2) \
                        and server.poll() is None:
                    stopping.wait(0.05)  # the new workers are up and every old one has gone
                wait_for_answers(40)  # the new workers answer
        finally:
            stopping.set()
            for c in clients:
                c.join()
        assert server.poll() is None, log_path.read_text()[-3000:]
        assert failed == [], failed[:10]
        assert all(answered[p] for p in ("/", "/healthz", "/status/", "/sso/login/")), answered
    finally:
        serving.stop(server)


def test_healthz_says_when_the_database_is_unreachable(tmp_path):
    port, nothing = free_port(), free_port()  # no database listens there
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "gunicorn.log"
    database = {"DATABASE_URL": f"postgres://postgres@127.0.0.1:{nothing}/emitra"}
    with open(log_path, "wb") as log:
        server = serving.start(gunicorn_command(f"127.0.0.1:{port}", workers=1, threads=2),
                               serving.environment(tmp_path, database), log)
    try:
        serving.wait_until_up(base, server, log_path, ok=(503,))
        answer = requests.get(base + "/healthz", timeout=60)
        assert answer.status_code == 503
        assert "database unreachable" in answer.text and "डेटाबेस" in answer.text
        assert answer.headers["Content-Type"].startswith("text/plain")
    finally:
        serving.stop(server)


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_ok_for_a_load_balancer(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.content == b"ok\n"


MESSAGES = 200


@pytest.mark.django_db(transaction=True)
def test_the_worker_and_the_outbox_sweep_survive_a_restart_without_losing_or_repeating_a_message(
        tmp_path, settings):
    from emitra.notifications.models import Message
    from emitra.notifications.tasks import deliver

    keys = [f"restart-test:{i}" for i in range(MESSAGES + 1)]  # the first one wakes the worker up
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def queue(numbers):
        rows = [Message.objects.create(channel="sms", to=f"94140{i:05d}", template="test", body=f"message {i}",
                                       key=keys[i]) for i in numbers]
        for row in rows[::2]:  # half handed to the worker; the sweep alone finds the others (a lost hand-over)
            deliver.enqueue(row.pk)

    queue([0])
    sms_log = tmp_path / "sms.log"

    def sent_lines():
        return [json.loads(line) for line in sms_log.read_text().splitlines()] if sms_log.exists() else []

    env = serving.environment(tmp_path)
    worker_cmd = [serving.PYTHON, "-m", "emitra.cli", "db_worker", "--interval", "0.1", "--no-startup-delay"]
    # --verbosity 2: a line per sweep, so the test knows the sweep runs
    sweep_cmd = [serving.PYTHON, "-m", "emitra.cli", "deliver_outbox", "--every", "1", "--verbosity", "2"]
    log_path = tmp_path / "processes.log"
    with open(log_path, "ab") as log:
        worker, sweeper = serving.start(worker_cmd, env, log), serving.start(sweep_cmd, env, log)
        try:
            while (not sent_lines() or b"attempted" not in log_path.read_bytes()) \
                    and worker.poll() is None and sweeper.poll() is None:
                threading.Event().wait(0.05)  # both run, their SIGTERM handlers set
            queue(range(1, MESSAGES + 1))
            while len(sent_lines()) < 10 and worker.poll() is None and sweeper.poll() is None:
                threading.Event().wait(0.05)
            for process in (worker, sweeper):  # a deploy: stop both while they deliver ...
                process.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=120) == 0 and sweeper.wait(timeout=120) == 0, log_path.read_text()[-3000:]
            stopped_at = len(sent_lines())
            worker, sweeper = serving.start(worker_cmd, env, log), serving.start(sweep_cmd, env, log)  # ... start
            while Message.objects.filter(state=Message.State.SENT).count() < MESSAGES + 1:
                assert worker.poll() is None and sweeper.poll() is None, log_path.read_text()[-3000:]
                threading.Event().wait(0.1)
        finally:
            serving.stop(worker)
            serving.stop(sweeper)
    assert 10 <= stopped_at < MESSAGES + 1, stopped_at  # the restart came in the middle of the deliveries
    sent = Counter(line["reference"] for line in sent_lines())
    assert sorted(sent) == sorted(keys)  # none lost
    assert set(sent.values()) == {1}  # none repeated
    assert not Message.objects.exclude(state=Message.State.SENT).exists()
